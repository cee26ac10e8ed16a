/**
 * Deterministic data generator for the benchmarks: writes a CPG-like data set
 * (code units, def/use events with skewed symbol frequencies, functions,
 * calls with scores and nulls, blocks with instruction lists and offset
 * intervals, unicode strings) as Parquet through DuckDB, next to a copy of
 * the bench bundle (`bench/bundle/`), so the output folder is a complete
 * bundle: `deno task relgate audit bench/data/r1000000-s42`.
 *
 * ```sh
 * deno run -A bench/gen.ts --rows 1e6 [--seed 42] [--out DIR] [--force]
 * ```
 *
 * `--rows` is the size of the event tables (defs, uses, calls); units are
 * rows/100, functions and blocks rows/10. Every value is a function of the
 * row number and the seed (DuckDB's `hash()`), so the same rows and seed give
 * the same files. A `gen.json` stamp lets a later run reuse the files.
 *
 * GENERATOR SQL: this file writes SQL text by hand (bench code only; the
 * project's own SQL comes from src/duckdb/sql_render.ts).
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openSession, type Session } from "../src/duckdb/config.ts";

/** Version of the generated data; bump when any table's definition changes. */
export const GEN_VERSION = 1;

/** The committed bench bundle (migration.json, legacy/, relplans/). */
export const BUNDLE_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), "bundle");

/** Where generated data goes (git-ignored). */
export const DATA_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), "data");

/** Options of {@linkcode generate}. */
export interface GenOptions {
  /** Rows of the event tables (defs, uses, calls). */
  readonly rows: number;
  /** Seed of every value (default 42). */
  readonly seed?: number;
  /** Output folder (default `bench/data/r<rows>-s<seed>`). */
  readonly out?: string;
  /** Regenerate even when the stamp matches. */
  readonly force?: boolean;
  /** Bundle to copy next to the data (default `bench/bundle`; null: data only). */
  readonly bundle?: string | null;
  /** An open session to write with (default: a new one). */
  readonly session?: Session;
}

/** What {@linkcode generate} wrote (or found). */
export interface GenResult {
  /** The bundle folder (manifest, plans, data/). */
  readonly dir: string;
  readonly rows: number;
  readonly seed: number;
  /** Row count per table. */
  readonly tables: Readonly<Record<string, number>>;
  /** Bytes of Parquet per table. */
  readonly bytes: Readonly<Record<string, number>>;
  /** Seconds spent writing (0 when reused). */
  readonly seconds: number;
  /** False when the stamp matched and nothing was written. */
  readonly generated: boolean;
}

/** Table sizes for a scale. */
export function tableSizes(rows: number): Record<string, number> {
  const n = Math.max(10, Math.round(rows));
  return {
    code_units: Math.max(10, Math.round(n / 100)),
    defs: n,
    uses: n,
    functions: Math.max(10, Math.round(n / 10)),
    calls: n,
    blocks: Math.max(10, Math.round(n / 10)),
  };
}

// ---- GENERATOR SQL (bench only) ---------------------------------------------

/** `hash(expr, seed, salt)` as UBIGINT. */
function h(expr: string, seed: number, salt: number): string {
  return `hash(${expr}, ${seed}::BIGINT, ${salt}::BIGINT)`;
}

/** A uniform double in [0, 1) from the hash's high bits. */
function u(expr: string, seed: number, salt: number): string {
  return `((${h(expr, seed, salt)} >> 11)::DOUBLE / 9007199254740992.0)`;
}

/** An integer in [0, m) from the hash's high bits. */
function pick(expr: string, seed: number, salt: number, m: number): string {
  return `((${h(expr, seed, salt)} >> 20) % ${m}::UBIGINT)::BIGINT`;
}

/** Skewed (log-uniform, ~1/k) integer in [0, m). */
function skewed(expr: string, seed: number, salt: number, m: number): string {
  return `(floor(exp(${u(expr, seed, salt)} * ln(${m}::DOUBLE)))::BIGINT - 1)`;
}

/** One of the SQL literals in `xs`. */
function oneOf(xs: readonly string[], expr: string, seed: number, salt: number): string {
  return `([${xs.join(", ")}])[1 + ${pick(expr, seed, salt, xs.length)}]`;
}

/** NULL with probability p, else `value`. */
function nullIf(p: number, expr: string, seed: number, salt: number, value: string): string {
  return `CASE WHEN ${u(expr, seed, salt)} < ${p} THEN NULL ELSE ${value} END`;
}

function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Symbol name of symbol number `k` (some unicode). */
function symbolName(k: string): string {
  return `(CASE ${k} % 11 WHEN 0 THEN 'ƒ_' WHEN 5 THEN '変数_' WHEN 7 THEN 'Größe_' ELSE 'sym_' END || ${k}::VARCHAR)`;
}

/** Function name of function number `k` (unique per k). */
function functionName(k: string): string {
  return `(CASE WHEN ${k} % 13 = 0 THEN 'ƒn_' ELSE 'fn_' END || ${k}::VARCHAR)`;
}

/** The SELECT of each table (columns in manifest order). */
export function tableQueries(rows: number, seed: number): Record<string, string> {
  const s = tableSizes(rows);
  const U = s.code_units!;
  const F = s.functions!;
  const S = Math.max(100, Math.round(rows / 20));
  const i = "i";
  const paths = ["módulo", "Straße", "日本語", "naïve", "Plain", "ΑΘΗΝΑ"].map(lit);
  const tags = ["Core", "ÄPI", "test", "ǅemo", "İo", "util"].map(lit);
  const instrs = [" mov ", "add", "ſhl", "Ǆump", "\tret", "nop\u00a0", "ß", "call"].map(lit);
  const list = (n: string, items: readonly string[], salt: number) =>
    `list_transform(range(${n}), lambda x: ${oneOf(items, `${i} * 64 + x`, seed, salt)})`;
  return {
    code_units: `SELECT ${i}::BIGINT AS unit_id,
        'src/' || ${oneOf(paths, i, seed, 1)} || '/File_' || ${i}::VARCHAR || '.PY' AS path,
        ${nullIf(0.1, i, seed, 2, oneOf(["'python'", "'go'", "'rust'"], i, seed, 3))} AS language,
        ${nullIf(0.05, i, seed, 4, `(${pick(i, seed, 5, 20000)})::INTEGER`)} AS loc,
        ${nullIf(0.1, i, seed, 6, list(pick(i, seed, 7, 5), tags, 8))} AS tags
      FROM range(${U}) t(${i})`,
    defs: `SELECT ${i}::BIGINT AS def_id,
        ${pick(i, seed, 11, U)} AS unit_id,
        ${nullIf(0.02, i, seed, 12, symbolName(skewed(i, seed, 13, S)))} AS symbol,
        ${oneOf(["'function'", "'variable'", "'type'", "'field'", "NULL"], i, seed, 14)} AS kind,
        ${nullIf(0.01, i, seed, 15, pick(i, seed, 16, 10000))} AS "offset",
        ${nullIf(0.01, i, seed, 17, `(${pick(i, seed, 18, 5)})::INTEGER`)} AS version
      FROM range(${s.defs}) t(${i})`,
    uses: `SELECT ${i}::BIGINT AS use_id,
        ${pick(i, seed, 21, U)} AS unit_id,
        ${nullIf(0.02, i, seed, 22, symbolName(skewed(i, seed, 23, S)))} AS symbol,
        ${nullIf(0.01, i, seed, 24, pick(i, seed, 25, 10000))} AS "offset"
      FROM range(${s.uses}) t(${i})`,
    functions: `SELECT ${i}::BIGINT AS function_id,
        ${pick(i, seed, 31, U)} AS unit_id,
        ${nullIf(0.01, i, seed, 32, functionName(i))} AS name
      FROM range(${F}) t(${i})`,
    calls: `SELECT ${i}::BIGINT AS call_id,
        ${nullIf(0.01, i, seed, 41, pick(i, seed, 42, F))} AS caller_id,
        CASE WHEN ${u(i, seed, 43)} < 0.05 THEN NULL
             WHEN ${u(i, seed, 44)} < 0.05 THEN 'ext_' || ${pick(i, seed, 45, 1000)}::VARCHAR
             WHEN ${u(i, seed, 46)} < 0.1 THEN ' ' || ${
      functionName(skewed(i, seed, 47, F))
    } || '\u00a0'
             ELSE ${functionName(skewed(i, seed, 47, F))} END AS callee,
        ${nullIf(0.1, i, seed, 48, `(${pick(i, seed, 49, 1000000)})::DOUBLE / 1000000.0`)} AS score,
        ${oneOf(["'direct'", "'virtual'", "'indirect'", "'builtin'", "NULL"], i, seed, 50)} AS kind
      FROM range(${s.calls}) t(${i})`,
    blocks: `SELECT block_id, unit_id, start_offset, start_offset + 1 + len AS end_offset, instrs
      FROM (SELECT ${i}::BIGINT AS block_id,
          ${pick(i, seed, 51, U)} AS unit_id,
          ${pick(i, seed, 52, 9000)} AS start_offset,
          ${pick(i, seed, 53, 1000)} % ([10, 100, 1000])[1 + ${pick(i, seed, 54, 3)}] AS len,
          ${nullIf(0.05, i, seed, 55, list(pick(i, seed, 56, 7), instrs, 57))} AS instrs
        FROM range(${s.blocks}) t(${i}))`,
  };
}

// ---- end of GENERATOR SQL ---------------------------------------------------

interface Stamp {
  readonly version: number;
  readonly rows: number;
  readonly seed: number;
  readonly tables: Record<string, number>;
  readonly bytes: Record<string, number>;
  readonly bundle: string;
}

async function readStamp(path: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as Stamp;
  } catch {
    return undefined;
  }
}

/** Fingerprint of the bundle's JSON files (so an edited bundle is copied again). */
async function bundleFingerprint(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const f of await bundleFiles(dir)) parts.push(f, await Deno.readTextFile(join(dir, f)));
  const { createHash } = await import("node:crypto");
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);
}

async function bundleFiles(dir: string): Promise<string[]> {
  const out: string[] = ["migration.json"];
  for (const sub of ["legacy", "relplans"]) {
    for await (const e of Deno.readDir(join(dir, sub))) {
      if (e.isFile && e.name.endsWith(".json")) out.push(`${sub}/${e.name}`);
    }
  }
  return out.sort();
}

/**
 * Generate the data set of a scale (or reuse it when its stamp matches) and
 * copy the bench bundle next to it.
 *
 * @example
 * ```ts ignore
 * const g = await generate({ rows: 1e5 });
 * // g.dir is a bundle folder: loadBundle(g.dir)
 * ```
 */
export async function generate(options: GenOptions): Promise<GenResult> {
  const rows = Math.round(options.rows);
  const seed = options.seed ?? 42;
  const bundle = options.bundle === undefined ? BUNDLE_DIR : options.bundle;
  const dir = resolve(options.out ?? join(DATA_DIR, `r${rows}-s${seed}`));
  const stampPath = join(dir, "gen.json");
  const fingerprint = bundle === null ? "" : await bundleFingerprint(bundle);
  const old = await readStamp(stampPath);
  const sameData = old !== undefined && old.version === GEN_VERSION && old.rows === rows &&
    old.seed === seed;
  if (sameData && !options.force && old.bundle === fingerprint) {
    return { dir, rows, seed, tables: old.tables, bytes: old.bytes, seconds: 0, generated: false };
  }
  await Deno.mkdir(join(dir, "data"), { recursive: true });
  if (bundle !== null) {
    for (const sub of ["legacy", "relplans"]) {
      await Deno.remove(join(dir, sub), { recursive: true }).catch(() => {});
      await Deno.mkdir(join(dir, sub), { recursive: true });
    }
    for (const f of await bundleFiles(bundle)) await Deno.copyFile(join(bundle, f), join(dir, f));
  }
  const t0 = performance.now();
  let tables: Record<string, number>;
  let bytes: Record<string, number>;
  if (sameData && !options.force) {
    tables = old.tables;
    bytes = old.bytes;
  } else {
    const session = options.session ?? await openSession();
    try {
      tables = {};
      bytes = {};
      for (const [name, sql] of Object.entries(tableQueries(rows, seed))) {
        const file = join(dir, "data", `${name}.parquet`);
        // GENERATOR SQL: COPY the generated table to Parquet.
        await session.connection.run(
          `COPY (${sql}) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
        );
        tables[name] = tableSizes(rows)[name]!;
        bytes[name] = (await Deno.stat(file)).size;
      }
    } finally {
      if (!options.session) session.close();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const stamp: Stamp = { version: GEN_VERSION, rows, seed, tables, bytes, bundle: fingerprint };
  await Deno.writeTextFile(stampPath, JSON.stringify(stamp, null, 2) + "\n");
  return { dir, rows, seed, tables, bytes, seconds, generated: true };
}

/** Parse a row count such as `1e6`, `250000` or `1_000_000`. */
export function parseRows(text: string): number {
  const n = Number(text.replaceAll("_", ""));
  if (!Number.isFinite(n) || n < 1 || Math.round(n) !== n) {
    throw new Error(`Cannot use --rows ${JSON.stringify(text)}: need a whole number like 1e6`);
  }
  return n;
}

if (import.meta.main) {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      rows: { type: "string", default: "1e6" },
      seed: { type: "string", default: "42" },
      out: { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  const g = await generate({
    rows: parseRows(values.rows),
    seed: Number(values.seed),
    force: values.force,
    ...(values.out ? { out: values.out } : {}),
  });
  console.log(
    `${g.generated ? "wrote" : "reused"} ${g.dir} (rows ${g.rows}, seed ${g.seed}` +
      `${g.generated ? `, ${g.seconds.toFixed(1)} s` : ""})`,
  );
  for (const [t, n] of Object.entries(g.tables)) {
    console.log(`  ${t.padEnd(12)} ${String(n).padStart(10)} rows ${g.bytes[t]} bytes`);
  }
}
