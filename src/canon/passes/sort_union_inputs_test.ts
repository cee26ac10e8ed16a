import assert from "node:assert/strict";
import { sortUnionInputs } from "./sort_union_inputs.ts";
import { assertIdempotentOnFixtures, col, plan, runPass, scan } from "../_test_fixtures.ts";
import type { RelOp } from "../../ir/plan.ts";

const union = (...ds: string[]): RelOp => ({
  op: "union",
  inputs: ds.map((d) => ({ ops: [scan(d)] })),
});

Deno.test("sort_union_inputs: sorted when the plan is unordered", () => {
  assert.deepEqual(
    runPass(sortUnionInputs, plan([scan("t"), union("v", "u")])),
    plan([scan("t"), union("u", "v")]),
  );
  const agg: RelOp = { op: "aggregate", group_by: [], measures: [{ name: "n", fn: "count_all" }] };
  assert.deepEqual(
    runPass(sortUnionInputs, plan([scan("t"), union("v", "u"), agg])),
    plan([scan("t"), union("u", "v"), agg]),
  );
  const distinct: RelOp = { op: "distinct", columns: ["a"] };
  assert.deepEqual(
    runPass(sortUnionInputs, plan([scan("t"), union("v", "u"), distinct])),
    plan([scan("t"), union("u", "v"), distinct]),
  );
});

Deno.test("sort_union_inputs: kept where row order shows", () => {
  const agg: RelOp = { op: "aggregate", group_by: [], measures: [{ name: "n", fn: "count_all" }] };
  const listAgg: RelOp = {
    op: "aggregate",
    group_by: [],
    measures: [{ name: "l", fn: "list", arg: col("a") }],
  };
  for (
    const p of [
      plan([scan("t"), union("v", "u")], { ordering: { level: "explicit", keys: [["a", "asc"]] } }),
      plan([scan("t"), union("v", "u")], { ordering: { level: "implicit" } }),
      plan([scan("t"), union("v", "u"), { op: "limit", count: 1 }]),
      plan([scan("t"), union("v", "u"), listAgg]),
      // Conservative: an aggregate passes the limit's sensitivity through.
      plan([scan("t"), union("v", "u"), agg, { op: "limit", count: 1 }]),
    ]
  ) {
    assert.equal(runPass(sortUnionInputs, p), p);
  }
});

Deno.test("sort_union_inputs: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(sortUnionInputs), 1);
});
