import assert from "node:assert/strict";
import fc from "fast-check";
import { type DataType, T } from "../ir/types.ts";
import { castCol, type CastMode, intRange } from "./cast.ts";
import { colFromValues, colValues } from "./column.ts";
import { ComputeError } from "./compute_error.ts";

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

/** A value of `t`, biased to the edges of its range and of every narrower one. */
function valueOf(t: DataType): fc.Arbitrary<bigint> {
  const [lo, hi] = intRange(t);
  const edges = new Set<bigint>([lo, hi, 0n, -1n, 1n]);
  for (const u of INTS) {
    const [a, b] = intRange(u);
    for (const x of [a, b, a - 1n, b + 1n]) edges.add(x);
  }
  for (const x of [1n << 32n, (1n << 32n) - 1n, -(1n << 32n), (1n << 53n) + 1n]) edges.add(x);
  const inRange = [...edges].filter((x) => x >= lo && x <= hi);
  return fc.oneof(fc.constantFrom(...inRange), fc.bigInt({ min: lo, max: hi }));
}

/** The cast by the rules of cast.ts, value by value with BigInt. */
function reference(
  vals: readonly (bigint | null)[],
  to: DataType,
  mode: CastMode,
): (bigint | null)[] | "error" {
  if (to.kind !== "int") throw new Error("int only");
  const [lo, hi] = intRange(to);
  const out: (bigint | null)[] = [];
  for (const v of vals) {
    if (v === null) out.push(null);
    else if (v >= lo && v <= hi) out.push(v);
    else if (mode === "error") return "error";
    else if (mode === "null") out.push(null);
    else out.push(to.signed ? BigInt.asIntN(to.bits, v) : BigInt.asUintN(to.bits, v));
  }
  return out;
}

Deno.test("property: integer casts to and from 64 bits keep values, nulls, errors and wrapping", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...INTS).chain((from) =>
        fc.tuple(
          fc.constant(from),
          fc.constantFrom(...INTS),
          fc.array(fc.option(valueOf(from), { freq: 4 }), { maxLength: 12 }),
          fc.constantFrom<CastMode>("error", "null", "unsafe"),
        )
      ),
      ([from, to, vals, mode]) => {
        const c = colFromValues(from, vals);
        const want = reference(vals, to, mode);
        if (want === "error") {
          assert.throws(() => castCol(c, to, mode), ComputeError);
          return;
        }
        const got = castCol(c, to, mode);
        assert.deepEqual(got.type, to);
        assert.deepEqual(
          colValues(got).map((x) => (x === null ? null : BigInt(x as number))),
          want,
        );
        // all-valid results say so (no validity array)
        assert.equal(got.valid === null, want.every((x) => x !== null));
      },
    ),
    { numRuns: 600 },
  );
});

Deno.test("int casts: the error names the value that does not fit", () => {
  const c = colFromValues(T.int64, [1n, 5_000_000_000n]);
  assert.throws(() => castCol(c, T.int32, "error"), /cannot cast 5000000000 to int32/);
  const d = colFromValues(T.int32, [3, -2]);
  assert.throws(() => castCol(d, T.uint64, "error"), /cannot cast -2 to uint64/);
  const e = colFromValues(T.uint64, [(1n << 63n) + 5n]);
  assert.throws(() => castCol(e, T.int64, "error"), /cannot cast 9223372036854775813 to int64/);
});

Deno.test("int casts: values under nulls do not fail", () => {
  const c = { ...colFromValues(T.int64, [1n, 5_000_000_000n]), valid: Uint8Array.of(1, 0) };
  assert.deepEqual(colValues(castCol(c, T.int32, "error")), [1, null]);
  const d = { ...colFromValues(T.int32, [-4, 2]), valid: Uint8Array.of(0, 1) };
  assert.deepEqual(colValues(castCol(d, T.uint64, "error")), [null, 2n]);
});
