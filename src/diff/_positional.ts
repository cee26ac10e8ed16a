// Position-by-position comparison of two outputs' compared columns, straight
// on the typed arrays: row i of legacy against row i of new. It settles the
// common case (same rows in the same order) without hashing, and exactly
// (no hash collisions). Types the fast loops do not cover (nested,
// dictionary, two different types) are compared by cell hash.

import { type Data, DataType, Precision, type Vector } from "apache-arrow";
import { hashData, type Seeds } from "../arrow/row_hash.ts";
import { typeString } from "./_type_string.ts";

/** A compared column pair for {@link positionalDiff}. */
export interface PositionalColumn {
  readonly left: Vector;
  readonly right: Vector;
  readonly seeds: Seeds;
}

/**
 * Flags (1) the rows i < m whose cells differ in any of the columns, legacy
 * row i against new row i. Equality is the diff's exact equality: null =
 * null, NaN = NaN, -0 = 0.
 */
export function positionalDiff(cols: readonly PositionalColumn[], m: number): Uint8Array {
  const flags = new Uint8Array(m);
  for (const col of cols) {
    const same = typeString(col.left.type) === typeString(col.right.type);
    const lChunks = col.left.data;
    const nChunks = col.right.data;
    let li = 0, ni = 0; // chunk indices
    let lx = 0, nx = 0; // offsets inside the chunks
    let at = 0;
    while (at < m) {
      const ld = lChunks[li]!;
      const nd = nChunks[ni]!;
      const len = Math.min(ld.length - lx, nd.length - nx, m - at);
      if (len > 0) compareSegment(ld, lx, nd, nx, len, flags, at, same, col.seeds);
      at += len;
      lx += len;
      nx += len;
      if (lx >= ld.length) {
        li++;
        lx = 0;
      }
      if (nx >= nd.length) {
        ni++;
        nx = 0;
      }
    }
  }
  return flags;
}

function hasNulls(d: Data): boolean {
  const bitmap = d.nullBitmap;
  return !!bitmap && bitmap.length > 0 && d.nullCount > 0;
}

function compareSegment(
  ld: Data,
  lx: number,
  nd: Data,
  nx: number,
  len: number,
  flags: Uint8Array,
  at: number,
  same: boolean,
  seeds: Seeds,
): void {
  const type = ld.type;
  const nulls = hasNulls(ld) || hasNulls(nd);
  if (same && !DataType.isDictionary(type) && !DataType.isDictionary(nd.type)) {
    if (DataType.isFloat(type) && type.precision !== Precision.HALF) {
      compareFloats(
        ld.values as Float64Array,
        nd.values as Float64Array,
        ld,
        lx,
        nd,
        nx,
        len,
        flags,
        at,
        nulls,
      );
      return;
    }
    if (
      DataType.isInt(type) || DataType.isDate(type) || DataType.isTimestamp(type) ||
      DataType.isTime(type) || DataType.isDuration(type) || DataType.isDecimal(type)
    ) {
      const lv = ld.values as ArrayLike<number> | BigInt64Array | BigUint64Array;
      const nv = nd.values as ArrayLike<number> | BigInt64Array | BigUint64Array;
      if (lv instanceof BigInt64Array || lv instanceof BigUint64Array) {
        const nb = nv as BigInt64Array;
        compareWords(
          new Uint32Array(lv.buffer, lv.byteOffset, lv.length * 2),
          new Uint32Array(nb.buffer, nb.byteOffset, nb.length * 2),
          2,
          ld,
          lx,
          nd,
          nx,
          len,
          flags,
          at,
          nulls,
        );
      } else {
        const stride = DataType.isDecimal(type) ? ld.stride : 1;
        compareWords(lv, nv as ArrayLike<number>, stride, ld, lx, nd, nx, len, flags, at, nulls);
      }
      return;
    }
    if (DataType.isBool(type)) {
      compareBools(ld, lx, nd, nx, len, flags, at);
      return;
    }
    if (DataType.isUtf8(type) || DataType.isBinary(type)) {
      compareBytes(ld, lx, nd, nx, len, flags, at, nulls);
      return;
    }
  }
  compareByHash(ld, lx, nd, nx, len, flags, at, seeds);
}

/** True when rows lx.. of `ld` and nx.. of `nd` are null at the same rows. */
function sameValidity(ld: Data, lx: number, nd: Data, nx: number, len: number): boolean {
  const [lm, lp] = validity(ld, lx, len);
  const [nm, np] = validity(nd, nx, len);
  let k = 0;
  if ((lp & 7) === (np & 7)) {
    for (; k < len && ((lp + k) & 7) !== 0; k++) {
      const p = lp + k, q = np + k;
      if (((lm[p >> 3]! >> (p & 7)) & 1) !== ((nm[q >> 3]! >> (q & 7)) & 1)) return false;
    }
    const lb = (lp + k) >> 3, nb = (np + k) >> 3;
    const bytes = (len - k) >> 3;
    for (let j = 0; j < bytes; j++) if (lm[lb + j] !== nm[nb + j]) return false;
    k += bytes << 3;
  }
  for (; k < len; k++) {
    const p = lp + k, q = np + k;
    if (((lm[p >> 3]! >> (p & 7)) & 1) !== ((nm[q >> 3]! >> (q & 7)) & 1)) return false;
  }
  return true;
}

/** The validity bitmap of `d` and the bit position of row `x`; all-valid when it has none. */
function validity(d: Data, x: number, len: number): [Uint8Array, number] {
  const bitmap = d.nullBitmap;
  if (!bitmap || bitmap.length === 0 || d.nullCount === 0) {
    return [new Uint8Array((len >> 3) + 1).fill(255), 0];
  }
  return [bitmap, d.offset + x];
}

function compareFloats(
  lv: Float64Array | Float32Array,
  nv: Float64Array | Float32Array,
  ld: Data,
  lx: number,
  nd: Data,
  nx: number,
  len: number,
  flags: Uint8Array,
  at: number,
  nulls: boolean,
): void {
  if (!nulls) {
    for (let k = 0; k < len; k++) {
      const a = lv[lx + k]!;
      const b = nv[nx + k]!;
      if (a !== b && (a === a || b === b)) flags[at + k] = 1;
    }
    return;
  }
  if (sameValidity(ld, lx, nd, nx, len)) {
    // Fast path: equal validity and equal values (also under the nulls).
    let same = true;
    for (let k = 0; k < len; k++) {
      const a = lv[lx + k]!;
      const b = nv[nx + k]!;
      if (a !== b && (a === a || b === b)) {
        same = false;
        break;
      }
    }
    if (same) return;
  }
  const [lm, lp] = validity(ld, lx, len);
  const [nm, np] = validity(nd, nx, len);
  for (let k = 0; k < len; k++) {
    const p = lp + k, q = np + k;
    const vl = (lm[p >> 3]! >> (p & 7)) & 1;
    const vn = (nm[q >> 3]! >> (q & 7)) & 1;
    if (vl !== vn) flags[at + k] = 1;
    else if (vl) {
      const a = lv[lx + k]!;
      const b = nv[nx + k]!;
      if (a !== b && (a === a || b === b)) flags[at + k] = 1;
    }
  }
}

function compareWords(
  lv: ArrayLike<number>,
  nv: ArrayLike<number>,
  stride: number,
  ld: Data,
  lx: number,
  nd: Data,
  nx: number,
  len: number,
  flags: Uint8Array,
  at: number,
  nulls: boolean,
): void {
  if (stride === 1 && !nulls) {
    for (let k = 0; k < len; k++) if (lv[lx + k] !== nv[nx + k]) flags[at + k] = 1;
    return;
  }
  if (stride === 2 && !nulls) {
    for (let k = 0; k < len; k++) {
      const p = 2 * (lx + k), q = 2 * (nx + k);
      if (lv[p] !== nv[q] || lv[p + 1] !== nv[q + 1]) flags[at + k] = 1;
    }
    return;
  }
  if (nulls && sameValidity(ld, lx, nd, nx, len)) {
    // Fast path: equal validity and equal values (also under the nulls).
    let same = true;
    const p = stride * lx, q = stride * nx;
    for (let w = 0; w < stride * len; w++) {
      if (lv[p + w] !== nv[q + w]) {
        same = false;
        break;
      }
    }
    if (same) return;
  }
  const [lm, lp] = validity(ld, lx, len);
  const [nm, np] = validity(nd, nx, len);
  for (let k = 0; k < len; k++) {
    const bp = lp + k, bq = np + k;
    const vl = (lm[bp >> 3]! >> (bp & 7)) & 1;
    const vn = (nm[bq >> 3]! >> (bq & 7)) & 1;
    if (vl !== vn) {
      flags[at + k] = 1;
      continue;
    }
    if (!vl) continue;
    const p = stride * (lx + k), q = stride * (nx + k);
    for (let w = 0; w < stride; w++) {
      if (lv[p + w] !== nv[q + w]) {
        flags[at + k] = 1;
        break;
      }
    }
  }
}

function compareBools(
  ld: Data,
  lx: number,
  nd: Data,
  nx: number,
  len: number,
  flags: Uint8Array,
  at: number,
): void {
  const lb = ld.values as Uint8Array, nb = nd.values as Uint8Array;
  const lo = ld.offset + lx, no = nd.offset + nx;
  const [lm, lp] = validity(ld, lx, len);
  const [nm, np] = validity(nd, nx, len);
  for (let k = 0; k < len; k++) {
    const bp = lp + k, bq = np + k;
    const vl = (lm[bp >> 3]! >> (bp & 7)) & 1;
    const vn = (nm[bq >> 3]! >> (bq & 7)) & 1;
    if (vl !== vn) {
      flags[at + k] = 1;
      continue;
    }
    if (!vl) continue;
    const p = lo + k, q = no + k;
    if (((lb[p >> 3]! >> (p & 7)) & 1) !== ((nb[q >> 3]! >> (q & 7)) & 1)) flags[at + k] = 1;
  }
}

/** True when the byte ranges are equal, compared a word at a time where both align. */
function sameBytes(x: Uint8Array, xs: number, y: Uint8Array, ys: number, len: number): boolean {
  let k = 0;
  const xa = x.byteOffset + xs, ya = y.byteOffset + ys;
  if ((xa & 3) === (ya & 3) && len >= 16) {
    while (((xa + k) & 3) !== 0) {
      if (x[xs + k] !== y[ys + k]) return false;
      k++;
    }
    const words = (len - k) >> 2;
    const xw = new Int32Array(x.buffer, xa + k, words);
    const yw = new Int32Array(y.buffer, ya + k, words);
    for (let w = 0; w < words; w++) if (xw[w] !== yw[w]) return false;
    k += words << 2;
  }
  for (; k < len; k++) if (x[xs + k] !== y[ys + k]) return false;
  return true;
}

function compareBytes(
  ld: Data,
  lx: number,
  nd: Data,
  nx: number,
  len: number,
  flags: Uint8Array,
  at: number,
  nulls: boolean,
): void {
  const lb = ld.values as Uint8Array, nb = nd.values as Uint8Array;
  const lo = ld.valueOffsets as Int32Array, no = nd.valueOffsets as Int32Array;
  if (!nulls || sameValidity(ld, lx, nd, nx, len)) {
    // Fast path: same validity, same lengths everywhere and one equal block of bytes.
    const l0 = lo[lx]!, n0 = no[nx]!;
    let sameShape = true;
    for (let k = 1; k <= len; k++) {
      if (lo[lx + k]! - l0 !== no[nx + k]! - n0) {
        sameShape = false;
        break;
      }
    }
    if (sameShape && sameBytes(lb, l0, nb, n0, lo[lx + len]! - l0)) return;
  }
  const [lm, lp] = validity(ld, lx, len);
  const [nm, np] = validity(nd, nx, len);
  for (let k = 0; k < len; k++) {
    const bp = lp + k, bq = np + k;
    const vl = (lm[bp >> 3]! >> (bp & 7)) & 1;
    const vn = (nm[bq >> 3]! >> (bq & 7)) & 1;
    if (vl !== vn) {
      flags[at + k] = 1;
      continue;
    }
    if (!vl) continue;
    const ls = lo[lx + k]!, le = lo[lx + k + 1]!;
    const ns = no[nx + k]!;
    if (le - ls !== no[nx + k + 1]! - ns) {
      flags[at + k] = 1;
      continue;
    }
    for (let j = 0; j < le - ls; j++) {
      if (lb[ls + j] !== nb[ns + j]) {
        flags[at + k] = 1;
        break;
      }
    }
  }
}
function compareByHash(
  ld: Data,
  lx: number,
  nd: Data,
  nx: number,
  len: number,
  flags: Uint8Array,
  at: number,
  seeds: Seeds,
): void {
  const la = new Uint32Array(len), lb = new Uint32Array(len);
  const na = new Uint32Array(len), nb = new Uint32Array(len);
  hashData(ld.slice(lx, len), seeds, la, lb, 0);
  hashData(nd.slice(nx, len), seeds, na, nb, 0);
  for (let k = 0; k < len; k++) if (la[k] !== na[k] || lb[k] !== nb[k]) flags[at + k] = 1;
}
