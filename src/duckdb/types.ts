/**
 * relgate data types (SPEC section 1) <-> DuckDB types: the SQL type nodes
 * the renderer writes in CASTs, the node-api types parameters are bound as,
 * and the relgate type of a DuckDB column.
 *
 * | relgate | DuckDB |
 * |---|---|
 * | bool | BOOLEAN |
 * | int8 int16 int32 int64 | TINYINT SMALLINT INTEGER BIGINT |
 * | uint8 uint16 uint32 uint64 | UTINYINT USMALLINT UINTEGER UBIGINT |
 * | float32 float64 | FLOAT DOUBLE |
 * | utf8 binary | VARCHAR BLOB |
 * | date32 | DATE |
 * | timestamp[us] / timestamp[us, tz=UTC] | TIMESTAMP / TIMESTAMPTZ |
 * | decimal(P,S) | DECIMAL(P,S) |
 * | list<T> | T[] |
 * | struct<...> | STRUCT(...) |
 *
 * @module
 */
import {
  BIGINT,
  BLOB,
  blobValue,
  BOOLEAN,
  DATE,
  dateValue,
  DECIMAL,
  decimalValue,
  DOUBLE,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  FLOAT,
  INTEGER,
  LIST,
  listValue,
  SMALLINT,
  SQLNULL,
  STRUCT,
  TIME,
  TIMESTAMP,
  TIMESTAMP_MS,
  TIMESTAMP_NS,
  TIMESTAMP_S,
  TIMESTAMPTZ,
  timestampTZValue,
  timestampValue,
  TINYINT,
  UBIGINT,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
} from "@duckdb/node-api";
import { RelgateError } from "../errors.ts";
import { assertNever, type DataType, formatType, listOf, T } from "../ir/types.ts";
import {
  decimalType,
  listType,
  simpleType,
  type SimpleTypeName,
  type SqlTypeNode,
  type SqlValue,
  structType,
} from "./sql_ast.ts";

/**
 * The SQL type node of a relgate type (what the renderer writes in CASTs).
 * The `null` type maps to INTEGER (DuckDB's choice for an untyped NULL).
 *
 * @example
 * ```ts
 * import { sqlType } from "./types.ts";
 * import { parseType } from "../ir/types.ts";
 * sqlType(parseType("list<int64>")); // { kind: "type_list", item: { kind: "type_simple", name: "BIGINT" } }
 * ```
 */
export function sqlType(t: DataType): SqlTypeNode {
  switch (t.kind) {
    case "null":
      return simpleType("INTEGER");
    case "bool":
      return simpleType("BOOLEAN");
    case "int":
      return simpleType(intName(t.bits, t.signed));
    case "float":
      return simpleType(t.bits === 32 ? "FLOAT" : "DOUBLE");
    case "utf8":
      return simpleType("VARCHAR");
    case "binary":
      return simpleType("BLOB");
    case "date32":
      return simpleType("DATE");
    case "timestamp":
      return simpleType(t.tz ? "TIMESTAMPTZ" : "TIMESTAMP");
    case "decimal":
      return decimalType(t.precision, t.scale);
    case "list":
      return listType(sqlType(t.item));
    case "struct":
      return structType(t.fields.map((f) => ({ name: f.name, type: sqlType(f.type) })));
    default:
      return assertNever(t);
  }
}

function intName(bits: number, signed: boolean): SimpleTypeName {
  const names: Record<number, [SimpleTypeName, SimpleTypeName]> = {
    8: ["TINYINT", "UTINYINT"],
    16: ["SMALLINT", "USMALLINT"],
    32: ["INTEGER", "UINTEGER"],
    64: ["BIGINT", "UBIGINT"],
  };
  const pair = names[bits];
  if (!pair) throw new Error(`no integer type of ${bits} bits`);
  return signed ? pair[0] : pair[1];
}

/** The node-api type a parameter of a SQL type is bound as. */
export function duckdbTypeOfSql(t: SqlTypeNode): DuckDBType {
  switch (t.kind) {
    case "type_simple":
      return SIMPLE_DUCKDB[t.name];
    case "type_decimal":
      return DECIMAL(t.precision, t.scale);
    case "type_list":
      return LIST(duckdbTypeOfSql(t.item));
    case "type_struct":
      return STRUCT(Object.fromEntries(t.fields.map((f) => [f.name, duckdbTypeOfSql(f.type)])));
    default:
      return assertNever(t);
  }
}

/**
 * The SQL type node of a DuckDB type (the inverse of {@link duckdbTypeOfSql}),
 * for DDL of tables loaded from Arrow. Throws for a type relgate cannot load.
 */
export function sqlTypeOfDuckdb(t: DuckDBType): SqlTypeNode {
  switch (t.typeId) {
    case DuckDBTypeId.DECIMAL:
      return decimalType(t.width, t.scale);
    case DuckDBTypeId.LIST:
      return listType(sqlTypeOfDuckdb(t.valueType));
    case DuckDBTypeId.STRUCT:
      return structType(
        t.entryNames.map((n, i) => ({ name: n, type: sqlTypeOfDuckdb(t.entryTypes[i]!) })),
      );
    default: {
      const text = t.toString();
      for (const [name, d] of Object.entries(SIMPLE_DUCKDB)) {
        if (d.toString() === text) return simpleType(name as SimpleTypeName);
      }
      throw new Error(`no SQL type node for DuckDB type ${text}`);
    }
  }
}

const SIMPLE_DUCKDB: Readonly<Record<SimpleTypeName, DuckDBType>> = {
  BOOLEAN,
  TINYINT,
  SMALLINT,
  INTEGER,
  BIGINT,
  HUGEINT: DECIMAL(38, 0),
  UTINYINT,
  USMALLINT,
  UINTEGER,
  UBIGINT,
  FLOAT,
  DOUBLE,
  VARCHAR,
  BLOB,
  DATE,
  TIMESTAMP,
  TIMESTAMPTZ,
  TIMESTAMP_S,
  TIMESTAMP_MS,
  TIMESTAMP_NS,
  TIME,
};

/** The node-api type of a relgate type. */
export function duckdbType(t: DataType): DuckDBType {
  return t.kind === "null" ? SQLNULL : duckdbTypeOfSql(sqlType(t));
}

/**
 * The relgate type of a DuckDB column type. TIMESTAMP_S/_MS/_NS read as
 * `timestamp[us]` (the scan casts them); HUGEINT as `decimal(38,0)`.
 *
 * @throws {RelgateError} `unsupported-type` for types with no relgate mapping.
 */
export function fromDuckdbType(t: DuckDBType, where = "a column"): DataType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return T.bool;
    case DuckDBTypeId.TINYINT:
      return T.int8;
    case DuckDBTypeId.SMALLINT:
      return T.int16;
    case DuckDBTypeId.INTEGER:
      return T.int32;
    case DuckDBTypeId.BIGINT:
      return T.int64;
    case DuckDBTypeId.UTINYINT:
      return T.uint8;
    case DuckDBTypeId.USMALLINT:
      return T.uint16;
    case DuckDBTypeId.UINTEGER:
      return T.uint32;
    case DuckDBTypeId.UBIGINT:
      return T.uint64;
    case DuckDBTypeId.FLOAT:
      return T.float32;
    case DuckDBTypeId.DOUBLE:
      return T.float64;
    case DuckDBTypeId.VARCHAR:
      return T.utf8;
    case DuckDBTypeId.BLOB:
      return T.binary;
    case DuckDBTypeId.DATE:
      return T.date32;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return T.timestamp;
    case DuckDBTypeId.TIMESTAMP_TZ:
      return T.timestampTz;
    case DuckDBTypeId.DECIMAL:
      return { kind: "decimal", precision: t.width, scale: t.scale };
    case DuckDBTypeId.HUGEINT:
      return { kind: "decimal", precision: 38, scale: 0 };
    case DuckDBTypeId.LIST:
      return listOf(fromDuckdbType(t.valueType, where));
    case DuckDBTypeId.STRUCT:
      return {
        kind: "struct",
        fields: t.entryNames.map((name, i) => ({
          name,
          type: fromDuckdbType(t.entryTypes[i]!, where),
        })),
      };
    case DuckDBTypeId.SQLNULL:
      return T.null;
    default:
      throw new RelgateError({
        code: "unsupported-type",
        message: `Cannot use ${where}: DuckDB type ${t.toString()} has no relgate type`,
        hint: "relgate types are listed in SPEC section 1; cast the column in the source data",
      });
  }
}

/** Whether a DuckDB column of this type needs a CAST to be exactly its relgate type. */
export function needsCanonicalCast(t: DuckDBType): boolean {
  switch (t.typeId) {
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.HUGEINT:
      return true;
    case DuckDBTypeId.LIST:
      return needsCanonicalCast(t.valueType);
    case DuckDBTypeId.STRUCT:
      return t.entryTypes.some(needsCanonicalCast);
    default:
      return false;
  }
}

/** DuckDB's name of a relgate type, for messages (`BIGINT`, `VARCHAR[]`). */
export function duckdbTypeName(t: DataType): string {
  return t.kind === "null" ? "NULL" : duckdbType(t).toString();
}

/** `formatType` re-exported for messages next to DuckDB names. */
export { formatType };

/**
 * The node-api value of a bound parameter of a SQL type (lists become
 * `listValue`, decimals `decimalValue`, dates and timestamps their values).
 */
export function toDuckdbValue(v: SqlValue, t: SqlTypeNode): DuckDBValue {
  if (v === null) return null;
  if (Array.isArray(v)) {
    const item = t.kind === "type_list" ? t.item : t;
    return listValue((v as readonly SqlValue[]).map((x) => toDuckdbValue(x, item)));
  }
  if (v instanceof Uint8Array) return blobValue(v);
  if (typeof v === "object") {
    const o = v as Exclude<
      SqlValue,
      null | boolean | number | bigint | string | Uint8Array | readonly SqlValue[]
    >;
    switch (o.kind) {
      case "date":
        return dateValue(o.days);
      case "timestamp":
        return t.kind === "type_simple" && t.name === "TIMESTAMPTZ"
          ? timestampTZValue(o.micros)
          : timestampValue(o.micros);
      case "decimal":
        if (t.kind !== "type_decimal") throw new Error("decimal value for a non-decimal type");
        return decimalValue(o.unscaled, t.precision, t.scale);
    }
  }
  if (t.kind === "type_simple") {
    switch (t.name) {
      case "TINYINT":
      case "SMALLINT":
      case "INTEGER":
      case "UTINYINT":
      case "USMALLINT":
      case "UINTEGER":
      case "FLOAT":
      case "DOUBLE":
        return typeof v === "bigint" ? Number(v) : v as DuckDBValue;
      case "BIGINT":
      case "UBIGINT":
        return typeof v === "number" ? BigInt(v) : v as DuckDBValue;
      default:
        return v as DuckDBValue;
    }
  }
  return v as DuckDBValue;
}
