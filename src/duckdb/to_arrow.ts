/**
 * DuckDB results -> apache-arrow tables, column by column, straight from the
 * vectors' memory.
 *
 * `@duckdb/node-api` keeps its vectors' typed arrays private, so this module
 * reads each result chunk through `@duckdb/node-bindings` (the same native
 * binding node-api wraps): one `vector_get_data` copy per vector and chunk,
 * DuckDB's validity words reused as Arrow validity bits (both are LSB-first),
 * and no JS value per row for fixed-width types. Strings and blobs are copied
 * as UTF-8 / raw bytes (never decoded to JS strings): bytes inlined in the
 * 16-byte `string_t` are copied directly, longer ones cost one native call.
 *
 * Type mapping (SPEC section 1):
 *
 * | DuckDB | Arrow |
 * |---|---|
 * | BOOLEAN | Bool |
 * | TINYINT SMALLINT INTEGER BIGINT | Int8 Int16 Int32 Int64 |
 * | UTINYINT USMALLINT UINTEGER UBIGINT | Uint8 Uint16 Uint32 Uint64 |
 * | FLOAT DOUBLE | Float32 Float64 |
 * | VARCHAR BLOB | Utf8 Binary |
 * | DATE | DateDay (date32) |
 * | TIME | TimeMicrosecond |
 * | TIMESTAMP, TIMESTAMP_S/_MS/_NS | Timestamp(unit, null) |
 * | TIMESTAMP WITH TIME ZONE | Timestamp(MICROSECOND, "UTC") |
 * | DECIMAL(P,S) | Decimal(S, P, 128) |
 * | HUGEINT | Decimal(0, 38, 128); a value beyond 38 digits is an error |
 * | T[] | List<T> |
 * | STRUCT(...) | Struct<...> |
 * | "NULL" (untyped null) | Null |
 *
 * Anything else (INTERVAL, UUID, ENUM, MAP, ARRAY, UNION, ...) is an
 * `unsupported-type` error: cast it in SQL first.
 *
 * @module
 */

import duckdb from "@duckdb/node-bindings";
import * as arrow from "apache-arrow";
import { type DuckDBResult, type DuckDBType, DuckDBTypeId } from "@duckdb/node-api";
import { RelgateError } from "../errors.ts";

/** Options of {@linkcode resultToArrow}. */
export interface ResultToArrowOptions {
  /** Schema-level metadata of the produced table. */
  readonly metadata?: Map<string, string>;
  /**
   * A new record batch starts after the chunk that takes any string/blob
   * column past this many bytes (or any list column past this many
   * elements). Default 1 GiB, so int32 offsets never overflow.
   */
  readonly maxBatchBytes?: number;
}

/**
 * The Arrow type a DuckDB column type converts to (see the module table).
 *
 * @throws {RelgateError} `unsupported-type` for a type with no mapping.
 *
 * @example Mapping a decimal
 * ```ts
 * import { DECIMAL } from "@duckdb/node-api";
 * import { duckdbTypeToArrow } from "./to_arrow.ts";
 * String(duckdbTypeToArrow(DECIMAL(10, 2))); // "Decimal[10e+2]"
 * ```
 */
export function duckdbTypeToArrow(type: DuckDBType): arrow.DataType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new arrow.Bool();
    case DuckDBTypeId.TINYINT:
      return new arrow.Int8();
    case DuckDBTypeId.SMALLINT:
      return new arrow.Int16();
    case DuckDBTypeId.INTEGER:
      return new arrow.Int32();
    case DuckDBTypeId.BIGINT:
      return new arrow.Int64();
    case DuckDBTypeId.UTINYINT:
      return new arrow.Uint8();
    case DuckDBTypeId.USMALLINT:
      return new arrow.Uint16();
    case DuckDBTypeId.UINTEGER:
      return new arrow.Uint32();
    case DuckDBTypeId.UBIGINT:
      return new arrow.Uint64();
    case DuckDBTypeId.FLOAT:
      return new arrow.Float32();
    case DuckDBTypeId.DOUBLE:
      return new arrow.Float64();
    case DuckDBTypeId.VARCHAR:
      return new arrow.Utf8();
    case DuckDBTypeId.BLOB:
      return new arrow.Binary();
    case DuckDBTypeId.DATE:
      return new arrow.DateDay();
    case DuckDBTypeId.TIME:
      return new arrow.TimeMicrosecond();
    case DuckDBTypeId.TIMESTAMP:
      return new arrow.TimestampMicrosecond(null);
    case DuckDBTypeId.TIMESTAMP_S:
      return new arrow.TimestampSecond(null);
    case DuckDBTypeId.TIMESTAMP_MS:
      return new arrow.TimestampMillisecond(null);
    case DuckDBTypeId.TIMESTAMP_NS:
      return new arrow.TimestampNanosecond(null);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new arrow.TimestampMicrosecond("UTC");
    case DuckDBTypeId.DECIMAL:
      return new arrow.Decimal(type.scale, type.width, 128);
    case DuckDBTypeId.HUGEINT:
      return new arrow.Decimal(0, 38, 128);
    case DuckDBTypeId.LIST:
      return new arrow.List(new arrow.Field("item", duckdbTypeToArrow(type.valueType), true));
    case DuckDBTypeId.STRUCT:
      return new arrow.Struct(
        type.entryNames.map((name, i) =>
          new arrow.Field(name, duckdbTypeToArrow(type.entryTypes[i]!), true)
        ),
      );
    case DuckDBTypeId.SQLNULL:
      return new arrow.Null();
    default:
      throw new RelgateError({
        code: "unsupported-type",
        message: `Cannot convert DuckDB type ${type.toString()} to Arrow: no mapping`,
        hint: "cast the column in SQL to one of the types of SPEC section 1",
      });
  }
}

/**
 * Convert a DuckDB result (streaming or materialized) to an Arrow table,
 * reading it chunk by chunk until it is exhausted. Columns come out as one
 * contiguous `Data` each (a new record batch starts only when a
 * variable-width column passes `maxBatchBytes`, default 1 GiB). An empty result gives a table with the full schema
 * and one empty batch. Every field is nullable: DuckDB results carry no
 * NOT NULL information.
 *
 * @throws {RelgateError} `unsupported-type` for a column type with no mapping;
 *   `value-out-of-range` for a HUGEINT beyond 38 decimal digits.
 *
 * @example
 * ```ts ignore
 * const result = await connection.stream("SELECT 42::BIGINT AS x");
 * const table = await resultToArrow(result);
 * table.getChild("x")?.get(0); // 42n
 * ```
 */
export async function resultToArrow(
  result: DuckDBResult,
  options: ResultToArrowOptions = {},
): Promise<arrow.Table> {
  const columnCount = result.columnCount;
  const names = result.columnNames();
  const sinks: Sink[] = [];
  const fields: arrow.Field[] = [];
  for (let c = 0; c < columnCount; c++) {
    const type = result.columnType(c);
    const sink = makeSink(type);
    sinks.push(sink);
    fields.push(new arrow.Field(names[c] ?? `column${c}`, sink.type, true));
  }
  const schema = new arrow.Schema(fields, options.metadata ?? null);
  const limit = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  const batches: arrow.RecordBatch[] = [];
  let batchRows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null) break;
    const rowCount = chunk.rowCount;
    if (rowCount === 0) break;
    const raw = chunk.chunk;
    for (let c = 0; c < columnCount; c++) {
      sinks[c]!.append(duckdb.data_chunk_get_vector(raw, c), rowCount, null, rowCount);
    }
    // Keep the chunk (owner of the vectors' memory and string heaps, freed by
    // a finalizer) reachable until every column has been read.
    if (duckdb.data_chunk_get_size(raw) !== rowCount) {
      throw new Error("Cannot read chunk: its size changed");
    }
    batchRows += rowCount;
    if (sinks.some((s) => s.nearLimit(limit))) {
      batches.push(finishBatch(schema, sinks, batchRows));
      batchRows = 0;
    }
  }
  if (batchRows > 0 || batches.length === 0) batches.push(finishBatch(schema, sinks, batchRows));
  return new arrow.Table(schema, batches);
}

function finishBatch(
  schema: arrow.Schema,
  sinks: readonly Sink[],
  length: number,
): arrow.RecordBatch {
  const children = sinks.map((s) => s.finish());
  const data = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length,
    nullCount: 0,
    children,
  });
  return new arrow.RecordBatch(schema, data);
}

// ---------------------------------------------------------------------------
// Sinks: one per column (and per nested child), accumulating Arrow buffers.

/** Default of {@linkcode ResultToArrowOptions.maxBatchBytes}: well below int32 offsets' 2 GiB. */
const DEFAULT_MAX_BATCH_BYTES = 1 << 30;

/**
 * Accumulates rows of DuckDB vectors into Arrow buffers. `append` takes rows
 * `0..size-1` of `vector` when `sel` is null, else rows `sel[0..selCount-1]`
 * (all below `size`); `finish` hands back the Data and starts over.
 */
interface Sink {
  readonly type: arrow.DataType;
  append(vector: duckdb.Vector, size: number, sel: Uint32Array | null, selCount: number): void;
  nearLimit(limit: number): boolean;
  finish(): arrow.Data;
}

function makeSink(type: DuckDBType): Sink {
  const arrowType = duckdbTypeToArrow(type);
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      if (duckdb.sizeof_bool !== 1) {
        throw new Error(`Cannot read BOOLEAN: sizeof(bool) is ${duckdb.sizeof_bool}`);
      }
      return new BoolSink(arrowType);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return new FixedSink(arrowType, 1);
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return new FixedSink(arrowType, 2);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DATE:
      return new FixedSink(arrowType, 4);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new FixedSink(arrowType, 8);
    case DuckDBTypeId.DECIMAL: {
      const w = type.width;
      return new DecimalSink(arrowType, w <= 4 ? 2 : w <= 9 ? 4 : w <= 18 ? 8 : 16, false);
    }
    case DuckDBTypeId.HUGEINT:
      return new DecimalSink(arrowType, 16, true);
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.BLOB:
      return new BytesSink(arrowType);
    case DuckDBTypeId.LIST:
      return new ListSink(arrowType, makeSink(type.valueType));
    case DuckDBTypeId.STRUCT:
      return new StructSink(arrowType, type.entryTypes.map(makeSink));
    case DuckDBTypeId.SQLNULL:
      return new NullSink(arrowType);
    default:
      // duckdbTypeToArrow has already thrown for anything unmapped.
      throw new Error(`Cannot convert DuckDB type ${type.toString()}: no sink`);
  }
}

/** Read `byteCount` bytes of a vector's data (a copy). */
function vectorBytes(vector: duckdb.Vector, byteCount: number): Uint8Array {
  if (byteCount === 0) return new Uint8Array(0);
  return duckdb.vector_get_data(vector, byteCount);
}

/** A vector's validity words as bytes (LSB-first), or null when every row is valid. */
function vectorValidity(vector: duckdb.Vector, size: number): Uint8Array | null {
  if (size === 0) return null;
  const v = duckdb.vector_get_validity(vector, Math.ceil(size / 64) * 8);
  return v ?? null;
}

/** A view of `bytes` as `Ctor`, copying only when the offset is misaligned. */
function view<T>(
  bytes: Uint8Array,
  ctor: {
    new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
    BYTES_PER_ELEMENT: number;
  },
): T {
  const n = bytes.byteLength / ctor.BYTES_PER_ELEMENT;
  if (bytes.byteOffset % ctor.BYTES_PER_ELEMENT === 0) {
    return new ctor(bytes.buffer, bytes.byteOffset, n);
  }
  return new ctor(bytes.slice().buffer, 0, n);
}

const POPCOUNT = (() => {
  const t = new Uint8Array(256);
  for (let i = 1; i < 256; i++) t[i] = (i & 1) + t[i >> 1]!;
  return t;
})();

/** A growable LSB-first bitmap. */
class BitBuilder {
  bytes: Uint8Array = new Uint8Array(256);
  length = 0;

  #reserve(bits: number): void {
    const need = (bits + 7) >> 3;
    if (need <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.bytes.subarray(0, (this.length + 7) >> 3));
    this.bytes = next;
  }

  /** Append `n` bits all set to `value`. */
  fill(n: number, value: boolean): void {
    if (n === 0) return;
    this.#reserve(this.length + n);
    const bytes = this.bytes;
    let i = this.length;
    const end = i + n;
    if (!value) {
      // bits past `length` are always 0 (buffers start zeroed and are only ORed)
      this.length = end;
      return;
    }
    while (i < end && (i & 7) !== 0) {
      bytes[i >> 3]! |= 1 << (i & 7);
      i++;
    }
    const fullEnd = end & ~7;
    if (i < fullEnd) {
      bytes.fill(0xff, i >> 3, fullEnd >> 3);
      i = fullEnd;
    }
    while (i < end) {
      bytes[i >> 3]! |= 1 << (i & 7);
      i++;
    }
    this.length = end;
  }

  /** Append bits `0..n-1` of `src` (LSB-first); returns how many of them are 0. */
  appendBits(src: Uint8Array, n: number): number {
    if (n === 0) return 0;
    this.#reserve(this.length + n);
    const bytes = this.bytes;
    const fullBytes = n >> 3;
    const rest = n & 7;
    let ones = 0;
    const shift = this.length & 7;
    let at = this.length >> 3;
    if (shift === 0) {
      bytes.set(src.subarray(0, fullBytes), at);
      for (let i = 0; i < fullBytes; i++) ones += POPCOUNT[src[i]!]!;
      at += fullBytes;
      if (rest !== 0) {
        const last = src[fullBytes]! & ((1 << rest) - 1);
        bytes[at] = last;
        ones += POPCOUNT[last]!;
      }
    } else {
      for (let i = 0; i < fullBytes; i++) {
        const b = src[i]!;
        ones += POPCOUNT[b]!;
        bytes[at]! |= (b << shift) & 0xff;
        at++;
        bytes[at] = b >> (8 - shift);
      }
      if (rest !== 0) {
        const last = src[fullBytes]! & ((1 << rest) - 1);
        ones += POPCOUNT[last]!;
        bytes[at]! |= (last << shift) & 0xff;
        if (shift + rest > 8) bytes[at + 1] = last >> (8 - shift);
      }
    }
    this.length += n;
    return n - ones;
  }

  /** Append one bit. */
  push(value: boolean): void {
    this.#reserve(this.length + 1);
    if (value) this.bytes[this.length >> 3]! |= 1 << (this.length & 7);
    this.length++;
  }

  /** Take the bits so far (exactly sized) and start over. */
  take(): Uint8Array {
    const out = this.bytes.slice(0, (this.length + 7) >> 3);
    this.bytes = new Uint8Array(256);
    this.length = 0;
    return out;
  }
}

/** Validity bits of one column; allocates a bitmap only once a null shows up. */
class Validity {
  #bits: BitBuilder | null = null;
  #length = 0;
  nullCount = 0;

  /**
   * Append validity for the rows being appended; returns the vector's validity
   * bytes (or null when all valid) so callers can skip invalid rows.
   */
  append(
    vector: duckdb.Vector,
    size: number,
    sel: Uint32Array | null,
    selCount: number,
  ): Uint8Array | null {
    const src = vectorValidity(vector, size);
    this.appendFrom(src, sel, selCount);
    return src;
  }

  /** Append validity taken from bytes `src` (null: all valid). */
  appendFrom(src: Uint8Array | null, sel: Uint32Array | null, selCount: number): void {
    if (src === null) {
      this.#bits?.fill(selCount, true);
      this.#length += selCount;
      return;
    }
    let bits = this.#bits;
    if (bits === null) {
      bits = new BitBuilder();
      bits.fill(this.#length, true);
      this.#bits = bits;
    }
    if (sel === null) {
      this.nullCount += bits.appendBits(src, selCount);
    } else {
      for (let i = 0; i < selCount; i++) {
        const r = sel[i]!;
        const valid = (src[r >> 3]! & (1 << (r & 7))) !== 0;
        bits.push(valid);
        if (!valid) this.nullCount++;
      }
    }
    this.#length += selCount;
  }

  /** The bitmap (undefined when there are no nulls) and null count; starts over. */
  take(): { nullBitmap: Uint8Array | undefined; nullCount: number } {
    const nullCount = this.nullCount;
    const nullBitmap = nullCount > 0 && this.#bits !== null ? this.#bits.take() : undefined;
    this.#bits = null;
    this.#length = 0;
    this.nullCount = 0;
    return { nullBitmap, nullCount };
  }
}

/** Byte chunks gathered then joined once. */
class ByteChunks {
  #parts: Uint8Array[] = [];
  byteLength = 0;

  push(part: Uint8Array): void {
    if (part.byteLength === 0) return;
    this.#parts.push(part);
    this.byteLength += part.byteLength;
  }

  take(): Uint8Array {
    const parts = this.#parts;
    this.#parts = [];
    const total = this.byteLength;
    this.byteLength = 0;
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

/** A growable byte buffer. */
class ByteBuilder {
  bytes: Uint8Array = new Uint8Array(1024);
  length = 0;

  reserve(extra: number): Uint8Array {
    const need = this.length + extra;
    if (need > this.bytes.length) {
      let cap = this.bytes.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.bytes.subarray(0, this.length));
      this.bytes = next;
    }
    return this.bytes;
  }

  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.bytes = new Uint8Array(1024);
    this.length = 0;
    return out;
  }
}

/** A growable Int32Array of offsets, starting with one 0. */
class OffsetBuilder {
  values: Int32Array = new Int32Array(1024);
  length = 1;

  reserve(extra: number): Int32Array {
    const need = this.length + extra;
    if (need > this.values.length) {
      let cap = this.values.length * 2;
      while (cap < need) cap *= 2;
      const next = new Int32Array(cap);
      next.set(this.values.subarray(0, this.length));
      this.values = next;
    }
    return this.values;
  }

  get last(): number {
    return this.values[this.length - 1]!;
  }

  take(): Int32Array {
    const out = this.values.slice(0, this.length);
    this.values = new Int32Array(1024);
    this.length = 1;
    return out;
  }
}

/** Copy the `width`-byte items `sel[0..n-1]` of `src` into a new buffer. */
function gather(src: Uint8Array, width: number, sel: Uint32Array, n: number): Uint8Array {
  const out = new Uint8Array(n * width);
  if (width === 1) {
    for (let i = 0; i < n; i++) out[i] = src[sel[i]!]!;
  } else if (width === 2) {
    const s = view(src, Uint16Array);
    const o = new Uint16Array(out.buffer);
    for (let i = 0; i < n; i++) o[i] = s[sel[i]!]!;
  } else {
    const words = width >> 2;
    const s = view(src, Uint32Array);
    const o = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      const from = sel[i]! * words;
      const to = i * words;
      for (let k = 0; k < words; k++) o[to + k] = s[from + k]!;
    }
  }
  return out;
}

/** Fixed-width types whose DuckDB layout is already Arrow's (ints, floats, dates, times). */
class FixedSink implements Sink {
  readonly type: arrow.DataType;
  readonly #width: number;
  readonly #data = new ByteChunks();
  readonly #validity = new Validity();
  #length = 0;

  constructor(type: arrow.DataType, width: number) {
    this.type = type;
    this.#width = width;
  }

  append(vector: duckdb.Vector, size: number, sel: Uint32Array | null, selCount: number): void {
    const bytes = vectorBytes(vector, size * this.#width);
    this.#data.push(
      sel === null
        ? bytes.subarray(0, selCount * this.#width)
        : gather(bytes, this.#width, sel, selCount),
    );
    this.#validity.append(vector, size, sel, selCount);
    this.#length += selCount;
  }

  nearLimit(_limit: number): boolean {
    return false;
  }

  finish(): arrow.Data {
    const bytes = this.#data.take();
    const { nullBitmap, nullCount } = this.#validity.take();
    const length = this.#length;
    this.#length = 0;
    const ctor = (this.type as arrow.DataType & { ArrayType: TypedArrayCtor }).ArrayType;
    const data = view(bytes, ctor);
    return new arrow.Data(this.type, 0, length, nullCount, [undefined, data, nullBitmap]);
  }
}

type TypedArrayCtor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayBufferView;
  BYTES_PER_ELEMENT: number;
};

/** BOOLEAN: DuckDB bytes -> Arrow bits. */
class BoolSink implements Sink {
  readonly type: arrow.DataType;
  readonly #bits = new BitBuilder();
  readonly #validity = new Validity();

  constructor(type: arrow.DataType) {
    this.type = type;
  }

  append(vector: duckdb.Vector, size: number, sel: Uint32Array | null, selCount: number): void {
    const bytes = vectorBytes(vector, size);
    const bits = this.#bits;
    if (sel === null) {
      for (let i = 0; i < selCount; i++) bits.push(bytes[i] !== 0);
    } else {
      for (let i = 0; i < selCount; i++) bits.push(bytes[sel[i]!] !== 0);
    }
    this.#validity.append(vector, size, sel, selCount);
  }

  nearLimit(_limit: number): boolean {
    return false;
  }

  finish(): arrow.Data {
    const length = this.#bits.length;
    const values = this.#bits.take();
    const { nullBitmap, nullCount } = this.#validity.take();
    return new arrow.Data(this.type, 0, length, nullCount, [undefined, values, nullBitmap]);
  }
}

/** 10^38 / 2^64, rounded down with a safe margin: a high word below this in magnitude fits 38 digits. */
const HUGE_SAFE_HIGH = 5.42e18;
const MAX_38_DIGITS = 10n ** 38n - 1n;

/** DECIMAL (stored as int16/32/64/128 by width) and HUGEINT -> 128-bit LE two's complement. */
class DecimalSink implements Sink {
  readonly type: arrow.DataType;
  readonly #srcWidth: number;
  readonly #checkRange: boolean;
  readonly #data = new ByteChunks();
  readonly #validity = new Validity();
  #length = 0;

  constructor(type: arrow.DataType, srcWidth: number, checkRange: boolean) {
    this.type = type;
    this.#srcWidth = srcWidth;
    this.#checkRange = checkRange;
  }

  append(vector: duckdb.Vector, size: number, sel: Uint32Array | null, selCount: number): void {
    const w = this.#srcWidth;
    let src = vectorBytes(vector, size * w);
    if (sel !== null) src = gather(src, w, sel, selCount);
    const validity = this.#validity.append(vector, size, sel, selCount);
    let out: Uint8Array;
    if (w === 16) {
      out = src.subarray(0, selCount * 16);
      if (this.#checkRange) checkHugeRange(out, selCount, validity, sel);
    } else {
      out = new Uint8Array(selCount * 16);
      const o = new Int32Array(out.buffer);
      if (w === 2) {
        const s = view(src, Int16Array);
        for (let i = 0; i < selCount; i++) {
          const v = s[i]!;
          const ext = v < 0 ? -1 : 0;
          o[4 * i] = v;
          o[4 * i + 1] = ext;
          o[4 * i + 2] = ext;
          o[4 * i + 3] = ext;
        }
      } else if (w === 4) {
        const s = view(src, Int32Array);
        for (let i = 0; i < selCount; i++) {
          const v = s[i]!;
          const ext = v < 0 ? -1 : 0;
          o[4 * i] = v;
          o[4 * i + 1] = ext;
          o[4 * i + 2] = ext;
          o[4 * i + 3] = ext;
        }
      } else {
        const s = view(src, Int32Array);
        for (let i = 0; i < selCount; i++) {
          const hi = s[2 * i + 1]!;
          const ext = hi < 0 ? -1 : 0;
          o[4 * i] = s[2 * i]!;
          o[4 * i + 1] = hi;
          o[4 * i + 2] = ext;
          o[4 * i + 3] = ext;
        }
      }
    }
    this.#data.push(out);
    this.#length += selCount;
  }

  nearLimit(_limit: number): boolean {
    return false;
  }

  finish(): arrow.Data {
    const bytes = this.#data.take();
    const { nullBitmap, nullCount } = this.#validity.take();
    const length = this.#length;
    this.#length = 0;
    return new arrow.Data(this.type, 0, length, nullCount, [
      undefined,
      view(bytes, Uint32Array),
      nullBitmap,
    ]);
  }
}

/** Throw if a valid HUGEINT among `bytes` (gathered, 16 per value) has more than 38 digits. */
function checkHugeRange(
  bytes: Uint8Array,
  n: number,
  validity: Uint8Array | null,
  sel: Uint32Array | null,
): void {
  const w = view(bytes, Int32Array);
  for (let i = 0; i < n; i++) {
    const high = w[4 * i + 3]! * 4294967296 + (w[4 * i + 2]! >>> 0);
    if (Math.abs(high) < HUGE_SAFE_HIGH) continue;
    const r = sel === null ? i : sel[i]!;
    if (validity !== null && (validity[r >> 3]! & (1 << (r & 7))) === 0) continue;
    const dv = new DataView(bytes.buffer, bytes.byteOffset + 16 * i, 16);
    const v = (dv.getBigInt64(8, true) << 64n) | dv.getBigUint64(0, true);
    if (v > MAX_38_DIGITS || v < -MAX_38_DIGITS) {
      throw new RelgateError({
        code: "value-out-of-range",
        message: `Cannot convert HUGEINT ${v} to Arrow decimal(38,0): more than 38 digits`,
        hint: "cast the column to DOUBLE or VARCHAR in SQL",
      });
    }
  }
}

/** VARCHAR / BLOB: `string_t` (16 bytes; inline up to 12) -> offsets + bytes. */
class BytesSink implements Sink {
  readonly type: arrow.DataType;
  readonly #offsets = new OffsetBuilder();
  readonly #bytes = new ByteBuilder();
  readonly #validity = new Validity();

  constructor(type: arrow.DataType) {
    this.type = type;
  }

  append(vector: duckdb.Vector, size: number, sel: Uint32Array | null, selCount: number): void {
    const src = vectorBytes(vector, size * 16);
    const words = view(src, Uint32Array);
    const validity = this.#validity.append(vector, size, sel, selCount);
    // Pass 1: offsets from the lengths alone.
    const offsets = this.#offsets.reserve(selCount);
    let o = this.#offsets.length;
    const start = this.#bytes.length;
    let at = start;
    let longCount = 0;
    for (let i = 0; i < selCount; i++) {
      const r = sel === null ? i : sel[i]!;
      if (validity === null || (validity[r >> 3]! & (1 << (r & 7))) !== 0) {
        const len = words[4 * r]!;
        at += len;
        if (len > 12) longCount++;
      }
      offsets[o++] = at;
    }
    if (at > 0x7fffffff) throw new Error("Cannot convert strings: more than 2 GiB in one batch");
    const out = this.#bytes.reserve(at - start);
    // Pass 2: inline bytes copied now; long strings listed for pass 3.
    const longRows = new Uint32Array(longCount);
    const longAt = new Uint32Array(longCount);
    let k = 0;
    let pos = start;
    for (let i = 0; i < selCount; i++) {
      const r = sel === null ? i : sel[i]!;
      if (validity === null || (validity[r >> 3]! & (1 << (r & 7))) !== 0) {
        const len = words[4 * r]!;
        if (len <= 12) {
          const from = 16 * r + 4;
          for (let j = 0; j < len; j++) out[pos + j] = src[from + j]!;
        } else {
          longRows[k] = r;
          longAt[k] = pos;
          k++;
        }
        pos += len;
      }
    }
    if (longCount > 0) copyLongStrings(src, words, longRows, longAt, out);
    this.#bytes.length = at;
    this.#offsets.length = o;
  }

  nearLimit(limit: number): boolean {
    return this.#bytes.length > limit;
  }

  finish(): arrow.Data {
    const length = this.#offsets.length - 1;
    const valueOffsets = this.#offsets.take();
    const values = this.#bytes.take();
    const { nullBitmap, nullCount } = this.#validity.take();
    return new arrow.Data(this.type, 0, length, nullCount, [valueOffsets, values, nullBitmap]);
  }
}

/** Pointer-sized reads assume little-endian words (every platform DuckDB's node bindings ship for). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Gaps below a page between consecutive strings keep a run's whole span on readable pages. */
const MAX_GAP = 4096;
/** Largest span read in one native call. */
const MAX_RUN = 1 << 24;

/**
 * Copy the long (> 12 bytes, out-of-line) strings of rows `rows` into `out` at
 * `at`. Strings DuckDB allocated next to each other (the usual case: one
 * arena per vector) are read as one span per run with a single native call
 * instead of one call per string. A run only grows by a string starting at
 * or after the run's start and less than a page past its end, so every byte
 * of the span lies on a page that holds string bytes (hence is mapped).
 */
function copyLongStrings(
  src: Uint8Array,
  words: Uint32Array,
  rows: Uint32Array,
  at: Uint32Array,
  out: Uint8Array,
): void {
  const n = rows.length;
  const srcBuffer = src.buffer as ArrayBuffer;
  const pointer = new Uint32Array(2);
  let k = 0;
  while (k < n) {
    const r0 = rows[k]!;
    const runStart = words[4 * r0 + 2]! + words[4 * r0 + 3]! * 4294967296;
    let runEnd = runStart + words[4 * r0]!;
    let j = k + 1;
    if (LITTLE_ENDIAN) {
      for (; j < n; j++) {
        const r = rows[j]!;
        const p = words[4 * r + 2]! + words[4 * r + 3]! * 4294967296;
        const e = p + words[4 * r]!;
        if (p < runStart || p - runEnd >= MAX_GAP || e - runStart > MAX_RUN) break;
        if (e > runEnd) runEnd = e;
      }
    }
    if (j - k === 1) {
      out.set(
        duckdb.get_data_from_pointer(srcBuffer, src.byteOffset + 16 * r0 + 8, words[4 * r0]!),
        at[k]!,
      );
    } else {
      pointer[0] = words[4 * r0 + 2]!;
      pointer[1] = words[4 * r0 + 3]!;
      const block = duckdb.get_data_from_pointer(pointer.buffer, 0, runEnd - runStart);
      for (let m = k; m < j; m++) {
        const r = rows[m]!;
        const len = words[4 * r]!;
        const from = words[4 * r + 2]! + words[4 * r + 3]! * 4294967296 - runStart;
        const to = at[m]!;
        if (len < 64) {
          for (let b = 0; b < len; b++) out[to + b] = block[from + b]!;
        } else {
          out.set(block.subarray(from, from + len), to);
        }
      }
    }
    k = j;
  }
}

/** LIST: (offset, length) u64 entries + a child vector -> int32 offsets + child Data. */
class ListSink implements Sink {
  readonly type: arrow.DataType;
  readonly #child: Sink;
  readonly #offsets = new OffsetBuilder();
  readonly #validity = new Validity();

  constructor(type: arrow.DataType, child: Sink) {
    this.type = type;
    this.#child = child;
  }

  append(vector: duckdb.Vector, size: number, sel: Uint32Array | null, selCount: number): void {
    const entries = view(vectorBytes(vector, size * 16), Uint32Array);
    const validity = this.#validity.append(vector, size, sel, selCount);
    const childVector = duckdb.list_vector_get_child(vector);
    const childSize = duckdb.list_vector_get_size(vector);
    // Fast path: valid rows' elements are consecutive from 0, as DuckDB usually writes them.
    let end = 0;
    let sequential = true;
    for (let i = 0; i < selCount; i++) {
      const r = sel === null ? i : sel[i]!;
      if (validity !== null && (validity[r >> 3]! & (1 << (r & 7))) === 0) continue;
      if (entries[4 * r + 1] !== 0 || entries[4 * r + 3] !== 0 || entries[4 * r] !== end) {
        sequential = false;
        break;
      }
      end += entries[4 * r + 2]!;
    }
    const offsets = this.#offsets.reserve(selCount);
    let o = this.#offsets.length;
    const base = this.#offsets.last;
    if (sequential) {
      let at = base;
      for (let i = 0; i < selCount; i++) {
        const r = sel === null ? i : sel[i]!;
        if (validity === null || (validity[r >> 3]! & (1 << (r & 7))) !== 0) {
          at += entries[4 * r + 2]!;
        }
        offsets[o++] = at;
      }
      this.#child.append(childVector, end, null, end);
    } else {
      let total = 0;
      for (let i = 0; i < selCount; i++) {
        const r = sel === null ? i : sel[i]!;
        if (validity === null || (validity[r >> 3]! & (1 << (r & 7))) !== 0) {
          total += entries[4 * r + 2]!;
        }
      }
      const childSel = new Uint32Array(total);
      let k = 0;
      for (let i = 0; i < selCount; i++) {
        const r = sel === null ? i : sel[i]!;
        if (validity === null || (validity[r >> 3]! & (1 << (r & 7))) !== 0) {
          const start = entries[4 * r]!;
          const len = entries[4 * r + 2]!;
          for (let j = 0; j < len; j++) childSel[k++] = start + j;
        }
        offsets[o++] = base + k;
      }
      this.#child.append(childVector, childSize, childSel, total);
    }
    this.#offsets.length = o;
  }

  nearLimit(limit: number): boolean {
    return this.#offsets.last > limit || this.#child.nearLimit(limit);
  }

  finish(): arrow.Data {
    const length = this.#offsets.length - 1;
    const valueOffsets = this.#offsets.take();
    const child = this.#child.finish();
    const { nullBitmap, nullCount } = this.#validity.take();
    return new arrow.Data(this.type, 0, length, nullCount, [valueOffsets, undefined, nullBitmap], [
      child,
    ]);
  }
}

/** STRUCT: validity + one child per entry, same rows. */
class StructSink implements Sink {
  readonly type: arrow.DataType;
  readonly #children: readonly Sink[];
  readonly #validity = new Validity();
  #length = 0;

  constructor(type: arrow.DataType, children: readonly Sink[]) {
    this.type = type;
    this.#children = children;
  }

  append(vector: duckdb.Vector, size: number, sel: Uint32Array | null, selCount: number): void {
    this.#validity.append(vector, size, sel, selCount);
    for (let c = 0; c < this.#children.length; c++) {
      this.#children[c]!.append(duckdb.struct_vector_get_child(vector, c), size, sel, selCount);
    }
    this.#length += selCount;
  }

  nearLimit(limit: number): boolean {
    return this.#children.some((c) => c.nearLimit(limit));
  }

  finish(): arrow.Data {
    const children = this.#children.map((c) => c.finish());
    const { nullBitmap, nullCount } = this.#validity.take();
    const length = this.#length;
    this.#length = 0;
    return new arrow.Data(
      this.type,
      0,
      length,
      nullCount,
      [undefined, undefined, nullBitmap],
      children,
    );
  }
}

/** Untyped NULL column. */
class NullSink implements Sink {
  readonly type: arrow.DataType;
  #length = 0;

  constructor(type: arrow.DataType) {
    this.type = type;
  }

  append(_vector: duckdb.Vector, _size: number, _sel: Uint32Array | null, selCount: number): void {
    this.#length += selCount;
  }

  nearLimit(_limit: number): boolean {
    return false;
  }

  finish(): arrow.Data {
    const length = this.#length;
    this.#length = 0;
    return arrow.makeData({ type: new arrow.Null(), length });
  }
}
