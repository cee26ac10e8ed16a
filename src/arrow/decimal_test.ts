import assert from "node:assert/strict";
import { parseType, T } from "../ir/types.ts";
import { castCol } from "./cast.ts";
import { colFromValues, colValues } from "./column.ts";
import { ComputeError } from "./compute_error.ts";
import {
  decAt,
  decimalFromDouble,
  decimalFromText,
  decimalToDouble,
  decimalToFloat32,
  decSet,
  divRoundHalfAway,
} from "./decimal.ts";

const D102 = parseType("decimal(10,2)");

Deno.test("decimal words round-trip every 128-bit edge", () => {
  const vals = [
    0n,
    1n,
    -1n,
    (1n << 127n) - 1n,
    -(1n << 127n),
    10n ** 38n - 1n,
    -(10n ** 38n) + 1n,
    1n << 64n,
  ];
  const w = new Uint32Array(vals.length * 4);
  vals.forEach((v, i) => decSet(w, i, v));
  assert.deepEqual(vals.map((_, i) => decAt(w, i)), vals);
});

Deno.test("rounding half away from zero", () => {
  assert.deepEqual([1255n, -1255n, 1245n, -1245n, 1249n].map((v) => divRoundHalfAway(v, 1)), [
    126n,
    -126n,
    125n,
    -125n,
    125n,
  ]);
  assert.equal(divRoundHalfAway(5n, 0), 5n);
});

Deno.test("text -> decimal as DuckDB: exact digits rounded half away, integer digits must fit", () => {
  const cases: [string, number, number, bigint | null][] = [
    ["1.255", 10, 2, 126n],
    ["-1.255", 10, 2, -126n],
    ["1.245", 10, 2, 125n],
    ["1e3", 10, 2, 100000n],
    [".5", 10, 2, 50n],
    ["1.", 10, 2, 100n],
    ["+5", 10, 2, 500n],
    ["-0", 10, 2, 0n],
    ["1.005e1", 10, 2, 1005n],
    ["1e-50", 10, 2, 0n],
    ["99999999.994", 10, 2, 9999999999n],
    ["99999999.995", 10, 2, null],
    ["123456789", 10, 2, null],
    ["1234567890e-2", 10, 2, null],
    ["1.2e-1", 4, 4, null],
    ["0.12", 4, 4, 1200n],
    ["1e99999999999", 38, 0, null],
    ["1e-99999999999", 38, 0, 0n],
    [" 1", 10, 2, null],
    ["1.2.3", 10, 2, null],
    ["", 10, 2, null],
    ["1e", 10, 2, null],
    ["nan", 10, 2, null],
  ];
  for (const [s, p, sc, v] of cases) assert.equal(decimalFromText(s, p, sc), v, s);
});

Deno.test("double -> decimal as DuckDB: round(x * 10^s) in double arithmetic", () => {
  assert.equal(decimalFromDouble(2.675, 10, 2), 268n); // 267.49999999999997 rounds to 267.5 first
  assert.equal(decimalFromDouble(1.005, 10, 2), 100n);
  assert.equal(decimalFromDouble(0.125, 10, 2), 13n);
  assert.equal(decimalFromDouble(-0.125, 10, 2), -13n);
  assert.equal(decimalFromDouble(0.1, 38, 37), 1000000000000000042420637374017961984n);
  assert.equal(decimalFromDouble(1e8, 10, 2), null);
  assert.equal(decimalFromDouble(NaN, 10, 2), null);
  assert.equal(decimalFromDouble(Infinity, 38, 0), null);
});

Deno.test("decimal -> double/float32 as DuckDB converts", () => {
  assert.equal(decimalToDouble(-5n, 10, 2), -0.05);
  assert.equal(decimalToDouble(10n ** 38n - 1n, 38, 0), 1e38);
  assert.equal(
    decimalToDouble(-9250196339111571535738839123278021101n, 38, 19),
    -9.250196339111571e17,
  );
  assert.equal(decimalToFloat32(-6081669093n, 10, 2), -60816688);
  assert.equal(decimalToFloat32(-6381835005n, 38, 19), -6.381834505297945e-10);
  assert.equal(decimalToFloat32(150n, 4, 2), 1.5);
});

Deno.test("castCol to and from decimals", () => {
  const ints = colFromValues(T.int64, [1n, -5n, null]);
  assert.deepEqual(colValues(castCol(ints, D102, "error")), [100n, -500n, null]);
  const big = colFromValues(T.int64, [100000000n]);
  assert.throws(
    () => castCol(big, D102, "error"),
    (e: unknown) =>
      e instanceof ComputeError && e.message === "cannot cast 100000000 to decimal(10,2)",
  );
  assert.deepEqual(colValues(castCol(big, D102, "null")), [null]);
  const f = colFromValues(T.float64, [1.25, -0.5, null, NaN]);
  assert.deepEqual(colValues(castCol(f, D102, "null")), [125n, -50n, null, null]);
  const s = colFromValues(T.utf8, ["1.5", "x", null]);
  assert.deepEqual(colValues(castCol(s, D102, "null")), [150n, null, null]);
  const d = colFromValues(parseType("decimal(10,3)"), [1255n, -1255n, 2500n, null]);
  assert.deepEqual(colValues(castCol(d, D102, "error")), [126n, -126n, 250n, null]);
  assert.deepEqual(colValues(castCol(d, T.int32, "error")), [1, -1, 3, null]);
  assert.deepEqual(colValues(castCol(d, T.int32, "unsafe")), [1, -1, 2, null]);
  assert.deepEqual(colValues(castCol(d, T.float64, "error")), [1.255, -1.255, 2.5, null]);
  assert.deepEqual(colValues(castCol(d, T.bool, "error")), [true, true, true, null]);
  assert.deepEqual(colValues(castCol(d, T.utf8, "error")), ["1.255", "-1.255", "2.500", null]);
  const frac = colFromValues(parseType("decimal(3,3)"), [500n, -5n, 0n]);
  assert.deepEqual(colValues(castCol(frac, T.utf8, "error")), [".500", "-.005", ".000"]);
  const b = colFromValues(T.bool, [true, false]);
  assert.deepEqual(colValues(castCol(b, D102, "error")), [100n, 0n]);
});
