import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { rows, runOps, schemaOf } from "../legacy/exec/_test_util.ts";
import { KERNELS } from "./registry.ts";
import { ARROW_KERNELS } from "./arrow.ts";

Deno.test("every registry kernel has an Arrow form", () => {
  assert.deepEqual([...ARROW_KERNELS.keys()].sort(), [...KERNELS.keys()].sort());
});

const lists = new arrow.Table({
  id: arrow.vectorFromArray([1, 2, 3, 4], new arrow.Int32()),
  tags: arrow.vectorFromArray(
    [["a", "b"], [], null, [null, "c"]],
    new arrow.List(new arrow.Field("item", new arrow.Utf8(), true)),
  ),
  z: arrow.vectorFromArray(["p", "q", "r", "s"], new arrow.Utf8()),
});

Deno.test("explode_list: replaces the column in place, appends the index", async () => {
  const t = await runOps([{ kind: "scan", dataset: "l" }, {
    kind: "kernel",
    name: "explode_list",
    options: { column: "tags", as: "tag", index_as: "i" },
  }], { l: lists });
  assert.deepEqual(schemaOf(t), ["id:Int32", "tag:Utf8", "z:Utf8", "i:Int64"]);
  assert.deepEqual(rows(t), [[1, "a", "p", 0n], [1, "b", "p", 1n], [4, null, "s", 0n], [
    4,
    "c",
    "s",
    1n,
  ]]);
  const k = await runOps([{ kind: "scan", dataset: "l" }, {
    kind: "kernel",
    name: "explode_list",
    options: { column: "tags", as: "tag", index_as: "i", keep_empty: true },
  }], { l: lists });
  assert.deepEqual(rows(k), [
    [1, "a", "p", 0n],
    [1, "b", "p", 1n],
    [2, null, "q", null],
    [3, null, "r", null],
    [4, null, "s", 0n],
    [4, "c", "s", 1n],
  ]);
});

Deno.test("explode_list: bad option is an error naming the option", async () => {
  await assert.rejects(
    () =>
      runOps([{ kind: "scan", dataset: "l" }, {
        kind: "kernel",
        name: "explode_list",
        options: { column: "z", as: "x" },
      }], { l: lists }),
    /\$\.pipeline_ops\[1\]\.options\.column: explode_list needs a list column/,
  );
});

Deno.test("dedupe: first by order_by per key, ties by remaining columns ascending", async () => {
  const t = arrow.tableFromArrays({
    k: ["a", "b", "a", "a", "b"],
    ts: Int32Array.of(5, 1, 9, 9, 1),
    v: ["x", "z", "d", "c", "y"],
  });
  const out = await runOps([{ kind: "scan", dataset: "t" }, {
    kind: "kernel",
    name: "dedupe",
    options: { keys: ["k"], order_by: [{ expr: { col: "ts" }, dir: "desc" }], keep: "first" },
  }], { t });
  assert.deepEqual(rows(out), [["a", 9, "c"], ["b", 1, "y"]]);
});

Deno.test("interval_align: contains/best, overlaps/all, unmatched left kept, suffix", async () => {
  const left = arrow.tableFromArrays({
    g: ["x", "x", "y"],
    s: Int32Array.of(2, 10, 0),
    e: Int32Array.of(4, 12, 1),
  });
  const right = arrow.tableFromArrays({
    g: ["x", "x", "x", "z"],
    s: Int32Array.of(0, 1, 3, 2),
    e: Int32Array.of(10, 5, 11, 4),
    name: ["wide", "narrow", "late", "other"],
  });
  const ops = (mode: string, select: string) => [
    { kind: "scan" as const, dataset: "l" },
    {
      kind: "kernel" as const,
      name: "interval_align",
      options: {
        right: { pipeline_ops: [{ kind: "scan", dataset: "r" }] },
        on: [["g", "g"]],
        left_start: "s",
        left_end: "e",
        right_start: "s",
        right_end: "e",
        mode,
        select,
      },
    },
  ];
  const best = await runOps(ops("contains", "best"), { l: left, r: right });
  assert.deepEqual(schemaOf(best), [
    "g:Utf8",
    "s:Int32",
    "e:Int32",
    "g_right:Utf8",
    "s_right:Int32",
    "e_right:Int32",
    "name:Utf8",
  ]);
  assert.deepEqual(rows(best), [
    ["x", 2, 4, "x", 1, 5, "narrow"],
    ["x", 10, 12, null, null, null, null],
    ["y", 0, 1, null, null, null, null],
  ]);
  const all = await runOps(ops("overlaps", "all"), { l: left, r: right });
  assert.deepEqual(rows(all), [
    ["x", 2, 4, "x", 1, 5, "narrow"],
    ["x", 2, 4, "x", 3, 11, "late"],
    ["x", 2, 4, "x", 0, 10, "wide"],
    ["x", 10, 12, "x", 3, 11, "late"],
    ["y", 0, 1, null, null, null, null],
  ]);
});

/**
 * interval_align by its definition, value by value: left rows in order; the
 * right rows with equal non-null keys whose valid bounds contain / overlap
 * the left's; ordered by width, start, then all right columns, then row.
 */
function alignReference(
  l: { k: (number | null)[]; s: (bigint | null)[]; e: (bigint | null)[] },
  r: { k: (number | null)[]; s: (bigint | null)[]; e: (bigint | null)[]; t: number[] },
  mode: string,
  select: string,
): unknown[][] {
  const out: unknown[][] = [];
  const num = (x: bigint | null) => (x === null ? null : Number(x));
  l.k.forEach((k, i) => {
    const [a, b] = [num(l.s[i]!), num(l.e[i]!)];
    const cands: number[] = [];
    r.k.forEach((rk, j) => {
      const [c, d] = [num(r.s[j]!), num(r.e[j]!)];
      if (k === null || rk !== k || a === null || b === null || c === null || d === null) return;
      if (mode === "contains" ? c <= a && b <= d : c < b && a < d) cands.push(j);
    });
    const cmpN = (x: unknown, y: unknown) =>
      x === y ? 0 : x === null ? 1 : y === null ? -1 : (x as bigint) < (y as bigint) ? -1 : 1;
    cands.sort((x, y) => {
      const wx = num(r.e[x]!)! - num(r.s[x]!)!;
      const wy = num(r.e[y]!)! - num(r.s[y]!)!;
      if (wx !== wy) return wx < wy ? -1 : 1;
      if (num(r.s[x]!) !== num(r.s[y]!)) return num(r.s[x]!)! < num(r.s[y]!)! ? -1 : 1;
      return cmpN(r.k[x], r.k[y]) || cmpN(r.s[x], r.s[y]) || cmpN(r.e[x], r.e[y]) ||
        cmpN(r.t[x], r.t[y]) || x - y;
    });
    const row = (j: number | null) => [
      k,
      l.s[i],
      l.e[i],
      j === null ? null : r.k[j],
      j === null ? null : r.s[j],
      j === null ? null : r.e[j],
      j === null ? null : r.t[j],
    ];
    if (cands.length === 0) out.push(row(null));
    else for (const j of select === "best" ? cands.slice(0, 1) : cands) out.push(row(j));
  });
  return out;
}

Deno.test("property: interval_align on int64 bounds (nulls, duplicates, huge values) equals its definition", async () => {
  const big = fc.option(
    fc.oneof(
      fc.bigInt({ min: -6n, max: 6n }),
      fc.constantFrom(-(1n << 62n), (1n << 62n) + 1n, (1n << 53n) + 1n, 1n << 53n),
    ),
    { freq: 6 },
  );
  const key = fc.option(fc.integer({ min: 0, max: 2 }), { freq: 6 });
  const side = (withTag: boolean) =>
    fc.integer({ min: 0, max: 7 }).chain((n) =>
      fc.record({
        k: fc.array(key, { minLength: n, maxLength: n }),
        s: fc.array(big, { minLength: n, maxLength: n }),
        e: fc.array(big, { minLength: n, maxLength: n }),
        t: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: withTag ? n : 0, maxLength: n }),
      })
    );
  await fc.assert(
    fc.asyncProperty(
      side(false),
      side(true),
      fc.constantFrom("contains", "overlaps"),
      fc.constantFrom("best", "all"),
      async (l, r, mode, select) => {
        const lt = new arrow.Table({
          k: arrow.vectorFromArray(l.k, new arrow.Int32()),
          s: arrow.vectorFromArray(l.s, new arrow.Int64()),
          e: arrow.vectorFromArray(l.e, new arrow.Int64()),
        });
        const rt = new arrow.Table({
          k: arrow.vectorFromArray(r.k, new arrow.Int32()),
          s: arrow.vectorFromArray(r.s, new arrow.Int64()),
          e: arrow.vectorFromArray(r.e, new arrow.Int64()),
          t: arrow.vectorFromArray(r.t, new arrow.Int32()),
        });
        const out = await runOps([
          { kind: "scan", dataset: "l" },
          {
            kind: "kernel",
            name: "interval_align",
            options: {
              right: { pipeline_ops: [{ kind: "scan", dataset: "r" }] },
              on: [["k", "k"]],
              left_start: "s",
              left_end: "e",
              right_start: "s",
              right_end: "e",
              mode,
              select,
            },
          },
        ], { l: lt, r: rt });
        assert.deepEqual(rows(out), alignReference(l, r, mode, select));
      },
    ),
    { numRuns: 300 },
  );
});
