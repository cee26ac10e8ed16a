/**
 * relgate data types (SPEC section 1) <-> apache-arrow data types.
 *
 * | relgate | Arrow |
 * |---|---|
 * | bool | Bool |
 * | int8..int64, uint8..uint64 | Int8..Int64, Uint8..Uint64 |
 * | float32 float64 | Float32 Float64 |
 * | utf8 binary | Utf8 Binary (LargeUtf8 / LargeBinary read as utf8 / binary) |
 * | date32 | DateDay |
 * | timestamp[us], timestamp[us, tz=UTC] | Timestamp(MICROSECOND, null / "UTC") |
 * | decimal(P,S) | Decimal(S, P, 128) |
 * | list<T> | List<T> (child field "item", nullable) |
 * | struct<...> | Struct<...> |
 * | null | Null |
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { RelgateError } from "../errors.ts";
import { type DataType, type Field, formatType, type IntBits, listOf, T } from "../ir/types.ts";

/**
 * The Arrow type of a relgate type.
 *
 * @example
 * ```ts
 * import { toArrowType } from "./types.ts";
 * import { T } from "../ir/types.ts";
 * String(toArrowType(T.int64)); // "Int64"
 * ```
 */
export function toArrowType(t: DataType): arrow.DataType {
  switch (t.kind) {
    case "null":
      return new arrow.Null();
    case "bool":
      return new arrow.Bool();
    case "int":
      switch (t.bits) {
        case 8:
          return t.signed ? new arrow.Int8() : new arrow.Uint8();
        case 16:
          return t.signed ? new arrow.Int16() : new arrow.Uint16();
        case 32:
          return t.signed ? new arrow.Int32() : new arrow.Uint32();
        default:
          return t.signed ? new arrow.Int64() : new arrow.Uint64();
      }
    case "float":
      return t.bits === 32 ? new arrow.Float32() : new arrow.Float64();
    case "utf8":
      return new arrow.Utf8();
    case "binary":
      return new arrow.Binary();
    case "date32":
      return new arrow.DateDay();
    case "timestamp":
      return new arrow.TimestampMicrosecond(t.tz);
    case "decimal":
      return new arrow.Decimal(t.scale, t.precision, 128);
    case "list":
      return new arrow.List(new arrow.Field("item", toArrowType(t.item), true));
    case "struct":
      return new arrow.Struct(
        t.fields.map((f) => new arrow.Field(f.name, toArrowType(f.type), true)),
      );
  }
}

function unsupported(t: arrow.DataType, where?: string): never {
  throw new RelgateError({
    code: "unsupported-type",
    message: `Cannot use Arrow type ${String(t)}${
      where ? ` (field "${where}")` : ""
    }: it has no relgate type`,
    hint: "SPEC section 1 lists the supported types; cast the column first",
  });
}

/**
 * The relgate type of an Arrow type. Dictionary types map to their value
 * type. Throws a {@link RelgateError} `unsupported-type` for anything else
 * outside SPEC section 1 (e.g. timestamps in other units).
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { fromArrowType } from "./types.ts";
 * fromArrowType(new arrow.Utf8()).kind; // "utf8"
 * ```
 */
export function fromArrowType(t: arrow.DataType, where?: string): DataType {
  switch (t.typeId) {
    case arrow.Type.Null:
      return T.null;
    case arrow.Type.Bool:
      return T.bool;
    case arrow.Type.Int: {
      const i = t as arrow.Int;
      return { kind: "int", bits: i.bitWidth as IntBits, signed: i.isSigned };
    }
    case arrow.Type.Float: {
      const f = t as arrow.Float;
      if (f.precision === arrow.Precision.HALF) return unsupported(t, where);
      return f.precision === arrow.Precision.SINGLE ? T.float32 : T.float64;
    }
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
      return T.utf8;
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
      return T.binary;
    case arrow.Type.Date: {
      const d = t as arrow.Date_;
      return d.unit === arrow.DateUnit.DAY ? T.date32 : unsupported(t, where);
    }
    case arrow.Type.Timestamp: {
      const ts = t as arrow.Timestamp;
      if (ts.unit !== arrow.TimeUnit.MICROSECOND) return unsupported(t, where);
      if (ts.timezone === null || ts.timezone === undefined) return T.timestamp;
      if (ts.timezone === "UTC" || ts.timezone === "Etc/UTC" || ts.timezone === "+00:00") {
        return T.timestampTz;
      }
      return unsupported(t, where);
    }
    case arrow.Type.Decimal: {
      const d = t as arrow.Decimal;
      if (d.bitWidth !== 128) return unsupported(t, where);
      return { kind: "decimal", precision: d.precision, scale: d.scale };
    }
    case arrow.Type.List: {
      const l = t as arrow.List;
      return listOf(fromArrowType(l.children[0]!.type, where));
    }
    case arrow.Type.Struct: {
      const s = t as arrow.Struct;
      return {
        kind: "struct",
        fields: s.children.map((f) => ({ name: f.name, type: fromArrowType(f.type, where) })),
      };
    }
    case arrow.Type.Dictionary:
      return fromArrowType((t as arrow.Dictionary).dictionary, where);
    default:
      return unsupported(t, where);
  }
}

/**
 * An Arrow field for a relgate field (metadata kept).
 *
 * @example
 * ```ts
 * import { toArrowField } from "./types.ts";
 * import { T } from "../ir/types.ts";
 * toArrowField({ name: "x", type: T.utf8, nullable: true }).name; // "x"
 * ```
 */
export function toArrowField(f: Field): arrow.Field {
  const md = f.metadata ? new Map(Object.entries(f.metadata)) : null;
  return new arrow.Field(f.name, toArrowType(f.type), f.nullable, md);
}

/**
 * A relgate field for an Arrow field (metadata kept when present).
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { fromArrowField } from "./types.ts";
 * fromArrowField(new arrow.Field("x", new arrow.Int32(), false)).nullable; // false
 * ```
 */
export function fromArrowField(f: arrow.Field): Field {
  const type = fromArrowType(f.type, f.name);
  if (f.metadata.size === 0) return { name: f.name, type, nullable: f.nullable };
  return { name: f.name, type, nullable: f.nullable, metadata: Object.fromEntries(f.metadata) };
}

/**
 * An Arrow schema for relgate fields.
 *
 * @example
 * ```ts
 * import { toArrowSchema } from "./types.ts";
 * import { T } from "../ir/types.ts";
 * toArrowSchema([{ name: "a", type: T.int64, nullable: true }]).fields.length; // 1
 * ```
 */
export function toArrowSchema(
  fields: readonly Field[],
  metadata?: ReadonlyMap<string, string>,
): arrow.Schema {
  return new arrow.Schema(fields.map(toArrowField), metadata ? new Map(metadata) : null);
}

/**
 * relgate fields of an Arrow schema.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { fromArrowSchema } from "./types.ts";
 * fromArrowSchema(new arrow.Schema([new arrow.Field("a", new arrow.Bool())]))[0]?.name; // "a"
 * ```
 */
export function fromArrowSchema(schema: arrow.Schema): Field[] {
  return schema.fields.map(fromArrowField);
}

/**
 * The canonical type string (SPEC section 1) of an Arrow type.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { arrowTypeString } from "./types.ts";
 * arrowTypeString(new arrow.List(new arrow.Field("item", new arrow.Int64()))); // "list<int64>"
 * ```
 */
export function arrowTypeString(t: arrow.DataType): string {
  return formatType(fromArrowType(t));
}
