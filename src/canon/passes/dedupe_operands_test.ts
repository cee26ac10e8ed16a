import assert from "node:assert/strict";
import { dedupeOperands, isDeterministic } from "./dedupe_operands.ts";
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
  const op = runPass(dedupeOperands, plan([scan("t", undefined, e)])).ops[0]!;
  return op.op === "scan" ? op.predicate : undefined;
}

Deno.test("dedupe_operands: repeated and/or operands are dropped", () => {
  const [a, b] = [col("a"), col("b")];
  assert.deepEqual(run(fn("and", a, b, a, b)), fn("and", a, b));
  assert.deepEqual(
    run(fn("or", fn("eq", a, lit(1)), fn("eq", a, lit(1)))),
    fn("or", fn("eq", a, lit(1))),
  );
});

Deno.test("dedupe_operands: only idempotent functions, only deterministic operands", () => {
  const e = fn("add", col("a"), col("a"));
  assert.deepEqual(run(e), e);
  const unknown = fn("and", fn("random_bool"), fn("random_bool"));
  assert.deepEqual(run(unknown), unknown);
  assert.equal(isDeterministic(fn("random_bool")), false);
  assert.equal(isDeterministic(fn("eq", col("a"), lit(1))), true);
});

Deno.test("dedupe_operands: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(dedupeOperands), 1);
});
