/**
 * apache-arrow tables -> a new DuckDB table, through the appender and data
 * chunks (never SQL INSERT).
 *
 * `@duckdb/node-api`'s vectors write value by value, so this module fills each
 * data chunk's vectors through `@duckdb/node-bindings` (the binding node-api
 * wraps): fixed-width columns and Arrow validity bitmaps are one native memcpy
 * per vector and chunk, straight from the Arrow buffers. Strings and blobs of
 * up to 12 bytes are written as inline `string_t`s in one bulk copy; longer
 * ones cost one native call each. Booleans, decimals narrower than 128 bits
 * and list offsets are converted in plain typed-array loops.
 *
 * Type mapping (the mirror of to_arrow.ts):
 *
 * | Arrow | DuckDB |
 * |---|---|
 * | Bool | BOOLEAN |
 * | Int8..Int64, Uint8..Uint64 | TINYINT..BIGINT, UTINYINT..UBIGINT |
 * | Float32 Float64 | FLOAT DOUBLE |
 * | Utf8, LargeUtf8 | VARCHAR |
 * | Binary, LargeBinary | BLOB |
 * | DateDay | DATE |
 * | TimeMicrosecond | TIME |
 * | Timestamp(unit, no tz) | TIMESTAMP (us), TIMESTAMP_S / _MS / _NS |
 * | Timestamp(MICROSECOND, "UTC") | TIMESTAMPTZ |
 * | Decimal(S, P, 128), P <= 38 | DECIMAL(P, S) |
 * | List<T> | T[] |
 * | Struct<...> | STRUCT(...) |
 *
 * Anything else (dictionaries, Float16, intervals, maps, unions, other time
 * zones) is an `unsupported-type` error.
 *
 * @module
 */

import duckdb from "@duckdb/node-bindings";
import * as arrow from "apache-arrow";
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBType,
  FLOAT,
  INTEGER,
  LIST,
  SMALLINT,
  STRUCT,
  TIME,
  TIMESTAMP,
  TIMESTAMP_MS,
  TIMESTAMP_NS,
  TIMESTAMP_S,
  TIMESTAMPTZ,
  TINYINT,
  UBIGINT,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
} from "@duckdb/node-api";
import { RelgateError } from "../errors.ts";
import * as q from "./sql_ast.ts";
import { renderSql } from "./sql_render.ts";
import { sqlTypeOfDuckdb } from "./types.ts";

/** Time zone names taken to mean UTC. */
const UTC_NAMES = new Set(["UTC", "Etc/UTC", "Z", "+00:00", "utc"]);

/**
 * The DuckDB column type an Arrow type loads into (see the module table).
 *
 * @throws {RelgateError} `unsupported-type` for a type with no mapping.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { arrowTypeToDuckdb } from "./from_arrow.ts";
 * arrowTypeToDuckdb(new arrow.List(new arrow.Field("item", new arrow.Int64()))).toString(); // "BIGINT[]"
 * ```
 */
export function arrowTypeToDuckdb(type: arrow.DataType): DuckDBType {
  if (arrow.DataType.isBool(type)) return BOOLEAN;
  if (arrow.DataType.isInt(type)) {
    const t = type as arrow.Int;
    switch (t.bitWidth) {
      case 8:
        return t.isSigned ? TINYINT : UTINYINT;
      case 16:
        return t.isSigned ? SMALLINT : USMALLINT;
      case 32:
        return t.isSigned ? INTEGER : UINTEGER;
      case 64:
        return t.isSigned ? BIGINT : UBIGINT;
    }
  }
  if (arrow.DataType.isFloat(type)) {
    const p = (type as arrow.Float).precision;
    if (p === arrow.Precision.SINGLE) return FLOAT;
    if (p === arrow.Precision.DOUBLE) return DOUBLE;
  }
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type)) return VARCHAR;
  if (arrow.DataType.isBinary(type) || arrow.DataType.isLargeBinary(type)) return BLOB;
  if (arrow.DataType.isDate(type) && (type as arrow.Date_).unit === arrow.DateUnit.DAY) return DATE;
  if (
    arrow.DataType.isTime(type) && (type as arrow.Time).unit === arrow.TimeUnit.MICROSECOND &&
    (type as arrow.Time).bitWidth === 64
  ) {
    return TIME;
  }
  if (arrow.DataType.isTimestamp(type)) {
    const t = type as arrow.Timestamp;
    if (t.timezone === null || t.timezone === undefined || t.timezone === "") {
      switch (t.unit) {
        case arrow.TimeUnit.SECOND:
          return TIMESTAMP_S;
        case arrow.TimeUnit.MILLISECOND:
          return TIMESTAMP_MS;
        case arrow.TimeUnit.MICROSECOND:
          return TIMESTAMP;
        case arrow.TimeUnit.NANOSECOND:
          return TIMESTAMP_NS;
      }
    } else if (UTC_NAMES.has(t.timezone) && t.unit === arrow.TimeUnit.MICROSECOND) {
      return TIMESTAMPTZ;
    }
  }
  if (arrow.DataType.isDecimal(type)) {
    const t = type as arrow.Decimal;
    if (
      t.bitWidth === 128 && t.precision >= 1 && t.precision <= 38 && t.scale >= 0 &&
      t.scale <= t.precision
    ) {
      return DECIMAL(t.precision, t.scale);
    }
  }
  if (arrow.DataType.isList(type)) {
    const child = (type as arrow.List).children[0];
    if (child) return LIST(arrowTypeToDuckdb(child.type));
  }
  if (arrow.DataType.isStruct(type)) {
    const entries: Record<string, DuckDBType> = {};
    for (const f of (type as arrow.Struct).children) {
      if (Object.hasOwn(entries, f.name)) {
        throw new RelgateError({
          code: "unsupported-type",
          message: `Cannot load Arrow type ${type} into DuckDB: duplicate struct field "${f.name}"`,
        });
      }
      entries[f.name] = arrowTypeToDuckdb(f.type);
    }
    return STRUCT(entries);
  }
  throw new RelgateError({
    code: "unsupported-type",
    message: `Cannot load Arrow type ${type} into DuckDB: no mapping`,
    hint: "use one of the types of SPEC section 1 (timestamps: unit us, time zone UTC or none)",
  });
}

/**
 * Create table `tableName` with one column per field of `table` (same names
 * and order; non-nullable fields get NOT NULL) and fill it with the table's
 * rows through a DuckDB appender, one data chunk per 2048 rows.
 *
 * @throws {RelgateError} `unsupported-type` for a column type with no mapping,
 *   `duplicate-column` when two fields share a name.
 *
 * @example
 * ```ts ignore
 * import { tableFromArrays } from "apache-arrow";
 * await loadArrowTable(connection, "t", tableFromArrays({ x: new Float64Array([1, 2]) }));
 * ```
 */
export async function loadArrowTable(
  connection: DuckDBConnection,
  tableName: string,
  table: arrow.Table,
): Promise<void> {
  const fields = table.schema.fields;
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) {
      throw new RelgateError({
        code: "duplicate-column",
        message: `Cannot load table "${tableName}" into DuckDB: column "${f.name}" appears twice`,
      });
    }
    seen.add(f.name);
  }
  const types = fields.map((f) => arrowTypeToDuckdb(f.type));
  const columns = fields.map((f, i) => q.columnDef(f.name, sqlTypeOfDuckdb(types[i]!), f.nullable));
  await connection.run(renderSql(q.createTable(tableName, columns)).sql);
  if (fields.length === 0 || table.numRows === 0) return;
  try {
    await appendRows(connection, tableName, table, types);
  } catch (error) {
    // Leave nothing half-loaded behind: the table is ours, created above.
    await connection.run(renderSql(q.drop("TABLE", tableName)).sql).catch(() => undefined);
    throw error;
  }
}

async function appendRows(
  connection: DuckDBConnection,
  tableName: string,
  table: arrow.Table,
  types: readonly DuckDBType[],
): Promise<void> {
  if (duckdb.sizeof_bool !== 1) {
    throw new Error(`Cannot load BOOLEAN: sizeof(bool) is ${duckdb.sizeof_bool}`);
  }
  const appender = await connection.createAppender(tableName);
  let done = false;
  try {
    const vectorSize = duckdb.vector_size();
    const logicalTypes = types.map((t) => t.toLogicalType().logical_type);
    for (const batch of table.batches) {
      const columns = batch.data.children;
      for (let start = 0; start < batch.numRows; start += vectorSize) {
        const n = Math.min(vectorSize, batch.numRows - start);
        const chunk = new DuckDBDataChunk(duckdb.create_data_chunk(logicalTypes));
        for (let c = 0; c < columns.length; c++) {
          fillVector(duckdb.data_chunk_get_vector(chunk.chunk, c), columns[c]!, start, n, null);
        }
        chunk.rowCount = n;
        appendChunk(appender, chunk);
      }
    }
    flush(appender);
    done = true;
  } finally {
    if (!done) appender.clear();
    appender.closeSync();
  }
}

function appendChunk(appender: DuckDBAppender, chunk: DuckDBDataChunk): void {
  try {
    appender.appendDataChunk(chunk);
  } catch (error) {
    throw asUserError(error);
  }
}

function flush(appender: DuckDBAppender): void {
  try {
    appender.flushSync();
  } catch (error) {
    throw asUserError(error);
  }
}

/** DuckDB's appender checks UTF-8 (inline strings reach it unchecked): report that as the user's data. */
function asUserError(error: unknown): unknown {
  if (error instanceof Error && /invalid unicode/i.test(error.message)) {
    return new RelgateError({
      code: "invalid-utf8",
      message: `Cannot load a utf8 value into DuckDB: not valid UTF-8 (${error.message})`,
    });
  }
  return error;
}

// ---------------------------------------------------------------------------
// Filling one vector from rows start..start+n-1 of an Arrow Data.
//
// Arrow JS slicing rules (apache-arrow 21): `offset` applies to the validity
// bitmap and to Bool values (bits); fixed-width values and value-offset
// buffers are already sliced; offsets index unsliced value bytes / list child;
// struct children are sliced along with their parent.

/**
 * Write rows `start..start+n-1` of `data` into `vector` (rows 0..n-1).
 * `mask` (bit i = row start+i, LSB-first) forces rows invalid where a parent
 * struct is null; null means no parent constraint.
 */
function fillVector(
  vector: duckdb.Vector,
  data: arrow.Data,
  start: number,
  n: number,
  mask: Uint8Array | null,
): void {
  if (n === 0) return;
  const validity = writeValidity(vector, data, start, n, mask);
  const type = data.type;
  switch (type.typeId) {
    case arrow.Type.Bool:
      return fillBool(vector, data, start, n);
    case arrow.Type.Int:
    case arrow.Type.Float:
    case arrow.Type.Date:
    case arrow.Type.Time:
    case arrow.Type.Timestamp:
      return fillFixed(
        vector,
        data.values as ArrayBufferView & { BYTES_PER_ELEMENT: number },
        data.stride,
        start,
        n,
      );
    case arrow.Type.Decimal:
      return fillDecimal(vector, data as arrow.Data<arrow.Decimal>, start, n);
    case arrow.Type.Utf8:
    case arrow.Type.Binary:
    case arrow.Type.LargeUtf8:
    case arrow.Type.LargeBinary:
      return fillBytes(vector, data, start, n, validity);
    case arrow.Type.List:
      return fillList(vector, data, start, n);
    case arrow.Type.Struct: {
      const children = data.children;
      for (let c = 0; c < children.length; c++) {
        fillVector(duckdb.struct_vector_get_child(vector, c), children[c]!, start, n, validity);
      }
      return;
    }
    default:
      throw new Error(`Cannot fill a DuckDB vector from Arrow ${type}: unsupported`);
  }
}

/** Bits `from..from+n-1` of `bitmap` as a new LSB-first bitmap starting at bit 0. */
function bitsAt(bitmap: Uint8Array, from: number, n: number): Uint8Array {
  const byteCount = (n + 7) >> 3;
  const shift = from & 7;
  const first = from >> 3;
  if (shift === 0) return bitmap.slice(first, first + byteCount);
  const out = new Uint8Array(byteCount);
  for (let i = 0; i < byteCount; i++) {
    const lo = bitmap[first + i] ?? 0;
    const hi = bitmap[first + i + 1] ?? 0;
    out[i] = ((lo >> shift) | (hi << (8 - shift))) & 0xff;
  }
  return out;
}

/**
 * Write the validity of rows `start..start+n-1` (ANDed with `mask`) into the
 * vector; returns it (bit i = row i), or null when every row is valid.
 */
function writeValidity(
  vector: duckdb.Vector,
  data: arrow.Data,
  start: number,
  n: number,
  mask: Uint8Array | null,
): Uint8Array | null {
  let bits: Uint8Array | null = null;
  if (data.nullCount > 0 && data.nullBitmap !== undefined && data.nullBitmap.length > 0) {
    bits = bitsAt(data.nullBitmap, data.offset + start, n);
    if (mask !== null) {
      for (let i = 0; i < bits.length; i++) bits[i]! &= mask[i]!;
    }
  } else if (mask !== null) {
    bits = mask.slice(0, (n + 7) >> 3);
  }
  if (bits === null) return null;
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(
    vector,
    0,
    bits.buffer as ArrayBuffer,
    bits.byteOffset,
    bits.byteLength,
  );
  return bits;
}

function fillFixed(
  vector: duckdb.Vector,
  values: ArrayBufferView & { BYTES_PER_ELEMENT: number },
  stride: number,
  start: number,
  n: number,
): void {
  const width = values.BYTES_PER_ELEMENT * stride;
  const from = start * width;
  const count = n * width;
  if (from + count > values.byteLength) {
    // A short (e.g. absent, all-null) buffer: never let the native copy read past it.
    const padded = new Uint8Array(count);
    const have = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    if (from < have.length) padded.set(have.subarray(from));
    duckdb.copy_data_to_vector(vector, 0, padded.buffer, 0, count);
    return;
  }
  duckdb.copy_data_to_vector(
    vector,
    0,
    values.buffer as ArrayBuffer,
    values.byteOffset + from,
    count,
  );
}

function fillBool(vector: duckdb.Vector, data: arrow.Data, start: number, n: number): void {
  const bits = data.values as Uint8Array;
  const out = new Uint8Array(n);
  const from = data.offset + start;
  for (let i = 0; i < n; i++) {
    const b = from + i;
    out[i] = (bits[b >> 3]! >> (b & 7)) & 1;
  }
  duckdb.copy_data_to_vector(vector, 0, out.buffer, 0, n);
}

function fillDecimal(
  vector: duckdb.Vector,
  data: arrow.Data<arrow.Decimal>,
  start: number,
  n: number,
): void {
  const values = data.values;
  const src = new Int32Array(values.buffer, values.byteOffset + start * 16, n * 4);
  const precision = data.type.precision;
  if (precision > 18) {
    duckdb.copy_data_to_vector(vector, 0, src.buffer as ArrayBuffer, src.byteOffset, n * 16);
    return;
  }
  // Narrow to DuckDB's storage (int16 / int32 / int64 by precision). A value
  // whose upper words are not the sign extension cannot fit: refuse it.
  let bad = -1;
  let out: Int16Array | Int32Array;
  if (precision <= 9) {
    out = precision <= 4 ? new Int16Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const lo = src[4 * i]!;
      const ext = lo < 0 ? -1 : 0;
      if ((src[4 * i + 1]! | 0) !== ext || src[4 * i + 2] !== ext || src[4 * i + 3] !== ext) {
        bad = i;
      }
      out[i] = lo;
      if (precision <= 4 && out[i] !== lo) bad = i;
    }
  } else {
    out = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const hi = src[4 * i + 1]!;
      const ext = hi < 0 ? -1 : 0;
      if (src[4 * i + 2] !== ext || src[4 * i + 3] !== ext) bad = i;
      out[2 * i] = src[4 * i]!;
      out[2 * i + 1] = hi;
    }
  }
  if (bad >= 0 && data.getValid(start + bad)) {
    throw new RelgateError({
      code: "value-out-of-range",
      message: `Cannot load Arrow ${data.type} value at row ${
        start + bad
      }: more digits than its precision`,
    });
  }
  duckdb.copy_data_to_vector(vector, 0, out.buffer as ArrayBuffer, 0, out.byteLength);
}

/** Offsets `start..start+n` of a Utf8/Binary/List Data as an Int32Array (large offsets checked). */
function int32Offsets(data: arrow.Data, start: number, n: number): Int32Array {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array | undefined;
  if (offsets === undefined || offsets.length < start + n + 1) {
    throw new RelgateError({
      code: "invalid-arrow-data",
      message: `Cannot load Arrow ${data.type} data: fewer value offsets than rows`,
    });
  }
  if (offsets instanceof Int32Array) return offsets.subarray(start, start + n + 1);
  const last = offsets[start + n]!;
  if (last > 0x7fffffffn) throw new Error("Cannot load a value buffer over 2 GiB in one chunk");
  const words = new Int32Array(offsets.buffer, offsets.byteOffset, offsets.length * 2);
  const out = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = words[2 * (start + i)]!;
  return out;
}

/**
 * Strings and blobs. Rows of up to 12 bytes become inline `string_t`s. For
 * longer ones DuckDB must own the bytes: the chunk's whole value range is
 * handed to DuckDB once (assigned to the first long row, so DuckDB copies it
 * into the vector's string heap), its heap address is read back, and every
 * long row's `string_t` (length, 4-byte prefix, pointer) points into that
 * copy. All structs then go in with one memcpy. One native string copy per
 * chunk instead of one per long string; the bytes DuckDB sees are exactly
 * Arrow's.
 */
function fillBytes(
  vector: duckdb.Vector,
  data: arrow.Data,
  start: number,
  n: number,
  validity: Uint8Array | null,
): void {
  const offsets = int32Offsets(data, start, n);
  const bytes = data.values as Uint8Array;
  // 16-byte string_t per row: u32 length, then up to 12 inline bytes (zero
  // padded), or a 4-byte prefix and a pointer.
  const structs = new Uint8Array(16 * n);
  const words = new Uint32Array(structs.buffer);
  let firstLong = -1;
  let longCount = 0;
  for (let i = 0; i < n; i++) {
    if (validity !== null && (validity[i >> 3]! & (1 << (i & 7))) === 0) continue;
    const b = offsets[i]!;
    const len = offsets[i + 1]! - b;
    words[4 * i] = len;
    const to = 16 * i + 4;
    if (len <= 12) {
      for (let k = 0; k < len; k++) structs[to + k] = bytes[b + k]!;
    } else {
      for (let k = 0; k < 4; k++) structs[to + k] = bytes[b + k]!;
      if (firstLong < 0) firstLong = i;
      longCount++;
    }
  }
  const isText = data.type.typeId === arrow.Type.Utf8 || data.type.typeId === arrow.Type.LargeUtf8;
  const base = offsets[0]!;
  const span = offsets[n]! - base;
  if (longCount === 1 || (longCount > 1 && (!LITTLE_ENDIAN || span > 0x7fffffff))) {
    duckdb.copy_data_to_vector(vector, 0, structs.buffer, 0, structs.byteLength);
    for (let i = firstLong; i < n; i++) {
      if (words[4 * i]! > 12) {
        duckdb.vector_assign_string_element_len(
          vector,
          i,
          bytes.subarray(offsets[i]!, offsets[i + 1]!),
        );
      }
    }
    // DuckDB turns a VARCHAR that is not UTF-8 into NULL here instead of failing.
    if (isText) {
      for (let i = firstLong; i < n; i++) {
        if (words[4 * i]! > 12) assertAssigned(vector, n, i, start);
      }
    }
    return;
  }
  if (longCount > 1) {
    duckdb.vector_assign_string_element_len(vector, firstLong, bytes.subarray(base, base + span));
    // If DuckDB refused the bytes (not UTF-8) the row is NULL and holds no pointer: stop here.
    if (isText) assertAssigned(vector, n, firstLong, start);
    const assigned = new Uint32Array(
      duckdb.vector_get_data(vector, 16 * (firstLong + 1)).slice().buffer,
    );
    if (assigned[4 * firstLong] !== span) {
      throw new Error("Cannot load strings: DuckDB did not keep the bytes");
    }
    const heapLo = assigned[4 * firstLong + 2]!;
    const heapHi = assigned[4 * firstLong + 3]!;
    for (let i = firstLong; i < n; i++) {
      const len = words[4 * i]!;
      if (len <= 12) continue; // inline, or null (length 0)
      const lo = heapLo + (offsets[i]! - base);
      words[4 * i + 2] = lo >>> 0;
      words[4 * i + 3] = heapHi + (lo > 0xffffffff ? 1 : 0);
    }
  }
  duckdb.copy_data_to_vector(vector, 0, structs.buffer, 0, structs.byteLength);
}

/** Throw `invalid-utf8` unless row `row` of the vector (of `n` rows) is still valid after a string assignment. */
function assertAssigned(vector: duckdb.Vector, n: number, row: number, start: number): void {
  const validity = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
  if (!validity || (validity[row >> 3]! & (1 << (row & 7))) !== 0) return;
  throw new RelgateError({
    code: "invalid-utf8",
    message: `Cannot load a utf8 value into DuckDB: the value near row ${
      start + row
    } is not valid UTF-8`,
  });
}

/** Pointer words are written as (low, high) u32 pairs: little-endian platforms only (all DuckDB ships). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function fillList(vector: duckdb.Vector, data: arrow.Data, start: number, n: number): void {
  const offsets = int32Offsets(data, start, n);
  const first = offsets[0]!;
  const total = offsets[n]! - first;
  // list_entry_t per row: u64 offset, u64 length (high words stay 0).
  const entries = new Uint32Array(4 * n);
  for (let i = 0; i < n; i++) {
    entries[4 * i] = offsets[i]! - first;
    entries[4 * i + 2] = offsets[i + 1]! - offsets[i]!;
  }
  duckdb.list_vector_reserve(vector, total);
  duckdb.list_vector_set_size(vector, total);
  duckdb.copy_data_to_vector(vector, 0, entries.buffer, 0, entries.byteLength);
  const child = data.children[0];
  if (child === undefined) throw new Error("Cannot load an Arrow list without a child");
  fillVector(duckdb.list_vector_get_child(vector), child, first, total, null);
}
