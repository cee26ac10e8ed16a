/**
 * Engine workloads of P2 (legacy engine vs DuckDB threads=1) and the two
 * tables of P3/P9 (output diff vs DuckDB EXCEPT ALL).
 *
 * GENERATOR / BASELINE SQL: the table definitions and the EXCEPT ALL
 * baseline below are hand-written SQL (bench code only). The P2 baseline
 * itself is not hand-written: it is the lifted legacy plan compiled by
 * relgate's own compiler, so both engines run the same plan.
 *
 * @module
 */
import type { LegacyPlan } from "../src/legacy/plan.ts";

/** A P2 workload: input tables (generator SQL) and one legacy plan over them. */
export interface EngineWorkload {
  readonly id: "P2a" | "P2b" | "P2c";
  readonly label: string;
  /** Input rows the throughput is counted over. */
  readonly inputRows: number;
  /** Table name -> generator SELECT. */
  readonly tables: Readonly<Record<string, string>>;
  readonly plan: LegacyPlan;
}

// ---- GENERATOR SQL (bench only) ---------------------------------------------

function pick(i: string, seed: number, salt: number, m: number): string {
  return `((hash(${i}, ${seed}::BIGINT, ${salt}::BIGINT) >> 20) % ${m}::UBIGINT)::BIGINT`;
}

function unit(i: string, seed: number, salt: number): string {
  return `((hash(${i}, ${seed}::BIGINT, ${salt}::BIGINT) >> 11)::DOUBLE / 9007199254740992.0)`;
}

/** The three P2 workloads at sizes (join rows, aggregate rows, groups, filter rows). */
export function engineWorkloads(
  sizes: { join: number; agg: number; groups: number; filter: number },
  seed = 42,
): EngineWorkload[] {
  const { join, agg, groups, filter } = sizes;
  return [
    {
      id: "P2a",
      label: `hash join ${fmtN(join)} x ${fmtN(join)} rows on an int64 key`,
      inputRows: 2 * join,
      tables: {
        join_left: `SELECT ${pick("i", seed, 1, join)} AS k, i::BIGINT AS a
          FROM range(${join}) t(i)`,
        join_right: `SELECT i::BIGINT AS k, ${unit("i", seed, 2)} AS b
          FROM range(${join}) t(i) ORDER BY hash(i, ${seed}::BIGINT, 3::BIGINT)`,
      },
      plan: {
        name: "p2.join",
        pipeline_ops: [
          { kind: "scan", dataset: "join_left" },
          {
            kind: "hashjoin",
            join_type: "inner",
            left_keys: ["k"],
            right_keys: ["k"],
            right: { pipeline_ops: [{ kind: "scan", dataset: "join_right" }] },
          },
        ],
        ordering: { level: "unordered" },
      } as unknown as LegacyPlan,
    },
    {
      id: "P2b",
      label: `group-by ${fmtN(groups)} groups, 4 aggregates over ${fmtN(agg)} rows`,
      inputRows: agg,
      tables: {
        agg_input: `SELECT ${pick("i", seed, 11, groups)} AS g,
            ${unit("i", seed, 12)} AS x,
            ${pick("i", seed, 13, 1000000)} AS y,
            CASE WHEN ${unit("i", seed, 14)} < 0.05 THEN NULL ELSE ${unit("i", seed, 15)} END AS z
          FROM range(${agg}) t(i)`,
      },
      plan: {
        name: "p2.aggregate",
        pipeline_ops: [
          { kind: "scan", dataset: "agg_input" },
          {
            kind: "aggregate",
            keys: ["g"],
            aggregates: [
              ["x", "hash_sum", null, "sum_x"],
              ["y", "hash_min", null, "min_y"],
              ["y", "hash_max", null, "max_y"],
              ["z", "hash_mean", null, "mean_z"],
            ],
          },
        ],
        ordering: { level: "unordered" },
      } as unknown as LegacyPlan,
    },
    {
      id: "P2c",
      label: `filter + project over ${fmtN(filter)} rows`,
      inputRows: filter,
      tables: {
        fp_input: `SELECT i::BIGINT AS id, ${pick("i", seed, 21, 1000)}::INTEGER AS a,
            ${unit("i", seed, 22)} AS b,
            CASE WHEN ${unit("i", seed, 23)} < 0.05 THEN NULL ELSE ${
          pick("i", seed, 24, 1000000000)
        } END AS c
          FROM range(${filter}) t(i)`,
      },
      plan: {
        name: "p2.filter_project",
        pipeline_ops: [
          { kind: "scan", dataset: "fp_input" },
          {
            kind: "filter",
            expression: {
              call: "and_kleene",
              args: [
                { call: "greater", args: [{ field: "a" }, { scalar: 500 }] },
                { call: "is_valid", args: [{ field: "c" }] },
              ],
            },
          },
          {
            kind: "project",
            expressions: [
              { field: "id" },
              { call: "add_checked", args: [{ field: "c" }, { field: "a" }] },
              { call: "multiply_checked", args: [{ field: "b" }, { scalar: 2.0 }] },
              { call: "less", args: [{ field: "b" }, { scalar: 0.5 }] },
            ],
            names: ["id", "s", "b2", "low"],
          },
        ],
        ordering: { level: "unordered" },
      } as unknown as LegacyPlan,
    },
  ];
}

/**
 * The P3 tables: `diff_legacy` (n rows x 8 columns: int64, int32, float64,
 * nullable float64, two unicode strings (one nullable), bool, date) and
 * `diff_new`, the same rows in another order; `diff_same` is `diff_legacy`
 * again in the same order.
 */
export function diffTables(n: number, seed = 42): Record<string, string> {
  const base = `SELECT i::BIGINT AS id,
      ${pick("i", seed, 31, 1000)}::INTEGER AS qty,
      ${pick("i", seed, 32, 100000000)}::DOUBLE / 100.0 AS price,
      CASE WHEN ${unit("i", seed, 33)} < 0.1 THEN NULL ELSE ${unit("i", seed, 34)} END AS score,
      (['naïve', 'Straße', '日本語', 'plain'])[1 + ${pick("i", seed, 35, 4)}] || '-' ||
        ${pick("i", seed, 36, 1000000)}::VARCHAR AS name,
      CASE WHEN ${unit("i", seed, 37)} < 0.2 THEN NULL
        ELSE (['ωμέγα', 'emoji😀', 'zeta'])[1 + ${pick("i", seed, 38, 3)}] END AS tag,
      ${unit("i", seed, 39)} < 0.5 AS flag,
      DATE '2019-04-14' + ${pick("i", seed, 40, 3000)}::INTEGER AS day
    FROM range(${n}) t(i)`;
  return {
    diff_legacy: `${base} ORDER BY id`,
    diff_same: `${base} ORDER BY id`,
    diff_new: `SELECT * FROM (${base}) ORDER BY hash(id, ${seed}::BIGINT, 99::BIGINT)`,
  };
}

// ---- BASELINE SQL (bench only) ----------------------------------------------

/** DuckDB EXCEPT ALL both ways over two tables: rows only in one of them, each way. */
export function exceptAllBothWays(left: string, right: string): string {
  return `SELECT
    (SELECT count(*) FROM (SELECT * FROM ${left} EXCEPT ALL SELECT * FROM ${right})) AS only_left,
    (SELECT count(*) FROM (SELECT * FROM ${right} EXCEPT ALL SELECT * FROM ${left})) AS only_right`;
}

// ---- end of hand-written SQL ------------------------------------------------

/** 1000000 -> "1M", 100000 -> "100k". */
export function fmtN(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
