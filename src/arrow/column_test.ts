import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { T } from "../ir/types.ts";
import { decimalData, fixedData } from "./_test_exact.ts";
import { colFromValues, colValues, fromArrowData, sliceCol, take } from "./column.ts";

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

Deno.test("property: take of utf8 and binary rows (short, long, empty, null, -1, sliced)", () => {
  const text = fc.oneof(
    fc.string({ maxLength: 5 }),
    fc.string({ minLength: 60, maxLength: 200 }),
    fc.constantFrom("", "ä", "日本語", "\u{1F600}x"),
  );
  fc.assert(
    fc.property(
      fc.array(fc.option(text, { freq: 4 }), { minLength: 1, maxLength: 20 }),
      fc.nat(),
      fc.nat(),
      fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 30 }),
      fc.boolean(),
      (vals, s0, s1, rawIdx, binary) => {
        const start = s0 % vals.length;
        const end = start + (s1 % (vals.length - start + 1));
        const type = binary ? T.binary : T.utf8;
        const enc = new TextEncoder();
        const full = colFromValues(
          type,
          binary ? vals.map((v) => v === null ? null : enc.encode(v)) : vals,
        );
        const c = sliceCol(full, start, end);
        const n = end - start;
        const idx = Int32Array.from(rawIdx.filter((j) => j < n));
        const got = colValues(take(c, idx));
        const want = Array.from(idx, (j) => {
          if (j < 0) return null;
          const v = vals[start + j]!;
          return v === null ? null : binary ? enc.encode(v) : v;
        });
        assert.deepEqual(got, want);
      },
    ),
    { numRuns: 400 },
  );
});
