import assert from "node:assert/strict";
import { formatType, parseType, T } from "../../ir/types.ts";
import { ComputeError } from "../../arrow/compute_error.ts";
import { colFromValues, colValues } from "../../arrow/column.ts";
import { aggType, hashAggregate } from "./aggregate.ts";

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

Deno.test("hash_sum on decimals: exact decimal(38,s); past 38 digits an error", () => {
  const k = colFromValues(T.int32, [1, 1, 2, 3]);
  const x = colFromValues(parseType("decimal(10,2)"), [150n, 225n, null, -1n]);
  const r = hashAggregate([k], [{ fn: "hash_sum", col: x, options: {} }], 4);
  assert.equal(formatType(r.aggs[0]!.type), "decimal(38,2)");
  assert.equal(formatType(aggType("hash_sum", x.type)), "decimal(38,2)");
  assert.deepEqual(colValues(r.aggs[0]!), [375n, null, -1n]);
  const big = colFromValues(parseType("decimal(38,0)"), [10n ** 38n - 1n, 1n]);
  assert.throws(
    () => hashAggregate([], [{ fn: "hash_sum", col: big, options: {} }], 2),
    (e: unknown) => e instanceof ComputeError && e.message === "hash_sum overflow",
  );
});
