/**
 * Write an output table by file extension, atomically (a temp file in the
 * same folder, renamed into place; removed on failure, so no partial output
 * is ever left behind):
 *
 * - `.arrow`: Arrow IPC file (`writeArrowFile`), schema and field metadata kept;
 * - `.parquet`, `.csv`, `.json`: the table is loaded into DuckDB and written
 *   with `COPY ... TO` (FORMAT parquet / csv with header / json lines).
 *   DuckDB's writers do not keep Arrow field or schema metadata, so a
 *   `<file>.schema.json` sidecar is written next to the file (also
 *   atomically) with the relgate schema (`name`, `type`, `nullable`,
 *   `metadata`) and the schema-level metadata.
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { basename, dirname, extname, join } from "node:path";
import { RelgateError } from "../errors.ts";
import { formatType } from "../ir/types.ts";
import { fromArrowSchema } from "../arrow/types.ts";
import { writeArrowFile } from "../arrow/ipc.ts";
import { bindings, firstLine, type Session } from "./config.ts";
import { loadArrowTable } from "./from_arrow.ts";
import * as q from "./sql_ast.ts";
import { renderSql } from "./sql_render.ts";

/** Output formats by extension. */
export type OutputFormat = "arrow" | "parquet" | "csv" | "json";

/** The format of an output path, from its extension. */
export function outputFormat(path: string): OutputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".arrow" || ext === ".feather" || ext === ".ipc") return "arrow";
  if (ext === ".parquet") return "parquet";
  if (ext === ".csv") return "csv";
  if (ext === ".json" || ext === ".jsonl" || ext === ".ndjson") return "json";
  throw new RelgateError({
    code: "bad-output",
    file: path,
    message: `Cannot write ${path}: unknown extension "${ext}"`,
    hint: "use .arrow, .parquet, .csv or .json",
  });
}

function tempPath(path: string): string {
  const r = crypto.getRandomValues(new Uint32Array(2));
  return join(
    dirname(path),
    `.${basename(path)}.${Deno.pid}-${r[0]!.toString(36)}${r[1]!.toString(36)}.tmp`,
  );
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch {
    // already gone
  }
}

/** The sidecar JSON: relgate schema with field metadata, plus schema metadata. */
export function schemaSidecar(table: arrow.Table): string {
  const fields = fromArrowSchema(table.schema).map((f) => ({
    name: f.name,
    type: formatType(f.type),
    nullable: f.nullable,
    ...(f.metadata && Object.keys(f.metadata).length ? { metadata: f.metadata } : {}),
  }));
  const metadata = Object.fromEntries(
    [...table.schema.metadata].sort(([a], [b]) => a < b ? -1 : 1),
  );
  return JSON.stringify({ schema: fields, metadata }, null, 2) + "\n";
}

async function writeTextAtomic(path: string, text: string): Promise<void> {
  const temp = tempPath(path);
  try {
    await Deno.writeTextFile(temp, text, { createNew: true });
    await Deno.rename(temp, path);
  } catch (e) {
    await removeQuietly(temp);
    throw e;
  }
}

/**
 * Write `table` to `path` in the format its extension names.
 *
 * @throws {RelgateError} `bad-output` for an unknown extension or a failed write.
 *
 * @example
 * ```ts ignore
 * await writeTable(session, "out/edges.parquet", table);
 * ```
 */
export async function writeTable(
  session: Session,
  path: string,
  table: arrow.Table,
): Promise<void> {
  const format = outputFormat(path);
  if (format === "arrow") {
    await writeArrowFile(path, table);
    return;
  }
  const temp = tempPath(path);
  const rel = `__relgate_write_${crypto.randomUUID().replaceAll("-", "")}`;
  try {
    await loadArrowTable(session.connection, rel, table);
    const V = q.simpleType("VARCHAR");
    const options = [q.copyOption("format", q.param(format, V))];
    if (format === "csv") {
      options.push(q.copyOption("header", q.param(true, q.simpleType("BOOLEAN"))));
    }
    const stmt = q.copyTo(
      q.select({ columns: [q.selectItem(q.star())], from: q.table(rel) }),
      q.param(temp, V),
      options,
    );
    const { sql, parameters } = renderSql(stmt);
    const [values, types] = bindings(parameters);
    await session.connection.run(sql, values, types);
    await writeTextAtomic(`${path}.schema.json`, schemaSidecar(table));
    await Deno.rename(temp, path);
  } catch (e) {
    await removeQuietly(temp);
    if (e instanceof RelgateError) throw e;
    throw new RelgateError({
      code: "bad-output",
      file: path,
      message: `Cannot write ${path}: ${firstLine(e).replace(/^[A-Za-z ]*Error: /, "")}`,
    });
  } finally {
    await session.connection.run(renderSql(q.drop("TABLE", rel)).sql).catch(() => {});
  }
}
