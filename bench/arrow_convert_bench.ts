/**
 * Throughput of the DuckDB <-> Arrow conversion (src/duckdb/to_arrow.ts and
 * src/duckdb/from_arrow.ts) in values per second, for 1M-row int64, float64
 * and utf8 columns, against node-api's own per-value paths as baselines.
 *
 * Run: npx -y deno@2.9.6 run -A bench/arrow_convert_bench.ts [--rows N] [--runs K]
 *
 * HAND-WRITTEN SQL (bench exemption): the source tables are generated and
 * scanned with literal SQL here; nothing in src/ is affected.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type * as arrow from "apache-arrow";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { resultToArrow } from "../src/duckdb/to_arrow.ts";
import { loadArrowTable } from "../src/duckdb/from_arrow.ts";

const { values: args } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, runs: { type: "string", default: "5" } },
});
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);

interface Case {
  readonly name: string;
  readonly column: string; // SQL expression over i (hand-written, bench only)
}

const CASES: readonly Case[] = [
  { name: "int64", column: "i::BIGINT" },
  { name: "int64 10% null", column: "CASE WHEN i % 10 = 0 THEN NULL ELSE i::BIGINT END" },
  { name: "float64", column: "i::DOUBLE / 7" },
  { name: "utf8 short (<=12 B, inline)", column: "'s' || i::VARCHAR" },
  { name: "utf8 long (~24 B)", column: "'a longer string ' || i::VARCHAR" },
];

/** Median seconds of `runs` runs of `fn` after one warm-up run. */
async function time(runs: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function rate(values: number, seconds: number): string {
  const v = values / seconds;
  return v >= 1e6 ? `${(v / 1e6).toFixed(1)} M values/s` : `${(v / 1e3).toFixed(0)} k values/s`;
}

function line(label: string, seconds: number): void {
  console.log(
    `  ${label.padEnd(44)} ${(seconds * 1000).toFixed(1).padStart(8)} ms  ${rate(ROWS, seconds)}`,
  );
}

async function bench(c: DuckDBConnection): Promise<void> {
  console.log(`DuckDB -> Arrow, ${ROWS} rows, median of ${RUNS} runs`);
  for (const k of CASES) {
    await c.run(`CREATE OR REPLACE TABLE src AS SELECT ${k.column} AS v FROM range(${ROWS}) t(i)`);
    console.log(`${k.name}:`);
    let table: arrow.Table | undefined;
    line(
      "resultToArrow (stream)",
      await time(RUNS, async () => {
        table = await resultToArrow(await c.stream("SELECT v FROM src"));
      }),
    );
    if (table?.numRows !== ROWS) throw new Error("row count mismatch");
    line(
      "baseline: node-api getColumns() (per value)",
      await time(Math.min(RUNS, 3), async () => {
        await (await c.stream("SELECT v FROM src")).getColumns();
      }),
    );

    console.log(`  Arrow -> DuckDB:`);
    let n = 0;
    line(
      "loadArrowTable (data chunks)",
      await time(RUNS, async () => {
        await c.run("DROP TABLE IF EXISTS dst");
        await loadArrowTable(c, "dst", table!);
        n++;
      }),
    );
    const check = await c.runAndReadAll("SELECT count(*) FROM dst");
    if (check.getRowsJS()[0]![0] !== BigInt(ROWS)) throw new Error("loaded row count mismatch");
    const values = table!.getChildAt(0)!.toArray() as ArrayLike<unknown>;
    line(
      "baseline: appender per value (appendX+endRow)",
      await time(Math.min(RUNS, 3), async () => {
        await c.run("CREATE OR REPLACE TABLE dst2 AS SELECT v FROM src LIMIT 0");
        const app = await c.createAppender("dst2");
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === null) app.appendNull();
          else if (typeof v === "bigint") app.appendBigInt(v);
          else if (typeof v === "number") app.appendDouble(v);
          else app.appendVarchar(v as string);
          app.endRow();
        }
        app.closeSync();
      }),
    );
  }
}

const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
try {
  await bench(connection);
} finally {
  connection.closeSync();
  instance.closeSync();
}
