import assert from "node:assert/strict";
import fc from "fast-check";
import { type DataType, T } from "../../ir/types.ts";
import { type Col, colFromValues, valueAt } from "../../arrow/column.ts";
import { buildJoinTable, groupIds, hashRows } from "./hash.ts";

/** A key's text with the grouping's meaning of equal (NaN = NaN, -0 = 0, null = null). */
function keyText(c: Col, i: number): string {
  const v = valueAt(c, i);
  if (v === null) return "null";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v === 0 ? 0 : v);
  return `${typeof v}:${String(v)}`;
}

/** Group ids by first appearance of the key tuple, as a Map would give them. */
function referenceGroups(keys: readonly Col[], n: number) {
  const seen = new Map<string, number>();
  const ids: number[] = [];
  const firstRow: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = keys.map((c) => keyText(c, i)).join("|");
    let g = seen.get(k);
    if (g === undefined) {
      g = seen.size;
      seen.set(k, g);
      firstRow.push(i);
    }
    ids.push(g);
  }
  return { ids, count: seen.size, firstRow };
}

function check(keys: readonly Col[], n: number): void {
  const got = groupIds(keys, n);
  const want = referenceGroups(keys, n);
  assert.equal(got.count, want.count);
  assert.deepEqual(Array.from(got.ids), want.ids);
  assert.deepEqual(Array.from(got.firstRow), want.firstRow);
}

const P63 = 1n << 63n;

/** Column generators: integer types (dense and sparse values), floats, strings. */
const COLUMNS: readonly { type: DataType; value: fc.Arbitrary<unknown> }[] = [
  { type: T.int8, value: fc.integer({ min: -128, max: 127 }) },
  { type: T.int32, value: fc.integer({ min: -3, max: 3 }) },
  { type: T.int32, value: fc.constantFrom(-2147483648, 2147483647, 0, 1) },
  { type: T.uint32, value: fc.constantFrom(0, 4294967295, 2147483648, 2147483647) },
  { type: T.int64, value: fc.bigInt({ min: -3n, max: 3n }) },
  { type: T.int64, value: fc.constantFrom(-P63, P63 - 1n, 0n, -1n, 1n << 32n) },
  { type: T.uint64, value: fc.constantFrom(0n, (1n << 64n) - 1n, P63, P63 - 1n) },
  { type: T.date32, value: fc.integer({ min: 19000, max: 19003 }) },
  { type: T.timestamp, value: fc.constantFrom(-P63, 0n, 1n, P63 - 1n) },
  { type: T.float64, value: fc.constantFrom(0, -0, NaN, 1.5, -Infinity, 2) },
  { type: T.utf8, value: fc.constantFrom("", "a", "ab", "ä", "b") },
];

const column = (n: number) =>
  fc.constantFrom(...COLUMNS).chain(({ type, value }) =>
    fc.array(fc.option(value, { freq: 4 }), { minLength: n, maxLength: n }).map((vs) =>
      colFromValues(type, vs)
    )
  );

Deno.test("property: groupIds on one to three keys of any type equals first-appearance grouping", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 30 }).chain((n) =>
        fc.tuple(fc.constant(n), fc.array(column(n), { minLength: 1, maxLength: 3 }))
      ),
      ([n, keys]) => check(keys, n),
    ),
    { numRuns: 500 },
  );
});

Deno.test("groupIds: many groups per key (hashed pair codes, 32- and 64-bit)", () => {
  // 500 x 499 pairs: past the dense pair table, a 32-bit pair code
  let n = 1000;
  const a = colFromValues(T.int32, Array.from({ length: n }, (_, i) => i % 500));
  const b = colFromValues(T.int64, Array.from({ length: n }, (_, i) => BigInt((i * 7) % 499)));
  check([a, b], n);
  // 70000 x 69997 pairs: more than 2^32, a 64-bit pair code
  n = 140000;
  const c = colFromValues(T.int32, Array.from({ length: n }, (_, i) => i >> 1));
  const d = colFromValues(T.int32, Array.from({ length: n }, (_, i) => (i * 13) % 69997));
  check([c, d], n);
  check([d, c], n);
});

Deno.test("groupIds: sparse and dense integer keys with nulls, unique keys end the pairing early", () => {
  const n = 3000;
  const sparse = colFromValues(
    T.int64,
    Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : BigInt(i % 97) * 1_000_000_007n)),
  );
  const dense = colFromValues(
    T.int32,
    Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : i % 50)),
  );
  const unique = colFromValues(T.int32, Array.from({ length: n }, (_, i) => n - i));
  check([sparse], n);
  check([dense], n);
  check([sparse, dense], n);
  check([unique, sparse], n);
  check([sparse, unique, dense], n);
});

Deno.test("property: a join table on several keys (generic path) matches keys pairwise", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 12 }).chain((n) =>
        fc.integer({ min: 0, max: 12 }).chain((m) =>
          fc.tuple(
            fc.constant(n),
            fc.constant(m),
            fc.array(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 2 }),
          )
        )
      ).chain(([n, m, cols]) =>
        fc.tuple(
          fc.constant(n),
          fc.constant(m),
          fc.tuple(
            ...cols.map(({ type, value }) =>
              fc.tuple(
                fc.array(fc.option(value, { freq: 4 }), { minLength: n, maxLength: n }),
                fc.array(fc.option(value, { freq: 4 }), { minLength: m, maxLength: m }),
              ).map(([l, r]) => [colFromValues(type, l), colFromValues(type, r)] as const)
            ),
          ),
        )
      ),
      ([n, m, pairs]) => {
        const left = pairs.map((p) => p[0]);
        const right = pairs.map((p) => p[1]);
        const t = buildJoinTable(right, m);
        const got = t.pairs(left, n, true);
        const want: string[] = [];
        for (let i = 0; i < n; i++) {
          const before = want.length;
          for (let j = 0; j < m; j++) {
            const eq = left.every((c, k) =>
              valueAt(c, i) !== null && valueAt(right[k]!, j) !== null &&
              keyText(c, i) === keyText(right[k]!, j)
            );
            if (eq) want.push(`${i},${j}`);
          }
          if (want.length === before) want.push(`${i},-1`);
        }
        assert.deepEqual(Array.from(got.left, (l, p) => `${l},${got.right[p]}`), want);
        const matched = t.matched(left, n);
        assert.deepEqual(
          Array.from(matched),
          Array.from({ length: n }, (_, i) => (want.includes(`${i},-1`) ? 0 : 1)),
        );
      },
    ),
    { numRuns: 400 },
  );
});

Deno.test("64-bit keys that differ only in the high word stay apart (grouping and join)", () => {
  const n = 6000;
  const hiOnly = (i: number) => BigInt(i % 3000) << 32n;
  const k = colFromValues(T.int64, Array.from({ length: n }, (_, i) => hiOnly(i)));
  check([k], n);
  const t = buildJoinTable([k], n);
  const probe = colFromValues(T.int64, [hiOnly(5), hiOnly(2999), 1n << 33n | 1n]);
  const p = t.pairs([probe], 3, true);
  assert.deepEqual(Array.from(p.left), [0, 0, 1, 1, 2]);
  assert.deepEqual(Array.from(p.right), [5, 3005, 2999, 5999, -1]);
  // every key probed: its two rows, in build order
  const all = t.pairs([k], n, false);
  assert.equal(all.left.length, 2 * n);
  for (let q = 0; q < 2 * n; q++) {
    const i = all.left[q]!;
    assert.equal(i, q >> 1);
    assert.equal(all.right[q], (i % 3000) + (q & 1) * 3000);
  }
});

Deno.test("keys whose row hashes collide stay apart (grouping and the generic join table)", () => {
  // find two different (int32, utf8) keys with the same row hash
  const n = 200000;
  const a = colFromValues(T.int32, Array.from({ length: n }, (_, i) => i % 1000));
  const b = colFromValues(T.utf8, Array.from({ length: n }, (_, i) => `s${(i * 7919) % 1000003}`));
  const h = hashRows([a, b], n);
  const seen = new Map<number, number>();
  let pair: [number, number] | undefined;
  for (let i = 0; i < n && pair === undefined; i++) {
    const j = seen.get(h[i]!);
    if (j !== undefined && keyText(a, i) + keyText(b, i) !== keyText(a, j) + keyText(b, j)) {
      pair = [j, i];
    }
    seen.set(h[i]!, i);
  }
  assert.ok(pair !== undefined, "no colliding pair found");
  const [x, y] = pair;
  const rows = [x, y, x, y];
  const ka = colFromValues(T.int32, rows.map((r) => valueAt(a, r)));
  const kb = colFromValues(T.utf8, rows.map((r) => valueAt(b, r)));
  assert.deepEqual(Array.from(hashRows([ka, kb], 4)).map((v) => v === hashRows([ka, kb], 4)[0]), [
    true,
    true,
    true,
    true,
  ]);
  check([ka, kb], 4);
  const g = groupIds([ka, kb], 4);
  assert.deepEqual(Array.from(g.ids), [0, 1, 0, 1]);
  const t = buildJoinTable([ka, kb], 4);
  const p = t.pairs([ka, kb], 4, true);
  assert.deepEqual(Array.from(p.left), [0, 0, 1, 1, 2, 2, 3, 3]);
  assert.deepEqual(Array.from(p.right), [0, 2, 1, 3, 0, 2, 1, 3]);
});

Deno.test("utf8 keys whose hashes collide stay apart (one-key grouping and join)", () => {
  const n = 300000;
  const s = colFromValues(T.utf8, Array.from({ length: n }, (_, i) => `k${i}`));
  const h = hashRows([s], n);
  const seen = new Map<number, number>();
  let pair: [number, number] | undefined;
  for (let i = 0; i < n && pair === undefined; i++) {
    const j = seen.get(h[i]!);
    if (j !== undefined) pair = [j, i];
    seen.set(h[i]!, i);
  }
  assert.ok(pair !== undefined, "no colliding pair found");
  const k = colFromValues(
    T.utf8,
    [pair[0], pair[1], pair[0], null, pair[1]].map((r) => r === null ? null : valueAt(s, r)),
  );
  check([k], 5);
  assert.deepEqual(Array.from(groupIds([k], 5).ids), [0, 1, 0, 2, 1]);
  const p = buildJoinTable([k], 5).pairs([k], 5, true);
  assert.deepEqual(Array.from(p.left), [0, 0, 1, 1, 2, 2, 3, 4, 4]);
  assert.deepEqual(Array.from(p.right), [0, 2, 1, 4, 0, 2, -1, 1, 4]);
});
