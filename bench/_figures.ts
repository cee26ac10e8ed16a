/**
 * The benchmark figures P1-P9: each measures relgate against a baseline in
 * the same run and returns a {@linkcode Measured} (the figure for
 * results.json and the cells of the printed table).
 *
 * BASELINE SQL: the baselines run SQL that relgate's own compiler produced
 * (P1, P2) or hand-written SQL from `_workloads.ts` (P3); nothing here
 * writes SQL text except through `src/duckdb/sql_render.ts`.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type * as arrow from "apache-arrow";
import { canonicalize, signCanonical } from "../src/canon/mod.ts";
import { diffOutputs } from "../src/diff/output_diff.ts";
import { compilePlan, type ScanSource } from "../src/duckdb/compile.ts";
import { bindings, openSession, type Session } from "../src/duckdb/config.ts";
import { datasetSource } from "../src/duckdb/datasets.ts";
import { registerArrowRelation, runRelPlan } from "../src/duckdb/run.ts";
import * as q from "../src/duckdb/sql_ast.ts";
import { renderSql } from "../src/duckdb/sql_render.ts";
import { resultToArrow } from "../src/duckdb/to_arrow.ts";
import { fromDuckdbType, needsCanonicalCast } from "../src/duckdb/types.ts";
import type { RelPlan } from "../src/ir/plan.ts";
import type { Schema } from "../src/ir/types.ts";
import { runLegacyPlan } from "../src/legacy/exec/mod.ts";
import { liftLegacyPlan } from "../src/legacy/lift.ts";
import { loadBundle, relPlanScans } from "../src/migration/load.ts";
import { prepareBundle, relationName } from "../src/migration/runner.ts";
import type { AuditMeasurement } from "./_audit_child.ts";
import {
  type Figure,
  figure,
  fmtBytes,
  fmtMs,
  fmtRate,
  growthExponent,
  measure,
  round,
} from "./_util.ts";
import { diffTables, engineWorkloads, exceptAllBothWays, fmtN } from "./_workloads.ts";

/** Cells of one row of the printed table. */
export interface Shown {
  readonly figure: string;
  readonly relgate: string;
  readonly baseline: string;
  readonly value: string;
  readonly goal: string;
  readonly rate: string;
}

/** A figure and how it is shown. */
export interface Measured {
  readonly figure: Figure;
  readonly show: Shown;
}

/** Settings shared by the figures. */
export interface BenchContext {
  readonly quick: boolean;
  /** Measured repetitions per timing (after one warm-up). */
  readonly reps: number;
  readonly seed: number;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root (the child audits run there, with deno.json). */
export const REPO_ROOT: string = resolve(HERE, "..");

function goalText(direction: "max" | "min", goal: number, unit = ""): string {
  return `${direction === "max" ? "<=" : ">="} ${goal}${unit}`;
}

function ratioText(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : "-";
}

/** Select every column of a table (rendered by relgate's renderer). */
function selectAll(table: string): string {
  return renderSql(q.select({ columns: [q.selectItem(q.star())], from: q.table(table) })).sql;
}

/** A scan source over a DuckDB table, typed like the runner's relation sources. */
async function tableSource(session: Session, table: string): Promise<ScanSource> {
  const probe = renderSql(q.select({
    columns: [q.selectItem(q.star())],
    from: q.table(table),
    limit: q.param(0n, q.simpleType("BIGINT")),
  }));
  const [values, types] = bindings(probe.parameters);
  const r = await session.connection.run(probe.sql, values, types);
  const casts = new Set<string>();
  const schema: Schema = r.columnNames().map((n, i) => {
    const t = r.columnType(i);
    if (needsCanonicalCast(t)) casts.add(n);
    return { name: n, type: fromDuckdbType(t, `column "${n}" of ${table}`), nullable: true };
  });
  return { from: (alias) => q.table(table, alias), schema, casts };
}

/** Read a whole DuckDB table into Arrow. */
async function tableArrow(session: Session, table: string): Promise<arrow.Table> {
  return await resultToArrow(await session.connection.stream(selectAll(table)));
}

/** Run SQL and pull every result chunk (no conversion to JS values); returns rows. */
async function drain(
  session: Session,
  sql: string,
  values: ReturnType<typeof bindings>,
): Promise<number> {
  const result = await session.connection.stream(sql, values[0], values[1]);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    rows += chunk.rowCount;
  }
  return rows;
}

// ---- P1 -----------------------------------------------------------------------

/**
 * P1: the new lane (`runRelPlan`: compile, render, run, DuckDB result to
 * Arrow, schema contract) over every rule of the bench bundle, against
 * DuckDB running the same SQL with the same parameters and handing over its
 * result chunks (no conversion). Ratio of the sums of best times.
 */
export async function figureP1(ctx: BenchContext, bundleDir: string): Promise<Measured> {
  const bundle = await loadBundle(bundleDir);
  const { session, params } = await prepareBundle(bundle);
  const perRule: Record<string, unknown>[] = [];
  let sumR = 0;
  let sumB = 0;
  let rows = 0;
  let sqlMatches = true;
  try {
    const outputs = new Map<string, string>();
    for (const rule of bundle.rules) {
      const plan = rule.relPlan;
      if (!plan) continue;
      const relations = new Map<string, string>();
      const sources = new Map<string, ScanSource>();
      for (const name of relPlanScans(plan.ops)) {
        const rel = outputs.get(name);
        if (rel !== undefined) {
          relations.set(name, rel);
          sources.set(name, await tableSource(session, rel));
        } else {
          const ds = datasetSource(session, name);
          if (ds) sources.set(name, ds);
        }
      }
      const { query } = compilePlan(plan, { source: (n) => sources.get(n), params });
      const { sql, parameters } = renderSql(query);
      const bound = bindings(parameters);
      let table: arrow.Table | undefined;
      const tr = await measure(ctx.reps, async () => {
        const r = await runRelPlan(session, plan, { params, relations });
        if (r.sql !== sql) sqlMatches = false;
        table = r.table;
      }, 1);
      let baseRows = 0;
      const tb = await measure(ctx.reps, async () => {
        baseRows = await drain(session, sql, bound);
      }, 1);
      const n = table!.numRows;
      if (n !== baseRows) throw new Error(`P1 ${rule.name}: ${n} rows vs DuckDB ${baseRows}`);
      sumR += tr.best;
      sumB += tb.best;
      rows += n;
      perRule.push({
        rule: rule.name,
        rows: n,
        relgate_ms: round(tr.best, 2),
        baseline_ms: round(tb.best, 2),
        ratio: round(tr.best / tb.best, 3),
      });
      outputs.set(
        rule.output,
        await registerArrowRelation(session, relationName("new", rule.output), table!),
      );
      ctx.log(`P1 ${rule.name}: ${fmtMs(tr.best)} vs ${fmtMs(tb.best)}`);
    }
  } finally {
    session.close();
  }
  const value = sumR / sumB;
  const rate = rows / (sumR / 1000);
  return {
    figure: figure("P1", value, 1.15, "max", {
      label: "new lane vs DuckDB running the same SQL (all bench rules)",
      unit: "ratio",
      relgate_ms: round(sumR, 2),
      baseline_ms: round(sumB, 2),
      rate: Math.round(rate),
      rate_unit: "output rows/s",
      same_sql: sqlMatches,
      output_rows: rows,
      rules: perRule,
    }),
    show: {
      figure: "new lane / DuckDB same SQL",
      relgate: fmtMs(sumR),
      baseline: fmtMs(sumB),
      value: ratioText(value),
      goal: goalText("max", 1.15),
      rate: fmtRate(rate, "rows/s"),
    },
  };
}

// ---- P2 -----------------------------------------------------------------------

/** P2 sizes: the in a full run, a tenth in --quick. */
export function engineSizes(quick: boolean) {
  return quick
    ? { join: 200_000, agg: 200_000, groups: 20_000, filter: 1_000_000 }
    : { join: 1_000_000, agg: 1_000_000, groups: 100_000, filter: 10_000_000 };
}

/**
 * P2a-c: the legacy engine (`runLegacyPlan` over in-memory Arrow tables)
 * against DuckDB with threads=1 running the same plan (the lifted legacy
 * plan compiled by relgate) into a temp table, over the same data.
 */
export async function figuresP2(ctx: BenchContext): Promise<Measured[]> {
  const session = await openSession({ cli: { threads: 1 } });
  const out: Measured[] = [];
  try {
    for (const w of engineWorkloads(engineSizes(ctx.quick), ctx.seed)) {
      const tables = new Map<string, arrow.Table>();
      const sources = new Map<string, ScanSource>();
      for (const [name, sql] of Object.entries(w.tables)) {
        // GENERATOR SQL (bench only).
        await session.connection.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
        tables.set(name, await tableArrow(session, name));
        sources.set(name, await tableSource(session, name));
      }
      const lifted = liftLegacyPlan(w.plan, { file: w.id });
      const { query } = compilePlan(lifted.plan, { source: (n) => sources.get(n), params: {} });
      const ctas = renderSql(q.createAs("TABLE", "__bench_p2_out", query, {
        temp: true,
        orReplace: true,
      }));
      const bound = bindings(ctas.parameters);
      let legacyRows = 0;
      const tl = await measure(ctx.reps, async () => {
        const t = await runLegacyPlan(w.plan, {
          scan: (d) => Promise.resolve(tables.get(d)!),
          rule: w.id,
        });
        legacyRows = t.numRows;
      }, 1);
      const td = await measure(ctx.reps, async () => {
        await session.connection.run(ctas.sql, bound[0], bound[1]);
      }, 1);
      const count = await session.connection.runAndReadAll(
        renderSql(q.select({
          columns: [q.selectItem(q.aggregate("count", []))],
          from: q.table("__bench_p2_out"),
        })).sql,
      );
      const duckRows = Number(count.getRowsJS()[0]![0]);
      if (duckRows !== legacyRows) {
        throw new Error(`${w.id}: legacy ${legacyRows} rows vs DuckDB ${duckRows}`);
      }
      await session.connection.run(renderSql(q.drop("TABLE", "__bench_p2_out")).sql);
      for (const name of Object.keys(w.tables)) {
        await session.connection.run(renderSql(q.drop("TABLE", name)).sql);
      }
      tables.clear();
      const value = tl.best / td.best;
      const rate = w.inputRows / (tl.best / 1000);
      ctx.log(`${w.id}: legacy ${fmtMs(tl.best)} vs DuckDB(1 thread) ${fmtMs(td.best)}`);
      out.push({
        figure: figure(w.id, value, 2, "max", {
          label: `legacy engine vs DuckDB threads=1: ${w.label}`,
          unit: "ratio",
          relgate_ms: round(tl.best, 2),
          baseline_ms: round(td.best, 2),
          rate: Math.round(rate),
          rate_unit: "input rows/s",
          output_rows: legacyRows,
          relgate_samples: tl.samples,
          baseline_samples: td.samples,
        }),
        show: {
          figure: `legacy / DuckDB t=1: ${w.label}`,
          relgate: fmtMs(tl.best),
          baseline: fmtMs(td.best),
          value: ratioText(value),
          goal: goalText("max", 2),
          rate: fmtRate(rate, "rows/s"),
        },
      });
    }
  } finally {
    session.close();
  }
  return out;
}

// ---- P3 and P9 ----------------------------------------------------------------

/** P3 and P9 table rows: 1M in a full run. */
export function diffRows(quick: boolean): number {
  return quick ? 200_000 : 1_000_000;
}

/**
 * P3: `diffOutputs` on two n x 8 tables holding the same rows in different
 * orders (unordered: a multiset compare) against DuckDB `EXCEPT ALL` both
 * ways on the same two tables (default threads). P9: `diffOutputs` rows per
 * second on two equal tables in the same order (the common case).
 */
export async function figuresP3P9(ctx: BenchContext): Promise<Measured[]> {
  const n = diffRows(ctx.quick);
  const session = await openSession();
  try {
    const arrows = new Map<string, arrow.Table>();
    for (const [name, sql] of Object.entries(diffTables(n, ctx.seed))) {
      // GENERATOR SQL (bench only).
      await session.connection.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
      arrows.set(name, await tableArrow(session, name));
    }
    const L = arrows.get("diff_legacy")!;
    const N = arrows.get("diff_new")!;
    const S = arrows.get("diff_same")!;
    const unordered = { ordering: { level: "unordered" } } as const;
    const shuffled = await measure(ctx.reps, () => {
      const d = diffOutputs(L, N, unordered);
      if (!d.equal) throw new Error("P3: expected equal outputs");
    }, 1);
    // BASELINE SQL (bench only): EXCEPT ALL both ways.
    const except = exceptAllBothWays("diff_legacy", "diff_new");
    const base = await measure(ctx.reps, async () => {
      const r = await session.connection.runAndReadAll(except);
      const [a, b] = r.getRowsJS()[0]!;
      if (Number(a) !== 0 || Number(b) !== 0) throw new Error("P3: EXCEPT ALL found rows");
    }, 1);
    const same = await measure(ctx.reps, () => {
      const d = diffOutputs(L, S, unordered);
      if (!d.equal) throw new Error("P9: expected equal outputs");
    }, 1);
    const p3 = shuffled.best / base.best;
    const shuffledRate = n / (shuffled.best / 1000);
    const sameRate = n / (same.best / 1000);
    ctx.log(`P3: diff ${fmtMs(shuffled.best)} vs EXCEPT ALL ${fmtMs(base.best)}`);
    ctx.log(`P9: diff (same order) ${fmtMs(same.best)}`);
    return [
      {
        figure: figure("P3", p3, 1.0, "max", {
          label: `output diff vs DuckDB EXCEPT ALL both ways (${fmtN(n)} x 8, unordered, shuffled)`,
          unit: "ratio",
          relgate_ms: round(shuffled.best, 2),
          baseline_ms: round(base.best, 2),
          rate: Math.round(shuffledRate),
          rate_unit: "rows/s",
          rows: n,
          columns: 8,
          relgate_samples: shuffled.samples,
          baseline_samples: base.samples,
        }),
        show: {
          figure: `output diff / EXCEPT ALL x2 (${fmtN(n)} x 8)`,
          relgate: fmtMs(shuffled.best),
          baseline: fmtMs(base.best),
          value: ratioText(p3),
          goal: goalText("max", 1.0),
          rate: fmtRate(shuffledRate, "rows/s"),
        },
      },
      {
        figure: figure("P9", sameRate, 10_000_000, "min", {
          label: `output diff rows per second, no differences (${fmtN(n)} x 8, same order)`,
          unit: "rows/s",
          relgate_ms: round(same.best, 2),
          rate: Math.round(sameRate),
          rate_unit: "rows/s",
          rows: n,
          columns: 8,
          shuffled_rows_per_s: Math.round(shuffledRate),
          relgate_samples: same.samples,
        }),
        show: {
          figure: `output diff, no differences (${fmtN(n)} x 8)`,
          relgate: fmtMs(same.best),
          baseline: "-",
          value: fmtRate(sameRate, "rows/s"),
          goal: ">= 10M rows/s",
          rate: fmtRate(sameRate, "rows/s"),
        },
      },
    ];
  } finally {
    session.close();
  }
}

// ---- P4 -----------------------------------------------------------------------

/**
 * P4: canonicalize + sign every plan of the bench bundle (its RelPlans and
 * lifted legacy plans) in a loop for a fixed time; plans per second.
 */
export async function figureP4(ctx: BenchContext): Promise<Measured> {
  const bundle = await loadBundle(join(HERE, "bundle"));
  const plans: RelPlan[] = [];
  for (const r of bundle.rules) {
    if (r.relPlan) plans.push(r.relPlan);
    if (r.legacyPlan) plans.push(liftLegacyPlan(r.legacyPlan).plan);
  }
  const budget = ctx.quick ? 500 : 2000;
  for (const p of plans) signCanonical(canonicalize(p).plan);
  let count = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < budget) {
    for (const p of plans) signCanonical(canonicalize(p).plan);
    count += plans.length;
    elapsed = performance.now() - t0;
  }
  const rate = count / (elapsed / 1000);
  ctx.log(`P4: ${Math.round(rate)} plans/s`);
  return {
    figure: figure("P4", rate, 5000, "min", {
      label: `canonicalize + sign (${plans.length} bench plans: RelPlans and lifted legacy plans)`,
      unit: "plans/s",
      relgate_ms: round(elapsed, 2),
      rate: Math.round(rate),
      rate_unit: "plans/s",
      plans: plans.length,
      iterations: count,
      us_per_plan: round((elapsed * 1000) / count, 2),
    }),
    show: {
      figure: `canonicalize + sign (${plans.length} plans)`,
      relgate: `${((elapsed * 1000) / count).toFixed(1)} µs/plan`,
      baseline: "-",
      value: fmtRate(rate, "plans/s"),
      goal: ">= 5000 plans/s",
      rate: fmtRate(rate, "plans/s"),
    },
  };
}

// ---- P5-P8: whole audits in child processes -------------------------------------

/** Run `_audit_child.ts` on a bundle folder in a fresh process. */
export async function childAudit(dir: string): Promise<AuditMeasurement & { wall_ms: number }> {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(HERE, "_audit_child.ts"), dir],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wall = performance.now() - t0;
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    throw new Error(
      `audit of ${dir} failed: ${new TextDecoder().decode(out.stderr).slice(-2000)}`,
    );
  }
  const line = text.split("\n").at(-1)!;
  return { ...(JSON.parse(line) as AuditMeasurement), wall_ms: wall };
}

/** P5 (audit vs both lanes) and P6 (peak RSS vs output bytes) from one audit. */
export function figuresP5P6(m: AuditMeasurement & { wall_ms: number }, rows: number): Measured[] {
  const lanes = m.legacy_ms + m.new_ms;
  const p5 = m.audit_ms / lanes;
  const arrowTotal = m.legacy_arrow_bytes + m.new_arrow_bytes;
  const net = m.peak_rss !== null && m.rss_before !== null ? m.peak_rss - m.rss_before : NaN;
  const p6 = net / arrowTotal;
  const auditRate = (m.legacy_rows + m.new_rows) / 2 / (m.audit_ms / 1000);
  return [
    {
      figure: figure("P5", p5, 1.3, "max", {
        label: `whole audit vs both lanes' run time (${fmtN(rows)} rows, ${m.rules} rules)`,
        unit: "ratio",
        relgate_ms: round(m.audit_ms, 2),
        baseline_ms: round(lanes, 2),
        rate: Math.round(auditRate),
        rate_unit: "output rows/s",
        legacy_ms: round(m.legacy_ms, 2),
        new_ms: round(m.new_ms, 2),
        diff_ms: round(m.diff_ms, 2),
        other_ms: round(m.other_ms, 2),
        report_ms: round(m.report_ms, 2),
        process_wall_ms: round(m.wall_ms, 2),
        verdicts: m.verdicts,
        gate_open: m.gate_open,
        per_rule: m.per_rule,
      }),
      show: {
        figure: `whole audit / both lanes (${fmtN(rows)} rows)`,
        relgate: fmtMs(m.audit_ms),
        baseline: fmtMs(lanes),
        value: ratioText(p5),
        goal: goalText("max", 1.3),
        rate: fmtRate(auditRate, "rows/s"),
      },
    },
    {
      figure: figure("P6", p6, 2.5, "max", {
        label: `peak RSS growth of the audit / Arrow bytes of both outputs (${fmtN(rows)} rows)`,
        unit: "ratio",
        peak_rss_bytes: m.peak_rss,
        rss_before_bytes: m.rss_before,
        arrow_bytes: arrowTotal,
        legacy_arrow_bytes: m.legacy_arrow_bytes,
        new_arrow_bytes: m.new_arrow_bytes,
        raw_ratio: m.peak_rss !== null ? round(m.peak_rss / arrowTotal, 3) : null,
      }),
      show: {
        figure: `peak RSS / Arrow bytes of outputs (${fmtN(rows)} rows)`,
        relgate: `+${fmtBytes(net)}`,
        baseline: fmtBytes(arrowTotal),
        value: ratioText(p6),
        goal: goalText("max", 2.5),
        rate: "-",
      },
    },
  ];
}

/** P7: growth exponent of audit time over scales. */
export function figureP7(
  points: readonly { rows: number; audit_ms: number; gate_open: boolean }[],
): Measured {
  const k = growthExponent(points.map((p) => ({ x: p.rows, y: p.audit_ms })));
  const steps = points.slice(1).map((p, i) => ({
    from: points[i]!.rows,
    to: p.rows,
    exponent: round(
      Math.log(p.audit_ms / points[i]!.audit_ms) / Math.log(p.rows / points[i]!.rows),
      3,
    ),
  }));
  const first = points[0]!;
  const last = points.at(-1)!;
  return {
    figure: figure("P7", k, 1.1, "max", {
      label: `growth exponent of audit time, ${fmtN(first.rows)}..${fmtN(last.rows)} rows`,
      unit: "exponent",
      fit: "least-squares slope of log(audit time) over log(rows)",
      points: points.map((p) => ({
        rows: p.rows,
        audit_ms: round(p.audit_ms, 2),
        gate_open: p.gate_open,
      })),
      steps,
    }),
    show: {
      figure: `audit time growth ${fmtN(first.rows)}..${fmtN(last.rows)} rows`,
      relgate: points.map((p) => fmtMs(p.audit_ms)).join(" / "),
      baseline: "-",
      value: Number.isFinite(k) ? `n^${k.toFixed(2)}` : "-",
      goal: "<= n^1.1",
      rate: "-",
    },
  };
}

/** P8: fixed cost per rule on a bundle of tiny rules. */
export function figureP8(m: AuditMeasurement & { wall_ms: number }, rows: number): Measured {
  const perRule = m.audit_ms / m.rules;
  return {
    figure: figure("P8", perRule, 20, "max", {
      label: `audit time per rule, ${m.rules} tiny rules (${fmtN(rows)} rows each table)`,
      unit: "ms/rule",
      relgate_ms: round(m.audit_ms, 2),
      rate: round(1000 / perRule, 1),
      rate_unit: "rules/s",
      rules: m.rules,
      legacy_ms: round(m.legacy_ms, 2),
      new_ms: round(m.new_ms, 2),
      diff_ms: round(m.diff_ms, 2),
      other_ms: round(m.other_ms, 2),
      process_wall_ms: round(m.wall_ms, 2),
      verdicts: m.verdicts,
    }),
    show: {
      figure: `fixed cost per rule (${m.rules} tiny rules)`,
      relgate: fmtMs(m.audit_ms),
      baseline: "-",
      value: `${perRule.toFixed(1)} ms/rule`,
      goal: "<= 20 ms/rule",
      rate: fmtRate(1000 / perRule, "rules/s"),
    },
  };
}
