/**
 * Canonicalize + sign a typical 10-op plan (goal: >= 5,000 plans/s, i.e.
 * <= 200 µs per iteration). Run: `deno bench -A bench/canon_bench.ts`.
 *
 * @module
 */
import { canonicalize, signCanonical } from "../src/canon/mod.ts";
import type { RelPlan } from "../src/ir/plan.ts";

/** A typical rule: scan, filters, join, derive, aggregate, union, order, limit. */
export const TYPICAL_PLAN: RelPlan = {
  relplan: 1,
  name: "cpg.edges.calls",
  params: { min_score: { type: "float64" } },
  ops: [
    { op: "scan", dataset: "calls", columns: ["score", "callee", "caller_id", "call_id", "kind"] },
    { op: "filter", predicate: { fn: "ge", args: [{ col: "score" }, { param: "min_score" }] } },
    {
      op: "filter",
      predicate: {
        fn: "and",
        args: [
          {
            fn: "not",
            args: [{ fn: "not", args: [{ fn: "is_not_null", args: [{ col: "callee" }] }] }],
          },
          { fn: "ne", args: [{ lit: "builtin" }, { col: "kind" }] },
        ],
      },
    },
    {
      op: "join",
      kind: "left",
      on: [["callee", "name"]],
      right: {
        ops: [
          { op: "scan", dataset: "functions", columns: ["name", "function_id", "module"] },
          {
            op: "filter",
            predicate: { fn: "gt", args: [{ fn: "length", args: [{ col: "name" }] }, { lit: 0 }] },
          },
        ],
      },
    },
    {
      op: "derive",
      columns: [
        {
          name: "weight",
          expr: {
            fn: "mul",
            args: [{ col: "score" }, { fn: "add", args: [{ lit: 1 }, { lit: 2 }] }],
          },
        },
        {
          name: "tag",
          expr: { fn: "concat", args: [{ col: "module" }, { lit: "::" }, { col: "callee" }] },
        },
      ],
    },
    {
      op: "aggregate",
      group_by: ["caller_id", "tag"],
      measures: [
        { name: "n_calls", fn: "count_all" },
        { name: "resolved", fn: "count", arg: { col: "function_id" } },
        { name: "best", fn: "max", arg: { col: "weight" } },
      ],
    },
    {
      op: "union",
      inputs: [
        {
          ops: [{
            op: "scan",
            dataset: "extra_b",
            columns: ["tag", "resolved", "n_calls", "caller_id", "best"],
          }],
        },
        {
          ops: [{
            op: "scan",
            dataset: "extra_a",
            columns: ["best", "caller_id", "n_calls", "resolved", "tag"],
          }],
        },
      ],
    },
    { op: "filter", predicate: { fn: "gt", args: [{ col: "n_calls" }, { lit: 1 }] } },
    {
      op: "order_by",
      keys: [{ expr: { col: "n_calls" }, dir: "desc" }, { expr: { col: "caller_id" } }],
    },
    { op: "limit", count: 1000 },
  ],
  ordering: { level: "explicit", keys: [["n_calls", "desc"], ["caller_id", "asc"]] },
};

Deno.bench("canonicalize + sign a typical 10-op plan", () => {
  signCanonical(canonicalize(TYPICAL_PLAN).plan);
});
