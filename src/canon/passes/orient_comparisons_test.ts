import assert from "node:assert/strict";
import { orientComparisons } from "./orient_comparisons.ts";
import {
  assertIdempotentOnFixtures,
  col,
  fn,
  lit,
  plan,
  runPass,
  scan,
} from "../_test_fixtures.ts";
import type { Expr } from "../../ir/expr.ts";

function run(e: Expr): Expr | undefined {
  const op = runPass(orientComparisons, plan([scan("t", undefined, e)])).ops[0]!;
  return op.op === "scan" ? op.predicate : undefined;
}

Deno.test("orient_comparisons: gt and ge become lt and le with swapped operands", () => {
  const a = col("a");
  assert.deepEqual(run(fn("gt", a, lit(1))), fn("lt", lit(1), a));
  assert.deepEqual(run(fn("ge", a, lit(1))), fn("le", lit(1), a));
  assert.deepEqual(run(fn("lt", a, lit(1))), fn("lt", a, lit(1)));
  assert.deepEqual(run(fn("le", a, lit(1))), fn("le", a, lit(1)));
});

Deno.test("orient_comparisons: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(orientComparisons), 2);
});
