/**
 * Shared harness of the cross-lane tests: typed Arrow tables from plain
 * values, both lanes run over the same tables (the legacy Arrow engine and
 * DuckDB, one DuckDB session per test module), exact cell values, and a
 * column-by-column comparison of two Arrow tables. Only test files import this.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import {
  decimalData,
  type Exact,
  exactAt,
  fixedData,
  typeKey,
} from "../../src/arrow/_test_exact.ts";
import { arrowTypeString, toArrowType } from "../../src/arrow/types.ts";
import { openSession, type Session } from "../../src/duckdb/config.ts";
import { registerArrowRelation, runRelPlan } from "../../src/duckdb/run.ts";
import { RelgateError } from "../../src/errors.ts";
import type { Expr } from "../../src/ir/expr.ts";
import type { RelPlan } from "../../src/ir/plan.ts";
import { parseType } from "../../src/ir/types.ts";
import { framesFromTable, tableFromFrames } from "../../src/arrow/column.ts";
import { compileExpr, evalCol } from "../../src/legacy/compute/expr.ts";
import { ComputeError, PlanError } from "../../src/arrow/compute_error.ts";
import { runLegacyPlan } from "../../src/legacy/exec/mod.ts";
import type { LegacyPlan } from "../../src/legacy/plan.ts";

export type { Exact };

/** A plain input value: null, bool, number, bigint (int64, timestamps, unscaled decimals), string, list. */
export type Cell = null | boolean | number | bigint | string | readonly Cell[];

/** A typed input column: `[type string of SPEC section 1, values]`. */
export type ColSpec = readonly [type: string, values: readonly Cell[]];

/** Input tables of a case: dataset name -> column name -> typed values. */
export type Tables = Readonly<Record<string, Readonly<Record<string, ColSpec>>>>;

/** One typed Arrow column from plain values. */
export function column(type: string, values: readonly Cell[]): arrow.Data {
  const t = parseType(type);
  const at = toArrowType(t);
  switch (t.kind) {
    case "timestamp":
    case "date32":
      return fixedData(at, values as (number | bigint | null)[]);
    case "decimal":
      return decimalData(t.precision, t.scale, values as (bigint | null)[]);
    default: {
      const v = arrow.vectorFromArray(values as unknown[], at);
      assert.equal(v.data.length, 1, "one chunk");
      return v.data[0]!;
    }
  }
}

/** How a table's rows are cut into record batches. */
export interface Layout {
  /** Rows per batch. */
  readonly rows: number;
  /**
   * `separate`: each batch built on its own (offset 0); `sliced`: batches are
   * `RecordBatch.slice`s of one batch (non-zero Data offsets, bit offsets in
   * validity and boolean bitmaps, apache-arrow's sliced-buffer convention).
   */
  readonly mode: "separate" | "sliced";
}

function batchOf(
  schema: arrow.Schema,
  cols: Readonly<Record<string, ColSpec>>,
  from: number,
  to: number,
) {
  const names = Object.keys(cols);
  const children = names.map((n) => column(cols[n]![0], cols[n]![1].slice(from, to)));
  const length = to - from;
  for (const c of children) assert.equal(c.length, length, "columns of one length");
  const data = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length,
    nullCount: 0,
    children,
  });
  return new arrow.RecordBatch(schema, data);
}

/** An Arrow table from typed columns: one batch, or batches cut by `layout`. */
export function table(cols: Readonly<Record<string, ColSpec>>, layout?: Layout): arrow.Table {
  const names = Object.keys(cols);
  const fields = names.map((n) => new arrow.Field(n, toArrowType(parseType(cols[n]![0])), true));
  const schema = new arrow.Schema(fields);
  const length = names.length === 0 ? 0 : cols[names[0]!]![1].length;
  const whole = batchOf(schema, cols, 0, length);
  if (layout === undefined || length <= layout.rows) return new arrow.Table(schema, [whole]);
  const batches: arrow.RecordBatch[] = [];
  for (let i = 0; i < length; i += layout.rows) {
    const end = Math.min(length, i + layout.rows);
    batches.push(layout.mode === "sliced" ? whole.slice(i, end) : batchOf(schema, cols, i, end));
  }
  return new arrow.Table(schema, batches);
}

/** Arrow tables for every dataset of `tables` (see {@link table} for `layout`). */
export function arrowTables(tables: Tables, layout?: Layout): Map<string, arrow.Table> {
  return new Map(Object.entries(tables).map(([k, v]) => [k, table(v, layout)]));
}

let shared: Promise<Session> | undefined;

/** The DuckDB session shared by every case of a test module (one thread: deterministic). */
export function session(): Promise<Session> {
  shared ??= openSession({ cli: { threads: 1 } });
  return shared;
}

/** Run a legacy plan on the legacy lane over `tables`. */
export function runLegacy(
  plan: LegacyPlan,
  tables: ReadonlyMap<string, arrow.Table>,
  params: Readonly<Record<string, unknown>> = {},
): Promise<arrow.Table> {
  return runLegacyPlan(plan, {
    scan: (d) => {
      const t = tables.get(d);
      if (!t) throw new Error(`test has no table "${d}"`);
      return Promise.resolve(t);
    },
    params,
    rule: plan.name,
  });
}

/** Run a RelPlan on the DuckDB lane over `tables` (registered as relations of their names). */
export async function runNew(
  plan: RelPlan,
  tables: ReadonlyMap<string, arrow.Table>,
  params: Readonly<Record<string, unknown>> = {},
): Promise<arrow.Table> {
  const s = await session();
  const relations = new Map<string, string>();
  for (const [name, t] of tables) relations.set(name, await registerArrowRelation(s, name, t));
  return (await runRelPlan(s, plan, { params, relations, rule: plan.name })).table;
}

/**
 * Evaluate an ExprIR expression with the legacy lane's registry semantics
 * (its ExprIR compiler, as kernels use it) over `input`: output column `v`.
 */
export function evalLegacyIr(
  e: Expr,
  input: arrow.Table,
  params: Readonly<Record<string, unknown>> = {},
  paramTypes: Readonly<Record<string, string>> = {},
): arrow.Table {
  const frames = framesFromTable(input);
  const names = input.schema.fields.map((f) => f.name);
  const types = frames[0]!.cols.map((c) => c.type);
  let c;
  try {
    c = compileExpr(e, { names, types, params, paramTypes }, "$.expr");
    const out = frames.map((f) => ({ names: ["v"], cols: [evalCol(c!, f)], length: f.length }));
    return tableFromFrames(out, [c.type], ["v"]);
  } catch (err) {
    if (err instanceof ComputeError || err instanceof PlanError) {
      throw new RelgateError({ code: err.code, path: "$.expr", message: err.message });
    }
    throw err;
  }
}

/** SPEC type strings of a table's columns, `name: type`. */
export function typesOf(t: arrow.Table): string[] {
  return t.schema.fields.map((f) => `${f.name}: ${arrowTypeString(f.type)}`);
}

/** Every row of a table as exact values (batches concatenated). */
export function rowsOf(t: arrow.Table): Exact[][] {
  const out: Exact[][] = [];
  for (const b of t.batches) {
    const cols = b.data.children;
    for (let i = 0; i < b.numRows; i++) out.push(cols.map((d) => exactAt(d, i)));
  }
  return out;
}

/** A total-order key of an exact value (NaN, -0 and bigints kept distinct). */
export function exactKey(v: Exact): string {
  return JSON.stringify(v, (_k, x) => {
    if (typeof x === "bigint") return `${x}n`;
    if (typeof x === "number") {
      if (Number.isNaN(x)) return "NaN";
      if (Object.is(x, -0)) return "-0";
      if (!Number.isFinite(x)) return String(x);
    }
    return x;
  });
}

/** Rows sorted by their exact keys (for unordered outputs). */
export function sortedRows(rows: readonly (readonly Exact[])[]): Exact[][] {
  return rows.map((r) => [...r]).sort((a, b) => {
    const ka = exactKey(a);
    const kb = exactKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * Assert two lanes' tables are identical: column names, Arrow types
 * (structurally), and every column's exact values (NaN = NaN, -0 != 0). When
 * `ordered` is false the rows are compared as multisets; `loose0` compares
 * -0 as 0 (SPEC section 8 treats them as equal).
 */
export function assertSameTable(
  a: arrow.Table,
  b: arrow.Table,
  ordered: boolean,
  what: string,
  loose0 = false,
): void {
  assert.deepEqual(
    b.schema.fields.map((f) => `${f.name}: ${typeKey(f.type)}`),
    a.schema.fields.map((f) => `${f.name}: ${typeKey(f.type)}`),
    `${what}: schemas differ`,
  );
  const unsign = (rows: Exact[][]) =>
    loose0 ? sortedRows(rows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v)))) : rows;
  const ra = unsign(ordered ? rowsOf(a) : sortedRows(rowsOf(a)));
  const rb = unsign(ordered ? rowsOf(b) : sortedRows(rowsOf(b)));
  assert.equal(rb.length, ra.length, `${what}: row counts differ`);
  a.schema.fields.forEach((f, c) => {
    assert.deepEqual(
      rb.map((r) => r[c]),
      ra.map((r) => r[c]),
      `${what}: column "${f.name}" differs`,
    );
  });
}

/** The error a lane threw, or undefined when it ran. */
export async function outcome<T>(p: () => Promise<T> | T): Promise<{ ok: T } | { err: unknown }> {
  try {
    return { ok: await p() };
  } catch (err) {
    return { err };
  }
}

/** Assert `err` is a user-facing RelgateError whose message matches `re`. */
export function assertUserError(err: unknown, re: RegExp, what: string): void {
  assert.ok(err instanceof RelgateError, `${what}: expected a RelgateError, got ${String(err)}`);
  assert.match(err.message, re, `${what}: unexpected error message`);
}
