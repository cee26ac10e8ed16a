import assert from "node:assert/strict";
import fc from "fast-check";
import { type DataType, T } from "../../ir/types.ts";
import { colFromValues } from "../../arrow/column.ts";
import { compareKeys, keysComparator, sortIndices, type SortKey } from "./sort.ts";

function order(
  vals: (number | null)[],
  descending: boolean,
  nullsFirst: boolean,
): (number | null)[] {
  const col = colFromValues(T.float64, vals);
  return Array.from(sortIndices([{ col, descending, nullsFirst }], vals.length), (i) => vals[i]!);
}

Deno.test("sort: NaN next to the nulls in both directions; -0 and 0 tie (stable)", () => {
  const v = [NaN, 1, null, -Infinity, 0, Infinity, -0, -1, NaN];
  assert.deepEqual(order(v, false, false), [-Infinity, -1, 0, -0, 1, Infinity, NaN, NaN, null]);
  assert.deepEqual(order(v, true, false), [Infinity, 1, 0, -0, -1, -Infinity, NaN, NaN, null]);
  assert.deepEqual(order(v, false, true), [null, NaN, NaN, -Infinity, -1, 0, -0, 1, Infinity]);
  assert.deepEqual(order(v, true, true), [null, NaN, NaN, Infinity, 1, 0, -0, -1, -Infinity]);
  // no nulls: NaN still after every number (the single-key fast path is skipped)
  assert.deepEqual(order([NaN, 2, 1], false, false), [1, 2, NaN]);
  assert.deepEqual(order([NaN, 2, 1], true, false), [2, 1, NaN]);
});

const P63 = 1n << 63n;

/** Key columns of every layout, with the values that order oddly (NaN, -0, signs, prefixes). */
const COLUMNS: readonly { type: DataType; value: fc.Arbitrary<unknown> }[] = [
  { type: T.int32, value: fc.integer({ min: -3, max: 3 }) },
  { type: T.uint32, value: fc.constantFrom(0, 1, 2147483648, 4294967295) },
  { type: T.int64, value: fc.constantFrom(-P63, -1n, 0n, 1n, 1n << 32n, P63 - 1n) },
  { type: T.uint64, value: fc.constantFrom(0n, 1n, P63, (1n << 64n) - 1n, 1n << 32n) },
  { type: T.timestamp, value: fc.constantFrom(-P63, -1n, 0n, 5n) },
  { type: T.float64, value: fc.constantFrom(0, -0, NaN, 1.5, -Infinity, Infinity, -2) },
  { type: T.bool, value: fc.boolean() },
  { type: T.date32, value: fc.integer({ min: -2, max: 2 }) },
  { type: T.utf8, value: fc.constantFrom("", "a", "ab", "b", "ä", "\u{1F600}") },
  { type: { kind: "decimal", precision: 20, scale: 2 }, value: fc.bigInt({ min: -5n, max: 5n }) },
];

const keysOf = (n: number) =>
  fc.array(
    fc.tuple(fc.constantFrom(...COLUMNS), fc.boolean(), fc.boolean()).chain((
      [{ type, value }, descending, nullsFirst],
    ) =>
      fc.array(fc.option(value, { freq: 4 }), { minLength: n, maxLength: n }).map((vs) => ({
        col: colFromValues(type, vs),
        descending,
        nullsFirst,
      }))
    ),
    { minLength: 1, maxLength: 3 },
  );

Deno.test("property: keysComparator gives compareKeys' value for every pair of rows", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), keysOf(n))),
      ([n, keys]: [number, SortKey[]]) => {
        const cmp = keysComparator(keys);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            assert.equal(cmp(i, j), compareKeys(keys, i, j), `rows ${i}, ${j}`);
          }
        }
        const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
          compareKeys(keys, a, b) || a - b
        );
        assert.deepEqual(Array.from(sortIndices(keys, n)), idx);
      },
    ),
    { numRuns: 500 },
  );
});
