import assert from "node:assert/strict";
import { T } from "../../ir/types.ts";
import { colFromValues } from "../../arrow/column.ts";
import { sortIndices } from "./sort.ts";

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
