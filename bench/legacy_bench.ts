/**
 * Legacy lane benchmark: the Arrow engine vs DuckDB (threads=1) on
 * (a) a 1M x 1M hash join on an int64 key, (b) a group-by with 100k groups
 * and 4 aggregates over 1M rows, (c) filter + project over 10M rows.
 * Prints rows/s for each side and the ratio legacy/duckdb (target <= 2).
 *
 * Run: `deno run -A bench/legacy_bench.ts`
 *
 * The DuckDB side uses hand-written SQL: it is the BASELINE of this
 * benchmark only (the one allowed exception to "SQL only in sql_render.ts").
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { runLegacyPlan } from "../src/legacy/exec/mod.ts";
import type { LegacyPlan } from "../src/legacy/plan.ts";

const JOIN_N = 1_000_000;
const AGG_N = 1_000_000;
const GROUPS = 100_000;
const SCAN_N = 10_000_000;
const BATCH = 1 << 17;

function batches(
  n: number,
  make: (start: number, len: number) => Record<string, BigInt64Array | Float64Array>,
): arrow.Table {
  const parts: arrow.Table[] = [];
  for (let s = 0; s < n; s += BATCH) {
    parts.push(arrow.tableFromArrays(make(s, Math.min(BATCH, n - s))));
  }
  return new arrow.Table(parts.flatMap((p) => p.batches));
}

function joinTables(): { left: arrow.Table; right: arrow.Table } {
  const left = batches(JOIN_N, (s, len) => {
    const k = new BigInt64Array(len);
    const v = new BigInt64Array(len);
    for (let i = 0; i < len; i++) {
      k[i] = BigInt(s + i);
      v[i] = BigInt((s + i) % 977);
    }
    return { k, v };
  });
  const right = batches(JOIN_N, (s, len) => {
    const k = new BigInt64Array(len);
    const w = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      k[i] = BigInt(((s + i) * 7919) % JOIN_N);
      w[i] = (s + i) * 0.5;
    }
    return { k, w };
  });
  return { left, right };
}

function aggTable(): arrow.Table {
  return batches(AGG_N, (s, len) => {
    const g = new BigInt64Array(len);
    const x = new Float64Array(len);
    const y = new BigInt64Array(len);
    for (let i = 0; i < len; i++) {
      const r = s + i;
      g[i] = BigInt((r * 7919) % GROUPS);
      x[i] = (r % 1000) * 0.5;
      y[i] = BigInt(r % 1013);
    }
    return { g, x, y };
  });
}

function scanTable(): arrow.Table {
  return batches(SCAN_N, (s, len) => {
    const a = new BigInt64Array(len);
    const b = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      a[i] = BigInt((s + i) % 1000);
      b[i] = (s + i) * 0.25;
    }
    return { a, b };
  });
}

const JOIN_PLAN: LegacyPlan = {
  name: "bench.join",
  pipeline_ops: [
    { kind: "scan", dataset: "left" },
    {
      kind: "hashjoin",
      join_type: "inner",
      left_keys: ["k"],
      right_keys: ["k"],
      right: { pipeline_ops: [{ kind: "scan", dataset: "right" }] },
    },
  ],
};
const AGG_PLAN: LegacyPlan = {
  name: "bench.agg",
  pipeline_ops: [
    { kind: "scan", dataset: "t" },
    {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [
        ["x", "hash_sum", null, "sx"],
        ["y", "hash_min", null, "my"],
        ["x", "hash_mean", null, "ax"],
        [[], "hash_count_all", null, "n"],
      ],
    },
  ],
};
const SCAN_PLAN: LegacyPlan = {
  name: "bench.scan",
  pipeline_ops: [
    {
      kind: "scan",
      dataset: "t",
      filter: { call: "less", args: [{ field: "a" }, { scalar: 500 }] },
    },
    {
      kind: "project",
      expressions: [
        { call: "add_checked", args: [{ field: "a" }, { scalar: 1 }] },
        { call: "multiply", args: [{ field: "b" }, { scalar: 2.0 }] },
      ],
      names: ["a1", "b2"],
    },
  ],
};

async function timeIt(f: () => Promise<unknown>, reps = 3): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function main(): Promise<void> {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  // BASELINE SQL (benchmark only)
  await con.run("SET threads = 1");
  await con.run(
    `CREATE TABLE l AS SELECT i::BIGINT AS k, (i % 977)::BIGINT AS v FROM range(${JOIN_N}) t(i)`,
  );
  await con.run(
    `CREATE TABLE r AS SELECT ((i * 7919) % ${JOIN_N})::BIGINT AS k, i * 0.5 AS w FROM range(${JOIN_N}) t(i)`,
  );
  await con.run(
    `CREATE TABLE a AS SELECT ((i * 7919) % ${GROUPS})::BIGINT AS g, (i % 1000) * 0.5 AS x, (i % 1013)::BIGINT AS y FROM range(${AGG_N}) t(i)`,
  );
  await con.run(
    `CREATE TABLE s AS SELECT (i % 1000)::BIGINT AS a, i * 0.25 AS b FROM range(${SCAN_N}) t(i)`,
  );
  const duck = {
    join: await timeIt(() =>
      con.run("CREATE OR REPLACE TEMP TABLE o1 AS SELECT * FROM l JOIN r ON l.k = r.k")
    ),
    agg: await timeIt(() =>
      con.run(
        "CREATE OR REPLACE TEMP TABLE o2 AS SELECT g, sum(x), min(y), avg(x), count(*) FROM a GROUP BY g",
      )
    ),
    scan: await timeIt(() =>
      con.run(
        "CREATE OR REPLACE TEMP TABLE o3 AS SELECT a + 1 AS a1, b * 2.0 AS b2 FROM s WHERE a < 500",
      )
    ),
  };
  const { left, right } = joinTables();
  const agg = aggTable();
  const scan = scanTable();
  const run = (plan: LegacyPlan, tables: Record<string, arrow.Table>) => () =>
    runLegacyPlan(plan, { scan: (d) => Promise.resolve(tables[d]!) });
  const check = async (plan: LegacyPlan, tables: Record<string, arrow.Table>, rows: number) => {
    const t = await run(plan, tables)();
    if (t.numRows !== rows) throw new Error(`${plan.name}: ${t.numRows} rows, expected ${rows}`);
  };
  await check(JOIN_PLAN, { left, right }, JOIN_N);
  await check(AGG_PLAN, { t: agg }, GROUPS);
  await check(SCAN_PLAN, { t: scan }, SCAN_N / 2);
  const legacy = {
    join: await timeIt(run(JOIN_PLAN, { left, right })),
    agg: await timeIt(run(AGG_PLAN, { t: agg })),
    scan: await timeIt(run(SCAN_PLAN, { t: scan })),
  };
  const rowsIn = { join: 2 * JOIN_N, agg: AGG_N, scan: SCAN_N };
  console.log(
    "benchmark                      legacy ms  duckdb ms  legacy rows/s  duckdb rows/s  ratio",
  );
  for (const k of ["join", "agg", "scan"] as const) {
    const l = legacy[k];
    const d = duck[k];
    console.log(
      `${
        {
          join: "(a) hash join 1M x 1M int64",
          agg: "(b) group-by 100k groups x4",
          scan: "(c) filter+project 10M",
        }[k]
          .padEnd(30)
      } ${l.toFixed(1).padStart(9)}  ${d.toFixed(1).padStart(9)}  ${
        (rowsIn[k] / l * 1000).toExponential(2).padStart(13)
      }  ${(rowsIn[k] / d * 1000).toExponential(2).padStart(13)}  ${
        (l / d).toFixed(2).padStart(5)
      }`,
    );
  }
}

if (import.meta.main) await main();
