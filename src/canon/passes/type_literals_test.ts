import assert from "node:assert/strict";
import { typeLiterals } from "./type_literals.ts";
import { assertIdempotentOnFixtures, fn, lit, plan, runPass } from "../_test_fixtures.ts";
import type { Expr } from "../../ir/expr.ts";

function typed(...es: Expr[]): readonly Expr[] {
  const p = runPass(
    typeLiterals,
    plan([{ op: "scan", dataset: "t", predicate: fn("and", ...es) }]),
  );
  const s = p.ops[0]!;
  if (s.op !== "scan" || s.predicate === undefined || !("fn" in s.predicate)) {
    throw new Error("shape");
  }
  return s.predicate.args;
}

Deno.test("type_literals: SPEC section 2 typing of untyped literals", () => {
  assert.deepEqual(typed(lit(1), lit(1.5), lit("s"), lit(true), lit(-0)), [
    { lit: 1, type: "int64" },
    { lit: 1.5, type: "float64" },
    { lit: "s", type: "utf8" },
    { lit: true, type: "bool" },
    { lit: 0, type: "int64" },
  ]);
});

Deno.test("type_literals: one spelling per value", () => {
  assert.deepEqual(
    typed(
      lit("42", "int32"),
      lit("9223372036854775807", "int64"),
      lit(-0, "int16"),
      lit(-0, "float64"),
      lit(-0, "decimal(5,2)"),
    ),
    [
      { lit: 42, type: "int32" },
      { lit: "9223372036854775807", type: "int64" },
      { lit: 0, type: "int16" },
      { fn: "neg", args: [{ lit: 0, type: "float64" }] },
      { lit: 0, type: "decimal(5,2)" },
    ],
  );
});

Deno.test("type_literals: uncertain literals are left alone", () => {
  const untypedNull = lit(null);
  const list: Expr = { lit: [1, 2] };
  const huge = lit(2 ** 60);
  assert.deepEqual(typed(untypedNull, list, huge), [untypedNull, list, huge]);
});

Deno.test("type_literals: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(typeLiterals), 4);
});
