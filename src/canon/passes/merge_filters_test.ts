import assert from "node:assert/strict";
import { mergeFilters } from "./merge_filters.ts";
import {
  assertIdempotentOnFixtures,
  col,
  filter,
  fn,
  plan,
  runPass,
  scan,
} from "../_test_fixtures.ts";

const [a, b, c] = [col("a"), col("b"), col("c")];

Deno.test("merge_filters: a run of filters after a scan ends in the scan predicate", () => {
  assert.deepEqual(
    runPass(mergeFilters, plan([scan("t"), filter(a), filter(b), filter(c)])),
    plan([scan("t", undefined, fn("and", fn("and", a, b), c))]),
  );
  assert.deepEqual(
    runPass(mergeFilters, plan([scan("t", undefined, a), filter(b)])),
    plan([scan("t", undefined, fn("and", a, b))]),
  );
});

Deno.test("merge_filters: adjacent filters elsewhere merge, separated ones do not", () => {
  const limit = { op: "limit", count: 1 } as const;
  assert.deepEqual(
    runPass(mergeFilters, plan([scan("t"), limit, filter(a), filter(b), limit, filter(c)])),
    plan([scan("t"), limit, filter(fn("and", a, b)), limit, filter(c)]),
  );
});

Deno.test("merge_filters: inside sub-plans too", () => {
  assert.deepEqual(
    runPass(
      mergeFilters,
      plan([scan("t"), { op: "union", inputs: [{ ops: [scan("u"), filter(a)] }] }]),
    ),
    plan([scan("t"), { op: "union", inputs: [{ ops: [scan("u", undefined, a)] }] }]),
  );
});

Deno.test("merge_filters: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(mergeFilters), 3);
});
