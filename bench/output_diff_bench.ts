// Benchmark of the output diff (src/diff/output_diff.ts) on two 1M x 8 tables
// (int64, int32, two float64 one with nulls, two utf8 with unicode one with
// nulls, bool, date32 with nulls).
//
//   npx -y deno@2.9.6 bench -A bench/output_diff_bench.ts
//   RELGATE_BENCH_ROWS=10000000 ... (more rows)   RELGATE_BENCH_NO_DUCKDB=1 ... (no baseline)
//
// Cases: identical tables (same order), the same rows shuffled, and 1% of
// rows changed in one column (unkeyed and keyed). The DuckDB cases are a
// BASELINE only: hand-written `EXCEPT ALL` both ways over data of the same
// shape generated inside DuckDB (the only SQL text outside
// src/duckdb/sql_render.ts; loading the Arrow tables is not what is timed).
//
// Measured on the 2-core build machine under load (2026-11), 1M rows:
// identical ~19 ms (~50M rows/s), shuffled ~190-290 ms, 1% changed ~100 ms
// unkeyed / ~75 ms keyed; DuckDB EXCEPT ALL both ways ~0.9-1.8 s.

import { Bool, DateDay, Float64, Int32, Int64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { diffOutputs } from "../src/diff/output_diff.ts";

const ROWS = Number(Deno.env.get("RELGATE_BENCH_ROWS") ?? 1_000_000);

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["alpha", "Straße", "日本語", "naïve", "emoji😀", "ωμέγα", "plain", "zeta"];

interface Columns {
  id: bigint[];
  qty: number[];
  price: number[];
  score: (number | null)[];
  name: string[];
  tag: (string | null)[];
  flag: boolean[];
  day: (number | null)[];
}

function makeColumns(n: number): Columns {
  const r = rng(42);
  const c: Columns = {
    id: [],
    qty: [],
    price: [],
    score: [],
    name: [],
    tag: [],
    flag: [],
    day: [],
  };
  for (let i = 0; i < n; i++) {
    c.id.push(BigInt(i));
    c.qty.push(Math.floor(r() * 1000));
    c.price.push(Math.round(r() * 1e6) / 100);
    c.score.push(r() < 0.1 ? null : r());
    c.name.push(`${WORDS[i % WORDS.length]}-${Math.floor(r() * 1e6)}`);
    c.tag.push(r() < 0.2 ? null : WORDS[Math.floor(r() * WORDS.length)]!);
    c.flag.push(r() < 0.5);
    c.day.push(r() < 0.05 ? null : 18000 + Math.floor(r() * 3000));
  }
  return c;
}

function permute<T>(xs: T[], order: number[]): T[] {
  return order.map((i) => xs[i]!);
}

function toTable(c: Columns): Table {
  return new Table({
    id: vectorFromArray(c.id, new Int64()),
    qty: vectorFromArray(c.qty, new Int32()),
    price: vectorFromArray(c.price, new Float64()),
    score: vectorFromArray(c.score, new Float64()),
    name: vectorFromArray(c.name, new Utf8()),
    tag: vectorFromArray(c.tag, new Utf8()),
    flag: vectorFromArray(c.flag, new Bool()),
    day: vectorFromArray(
      c.day.map((d) => (d === null ? null : new Date(d * 86400000))),
      new DateDay(),
    ),
  });
}

const base = makeColumns(ROWS);
const legacy = toTable(base);
const same = toTable(base);
const r = rng(7);
const order = Array.from({ length: ROWS }, (_, i) => i);
for (let i = ROWS - 1; i > 0; i--) {
  const j = Math.floor(r() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const shuffled = toTable({
  id: permute(base.id, order),
  qty: permute(base.qty, order),
  price: permute(base.price, order),
  score: permute(base.score, order),
  name: permute(base.name, order),
  tag: permute(base.tag, order),
  flag: permute(base.flag, order),
  day: permute(base.day, order),
});
const changedPrice = base.price.map((p, i) => (i % 100 === 0 ? p + 1 : p));
const changed = toTable({ ...base, price: changedPrice });

const unordered = { ordering: { level: "unordered" } } as const;

Deno.bench({
  name: `diffOutputs identical ${ROWS} x 8 (unordered)`,
  group: "identical",
  baseline: true,
  fn() {
    const d = diffOutputs(legacy, same, unordered);
    if (!d.equal) throw new Error("expected equal");
  },
});

Deno.bench({
  name: `diffOutputs shuffled ${ROWS} x 8 (unordered)`,
  group: "shuffled",
  fn() {
    const d = diffOutputs(legacy, shuffled, unordered);
    if (!d.equal) throw new Error("expected equal");
  },
});

Deno.bench({
  name: `diffOutputs 1% changed ${ROWS} x 8 (unordered)`,
  group: "changed",
  fn() {
    const d = diffOutputs(legacy, changed, unordered);
    if (d.rows.changed !== Math.ceil(ROWS / 100)) throw new Error(`changed ${d.rows.changed}`);
  },
});

Deno.bench({
  name: `diffOutputs 1% changed ${ROWS} x 8 (keyed by id)`,
  group: "changed",
  fn() {
    const d = diffOutputs(legacy, changed, { ...unordered, key: ["id"] });
    if (d.rows.changed !== Math.ceil(ROWS / 100)) throw new Error(`changed ${d.rows.changed}`);
  },
});

// ---- BASELINE: DuckDB EXCEPT ALL both ways (hand-written SQL, bench only) ----
const SKIP_DUCKDB = Deno.env.get("RELGATE_BENCH_NO_DUCKDB") === "1";
if (!SKIP_DUCKDB) {
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  // Same shape of data, generated inside DuckDB (loading Arrow is not what is timed).
  const gen = (seed: number, shuffle: boolean) =>
    `SELECT i::BIGINT AS id, (hash(i, ${seed}) % 1000)::INTEGER AS qty,
       (hash(i, 2) % 100000000) / 100.0 AS price,
       CASE WHEN hash(i, 3) % 10 = 0 THEN NULL ELSE (hash(i, 4) % 1000000) / 1e6 END AS score,
       'naïve-' || (hash(i, 5) % 1000000)::VARCHAR AS name,
       CASE WHEN hash(i, 6) % 5 = 0 THEN NULL ELSE 'Straße' || (hash(i, 7) % 8)::VARCHAR END AS tag,
       hash(i, 8) % 2 = 0 AS flag,
       DATE '2019-04-14' + (hash(i, 9) % 3000)::INTEGER AS day
     FROM range(${ROWS}) t(i) ${shuffle ? "ORDER BY hash(i, 99)" : ""}`;
  await con.run(`CREATE TABLE l AS ${gen(1, false)}`);
  await con.run(`CREATE TABLE n AS ${gen(1, true)}`);
  const exceptBoth =
    `SELECT (SELECT count(*) FROM (SELECT * FROM l EXCEPT ALL SELECT * FROM n)) AS a,
    (SELECT count(*) FROM (SELECT * FROM n EXCEPT ALL SELECT * FROM l)) AS b`;
  Deno.bench({
    name: `BASELINE duckdb EXCEPT ALL both ways ${ROWS} x 8 (default threads)`,
    group: "identical",
    async fn() {
      await con.run(exceptBoth);
    },
  });
  Deno.bench({
    name: `BASELINE duckdb EXCEPT ALL both ways ${ROWS} x 8 (default threads)`,
    group: "shuffled",
    baseline: true,
    async fn() {
      await con.run(exceptBoth);
    },
  });
}
