import assert from "node:assert/strict";
import {
  compareCodePoints,
  evalCast,
  evalFn,
  likeMatch,
  litToScalar,
  type Scalar,
  scalarToLit,
} from "./_fold_eval.ts";
import { parseType } from "../ir/types.ts";
import type { LitExpr } from "../ir/expr.ts";

function s(v: Scalar["v"], type: string): Scalar {
  return { t: parseType(type), v };
}
function call(name: string, ...args: Scalar[]): LitExpr | undefined {
  const r = evalFn(name, args);
  return r === undefined ? undefined : scalarToLit(r);
}
const i64 = (v: bigint | null) => s(v, "int64");
const u8 = (v: string | null) => s(v, "utf8");

Deno.test("fold eval: literals round-trip, big int64 as decimal strings", () => {
  assert.deepEqual(
    litToScalar({ lit: "9223372036854775807", type: "int64" }),
    i64(9223372036854775807n),
  );
  assert.deepEqual(scalarToLit(i64(9223372036854775807n)), {
    lit: "9223372036854775807",
    type: "int64",
  });
  assert.deepEqual(scalarToLit(i64(-5n)), { lit: -5, type: "int64" });
  assert.equal(litToScalar({ lit: 200, type: "int8" }), undefined);
  assert.equal(litToScalar({ lit: 1, type: "float32" }), undefined);
  assert.equal(litToScalar({ lit: 1 }), undefined);
  assert.deepEqual(litToScalar({ lit: null, type: "decimal(5,2)" }), s(null, "decimal(5,2)"));
  assert.equal(scalarToLit(s(-0, "float64")), undefined);
});

Deno.test("fold eval: integer overflow per promoted type is not folded", () => {
  assert.equal(call("add", i64(9223372036854775807n), i64(1n)), undefined);
  assert.equal(call("sub", i64(-9223372036854775808n), i64(1n)), undefined);
  assert.equal(call("mul", s(65536n, "int32"), s(65536n, "int32")), undefined);
  assert.equal(call("neg", i64(-9223372036854775808n)), undefined);
  assert.equal(call("abs", s(-128n, "int8")), undefined);
  assert.equal(call("neg", s(1n, "uint8")), undefined);
  assert.equal(call("idiv", i64(-9223372036854775808n), i64(-1n)), undefined);
  assert.deepEqual(call("add", s(127n, "int8"), s(1n, "int16")), { lit: 128, type: "int16" });
  assert.deepEqual(call("mod", i64(-9223372036854775808n), i64(-1n)), { lit: 0, type: "int64" });
});

Deno.test("fold eval: division", () => {
  assert.deepEqual(call("div", i64(1n), i64(0n)), { lit: null, type: "float64" });
  assert.deepEqual(call("div", i64(1n), i64(4n)), { lit: 0.25, type: "float64" });
  assert.deepEqual(call("div", i64(null), i64(4n)), { lit: null, type: "float64" });
  assert.equal(call("div", s(1e308, "float64"), s(1e-308, "float64")), undefined);
  assert.equal(
    call("div", s(-1e-300, "float64"), s(1e300, "float64")),
    undefined,
    "underflow to -0",
  );
  assert.deepEqual(call("idiv", i64(7n), i64(-2n)), { lit: -3, type: "int64" });
  assert.deepEqual(call("mod", i64(7n), i64(-2n)), { lit: 1, type: "int64" });
  assert.deepEqual(call("mod", i64(7n), i64(0n)), { lit: null, type: "int64" });
});

Deno.test("fold eval: comparisons by code point and with promotion", () => {
  // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit.
  assert.deepEqual(call("lt", u8("\uff61"), u8("\u{1f600}")), { lit: true, type: "bool" });
  assert.equal(compareCodePoints("\uff61", "\u{1f600}"), -1);
  assert.equal(compareCodePoints("ab", "a"), 1);
  assert.deepEqual(call("eq", i64(1n), s(1, "float64")), { lit: true, type: "bool" });
  assert.equal(call("eq", i64(9007199254740993n), s(1, "float64")), undefined);
  assert.equal(call("eq", i64(1n), u8("1")), undefined);
  assert.equal(call("eq", s(18446744073709551615n, "uint64"), i64(1n)), undefined);
  assert.deepEqual(call("ne", i64(null), i64(1n)), { lit: null, type: "bool" });
});

Deno.test("fold eval: null handling functions", () => {
  assert.deepEqual(call("coalesce", i64(null), s(2n, "int32")), { lit: 2, type: "int64" });
  assert.deepEqual(call("coalesce", i64(null), s(1.5, "float64")), { lit: 1.5, type: "float64" });
  assert.deepEqual(call("nullif", i64(3n), i64(3n)), { lit: null, type: "int64" });
  assert.deepEqual(call("nullif", i64(3n), i64(null)), { lit: 3, type: "int64" });
  assert.deepEqual(call("is_null", u8(null)), { lit: true, type: "bool" });
  assert.deepEqual(call("if_else", s(null, "bool"), i64(1n), i64(2n)), { lit: 2, type: "int64" });
  assert.deepEqual(call("in", i64(1n), i64(2n), i64(null)), { lit: null, type: "bool" });
  assert.deepEqual(call("in", i64(1n), i64(2n), i64(1n)), { lit: true, type: "bool" });
  assert.deepEqual(call("in", i64(1n), i64(2n)), { lit: false, type: "bool" });
});

Deno.test("fold eval: strings on code points", () => {
  assert.deepEqual(call("length", u8("\u{1f600}a")), { lit: 2, type: "int64" });
  assert.deepEqual(call("substr", u8("\u{1f600}abc"), i64(2n), i64(2n)), {
    lit: "ab",
    type: "utf8",
  });
  assert.deepEqual(call("substr", u8("abc"), i64(9n)), { lit: "", type: "utf8" });
  assert.equal(call("substr", u8("abc"), i64(0n)), undefined);
  assert.deepEqual(call("trim", u8("\u0085 a\u3000")), { lit: "a", type: "utf8" });
  assert.deepEqual(call("trim", u8("\ufeffa")), { lit: "\ufeffa", type: "utf8" });
  assert.deepEqual(call("upper", u8("abc")), { lit: "ABC", type: "utf8" });
  assert.equal(call("upper", u8("stra\u00dfe")), undefined);
  assert.deepEqual(call("concat", u8("a"), u8(null)), { lit: null, type: "utf8" });
  assert.deepEqual(call("concat_ws", u8("-"), u8("a"), u8(null), u8("b")), {
    lit: "a-b",
    type: "utf8",
  });
  assert.deepEqual(call("replace", u8("aXbX"), u8("X"), u8("")), { lit: "ab", type: "utf8" });
  assert.deepEqual(call("split", u8(",a,"), u8(",")), { lit: ["", "a", ""], type: "list<utf8>" });
  assert.equal(call("regexp_matches", u8("a"), u8("a")), undefined);
  assert.equal(litToScalar({ lit: "\ud800", type: "utf8" }), undefined, "lone surrogate");
});

Deno.test("fold eval: like with %, _ and escapes", () => {
  assert.equal(likeMatch("abc", "a%"), true);
  assert.equal(likeMatch("abc", "_b_"), true);
  assert.equal(likeMatch("\u{1f600}", "_"), true);
  assert.equal(likeMatch("a%", "a\\%"), true);
  assert.equal(likeMatch("ab", "a\\%"), false);
  assert.equal(likeMatch("ABC", "abc"), false);
  assert.equal(likeMatch("a", "a\\"), undefined);
});

Deno.test("fold eval: casts", () => {
  assert.deepEqual(evalCast(s(3, "float64"), "int32", false), s(3n, "int32"));
  assert.equal(evalCast(s(2.5, "float64"), "int32", false), undefined);
  assert.deepEqual(evalCast(s(2.5, "float64"), "int32", true), s(null, "int32"));
  assert.deepEqual(evalCast(u8("12"), "int32", false), s(12n, "int32"));
  assert.equal(evalCast(u8(" 12"), "int32", true), undefined);
  assert.deepEqual(evalCast(i64(-7n), "utf8", false), u8("-7"));
  assert.equal(evalCast(s(1.5, "float64"), "utf8", false), undefined);
  assert.deepEqual(evalCast(i64(null), "date32", false), s(null, "date32"));
});
