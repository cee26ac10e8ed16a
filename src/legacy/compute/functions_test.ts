import assert from "node:assert/strict";
import fc from "fast-check";
import type { Expr } from "../../ir/expr.ts";
import { type DataType, parseType, T } from "../../ir/types.ts";
import type { PcExpr } from "../plan.ts";
import { colFromValues, colValues, type Frame } from "../../arrow/column.ts";
import { ComputeError } from "../../arrow/compute_error.ts";
import { compileExpr, compilePc, evalCol } from "./expr.ts";
import { bindPc, bindRegistry, type Opts } from "./functions.ts";
import { colVal, scalarVal, type Val } from "./val.ts";
import {
  caseMap,
  likeRegExp,
  re2RegExp,
  replaceLiteral,
  sliceCodepoints,
  splitLiteral,
  substr,
  trimWs,
} from "./strings.ts";

type Cols = Record<string, [DataType, unknown[]]>;

function frame(cols: Cols): Frame {
  const names = Object.keys(cols);
  const cs = names.map((n) => colFromValues(cols[n]![0], cols[n]![1]));
  return { names, cols: cs, length: cs[0]?.length ?? 1 };
}
function pc(e: PcExpr, cols: Cols = { _: [T.int32, [0]] }): unknown[] {
  const f = frame(cols);
  return colValues(
    evalCol(compilePc(e, { names: f.names, types: f.cols.map((c) => c.type) }, "$"), f),
  );
}
function ir(e: Expr, cols: Cols = { _: [T.int32, [0]] }): unknown[] {
  const f = frame(cols);
  return colValues(
    evalCol(compileExpr(e, { names: f.names, types: f.cols.map((c) => c.type) }, "$"), f),
  );
}
const F = (field: string): PcExpr => ({ field });
const S = (scalar: unknown, type?: string): PcExpr => (type ? { scalar, type } : { scalar });
const call = (name: string, args: PcExpr[], options?: Record<string, unknown>): PcExpr =>
  options ? { call: name, args, options } : { call: name, args };
const fn = (name: string, ...args: Expr[]): Expr => ({ fn: name, args });
const c = (col: string): Expr => ({ col });
const l = (lit: unknown, type?: string): Expr => (type ? { lit, type } : { lit }) as Expr;
function throwsCompute(f: () => unknown, re: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof ComputeError && re.test(e.message));
}

Deno.test("comparisons: null propagation, promotion, strings by code point, NaN", () => {
  const cols: Cols = { a: [T.int32, [1, 2, null, 3]], b: [T.float64, [1, 1.5, 2, NaN]] };
  assert.deepEqual(pc(call("equal", [F("a"), F("b")]), cols), [true, false, null, false]);
  assert.deepEqual(pc(call("less", [F("a"), F("b")]), cols), [false, false, null, false]);
  assert.deepEqual(pc(call("not_equal", [F("a"), F("b")]), cols), [false, true, null, true]);
  const s: Cols = { s: [T.utf8, ["\u{1F600}", "\uffff", "a"]] };
  assert.deepEqual(pc(call("greater", [F("s"), S("\uffff")]), s), [true, false, false]);
  const big: Cols = {
    x: [T.int64, [-9223372036854775808n, 9223372036854775807n, -1n, 4294967296n]],
  };
  assert.deepEqual(pc(call("less", [F("x"), S(0)]), big), [true, false, true, false]);
  assert.deepEqual(pc(call("greater_equal", [F("x"), S(4294967295)]), big), [
    false,
    true,
    false,
    true,
  ]);
  assert.deepEqual(ir(fn("eq_null_safe", c("a"), l(null, "int32")), cols), [
    false,
    false,
    true,
    false,
  ]);
});

Deno.test("logic: Kleene vs pyarrow strict and/or, invert", () => {
  const cols: Cols = {
    a: [T.bool, [true, true, false, null, null, false]],
    b: [T.bool, [true, null, null, null, false, false]],
  };
  assert.deepEqual(pc(call("and_kleene", [F("a"), F("b")]), cols), [
    true,
    null,
    false,
    null,
    false,
    false,
  ]);
  assert.deepEqual(pc(call("or_kleene", [F("a"), F("b")]), cols), [
    true,
    true,
    null,
    null,
    null,
    false,
  ]);
  assert.deepEqual(pc(call("and", [F("a"), F("b")]), cols), [true, null, null, null, null, false]);
  assert.deepEqual(pc(call("or", [F("a"), F("b")]), cols), [true, null, null, null, null, false]);
  assert.deepEqual(pc(call("invert", [F("a")]), cols), [false, false, true, null, null, true]);
  assert.deepEqual(ir(fn("and", c("a"), c("b"), l(true)), cols), [
    true,
    null,
    false,
    null,
    false,
    false,
  ]);
  assert.deepEqual(ir(fn("or", c("a")), cols), [true, true, false, null, null, false]);
  assert.deepEqual(ir(fn("not", c("b")), cols), [false, null, null, null, true, true]);
});

Deno.test("null functions, coalesce, if_else (pyarrow vs registry)", () => {
  const cols: Cols = { x: [T.float64, [1, null, NaN]], c: [T.bool, [true, null, false]] };
  assert.deepEqual(pc(call("is_null", [F("x")]), cols), [false, true, false]);
  assert.deepEqual(pc(call("is_null", [F("x")], { nan_is_null: true }), cols), [false, true, true]);
  assert.deepEqual(pc(call("is_valid", [F("x")]), cols), [true, false, true]);
  assert.deepEqual(pc(call("coalesce", [F("x"), S(7)]), cols), [1, 7, NaN]);
  assert.deepEqual(pc(call("if_else", [F("c"), S(1), S(2)]), cols), [1n, null, 2n]);
  assert.deepEqual(ir(fn("if_else", c("c"), l(1), l(2)), cols), [1n, 2n, 2n]);
  assert.deepEqual(ir(fn("nullif", c("x"), l(1.0)), cols), [null, null, NaN]);
  assert.deepEqual(ir(fn("is_not_null", c("x")), cols), [true, false, true]);
});

Deno.test("arithmetic: checked vs wrapping, promotion, int64 extremes", () => {
  const i32: Cols = { a: [T.int32, [2147483647, -2147483648, 5, null]] };
  throwsCompute(
    () => pc(call("add_checked", [F("a"), S(1, "int32")]), i32),
    /add_checked overflow/,
  );
  assert.deepEqual(pc(call("add", [F("a"), S(1, "int32")]), i32), [
    -2147483648,
    -2147483647,
    6,
    null,
  ]);
  assert.deepEqual(pc(call("add_checked", [F("a"), S(1)]), i32), [
    2147483648n,
    -2147483647n,
    6n,
    null,
  ]);
  assert.deepEqual(pc(call("multiply", [F("a"), S(2, "int32")]), i32), [-2, 0, 10, null]);
  throwsCompute(() => ir(fn("add", c("a"), l(1, "int32")), i32), /add overflow/);
  const i64: Cols = {
    x: [T.int64, [9223372036854775807n, -9223372036854775808n, 3037000499n, -7n]],
  };
  assert.deepEqual(pc(call("add", [F("x"), S(1)]), i64), [
    -9223372036854775808n,
    -9223372036854775807n,
    3037000500n,
    -6n,
  ]);
  throwsCompute(
    () => pc(call("subtract_checked", [F("x"), S(1)]), i64),
    /subtract_checked overflow/,
  );
  assert.deepEqual(pc(call("multiply", [F("x"), S(3037000499)]), i64), [
    9223372033817775309n,
    BigInt.asIntN(64, -9223372036854775808n * 3037000499n),
    9223372030926249001n,
    -21259003493n,
  ]);
  throwsCompute(
    () => pc(call("multiply_checked", [F("x"), S(3037000500)]), i64),
    /multiply_checked overflow/,
  );
  assert.deepEqual(pc(call("negate", [F("x")]), i64), [
    -9223372036854775807n,
    -9223372036854775808n,
    -3037000499n,
    7n,
  ]);
  throwsCompute(() => pc(call("abs_checked", [F("x")]), i64), /abs_checked overflow/);
  const mixed: Cols = { a: [T.int8, [100]], b: [T.float32, [0.5]] };
  assert.deepEqual(pc(call("add", [F("a"), F("b")]), mixed), [100.5]);
  assert.deepEqual(pc(call("add", [F("a"), S(100, "int8")]), mixed), [-56]);
});

Deno.test("division: pyarrow divide vs registry div/idiv/mod", () => {
  const cols: Cols = {
    a: [T.int64, [7n, -7n, 7n, -9223372036854775808n]],
    b: [T.int64, [2n, 2n, 0n, -1n]],
  };
  throwsCompute(() => pc(call("divide", [F("a"), F("b")]), cols), /divide by zero/);
  const ok: Cols = { a: [T.int32, [7, -7]], b: [T.int32, [2, 2]] };
  assert.deepEqual(pc(call("divide", [F("a"), F("b")]), ok), [3, -3]);
  const fl: Cols = { a: [T.float64, [1, -1, 0]], b: [T.float64, [0, 0, 0]] };
  assert.deepEqual(pc(call("divide", [F("a"), F("b")]), fl), [Infinity, -Infinity, NaN]);
  assert.deepEqual(ir(fn("div", c("a"), c("b")), fl), [null, null, null]);
  assert.deepEqual(ir(fn("div", c("a"), c("b")), ok), [3.5, -3.5]);
  assert.deepEqual(ir(fn("idiv", c("a"), c("b")), { a: cols.a!, b: [T.int64, [2n, 2n, 0n, 1n]] }), [
    3n,
    -3n,
    null,
    -9223372036854775808n,
  ]);
  throwsCompute(() => ir(fn("idiv", c("a"), c("b")), cols), /idiv overflow/);
  assert.deepEqual(ir(fn("mod", c("a"), c("b")), cols), [1n, -1n, null, 0n]);
  assert.deepEqual(
    ir(fn("mod", c("a"), c("b")), { a: [T.int32, [-7, 7]], b: [T.int32, [3, -3]] }),
    [-1, 1],
  );
});

Deno.test("rounding on the double's exact value", () => {
  const x: Cols = { x: [T.float64, [2.5, 3.5, -2.5, 2.675, 0.125, -0.4, 1e300, NaN]] };
  assert.deepEqual(pc(call("round", [F("x")]), x), [2, 4, -2, 3, 0, -0, 1e300, NaN]);
  assert.deepEqual(ir(fn("round", c("x")), x), [3, 4, -3, 3, 0, -0, 1e300, NaN]);
  assert.deepEqual(ir(fn("round", c("x"), l(2)), x), [
    2.5,
    3.5,
    -2.5,
    2.67,
    0.13,
    -0.4,
    1e300,
    NaN,
  ]);
  assert.deepEqual(ir(fn("round_half_even", c("x"), l(2)), x), [
    2.5,
    3.5,
    -2.5,
    2.67,
    0.12,
    -0.4,
    1e300,
    NaN,
  ]);
  assert.deepEqual(
    pc(call("round", [F("x")], { ndigits: 1, round_mode: "half_towards_infinity" }), {
      x: [T.float64, [0.25, 0.35, -0.25]],
    }),
    [0.3, 0.3, -0.3],
  );
  assert.deepEqual(pc(call("round", [F("x")], { ndigits: -1 }), { x: [T.int32, [15, 25, -15]] }), [
    20,
    20,
    -20,
  ]);
  assert.deepEqual(pc(call("floor", [F("x")]), { x: [T.int32, [3]] }), [3]);
  assert.deepEqual(ir(fn("ceil", c("x")), { x: [T.float64, [-0.5, 1.1]] }), [-0, 2]);
});

Deno.test("strings: case mapping, length, trim, slices (code points)", () => {
  const s: Cols = { s: [T.utf8, ["straße", "ǅ", "İ", "ᾳ", "a\u{10428}b", null]] };
  assert.deepEqual(pc(call("utf8_upper", [F("s")]), s), [
    "STRAßE",
    "Ǆ",
    "İ",
    "ᾼ",
    "A\u{10400}B",
    null,
  ]);
  assert.deepEqual(ir(fn("lower", c("s")), s), ["straße", "ǆ", "i", "ᾳ", "a\u{10428}b", null]);
  assert.deepEqual(pc(call("utf8_length", [F("s")]), s), [6, 1, 1, 1, 3, null]);
  assert.deepEqual(ir(fn("length", c("s")), s), [6n, 1n, 1n, 1n, 3n, null]);
  const w: Cols = { s: [T.utf8, ["\u3000 x\u00a0\u0085", "\ufeffy "]] };
  assert.deepEqual(ir(fn("trim", c("s")), w), ["x", "\ufeffy"]);
  assert.deepEqual(ir(fn("ltrim", c("s")), w), ["x\u00a0\u0085", "\ufeffy "]);
  assert.deepEqual(pc(call("utf8_rtrim_whitespace", [F("s")]), w), ["\u3000 x", "\ufeffy"]);
  const u: Cols = { s: [T.utf8, ["h\u{1F600}llo"]] };
  assert.deepEqual(ir(fn("substr", c("s"), l(2), l(2)), u), ["\u{1F600}l"]);
  assert.deepEqual(ir(fn("substr", c("s"), l(9)), u), [""]);
  assert.deepEqual(pc(call("utf8_slice_codeunits", [F("s")], { start: 1, stop: 3 }), u), [
    "\u{1F600}l",
  ]);
  assert.deepEqual(pc(call("utf8_slice_codeunits", [F("s")], { start: -2 }), u), ["lo"]);
});

Deno.test("strings: patterns, like, regex, replace, split, concat, join", () => {
  const s: Cols = { s: [T.utf8, ["abc", "a%c", "xyz", null, "A_c"]] };
  assert.deepEqual(pc(call("starts_with", [F("s")], { pattern: "a" }), s), [
    true,
    true,
    false,
    null,
    false,
  ]);
  assert.deepEqual(pc(call("match_substring", [F("s")], { pattern: "C", ignore_case: true }), s), [
    true,
    true,
    false,
    null,
    true,
  ]);
  assert.deepEqual(pc(call("match_like", [F("s")], { pattern: "a\\%_" }), s), [
    false,
    true,
    false,
    null,
    false,
  ]);
  assert.deepEqual(ir(fn("like", c("s"), l("a_c")), s), [true, true, false, null, false]);
  assert.deepEqual(ir(fn("regexp_matches", c("s"), l("b|y")), s), [true, false, true, null, false]);
  assert.deepEqual(ir(fn("ends_with", c("s"), l("c")), s), [true, true, false, null, true]);
  assert.deepEqual(ir(fn("contains", c("s"), l("%")), s), [false, true, false, null, false]);
  assert.deepEqual(ir(fn("replace", c("s"), l("c"), l("CC")), s), [
    "abCC",
    "a%CC",
    "xyz",
    null,
    "A_CC",
  ]);
  assert.deepEqual(pc(call("replace_substring", [F("s")], { pattern: "", replacement: "x" }), s), [
    "abc",
    "a%c",
    "xyz",
    null,
    "A_c",
  ]);
  assert.deepEqual(ir(fn("split", l("a,,b"), l(","))), [["a", "", "b"]]);
  assert.deepEqual(pc(call("split_pattern", [S("a,b,c")], { pattern: ",", max_splits: 1 })), [[
    "a",
    "b,c",
  ]]);
  assert.deepEqual(
    pc(call("split_pattern", [S("a,b,c")], { pattern: ",", max_splits: 1, reverse: true })),
    [["a,b", "c"]],
  );
  const p: Cols = { a: [T.utf8, ["x", null]], b: [T.utf8, ["y", "z"]] };
  assert.deepEqual(ir(fn("concat", c("a"), c("b")), p), ["xy", null]);
  assert.deepEqual(ir(fn("concat_ws", l("-"), c("a"), c("b")), p), ["x-y", "z"]);
  assert.deepEqual(pc(call("binary_join_element_wise", [F("a"), F("b"), S("-")]), p), [
    "x-y",
    null,
  ]);
  assert.deepEqual(
    pc(call("binary_join_element_wise", [F("a"), F("b"), S("-")], { null_handling: "skip" }), p),
    ["x-y", "z"],
  );
  assert.deepEqual(
    pc(
      call("binary_join_element_wise", [F("a"), F("b"), S("-")], {
        null_handling: "replace",
        null_replacement: "?",
      }),
      p,
    ),
    ["x-y", "?-z"],
  );
  throwsCompute(() => ir(fn("regexp_matches", c("s"), l("(")), s), /invalid regular expression/);
});

Deno.test("lists and sets", () => {
  const L: Cols = { l: [{ kind: "list", item: T.int64 }, [[1, 2, null], [], null]] };
  assert.deepEqual(ir(fn("list_len", c("l")), L), [3n, 0n, null]);
  assert.deepEqual(pc(call("list_value_length", [F("l")]), L), [3, 0, null]);
  assert.deepEqual(ir(fn("list_get", c("l"), l(1)), L), [2n, null, null]);
  assert.deepEqual(ir(fn("list_get", c("l"), l(-1)), L), [null, null, null]);
  throwsCompute(() => pc(call("list_element", [F("l"), S(1)]), L), /out of bounds/);
  assert.deepEqual(ir(fn("list_contains", c("l"), l(2)), L), [true, false, null]);
  assert.deepEqual(ir(fn("list_contains", c("l"), l(null, "int64")), L), [null, null, null]);
  const x: Cols = { x: [T.int64, [1n, 3n, null]] };
  assert.deepEqual(ir(fn("in", c("x"), l(1), l(2)), x), [true, false, null]);
  assert.deepEqual(ir(fn("in", c("x"), l(1), l(null, "int64")), x), [true, null, null]);
  assert.deepEqual(ir(fn("in", c("x"), l([2, 3])), x), [false, true, null]);
  assert.deepEqual(pc(call("is_in", [F("x")], { value_set: [1, null] }), x), [true, false, true]);
  assert.deepEqual(pc(call("is_in", [F("x")], { value_set: [1, null], skip_nulls: true }), x), [
    true,
    false,
    false,
  ]);
});

Deno.test("stable_id: sha256 of parts joined by U+001F, nulls as U+0000, DuckDB text", () => {
  const cols: Cols = {
    a: [T.utf8, ["x", null]],
    n: [T.int64, [42n, -1n]],
    f: [T.float64, [1.5, 1e20]],
    b: [T.bool, [true, false]],
  };
  const got = ir(fn("stable_id", l("edge"), c("a"), c("n"), c("f"), c("b")), cols);
  // = sha256("edge\x1fx\x1f42\x1f1.5\x1ftrue"), sha256("edge\x1f\x00\x1f-1\x1f1e+20\x1ffalse")
  assert.deepEqual(got, ["2af4d9e6545832de", "d1492483b8afa11f"]);
});

Deno.test("cast: pyarrow safe and unsafe, ExprIR safe gives null", () => {
  const cols: Cols = { f: [T.float64, [1.0, 2.5, null]], s: [T.utf8, ["12", "x", " 3 "]] };
  throwsCompute(() => pc(call("cast", [F("f")], { target_type: "int64" }), cols), /cannot cast/);
  assert.deepEqual(pc(call("cast", [F("f")], { target_type: "int64", safe: false }), cols), [
    1n,
    2n,
    null,
  ]);
  assert.deepEqual(pc(call("cast", [F("f")], { target_type: "string" }), cols), [
    "1.0",
    "2.5",
    null,
  ]);
  assert.deepEqual(ir({ cast: c("s"), to: "int32", safe: true }, cols), [12, null, null]);
  throwsCompute(() => ir({ cast: c("s"), to: "int32" }, cols), /cannot cast "x" to int32/);
  assert.deepEqual(
    ir({ case: [{ when: fn("gt", c("f"), l(2)), then: l("big") }], else: l("small") }, cols),
    ["small", "big", "small"],
  );
});

Deno.test("property: add_checked on int64 matches a BigInt reference", () => {
  const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
  fc.assert(
    fc.property(fc.array(fc.tuple(i64, i64), { minLength: 1, maxLength: 20 }), (pairs) => {
      const cols: Cols = {
        a: [T.int64, pairs.map((p) => p[0])],
        b: [T.int64, pairs.map((p) => p[1])],
      };
      const exact = pairs.map(([x, y]) => x + y);
      const overflow = exact.some((v) => v !== BigInt.asIntN(64, v));
      if (overflow) {
        throwsCompute(() => pc(call("add_checked", [F("a"), F("b")]), cols), /overflow/);
      } else assert.deepEqual(pc(call("add_checked", [F("a"), F("b")]), cols), exact);
      assert.deepEqual(
        pc(call("add", [F("a"), F("b")]), cols),
        exact.map((v) => BigInt.asIntN(64, v)),
      );
      const prod = pairs.map(([x, y]) => BigInt.asIntN(64, x * y));
      assert.deepEqual(pc(call("multiply", [F("a"), F("b")]), cols), prod);
    }),
  );
});

Deno.test("property: comparisons of int64 match BigInt", () => {
  const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
  fc.assert(
    fc.property(fc.array(fc.tuple(i64, i64), { minLength: 1, maxLength: 20 }), (pairs) => {
      const cols: Cols = {
        a: [T.int64, pairs.map((p) => p[0])],
        b: [T.int64, pairs.map((p) => p[1])],
      };
      assert.deepEqual(pc(call("less", [F("a"), F("b")]), cols), pairs.map(([x, y]) => x < y));
      assert.deepEqual(pc(call("equal", [F("a"), F("b")]), cols), pairs.map(([x, y]) => x === y));
    }),
  );
});

Deno.test("like/match_like: a pattern ending in a lone \\ is an error; - is literal", () => {
  const s: Cols = { s: [T.utf8, ["a\\", "a-b", null]] };
  throwsCompute(() => ir(fn("like", c("s"), l("a\\")), s), /must not end with the escape/);
  throwsCompute(
    () => pc(call("match_like", [F("s")], { pattern: "a\\" }), s),
    /^match_like: LIKE pattern "a\\\\" must not end with the escape character \\$/,
  );
  assert.deepEqual(ir(fn("like", c("s"), l("a\\\\")), s), [true, false, null]);
  assert.deepEqual(ir(fn("like", c("s"), l("%-%")), s), [false, true, null]);
  assert.deepEqual(pc(call("match_like", [F("s")], { pattern: "a-_" }), s), [false, true, null]);
});

Deno.test("regexp_matches/match_substring_regex: RE2 semantics, RE2's errors", () => {
  const s: Cols = { s: [T.utf8, [" ", "\u00a0", "a\rc", "a\u2028c", "a\nc", null]] };
  assert.deepEqual(ir(fn("regexp_matches", c("s"), l("^\\s$")), s), [
    true,
    false,
    false,
    false,
    false,
    null,
  ]);
  assert.deepEqual(pc(call("match_substring_regex", [F("s")], { pattern: "^a.c$" }), s), [
    false,
    false,
    true,
    true,
    false,
    null,
  ]);
  throwsCompute(
    () => ir(fn("regexp_matches", c("s"), l("(?<=a)c")), s),
    /^regexp_matches: invalid regular expression "\(\?<=a\)c": invalid perl operator: \(\?<=$/,
  );
  throwsCompute(
    () => pc(call("match_substring_regex", [F("s")], { pattern: "(a)\\1" }), s),
    /^match_substring_regex: .*invalid escape sequence: \\1$/,
  );
});

Deno.test("in(x, L): an empty list gives false even for a null x; is_in keeps pyarrow's", () => {
  const x: Cols = { x: [T.utf8, ["a", null]] };
  const empty: Expr = { cast: l([]), to: "list<utf8>" };
  assert.deepEqual(ir(fn("in", c("x"), empty), x), [false, false]);
  const lists: Cols = {
    x: [T.int64, [1n, null, null, 2n]],
    l: [{ kind: "list", item: T.int64 }, [[], [], null, [null]]],
  };
  assert.deepEqual(ir(fn("in", c("x"), c("l")), lists), [false, false, null, null]);
  assert.deepEqual(pc(call("in", [F("x"), F("l")]), lists), [false, false, null, null]);
  assert.deepEqual(pc(call("is_in", [F("x")], { value_set: [] }), x), [false, false]);
});

Deno.test("split (registry): '' gives [''] for any separator, as DuckDB's string_split", () => {
  const s: Cols = { s: [T.utf8, ["", "aß😀", "", null]], p: [T.utf8, ["", "", ",", ""]] };
  assert.deepEqual(ir(fn("split", c("s"), c("p")), s), [[""], ["a", "ß", "😀"], [""], null]);
  assert.deepEqual(pc(call("split", [F("s"), F("p")]), s), [[""], ["a", "ß", "😀"], [""], null]);
});

Deno.test("cast utf8 -> number: decimal text only, no spaces (ExprIR and pyarrow cast)", () => {
  const bad = [" 3", "3 ", "\t3", "3\n", "nan", "inf", "-Infinity", "0x10", "1_0", "", "+", "1e"];
  const cols: Cols = { s: [T.utf8, bad] };
  const nulls = bad.map(() => null);
  assert.deepEqual(ir({ cast: c("s"), to: "int64", safe: true }, cols), nulls);
  assert.deepEqual(ir({ cast: c("s"), to: "float64", safe: true }, cols), nulls);
  for (const x of bad) {
    const one: Cols = { s: [T.utf8, [x]] };
    throwsCompute(() => ir({ cast: c("s"), to: "int32" }, one), /^cannot cast ".*" to int32$/);
    throwsCompute(() => pc(call("cast", [F("s")], { target_type: "int64" }), one), /cannot cast/);
    throwsCompute(() => pc(call("cast", [F("s")], { target_type: "double" }), one), /cannot cast/);
  }
  const good: Cols = { s: [T.utf8, ["+3", "-07", "1.", ".5", "-2e3", "1e400", "1e-400"]] };
  assert.deepEqual(ir({ cast: c("s"), to: "float64" }, good), [3, -7, 1, 0.5, -2000, Infinity, 0]);
  assert.deepEqual(ir({ cast: c("s"), to: "int64", safe: true }, good), [
    3n,
    -7n,
    null,
    null,
    null,
    null,
    null,
  ]);
  const b: Cols = {
    s: [T.utf8, ["TRUE", "t", "Yes", "y", "1", "False", "F", "no", "N", "0", " true", "on", "2"]],
  };
  assert.deepEqual(ir({ cast: c("s"), to: "bool", safe: true }, b), [
    true,
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    null,
    null,
    null,
  ]);
});

Deno.test("NaN in registry comparisons: IEEE (eq_null_safe, in, list_contains never match NaN)", () => {
  const cols: Cols = {
    a: [T.float64, [NaN, NaN, 1, null, null, 0]],
    b: [T.float64, [NaN, 1, NaN, NaN, null, -0]],
  };
  assert.deepEqual(ir(fn("eq_null_safe", c("a"), c("b")), cols), [
    false,
    false,
    false,
    false,
    true,
    true,
  ]);
  assert.deepEqual(ir(fn("eq", c("a"), c("b")), cols), [false, false, false, null, null, true]);
  assert.deepEqual(ir(fn("ne", c("a"), c("b")), cols), [true, true, true, null, null, false]);
  const x: Cols = { x: [T.float64, [NaN, 1, null]] };
  const nan = l(NaN, "float64");
  assert.deepEqual(ir(fn("in", c("x"), nan, l(1, "float64")), x), [false, true, null]);
  assert.deepEqual(ir(fn("in", c("x"), nan), x), [false, false, null]);
  const lists: Cols = {
    l: [{ kind: "list", item: T.float64 }, [[NaN], [NaN, 1], [NaN]]],
    x: [T.float64, [NaN, 1, null]],
  };
  assert.deepEqual(ir(fn("in", c("x"), c("l")), lists), [false, true, null]);
  assert.deepEqual(ir(fn("list_contains", c("l"), c("x")), lists), [false, true, null]);
  assert.deepEqual(pc(call("equal", [F("a"), F("b")]), cols), [
    false,
    false,
    false,
    null,
    null,
    true,
  ]);
});

Deno.test("decimals: add/sub/mul/neg/abs exact in the registry's common type", () => {
  const D = parseType("decimal(10,2)");
  const cols: Cols = { x: [D, [150n, null, -1n, 9999999999n]], y: [D, [225n, 1n, 1n, 1n]] };
  assert.deepEqual(ir(fn("add", c("x"), c("y")), { x: cols.x!, y: [D, [225n, 1n, 1n, -1n]] }), [
    375n,
    null,
    0n,
    9999999998n,
  ]);
  assert.deepEqual(pc(call("add_checked", [F("x"), F("y")]), { x: [D, [150n]], y: [D, [225n]] }), [
    375n,
  ]);
  throwsCompute(
    () => ir(fn("add", c("x"), c("y")), cols),
    /^add overflow: the result does not fit decimal\(10,2\)$/,
  );
  assert.deepEqual(ir(fn("sub", c("x"), c("y")), cols), [-75n, null, -2n, 9999999998n]);
  // 1.50 * 2.25 = 3.375 -> 3.38 and -0.01 * 0.01 -> -0.0001 -> 0.00 (half away from zero)
  assert.deepEqual(ir(fn("mul", c("x"), c("y")), { x: [D, [150n, -1n]], y: [D, [225n, 1n]] }), [
    338n,
    0n,
  ]);
  assert.deepEqual(ir(fn("mul", c("x"), c("y")), { x: [D, [-150n]], y: [D, [225n]] }), [-338n]);
  assert.deepEqual(ir(fn("neg", c("x")), cols), [-150n, null, 1n, -9999999999n]);
  assert.deepEqual(pc(call("abs_checked", [F("x")]), cols), [150n, null, 1n, 9999999999n]);
  // decimal with an integer: decimal(22,2); with a float: float64
  const mixed: Cols = { x: [D, [150n]], i: [T.int64, [2n]], f: [T.float64, [0.5]] };
  assert.deepEqual(ir({ cast: fn("add", c("x"), c("i")), to: "utf8" }, mixed), ["3.50"]);
  assert.deepEqual(ir(fn("mul", c("x"), c("f")), mixed), [0.75]);
  assert.deepEqual(ir(fn("div", c("x"), c("i")), mixed), [0.75]);
  assert.deepEqual(ir(fn("lt", c("x"), c("i")), mixed), [true]);
  // DuckDB multiplies decimal(18,s) in 64 bits: a product past 10^18 overflows
  const D183 = parseType("decimal(18,3)");
  throwsCompute(
    () => ir(fn("mul", c("x"), c("y")), { x: [D183, [-620952601503403886n]], y: [D183, [-756n]] }),
    /mul overflow/,
  );
  const D3820 = parseType("decimal(38,20)");
  assert.throws(() => ir(fn("mul", c("x"), c("x")), { x: [D3820, [1n]] }), /needs scale 40/);
  assert.throws(() => pc(call("divide", [F("x"), F("x")]), cols), /does not take decimals/);
});

Deno.test("decimals: round, round_half_even, floor, ceil keep the type", () => {
  const D = parseType("decimal(10,3)");
  const x: Cols = { x: [D, [1255n, -1255n, 1245n, -1245n, null]] };
  assert.deepEqual(ir(fn("round", c("x"), l(2, "int32")), x), [1260n, -1260n, 1250n, -1250n, null]);
  assert.deepEqual(ir(fn("round_half_even", c("x"), l(2)), x), [
    1260n,
    -1260n,
    1240n,
    -1240n,
    null,
  ]);
  assert.deepEqual(ir(fn("round", c("x"), l(-1)), x), [0n, 0n, 0n, 0n, null]);
  assert.deepEqual(ir(fn("round", c("x"), l(5)), x), [1255n, -1255n, 1245n, -1245n, null]);
  assert.deepEqual(ir(fn("round", c("x"), l(null, "int64")), x), [null, null, null, null, null]);
  assert.deepEqual(pc(call("round", [F("x")], { ndigits: 2 }), x), [
    1260n,
    -1260n,
    1240n,
    -1240n,
    null,
  ]);
  assert.deepEqual(pc(call("round", [F("x")], { ndigits: 1, round_mode: "down" }), x), [
    1200n,
    -1300n,
    1200n,
    -1300n,
    null,
  ]);
  assert.deepEqual(ir(fn("floor", c("x")), x), [1000n, -2000n, 1000n, -2000n, null]);
  assert.deepEqual(ir(fn("ceil", c("x")), x), [2000n, -1000n, 2000n, -1000n, null]);
  assert.deepEqual(pc(call("floor", [F("x")]), x), [1000n, -2000n, 1000n, -2000n, null]);
  const tight: Cols = { x: [parseType("decimal(3,2)"), [995n]] };
  throwsCompute(() => ir(fn("round", c("x"), l(1)), tight), /round overflow/);
  throwsCompute(() => ir(fn("ceil", c("x")), tight), /ceil overflow/);
});

// ---------------------------------------------------------------------------
// Byte-level string kernels agree with the code-point code of strings.ts (the
// row-by-row path they replace) on random strings: ASCII, unicode, white
// space, pattern characters, empty strings and nulls; as columns and scalars.

const UNITS = [
  "a",
  "b",
  "A",
  " ",
  "\t",
  "\n",
  "\r",
  "%",
  "_",
  ",",
  "\\",
  "-",
  "é",
  "€",
  "😀",
  "ß",
  "İ",
  "\u3000",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\u200b",
  "日",
];
const strArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("a", "b", " ", ",", "%"), maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 6 }),
);
const cellArb = fc.option(strArb, { freq: 6 });
const colArb = fc.array(cellArb, { maxLength: 24 });

/** Run a bound function on columns (or a scalar first argument) and decode. */
function runFn(
  reg: boolean,
  name: string,
  args: readonly Val[],
  n: number,
  o: Opts = {},
): unknown[] {
  const types = args.map((v) => v.c.type);
  const b = reg ? bindRegistry(name, types) : bindPc(name, types, o);
  return colValues(b.run(args, n));
}
const utf8Col = (vs: readonly (string | null)[]): Val => colVal(colFromValues(T.utf8, vs));

/** Check a unary utf8 function against `oracle` on columns and on a scalar. */
function checkUnary(
  reg: boolean,
  name: string,
  oracle: (s: string) => unknown,
  o: Opts = {},
): void {
  fc.assert(
    fc.property(colArb, cellArb, (vs, sc) => {
      const want = vs.map((s) => (s === null ? null : oracle(s)));
      assert.deepEqual(runFn(reg, name, [utf8Col(vs)], vs.length, o), want);
      const one = sc === null ? null : oracle(sc);
      assert.deepEqual(runFn(reg, name, [scalarVal(T.utf8, sc)], 3, o), [one, one, one]);
    }),
    { numRuns: 300 },
  );
}

Deno.test("fast trim kernels agree with trimWs", () => {
  for (
    const [l, r, pcName, regName] of [
      [true, true, "utf8_trim_whitespace", "trim"],
      [true, false, "utf8_ltrim_whitespace", "ltrim"],
      [false, true, "utf8_rtrim_whitespace", "rtrim"],
    ] as const
  ) {
    checkUnary(false, pcName, (s) => trimWs(s, l, r));
    checkUnary(true, regName, (s) => trimWs(s, l, r));
  }
  assert.deepEqual(
    runFn(false, "utf8_trim_whitespace", [utf8Col([" \u3000a b\u0085 ", "\t x\n", null, ""])], 4),
    ["a b", "x", null, ""],
  );
});

Deno.test("fast utf8_slice_codeunits agrees with sliceCodepoints", () => {
  fc.assert(
    fc.property(
      colArb,
      fc.integer({ min: -6, max: 6 }),
      fc.option(fc.integer({ min: -6, max: 6 })),
      fc.constantFrom(1, 1, 2, -1),
      (vs, start, stop, step) => {
        const want = vs.map((s) => (s === null ? null : sliceCodepoints(s, start, stop, step)));
        const got = runFn(false, "utf8_slice_codeunits", [utf8Col(vs)], vs.length, {
          start,
          stop,
          step,
        });
        assert.deepEqual(got, want);
      },
    ),
    { numRuns: 400 },
  );
  checkUnary(false, "utf8_slice_codeunits", (s) => sliceCodepoints(s, -3, null, 1), {
    start: -3,
  });
});

Deno.test("fast substr agrees with substr on scalar and column bounds", () => {
  const intArb = fc.option(fc.integer({ min: -6, max: 6 }), { freq: 6 });
  fc.assert(
    fc.property(
      colArb,
      intArb,
      intArb,
      fc.boolean(),
      fc.boolean(),
      (vs, st, ln, withLen, cols) => {
        const n = vs.length;
        const want = vs.map((s) =>
          s === null || st === null || (withLen && ln === null)
            ? null
            : substr(s, st, withLen ? ln : null)
        );
        const num = (x: number | null): Val =>
          cols
            ? colVal(colFromValues(T.int64, new Array(n).fill(x)))
            : scalarVal(T.int64, x === null ? null : BigInt(x));
        const args = [utf8Col(vs), num(st), ...(withLen ? [num(ln)] : [])];
        assert.deepEqual(runFn(true, "substr", args, n), want);
      },
    ),
    { numRuns: 400 },
  );
  assert.deepEqual(
    runFn(true, "substr", [
      utf8Col(["hello", "h€llo", "", null]),
      scalarVal(T.int64, -2n),
      scalarVal(T.int64, 5n),
    ], 4),
    ["lo", "lo", "", null],
  );
});

Deno.test("fast binary_join_element_wise, concat and concat_ws agree with string joins", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(cellArb, cellArb, cellArb), { maxLength: 16 }),
      cellArb,
      fc.boolean(),
      fc.constantFrom("emit_null", "skip", "replace"),
      strArb,
      (rows, sc, scalarSep, mode, rep) => {
        const n = rows.length;
        const xs = rows.map((r) => r[0]);
        const ys = rows.map((r) => r[1]);
        const seps = scalarSep ? rows.map(() => sc) : rows.map((r) => r[2]);
        const want = rows.map((_, i) => {
          const sep = seps[i]!;
          if (sep === null) return null;
          const parts: string[] = [];
          for (const p of [xs[i]!, ys[i]!]) {
            if (p === null) {
              if (mode === "emit_null") return null;
              if (mode === "replace") parts.push(rep);
            } else parts.push(p);
          }
          return parts.join(sep);
        });
        const sepVal = scalarSep ? scalarVal(T.utf8, sc) : utf8Col(seps);
        assert.deepEqual(
          runFn(false, "binary_join_element_wise", [utf8Col(xs), utf8Col(ys), sepVal], n, {
            null_handling: mode,
            null_replacement: rep,
          }),
          want,
        );
        const cat = rows.map((_, i) =>
          xs[i] === null || ys[i] === null || sc === null ? null : xs[i]! + sc + ys[i]!
        );
        assert.deepEqual(
          runFn(true, "concat", [utf8Col(xs), scalarVal(T.utf8, sc), utf8Col(ys)], n),
          cat,
        );
        assert.deepEqual(
          runFn(true, "concat_ws", [sepVal, utf8Col(xs), utf8Col(ys)], n),
          rows.map((_, i) =>
            seps[i] === null ? null : [xs[i]!, ys[i]!].filter((x) => x !== null).join(seps[i]!)
          ),
        );
      },
    ),
    { numRuns: 400 },
  );
});

/** A result or the message of the error it throws. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

Deno.test("fast pattern tests agree with string and RegExp tests", () => {
  const patArb = fc.oneof(
    strArb,
    fc.string({ unit: fc.constantFrom("a", "b", "%", "_", "\\", "é", "😀", " "), maxLength: 6 }),
    fc.constantFrom("", "\ud83d", "a\udc00"),
  );
  const pcTest = (kind: string, s: string, p: string, ic: boolean, fn = kind): boolean => {
    const low = (x: string): string => (ic ? x.toLowerCase() : x);
    switch (kind) {
      case "starts_with":
        return low(s).startsWith(low(p));
      case "ends_with":
        return low(s).endsWith(low(p));
      case "match_substring":
        return low(s).includes(low(p));
      case "match_like":
        return likeRegExp(p, ic, fn).test(s);
      default:
        return re2RegExp(p, ic, fn).test(s);
    }
  };
  const REG: Record<string, string> = {
    starts_with: "starts_with",
    ends_with: "ends_with",
    match_substring: "contains",
    match_like: "like",
    match_substring_regex: "regexp_matches",
  };
  fc.assert(
    fc.property(
      colArb,
      patArb,
      fc.boolean(),
      fc.constantFrom(...Object.keys(REG)),
      fc.array(fc.option(patArb, { freq: 6 }), { minLength: 24, maxLength: 24 }),
      (vs, p, ic, kind, pats) => {
        const n = vs.length;
        const want = outcome(() => vs.map((s) => (s === null ? null : pcTest(kind, s, p, ic))));
        const got = outcome(() =>
          runFn(false, kind, [utf8Col(vs)], n, { pattern: p, ignore_case: ic })
        );
        assert.deepEqual(got, want);
        const pu = colValues(colFromValues(T.utf8, [p]))[0] as string;
        const wantS = outcome(() =>
          vs.map((s) => (s === null ? null : pcTest(kind, s, pu, false, REG[kind])))
        );
        const gotS = outcome(() => runFn(true, REG[kind]!, [utf8Col(vs), scalarVal(T.utf8, p)], n));
        assert.deepEqual(gotS, wantS);
        // a column holds UTF-8: a lone surrogate is stored as U+FFFD
        const ps = colValues(colFromValues(T.utf8, pats.slice(0, n))) as (string | null)[];
        const wantC = outcome(() =>
          vs.map((
            s,
            i,
          ) => (s === null || ps[i] === null ? null : pcTest(kind, s, ps[i]!, false, REG[kind])))
        );
        const gotC = outcome(() => runFn(true, REG[kind]!, [utf8Col(vs), utf8Col(ps)], n));
        assert.deepEqual(gotC, wantC);
      },
    ),
    { numRuns: 600 },
  );
  assert.deepEqual(
    runFn(false, "match_like", [utf8Col(["a%x😀b", "ab", "b", null])], 4, { pattern: "a%%b" }),
    [true, true, false, null],
  );
});

/** Strings as a utf8 column stores them (a lone surrogate becomes U+FFFD). */
function rt(xs: readonly (string | null)[]): (string | null)[] {
  return colValues(colFromValues(T.utf8, xs)) as (string | null)[];
}
const sepArb = fc.oneof(
  strArb,
  fc.constantFrom("", "a", ",", "ab", "😀", "\ud83d", "é"),
);

Deno.test("fast replace_substring and replace agree with replaceLiteral", () => {
  fc.assert(
    fc.property(
      colArb,
      sepArb,
      sepArb,
      fc.constantFrom(null, -1, 0, 1, 2),
      fc.array(fc.tuple(fc.option(sepArb, { freq: 6 }), fc.option(sepArb, { freq: 6 })), {
        minLength: 24,
        maxLength: 24,
      }),
      (vs, p, r, max, prs) => {
        const n = vs.length;
        const want = rt(vs.map((s) => (s === null ? null : replaceLiteral(s, p, r, max))));
        assert.deepEqual(
          runFn(false, "replace_substring", [utf8Col(vs)], n, {
            pattern: p,
            replacement: r,
            max_replacements: max,
          }),
          want,
        );
        const [pu, ru] = rt([p, r]) as [string, string];
        assert.deepEqual(
          runFn(true, "replace", [utf8Col(vs), scalarVal(T.utf8, p), scalarVal(T.utf8, r)], n),
          vs.map((s) => (s === null ? null : replaceLiteral(s, pu, ru, null))),
        );
        const ps = rt(prs.slice(0, n).map((x) => x[0]));
        const rs = rt(prs.slice(0, n).map((x) => x[1]));
        assert.deepEqual(
          runFn(true, "replace", [utf8Col(vs), utf8Col(ps), utf8Col(rs)], n),
          vs.map((s, i) =>
            s === null || ps[i] === null || rs[i] === null
              ? null
              : replaceLiteral(s, ps[i]!, rs[i]!, null)
          ),
        );
      },
    ),
    { numRuns: 400 },
  );
});

Deno.test("fast split_pattern and split agree with splitLiteral", () => {
  fc.assert(
    fc.property(
      colArb,
      sepArb,
      fc.constantFrom(null, -1, 0, 1, 2),
      fc.boolean(),
      fc.array(fc.option(sepArb, { freq: 6 }), { minLength: 24, maxLength: 24 }),
      (vs, p, max, reverse, seps) => {
        const n = vs.length;
        const want = vs.map((s) => (s === null ? null : rt(splitLiteral(s, p, max, reverse))));
        const types = [T.utf8];
        const o = { pattern: p, max_splits: max, reverse };
        const col = bindPc("split_pattern", types, o).run([utf8Col(vs)], n);
        assert.deepEqual(colValues(col), want);
        assert.deepEqual(
          colValues(bindPc("list_value_length", [col.type], {}).run([colVal(col)], n)),
          want.map((x) => (x === null ? null : x.length)),
        );
        const reg = (s: string, sep: string): string[] =>
          s === "" ? [""] : splitLiteral(s, sep, null, false);
        const pu = rt([p])[0]!;
        assert.deepEqual(
          runFn(true, "split", [utf8Col(vs), scalarVal(T.utf8, p)], n),
          vs.map((s) => (s === null ? null : reg(s, pu))),
        );
        const ss = rt(seps.slice(0, n));
        assert.deepEqual(
          runFn(true, "split", [utf8Col(vs), utf8Col(ss)], n),
          vs.map((s, i) => (s === null || ss[i] === null ? null : reg(s, ss[i]!))),
        );
      },
    ),
    { numRuns: 400 },
  );
  assert.deepEqual(
    runFn(false, "split_pattern", [utf8Col(["a,b,,c", "", null, "é😀"])], 4, { pattern: "" }),
    [["a", ",", "b", ",", ",", "c"], [], null, ["é", "😀"]],
  );
});

Deno.test("fast upper/lower agree with caseMap", () => {
  checkUnary(false, "utf8_upper", (s) => caseMap(s, true));
  checkUnary(false, "utf8_lower", (s) => caseMap(s, false));
  checkUnary(true, "upper", (s) => caseMap(s, true));
  checkUnary(true, "lower", (s) => caseMap(s, false));
  assert.deepEqual(
    runFn(true, "upper", [utf8Col(["az@[`{AZ", "straße", null])], 3),
    ["AZ@[`{AZ", "STRAßE", null],
  );
});
