import assert from "node:assert/strict";
import { T } from "../../ir/types.ts";
import { colFromValues, colValues } from "../../arrow/column.ts";
import { hashAggregate } from "./aggregate.ts";

Deno.test("hash_min/hash_max on floats skip NaN unless the group holds only NaN", () => {
  const k = colFromValues(T.int32, [1, 1, 1, 2, 2, 3, 3, 4]);
  const x = colFromValues(T.float64, [NaN, 2, -1, NaN, NaN, NaN, null, null]);
  const r = hashAggregate(
    [k],
    [{ fn: "hash_min", col: x, options: {} }, { fn: "hash_max", col: x, options: {} }],
    8,
  );
  assert.deepEqual(colValues(r.keys[0]!), [1, 2, 3, 4]);
  assert.deepEqual(colValues(r.aggs[0]!), [-1, NaN, NaN, null]);
  assert.deepEqual(colValues(r.aggs[1]!), [2, NaN, NaN, null]);
});
