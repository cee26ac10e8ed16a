import assert from "node:assert/strict";
import fc from "fast-check";
import { type DataType, formatType, T } from "../../ir/types.ts";
import { castCol, intRange } from "../../arrow/cast.ts";
import { type Col, colFromValues, colValues, type Frame } from "../../arrow/column.ts";
import type { PcExpr } from "../plan.ts";
import { type CmpOp, compare } from "./arith.ts";
import { compileExpr, compilePc, inferLiteralType } from "./expr.ts";
import { parseTypeName, unify } from "./functions.ts";

// Comparisons of an integer column with a literal run in the column's type
// when the literal is one of its values; these tests pin that the results
// are those of the plain path (both sides cast to the common type).

const PC_OPS: readonly [string, CmpOp][] = [
  ["equal", "eq"],
  ["not_equal", "ne"],
  ["less", "lt"],
  ["less_equal", "le"],
  ["greater", "gt"],
  ["greater_equal", "ge"],
];

const INTS: readonly DataType[] = [
  T.int8,
  T.int16,
  T.int32,
  T.int64,
  T.uint8,
  T.uint16,
  T.uint32,
  T.uint64,
];

/** Literals: in and out of every integer range, fractions, typed floats and ints. */
const LITERALS: readonly { scalar: unknown; type?: string }[] = [
  { scalar: 0 },
  { scalar: 5 },
  { scalar: -1 },
  { scalar: 127 },
  { scalar: 128 },
  { scalar: -129 },
  { scalar: 255 },
  { scalar: 256 },
  { scalar: 65535 },
  { scalar: -32769 },
  { scalar: 2147483647 },
  { scalar: 2147483648 },
  { scalar: -2147483648 },
  { scalar: -2147483649 },
  { scalar: 4294967295 },
  { scalar: 4294967296 },
  { scalar: 5e9 },
  { scalar: -5e9 },
  { scalar: "9223372036854775807", type: "int64" },
  { scalar: "-9223372036854775808", type: "int64" },
  { scalar: "18446744073709551615", type: "uint64" },
  { scalar: 7, type: "uint8" },
  { scalar: 7, type: "int8" },
  { scalar: 3, type: "float64" },
  { scalar: -0.0, type: "float64" },
  { scalar: 2.5 },
  { scalar: -2.5 },
  { scalar: 1e300 },
  { scalar: null, type: "int64" },
];

function edgeValues(t: DataType): bigint[] {
  const [lo, hi] = intRange(t);
  const out = new Set<bigint>([lo, hi, 0n, 1n, -1n, 5n, 127n, 128n, 255n, 2147483647n]);
  return [...out].filter((x) => x >= lo && x <= hi);
}

function colOf(t: DataType, vals: readonly (bigint | null)[]): Col {
  return colFromValues(
    t,
    vals.map((v) => (v === null || t.kind !== "int" || t.bits === 64) ? v : Number(v)),
  );
}

/** The plain path: both sides cast to the common type, then compared. */
function plain(
  op: CmpOp,
  c: Col,
  lit: { scalar: unknown; type?: string },
  litFirst: boolean,
): unknown[] | "error" {
  const lt = lit.type !== undefined ? parseTypeName(lit.type) : inferLiteralType(lit.scalar);
  const lc = colFromValues(lt, [lit.scalar]);
  try {
    const t = unify([c.type, lt], "cmp");
    const a = { c: castCol(c, t, "error"), scalar: false };
    const b = { c: castCol(lc, t, "error"), scalar: true };
    return colValues(litFirst ? compare(op, b, a, c.length) : compare(op, a, b, c.length));
  } catch {
    return "error";
  }
}

function evalBoth(expr: PcExpr, c: Col): unknown[] | "error" {
  const f: Frame = { names: ["x"], cols: [c], length: c.length };
  try {
    return colValues(compilePc(expr, { names: ["x"], types: [c.type] }, "$").eval(f).c);
  } catch {
    return "error";
  }
}

Deno.test("property: integer column vs literal comparisons equal the cast-to-common-type result", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...INTS).chain((t) =>
        fc.tuple(
          fc.constant(t),
          fc.array(
            fc.option(
              fc.oneof(
                fc.constantFrom(...edgeValues(t)),
                fc.bigInt({ min: intRange(t)[0], max: intRange(t)[1] }),
              ),
              { freq: 5 },
            ),
            { minLength: 1, maxLength: 10 },
          ),
        )
      ),
      fc.constantFrom(...LITERALS),
      fc.constantFrom(...PC_OPS),
      fc.boolean(),
      ([t, vals], lit, [name, op], litFirst) => {
        const c = colOf(t, vals);
        const args: PcExpr[] = litFirst ? [lit, { field: "x" }] : [{ field: "x" }, lit];
        const got = evalBoth({ call: name, args }, c);
        assert.deepEqual(
          got,
          plain(op, c, lit, litFirst),
          `${formatType(t)} ${name} ${JSON.stringify(lit)}`,
        );
      },
    ),
    { numRuns: 1500 },
  );
});

Deno.test("int32 column vs out-of-range int64 literals: every valid row decides by sign, nulls stay null", () => {
  const c = colFromValues(T.int32, [-2147483648, 0, null, 2147483647]);
  const run = (name: string, lit: unknown) =>
    evalBoth({ call: name, args: [{ field: "x" }, { scalar: lit }] }, c);
  assert.deepEqual(run("greater", 5e9), [false, false, null, false]);
  assert.deepEqual(run("less", 5e9), [true, true, null, true]);
  assert.deepEqual(run("equal", 5e9), [false, false, null, false]);
  assert.deepEqual(run("not_equal", 5e9), [true, true, null, true]);
  assert.deepEqual(run("greater_equal", -5e9), [true, true, null, true]);
  assert.deepEqual(run("less_equal", -5e9), [false, false, null, false]);
  // the edges of int32 itself
  assert.deepEqual(run("greater_equal", 2147483647), [false, false, null, true]);
  assert.deepEqual(run("less_equal", -2147483648), [true, false, null, false]);
  assert.deepEqual(run("equal", 2147483648), [false, false, null, false]);
});

Deno.test("literal comparisons keep the common type's errors and float rounding", () => {
  // uint64 vs int64 compares in int64: a value past int64 fails as before
  const u = colFromValues(T.uint64, [1n, (1n << 63n) + 1n]);
  assert.equal(evalBoth({ call: "greater", args: [{ field: "x" }, { scalar: 0 }] }, u), "error");
  // int64 vs a float literal compares in float64 (2^53 + 1 rounds to 2^53)
  const big = colFromValues(T.int64, [(1n << 53n) + 1n]);
  assert.deepEqual(
    evalBoth({ call: "equal", args: [{ field: "x" }, { scalar: 2 ** 53, type: "float64" }] }, big),
    [true],
  );
  // int8 vs a fraction and vs a float past its range
  const s = colFromValues(T.int8, [2, 3, -128]);
  assert.deepEqual(evalBoth({ call: "less", args: [{ field: "x" }, { scalar: 2.5 }] }, s), [
    true,
    false,
    true,
  ]);
  assert.deepEqual(
    evalBoth({ call: "greater", args: [{ field: "x" }, { scalar: -500.0, type: "float64" }] }, s),
    [
      true,
      true,
      true,
    ],
  );
  // a typed null literal gives null rows
  assert.deepEqual(
    evalBoth({ call: "equal", args: [{ field: "x" }, { scalar: null, type: "int64" }] }, s),
    [null, null, null],
  );
  // the result type stays bool, the literal on the left works too
  const e = compilePc({ call: "less", args: [{ scalar: 2 }, { field: "x" }] }, {
    names: ["x"],
    types: [T.int8],
  }, "$");
  assert.deepEqual(e.type, T.bool);
  assert.deepEqual(colValues(e.eval({ names: ["x"], cols: [s], length: 3 }).c), [
    false,
    true,
    false,
  ]);
});

Deno.test("registry comparisons (ExprIR) with literals and params narrow the same way", () => {
  const c = colFromValues(T.int16, [-5, 0, null, 300]);
  const f: Frame = { names: ["x"], cols: [c], length: 4 };
  const env = { names: ["x"], types: [T.int16], params: { p: 300, q: 70000 } };
  const run = (fn: string, arg: unknown) =>
    colValues(compileExpr({ fn, args: [{ col: "x" }, arg as never] } as never, env, "$").eval(f).c);
  assert.deepEqual(run("ge", { lit: 0 }), [false, true, null, true]);
  assert.deepEqual(run("eq", { param: "p" }), [false, false, null, true]);
  assert.deepEqual(run("lt", { param: "q" }), [true, true, null, true]);
  assert.deepEqual(run("ne", { lit: -5 }), [false, true, null, true]);
});
