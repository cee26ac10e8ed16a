/**
 * P1: a 1M-row join + aggregate RelPlan through runRelPlan vs DuckDB
 * executing equivalent hand-written SQL in the same process (BASELINE SQL,
 * allowed in benchmarks), plus Arrow conversion throughput.
 *
 * Run: npx -y deno@2.9.6 run -A bench/new_lane_bench.ts
 */
import { openSession } from "../src/duckdb/config.ts";
import { runRelPlan } from "../src/duckdb/run.ts";
import { resultToArrow } from "../src/duckdb/to_arrow.ts";
import type { RelPlan } from "../src/ir/plan.ts";

const N = 1_000_000;
const s = await openSession({});
// BASELINE SQL (bench only): fixture tables.
await s.connection.run(
  `CREATE TABLE calls AS SELECT i::BIGINT AS call_id, (i % 50000)::BIGINT AS caller_id, 'f' || (i % 200000) AS callee, (i % 1000) / 1000.0 AS score FROM range(${N}) t(i)`,
);
await s.connection.run(
  `CREATE TABLE functions AS SELECT i::BIGINT AS function_id, 'f' || i AS name FROM range(${N}) t(i)`,
);
const relations = new Map([["calls", "calls"], ["functions", "functions"]]);
const plan: RelPlan = {
  relplan: 1,
  name: "bench.join_aggregate",
  params: { min_score: { type: "float64" } },
  ops: [
    {
      op: "scan",
      dataset: "calls",
      columns: ["call_id", "caller_id", "callee", "score"],
      predicate: { fn: "ge", args: [{ col: "score" }, { param: "min_score" }] },
    },
    {
      op: "join",
      kind: "left",
      on: [["callee", "name"]],
      right: { ops: [{ op: "scan", dataset: "functions", columns: ["function_id", "name"] }] },
    },
    {
      op: "aggregate",
      group_by: ["caller_id"],
      measures: [
        { name: "n_calls", fn: "count_all" },
        { name: "resolved", fn: "count", arg: { col: "function_id" } },
        { name: "best", fn: "max", arg: { col: "score" } },
      ],
    },
  ],
  ordering: { level: "unordered" },
};
// BASELINE SQL (bench only): the same query written by hand.
const BASELINE =
  `SELECT c.caller_id, count(*) AS n_calls, count(f.function_id) AS resolved, max(c.score) AS best
  FROM calls c LEFT JOIN functions f ON c.callee = f.name WHERE c.score >= 0.1 GROUP BY c.caller_id`;

async function time(f: () => Promise<unknown>, runs = 5): Promise<number> {
  await f(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}

let rows = 0;
const tPlan = await time(async () => {
  const r = await runRelPlan(s, plan, { params: { min_score: 0.1 }, relations });
  rows = r.table.numRows;
});
const tBase = await time(async () => {
  await resultToArrow(await s.connection.stream(BASELINE));
});
const tSqlOnly = await time(async () => {
  await s.connection.run(BASELINE);
});
// Arrow conversion: 1M rows x (int64, double, varchar)
let convRows = 0;
const tConv = await time(async () => {
  const t = await resultToArrow(
    await s.connection.stream("SELECT call_id, score, callee FROM calls"),
  );
  convRows = t.numRows;
}, 3);
console.log(`P1 join+aggregate over ${N} rows -> ${rows} groups (threads=${s.profile.threads})`);
console.log(`  runRelPlan (compile+render+run+Arrow+contract): ${tPlan.toFixed(1)} ms`);
console.log(`  baseline SQL + resultToArrow:                   ${tBase.toFixed(1)} ms`);
console.log(`  baseline SQL, materialized in DuckDB only:      ${tSqlOnly.toFixed(1)} ms`);
console.log(`  ratio runRelPlan / baseline: ${(tPlan / tBase).toFixed(3)} (goal <= 1.15)`);
console.log(
  `  Arrow conversion: ${
    ((convRows * 3) / (tConv / 1000) / 1e6).toFixed(1)
  } M values/s (${convRows} rows x 3 columns in ${tConv.toFixed(1)} ms)`,
);
s.close();
