/**
 * Hashing of key columns on their values (typed-array words, UTF-8 bytes),
 * group-id assignment for aggregates, and the build/probe hash table of
 * joins. No JS object or string key per row on the hot paths.
 *
 * @module
 */
import { cmpRows } from "../compute/arith.ts";
import { duckText } from "../../arrow/cast.ts";
import { type Col, layoutOf } from "../../arrow/column.ts";

const NULL_HASH = 0x5bd1e995;
const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 16777619);
  return h;
}

/**
 * Combine the hash of every row of `c` into `out` (`out[i] = out[i]*31 + h(c[i])`).
 * Nulls hash to a constant; -0 and 0 hash alike, as do all NaNs.
 */
export function hashInto(c: Col, out: Int32Array, n: number): void {
  const va = c.valid;
  switch (layoutOf(c.type)) {
    case "null":
      for (let i = 0; i < n; i++) out[i] = Math.imul(out[i]!, 31) + NULL_HASH;
      return;
    case "bool":
    case "num": {
      const v = c.values!;
      const isFloat = c.type.kind === "float";
      for (let i = 0; i < n; i++) {
        let h: number;
        if (va !== null && va[i] === 0) h = NULL_HASH;
        else if (isFloat) {
          let x = v[i] as number;
          if (x === 0) x = 0;
          else if (x !== x) x = NaN;
          F64[0] = x;
          h = mix(I32[0]! ^ Math.imul(I32[1]!, 0x27d4eb2d));
        } else h = mix(v[i] as number);
        out[i] = Math.imul(out[i]!, 31) + h;
      }
      return;
    }
    case "big": {
      const v = c.values!;
      const w = new Int32Array(v.buffer, v.byteOffset, n * 2);
      for (let i = 0; i < n; i++) {
        const h = va !== null && va[i] === 0
          ? NULL_HASH
          : mix(w[2 * i]! ^ Math.imul(w[2 * i + 1]!, 0x27d4eb2d));
        out[i] = Math.imul(out[i]!, 31) + h;
      }
      return;
    }
    case "var": {
      const o = c.offsets!;
      const d = c.data!;
      for (let i = 0; i < n; i++) {
        let h: number;
        if (va !== null && va[i] === 0) h = NULL_HASH;
        else {
          h = 0x811c9dc5;
          for (let k = o[i]!; k < o[i + 1]!; k++) h = Math.imul(h ^ d[k]!, 16777619);
          h = mix(h);
        }
        out[i] = Math.imul(out[i]!, 31) + h;
      }
      return;
    }
    default:
      for (let i = 0; i < n; i++) {
        const h = va !== null && va[i] === 0 ? NULL_HASH : mix(hashString(duckText(c, i)));
        out[i] = Math.imul(out[i]!, 31) + h;
      }
  }
}

/** Hash of every row over several key columns. */
export function hashRows(keys: readonly Col[], n: number): Int32Array {
  const out = new Int32Array(n);
  for (const k of keys) hashInto(k, out, n);
  if (keys.length > 1) { for (let i = 0; i < n; i++) out[i] = mix(out[i]!); }
  return out;
}

/** Rows `i` of `a` and `j` of `b` are equal on every key; nulls equal nulls when `nullsEqual`. */
export function keysEqual(
  a: readonly Col[],
  i: number,
  b: readonly Col[],
  j: number,
  nullsEqual: boolean,
): boolean {
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const vx = x.valid === null || x.valid[i] === 1;
    const vy = y.valid === null || y.valid[j] === 1;
    if (!vx || !vy) {
      if (nullsEqual && vx === vy) continue;
      return false;
    }
    if (cmpRows(x, i, y, j) !== 0) return false;
  }
  return true;
}

/** Make an equality test specialized for the key layout (same types on both sides). */
function makeEq(
  a: readonly Col[],
  b: readonly Col[],
  nullsEqual: boolean,
): (i: number, j: number) => boolean {
  if (a.length === 1 && a[0]!.valid === null && b[0]!.valid === null) {
    const x = a[0]!;
    const y = b[0]!;
    const lay = layoutOf(x.type);
    if (lay === "big") {
      const wx = new Int32Array(x.values!.buffer, x.values!.byteOffset, x.length * 2);
      const wy = new Int32Array(y.values!.buffer, y.values!.byteOffset, y.length * 2);
      return (i, j) => wx[2 * i] === wy[2 * j] && wx[2 * i + 1] === wy[2 * j + 1];
    }
    if (lay === "num" && x.type.kind !== "float") {
      const vx = x.values as Int32Array;
      const vy = y.values as Int32Array;
      return (i, j) => vx[i] === vy[j];
    }
  }
  return (i, j) => keysEqual(a, i, b, j, nullsEqual);
}

function pow2(n: number): number {
  let c = 16;
  while (c < n) c *= 2;
  return c;
}

/** Result of grouping: a group id per row and the first row of each group. */
export interface Groups {
  readonly ids: Int32Array;
  readonly count: number;
  readonly firstRow: Int32Array;
}

/**
 * Assign group ids in order of first appearance; null keys form groups
 * (nulls equal nulls).
 *
 * @example
 * ```ts
 * import { groupIds } from "./hash.ts";
 * import { T } from "../../ir/types.ts";
 * const k = { type: T.int32, length: 3, valid: null, values: Int32Array.of(7, 8, 7) };
 * groupIds([k], 3).ids; // Int32Array [0, 1, 0]
 * ```
 */
export function groupIds(keys: readonly Col[], n: number): Groups {
  const ids = new Int32Array(n);
  if (keys.length === 0) return { ids, count: 1, firstRow: Int32Array.of(0) };
  const k0 = keys[0]!;
  const lay = layoutOf(k0.type);
  if (
    keys.length === 1 && k0.valid === null &&
    (lay === "big" || (lay === "num" && k0.type.kind !== "float"))
  ) {
    return groupIdsInt(k0, n, ids);
  }
  const hashes = hashRows(keys, n);
  const eq = makeEq(keys, keys, true);
  let cap = pow2(64);
  let mask = cap - 1;
  let slots = new Int32Array(cap).fill(-1);
  let slotHash = new Int32Array(cap);
  let firstRow = new Int32Array(64);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const h = hashes[i]!;
    let p = h & mask;
    let g = -1;
    for (;;) {
      const s = slots[p]!;
      if (s < 0) break;
      if (slotHash[p] === h && eq(firstRow[s]!, i)) {
        g = s;
        break;
      }
      p = (p + 1) & mask;
    }
    if (g < 0) {
      g = count++;
      if (g >= firstRow.length) {
        const f = new Int32Array(firstRow.length * 2);
        f.set(firstRow);
        firstRow = f;
      }
      firstRow[g] = i;
      slots[p] = g;
      slotHash[p] = h;
      if (count * 2 > cap) {
        cap *= 2;
        mask = cap - 1;
        const ns = new Int32Array(cap).fill(-1);
        const nh = new Int32Array(cap);
        for (let q = 0; q < slots.length; q++) {
          const s = slots[q]!;
          if (s < 0) continue;
          let r = slotHash[q]! & mask;
          while (ns[r]! >= 0) r = (r + 1) & mask;
          ns[r] = s;
          nh[r] = slotHash[q]!;
        }
        slots = ns;
        slotHash = nh;
      }
    }
    ids[i] = g;
  }
  return { ids, count, firstRow: firstRow.slice(0, count) };
}

/** Grouping on one integer key without nulls: keys kept in the slots (no row indirection). */
function groupIdsInt(k: Col, n: number, ids: Int32Array): Groups {
  const big = layoutOf(k.type) === "big";
  const v = k.values!;
  const w = big ? new Int32Array(v.buffer, v.byteOffset, n * 2) : null;
  const small = big ? null : (v as Int32Array);
  let cap = 1024;
  let mask = cap - 1;
  let slots = new Int32Array(cap).fill(-1);
  let slotLo = new Int32Array(cap);
  let slotHi = new Int32Array(cap);
  let firstRow = new Int32Array(256);
  let count = 0;
  for (let i = 0; i < n; i++) {
    let lo: number;
    let hi: number;
    if (w !== null) {
      lo = w[2 * i]!;
      hi = w[2 * i + 1]!;
    } else {
      lo = small![i]! | 0;
      hi = 0;
    }
    let h = lo ^ Math.imul(hi, 0x27d4eb2d);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    let p = h & mask;
    let g = -1;
    for (;;) {
      const s = slots[p]!;
      if (s < 0) break;
      if (slotLo[p] === lo && slotHi[p] === hi) {
        g = s;
        break;
      }
      p = (p + 1) & mask;
    }
    if (g < 0) {
      g = count++;
      if (g >= firstRow.length) {
        const f = new Int32Array(firstRow.length * 2);
        f.set(firstRow);
        firstRow = f;
      }
      firstRow[g] = i;
      slots[p] = g;
      slotLo[p] = lo;
      slotHi[p] = hi;
      if (count * 2 > cap) {
        const oc = cap;
        cap *= 4;
        mask = cap - 1;
        const ns = new Int32Array(cap).fill(-1);
        const nl = new Int32Array(cap);
        const nh = new Int32Array(cap);
        for (let q = 0; q < oc; q++) {
          const s = slots[q]!;
          if (s < 0) continue;
          const a = slotLo[q]!;
          const b = slotHi[q]!;
          let x = a ^ Math.imul(b, 0x27d4eb2d);
          x ^= x >>> 16;
          x = Math.imul(x, 0x85ebca6b);
          x ^= x >>> 13;
          let r = x & mask;
          while (ns[r]! >= 0) r = (r + 1) & mask;
          ns[r] = s;
          nl[r] = a;
          nh[r] = b;
        }
        slots = ns;
        slotLo = nl;
        slotHi = nh;
      }
    }
    ids[i] = g;
  }
  return { ids, count, firstRow: firstRow.slice(0, count) };
}

/** A join build table over the right side's key columns. */
export interface JoinTable {
  /** Call `emit(j)` for every build row matching probe row `i` (in build order). */
  readonly probe: (
    probeKeys: readonly Col[],
    n: number,
    emit: (i: number, j: number) => void,
  ) => void;
}

/**
 * Build a chained hash table over `keys` (rows with a null key are left out:
 * null keys never match).
 */
export function buildJoinTable(keys: readonly Col[], n: number): JoinTable {
  const hashes = hashRows(keys, n);
  const cap = pow2(n * 2);
  const mask = cap - 1;
  const head = new Int32Array(cap).fill(-1);
  const next = new Int32Array(n);
  for (let j = n - 1; j >= 0; j--) {
    if (hasNullKey(keys, j)) continue;
    const b = hashes[j]! & mask;
    next[j] = head[b]!;
    head[b] = j;
  }
  return {
    probe(probeKeys, pn, emit) {
      const ph = hashRows(probeKeys, pn);
      const eq = makeEq(probeKeys, keys, false);
      const anyNull = probeKeys.some((k) => k.valid !== null);
      for (let i = 0; i < pn; i++) {
        if (anyNull && hasNullKey(probeKeys, i)) continue;
        const h = ph[i]!;
        for (let j = head[h & mask]!; j >= 0; j = next[j]!) {
          if (hashes[j] === h && eq(i, j)) emit(i, j);
        }
      }
    },
  };
}

/** True when some key of row `i` is null. */
export function hasNullKey(keys: readonly Col[], i: number): boolean {
  for (const k of keys) if (k.valid !== null && k.valid[i] === 0) return true;
  return false;
}

/** A growable Int32 buffer. */
export class IntBuf {
  #a: Int32Array;
  #n = 0;
  /** Start with a capacity. */
  constructor(cap = 1024) {
    this.#a = new Int32Array(Math.max(16, cap));
  }
  /** Append one value. */
  push(x: number): void {
    if (this.#n === this.#a.length) {
      const b = new Int32Array(this.#a.length * 2);
      b.set(this.#a);
      this.#a = b;
    }
    this.#a[this.#n++] = x;
  }
  /** Number of values. */
  get length(): number {
    return this.#n;
  }
  /** The values (a view). */
  view(): Int32Array {
    return this.#a.subarray(0, this.#n);
  }
}
