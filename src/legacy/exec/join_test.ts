import assert from "node:assert/strict";
import fc from "fast-check";
import { type DataType, T } from "../../ir/types.ts";
import { colFromValues, colValues, type Frame } from "../../arrow/column.ts";
import { hashJoin, type JoinType } from "./join.ts";
import { sortIndices } from "./sort.ts";

function frame(names: string[], keys: (number | null)[], tag: number[]): Frame {
  return {
    names,
    cols: [colFromValues(T.int64, keys), colFromValues(T.int32, tag)],
    length: keys.length,
  };
}

function reference(type: JoinType, l: (number | null)[], r: (number | null)[]): string[] {
  const out: string[] = [];
  const matchedR = new Set<number>();
  l.forEach((lk, i) => {
    const ms = r.flatMap((rk, j) => (lk !== null && rk !== null && lk === rk ? [j] : []));
    ms.forEach((j) => matchedR.add(j));
    if (type === "left semi") {
      if (ms.length) out.push(`${i}`);
    } else if (type === "left anti") {
      if (!ms.length) out.push(`${i}`);
    } else {
      for (const j of ms) out.push(`${i},${j}`);
      if (!ms.length && (type === "left outer" || type === "full outer")) out.push(`${i},-`);
    }
  });
  if (type === "right outer" || type === "full outer") {
    r.forEach((_, j) => !matchedR.has(j) && out.push(`-,${j}`));
  }
  return out;
}

Deno.test("property: hash join equals a nested-loop reference", () => {
  const key = fc.option(fc.integer({ min: -3, max: 3 }), { freq: 5 });
  const types: JoinType[] = [
    "inner",
    "left outer",
    "right outer",
    "full outer",
    "left semi",
    "left anti",
  ];
  fc.assert(
    fc.property(
      fc.array(key, { maxLength: 12 }),
      fc.array(key, { maxLength: 12 }),
      fc.constantFrom(...types),
      (l, r, type) => {
        const lf = frame(["k", "li"], l, l.map((_, i) => i));
        const rf = frame(["k", "ri"], r, r.map((_, i) => i));
        const out = hashJoin({
          type,
          left: lf,
          right: rf,
          leftKeys: [0],
          rightKeys: [0],
          keyTypes: [T.int64],
          names: ["k", "li", "k_right", "ri"],
        });
        const li = colValues(out.cols[1]!);
        const got = type === "left semi" || type === "left anti"
          ? li.map((x) => `${x}`)
          : li.map((x, p) => `${x ?? "-"},${colValues(out.cols[3]!)[p] ?? "-"}`);
        assert.deepEqual(got, reference(type, l, r));
      },
    ),
  );
});

Deno.test("property: order_by is a stable sort", () => {
  fc.assert(
    fc.property(
      fc.array(fc.option(fc.integer({ min: 0, max: 4 })), { maxLength: 30 }),
      fc.boolean(),
      (xs, desc) => {
        const c = colFromValues(T.int32, xs);
        const idx = Array.from(
          sortIndices([{ col: c, descending: desc, nullsFirst: false }], xs.length),
        );
        const ref = xs.map((x, i) => [x, i] as const).sort((a, b) => {
          if (a[0] === null || b[0] === null) {
            return a[0] === b[0] ? a[1] - b[1] : a[0] === null ? 1 : -1;
          }
          return (desc ? b[0] - a[0] : a[0] - b[0]) || a[1] - b[1];
        }).map((p) => p[1]);
        assert.deepEqual(idx, ref);
      },
    ),
  );
});

// ---------------------------------------------------------------------------
// One integer key (open addressing or, for dense keys, an array on key - min)

const ALL_TYPES: JoinType[] = [
  "inner",
  "left outer",
  "right outer",
  "full outer",
  "left semi",
  "left anti",
];

const P63 = 1n << 63n;
const P64 = 1n << 64n;

/** Key pools per type: sparse ones (hashed table) and dense ones (array on key - min). */
const POOLS: readonly { type: DataType; pool: readonly (number | bigint)[] }[] = [
  { type: T.int8, pool: [-128, 127, 0, -1, 5] },
  { type: T.int8, pool: [-128, -127, -126] },
  { type: T.uint8, pool: [0, 255, 1, 128] },
  { type: T.int16, pool: [-32768, 32767, 0, -1] },
  { type: T.uint16, pool: [0, 65535, 32768] },
  { type: T.int32, pool: [-2147483648, 2147483647, 0, -1, 7] },
  { type: T.int32, pool: [2147483647, 2147483646, 2147483645] },
  { type: T.uint32, pool: [0, 4294967295, 2147483648, 2147483647, 3] },
  { type: T.uint32, pool: [4294967295, 4294967294, 4294967293] },
  { type: T.uint32, pool: [2147483647, 2147483648, 2147483649] },
  { type: T.int64, pool: [-P63, P63 - 1n, 0n, -1n, 1n << 32n, -(1n << 32n), (1n << 32n) - 1n] },
  { type: T.int64, pool: [P63 - 1n, P63 - 2n, P63 - 4n] },
  { type: T.int64, pool: [-P63, -P63 + 1n, -P63 + 3n] },
  { type: T.int64, pool: [-2n, -1n, 0n, 1n] },
  { type: T.int64, pool: [(1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n] },
  { type: T.int64, pool: [-(1n << 32n) - 1n, -(1n << 32n), -(1n << 32n) + 1n] },
  { type: T.uint64, pool: [0n, P64 - 1n, P63, P63 - 1n, 1n << 32n] },
  { type: T.uint64, pool: [P64 - 1n, P64 - 2n, P64 - 3n] },
  { type: T.uint64, pool: [P63 - 1n, P63, P63 + 1n] },
  { type: T.date32, pool: [-719162, 0, 2932896, 19000] },
  { type: T.date32, pool: [19000, 19001, 19003] },
  { type: T.timestamp, pool: [-P63, 0n, 1_700_000_000_000_000n, P63 - 1n] },
  { type: T.timestamp, pool: [1_700_000_000_000_000n, 1_700_000_000_000_001n] },
];

function keyFrame(type: DataType, keys: readonly (number | bigint | null)[], tagName: string) {
  return {
    names: ["k", tagName],
    cols: [colFromValues(type, keys), colFromValues(T.int32, keys.map((_, i) => i))],
    length: keys.length,
  };
}

/** Nested-loop reference over any key values (compared as text; null never matches). */
function referenceOf(
  type: JoinType,
  l: readonly unknown[],
  r: readonly unknown[],
  keepPair: (i: number, j: number) => boolean = () => true,
): string[] {
  const key = (x: unknown) => (x === null ? null : String(x));
  const out: string[] = [];
  const matchedR = new Set<number>();
  l.forEach((lk, i) => {
    const ms = r.flatMap((rk, j) =>
      key(lk) !== null && key(lk) === key(rk) && keepPair(i, j) ? [j] : []
    );
    ms.forEach((j) => matchedR.add(j));
    if (type === "left semi") {
      if (ms.length) out.push(`${i}`);
    } else if (type === "left anti") {
      if (!ms.length) out.push(`${i}`);
    } else {
      for (const j of ms) out.push(`${i},${j}`);
      if (!ms.length && (type === "left outer" || type === "full outer")) out.push(`${i},-`);
    }
  });
  if (type === "right outer" || type === "full outer") {
    r.forEach((_, j) => !matchedR.has(j) && out.push(`-,${j}`));
  }
  return out;
}

function joinRows(out: Frame, type: JoinType): string[] {
  const li = colValues(out.cols[1]!);
  if (type === "left semi" || type === "left anti") return li.map((x) => `${x}`);
  const ri = colValues(out.cols[3]!);
  return li.map((x, p) => `${x ?? "-"},${ri[p] ?? "-"}`);
}

function runJoin(
  type: JoinType,
  kt: DataType,
  l: readonly (number | bigint | null)[],
  r: readonly (number | bigint | null)[],
  residual?: (pairs: Frame) => Uint8Array,
): Frame {
  return hashJoin({
    type,
    left: keyFrame(kt, l, "li"),
    right: keyFrame(kt, r, "ri"),
    leftKeys: [0],
    rightKeys: [0],
    keyTypes: [kt],
    names: ["k", "li", "k_right", "ri"],
    ...(residual ? { residual } : {}),
  });
}

Deno.test("property: one integer key of every width (nulls, duplicates, extremes) matches the reference", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...POOLS).chain(({ type, pool }) => {
        const key = fc.option(fc.constantFrom(...pool), { freq: 5 });
        return fc.tuple(
          fc.constant(type),
          fc.array(key, { maxLength: 14 }),
          fc.array(key, { maxLength: 14 }),
        );
      }),
      fc.constantFrom(...ALL_TYPES),
      ([kt, l, r], type) => {
        const out = runJoin(type, kt, l, r);
        assert.deepEqual(joinRows(out, type), referenceOf(type, l, r));
        // the key columns come out as the input values
        if (type !== "left semi" && type !== "left anti") {
          const lv = colValues(out.cols[0]!);
          const li = colValues(out.cols[1]!);
          li.forEach((i, p) => {
            const want = i === null ? null : colValues(colFromValues(kt, [l[i as number]!]))[0];
            assert.deepEqual(lv[p], want);
          });
        }
      },
    ),
    { numRuns: 400 },
  );
});

Deno.test("property: a residual filter on one integer key matches the reference for all join types", () => {
  fc.assert(
    fc.property(
      fc.array(fc.option(fc.integer({ min: -2, max: 2 }), { freq: 5 }), { maxLength: 12 }),
      fc.array(fc.option(fc.integer({ min: -2, max: 2 }), { freq: 5 }), { maxLength: 12 }),
      fc.constantFrom(...ALL_TYPES),
      fc.constantFrom(T.int32, T.int64),
      (l, r, type, kt) => {
        const keep = (i: number, j: number) => (i + j) % 2 === 0;
        const out = runJoin(type, kt, l, r, (pairs) => {
          const li = pairs.cols[1]!.values as Int32Array;
          const ri = pairs.cols[3]!.values as Int32Array;
          return Uint8Array.from({ length: pairs.length }, (_, p) => keep(li[p]!, ri[p]!) ? 1 : 0);
        });
        assert.deepEqual(joinRows(out, type), referenceOf(type, l, r, keep));
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("one integer key: empty sides and all-null keys for every join type", () => {
  const cases: [(number | null)[], (number | null)[]][] = [
    [[], []],
    [[1, 2], []],
    [[], [1, 2]],
    [[null, null], [null, 1]],
    [[1, null], [null, null]],
  ];
  for (const kt of [T.int32, T.int64, T.uint8]) {
    for (const [l, r] of cases) {
      for (const type of ALL_TYPES) {
        assert.deepEqual(
          joinRows(runJoin(type, kt, l, r), type),
          referenceOf(type, l, r),
          `${type} ${JSON.stringify([l, r])}`,
        );
      }
    }
  }
});

Deno.test("one integer key: duplicates on both sides come out per left row in right order", () => {
  const l = [5, 7, 5, null, 9];
  const r = [5, 9, 5, 5, null, 7];
  assert.deepEqual(joinRows(runJoin("inner", T.int64, l, r), "inner"), [
    "0,0",
    "0,2",
    "0,3",
    "1,5",
    "2,0",
    "2,2",
    "2,3",
    "4,1",
  ]);
  // the same with sparse keys (hashed table)
  const big = (x: number | null) => (x === null ? null : BigInt(x) * 1_000_000_007n);
  assert.deepEqual(
    joinRows(runJoin("full outer", T.int64, l.map(big), r.map(big)), "full outer"),
    ["0,0", "0,2", "0,3", "1,5", "2,0", "2,2", "2,3", "3,-", "4,1", "-,4"],
  );
});

Deno.test("one integer key: large dense and sparse tables agree with each other", () => {
  const n = 5000;
  for (const spread of [1n, 1_000_003n]) {
    const l = Array.from(
      { length: n },
      (_, i) => i % 7 === 0 ? null : BigInt((i * 7919) % n) * spread,
    );
    const r = Array.from({ length: n }, (_, i) => BigInt(n - 1 - i) * spread);
    const out = runJoin("left outer", T.int64, l, r);
    assert.equal(out.length, n);
    const li = colValues(out.cols[1]!);
    const ri = colValues(out.cols[3]!);
    for (let p = 0; p < n; p++) {
      assert.equal(li[p], p);
      const k = l[p]!;
      assert.equal(ri[p], k === null ? null : n - 1 - Number(k / spread));
    }
  }
});

Deno.test("hashJoin: NaN keys never match (IEEE), like null keys", () => {
  const f = (xs: number[]) => ({
    names: ["k"],
    cols: [{ type: T.float64, length: xs.length, valid: null, values: Float64Array.from(xs) }],
    length: xs.length,
  });
  const out = hashJoin({
    type: "inner",
    left: f([NaN, 1, -0]),
    right: f([NaN, 1, 0]),
    leftKeys: [0],
    rightKeys: [0],
    keyTypes: [T.float64],
    names: ["k", "k_right"],
  });
  assert.equal(out.length, 2);
});
