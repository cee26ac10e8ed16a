import assert from "node:assert/strict";
import fc from "fast-check";
import { T } from "../../ir/types.ts";
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
