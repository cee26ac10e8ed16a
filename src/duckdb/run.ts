/**
 * Run a RelPlan on DuckDB: compile to the SQL AST, render once, bind the
 * parameters, stream the result into Arrow, then apply the plan's schema
 * contract and ordering metadata (`applyContract`).
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { ExecutionError, RelgateError } from "../errors.ts";
import type { RelPlan } from "../ir/plan.ts";
import type { Schema } from "../ir/types.ts";
import { applyContract } from "../arrow/contract.ts";
import { compilePlan, type ScanSource } from "./compile.ts";
import { bindings, firstLine, type Session } from "./config.ts";
import { datasetSource } from "./datasets.ts";
import { loadArrowTable } from "./from_arrow.ts";
import * as q from "./sql_ast.ts";
import { type BoundParam, renderSql } from "./sql_render.ts";
import { resultToArrow } from "./to_arrow.ts";
import { fromDuckdbType, needsCanonicalCast } from "./types.ts";

/** Options of {@linkcode runRelPlan}. */
export interface RunOptions {
  /** Param values by name (bundle params merged with --param). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Dataset/output names -> DuckDB relations already registered (upstream outputs). */
  readonly relations?: ReadonlyMap<string, string>;
  /** The plan's file, named in errors. */
  readonly file?: string;
  /** Rule name, named in execution errors. */
  readonly rule?: string;
}

/** What {@linkcode runRelPlan} returns. */
export interface RunResult {
  readonly table: arrow.Table;
  readonly sql: string;
  /** Parameters in JSON-friendly form (for `explain`). */
  readonly parameters: readonly unknown[];
  /** Parameters as bound, with their SQL types (for snapshots). */
  readonly bound: readonly BoundParam[];
}

/** Environment of {@linkcode explainSql}: where scans read from. */
export interface ExplainEnv {
  readonly source: (name: string) => ScanSource | undefined;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly file?: string;
}

/** JSON-friendly form of bound parameters (bigints as strings, typed values as text). */
export function displayParameters(parameters: readonly BoundParam[]): unknown[] {
  const show = (v: unknown): unknown => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) return Array.from(v);
    if (Array.isArray(v)) return v.map(show);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, show(x)]));
    }
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    return v;
  };
  return parameters.map((p) => show(p.value));
}

/**
 * The SQL text and parameters of a plan, for `explain` and snapshots.
 *
 * @example
 * ```ts ignore
 * const { sql, parameters } = explainSql(plan, { source: (n) => datasetSource(session, n) });
 * ```
 */
export function explainSql(
  plan: RelPlan,
  env: ExplainEnv,
): { sql: string; parameters: unknown[] } {
  const { query } = compilePlan(plan, env);
  const { sql, parameters } = renderSql(query);
  return { sql, parameters: displayParameters(parameters) };
}

const RELATION_SOURCES = new WeakMap<Session, Map<string, ScanSource>>();

/** The DuckDB table that {@link registerArrowRelation} loads relation `name` into. */
export function relationTableName(name: string): string {
  return `__relgate_rel_${name}`;
}

/**
 * Load an Arrow table into DuckDB as relation `name` (replacing one of the
 * same name) so later plans can scan it; returns the DuckDB table name.
 */
export async function registerArrowRelation(
  session: Session,
  name: string,
  table: arrow.Table,
): Promise<string> {
  const tableName = relationTableName(name);
  try {
    await session.connection.run(renderSql(q.drop("TABLE", tableName)).sql);
    await loadArrowTable(session.connection, tableName, table);
  } catch (e) {
    throw executionFailure(e, { rule: name });
  }
  session.registered.set(name, tableName);
  RELATION_SOURCES.get(session)?.delete(tableName);
  return tableName;
}

async function relationSource(session: Session, relation: string): Promise<ScanSource> {
  let m = RELATION_SOURCES.get(session);
  if (!m) RELATION_SOURCES.set(session, m = new Map());
  const known = m.get(relation);
  if (known) return known;
  const probe = renderSql(q.select({
    columns: [q.selectItem(q.star())],
    from: q.table(relation),
    limit: q.param(0n, q.simpleType("BIGINT")),
  }));
  const [values, types] = bindings(probe.parameters);
  const r = await session.connection.run(probe.sql, values, types);
  const casts = new Set<string>();
  const schema: Schema = r.columnNames().map((n, i) => {
    const t = r.columnType(i);
    if (needsCanonicalCast(t)) casts.add(n);
    return { name: n, type: fromDuckdbType(t, `column "${n}" of ${relation}`), nullable: true };
  });
  const src: ScanSource = { from: (alias) => q.table(relation, alias), schema, casts };
  m.set(relation, src);
  return src;
}

/** Relations every scan of the plan (and its sub-plans) names. */
function scannedNames(plan: RelPlan): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.op === "scan" && typeof o.dataset === "string") out.add(o.dataset);
      Object.values(o).forEach(walk);
    }
  };
  walk(plan.ops);
  return out;
}

/**
 * Map a DuckDB failure to a RelgateError: user-caused execution failures
 * (overflow, bad cast, out of memory) become `ExecutionError`s naming the
 * rule, never a DuckDB stack trace.
 */
export function executionFailure(
  e: unknown,
  where: { rule?: string; file?: string },
): RelgateError {
  if (e instanceof RelgateError) return e;
  const msg = firstLine(e);
  const who = where.rule ? `rule "${where.rule}"` : "the plan";
  if (/Out of Memory|memory_limit|could not allocate|failed to offload/i.test(msg)) {
    return new ExecutionError({
      code: "out-of-memory",
      file: where.file,
      message: `Cannot run ${who} on DuckDB: out of memory (${
        msg.replace(/^[A-Za-z ]*Error: /, "")
      })`,
      hint: "raise --memory-limit or set --temp-dir so DuckDB can spill to disk",
    });
  }
  return new ExecutionError({
    code: "execution",
    file: where.file,
    message: `Cannot run ${who} on DuckDB: ${msg.replace(/^[A-Za-z ]*Error: /, "")}`,
  });
}

/**
 * Run a RelPlan: scans read manifest datasets registered in the session
 * (`registerDatasets`) or the relations in `options.relations`.
 *
 * @throws {RelgateError} validation problems, `bad-param` naming the param,
 *   `ExecutionError` for failures while running.
 *
 * @example
 * ```ts ignore
 * const { table, sql } = await runRelPlan(session, plan, { params: { min_score: 0.5 } });
 * ```
 */
export async function runRelPlan(
  session: Session,
  plan: RelPlan,
  options: RunOptions,
): Promise<RunResult> {
  const sources = new Map<string, ScanSource>();
  for (const name of scannedNames(plan)) {
    const rel = options.relations?.get(name);
    if (rel !== undefined) sources.set(name, await relationSource(session, rel));
    else {
      const ds = datasetSource(session, name);
      if (ds) sources.set(name, ds);
      else {
        const registered = session.registered.get(name);
        if (registered !== undefined) sources.set(name, await relationSource(session, registered));
      }
    }
  }
  const { query } = compilePlan(plan, {
    source: (n) => sources.get(n),
    params: options.params,
    file: options.file,
  });
  const { sql, parameters } = renderSql(query);
  let table: arrow.Table;
  try {
    const [values, types] = bindings(parameters);
    const result = await session.connection.stream(sql, values, types);
    table = await resultToArrow(result);
  } catch (e) {
    throw executionFailure(e, { rule: options.rule ?? plan.name, file: options.file });
  }
  table = applyContract(table, {
    ordering: plan.ordering,
    schema: plan.schema,
    file: options.file,
  });
  return { table, sql, parameters: displayParameters(parameters), bound: parameters };
}
