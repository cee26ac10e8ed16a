import assert from "node:assert/strict";
import { flattenLogic } from "./flatten_logic.ts";
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
  const op = runPass(flattenLogic, plan([scan("t", undefined, e)])).ops[0]!;
  return op.op === "scan" ? op.predicate : undefined;
}

Deno.test("flatten_logic: nested and/or are spliced, single operands unwrapped", () => {
  const [a, b, c, d] = ["a", "b", "c", "d"].map(col) as [Expr, Expr, Expr, Expr];
  assert.deepEqual(run(fn("and", fn("and", a, fn("and", b, c)), d)), fn("and", a, b, c, d));
  assert.deepEqual(run(fn("or", a, fn("and", b, c))), fn("or", a, fn("and", b, c)));
  assert.deepEqual(run(fn("or", fn("or", a))), a);
});

Deno.test("flatten_logic: functions not declared associative are not flattened", () => {
  const e = fn("add", fn("add", col("a"), lit(1)), lit(2));
  assert.deepEqual(run(e), e);
});

Deno.test("flatten_logic: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(flattenLogic), 1);
});
