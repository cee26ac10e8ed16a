import assert from "node:assert/strict";
import { foldLiterals } from "./fold_literals.ts";
import { assertIdempotentOnFixtures, col, fn, lit, plan, runPass } from "../_test_fixtures.ts";
import type { Expr } from "../../ir/expr.ts";

function fold(e: Expr): Expr {
  const p = runPass(foldLiterals, plan([{ op: "project", columns: [{ name: "v", expr: e }] }]));
  const op = p.ops[0]!;
  if (op.op !== "project") throw new Error("shape");
  return op.columns[0]!.expr;
}

const i64 = (v: number | string) => lit(v, "int64");

Deno.test("fold_literals: arithmetic keeps the promoted type", () => {
  assert.deepEqual(fold(fn("add", i64(1), i64(2))), { lit: 3, type: "int64" });
  assert.deepEqual(fold(fn("add", lit(1, "int32"), lit(2, "int32"))), { lit: 3, type: "int32" });
  assert.deepEqual(fold(fn("add", lit(1, "int32"), i64(2))), { lit: 3, type: "int64" });
  assert.deepEqual(fold(fn("mul", lit(1.5, "float64"), i64(2))), { lit: 3, type: "float64" });
  assert.deepEqual(fold(fn("sub", i64(1), fn("mul", i64(2), i64(3)))), { lit: -5, type: "int64" });
});

Deno.test("fold_literals: overflow is not folded", () => {
  const max = fn("add", i64("9223372036854775807"), i64(1));
  assert.deepEqual(fold(max), max);
  const i32 = fn("add", lit(2147483647, "int32"), lit(1, "int32"));
  assert.deepEqual(fold(i32), i32);
  assert.deepEqual(fold(fn("add", lit(2147483647, "int32"), i64(1))), {
    lit: 2147483648,
    type: "int64",
  });
});

Deno.test("fold_literals: division by zero folds to null", () => {
  assert.deepEqual(fold(fn("div", i64(1), i64(0))), { lit: null, type: "float64" });
  assert.deepEqual(fold(fn("idiv", i64(7), i64(0))), { lit: null, type: "int64" });
  assert.deepEqual(fold(fn("mod", i64(-7), i64(2))), { lit: -1, type: "int64" });
  assert.deepEqual(fold(fn("idiv", i64(-7), i64(2))), { lit: -3, type: "int64" });
});

Deno.test("fold_literals: Kleene logic and comparisons", () => {
  const nb = lit(null, "bool");
  assert.deepEqual(fold(fn("and", lit(true, "bool"), nb)), { lit: null, type: "bool" });
  assert.deepEqual(fold(fn("and", lit(false, "bool"), nb)), { lit: false, type: "bool" });
  assert.deepEqual(fold(fn("or", lit(true, "bool"), nb)), { lit: true, type: "bool" });
  assert.deepEqual(fold(fn("lt", i64(1), lit(1.5, "float64"))), { lit: true, type: "bool" });
  assert.deepEqual(fold(fn("eq", i64(1), lit(null, "int64"))), { lit: null, type: "bool" });
  assert.deepEqual(fold(fn("eq_null_safe", lit(null, "int64"), lit(null, "int64"))), {
    lit: true,
    type: "bool",
  });
});

Deno.test("fold_literals: casts and case", () => {
  assert.deepEqual(fold({ cast: lit(300, "int64"), to: "int8", safe: true }), {
    lit: null,
    type: "int8",
  });
  const unsafe = { cast: lit(300, "int64"), to: "int8", safe: false };
  assert.deepEqual(fold(unsafe), unsafe);
  assert.deepEqual(fold({ cast: lit(12, "int64"), to: "utf8", safe: false }), {
    lit: "12",
    type: "utf8",
  });
  assert.deepEqual(
    fold({ case: [{ when: lit(false, "bool"), then: lit("a", "utf8") }], else: lit("b", "utf8") }),
    { lit: "b", type: "utf8" },
  );
  assert.deepEqual(fold({ case: [{ when: lit(null, "bool"), then: lit("a", "utf8") }] }), {
    lit: null,
    type: "utf8",
  });
});

Deno.test("fold_literals: anything with a column, param or untyped literal stays", () => {
  const withCol = fn("add", col("a"), i64(1));
  assert.deepEqual(fold(withCol), withCol);
  const withParam = fn("add", { param: "p" }, i64(1));
  assert.deepEqual(fold(withParam), withParam);
  const untyped = fn("add", lit(1), lit(2));
  assert.deepEqual(fold(untyped), untyped);
  const rx = fn("regexp_matches", lit("a", "utf8"), lit("(", "utf8"));
  assert.deepEqual(fold(rx), rx);
});

Deno.test("fold_literals: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(foldLiterals), 1);
});
