/**
 * Test helpers for the Arrow IPC and DuckDB <-> Arrow conversion tests: exact values and
 * type descriptions of Arrow data (apache-arrow's own getters round
 * timestamps to milliseconds and decimals to objects, so tests read buffers).
 * Only test files import this.
 *
 * @module
 */

import * as arrow from "apache-arrow";

/** An exact JS value of one Arrow cell. */
export type Exact =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly number[]
  | readonly Exact[]
  | { readonly [k: string]: Exact };

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The exact value of row `i` of `data`: 64-bit ints, timestamps and times as
 * raw bigints, decimals as the unscaled bigint, dates as days, binary as a
 * byte list, lists as arrays, structs as objects.
 */
export function exactAt(data: arrow.Data, i: number): Exact {
  if (!data.getValid(i)) return null;
  const type = data.type;
  switch (type.typeId) {
    case arrow.Type.Null:
      return null;
    case arrow.Type.Bool: {
      const b = data.offset + i;
      return ((data.values as Uint8Array)[b >> 3]! & (1 << (b & 7))) !== 0;
    }
    case arrow.Type.Int:
    case arrow.Type.Float:
    case arrow.Type.Date:
    case arrow.Type.Time:
    case arrow.Type.Timestamp:
      return (data.values as Int32Array | BigInt64Array | Float64Array)[i]!;
    case arrow.Type.Decimal: {
      const v = data.values as Uint32Array;
      const dv = new DataView(v.buffer, v.byteOffset + 16 * i, 16);
      return (dv.getBigInt64(8, true) << 64n) | dv.getBigUint64(0, true);
    }
    case arrow.Type.Utf8:
    case arrow.Type.Binary: {
      const o = data.valueOffsets as Int32Array;
      const bytes = (data.values as Uint8Array).subarray(o[i]!, o[i + 1]!);
      return type.typeId === arrow.Type.Utf8 ? decoder.decode(bytes) : Array.from(bytes);
    }
    case arrow.Type.List: {
      const o = data.valueOffsets as Int32Array;
      const child = data.children[0]!;
      const out: Exact[] = [];
      for (let j = o[i]!; j < o[i + 1]!; j++) out.push(exactAt(child, j));
      return out;
    }
    case arrow.Type.Struct: {
      const out: Record<string, Exact> = {};
      (type as arrow.Struct).children.forEach((f, c) => {
        out[f.name] = exactAt(data.children[c]!, i);
      });
      return out;
    }
    default:
      throw new Error(`exactAt: unsupported type ${type}`);
  }
}

/** Every column of `table` as `{name: exact values}` (batches concatenated). */
export function exactColumns(table: arrow.Table): Record<string, Exact[]> {
  const out: Record<string, Exact[]> = {};
  table.schema.fields.forEach((f, c) => {
    const values: Exact[] = [];
    for (const batch of table.batches) {
      const data = batch.data.children[c]!;
      for (let i = 0; i < data.length; i++) values.push(exactAt(data, i));
    }
    out[f.name] = values;
  });
  return out;
}

/** A structural description of a type (everything that makes two types differ). */
export function typeKey(type: arrow.DataType): string {
  const t = type as arrow.DataType & Record<string, unknown>;
  const parts: string[] = [arrow.Type[type.typeId] ?? String(type.typeId)];
  for (const k of ["bitWidth", "isSigned", "precision", "scale", "unit"]) {
    if (k in t && t[k] !== undefined) parts.push(`${k}=${String(t[k])}`);
  }
  // An absent time zone may be stored as undefined or null.
  if (type.typeId === arrow.Type.Timestamp) parts.push(`timezone=${String(t.timezone ?? null)}`);
  const children = (type.children ?? []) as arrow.Field[];
  if (children.length > 0) {
    parts.push(`<${children.map((f) => `${f.name}:${typeKey(f.type)}`).join(",")}>`);
  }
  return parts.join(" ");
}

/** `name: typeKey` for each field of a schema. */
export function schemaKey(schema: arrow.Schema): string[] {
  return schema.fields.map((f) => `${f.name}: ${typeKey(f.type)}`);
}

/** Build a validity bitmap from a list with nulls (undefined when none). */
export function bitmapOf(values: readonly unknown[]): Uint8Array | undefined {
  if (!values.some((v) => v === null)) return undefined;
  const bits = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v !== null) bits[i >> 3]! |= 1 << (i & 7);
  });
  return bits;
}

/** A fixed-width column from values (null = null; 0 stored underneath). */
export function fixedData<T extends arrow.DataType>(
  type: T,
  values: readonly (number | bigint | null)[],
): arrow.Data<T> {
  const Ctor =
    (type as unknown as { ArrayType: new (n: number) => Int32Array | BigInt64Array }).ArrayType;
  const arr = new Ctor(values.length);
  values.forEach((v, i) => {
    if (v !== null) (arr as unknown as (number | bigint)[])[i] = v;
  });
  const nullBitmap = bitmapOf(values);
  const nullCount = values.filter((v) => v === null).length;
  return new arrow.Data(type, 0, values.length, nullCount, [
    undefined,
    arr,
    nullBitmap,
  ]) as arrow.Data<T>;
}

/** A Decimal(scale, precision, 128) column from unscaled bigints. */
export function decimalData(
  precision: number,
  scale: number,
  values: readonly (bigint | null)[],
): arrow.Data<arrow.Decimal> {
  const buf = new Uint32Array(values.length * 4);
  const dv = new DataView(buf.buffer);
  values.forEach((v, i) => {
    if (v === null) return;
    dv.setBigUint64(16 * i, BigInt.asUintN(64, v), true);
    dv.setBigInt64(16 * i + 8, BigInt.asIntN(64, v >> 64n), true);
  });
  const type = new arrow.Decimal(scale, precision, 128);
  const nullCount = values.filter((v) => v === null).length;
  return new arrow.Data(type, 0, values.length, nullCount, [undefined, buf, bitmapOf(values)]);
}

/** A table from named Data columns (one batch). */
export function tableOf(
  columns: Record<string, arrow.Data>,
  metadata?: Map<string, string>,
): arrow.Table {
  const names = Object.keys(columns);
  const fields = names.map((n) => new arrow.Field(n, columns[n]!.type, true));
  const schema = new arrow.Schema(fields, metadata ?? null);
  const length = names.length === 0 ? 0 : columns[names[0]!]!.length;
  const data = arrow.makeData({
    type: new arrow.Struct(fields),
    length,
    nullCount: 0,
    children: names.map((n) => columns[n]!),
  });
  return new arrow.Table(schema, [new arrow.RecordBatch(schema, data)]);
}
