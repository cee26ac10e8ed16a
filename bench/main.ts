/**
 * `deno task bench`: relgate against DuckDB in one run. Prints one table
 * (figure, relgate time, baseline time, value, goal, rate) with the scale
 * and machine facts, and writes `bench/results.json`.
 *
 * ```sh
 * deno task bench                  # full: 1e6-row bundle, P2 at 1M/10M rows, P7 over 1e5..1e7
 * deno task bench --quick          # small scale, under 2 minutes
 * deno task bench --rows 2e6 --only P1,P5 --reps 5 --max-rows 1e6
 * ```
 *
 * Figures (goal in brackets):
 * - P1 new lane vs DuckDB running the same SQL [<= 1.15]
 * - P2a-c legacy engine vs DuckDB threads=1: hash join, group-by, filter+project [<= 2]
 * - P3 output diff vs DuckDB EXCEPT ALL both ways, 1M x 8 unordered [<= 1.0]
 * - P4 canonicalize + sign, plans per second [>= 5,000]
 * - P5 whole audit vs both lanes' run time [<= 1.3]
 * - P6 peak RSS growth of the audit / Arrow bytes of both outputs [<= 2.5]
 * - P7 growth exponent of audit time over scales [<= 1.1]
 * - P8 audit time per rule on 200 tiny rules [<= 20 ms]
 * - P9 output diff rows per second with no differences [>= 10M rows/s]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import {
  type BenchContext,
  childAudit,
  diffRows,
  engineSizes,
  figureP1,
  figureP4,
  figureP7,
  figureP8,
  figuresP2,
  figuresP3P9,
  figuresP5P6,
  type Measured,
  REPO_ROOT,
} from "./_figures.ts";
import { generate, parseRows } from "./gen.ts";
import { buildTinyBundle } from "./_tiny.ts";
import { fmtBytes, type MachineFacts, machineFacts, textTable } from "./_util.ts";
import type { AuditMeasurement } from "./_audit_child.ts";

const ALL = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"] as const;

/** Options of {@linkcode runBench}. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Rows of the bundle's event tables (P1, P5, P6). */
  readonly rows: number;
  /** Scales of P7. */
  readonly growth: readonly number[];
  readonly reps: number;
  readonly seed: number;
  /** Figures to run (P2 covers P2a-c, P3 and P9 run together). */
  readonly only: ReadonlySet<string>;
  /** Rules of the P8 bundle. */
  readonly tinyRules: number;
}

/** What `bench/results.json` holds. */
export interface BenchResults {
  readonly scale: Record<string, unknown>;
  readonly machine: MachineFacts & {
    /** 1/5/15-minute load averages: other processes disturb the timings. */
    readonly load_average_before: readonly number[];
    readonly load_average_after: readonly number[];
  };
  readonly figures: readonly Measured["figure"][];
}

function log(line: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** Run the selected figures. */
export async function runBench(options: BenchOptions): Promise<{
  results: BenchResults;
  measured: Measured[];
}> {
  const ctx: BenchContext = { quick: options.quick, reps: options.reps, seed: options.seed, log };
  const want = (id: string) => options.only.has(id);
  const machine = await machineFacts();
  const loadBefore = Deno.loadavg();
  const measured: Measured[] = [];
  const t0 = performance.now();

  log(`data: ${options.rows} rows (seed ${options.seed})`);
  const main = await generate({ rows: options.rows, seed: options.seed });
  log(`${main.generated ? "generated" : "reused"} ${main.dir}`);

  if (want("P4")) measured.push(await figureP4(ctx));
  if (want("P1")) measured.push(await figureP1(ctx, main.dir));
  if (want("P2")) measured.push(...await figuresP2(ctx));
  if (want("P3") || want("P9")) {
    for (const m of await figuresP3P9(ctx)) if (want(m.figure.id)) measured.push(m);
  }

  const audits = new Map<number, AuditMeasurement & { wall_ms: number }>();
  const audit = async (rows: number) => {
    const known = audits.get(rows);
    if (known) return known;
    const g = await generate({ rows, seed: options.seed });
    log(`audit ${g.dir}`);
    const m = await childAudit(g.dir);
    log(
      `audit ${rows} rows: ${m.audit_ms.toFixed(0)} ms (lanes ${
        (m.legacy_ms + m.new_ms).toFixed(0)
      } ms)`,
    );
    audits.set(rows, m);
    return m;
  };
  if (want("P5") || want("P6")) {
    for (const m of figuresP5P6(await audit(options.rows), options.rows)) {
      if (want(m.figure.id)) measured.push(m);
    }
  }
  if (want("P7")) {
    const points: { rows: number; audit_ms: number; gate_open: boolean }[] = [];
    for (const rows of options.growth) {
      const m = await audit(rows);
      points.push({ rows, audit_ms: m.audit_ms, gate_open: m.gate_open });
    }
    measured.push(figureP7(points));
  }
  if (want("P8")) {
    const tinyRows = 1000;
    const dir = await buildTinyBundle({
      count: options.tinyRules,
      rows: tinyRows,
      seed: options.seed,
    });
    log(`audit ${dir}`);
    measured.push(figureP8(await childAudit(dir), tinyRows));
  }

  const order = (id: string) => id.replace(/^P(\d)([a-z]?)$/, (_, d, s) => `${d}${s || " "}`);
  measured.sort((a, b) => order(a.figure.id) < order(b.figure.id) ? -1 : 1);
  const scale = {
    quick: options.quick,
    rows: options.rows,
    seed: options.seed,
    tables: main.tables,
    parquet_bytes: Object.values(main.bytes).reduce((a, b) => a + b, 0),
    engine_workloads: engineSizes(options.quick),
    diff_rows: diffRows(options.quick),
    growth_rows: options.growth,
    tiny_rules: options.tinyRules,
    reps: options.reps,
    timing: "best of reps after one warm-up",
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
  return {
    results: {
      scale,
      machine: { ...machine, load_average_before: loadBefore, load_average_after: Deno.loadavg() },
      figures: measured.map((m) => m.figure),
    },
    measured,
  };
}

/** The printed report: facts, then the table. */
export function renderTable(results: BenchResults, measured: readonly Measured[]): string {
  const s = results.scale;
  const m = results.machine;
  const head = [
    `relgate bench${s.quick ? " --quick" : ""}: ${s.rows} rows per event table (seed ${s.seed}), ` +
    `best of ${s.reps} after a warm-up, ${s.seconds} s`,
    `machine: ${m.cores} cores (${m.cpu}), ${fmtBytes(m.memory_bytes)} RAM, ${m.os}, ` +
    `load ${m.load_average_before[0]?.toFixed(2)} before / ${
      m.load_average_after[0]?.toFixed(2)
    } after`,
    `engines: DuckDB ${m.duckdb} (new lane threads ${m.duckdb_threads}), Deno ${m.deno}, V8 ${m.v8}`,
    "",
  ];
  const rows: string[][] = [[
    "id",
    "figure",
    "relgate",
    "baseline",
    "value",
    "goal",
    "met",
    "rate",
  ]];
  for (const x of measured) {
    rows.push([
      x.figure.id,
      x.show.figure,
      x.show.relgate,
      x.show.baseline,
      x.show.value,
      x.show.goal,
      x.figure.met ? "yes" : "NO",
      x.show.rate,
    ]);
  }
  const met = measured.filter((x) => x.figure.met).length;
  return [
    ...head,
    textTable(rows, [2, 3, 4, 7]),
    "",
    `${met} of ${measured.length} goals met; results in bench/results.json`,
  ].join("\n");
}

function parseList(text: string): number[] {
  return text.split(",").map((x) => parseRows(x.trim()));
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      quick: { type: "boolean", default: false },
      rows: { type: "string" },
      growth: { type: "string" },
      "max-rows": { type: "string" },
      reps: { type: "string" },
      seed: { type: "string", default: "42" },
      only: { type: "string" },
      "tiny-rules": { type: "string", default: "200" },
      out: { type: "string", default: join(REPO_ROOT, "bench", "results.json") },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: deno task bench [--quick] [--rows N] [--growth N,N,...] [--max-rows N]\n" +
        "                       [--reps N] [--seed N] [--only P1,P2,...] [--tiny-rules N] [--out FILE]",
    );
    Deno.exit(0);
  }
  const quick = values.quick;
  const rows = values.rows ? parseRows(values.rows) : quick ? 100_000 : 1_000_000;
  const maxRows = values["max-rows"] ? parseRows(values["max-rows"]) : Infinity;
  const growth = (values.growth
    ? parseList(values.growth)
    : quick
    ? [10_000, 30_000, 100_000]
    : [100_000, 1_000_000, 10_000_000]).filter((r) =>
      r <= maxRows
    );
  if (growth.length < 2) throw new Error("P7 needs at least two scales (--growth, --max-rows)");
  const only = new Set(
    values.only ? values.only.split(",").map((x) => x.trim().toUpperCase()) : ALL,
  );
  if (only.has("P2A") || only.has("P2B") || only.has("P2C")) only.add("P2");
  const { results, measured } = await runBench({
    quick,
    rows,
    growth,
    reps: values.reps ? Number(values.reps) : 3,
    seed: Number(values.seed),
    only,
    tinyRules: Number(values["tiny-rules"]),
  });
  await Deno.writeTextFile(values.out, JSON.stringify(results, null, 2) + "\n");
  console.log(renderTable(results, measured));
}
