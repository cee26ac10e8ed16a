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
 * A comparator over the keys with the meaning of {@link compareKeys},
 * specialized per key once (typed-array reads, no per-row layout switch).
 */
export function keysComparator(keys: readonly SortKey[]): (i: number, j: number) => number {
  const cmps = keys.map(keyComparator);
  if (cmps.length === 1) return cmps[0]!;
  return (i, j) => {
    for (let k = 0; k < cmps.length; k++) {
      const r = cmps[k]!(i, j);
      if (r !== 0) return r;
    }
    return 0;
  };
}

function keyComparator(k: SortKey): (i: number, j: number) => number {
  const c = k.col;
  const d = k.descending ? -1 : 1;
  const nullSide = k.nullsFirst ? 1 : -1; // sign for "i valid, j null"
  let cmp: (i: number, j: number) => number;
  const lay = layoutOf(c.type);
  if (lay === "num" || lay === "bool") {
    const v = c.values as Float64Array;
    if (c.type.kind === "float") {
      const nanSide = k.nullsFirst ? -1 : 1; // sign for "i NaN, j number"
      cmp = (i, j) => {
        const x = v[i]!;
        const y = v[j]!;
        if (x < y) return -d;
        if (x > y) return d;
        if (x === y) return 0;
        const ni = x !== x;
        return ni === (y !== y) ? 0 : ni ? nanSide : -nanSide;
      };
    } else {
      cmp = (i, j) => {
        const x = v[i]!;
        const y = v[j]!;
        return x < y ? -d : x > y ? d : 0;
      };
    }
  } else if (lay === "big") {
    const v = c.values!;
    const w = new Int32Array(v.buffer, v.byteOffset, c.length * 2);
    const uns = c.type.kind === "int" && !c.type.signed;
    cmp = (i, j) => {
      let a = w[2 * i + 1]!;
      let b = w[2 * j + 1]!;
      if (uns) {
        a = a >>> 0;
        b = b >>> 0;
      }
      if (a !== b) return a < b ? -d : d;
      const x = w[2 * i]! >>> 0;
      const y = w[2 * j]! >>> 0;
      return x < y ? -d : x > y ? d : 0;
    };
  } else if (lay === "var") {
    const o = c.offsets!;
    const b = c.data!;
    cmp = (i, j) => {
      const a0 = o[i]!;
      const b0 = o[j]!;
      const la = o[i + 1]! - a0;
      const lb = o[j + 1]! - b0;
      const l = la < lb ? la : lb;
      for (let q = 0; q < l; q++) {
        const x = b[a0 + q]!;
        const y = b[b0 + q]!;
        if (x !== y) return x < y ? -d : d;
      }
      return la === lb ? 0 : la < lb ? -d : d;
    };
  } else cmp = (i, j) => compareKeys([k], i, j);
  const va = c.valid;
  if (va === null || lay === "null") return lay === "null" ? () => 0 : cmp;
  return (i, j) => {
    const vi = va[i] === 1;
    const vj = va[j] === 1;
    if (vi && vj) return cmp(i, j);
    return vi === vj ? 0 : vi ? nullSide : -nullSide;
  };
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
  const cmp = keysComparator(keys);
  idx.sort((a, b) => cmp(a, b) || a - b);
  return idx;
}
