import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { DIGEST_VERSION, digestOrder, tableDigest } from "./digest.ts";
import { seedsFor, vectorHashes } from "./row_hash.ts";
import type { Ordering } from "../ir/plan.ts";

const UNORDERED: Ordering = { level: "unordered" };
const BY_ID: Ordering = { level: "explicit", keys: [["id", "asc"]] };

function table(cols: Record<string, unknown[]>, types: Record<string, arrow.DataType>) {
  const vectors: Record<string, arrow.Vector> = {};
  for (const [name, values] of Object.entries(cols)) {
    vectors[name] = arrow.vectorFromArray(values, types[name]!);
  }
  return new arrow.Table(vectors);
}

/** The same rows split into record batches of `size` rows. */
function rechunk(t: arrow.Table, size: number): arrow.Table {
  const batches: arrow.RecordBatch[] = [];
  for (let at = 0; at < t.numRows; at += size) {
    batches.push(...t.slice(at, Math.min(t.numRows, at + size)).batches);
  }
  return new arrow.Table(t.schema, batches);
}

/** The rows of `t` in the order `perm`. */
function permuted(t: arrow.Table, perm: readonly number[]): arrow.Table {
  const cols: Record<string, arrow.Vector> = {};
  for (const f of t.schema.fields) {
    const v = t.getChild(f.name)!;
    cols[f.name] = arrow.vectorFromArray(perm.map((i) => v.get(i)), f.type);
  }
  return new arrow.Table(cols);
}

/**
 * Independent oracle: per-row hash lanes summed column by column, rows sorted
 * by (a, b) with a comparator (or tie runs only), written little-endian with
 * a DataView, sha256 over the header and those bytes.
 */
function oracle(t: arrow.Table, ordering: Ordering): string {
  const n = t.numRows;
  const rows = Array.from({ length: n }, () => ({ a: 0, b: 0, ka: 0, kb: 0 }));
  const keys = ordering.level === "explicit" ? ordering.keys.map(([k]) => k) : [];
  t.schema.fields.forEach((f, c) => {
    const h = vectorHashes(t.getChildAt(c)!, seedsFor(c));
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      r.a = (r.a + h.a[i]!) >>> 0;
      r.b = (r.b + h.b[i]!) >>> 0;
      if (keys.includes(f.name)) {
        r.ka = (r.ka + h.a[i]!) >>> 0;
        r.kb = (r.kb + h.b[i]!) >>> 0;
      }
    }
  });
  const cmp = (x: { a: number; b: number }, y: { a: number; b: number }) => x.a - y.a || x.b - y.b;
  let out = rows;
  if (ordering.level !== "explicit") {
    out = [...rows].sort(cmp);
  } else {
    out = [];
    let run: typeof rows = [];
    for (const r of rows) {
      if (run.length > 0 && (run[0]!.ka !== r.ka || run[0]!.kb !== r.kb)) {
        out.push(...run.sort(cmp));
        run = [];
      }
      run.push(r);
    }
    out.push(...run.sort(cmp));
  }
  const bytes = new Uint8Array(8 * n);
  const view = new DataView(bytes.buffer);
  out.forEach((r, i) => {
    view.setUint32(8 * i, r.b, true);
    view.setUint32(8 * i + 4, r.a, true);
  });
  const order = ordering.level === "explicit" ? "ordered" : "unordered";
  const head = `relgate-digest 1 ${order} columns=${t.numCols} rows=${n}\n`;
  return createHash("sha256").update(head).update(bytes).digest("hex");
}

const small = table(
  { id: [1n, 2n, 3n], name: ["a", null, "ccc"] },
  { id: new arrow.Int64(), name: new arrow.Utf8() },
);

Deno.test("digestOrder: explicit is ordered, implicit and unordered are not", () => {
  assert.equal(digestOrder(BY_ID), "ordered");
  assert.equal(digestOrder({ level: "implicit", keys: [["id", "asc"]] }), "unordered");
  assert.equal(digestOrder(UNORDERED), "unordered");
  assert.equal(DIGEST_VERSION, 1);
});

Deno.test("tableDigest: exact values of a small table, equal to the oracle", () => {
  const unordered = tableDigest(small, UNORDERED);
  const ordered = tableDigest(small, BY_ID);
  assert.equal(unordered, "84b84a26d08aa8fef5896f8ac79ae7e8bf5e5f40f5d381ffa2a6412d0e314bcc");
  assert.equal(unordered, oracle(small, UNORDERED));
  assert.equal(ordered, oracle(small, BY_ID));
  assert.notEqual(ordered, unordered);
});

Deno.test("tableDigest: empty tables", () => {
  const empty = table({ id: [] }, { id: new arrow.Int64() });
  assert.equal(
    tableDigest(empty, UNORDERED),
    createHash("sha256").update("relgate-digest 1 unordered columns=1 rows=0\n").digest("hex"),
  );
  assert.equal(
    tableDigest(new arrow.Table(), UNORDERED),
    createHash("sha256").update("relgate-digest 1 unordered columns=0 rows=0\n").digest("hex"),
  );
});

Deno.test("tableDigest: unordered ignores row order; ordered does not", () => {
  const swapped = permuted(small, [2, 0, 1]);
  assert.equal(tableDigest(swapped, UNORDERED), tableDigest(small, UNORDERED));
  assert.notEqual(tableDigest(swapped, BY_ID), tableDigest(small, BY_ID));
});

Deno.test("tableDigest: rows tied on the ordering keys may come in any order", () => {
  const t = table(
    { id: [1n, 1n, 2n, 2n, 2n], v: ["x", "y", "p", "q", "r"] },
    { id: new arrow.Int64(), v: new arrow.Utf8() },
  );
  const ties = permuted(t, [1, 0, 4, 2, 3]);
  assert.equal(tableDigest(ties, BY_ID), tableDigest(t, BY_ID));
  assert.equal(tableDigest(ties, BY_ID), oracle(t, BY_ID));
  // moving a row across a key boundary changes it
  const moved = permuted(t, [2, 0, 1, 3, 4]);
  assert.notEqual(tableDigest(moved, BY_ID), tableDigest(t, BY_ID));
  // an ordering key that is not a column: strictly positional
  const missing: Ordering = { level: "explicit", keys: [["nope", "asc"]] };
  assert.notEqual(tableDigest(ties, missing), tableDigest(t, missing));
});

Deno.test("tableDigest: every value, null and column position counts", () => {
  const base = tableDigest(small, UNORDERED);
  const changed = table(
    { id: [1n, 2n, 4n], name: ["a", null, "ccc"] },
    { id: new arrow.Int64(), name: new arrow.Utf8() },
  );
  const nulled = table(
    { id: [1n, 2n, 3n], name: ["a", "", "ccc"] },
    { id: new arrow.Int64(), name: new arrow.Utf8() },
  );
  const swappedCols = table(
    { a: [1, 2], b: [3, 4] },
    { a: new arrow.Int32(), b: new arrow.Int32() },
  );
  const swappedBack = table(
    { b: [3, 4], a: [1, 2] },
    { b: new arrow.Int32(), a: new arrow.Int32() },
  );
  assert.notEqual(tableDigest(changed, UNORDERED), base);
  assert.notEqual(tableDigest(nulled, UNORDERED), base);
  assert.notEqual(tableDigest(swappedCols, UNORDERED), tableDigest(swappedBack, UNORDERED));
});

Deno.test("tableDigest: -0 equals 0 and NaN equals NaN; int widths hash their value", () => {
  const f = (v: number[]) => table({ x: v }, { x: new arrow.Float64() });
  assert.equal(tableDigest(f([0, NaN]), UNORDERED), tableDigest(f([-0, -NaN]), UNORDERED));
  const i32 = table({ x: [1, -5] }, { x: new arrow.Int32() });
  const i64 = table({ x: [1n, -5n] }, { x: new arrow.Int64() });
  assert.equal(tableDigest(i32, UNORDERED), tableDigest(i64, UNORDERED));
});

Deno.test("tableDigest: property: chunking and (unordered) row order never change it", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.option(fc.integer({ min: -5, max: 5 })),
          fc.option(fc.string({ maxLength: 3 })),
          fc.double(),
        ),
        { maxLength: 40 },
      ),
      fc.integer({ min: 1, max: 7 }),
      fc.integer(),
      (rows, size, seed) => {
        const t = table(
          {
            id: rows.map((r) => r[0]),
            s: rows.map((r) => r[1]),
            d: rows.map((r) => r[2]),
          },
          { id: new arrow.Int32(), s: new arrow.Utf8(), d: new arrow.Float64() },
        );
        const perm = rows.map((_, i) => i).sort((x, y) =>
          ((x * 7919 + seed) % 101) - ((y * 7919 + seed) % 101) || x - y
        );
        const ordered: Ordering = { level: "explicit", keys: [["id", "asc"]] };
        assert.equal(tableDigest(rechunk(t, size), UNORDERED), tableDigest(t, UNORDERED));
        assert.equal(tableDigest(rechunk(t, size), ordered), tableDigest(t, ordered));
        assert.equal(tableDigest(permuted(t, perm), UNORDERED), tableDigest(t, UNORDERED));
        assert.equal(tableDigest(t, ordered), oracle(t, ordered));
      },
    ),
    { seed: 20261101, numRuns: 200 },
  );
});
