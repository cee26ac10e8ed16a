import assert from "node:assert/strict";
import { sortByKey, sortCommutative } from "./sort_commutative.ts";
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
  const op = runPass(sortCommutative, plan([scan("t", undefined, e)])).ops[0]!;
  return op.op === "scan" ? op.predicate : undefined;
}

Deno.test("sort_commutative: operands of commutative functions sorted by canonical JSON", () => {
  const [a, b] = [col("a"), col("b")];
  assert.deepEqual(run(fn("eq", b, a)), fn("eq", a, b));
  assert.deepEqual(run(fn("and", b, lit(1), a)), fn("and", a, b, lit(1)));
  assert.deepEqual(run(fn("mul", lit(2), a)), fn("mul", a, lit(2)));
  assert.deepEqual(run(fn("eq", fn("add", b, a), a)), fn("eq", fn("add", a, b), a));
});

Deno.test("sort_commutative: non-commutative functions keep their order", () => {
  for (const name of ["sub", "div", "lt", "concat", "coalesce", "if_else"]) {
    const e = fn(name, col("b"), col("a"));
    assert.deepEqual(run(e), e, name);
  }
});

Deno.test("sort_commutative: sortByKey is stable and returns the input when sorted", () => {
  const xs = ["a", "b", "c"];
  assert.equal(sortByKey(xs, (x) => x), xs);
  assert.deepEqual(sortByKey(["b1", "a", "b2"], (x) => x[0]!), ["a", "b1", "b2"]);
});

Deno.test("sort_commutative: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(sortCommutative), 4);
});

Deno.test("sort_commutative: and/or keep their order when an operand can raise", () => {
  const raises = fn("gt", fn("add", col("x"), lit(1)), lit(0));
  const safe = fn("eq", col("y"), lit(1));
  const e = fn("and", safe, raises);
  assert.deepEqual(run(e), e);
  const cast = fn("or", { cast: col("s"), to: "int64" }, safe);
  assert.deepEqual(run(cast), cast);
  // add/mul evaluate every operand: sorting them cannot change whether they raise
  assert.deepEqual(run(fn("add", col("y"), col("x"))), fn("add", col("x"), col("y")));
});
