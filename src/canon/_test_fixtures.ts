/**
 * Plan fixtures shared by the canonicalizer's tests: small plans that touch
 * every op, kernel and expression form, each pass's trigger included.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Expr } from "../ir/expr.ts";
import type { RelOp } from "../ir/plan.ts";
import { newPassContext } from "./canonicalize.ts";
import type { CanonPass, WorkPlan } from "./types.ts";

/** `{col: name}`. */
export function col(name: string): Expr {
  return { col: name };
}

/** `{lit: v}` or `{lit: v, type}`. */
export function lit(v: string | number | boolean | null, type?: string): Expr {
  return type === undefined ? { lit: v } : { lit: v, type };
}

/** `{fn: name, args}`. */
export function fn(name: string, ...args: Expr[]): Expr {
  return { fn: name, args };
}

/** A plan named "p" with these ops. */
export function plan(ops: RelOp[], extra: Record<string, unknown> = {}): WorkPlan {
  return { relplan: 1, name: "p", ops, ...extra };
}

/** A scan op. */
export function scan(dataset: string, columns?: string[], predicate?: Expr): RelOp {
  return {
    op: "scan",
    dataset,
    ...(columns === undefined ? {} : { columns }),
    ...(predicate === undefined ? {} : { predicate }),
  };
}

/** A filter op. */
export function filter(predicate: Expr): RelOp {
  return { op: "filter", predicate };
}

/** Named fixtures covering every op, kernel and expression form. */
export const FIXTURES: readonly (readonly [string, WorkPlan])[] = [
  ["scan only", plan([scan("t")])],
  [
    "scan columns unsorted, then project",
    plan([scan("t", ["b", "a"]), {
      op: "project",
      columns: [{ name: "a", expr: col("a") }],
    }]),
  ],
  [
    "filters",
    plan([
      scan("t", ["a", "b"]),
      filter(fn("gt", col("a"), lit(1))),
      filter(fn("and", fn("and", col("b"), col("b")), fn("not", fn("not", col("b"))))),
      filter(fn("ge", col("a"), fn("add", lit(1), lit(2)))),
    ]),
  ],
  [
    "extensions and inline params",
    plan([
      { op: "param", name: "k", type: "list< utf8 >" },
      { ...scan("t"), "x-note": "hi" } as unknown as RelOp,
      filter({ fn: "in", args: [col("s"), { param: "k" }], "x-why": 1 } as Expr),
    ], { "x-migrate-warnings": ["w"], params: { m: { type: "float64" } } }),
  ],
  [
    "join with defaults",
    plan([
      scan("l", ["id", "v"]),
      {
        op: "join",
        kind: "left",
        on: [["id", "id"], ["v", "w"]],
        right: { ops: [scan("r", ["w", "id"]), filter(fn("eq", lit(1), col("w")))] },
        predicate: fn("lt", col("v"), col("w")),
      },
    ]),
  ],
  [
    "aggregate",
    plan([
      scan("t", ["g", "x", "y"]),
      {
        op: "aggregate",
        group_by: ["g"],
        measures: [
          { name: "n", fn: "count_all" },
          {
            name: "s",
            fn: "sum",
            arg: fn("mul", col("y"), col("x")),
            filter: fn("gt", col("x"), lit(0)),
          },
          { name: "f", fn: "first", arg: col("x"), order_by: [{ expr: col("y"), dir: "desc" }] },
          { name: "e", fn: "min", arg: col("x"), order_by: [] },
        ],
      },
    ]),
  ],
  [
    "union unordered",
    plan([
      scan("a", ["x"]),
      { op: "union", inputs: [{ ops: [scan("c", ["x"])] }, { ops: [scan("b", ["x"])] }] },
    ]),
  ],
  [
    "union explicit",
    plan([
      scan("a", ["x"]),
      {
        op: "union",
        inputs: [{ ops: [scan("c", ["x"])] }, { ops: [scan("b", ["x"])] }],
        distinct: true,
      },
      { op: "order_by", keys: [{ expr: col("x") }] },
    ], { ordering: { level: "explicit", keys: [["x", "asc"]] } }),
  ],
  [
    "order, limit, distinct",
    plan([
      scan("t", ["b", "a"]),
      { op: "distinct", columns: ["b", "a", "b"] },
      { op: "order_by", keys: [{ expr: col("a"), nulls: "first" }] },
      { op: "limit", count: 10 },
    ]),
  ],
  [
    "kernels",
    plan([
      scan("t", ["id", "tags", "ts"]),
      { op: "kernel", name: "explode_list", options: { column: "tags", as: "tag" } },
      {
        op: "kernel",
        name: "dedupe",
        options: { keys: ["tag", "id"], order_by: [{ expr: col("ts") }] },
      },
      {
        op: "kernel",
        name: "interval_align",
        options: {
          right: { ops: [scan("iv", ["id", "s", "e"])] },
          on: [["id", "id"]],
          left_start: "ts",
          left_end: "ts",
          right_start: "s",
          right_end: "e",
          mode: "contains",
          select: "best",
        },
      },
    ]),
  ],
  [
    "expressions",
    plan([
      scan("t", ["a", "s"]),
      {
        op: "derive",
        columns: [
          { name: "c", expr: { cast: fn("add", lit(1, "int32"), lit(2, "int32")), to: "int64" } },
          { name: "d", expr: fn("div", lit(1), lit(0)) },
          { name: "e", expr: fn("add", lit("9223372036854775807", "int64"), lit(1)) },
          { name: "f", expr: { case: [{ when: fn("eq", col("a"), lit(1)), then: lit("one") }] } },
          { name: "g", expr: { case: [{ when: lit(false), then: lit("x") }], else: lit("y") } },
          { name: "h", expr: fn("concat", fn("upper", lit("ab")), col("s")) },
          { name: "i", expr: lit(-0, "float64") },
          { name: "j", expr: lit("42", "int64") },
          { name: "k", expr: fn("mul", col("a"), fn("neg", lit(2.5))) },
        ],
      },
    ]),
  ],
  [
    "schema contract",
    plan([scan("t", ["a"])], {
      schema: [{ name: "a", type: "list< int64 >", nullable: true, metadata: { "x-keep": "v" } }],
      ordering: { level: "implicit" },
    }),
  ],
];

/**
 * Run `pass` twice on every fixture and assert the second run returns the
 * very object the first returned (idempotence, as the runner detects it).
 * Returns how many fixtures the first run changed.
 */
export function assertIdempotentOnFixtures(pass: CanonPass): number {
  let changed = 0;
  for (const [name, p] of FIXTURES) {
    const cx = newPassContext();
    const before = JSON.stringify(p);
    const once = pass.run(p, cx);
    const twice = pass.run(once, cx);
    assert.equal(twice, once, `${pass.name} is not idempotent on fixture "${name}"`);
    assert.equal(JSON.stringify(p), before, `${pass.name} mutated fixture "${name}"`);
    if (once !== p) changed++;
  }
  return changed;
}

/** Run one pass on a plan with a fresh context. */
export function runPass(pass: CanonPass, p: WorkPlan): WorkPlan {
  return pass.run(p, newPassContext());
}
