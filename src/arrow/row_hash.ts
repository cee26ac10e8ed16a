/**
 * Row hashes of Arrow tables, column by column on typed arrays (64 bits as
 * two u32 lanes): shared by the output diff and the snapshot digest.
 *
 * @module
 */
// Columnar 64-bit cell and row hashes for the output diff.
//
// A cell hash is two 32-bit lanes (a, b) computed straight from an Arrow
// Data's typed arrays (values, validity bitmap, utf8 offsets + bytes), with
// floats normalized first (-0 -> 0, every NaN -> one NaN) so that hash
// equality follows the diff's exact value equality. A row hash is the lane-wise
// sum (mod 2^32) of its cells' hashes, each seeded by the column's position, so
// a row's hash without some of its columns is a subtraction away. Compatible
// types hash alike: every integer width hashes its 64-bit two's complement
// value and float32 hashes as the float64 it widens to.
//
// Nothing here allocates per row; nested types (list, struct, dictionary) hash
// their children column-wise first and then fold them per row.

import { type Data, DataType, Precision, type Vector } from "apache-arrow";
import { cellJson, chunkOf, chunksOf } from "./cells.ts";

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const C3 = 0x85ebca6b;
const C4 = 0xc2b2ae35;
const C5 = 0x27d4eb2f;
const C6 = 0x165667b1;
const NULL_A = 0x6b43a9b5;
const NULL_B = 0x2f0d8c1e;

/** murmur3's 32-bit finalizer: a bijection on u32 with full avalanche. */
function fmix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, C3);
  h ^= h >>> 13;
  h = Math.imul(h, C4);
  h ^= h >>> 16;
  return h >>> 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** The two lane seeds of the column (or struct field) at position `index`. */
export interface Seeds {
  readonly a: number;
  readonly b: number;
}

/** Seeds for the column at `index` of the compared-column list (or a struct field / list level). */
export function seedsFor(index: number, salt = 0): Seeds {
  return {
    a: fmix((Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt, C5) ^ 0x3c6ef372) >>> 0),
    b: fmix((Math.imul(index + 1, 0x7f4a7c15) + Math.imul(salt, C6) + 0x1d8e4e27) >>> 0),
  };
}

/** Per-row hash lanes of some rows. */
export interface HashLanes {
  readonly a: Uint32Array;
  readonly b: Uint32Array;
}

/**
 * Write the cell hashes of rows [0, data.length) of `data` into
 * outA/outB[outOffset + i]. Nulls hash to a per-seed constant.
 */
export function hashData(
  data: Data,
  seeds: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  outOffset: number,
): void {
  hashRange(data, 0, data.length, seeds, outA, outB, outOffset);
}

/**
 * Write the cell hashes of rows [start, start + n) of `data` into
 * outA/outB[outOffset + i]. Flat types read the range in place; nested
 * types hash a slice.
 */
function hashRange(
  data: Data,
  start: number,
  n: number,
  seeds: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  outOffset: number,
): void {
  if (n === 0) return;
  outA.fill(0, outOffset, outOffset + n);
  outB.fill(0, outOffset, outOffset + n);
  if (addFlat(data, start, n, seeds, outA, outB, outOffset)) {
    applyNulls(data, start, n, seeds, outA, outB, outOffset);
    return;
  }
  const part = start === 0 && n === data.length ? data : data.slice(start, n);
  const type = part.type;
  if (DataType.isDictionary(type)) {
    hashDictionary(part, seeds, outA, outB, outOffset);
  } else if (DataType.isNull(type)) {
    // every cell is null: filled below
  } else if (DataType.isList(type) && part.children[0] !== undefined) {
    hashList(part, part.children[0], seeds, outA, outB, outOffset);
  } else if (DataType.isStruct(type)) {
    hashStruct(part, seeds, outA, outB, outOffset);
  } else {
    hashGeneric(part, seeds, outA, outB, outOffset);
  }
  applyNulls(part, 0, n, seeds, outA, outB, outOffset);
}

/**
 * Add the value hashes of rows [start, start + n) of a flat (non-nested)
 * Data into outA/outB at `outOffset` (nulls not applied). Returns false,
 * adding nothing, for types that are not flat.
 */
function addFlat(
  data: Data,
  start: number,
  n: number,
  seeds: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  outOffset: number,
): boolean {
  const type = data.type;
  const end = start + n;
  if (DataType.isBool(type)) {
    hashBool(data.values as Uint8Array, data.offset + start, n, seeds, outA, outB, outOffset);
  } else if (DataType.isFloat(type) && type.precision !== Precision.HALF) {
    const v = data.values as Float32Array | Float64Array;
    const f64 = v instanceof Float64Array
      ? v.subarray(start, end)
      : new Float64Array(v.subarray(start, end));
    hashFloat64(f64, n, seeds, outA, outB, outOffset);
  } else if (
    DataType.isInt(type) || DataType.isDate(type) || DataType.isTimestamp(type) ||
    DataType.isTime(type) || DataType.isDuration(type)
  ) {
    const v = data.values as
      | Int8Array
      | Int16Array
      | Int32Array
      | Uint8Array
      | Uint16Array
      | Uint32Array
      | BigInt64Array
      | BigUint64Array;
    if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
      const words = new Uint32Array(v.buffer, v.byteOffset + start * 8, n * 2);
      hashWords64(words, n, seeds, outA, outB, outOffset);
    } else if (v instanceof Int32Array) {
      hashInt32(v.subarray(start, end), n, seeds, outA, outB, outOffset);
    } else if (v instanceof Uint32Array) {
      hashUint32(v.subarray(start, end), n, seeds, outA, outB, outOffset);
    } else {
      hashSmallInts(v.subarray(start, end), n, seeds, outA, outB, outOffset);
    }
  } else if (DataType.isDecimal(type)) {
    const stride = data.stride;
    const words = (data.values as Uint32Array).subarray(start * stride, end * stride);
    hashDecimal(words, stride, n, seeds, outA, outB, outOffset);
  } else if (DataType.isUtf8(type) || DataType.isBinary(type)) {
    hashBytes(
      data.values as Uint8Array,
      (data.valueOffsets as Int32Array).subarray(start, end + 1),
      n,
      seeds,
      outA,
      outB,
      outOffset,
    );
  } else if (DataType.isLargeUtf8(type) || DataType.isLargeBinary(type)) {
    const big = (data.valueOffsets as BigInt64Array).subarray(start, end + 1);
    if (big[n]! >= 2n ** 31n) return false; // beyond int32 offsets: the generic path
    const offsets = Int32Array.from(big, (x) => Number(x));
    hashBytes(data.values as Uint8Array, offsets, n, seeds, outA, outB, outOffset);
  } else {
    return false;
  }
  return true;
}

function applyNulls(
  data: Data,
  start: number,
  n: number,
  seeds: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  outOffset: number,
): void {
  const nullA = fmix(NULL_A ^ seeds.a);
  const nullB = fmix((NULL_B + seeds.b) >>> 0);
  if (DataType.isNull(data.type)) {
    outA.fill(nullA, outOffset, outOffset + n);
    outB.fill(nullB, outOffset, outOffset + n);
    return;
  }
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0 || data.nullCount === 0) return;
  const off = data.offset + start;
  for (let i = 0; i < n; i++) {
    const p = off + i;
    if (((bitmap[p >> 3]! >> (p & 7)) & 1) === 0) {
      outA[outOffset + i] = nullA;
      outB[outOffset + i] = nullB;
    }
  }
}

function hashInt32(
  v: Int32Array,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const sa = s.a, sb = s.b;
  for (let i = 0; i < n; i++) {
    const lo = v[i]!;
    const x = Math.imul(lo ^ sa, C1);
    const y = Math.imul((lo >> 31) ^ sb, C2);
    outA[o + i] = outA[o + i]! + fmix(x ^ rotl(y, 16));
    outB[o + i] = outB[o + i]! + fmix((y + rotl(x, 13)) | 0);
  }
}

function hashUint32(
  v: Uint32Array,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const sa = s.a, sb = s.b;
  const y = Math.imul(sb, C2);
  for (let i = 0; i < n; i++) {
    const x = Math.imul(v[i]! ^ sa, C1);
    outA[o + i] = outA[o + i]! + fmix(x ^ rotl(y, 16));
    outB[o + i] = outB[o + i]! + fmix((y + rotl(x, 13)) | 0);
  }
}

function hashSmallInts(
  v: ArrayLike<number>,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const sa = s.a, sb = s.b;
  for (let i = 0; i < n; i++) {
    const lo = v[i]! | 0; // int8/int16/uint8/uint16 all fit in int32 exactly
    const x = Math.imul(lo ^ sa, C1);
    const y = Math.imul((lo >> 31) ^ sb, C2);
    outA[o + i] = outA[o + i]! + fmix(x ^ rotl(y, 16));
    outB[o + i] = outB[o + i]! + fmix((y + rotl(x, 13)) | 0);
  }
}

function hashWords64(
  w: Uint32Array,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const sa = s.a, sb = s.b;
  for (let i = 0; i < n; i++) {
    const x = Math.imul(w[2 * i]! ^ sa, C1);
    const y = Math.imul(w[2 * i + 1]! ^ sb, C2);
    outA[o + i] = outA[o + i]! + fmix(x ^ rotl(y, 16));
    outB[o + i] = outB[o + i]! + fmix((y + rotl(x, 13)) | 0);
  }
}

const CANON_NAN_HI = 0x7ff80000;

function hashFloat64(
  f: Float64Array,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const w = new Uint32Array(f.buffer, f.byteOffset, n * 2);
  const sa = s.a, sb = s.b;
  for (let i = 0; i < n; i++) {
    const v = f[i]!;
    let lo = w[2 * i]!;
    let hi = w[2 * i + 1]!;
    if (v !== v) {
      lo = 0;
      hi = CANON_NAN_HI;
    } else if (v === 0) {
      lo = 0;
      hi = 0;
    }
    const x = Math.imul(lo ^ sa, C1);
    const y = Math.imul(hi ^ sb, C2);
    outA[o + i] = outA[o + i]! + fmix(x ^ rotl(y, 16));
    outB[o + i] = outB[o + i]! + fmix((y + rotl(x, 13)) | 0);
  }
}

function hashBool(
  bits: Uint8Array,
  off: number,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const y = Math.imul(s.b, C2);
  const x0 = Math.imul(0 ^ s.a, C1);
  const x1 = Math.imul(1 ^ s.a, C1);
  const f0a = fmix(x0 ^ rotl(y, 16)), f0b = fmix((y + rotl(x0, 13)) | 0);
  const f1a = fmix(x1 ^ rotl(y, 16)), f1b = fmix((y + rotl(x1, 13)) | 0);
  for (let i = 0; i < n; i++) {
    const p = off + i;
    if ((bits[p >> 3]! >> (p & 7)) & 1) {
      outA[o + i] = outA[o + i]! + f1a;
      outB[o + i] = outB[o + i]! + f1b;
    } else {
      outA[o + i] = outA[o + i]! + f0a;
      outB[o + i] = outB[o + i]! + f0b;
    }
  }
}

function hashDecimal(
  w: Uint32Array,
  stride: number,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const sa = s.a, sb = s.b;
  for (let i = 0; i < n; i++) {
    const base = i * stride;
    let lo = w[base]!;
    let hi = w[base + 1]!;
    for (let k = 2; k < stride; k++) {
      const m = Math.imul(w[base + k]!, 0x9e3779b1 + k);
      if (k & 1) hi ^= rotl(m, k);
      else lo ^= rotl(m, k);
    }
    const x = Math.imul(lo ^ sa, C1);
    const y = Math.imul(hi ^ sb, C2);
    outA[o + i] = outA[o + i]! + fmix(x ^ rotl(y, 16));
    outB[o + i] = outB[o + i]! + fmix((y + rotl(x, 13)) | 0);
  }
}

/** Hash byte ranges [offsets[i], offsets[i+1]) of `bytes`: murmur3-style, two lanes. */
function hashBytes(
  bytes: Uint8Array,
  offsets: Int32Array,
  n: number,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const sa = s.a, sb = s.b;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const len = end - start;
    let h1 = sa ^ len;
    let h2 = (sb + Math.imul(len, C5)) | 0;
    let j = start;
    const stop = end - 3;
    for (; j < stop; j += 4) {
      const k = view.getInt32(j, true); // little-endian on every machine
      let k1 = Math.imul(k, C1);
      k1 = (k1 << 15) | (k1 >>> 17);
      h1 ^= Math.imul(k1, C2);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      h2 ^= Math.imul(k, C5);
      h2 = (h2 << 17) | (h2 >>> 15);
      h2 = (Math.imul(h2, C6) + 0x7f4a7c15) | 0;
    }
    if (j < end) {
      let k = 0;
      for (let sh = 0; j < end; j++, sh += 8) k |= bytes[j]! << sh;
      let k1 = Math.imul(k, C1);
      k1 = (k1 << 15) | (k1 >>> 17);
      h1 ^= Math.imul(k1, C2);
      h2 ^= Math.imul(k, C5);
      h2 = (h2 << 17) | (h2 >>> 15);
      h2 = Math.imul(h2, C6);
    }
    outA[o + i] = outA[o + i]! + fmix(h1 ^ len);
    outB[o + i] = outB[o + i]! + fmix((h2 ^ (len << 7)) >>> 0);
  }
}

function hashList(
  data: Data,
  child: Data,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const n = data.length;
  const offsets = data.valueOffsets as Int32Array;
  const first = offsets[0]!;
  const last = offsets[n]!;
  const elems = child.slice(first, last - first);
  const eA = new Uint32Array(last - first);
  const eB = new Uint32Array(last - first);
  hashData(elems, seedsFor(s.a, s.b), eA, eB, 0);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]! - first;
    const end = offsets[i + 1]! - first;
    let h1 = s.a;
    let h2 = s.b;
    for (let j = start; j < end; j++) {
      h1 = rotl(h1 ^ eA[j]!, 13);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      h2 = rotl((h2 + eB[j]!) | 0, 11);
      h2 = Math.imul(h2, 0x9e3779b1);
    }
    outA[o + i] = outA[o + i]! + fmix(h1 ^ (end - start));
    outB[o + i] = outB[o + i]! + fmix((h2 + Math.imul(end - start, C5)) >>> 0);
  }
}

function hashStruct(
  data: Data,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const n = data.length;
  const sumA = new Uint32Array(n);
  const sumB = new Uint32Array(n);
  const tA = new Uint32Array(n);
  const tB = new Uint32Array(n);
  data.children.forEach((child, k) => {
    hashData(child.length === n ? child : child.slice(0, n), seedsFor(k, s.a ^ s.b), tA, tB, 0);
    for (let i = 0; i < n; i++) {
      sumA[i] = sumA[i]! + tA[i]!;
      sumB[i] = sumB[i]! + tB[i]!;
    }
  });
  for (let i = 0; i < n; i++) {
    outA[o + i] = outA[o + i]! + fmix(sumA[i]! ^ s.a);
    outB[o + i] = outB[o + i]! + fmix((sumB[i]! + s.b) >>> 0);
  }
}

function hashDictionary(
  data: Data,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const dict = data.dictionary;
  if (!dict) {
    hashGeneric(data, s, outA, outB, o);
    return;
  }
  const d = vectorHashes(dict, s);
  const idx = data.values as ArrayLike<number> | BigInt64Array;
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const k = Number(idx[i]!);
    outA[o + i] = outA[o + i]! + (d.a[k] ?? 0);
    outB[o + i] = outB[o + i]! + (d.b[k] ?? 0);
  }
}

const encoder = new TextEncoder();

/** Slow path for types outside the SPEC: hash each cell's canonical JSON text. */
function hashGeneric(
  data: Data,
  s: Seeds,
  outA: Uint32Array,
  outB: Uint32Array,
  o: number,
): void {
  const n = data.length;
  const one = new Int32Array(2);
  for (let i = 0; i < n; i++) {
    const bytes = encoder.encode(JSON.stringify(cellJson(data, i)));
    one[1] = bytes.length;
    hashBytes(bytes, one, 1, s, outA, outB, o + i);
  }
}

/** Per-row cell hashes of a whole (possibly chunked) vector. */
export function vectorHashes(vector: Vector, seeds: Seeds): HashLanes {
  const a = new Uint32Array(vector.length);
  const b = new Uint32Array(vector.length);
  let at = 0;
  for (const chunk of vector.data) {
    hashData(chunk, seeds, a, b, at);
    at += chunk.length;
  }
  return { a, b };
}

/**
 * Add the cell hashes of every row of `vector` into accA/accB (row hashes).
 * `scratch` lanes must hold at least the largest chunk.
 */
export function addVectorHashes(
  vector: Vector,
  seeds: Seeds,
  accA: Uint32Array,
  accB: Uint32Array,
  scratch: HashLanes,
): void {
  let at = 0;
  const sA = scratch.a, sB = scratch.b;
  for (const chunk of vector.data) {
    const n = chunk.length;
    const nulls = chunk.nullCount > 0 || DataType.isNull(chunk.type);
    if (nulls || !addFlat(chunk, 0, n, seeds, accA, accB, at)) {
      hashData(chunk, seeds, sA, sB, 0);
      for (let i = 0; i < n; i++) {
        accA[at + i] = accA[at + i]! + sA[i]!;
        accB[at + i] = accB[at + i]! + sB[i]!;
      }
    }
    at += n;
  }
}

/** Size of the largest chunk of any of the vectors (for scratch lanes). */
export function maxChunkLength(vectors: readonly Vector[]): number {
  let max = 0;
  for (const v of vectors) for (const d of v.data) if (d.length > max) max = d.length;
  return max;
}

/**
 * Cell hashes of the given rows of `vector` (out[k] is the hash of row
 * rows[k]). Many rows: one pass over the column; few rows: row by row.
 */
export function gatherHashes(vector: Vector, seeds: Seeds, rows: Int32Array): HashLanes {
  const k = rows.length;
  const a = new Uint32Array(k);
  const b = new Uint32Array(k);
  if (k * 8 >= vector.length) {
    const all = vectorHashes(vector, seeds);
    for (let j = 0; j < k; j++) {
      a[j] = all.a[rows[j]!]!;
      b[j] = all.b[rows[j]!]!;
    }
    return { a, b };
  }
  const chunks = chunksOf(vector);
  for (let j = 0; j < k; j++) {
    const c = chunkOf(chunks, rows[j]!);
    hashRange(chunks.data[c]!, rows[j]! - chunks.starts[c]!, 1, seeds, a, b, j);
  }
  return { a, b };
}
