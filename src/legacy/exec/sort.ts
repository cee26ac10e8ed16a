/**
 * Stable multi-key sorting: a permutation of row indices. Strings compare by
 * UTF-8 bytes (code point order); NaN sorts after every number and before
 * nulls, and follows the null placement (as Arrow's sort does).
 *
 * @module
 */
import { cmpRows } from "../compute/arith.ts";
import { type Col, layoutOf } from "../../arrow/column.ts";

/** One sort key. */
export interface SortKey {
  readonly col: Col;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

function isNaNRow(c: Col, i: number): boolean {
  if (c.type.kind !== "float") return false;
  const x = c.values![i] as number;
  return x !== x;
}

/** Compare rows `i` and `j` by the keys (0 when tied on every key). */
export function compareKeys(keys: readonly SortKey[], i: number, j: number): number {
  for (const k of keys) {
    const c = k.col;
    const vi = c.valid === null || c.valid[i] === 1;
    const vj = c.valid === null || c.valid[j] === 1;
    if (!vi || !vj) {
      if (vi === vj) continue;
      return (vi ? 1 : -1) * (k.nullsFirst ? 1 : -1);
    }
    const ni = isNaNRow(c, i);
    const nj = isNaNRow(c, j);
    if (ni || nj) {
      if (ni === nj) continue;
      return ni ? (k.nullsFirst ? -1 : 1) : (k.nullsFirst ? 1 : -1);
    }
    const r = cmpRows(c, i, c, j);
    if (r !== 0) return k.descending ? -r : r;
  }
  return 0;
}

/**
 * A stable sorting permutation of `n` rows.
 *
 * @example
 * ```ts
 * import { sortIndices } from "./sort.ts";
 * import { T } from "../../ir/types.ts";
 * const c = { type: T.int32, length: 3, valid: null, values: Int32Array.of(3, 1, 2) };
 * sortIndices([{ col: c, descending: false, nullsFirst: false }], 3); // Int32Array [1, 2, 0]
 * ```
 */
export function sortIndices(keys: readonly SortKey[], n: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (keys.length === 0 || n < 2) return idx;
  const k0 = keys[0]!;
  const lay = layoutOf(k0.col.type);
  // fast path: one numeric key without nulls/NaN
  if (keys.length === 1 && k0.col.valid === null && (lay === "num" || lay === "bool")) {
    const v = k0.col.values as Float64Array;
    let nan = false;
    if (k0.col.type.kind === "float") { for (let i = 0; i < n; i++) if (v[i] !== v[i]) nan = true; }
    if (!nan) {
      const d = k0.descending ? -1 : 1;
      idx.sort((a, b) => {
        const x = v[a]!;
        const y = v[b]!;
        return x < y ? -d : x > y ? d : a - b;
      });
      return idx;
    }
  }
  idx.sort((a, b) => compareKeys(keys, a, b) || a - b);
  return idx;
}
