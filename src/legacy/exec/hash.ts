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
import { T } from "../../ir/types.ts";

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

/**
 * Equality of row `i` of `x` and row `j` of `y` (same type) specialized for
 * the layout, with {@link cmpRows}'s meaning (NaN equals NaN, -0 equals 0);
 * nulls equal nulls when `nullsEqual`.
 */
function colEq(x: Col, y: Col, nullsEqual: boolean): (i: number, j: number) => boolean {
  let eq: (i: number, j: number) => boolean;
  switch (layoutOf(x.type)) {
    case "bool":
    case "num": {
      const a = x.values as Float64Array;
      const b = y.values as Float64Array;
      if (x.type.kind === "float") {
        eq = (i, j) => {
          const p = a[i]!;
          const q = b[j]!;
          return p === q || (p !== p && q !== q);
        };
      } else eq = (i, j) => a[i] === b[j];
      break;
    }
    case "big": {
      const a = new Int32Array(x.values!.buffer, x.values!.byteOffset, x.length * 2);
      const b = new Int32Array(y.values!.buffer, y.values!.byteOffset, y.length * 2);
      eq = (i, j) => a[2 * i] === b[2 * j] && a[2 * i + 1] === b[2 * j + 1];
      break;
    }
    case "var": {
      const oa = x.offsets!;
      const ob = y.offsets!;
      const da = x.data!;
      const db = y.data!;
      eq = (i, j) => {
        const a0 = oa[i]!;
        const b0 = ob[j]!;
        const len = oa[i + 1]! - a0;
        if (ob[j + 1]! - b0 !== len) return false;
        for (let k = 0; k < len; k++) if (da[a0 + k] !== db[b0 + k]) return false;
        return true;
      };
      break;
    }
    default:
      eq = (i, j) => cmpRows(x, i, y, j) === 0;
  }
  const vx = x.valid;
  const vy = y.valid;
  if (vx === null && vy === null) return eq;
  return (i, j) => {
    const a = vx === null || vx[i] === 1;
    const b = vy === null || vy[j] === 1;
    if (a && b) return eq(i, j);
    return nullsEqual && a === b;
  };
}

/** Make an equality test over all keys (same types on both sides). */
function makeEq(
  a: readonly Col[],
  b: readonly Col[],
  nullsEqual: boolean,
): (i: number, j: number) => boolean {
  const eqs = a.map((x, k) => colEq(x, b[k]!, nullsEqual));
  if (eqs.length === 1) return eqs[0]!;
  if (eqs.length === 2) {
    const [e0, e1] = eqs as [(i: number, j: number) => boolean, (i: number, j: number) => boolean];
    return (i, j) => e0(i, j) && e1(i, j);
  }
  return (i, j) => {
    for (let k = 0; k < eqs.length; k++) if (!eqs[k]!(i, j)) return false;
    return true;
  };
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
  if (keys.length > 1) {
    // group on each key, then on the pair (ids so far, ids of the next key):
    // the same groups in the same order of first appearance
    // (every row its own group on some key: that grouping is the answer)
    let acc = groupIds([keys[0]!], n);
    for (let k = 1; k < keys.length && acc.count < n; k++) {
      const next = groupIds([keys[k]!], n);
      acc = next.count === n ? next : combineGroups(acc, next, n);
    }
    return acc;
  }
  const k0 = keys[0]!;
  if (intKey(k0)) return groupIdsDense(k0, n, ids) ?? groupIdsInt(k0, n, ids);
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

/**
 * Grouping on one integer key whose values span at most about twice the row
 * count (ids, codes): an array on `key - min` instead of a hash table.
 * Undefined when the range is wider.
 */
function groupIdsDense(k: Col, n: number, ids: Int32Array): Groups | undefined {
  if (n === 0) return undefined;
  const r = intRangeOf(k, n);
  if (r === undefined || !(r.range < 2 * n + 1024)) return undefined;
  const off = r.offsets();
  const va = k.valid;
  const slot = new Int32Array(r.range + 1);
  // (off is -1 exactly for the null rows here)
  let firstRow = new Int32Array(Math.min(n, r.range + 2));
  let count = 0;
  let nullGroup = -1;
  for (let i = 0; i < n; i++) {
    let g: number;
    if (va !== null && va[i] === 0) {
      if (nullGroup < 0) {
        nullGroup = count++;
        firstRow[nullGroup] = i;
      }
      g = nullGroup;
    } else {
      const d = off[i]!;
      g = slot[d]! - 1;
      if (g < 0) {
        g = count++;
        slot[d] = g + 1;
        firstRow[g] = i;
      }
    }
    ids[i] = g;
  }
  firstRow = firstRow.slice(0, count);
  return { ids, count, firstRow };
}

/** Groups of the pairs (group of `a`, group of `b`) per row, in order of first appearance. */
function combineGroups(a: Groups, b: Groups, n: number): Groups {
  const x = a.ids;
  const y = b.ids;
  const nb = b.count;
  const ids = new Int32Array(n);
  const product = a.count * nb;
  if (product <= Math.max(2 * n, 65536)) {
    // dense pair codes: an array on x * nb + y
    const slot = new Int32Array(product).fill(-1);
    let firstRow = new Int32Array(Math.min(n, product));
    let count = 0;
    for (let i = 0; i < n; i++) {
      const code = x[i]! * nb + y[i]!;
      let g = slot[code]!;
      if (g < 0) {
        g = count++;
        slot[code] = g;
        firstRow[g] = i;
      }
      ids[i] = g;
    }
    firstRow = firstRow.slice(0, count);
    return { ids, count, firstRow };
  }
  const expect = Math.min(n, product);
  if (product <= 4294967296) {
    // the pair as one 32-bit code x * nb + y (kept as its int32 bit pattern)
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = x[i]! * nb + y[i]!;
    const packed: Col = { type: T.int32, length: n, valid: null, values: codes };
    return groupIdsInt(packed, n, ids, expect);
  }
  const w = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    w[2 * i] = x[i]!;
    w[2 * i + 1] = y[i]!;
  }
  const packed: Col = {
    type: T.int64,
    length: n,
    valid: null,
    values: new BigInt64Array(w.buffer),
  };
  return groupIdsInt(packed, n, ids, expect);
}

/**
 * Grouping on one integer key: open addressing on the value, a slot holding
 * the key's words and the group + 1 side by side (one cache line per probe:
 * (value, group + 1) for narrow keys, (low, high, group + 1, unused) for
 * 64-bit ones); nulls form one group. `expect` sizes the table.
 */
function groupIdsInt(k: Col, n: number, ids: Int32Array, expect = 256): Groups {
  const va = k.valid;
  let nullGroup = -1;
  const big = layoutOf(k.type) === "big";
  const words = intWords(k, n);
  const sh = big ? 2 : 1; // log2 of the slot width in words
  const gOff = big ? 2 : 1;
  let cap = pow2(Math.max(1024, 2 * expect));
  let wmask = (cap - 1) << sh;
  let slots = new Int32Array(cap << sh);
  let firstRow = new Int32Array(Math.max(256, Math.min(n, expect)));
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (va !== null && va[i] === 0) {
      if (nullGroup < 0) {
        nullGroup = count++;
        if (nullGroup >= firstRow.length) {
          const f = new Int32Array(firstRow.length * 2);
          f.set(firstRow);
          firstRow = f;
        }
        firstRow[nullGroup] = i;
      }
      ids[i] = nullGroup;
      continue;
    }
    const lo = big ? words[2 * i]! : words[i]!;
    const hi = big ? words[2 * i + 1]! : 0;
    let h = lo ^ Math.imul(hi, 0x27d4eb2d);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    let p = (h << sh) & wmask;
    let g = -1;
    for (;;) {
      const s = slots[p + gOff]!;
      if (s === 0) break;
      if (slots[p] === lo && (!big || slots[p + 1] === hi)) {
        g = s - 1;
        break;
      }
      p = (p + (1 << sh)) & wmask;
    }
    if (g < 0) {
      g = count++;
      if (g >= firstRow.length) {
        const f = new Int32Array(firstRow.length * 2);
        f.set(firstRow);
        firstRow = f;
      }
      firstRow[g] = i;
      slots[p] = lo;
      if (big) slots[p + 1] = hi;
      slots[p + gOff] = g + 1;
      if (count * 2 > cap) {
        const old = slots;
        cap *= cap < 65536 ? 4 : 2;
        wmask = (cap - 1) << sh;
        slots = new Int32Array(cap << sh);
        for (let q = 0; q < old.length; q += 1 << sh) {
          const s = old[q + gOff]!;
          if (s === 0) continue;
          const a = old[q]!;
          const b = big ? old[q + 1]! : 0;
          let x = a ^ Math.imul(b, 0x27d4eb2d);
          x ^= x >>> 16;
          x = Math.imul(x, 0x85ebca6b);
          x ^= x >>> 13;
          let r = (x << sh) & wmask;
          while (slots[r + gOff]! !== 0) r = (r + (1 << sh)) & wmask;
          slots[r] = a;
          if (big) slots[r + 1] = b;
          slots[r + gOff] = s;
        }
      }
    }
    ids[i] = g;
  }
  return { ids, count, firstRow: firstRow.slice(0, count) };
}

/**
 * Candidate pairs of a join probe: `left[p]` is a probe row, `right[p]` a
 * build row (-1: the probe row has no match, only with `unmatched`).
 */
export interface JoinPairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
}

/** A join build table over the right side's key columns. */
export interface JoinTable {
  /** Call `emit(j)` for every build row matching probe row `i` (in build order). */
  readonly probe: (
    probeKeys: readonly Col[],
    n: number,
    emit: (i: number, j: number) => void,
  ) => void;
  /**
   * Every match as a pair: probe rows in order, each one's build rows in
   * build order. With `unmatched`, a probe row without a match (also one
   * with a null key) gives one pair `(i, -1)` in its place.
   */
  readonly pairs: (probeKeys: readonly Col[], n: number, unmatched: boolean) => JoinPairs;
  /** 1 for every probe row with at least one match. */
  readonly matched: (probeKeys: readonly Col[], n: number) => Uint8Array;
}

/** True for key types held as one integer per row (ints, dates, timestamps). */
function intKey(c: Col): boolean {
  const lay = layoutOf(c.type);
  return lay === "big" || (lay === "num" && c.type.kind !== "float");
}

/**
 * Build a chained hash table over `keys` (rows with a null key are left out:
 * null keys never match). One integer key gets an open-addressing table on
 * the key's value; other keys a chained table on row hashes.
 */
export function buildJoinTable(keys: readonly Col[], n: number): JoinTable {
  if (keys.length === 1 && intKey(keys[0]!)) return buildIntJoinTable(keys[0]!, n);
  // open addressing on distinct keys: slots of (hash, first row + 1); rows
  // with equal keys chain through `next` in build order
  const hashes = hashRows(keys, n);
  const cap = pow2(n * 2);
  const wmask = (cap - 1) << 1;
  const slots = new Int32Array(cap * 2);
  const next = new Int32Array(n);
  const eqBuild = makeEq(keys, keys, false);
  const anyNullB = keys.some((k) => k.valid !== null);
  let anyDup = false;
  for (let j = n - 1; j >= 0; j--) {
    if (anyNullB && hasNullKey(keys, j)) continue;
    const h = hashes[j]!;
    let p = (h << 1) & wmask;
    for (;;) {
      const head = slots[p + 1]!;
      if (head === 0) {
        slots[p] = h;
        slots[p + 1] = j + 1;
        next[j] = -1;
        break;
      }
      if (slots[p] === h && eqBuild(j, head - 1)) {
        anyDup = true;
        next[j] = head - 1;
        slots[p + 1] = j + 1;
        break;
      }
      p = (p + 2) & wmask;
    }
  }
  const lookup = (probeKeys: readonly Col[], pn: number): Int32Array => {
    const ph = hashRows(probeKeys, pn);
    const eq = makeEq(probeKeys, keys, false);
    const anyNull = probeKeys.some((k) => k.valid !== null);
    const first = new Int32Array(pn);
    for (let i = 0; i < pn; i++) {
      if (anyNull && hasNullKey(probeKeys, i)) continue;
      const h = ph[i]!;
      let p = (h << 1) & wmask;
      for (;;) {
        const head = slots[p + 1]!;
        if (head === 0) break;
        if (slots[p] === h && eq(i, head - 1)) {
          first[i] = head;
          break;
        }
        p = (p + 2) & wmask;
      }
    }
    return first;
  };
  return tableOf(lookup, next, anyDup);
}

/**
 * The 32-bit words of an integer key column: two per row (low, high) for
 * 64-bit layouts, one per row otherwise (uint32 maps one-to-one onto int32
 * through `| 0`; 8- and 16-bit values are copied).
 */
function intWords(c: Col, n: number): Int32Array {
  const v = c.values!;
  if (layoutOf(c.type) === "big") return new Int32Array(v.buffer, v.byteOffset, n * 2);
  if (v instanceof Int32Array) return v;
  const w = new Int32Array(n);
  for (let i = 0; i < n; i++) w[i] = (v[i] as number) | 0;
  return w;
}

const TWO32 = 4294967296;

/** The span of an integer column's valid values (see {@link intRangeOf}). */
interface IntRange {
  /** max - min. */
  readonly range: number;
  /**
   * `key - min` for every row of `c` (a column of the same layout; default
   * the column itself), -1 for a null or a value outside [min, max].
   */
  offsets(c?: Col, n?: number): Int32Array;
}

/**
 * Min and max of an integer column's valid values (signed or unsigned
 * order; 64-bit ones through their words), or undefined when there is no
 * valid value or the span does not fit 31 bits.
 */
function intRangeOf(k: Col, n: number): IntRange | undefined {
  const va = k.valid;
  if (layoutOf(k.type) !== "big") {
    const v = k.values as Int32Array;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      if (va !== null && va[i] === 0) continue;
      const x = v[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (min > max) return undefined;
    const range = max - min;
    if (!(range < 2147483648)) return undefined;
    return {
      range,
      offsets(c = k, m = n) {
        const cv = c.values as Int32Array;
        const cva = c.valid;
        const out = new Int32Array(m);
        for (let i = 0; i < m; i++) {
          const d = cv[i]! - min;
          out[i] = d >= 0 && d <= range && (cva === null || cva[i] === 1) ? d : -1;
        }
        return out;
      },
    };
  }
  const uns = k.type.kind === "int" && !k.type.signed;
  const w = intWords(k, n);
  let seen = false;
  let minLo = 0;
  let minHi = 0;
  let maxLo = 0;
  let maxHi = 0;
  for (let i = 0; i < n; i++) {
    if (va !== null && va[i] === 0) continue;
    const lo = w[2 * i]!;
    const hi = w[2 * i + 1]!;
    if (!seen) {
      seen = true;
      minLo = maxLo = lo;
      minHi = maxHi = hi;
      continue;
    }
    const h = uns ? hi >>> 0 : hi;
    const mh = uns ? minHi >>> 0 : minHi;
    const xh = uns ? maxHi >>> 0 : maxHi;
    if (h < mh || (h === mh && lo >>> 0 < minLo >>> 0)) {
      minLo = lo;
      minHi = hi;
    }
    if (h > xh || (h === xh && lo >>> 0 > maxLo >>> 0)) {
      maxLo = lo;
      maxHi = hi;
    }
  }
  if (!seen) return undefined;
  // (max - min) mod 2^64 as words; x lies in [min, max] iff (x - min) mod 2^64 <= max - min
  let range = (maxLo >>> 0) - (minLo >>> 0);
  const borrow = range < 0 ? 1 : 0;
  if (borrow) range += TWO32;
  if (((maxHi - minHi - borrow) | 0) !== 0 || !(range < 2147483648)) return undefined;
  const minLoU = minLo >>> 0;
  return {
    range,
    offsets(c = k, m = n) {
      const cw = intWords(c, m);
      const cva = c.valid;
      const out = new Int32Array(m);
      for (let i = 0; i < m; i++) {
        let d = (cw[2 * i]! >>> 0) - minLoU;
        let b = 0;
        if (d < 0) {
          d += TWO32;
          b = 1;
        }
        out[i] = ((cw[2 * i + 1]! - minHi - b) | 0) === 0 && d <= range &&
            (cva === null || cva[i] === 1)
          ? d
          : -1;
      }
      return out;
    },
  };
}

/**
 * Join table on one integer key. When the build keys span a range of at most
 * about twice their count (ids, dense codes) the table is an array indexed by
 * `key - min` (a perfect hash, as DuckDB does); otherwise open addressing
 * keyed on the value, a slot holding (low word, high word, first row + 1).
 * Duplicate keys chain through `next` in build order.
 */
function buildIntJoinTable(key: Col, n: number): JoinTable {
  const wide = layoutOf(key.type) === "big";
  const kw = intWords(key, n);
  const va = key.valid;
  const next = new Int32Array(n);
  let anyDup = false;
  let count = 0;
  for (let j = 0; j < n; j++) if (va === null || va[j] === 1) count++;
  const r = intRangeOf(key, n);

  let lookup: (pk: Col, pn: number) => Int32Array;
  if (r !== undefined && r.range < 2 * count + 1024) {
    // perfect hash: head[key - min] = first row + 1
    const head = new Int32Array(r.range + 1);
    const off = r.offsets(key, n);
    for (let j = n - 1; j >= 0; j--) {
      const d = off[j]!;
      if (d < 0) continue;
      const h = head[d]!;
      if (h !== 0) anyDup = true;
      next[j] = h - 1;
      head[d] = j + 1;
    }
    lookup = (pk, pn) => {
      checkProbe(pk, wide);
      const d = r.offsets(pk, pn);
      const first = new Int32Array(pn);
      for (let i = 0; i < pn; i++) {
        const x = d[i]!;
        if (x >= 0) first[i] = head[x]!;
      }
      return first;
    };
  } else {
    // open addressing on the value: slots of (low, high, first row + 1, unused)
    const cap = pow2(count * 2);
    const mask = cap - 1;
    const wmask = mask << 2;
    const slots = new Int32Array(cap * 4);
    for (let j = n - 1; j >= 0; j--) {
      if (va !== null && va[j] === 0) continue;
      const lo = wide ? kw[2 * j]! : kw[j]!;
      const hi = wide ? kw[2 * j + 1]! : 0;
      let h = lo ^ Math.imul(hi, 0x27d4eb2d);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      let p = (h & mask) << 2;
      for (;;) {
        const head = slots[p + 2]!;
        if (head === 0) {
          slots[p] = lo;
          slots[p + 1] = hi;
          slots[p + 2] = j + 1;
          next[j] = -1;
          break;
        }
        if (slots[p] === lo && slots[p + 1] === hi) {
          anyDup = true;
          next[j] = head - 1;
          slots[p + 2] = j + 1;
          break;
        }
        p = (p + 4) & wmask;
      }
    }
    lookup = (pk, pn) => {
      const pw = probeWords(pk, pn, wide);
      const pva = pk.valid;
      const first = new Int32Array(pn);
      for (let i = 0; i < pn; i++) {
        if (pva !== null && pva[i] === 0) continue;
        const lo = wide ? pw[2 * i]! : pw[i]!;
        const hi = wide ? pw[2 * i + 1]! : 0;
        let h = lo ^ Math.imul(hi, 0x27d4eb2d);
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        let p = (h & mask) << 2;
        for (;;) {
          const head = slots[p + 2]!;
          if (head === 0) break;
          if (slots[p] === lo && slots[p + 1] === hi) {
            first[i] = head;
            break;
          }
          p = (p + 4) & wmask;
        }
      }
      return first;
    };
  }

  return tableOf((probeKeys, pn) => lookup(probeKeys[0]!, pn), next, anyDup);
}

/**
 * A join table from `lookup` (per probe row: first matching build row + 1,
 * 0 for none) and the build rows' duplicate chain `next` (-1 ends it).
 */
function tableOf(
  lookup: (probeKeys: readonly Col[], pn: number) => Int32Array,
  next: Int32Array,
  anyDup: boolean,
): JoinTable {
  const pairs = (probeKeys: readonly Col[], pn: number, unmatched: boolean): JoinPairs => {
    const first = lookup(probeKeys, pn);
    if (!anyDup) {
      // at most one match per probe row
      let m = 0;
      if (!unmatched) { for (let i = 0; i < pn; i++) if (first[i] !== 0) m++; }
      const len = unmatched ? pn : m;
      const L = new Int32Array(len);
      const R = new Int32Array(len);
      if (unmatched) {
        for (let i = 0; i < pn; i++) {
          L[i] = i;
          R[i] = first[i]! - 1;
        }
      } else {
        m = 0;
        for (let i = 0; i < pn; i++) {
          const f = first[i]!;
          if (f !== 0) {
            L[m] = i;
            R[m++] = f - 1;
          }
        }
      }
      return { left: L, right: R };
    }
    let total = 0;
    for (let i = 0; i < pn; i++) {
      let j = first[i]! - 1;
      if (j < 0) {
        if (unmatched) total++;
        continue;
      }
      for (; j >= 0; j = next[j]!) total++;
    }
    const L = new Int32Array(total);
    const R = new Int32Array(total);
    let m = 0;
    for (let i = 0; i < pn; i++) {
      let j = first[i]! - 1;
      if (j < 0) {
        if (unmatched) {
          L[m] = i;
          R[m++] = -1;
        }
        continue;
      }
      for (; j >= 0; j = next[j]!) {
        L[m] = i;
        R[m++] = j;
      }
    }
    return { left: L, right: R };
  };
  return {
    probe(probeKeys, pn, emit) {
      const p = pairs(probeKeys, pn, false);
      for (let k = 0; k < p.left.length; k++) emit(p.left[k]!, p.right[k]!);
    },
    pairs,
    matched(probeKeys, pn) {
      const first = lookup(probeKeys, pn);
      const m = new Uint8Array(pn);
      for (let i = 0; i < pn; i++) m[i] = first[i] !== 0 ? 1 : 0;
      return m;
    },
  };
}

/** {@link intWords} of a probe key, which must have the build key's layout. */
function probeWords(pk: Col, pn: number, wide: boolean): Int32Array {
  checkProbe(pk, wide);
  return intWords(pk, pn);
}

function checkProbe(pk: Col, wide: boolean): void {
  if (!intKey(pk) || (layoutOf(pk.type) === "big") !== wide) {
    throw new Error("join probe: key layout differs from the build side");
  }
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
