import assert from "node:assert/strict";
import { notNot } from "./not_not.ts";
import { assertIdempotentOnFixtures, col, fn, plan, runPass, scan } from "../_test_fixtures.ts";
import type { Expr } from "../../ir/expr.ts";

function run(e: Expr): Expr | undefined {
  const op = runPass(notNot, plan([scan("t", undefined, e)])).ops[0]!;
  return op.op === "scan" ? op.predicate : undefined;
}

Deno.test("not_not: removes pairs of negations", () => {
  const a = col("a");
  assert.deepEqual(run(fn("not", fn("not", a))), a);
  assert.deepEqual(run(fn("not", fn("not", fn("not", a)))), fn("not", a));
  assert.deepEqual(run(fn("not", fn("not", fn("not", fn("not", a))))), a);
  assert.deepEqual(run(fn("and", fn("not", fn("not", a)), a)), fn("and", a, a));
});

Deno.test("not_not: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(notNot), 1);
});
