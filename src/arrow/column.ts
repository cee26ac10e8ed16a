/**
 * The legacy engine's columnar representation: one {@link Col} per column of
 * a batch, typed arrays for values, one validity byte per row (1 = valid,
 * `null` = all valid), offsets + UTF-8 bytes for strings, offsets + child for
 * lists. Conversion to and from apache-arrow `Data` (bitmaps) happens at the
 * edges only.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { fromArrowType, toArrowType } from "./types.ts";
import type { DataType } from "../ir/types.ts";

/** Typed arrays that hold fixed-width values. */
export type NumArray =
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** Physical layout of a type. */
export type Layout = "null" | "bool" | "num" | "big" | "dec" | "var" | "list" | "struct";

/** One column of a batch. */
export interface Col {
  readonly type: DataType;
  readonly length: number;
  /** One byte per row, 1 = valid; null when every row is valid. */
  readonly valid: Uint8Array | null;
  /** bool: Uint8Array of 0/1; num/big: the typed array; dec: Uint32Array, 4 words per row. */
  readonly values?: NumArray;
  /** var and list: length + 1 offsets. */
  readonly offsets?: Int32Array;
  /** var: the bytes (UTF-8 for utf8). */
  readonly data?: Uint8Array;
  /** list: the elements. */
  readonly child?: Col;
  /** struct: the members. */
  readonly children?: readonly Col[];
}

/** A batch: named columns of equal length. */
export interface Frame {
  readonly names: readonly string[];
  readonly cols: readonly Col[];
  readonly length: number;
}

/**
 * The physical layout of a type.
 *
 * @example
 * ```ts
 * import { layoutOf } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * layoutOf(T.int64); // "big"
 * ```
 */
export function layoutOf(t: DataType): Layout {
  switch (t.kind) {
    case "null":
      return "null";
    case "bool":
      return "bool";
    case "int":
      return t.bits === 64 ? "big" : "num";
    case "float":
    case "date32":
      return "num";
    case "timestamp":
      return "big";
    case "decimal":
      return "dec";
    case "utf8":
    case "binary":
      return "var";
    case "list":
      return "list";
    case "struct":
      return "struct";
  }
}

/**
 * Allocate a zeroed typed array for `n` values of a fixed-width type.
 *
 * @example
 * ```ts
 * import { allocValues } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * allocValues(T.float64, 3).length; // 3
 * ```
 */
export function allocValues(t: DataType, n: number): NumArray {
  switch (t.kind) {
    case "bool":
      return new Uint8Array(n);
    case "int":
      switch (t.bits) {
        case 8:
          return t.signed ? new Int8Array(n) : new Uint8Array(n);
        case 16:
          return t.signed ? new Int16Array(n) : new Uint16Array(n);
        case 32:
          return t.signed ? new Int32Array(n) : new Uint32Array(n);
        default:
          return t.signed ? new BigInt64Array(n) : new BigUint64Array(n);
      }
    case "float":
      return t.bits === 32 ? new Float32Array(n) : new Float64Array(n);
    case "date32":
      return new Int32Array(n);
    case "timestamp":
      return new BigInt64Array(n);
    case "decimal":
      return new Uint32Array(n * 4);
    default:
      throw new Error(`allocValues: ${t.kind} is not fixed-width`);
  }
}

/** A column of `n` nulls of type `t`. */
export function nullCol(t: DataType, n: number): Col {
  const valid = new Uint8Array(n);
  switch (layoutOf(t)) {
    case "null":
      return { type: t, length: n, valid };
    case "var":
      return { type: t, length: n, valid, offsets: new Int32Array(n + 1), data: new Uint8Array(0) };
    case "list":
      if (t.kind !== "list") throw new Error("unreachable");
      return {
        type: t,
        length: n,
        valid,
        offsets: new Int32Array(n + 1),
        child: nullCol(t.item, 0),
      };
    case "struct":
      if (t.kind !== "struct") throw new Error("unreachable");
      return { type: t, length: n, valid, children: t.fields.map((f) => nullCol(f.type, n)) };
    default:
      return { type: t, length: n, valid, values: allocValues(t, n) };
  }
}

/** Number of nulls in a column. */
export function nullCount(c: Col): number {
  const v = c.valid;
  if (v === null) return 0;
  let n = 0;
  for (let i = 0; i < c.length; i++) n += v[i]!;
  return c.length - n;
}

/** True when row `i` is valid. */
export function isValid(c: Col, i: number): boolean {
  return c.valid === null || c.valid[i] === 1;
}

// ---------------------------------------------------------------------------
// Arrow -> Col

function bitsToBytes(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if ((offset & 7) === 0) {
    const base = offset >> 3;
    const full = n >> 3;
    for (let b = 0; b < full; b++) {
      const byte = bits[base + b]!;
      const o = b << 3;
      out[o] = byte & 1;
      out[o + 1] = (byte >> 1) & 1;
      out[o + 2] = (byte >> 2) & 1;
      out[o + 3] = (byte >> 3) & 1;
      out[o + 4] = (byte >> 4) & 1;
      out[o + 5] = (byte >> 5) & 1;
      out[o + 6] = (byte >> 6) & 1;
      out[o + 7] = (byte >> 7) & 1;
    }
    for (let i = full << 3; i < n; i++) out[i] = (bits[base + (i >> 3)]! >> (i & 7)) & 1;
    return out;
  }
  for (let i = 0; i < n; i++) {
    const j = offset + i;
    out[i] = (bits[j >> 3]! >> (j & 7)) & 1;
  }
  return out;
}

function bytesToBits(bytes: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/**
 * Convert one Arrow `Data` (one record batch's column) to a {@link Col}.
 * Slices (non-zero offsets) and dictionaries are resolved. apache-arrow's
 * slice convention: `offset` is a bit offset into the validity bitmap and
 * into boolean values only; fixed-width values (and dictionary indices) and
 * value offsets are already sliced (index 0 is the slice's first row), the
 * bytes of utf8/binary and a list's child are not (the offsets index them).
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { fromArrowData } from "./column.ts";
 * const v = arrow.vectorFromArray([1, null, 3], new arrow.Int32());
 * fromArrowData(v.data[0]!).valid; // Uint8Array [1, 0, 1]
 * ```
 */
export function fromArrowData(d: arrow.Data): Col {
  const type = fromArrowType(d.type);
  const n = d.length;
  const off = d.offset;
  let valid: Uint8Array | null = null;
  if (d.nullCount !== 0 && d.nullBitmap && d.nullBitmap.length > 0) {
    valid = bitsToBytes(d.nullBitmap, off, n);
  } else if (d.type.typeId === arrow.Type.Null) valid = new Uint8Array(n);
  if (d.type.typeId === arrow.Type.Dictionary) {
    const dict = (d as arrow.Data<arrow.Dictionary>).dictionary!;
    const dictCol = concatCols(dict.data.map((x) => fromArrowData(x)), type);
    const idx = new Int32Array(n);
    const keys = d.values as NumArray;
    for (let i = 0; i < n; i++) {
      idx[i] = valid !== null && valid[i] === 0 ? -1 : Number(keys[i]!);
    }
    return take(dictCol, idx);
  }
  switch (layoutOf(type)) {
    case "null":
      return { type, length: n, valid: new Uint8Array(n) };
    case "bool":
      return {
        type,
        length: n,
        valid,
        values: n === 0 ? new Uint8Array(0) : bitsToBytes(d.values as Uint8Array, off, n),
      };
    case "num":
    case "big": {
      const src = (d.values as NumArray | undefined) ?? allocValues(type, 0);
      return { type, length: n, valid, values: src.subarray(0, n) as NumArray };
    }
    case "dec": {
      const src = (d.values as Uint32Array | undefined) ?? new Uint32Array(0);
      return { type, length: n, valid, values: src.subarray(0, n * 4) };
    }
    case "var": {
      const vo = d.valueOffsets as Int32Array | BigInt64Array | undefined;
      const offsets = new Int32Array(n + 1);
      if (vo === undefined || vo.length === 0) {
        // empty
      } else if (vo instanceof BigInt64Array) {
        for (let i = 0; i <= n; i++) offsets[i] = Number(vo[i]!);
      } else offsets.set(vo.subarray(0, n + 1));
      return {
        type,
        length: n,
        valid,
        offsets,
        data: (d.values as Uint8Array) ?? new Uint8Array(0),
      };
    }
    case "list": {
      const vo = d.valueOffsets as Int32Array | undefined;
      const offsets = vo && vo.length > 0 ? vo.subarray(0, n + 1) : new Int32Array(n + 1);
      const child = fromArrowData(d.children[0]!);
      return { type, length: n, valid, offsets, child };
    }
    case "struct": {
      const children = d.children.map((c) => {
        const col = fromArrowData(c);
        return col.length === n ? col : sliceCol(col, 0, n);
      });
      return { type, length: n, valid, children };
    }
  }
}

/**
 * All batches of a column of an Arrow table as one {@link Col} per batch.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { framesFromTable } from "./column.ts";
 * const t = arrow.tableFromArrays({ a: Int32Array.from([1, 2]) });
 * framesFromTable(t)[0]?.length; // 2
 * ```
 */
export function framesFromTable(table: arrow.Table): Frame[] {
  const names = table.schema.fields.map((f) => f.name);
  const frames: Frame[] = [];
  for (const b of table.batches) {
    if (b.numRows === 0 && table.batches.length > 1) continue;
    frames.push({ names, cols: b.data.children.map((c) => fromArrowData(c)), length: b.numRows });
  }
  if (frames.length === 0) {
    const types = table.schema.fields.map((f) => fromArrowType(f.type, f.name));
    frames.push({ names, cols: types.map((t) => emptyCol(t)), length: 0 });
  }
  return frames;
}

/** A column of length 0. */
export function emptyCol(t: DataType): Col {
  return nullCol(t, 0);
}

// ---------------------------------------------------------------------------
// Col -> Arrow

/**
 * Convert a {@link Col} to an Arrow `Data` of the matching Arrow type.
 *
 * @example
 * ```ts
 * import { toArrowData } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * toArrowData({ type: T.int32, length: 1, valid: null, values: Int32Array.of(7) }).length; // 1
 * ```
 */
export function toArrowData(c: Col): arrow.Data {
  const type = toArrowType(c.type);
  const n = c.length;
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  if (c.valid !== null) {
    nullCount = nullCount0(c.valid, n);
    if (nullCount > 0) nullBitmap = bytesToBits(c.valid, n);
  }
  switch (layoutOf(c.type)) {
    case "null":
      return arrow.makeData({ type: type as arrow.Null, length: n, nullCount: n });
    case "bool":
      return arrow.makeData({
        type: type as arrow.Bool,
        length: n,
        nullCount,
        nullBitmap,
        data: bytesToBits(c.values as Uint8Array, n),
      });
    case "num":
    case "big":
    case "dec":
      return arrow.makeData({
        type: type as arrow.Int,
        length: n,
        nullCount,
        nullBitmap,
        data: c.values as never,
      });
    case "var": {
      const o = c.offsets!;
      let offsets = o;
      let data = c.data!;
      if (o[0] !== 0 || data.length !== o[n]) {
        const base = o[0]!;
        offsets = new Int32Array(n + 1);
        for (let i = 0; i <= n; i++) offsets[i] = o[i]! - base;
        data = data.subarray(base, o[n]!);
      }
      return arrow.makeData({
        type: type as arrow.Utf8,
        length: n,
        nullCount,
        nullBitmap,
        valueOffsets: offsets,
        data,
      });
    }
    case "list": {
      const o = c.offsets!;
      let offsets = o;
      let child = c.child!;
      if (o[0] !== 0 || child.length !== o[n]) {
        const base = o[0]!;
        offsets = new Int32Array(n + 1);
        for (let i = 0; i <= n; i++) offsets[i] = o[i]! - base;
        child = sliceCol(child, base, o[n]!);
      }
      return arrow.makeData({
        type: type as arrow.List,
        length: n,
        nullCount,
        nullBitmap,
        valueOffsets: offsets,
        child: toArrowData(child),
      });
    }
    case "struct":
      return arrow.makeData({
        type: type as arrow.Struct,
        length: n,
        nullCount,
        nullBitmap,
        children: c.children!.map(toArrowData),
      });
  }
}

function nullCount0(valid: Uint8Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += valid[i]!;
  return n - s;
}

/**
 * Build an Arrow table from frames (all with the same names and types).
 *
 * @example
 * ```ts
 * import { tableFromFrames } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * const f = { names: ["a"], cols: [{ type: T.int32, length: 1, valid: null, values: Int32Array.of(1) }], length: 1 };
 * tableFromFrames([f], [T.int32]).numRows; // 1
 * ```
 */
export function tableFromFrames(
  frames: readonly Frame[],
  types: readonly DataType[],
  names?: readonly string[],
): arrow.Table {
  const ns = names ?? frames[0]?.names ?? [];
  const fields = ns.map((n, i) => new arrow.Field(n, toArrowType(types[i]!), true));
  const schema = new arrow.Schema(fields);
  const list = frames.filter((f) => f.length > 0);
  const use = list.length > 0 ? list : [{
    names: ns,
    cols: types.map((t) => emptyCol(t)),
    length: 0,
  }];
  const batches = use.map((f) => {
    const data = arrow.makeData({
      type: new arrow.Struct(fields),
      length: f.length,
      nullCount: 0,
      children: f.cols.map(toArrowData),
    });
    return new arrow.RecordBatch(schema, data);
  });
  return new arrow.Table(schema, batches);
}

// ---------------------------------------------------------------------------
// Structural operations

/**
 * Gather rows by index; an index of -1 gives a null row.
 *
 * @example
 * ```ts
 * import { take } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * take({ type: T.int32, length: 2, valid: null, values: Int32Array.of(5, 6) }, Int32Array.of(1, -1)).valid;
 * // Uint8Array [1, 0]
 * ```
 */
export function take(c: Col, idx: Int32Array): Col {
  const n = idx.length;
  const src = c.valid;
  let valid: Uint8Array | null = null;
  let anyNeg = false;
  for (let i = 0; i < n; i++) {
    if (idx[i]! < 0) {
      anyNeg = true;
      break;
    }
  }
  if (src !== null || anyNeg) {
    valid = new Uint8Array(n);
    if (src === null) { for (let i = 0; i < n; i++) valid[i] = idx[i]! < 0 ? 0 : 1; }
    else for (let i = 0; i < n; i++) valid[i] = idx[i]! < 0 ? 0 : src[idx[i]!]!;
  }
  switch (layoutOf(c.type)) {
    case "null":
      return { type: c.type, length: n, valid: new Uint8Array(n) };
    case "bool":
    case "num":
    case "big": {
      const v = c.values!;
      const out = allocValues(c.type, n);
      if (anyNeg) {
        if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
          const s = v as BigInt64Array;
          for (let i = 0; i < n; i++) {
            const j = idx[i]!;
            if (j >= 0) out[i] = s[j]!;
          }
        } else {
          const s = v as Float64Array;
          const o = out as Float64Array;
          for (let i = 0; i < n; i++) {
            const j = idx[i]!;
            if (j >= 0) o[i] = s[j]!;
          }
        }
      } else if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
        // copy 64-bit values through 32-bit views (no BigInt per row)
        const s32 = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
        const o32 = new Int32Array(out.buffer, out.byteOffset, n * 2);
        for (let i = 0; i < n; i++) {
          const j = idx[i]! << 1;
          o32[i << 1] = s32[j]!;
          o32[(i << 1) + 1] = s32[j + 1]!;
        }
      } else {
        const s = v as Float64Array;
        const o = out as Float64Array;
        for (let i = 0; i < n; i++) o[i] = s[idx[i]!]!;
      }
      return { type: c.type, length: n, valid, values: out };
    }
    case "dec": {
      const s = c.values as Uint32Array;
      const out = new Uint32Array(n * 4);
      for (let i = 0; i < n; i++) {
        const j = idx[i]!;
        if (j < 0) continue;
        out[i * 4] = s[j * 4]!;
        out[i * 4 + 1] = s[j * 4 + 1]!;
        out[i * 4 + 2] = s[j * 4 + 2]!;
        out[i * 4 + 3] = s[j * 4 + 3]!;
      }
      return { type: c.type, length: n, valid, values: out };
    }
    case "var": {
      const so = c.offsets!;
      const sd = c.data!;
      const offsets = new Int32Array(n + 1);
      // one random read of the source offsets per row: the starts are kept
      // for the copy pass
      const starts = new Int32Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const j = idx[i]!;
        if (j >= 0) {
          const a = so[j]!;
          starts[i] = a;
          total += so[j + 1]! - a;
        }
        offsets[i + 1] = total;
      }
      const data = new Uint8Array(total);
      for (let i = 0; i < n; i++) {
        const at = offsets[i]!;
        const len = offsets[i + 1]! - at;
        if (len === 0) continue;
        const a = starts[i]!;
        if (len < 64) { for (let k = 0; k < len; k++) data[at + k] = sd[a + k]!; }
        else data.set(sd.subarray(a, a + len), at);
      }
      return { type: c.type, length: n, valid, offsets, data };
    }
    case "list": {
      const so = c.offsets!;
      const offsets = new Int32Array(n + 1);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const j = idx[i]!;
        if (j >= 0) total += so[j + 1]! - so[j]!;
        offsets[i + 1] = total;
      }
      const cidx = new Int32Array(total);
      let p = 0;
      for (let i = 0; i < n; i++) {
        const j = idx[i]!;
        if (j < 0) continue;
        for (let k = so[j]!; k < so[j + 1]!; k++) cidx[p++] = k;
      }
      return { type: c.type, length: n, valid, offsets, child: take(c.child!, cidx) };
    }
    case "struct":
      return { type: c.type, length: n, valid, children: c.children!.map((ch) => take(ch, idx)) };
  }
}

/** Rows `start..end-1`. */
export function sliceCol(c: Col, start: number, end: number): Col {
  if (start === 0 && end === c.length) return c;
  const n = end - start;
  const valid = c.valid === null ? null : c.valid.subarray(start, end);
  switch (layoutOf(c.type)) {
    case "null":
      return { type: c.type, length: n, valid: new Uint8Array(n) };
    case "bool":
    case "num":
    case "big":
      return { type: c.type, length: n, valid, values: c.values!.subarray(start, end) as NumArray };
    case "dec":
      return {
        type: c.type,
        length: n,
        valid,
        values: (c.values as Uint32Array).subarray(start * 4, end * 4),
      };
    case "var":
      return {
        type: c.type,
        length: n,
        valid,
        offsets: c.offsets!.subarray(start, end + 1),
        data: c.data!,
      };
    case "list":
      return {
        type: c.type,
        length: n,
        valid,
        offsets: c.offsets!.subarray(start, end + 1),
        child: c.child!,
      };
    case "struct":
      return {
        type: c.type,
        length: n,
        valid,
        children: c.children!.map((x) => sliceCol(x, start, end)),
      };
  }
}

/**
 * Append columns of the same type into one.
 *
 * @example
 * ```ts
 * import { concatCols } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * const a = { type: T.int32, length: 1, valid: null, values: Int32Array.of(1) };
 * concatCols([a, a], T.int32).length; // 2
 * ```
 */
export function concatCols(cols: readonly Col[], type: DataType): Col {
  if (cols.length === 1) return cols[0]!;
  let n = 0;
  let anyNull = false;
  for (const c of cols) {
    n += c.length;
    if (c.valid !== null) anyNull = true;
  }
  let valid: Uint8Array | null = null;
  if (anyNull) {
    valid = new Uint8Array(n);
    let p = 0;
    for (const c of cols) {
      if (c.valid === null) valid.fill(1, p, p + c.length);
      else valid.set(c.valid.subarray(0, c.length), p);
      p += c.length;
    }
  }
  switch (layoutOf(type)) {
    case "null":
      return { type, length: n, valid: new Uint8Array(n) };
    case "bool":
    case "num":
    case "big":
    case "dec": {
      const stride = layoutOf(type) === "dec" ? 4 : 1;
      const out = allocValues(type, n);
      let p = 0;
      for (const c of cols) {
        (out as Float64Array).set(c.values!.subarray(0, c.length * stride) as Float64Array, p);
        p += c.length * stride;
      }
      return { type, length: n, valid, values: out };
    }
    case "var": {
      let total = 0;
      for (const c of cols) total += c.offsets![c.length]! - c.offsets![0]!;
      const offsets = new Int32Array(n + 1);
      const data = new Uint8Array(total);
      let p = 0;
      let at = 0;
      for (const c of cols) {
        const o = c.offsets!;
        const base = o[0]!;
        for (let i = 0; i < c.length; i++) offsets[p + i + 1] = at + o[i + 1]! - base;
        data.set(c.data!.subarray(base, o[c.length]!), at);
        at += o[c.length]! - base;
        p += c.length;
      }
      return { type, length: n, valid, offsets, data };
    }
    case "list": {
      if (type.kind !== "list") throw new Error("unreachable");
      const offsets = new Int32Array(n + 1);
      const kids: Col[] = [];
      let p = 0;
      let at = 0;
      for (const c of cols) {
        const o = c.offsets!;
        const base = o[0]!;
        for (let i = 0; i < c.length; i++) offsets[p + i + 1] = at + o[i + 1]! - base;
        kids.push(sliceCol(c.child!, base, o[c.length]!));
        at += o[c.length]! - base;
        p += c.length;
      }
      return { type, length: n, valid, offsets, child: concatCols(kids, type.item) };
    }
    case "struct": {
      if (type.kind !== "struct") throw new Error("unreachable");
      return {
        type,
        length: n,
        valid,
        children: type.fields.map((f, k) => concatCols(cols.map((c) => c.children![k]!), f.type)),
      };
    }
  }
}

/**
 * Concatenate frames (same names and types) into one.
 *
 * @example
 * ```ts
 * import { concatFrames } from "./column.ts";
 * concatFrames([], [], []).length; // 0
 * ```
 */
export function concatFrames(
  frames: readonly Frame[],
  names: readonly string[],
  types: readonly DataType[],
): Frame {
  if (frames.length === 1) return frames[0]!;
  if (frames.length === 0) return { names, cols: types.map((t) => emptyCol(t)), length: 0 };
  let n = 0;
  for (const f of frames) n += f.length;
  return {
    names,
    cols: types.map((t, k) => concatCols(frames.map((f) => f.cols[k]!), t)),
    length: n,
  };
}

/** Gather rows of every column of a frame. */
export function takeFrame(f: Frame, idx: Int32Array): Frame {
  return { names: f.names, cols: f.cols.map((c) => take(c, idx)), length: idx.length };
}

// ---------------------------------------------------------------------------
// Strings

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder("utf-8", { ignoreBOM: true });

/** UTF-8 encode. */
export function utf8Encode(s: string): Uint8Array {
  return ENCODER.encode(s);
}

/** Decode row `i` of a utf8 column (no validity check). */
export function strAt(c: Col, i: number): string {
  const o = c.offsets!;
  const a = o[i]!;
  const b = o[i + 1]!;
  if (b - a < 24) {
    // short ASCII fast path
    const d = c.data!;
    let s = "";
    for (let k = a; k < b; k++) {
      const ch = d[k]!;
      if (ch >= 0x80) return DECODER.decode(d.subarray(a, b));
      s += String.fromCharCode(ch);
    }
    return s;
  }
  return DECODER.decode(c.data!.subarray(a, b));
}

/** Builds a utf8/binary column row by row. */
export class VarBuilder {
  #data: Uint8Array;
  #len = 0;
  #offsets: Int32Array;
  #valid: Uint8Array;
  #n = 0;
  #nulls = 0;
  /** Reserve for `n` rows. */
  constructor(n: number, bytes = n * 8) {
    this.#data = new Uint8Array(Math.max(16, bytes));
    this.#offsets = new Int32Array(n + 1);
    this.#valid = new Uint8Array(n);
  }
  #grow(extra: number): void {
    if (this.#len + extra <= this.#data.length) return;
    let cap = this.#data.length * 2;
    while (cap < this.#len + extra) cap *= 2;
    const d = new Uint8Array(cap);
    d.set(this.#data.subarray(0, this.#len));
    this.#data = d;
  }
  #row(): void {
    if (this.#n + 1 >= this.#offsets.length) {
      const o = new Int32Array(this.#offsets.length * 2 + 2);
      o.set(this.#offsets);
      this.#offsets = o;
      const v = new Uint8Array(o.length);
      v.set(this.#valid);
      this.#valid = v;
    }
  }
  /** Append a JS string (UTF-8 encoded). */
  pushString(s: string): void {
    this.#row();
    let ascii = s.length < 64;
    if (ascii) {
      for (let k = 0; k < s.length; k++) {
        if (s.charCodeAt(k) >= 0x80) {
          ascii = false;
          break;
        }
      }
    }
    if (ascii) {
      this.#grow(s.length);
      for (let k = 0; k < s.length; k++) this.#data[this.#len + k] = s.charCodeAt(k);
      this.#len += s.length;
    } else {
      this.#grow(s.length * 3);
      const r = ENCODER.encodeInto(s, this.#data.subarray(this.#len));
      this.#len += r.written;
    }
    this.#valid[this.#n] = 1;
    this.#offsets[++this.#n] = this.#len;
  }
  /** Append raw bytes. */
  pushBytes(b: Uint8Array, start = 0, end = b.length): void {
    this.#row();
    this.#grow(end - start);
    this.#data.set(b.subarray(start, end), this.#len);
    this.#len += end - start;
    this.#valid[this.#n] = 1;
    this.#offsets[++this.#n] = this.#len;
  }
  /** Append a null. */
  pushNull(): void {
    this.#row();
    this.#nulls++;
    this.#offsets[this.#n + 1] = this.#len;
    this.#n++;
  }
  /** The column. */
  finish(type: DataType): Col {
    const n = this.#n;
    return {
      type,
      length: n,
      valid: this.#nulls > 0 ? this.#valid.subarray(0, n) : null,
      offsets: this.#offsets.subarray(0, n + 1),
      data: this.#data.subarray(0, this.#len),
    };
  }
}

/**
 * The JS value of row `i` (null, boolean, number, bigint for 64-bit ints
 * and timestamps, string, Uint8Array, arrays for lists, objects for structs).
 * For slow paths and tests only.
 */
export function valueAt(c: Col, i: number): unknown {
  if (c.valid !== null && c.valid[i] === 0) return null;
  switch (layoutOf(c.type)) {
    case "null":
      return null;
    case "bool":
      return c.values![i] === 1;
    case "num":
    case "big":
      return c.values![i];
    case "dec": {
      const v = c.values as Uint32Array;
      let x = 0n;
      for (let k = 3; k >= 0; k--) x = (x << 32n) | BigInt(v[i * 4 + k]!);
      return BigInt.asIntN(128, x);
    }
    case "var":
      return c.type.kind === "utf8"
        ? strAt(c, i)
        : c.data!.slice(c.offsets![i]!, c.offsets![i + 1]!);
    case "list": {
      const out: unknown[] = [];
      for (let k = c.offsets![i]!; k < c.offsets![i + 1]!; k++) out.push(valueAt(c.child!, k));
      return out;
    }
    case "struct": {
      if (c.type.kind !== "struct") throw new Error("unreachable");
      const o: Record<string, unknown> = {};
      c.type.fields.forEach((f, k) => (o[f.name] = valueAt(c.children![k]!, i)));
      return o;
    }
  }
}

/** All values of a column as JS values (tests, slow paths). */
export function colValues(c: Col): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < c.length; i++) out.push(valueAt(c, i));
  return out;
}

/**
 * Build a column from JS values (null, boolean, number, bigint, string,
 * Uint8Array, arrays for lists, objects for structs). Numbers for 64-bit
 * columns may be numbers, bigints or decimal strings.
 *
 * @example
 * ```ts
 * import { colFromValues, colValues } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * colValues(colFromValues(T.int64, [1, null, "9007199254740993"])); // [1n, null, 9007199254740993n]
 * ```
 */
export function colFromValues(t: DataType, vals: readonly unknown[]): Col {
  const n = vals.length;
  const valid = new Uint8Array(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (vals[i] === null || vals[i] === undefined) nulls++;
    else valid[i] = 1;
  }
  const v = nulls > 0 ? valid : null;
  switch (layoutOf(t)) {
    case "null":
      return { type: t, length: n, valid: new Uint8Array(n) };
    case "bool": {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = vals[i] === true ? 1 : 0;
      return { type: t, length: n, valid: v, values: out };
    }
    case "num": {
      const out = allocValues(t, n) as Float64Array;
      for (let i = 0; i < n; i++) if (valid[i]) out[i] = Number(vals[i]);
      return { type: t, length: n, valid: v, values: out };
    }
    case "big": {
      const out = allocValues(t, n) as BigInt64Array;
      for (let i = 0; i < n; i++) {
        if (!valid[i]) continue;
        const x = vals[i];
        out[i] = typeof x === "bigint" ? x : BigInt(x as string | number);
      }
      return { type: t, length: n, valid: v, values: out };
    }
    case "dec": {
      const out = new Uint32Array(n * 4);
      for (let i = 0; i < n; i++) {
        if (!valid[i]) continue;
        let x = BigInt.asUintN(128, BigInt(vals[i] as string | number | bigint));
        for (let k = 0; k < 4; k++) {
          out[i * 4 + k] = Number(x & 0xffffffffn);
          x >>= 32n;
        }
      }
      return { type: t, length: n, valid: v, values: out };
    }
    case "var": {
      const b = new VarBuilder(n);
      for (let i = 0; i < n; i++) {
        const x = vals[i];
        if (!valid[i]) b.pushNull();
        else if (x instanceof Uint8Array) b.pushBytes(x);
        else b.pushString(String(x));
      }
      return b.finish(t);
    }
    case "list": {
      if (t.kind !== "list") throw new Error("unreachable");
      const offsets = new Int32Array(n + 1);
      const items: unknown[] = [];
      for (let i = 0; i < n; i++) {
        if (valid[i]) { for (const x of vals[i] as unknown[]) items.push(x); }
        offsets[i + 1] = items.length;
      }
      return { type: t, length: n, valid: v, offsets, child: colFromValues(t.item, items) };
    }
    case "struct": {
      if (t.kind !== "struct") throw new Error("unreachable");
      return {
        type: t,
        length: n,
        valid: v,
        children: t.fields.map((f) =>
          colFromValues(
            f.type,
            vals.map((x) => (x === null || x === undefined
              ? null
              : (x as Record<string, unknown>)[f.name] ?? null)
            ),
          )
        ),
      };
    }
  }
}
