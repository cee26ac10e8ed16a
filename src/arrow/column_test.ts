import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { decimalData, fixedData } from "./_test_exact.ts";
import { colValues, fromArrowData } from "./column.ts";

/** Every slice [a, b) of `d` read through fromArrowData equals the same rows of the whole. */
function assertSlicesRead(d: arrow.Data, whole: readonly unknown[]): void {
  assert.deepEqual(colValues(fromArrowData(d)), whole);
  for (let a = 0; a <= whole.length; a++) {
    for (let b = a; b <= whole.length; b++) {
      assert.deepEqual(
        colValues(fromArrowData(d.slice(a, b - a))),
        whole.slice(a, b),
        `[${a}, ${b})`,
      );
      // a slice of a slice: offsets add up
      if (b - a >= 2) {
        const inner = d.slice(a, b - a).slice(1, b - a - 1);
        assert.deepEqual(colValues(fromArrowData(inner)), whole.slice(a + 1, b), `[${a}+1, ${b})`);
      }
    }
  }
}

Deno.test("fromArrowData reads slices (non-zero offsets) of every layout exactly", () => {
  const i32 = [1, null, -3, 4, 5, null, 7, 8, 9, -10];
  assertSlicesRead(arrow.vectorFromArray(i32, new arrow.Int32()).data[0]!, i32);
  const f64 = [0.5, NaN, null, -0, 1e300, 2, 3, null, 4];
  assertSlicesRead(arrow.vectorFromArray(f64, new arrow.Float64()).data[0]!, f64);
  const i64 = [1n, -9223372036854775808n, null, 9223372036854775807n, 5n, null, 7n, 8n, 9n];
  assertSlicesRead(arrow.vectorFromArray(i64, new arrow.Int64()).data[0]!, i64);
  const bools = [true, false, null, true, true, false, null, false, true, true, false];
  assertSlicesRead(arrow.vectorFromArray(bools, new arrow.Bool()).data[0]!, bools);
  const strs = ["a", "", null, "ß😀", "xyz", null, "q", "long string here", "z"];
  assertSlicesRead(arrow.vectorFromArray(strs, new arrow.Utf8()).data[0]!, strs);
  const lists = [[1, 2], [], null, [3], [null, 4, 5], [6], null, [7, 8, 9]];
  const listType = new arrow.List(new arrow.Field("item", new arrow.Int32(), true));
  assertSlicesRead(arrow.vectorFromArray(lists, listType).data[0]!, lists);
  const days = [1, -1, null, 19724, 0, null, 7];
  assertSlicesRead(fixedData(new arrow.DateDay(), days), days);
  const us = [1n, -1n, null, 86400000000n, 0n, 5n];
  assertSlicesRead(fixedData(new arrow.TimestampMicrosecond(), us), us);
  const decs = [150n, -1n, null, 10n ** 37n, -(10n ** 37n), 0n, null, 42n];
  assertSlicesRead(decimalData(38, 2, decs), decs);
});

Deno.test("fromArrowData reads slices of dictionary and struct columns", () => {
  const words = ["x", "y", null, "x", "z", "y", null, "z"];
  const dict = arrow.vectorFromArray(
    words,
    new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
  );
  assertSlicesRead(dict.data[0]!, words);
  const structType = new arrow.Struct([
    new arrow.Field("a", new arrow.Int32(), true),
    new arrow.Field("s", new arrow.Utf8(), true),
  ]);
  const rows = [{ a: 1, s: "p" }, { a: null, s: "q" }, { a: 3, s: null }, { a: 4, s: "ß" }];
  assertSlicesRead(arrow.vectorFromArray(rows, structType).data[0]!, rows);
});
