/**
 * CREATE TABLE text for {@linkcode loadArrowTable}.
 *
 * TODO(renderer): move into sql_render.ts — the only place allowed to write
 * SQL text. This file exists until that renderer has a CREATE TABLE node;
 * nothing but from_arrow.ts may import it.
 *
 * @module
 */

import { type DuckDBType, DuckDBTypeId } from "@duckdb/node-api";

/** One column of a table to create. */
export interface DdlColumn {
  /** Column name (any text; quoted here). */
  readonly name: string;
  /** DuckDB column type. */
  readonly type: DuckDBType;
  /** false adds NOT NULL. */
  readonly nullable: boolean;
}

// TODO(renderer): move into sql_render.ts
/**
 * `CREATE TABLE "name" ("col" TYPE [NOT NULL], ...)` with every identifier
 * double-quoted (embedded quotes doubled).
 *
 * @example
 * ```ts
 * import { BIGINT } from "@duckdb/node-api";
 * import { _createTableSql } from "./_ddl.ts";
 * _createTableSql('t"1', [{ name: "x", type: BIGINT, nullable: false }]);
 * // 'CREATE TABLE "t""1" ("x" BIGINT NOT NULL)'
 * ```
 */
export function _createTableSql(name: string, columns: readonly DdlColumn[]): string {
  const cols = columns.map((c) =>
    `${quoteIdent(c.name)} ${typeSql(c.type)}${c.nullable ? "" : " NOT NULL"}`
  );
  return `CREATE TABLE ${quoteIdent(name)} (${cols.join(", ")})`;
}

// TODO(renderer): move into sql_render.ts
/**
 * `DROP TABLE IF EXISTS "name"`: cleanup after a failed load.
 *
 * @example
 * ```ts
 * import { _dropTableSql } from "./_ddl.ts";
 * _dropTableSql("t"); // 'DROP TABLE IF EXISTS "t"'
 * ```
 */
export function _dropTableSql(name: string): string {
  return `DROP TABLE IF EXISTS ${quoteIdent(name)}`;
}

// TODO(renderer): move into sql_render.ts (the renderer's identifier quoting)
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// TODO(renderer): move into sql_render.ts
function typeSql(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return "BOOLEAN";
    case DuckDBTypeId.TINYINT:
      return "TINYINT";
    case DuckDBTypeId.SMALLINT:
      return "SMALLINT";
    case DuckDBTypeId.INTEGER:
      return "INTEGER";
    case DuckDBTypeId.BIGINT:
      return "BIGINT";
    case DuckDBTypeId.UTINYINT:
      return "UTINYINT";
    case DuckDBTypeId.USMALLINT:
      return "USMALLINT";
    case DuckDBTypeId.UINTEGER:
      return "UINTEGER";
    case DuckDBTypeId.UBIGINT:
      return "UBIGINT";
    case DuckDBTypeId.FLOAT:
      return "FLOAT";
    case DuckDBTypeId.DOUBLE:
      return "DOUBLE";
    case DuckDBTypeId.VARCHAR:
      return "VARCHAR";
    case DuckDBTypeId.BLOB:
      return "BLOB";
    case DuckDBTypeId.DATE:
      return "DATE";
    case DuckDBTypeId.TIME:
      return "TIME";
    case DuckDBTypeId.TIMESTAMP:
      return "TIMESTAMP";
    case DuckDBTypeId.TIMESTAMP_S:
      return "TIMESTAMP_S";
    case DuckDBTypeId.TIMESTAMP_MS:
      return "TIMESTAMP_MS";
    case DuckDBTypeId.TIMESTAMP_NS:
      return "TIMESTAMP_NS";
    case DuckDBTypeId.TIMESTAMP_TZ:
      return "TIMESTAMPTZ";
    case DuckDBTypeId.DECIMAL:
      return `DECIMAL(${type.width}, ${type.scale})`;
    case DuckDBTypeId.LIST:
      return `${typeSql(type.valueType)}[]`;
    case DuckDBTypeId.STRUCT:
      return `STRUCT(${
        type.entryNames.map((n, i) => `${quoteIdent(n)} ${typeSql(type.entryTypes[i]!)}`).join(", ")
      })`;
    default:
      throw new Error(
        `Cannot render DuckDB type ${type.toString()} in CREATE TABLE: not supported`,
      );
  }
}
