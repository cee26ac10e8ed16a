/**
 * Backend configuration and runtime profile of the new lane, and the DuckDB
 * session they open.
 *
 * Precedence for every setting: command-line option, then the manifest's
 * `engine` / `runtime` blocks, then these defaults:
 *
 * | setting | default |
 * |---|---|
 * | `database` | `":memory:"` (in-memory) |
 * | `read_only` | `false` |
 * | `threads` | `navigator.hardwareConcurrency` |
 * | `memory_limit` | DuckDB's default: 80% of the machine's RAM |
 * | `temp_dir` | DuckDB's default: `<database>.tmp`, or `.tmp` for in-memory |
 * | `batch_size` | `8192` rows per Arrow record batch handed between stages |
 *
 * Settings are applied with `SET name = $1` (the value bound as a parameter,
 * rendered by `sql_render.ts`) after validation: threads and batch_size are
 * positive integers, memory_limit a size like `2GB` / `512MiB` / `80%`.
 * `ieee_floating_point_ops` is always on (float overflow gives inf; `div`
 * handles division by zero itself).
 *
 * @module
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { RelgateError } from "../errors.ts";
import type { EngineSettings, RuntimeSettings } from "../migration/manifest.ts";
import * as q from "./sql_ast.ts";
import { renderSql } from "./sql_render.ts";
import { duckdbTypeOfSql, toDuckdbValue } from "./types.ts";
import type { DuckDBType, DuckDBValue } from "@duckdb/node-api";
import type { BoundParam } from "./sql_render.ts";

/** Backend configuration (manifest `engine` block). */
export interface BackendConfig {
  /** Database file, or `":memory:"`. */
  readonly database: string;
  readonly read_only: boolean;
  /** Extra DuckDB settings, applied with SET. */
  readonly config: Readonly<Record<string, string | number | boolean>>;
}

/** Runtime profile (manifest `runtime` block). `undefined` = DuckDB's default. */
export interface RuntimeProfile {
  readonly threads: number;
  readonly memory_limit?: string;
  readonly temp_dir?: string;
  readonly batch_size: number;
}

/** Command-line overrides (the `--threads`, `--memory-limit`, ... options). */
export interface CliOverrides {
  readonly database?: string;
  readonly threads?: number;
  readonly memory_limit?: string;
  readonly temp_dir?: string;
  readonly batch_size?: number;
}

/** Options of {@linkcode openSession}. */
export interface SessionOptions {
  readonly engine?: EngineSettings;
  readonly runtime?: RuntimeSettings;
  readonly cli?: CliOverrides;
  /** File named in errors about settings (the manifest). */
  readonly file?: string;
}

/** The effective settings, as the JSON report shows them. */
export interface EffectiveProfile {
  readonly database: string;
  readonly read_only: boolean;
  readonly threads: number;
  readonly memory_limit: string;
  readonly temp_dir: string;
  readonly batch_size: number;
  readonly duckdb_version: string;
}

/** An open DuckDB instance + connection with its effective profile. */
export interface Session {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly backend: BackendConfig;
  readonly runtime: RuntimeProfile;
  readonly profile: EffectiveProfile;
  /** Arrow-loaded relations and datasets registered in this session. */
  readonly registered: Map<string, string>;
  /** Close the connection and instance. */
  close(): void;
}

const SIZE = /^\s*[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)?\s*$/i;
const SETTING_NAME = /^[a-z_][a-z0-9_]*$/;

function bad(path: string, message: string, file?: string): RelgateError {
  return new RelgateError({ code: "bad-setting", file, path, message });
}

/**
 * Merge CLI options, manifest blocks and defaults (in that order).
 *
 * @example
 * ```ts
 * import { resolveSettings } from "./config.ts";
 * const { runtime } = resolveSettings({ runtime: { threads: 4 }, cli: { threads: 2 } });
 * runtime.threads; // 2
 * ```
 */
export function resolveSettings(
  options: SessionOptions = {},
): { backend: BackendConfig; runtime: RuntimeProfile } {
  const { engine = {}, runtime = {}, cli = {}, file } = options;
  const threads = cli.threads ?? runtime.threads ?? navigator.hardwareConcurrency ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw bad("$.runtime.threads", `Cannot use threads=${threads}: need a positive integer`, file);
  }
  const batch = cli.batch_size ?? runtime.batch_size ?? 8192;
  if (!Number.isInteger(batch) || batch < 1) {
    throw bad(
      "$.runtime.batch_size",
      `Cannot use batch_size=${batch}: need a positive integer`,
      file,
    );
  }
  const memory = cli.memory_limit ?? runtime.memory_limit;
  if (memory !== undefined && !SIZE.test(memory)) {
    throw bad(
      "$.runtime.memory_limit",
      `Cannot use memory_limit=${JSON.stringify(memory)}: need a size like "2GB" or "80%"`,
      file,
    );
  }
  const temp = cli.temp_dir ?? runtime.temp_dir;
  const config = engine.config ?? {};
  for (const k of Object.keys(config)) {
    if (!SETTING_NAME.test(k)) {
      throw bad(`$.engine.config.${k}`, `Cannot apply DuckDB setting ${JSON.stringify(k)}`, file);
    }
  }
  const r: { -readonly [K in keyof RuntimeProfile]: RuntimeProfile[K] } = {
    threads,
    batch_size: batch,
  };
  if (memory !== undefined) r.memory_limit = memory.trim();
  if (temp !== undefined) r.temp_dir = temp;
  return {
    backend: {
      database: cli.database ?? engine.database ?? ":memory:",
      read_only: engine.read_only ?? false,
      config,
    },
    runtime: r,
  };
}

/** Run one rendered statement with its bound parameters. */
export async function execute(
  connection: DuckDBConnection,
  statement: q.StatementNode,
): Promise<void> {
  const { sql, parameters } = renderSql(statement);
  const [values, types] = bindings(parameters);
  await connection.run(sql, values, types);
}

/** node-api values and types for rendered parameters. */
export function bindings(parameters: readonly BoundParam[]): [DuckDBValue[], DuckDBType[]] {
  return [
    parameters.map((p) => toDuckdbValue(p.value, p.type)),
    parameters.map((p) => duckdbTypeOfSql(p.type)),
  ];
}

function settingValue(v: string | number | boolean): q.SqlExpr {
  if (typeof v === "boolean") return q.param(v, q.simpleType("BOOLEAN"));
  if (typeof v === "number") {
    return Number.isInteger(v)
      ? q.param(BigInt(v), q.simpleType("BIGINT"))
      : q.param(v, q.simpleType("DOUBLE"));
  }
  return q.param(v, q.simpleType("VARCHAR"));
}

/**
 * Open a DuckDB instance + connection and apply the settings.
 *
 * @throws {RelgateError} `bad-setting` for an invalid value or one DuckDB
 *   refuses (the message names the setting).
 *
 * @example
 * ```ts ignore
 * const s = await openSession({ cli: { threads: 2 } });
 * s.profile.threads; // 2
 * s.close();
 * ```
 */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const { backend, runtime } = resolveSettings(options);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(
      backend.database,
      backend.read_only ? { access_mode: "READ_ONLY" } : {},
    );
  } catch (e) {
    throw new RelgateError({
      code: "bad-database",
      file: options.file,
      path: "$.engine.database",
      message: `Cannot open DuckDB database ${JSON.stringify(backend.database)}: ${firstLine(e)}`,
    });
  }
  const connection = await instance.connect();
  const apply = async (name: string, value: string | number | boolean, path: string) => {
    try {
      await execute(connection, q.set(name, settingValue(value)));
    } catch (e) {
      if (e instanceof RelgateError) throw e;
      connection.closeSync();
      instance.closeSync();
      throw bad(
        path,
        `Cannot set DuckDB setting ${name}=${JSON.stringify(value)}: ${firstLine(e)}`,
        options.file,
      );
    }
  };
  await apply("threads", runtime.threads, "$.runtime.threads");
  if (runtime.memory_limit !== undefined) {
    await apply("memory_limit", runtime.memory_limit, "$.runtime.memory_limit");
  }
  if (runtime.temp_dir !== undefined) {
    await apply("temp_directory", runtime.temp_dir, "$.runtime.temp_dir");
  }
  await apply("ieee_floating_point_ops", true, "$.engine.config");
  for (const [k, v] of Object.entries(backend.config)) {
    await apply(k, v, `$.engine.config.${k}`);
  }
  const V = q.simpleType("VARCHAR");
  const settings = renderSql(q.select({
    columns: [q.selectItem(q.col("name")), q.selectItem(q.col("value"))],
    from: q.tableFunction("duckdb_settings", []),
    where: q.inList(q.col("name"), [q.param("memory_limit", V), q.param("temp_directory", V)]),
  }));
  const [sv, st] = bindings(settings.parameters);
  const rows = (await connection.runAndReadAll(settings.sql, sv, st)).getRowsJS();
  const setting = (n: string) => String(rows.find((r) => r[0] === n)?.[1] ?? "");
  const version = (await connection.runAndReadAll(
    renderSql(q.select({ columns: [q.selectItem(q.call("version", []))] })).sql,
  )).getRowsJS()[0]?.[0];
  const profile: EffectiveProfile = Object.freeze({
    database: backend.database,
    read_only: backend.read_only,
    threads: runtime.threads,
    memory_limit: setting("memory_limit"),
    temp_dir: setting("temp_directory"),
    batch_size: runtime.batch_size,
    duckdb_version: String(version ?? ""),
  });
  let closed = false;
  return {
    instance,
    connection,
    backend,
    runtime,
    profile,
    registered: new Map(),
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** First line of an error message (DuckDB messages carry JSON context after it). */
export function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split("\n")[0] ?? m;
}
