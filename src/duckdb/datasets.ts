/**
 * Manifest datasets on DuckDB: each dataset becomes a scan source the
 * compiler inlines into every query that reads it.
 *
 * - parquet / csv / json are read by `read_parquet` / `read_csv` /
 *   `read_json` with their options bound as parameters (hive partitioning,
 *   `union_by_name`, validated `read_options`). They are not registered as
 *   views: DuckDB cannot prepare a `CREATE VIEW` holding parameters, and
 *   relgate never writes a value into SQL text, so the table function is
 *   rendered inline at each scan (DuckDB pushes projections and filters into
 *   it the same way).
 * - arrow (IPC files) are read with apache-arrow and loaded into a DuckDB
 *   table through the appender (`loadArrowTable`), once per session.
 *
 * Hive partition columns are read as text (`hive_types_autocast = false`)
 * and cast to their declared types by the scan. The scan `pruning` option
 * needs nothing: DuckDB prunes partitions and row groups by itself.
 *
 * A dataset's schema is the manifest's `schema` when given (the file's
 * columns must then agree: same names present, same types, except CSV whose
 * sniffed text is cast to the declared types), else the files' own.
 *
 * @module
 */
import { existsSync } from "node:fs";
import type * as arrow from "apache-arrow";
import { RelgateError } from "../errors.ts";
import type { Ordering } from "../ir/plan.ts";
import { type DataType, formatType, parseType, type Schema, typeEquals } from "../ir/types.ts";
import type { DatasetSpec } from "../migration/manifest.ts";
import { readArrowFile } from "../arrow/ipc.ts";
import type { ScanSource } from "./compile.ts";
import { bindings, firstLine, type Session } from "./config.ts";
import { loadArrowTable } from "./from_arrow.ts";
import * as q from "./sql_ast.ts";
import { renderSql } from "./sql_render.ts";
import { resultToArrow } from "./to_arrow.ts";
import { fromDuckdbType, needsCanonicalCast, sqlType } from "./types.ts";

const SOURCES = new WeakMap<Session, Map<string, ScanSource>>();

const READER = { parquet: "read_parquet", csv: "read_csv", json: "read_json" } as const;
const OPTION_NAME = /^[a-z_][a-z0-9_]*$/;
/** read_options that would change what relgate controls. */
const RESERVED = new Set([
  "hive_partitioning",
  "hive_types",
  "hive_types_autocast",
  "union_by_name",
]);

function err(
  code: string,
  name: string,
  spec: DatasetSpec | undefined,
  message: string,
  hint?: string,
) {
  return new RelgateError({
    code,
    file: spec?.path,
    path: `$.datasets.${name}`,
    message,
    hint,
  });
}

function optionValue(name: string, key: string, v: unknown, spec: DatasetSpec): q.SqlExpr {
  if (typeof v === "boolean") return q.param(v, q.simpleType("BOOLEAN"));
  if (typeof v === "number" && Number.isInteger(v)) {
    return q.param(BigInt(v), q.simpleType("BIGINT"));
  }
  if (typeof v === "number") return q.param(v, q.simpleType("DOUBLE"));
  if (typeof v === "string") return q.param(v, q.simpleType("VARCHAR"));
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
    return q.param(v as string[], q.listType(q.simpleType("VARCHAR")));
  }
  throw err(
    "bad-read-option",
    name,
    spec,
    `Cannot pass read option "${key}" of dataset "${name}": values must be a string, number, bool or list of strings`,
  );
}

/** The table-function FROM item reading a parquet/csv/json dataset. */
function readerFrom(name: string, spec: DatasetSpec): (alias: string) => q.FromNode {
  if (spec.format === "arrow") throw new Error("arrow datasets are tables");
  const named: q.NamedArgNode[] = [];
  if (spec.partitioning === "hive" || spec.scan?.partition_cols?.length) {
    named.push(q.namedArg("hive_partitioning", q.param(true, q.simpleType("BOOLEAN"))));
    named.push(q.namedArg("hive_types_autocast", q.param(false, q.simpleType("BOOLEAN"))));
  }
  if (spec.scan?.union_by_name) {
    named.push(q.namedArg("union_by_name", q.param(true, q.simpleType("BOOLEAN"))));
  }
  for (const [k, v] of Object.entries(spec.read_options ?? {})) {
    if (!OPTION_NAME.test(k) || RESERVED.has(k)) {
      throw err(
        "bad-read-option",
        name,
        spec,
        `Cannot pass read option "${k}" of dataset "${name}"`,
        RESERVED.has(k) ? "use the dataset's partitioning / scan options instead" : undefined,
      );
    }
    named.push(q.namedArg(k, optionValue(name, k, v, spec)));
  }
  const path = q.param(spec.absPath, q.simpleType("VARCHAR"));
  const fn = READER[spec.format];
  return (alias) => q.tableFunction(fn, [path], named, alias);
}

function hasGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

/** Map a DuckDB error while reading a dataset to a RelgateError naming it. */
export function datasetReadError(name: string, spec: DatasetSpec, e: unknown): RelgateError {
  if (e instanceof RelgateError) return e;
  const msg = firstLine(e);
  if (/No files found|does not exist|No such file/i.test(msg)) {
    return err(
      "missing-file",
      name,
      spec,
      `Cannot read dataset "${name}": file ${spec.path} not found`,
      "check the dataset's path in migration.json (relative to the bundle)",
    );
  }
  return err(
    "bad-dataset-file",
    name,
    spec,
    `Cannot read dataset "${name}" from ${spec.path} (${spec.format}): ${
      msg.replace(/^[A-Za-z ]*Error: /, "")
    }`,
    `check that the file is valid ${spec.format}`,
  );
}

/**
 * Register the datasets of a manifest in a session: detect each schema,
 * check it against the manifest's, load arrow files.
 *
 * @throws {RelgateError} `missing-file`, `bad-dataset-file`,
 *   `schema-mismatch`, `bad-read-option`, each naming the dataset.
 */
export async function registerDatasets(
  session: Session,
  datasets: ReadonlyMap<string, DatasetSpec>,
): Promise<void> {
  for (const [name, spec] of datasets) {
    await registerDataset(session, name, spec);
  }
}

/** Register one dataset (see {@linkcode registerDatasets}); returns its scan source. */
export async function registerDataset(
  session: Session,
  name: string,
  spec: DatasetSpec,
): Promise<ScanSource> {
  let sources = SOURCES.get(session);
  if (!sources) SOURCES.set(session, sources = new Map());
  const known = sources.get(name);
  if (known) return known;
  if (!hasGlob(spec.absPath) && !existsSync(spec.absPath)) {
    throw datasetReadError(name, spec, new Error("No such file"));
  }
  let from: (alias: string) => q.FromNode;
  if (spec.format === "arrow") {
    const tableName = `__relgate_ds_${name}`;
    const table = await readArrowFile(spec.absPath).catch((e) => {
      throw datasetReadError(name, spec, e);
    });
    await session.connection.run(renderSql(q.drop("TABLE", tableName)).sql);
    await loadArrowTable(session.connection, tableName, table);
    session.registered.set(name, tableName);
    from = (alias) => q.table(tableName, alias);
  } else {
    from = readerFrom(name, spec);
  }
  // The files' schema: column types of a zero-row read.
  const probe = q.select({
    columns: [q.selectItem(q.star())],
    from: from("s"),
    limit: q.param(0n, q.simpleType("BIGINT")),
  });
  const { sql, parameters } = renderSql(probe);
  let fileSchema: { name: string; type: DataType; cast: boolean }[];
  try {
    const [values, types] = bindings(parameters);
    const r = await session.connection.run(sql, values, types);
    fileSchema = r.columnNames().map((n, i) => {
      const t = r.columnType(i);
      return {
        name: n,
        type: fromDuckdbType(t, `column "${n}" of dataset "${name}"`),
        cast: needsCanonicalCast(t),
      };
    });
  } catch (e) {
    throw datasetReadError(name, spec, e);
  }
  const partitions = new Map(
    (spec.scan?.partition_cols ?? []).map(([c, t]) => [c, parseType(t)] as const),
  );
  const casts = new Set<string>(fileSchema.filter((f) => f.cast).map((f) => f.name));
  let schema: Schema;
  if (spec.schema) {
    schema = spec.schema.map((f, i) => {
      const t = parseType(f.type);
      const file = fileSchema.find((x) => x.name === f.name);
      if (!file) {
        throw new RelgateError({
          code: "schema-mismatch",
          file: spec.path,
          path: `$.datasets.${name}.schema[${i}]`,
          message:
            `Cannot read dataset "${name}": column "${f.name}" is in the manifest schema but not in ${spec.path}`,
          hint: `the file has: ${fileSchema.map((x) => x.name).join(", ")}`,
        });
      }
      const lenient = spec.format === "csv" || spec.format === "json" || partitions.has(f.name) ||
        (spec.partitioning === "hive" && file.type.kind === "utf8");
      if (!typeEquals(file.type, t)) {
        if (!lenient) {
          throw new RelgateError({
            code: "schema-mismatch",
            file: spec.path,
            path: `$.datasets.${name}.schema[${i}].type`,
            message: `Cannot read dataset "${name}": column "${f.name}" is ${
              formatType(t)
            } in the manifest but ${formatType(file.type)} in ${spec.path}`,
            hint: "fix the manifest schema or the data",
          });
        }
        casts.add(f.name);
      }
      return {
        name: f.name,
        type: t,
        nullable: f.nullable ?? true,
        ...(f.metadata ? { metadata: f.metadata } : {}),
      };
    });
  } else {
    schema = fileSchema.map((f) => {
      const pt = partitions.get(f.name);
      if (pt && !typeEquals(pt, f.type)) casts.add(f.name);
      return { name: f.name, type: pt ?? f.type, nullable: true };
    });
  }
  const source: ScanSource = { from, schema, casts };
  sources.set(name, source);
  return source;
}

/** The scan source of a registered dataset, if any. */
export function datasetSource(session: Session, name: string): ScanSource | undefined {
  return SOURCES.get(session)?.get(name);
}

/**
 * The schema of a registered dataset.
 *
 * @throws {RelgateError} `unknown-dataset` when it was not registered.
 */
export function datasetSchema(session: Session, name: string): Schema {
  const s = datasetSource(session, name);
  if (!s) {
    throw new RelgateError({
      code: "unknown-dataset",
      message: `Cannot find dataset "${name}": it is not registered in this session`,
    });
  }
  return s.schema;
}

/**
 * The ordering of a scan of this dataset: `implicit` with the
 * `file_sort_order` keys when given, else `unordered`.
 *
 * @example
 * ```ts
 * import { datasetOrdering } from "./datasets.ts";
 * datasetOrdering({ path: "a", absPath: "/a", format: "parquet", scan: { file_sort_order: [["ts", "asc"]] } });
 * // { level: "implicit", keys: [["ts", "asc"]] }
 * ```
 */
export function datasetOrdering(spec: DatasetSpec): Ordering {
  const keys = spec.scan?.file_sort_order;
  return keys?.length ? { level: "implicit", keys } : { level: "unordered" };
}

/**
 * Read a dataset (or some of its columns) into an Arrow table through
 * DuckDB; the legacy lane scans parquet/csv/json this way.
 *
 * @throws {RelgateError} naming the dataset for missing or unreadable files.
 */
export async function readDatasetArrow(
  session: Session,
  spec: DatasetSpec & { readonly name?: string },
  columns?: readonly string[],
): Promise<arrow.Table> {
  const name = spec.name ?? spec.path;
  const src = await registerDataset(session, name, spec);
  const names = columns ?? src.schema.map((f) => f.name);
  const items = names.map((n) => {
    const f = src.schema.find((x) => x.name === n);
    if (!f) {
      throw new RelgateError({
        code: "unknown-column",
        path: `$.datasets.${name}`,
        message: `Cannot read column "${n}" of dataset "${name}": no such column`,
        hint: `columns: ${src.schema.map((x) => x.name).join(", ")}`,
      });
    }
    return q.selectItem(
      src.casts?.has(n) ? q.cast(q.col(n, "s"), sqlType(f.type)) : q.col(n, "s"),
      n,
    );
  });
  const { sql, parameters } = renderSql(q.select({ columns: items, from: src.from("s") }));
  try {
    const [values, types] = bindings(parameters);
    const result = await session.connection.stream(sql, values, types);
    return await resultToArrow(result);
  } catch (e) {
    throw datasetReadError(name, spec, e);
  }
}
