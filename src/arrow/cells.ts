/**
 * Reading single cells of Arrow data by value: equality with float
 * tolerance, numeric value, and JSON rendering for samples.
 *
 * @module
 */
// Reading single cells of Arrow Data by value: equality (with float
// tolerance), numeric value for error statistics, and a JSON-safe rendering
// for samples. Used only on rows the hashes could not settle, never on the
// whole table.

import {
  type Data,
  DataType,
  DateUnit,
  makeVector,
  Precision,
  TimeUnit,
  type Vector,
} from "apache-arrow";

/** Absolute and relative float tolerance. */
export interface Tol {
  readonly abs: number;
  readonly rel: number;
}

/** A JSON value (what samples are made of). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A (possibly chunked) column with the first row of each chunk, for random access. */
export interface Chunks {
  readonly data: readonly Data[];
  readonly starts: Float64Array;
}

/** Index a vector's chunks for {@link chunkOf}. */
export function chunksOf(vector: Vector): Chunks {
  const starts = new Float64Array(vector.data.length + 1);
  vector.data.forEach((d, i) => {
    starts[i + 1] = starts[i]! + d.length;
  });
  return { data: vector.data, starts };
}

/** Index of the chunk that holds `row` (binary search). */
export function chunkOf(c: Chunks, row: number): number {
  const starts = c.starts;
  let lo = 0;
  let hi = c.data.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** True when cell `i` of `d` is not null. */
export function isValid(d: Data, i: number): boolean {
  if (DataType.isNull(d.type)) return false;
  const bitmap = d.nullBitmap;
  if (!bitmap || bitmap.length === 0 || d.nullCount === 0) return true;
  const p = d.offset + i;
  return ((bitmap[p >> 3]! >> (p & 7)) & 1) === 1;
}

function dictionaryCell(d: Data, i: number): [Data, number] | null {
  const dict = d.dictionary;
  if (!dict) return null;
  const k = Number((d.values as ArrayLike<number | bigint>)[i]!);
  const c = chunksOf(dict);
  const j = chunkOf(c, k);
  return [c.data[j]!, k - c.starts[j]!];
}

function intValue(d: Data, i: number): number | bigint {
  return (d.values as ArrayLike<number | bigint>)[i]!;
}

/** The unscaled value of a decimal cell (two's complement over `stride` words). */
function decimalUnscaled(d: Data, i: number): bigint {
  const w = d.values as Uint32Array;
  const stride = d.stride;
  let v = 0n;
  for (let k = stride - 1; k >= 0; k--) v = (v << 32n) | BigInt(w[i * stride + k]!);
  const bits = BigInt(stride * 32);
  if (v >> (bits - 1n)) v -= 1n << bits;
  return v;
}

/** Float equality of the output diff: NaN = NaN, -0 = 0, finite values within tolerance. */
export function floatsEqual(a: number, b: number, tol: Tol): boolean {
  if (a === b) return true;
  if (a !== a) return b !== b;
  if (b !== b) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const diff = Math.abs(a - b);
  return diff <= tol.abs || diff <= tol.rel * Math.max(Math.abs(a), Math.abs(b));
}

function bytesOf(d: Data, i: number): Uint8Array {
  const o = d.valueOffsets as ArrayLike<number | bigint>;
  return (d.values as Uint8Array).subarray(Number(o[i]!), Number(o[i + 1]!));
}

function bytesEqual(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

/**
 * Compare cell `li` of `ld` with cell `ni` of `nd` by value. The two types
 * must be compatible (see `typesCompatible`). Nulls equal nulls; floats
 * (also inside lists and structs) compare with {@link floatsEqual}.
 */
export function cellEquals(ld: Data, li: number, nd: Data, ni: number, tol: Tol): boolean {
  if (DataType.isDictionary(ld.type)) {
    const c = dictionaryCell(ld, li);
    if (!isValid(ld, li) || !c) return !isValid(nd, ni);
    return cellEquals(c[0], c[1], nd, ni, tol);
  }
  if (DataType.isDictionary(nd.type)) {
    const c = dictionaryCell(nd, ni);
    if (!isValid(nd, ni) || !c) return !isValid(ld, li);
    return cellEquals(ld, li, c[0], c[1], tol);
  }
  const vl = isValid(ld, li);
  const vn = isValid(nd, ni);
  if (!vl || !vn) return vl === vn;
  const type = ld.type;
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) {
    const a = (ld.values as Float64Array)[li]!;
    const b = (nd.values as Float64Array)[ni]!;
    return floatsEqual(a, b, tol);
  }
  if (
    DataType.isInt(type) || DataType.isDate(type) || DataType.isTimestamp(type) ||
    DataType.isTime(type) || DataType.isDuration(type)
  ) {
    const a = intValue(ld, li);
    const b = intValue(nd, ni);
    if (typeof a === typeof b) return a === b;
    return BigInt(a) === BigInt(b);
  }
  if (DataType.isBool(type)) {
    const pl = ld.offset + li;
    const pn = nd.offset + ni;
    const bl = ((ld.values as Uint8Array)[pl >> 3]! >> (pl & 7)) & 1;
    const bn = ((nd.values as Uint8Array)[pn >> 3]! >> (pn & 7)) & 1;
    return bl === bn;
  }
  if (DataType.isDecimal(type)) return decimalUnscaled(ld, li) === decimalUnscaled(nd, ni);
  if (
    DataType.isUtf8(type) || DataType.isBinary(type) || DataType.isLargeUtf8(type) ||
    DataType.isLargeBinary(type)
  ) {
    return bytesEqual(bytesOf(ld, li), bytesOf(nd, ni));
  }
  if (DataType.isList(type)) {
    const ol = ld.valueOffsets as Int32Array;
    const on = nd.valueOffsets as Int32Array;
    const len = ol[li + 1]! - ol[li]!;
    if (len !== on[ni + 1]! - on[ni]!) return false;
    const cl = ld.children[0];
    const cn = nd.children[0];
    if (!cl || !cn) return len === 0;
    for (let k = 0; k < len; k++) {
      if (!cellEquals(cl, ol[li]! + k, cn, on[ni]! + k, tol)) return false;
    }
    return true;
  }
  if (DataType.isStruct(type)) {
    for (let k = 0; k < ld.children.length; k++) {
      const cl = ld.children[k];
      const cn = nd.children[k];
      if (!cl || !cn || !cellEquals(cl, li, cn, ni, tol)) return false;
    }
    return true;
  }
  return JSON.stringify(cellJson(ld, li)) === JSON.stringify(cellJson(nd, ni));
}

/** The numeric value of a cell (integers, floats, decimals), or null. */
export function cellNumber(d: Data, i: number): number | null {
  if (DataType.isDictionary(d.type)) {
    const c = dictionaryCell(d, i);
    return c && isValid(d, i) ? cellNumber(c[0], c[1]) : null;
  }
  if (!isValid(d, i)) return null;
  const type = d.type;
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) {
    return (d.values as Float64Array)[i]!;
  }
  if (DataType.isInt(type)) return Number(intValue(d, i));
  if (DataType.isDecimal(type)) return Number(decimalUnscaled(d, i)) / 10 ** type.scale;
  return null;
}

/** |a - b| of two numeric cells, exact for 64-bit integers; null when not numeric or null. */
export function cellAbsDiff(ld: Data, li: number, nd: Data, ni: number): number | null {
  if (
    DataType.isInt(ld.type) && DataType.isInt(nd.type) && isValid(ld, li) && isValid(nd, ni)
  ) {
    const a = intValue(ld, li);
    const b = intValue(nd, ni);
    const d = typeof a === "number" && typeof b === "number" ? a - b : BigInt(a) - BigInt(b);
    return Math.abs(Number(d));
  }
  const a = cellNumber(ld, li);
  const b = cellNumber(nd, ni);
  if (a === null || b === null) return null;
  return Math.abs(a - b);
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

const decoder = new TextDecoder();

function floatJson(v: number): Json {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v === 0 ? 0 : v;
}

function pad(n: bigint | number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Days since the epoch to `YYYY-MM-DD` (proleptic Gregorian, any range). */
function civilDate(days: bigint): string {
  // Howard Hinnant's days_from_civil inverse.
  const z = days + 719468n;
  const era = (z >= 0n ? z : z - 146096n) / 146097n;
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = doy - (153n * mp + 2n) / 5n + 1n;
  const m = mp < 10n ? mp + 3n : mp - 9n;
  const y = yoe + era * 400n + (m <= 2n ? 1n : 0n);
  const year = y < 0n ? `-${pad(-y, 4)}` : pad(y, 4);
  return `${year}-${pad(m, 2)}-${pad(d, 2)}`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}

const UNIT_PER_SECOND: Readonly<Record<number, bigint>> = {
  [TimeUnit.SECOND]: 1n,
  [TimeUnit.MILLISECOND]: 1000n,
  [TimeUnit.MICROSECOND]: 1000000n,
  [TimeUnit.NANOSECOND]: 1000000000n,
};

function timestampText(v: bigint, unit: TimeUnit, tz: string | null | undefined): string {
  const per = UNIT_PER_SECOND[unit] ?? 1n;
  const secs = floorDiv(v, per);
  const frac = v - secs * per;
  const days = floorDiv(secs, 86400n);
  const sod = secs - days * 86400n;
  const time = `${pad(sod / 3600n, 2)}:${pad((sod / 60n) % 60n, 2)}:${pad(sod % 60n, 2)}`;
  const digits = per === 1n ? "" : `.${pad(frac, String(per).length - 1)}`;
  const zone = tz ? (tz === "UTC" || tz === "Z" || tz === "+00:00" ? "Z" : `[${tz}]`) : "";
  return `${civilDate(days)}T${time}${digits}${zone}`;
}

function decimalText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let digits = String(neg ? -unscaled : unscaled);
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  } else if (scale < 0) {
    digits = digits + "0".repeat(-scale);
  }
  return neg ? `-${digits}` : digits;
}

function genericJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number") return floatJson(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Uint8Array) return hex(value);
  if (ArrayBuffer.isView(value)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, genericJson);
  }
  if (typeof value === "object" && Symbol.iterator in value) {
    return Array.from(value as Iterable<unknown>, genericJson);
  }
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = genericJson(v);
    return out;
  }
  return String(value);
}

/**
 * A cell as JSON: 64-bit integers and decimals as decimal strings, binary as
 * hex, date32 as `YYYY-MM-DD`, timestamps as ISO 8601 with the unit's
 * fraction digits (`Z` when the zone is UTC), NaN/±Infinity as strings,
 * lists as arrays and structs as objects.
 */
export function cellJson(d: Data, i: number): Json {
  const type = d.type;
  if (DataType.isDictionary(type)) {
    const c = dictionaryCell(d, i);
    return c && isValid(d, i) ? cellJson(c[0], c[1]) : null;
  }
  if (!isValid(d, i)) return null;
  if (DataType.isBool(type)) {
    const p = d.offset + i;
    return (((d.values as Uint8Array)[p >> 3]! >> (p & 7)) & 1) === 1;
  }
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) {
    return floatJson((d.values as Float64Array)[i]!);
  }
  if (DataType.isInt(type)) {
    const v = intValue(d, i);
    return typeof v === "bigint" ? String(v) : v;
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return decoder.decode(bytesOf(d, i));
  if (DataType.isBinary(type) || DataType.isLargeBinary(type)) return hex(bytesOf(d, i));
  if (DataType.isDate(type)) {
    const v = intValue(d, i);
    if (type.unit === DateUnit.DAY) return civilDate(BigInt(v));
    return timestampText(BigInt(v), TimeUnit.MILLISECOND, null);
  }
  if (DataType.isTimestamp(type)) {
    return timestampText(BigInt(intValue(d, i)), type.unit, type.timezone);
  }
  if (DataType.isDecimal(type)) return decimalText(decimalUnscaled(d, i), type.scale);
  if (DataType.isList(type)) {
    const o = d.valueOffsets as Int32Array;
    const child = d.children[0];
    const out: Json[] = [];
    if (child) { for (let k = o[i]!; k < o[i + 1]!; k++) out.push(cellJson(child, k)); }
    return out;
  }
  if (DataType.isStruct(type)) {
    const out: { [key: string]: Json } = {};
    type.children.forEach((f, k) => {
      const child = d.children[k];
      out[f.name] = child ? cellJson(child, i) : null;
    });
    return out;
  }
  if (DataType.isTime(type) || DataType.isDuration(type)) {
    const v = intValue(d, i);
    return typeof v === "bigint" ? String(v) : v;
  }
  return genericJson(makeVector(d.slice(i, 1)).get(0));
}
