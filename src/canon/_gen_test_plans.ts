/**
 * fast-check generators of RelPlans for the canonicalizer's property tests.
 * Plans are structurally well formed but not necessarily valid (columns and
 * types are random): canonicalization is structural and must be idempotent on
 * any of them.
 *
 * @module
 */
import fc from "fast-check";
import type { Expr } from "../ir/expr.ts";
import type { OrderKey, RelOp, SubPlan } from "../ir/plan.ts";
import type { WorkPlan } from "./types.ts";

const COLS = ["a", "b", "c", "x", "y"] as const;

/** A column name. */
export const arbCol: fc.Arbitrary<string> = fc.constantFrom(...COLS);

/** A literal, typed or not, including edge values (int64 max, -0, null). */
export const arbLit: fc.Arbitrary<Expr> = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((n): Expr => ({ lit: n })),
  fc.integer({ min: -3, max: 3 }).map((n): Expr => ({ lit: n, type: "int32" })),
  fc.constantFrom(0.5, -2.25, 1e300).map((n): Expr => ({ lit: n })),
  fc.constantFrom(-0, 0, 3).map((n): Expr => ({ lit: n, type: "float64" })),
  fc.constantFrom("", "a", "B", "ß", " x ").map((s): Expr => ({ lit: s })),
  fc.boolean().map((v): Expr => ({ lit: v })),
  fc.constantFrom("int64", "utf8", "bool", "float64").map((t): Expr => ({ lit: null, type: t })),
  fc.constantFrom("9223372036854775807", "-9223372036854775808", "12").map((s): Expr => ({
    lit: s,
    type: "int64",
  })),
);

const FNS: readonly (readonly [string, number, number])[] = [
  ["eq", 2, 2],
  ["ne", 2, 2],
  ["lt", 2, 2],
  ["le", 2, 2],
  ["gt", 2, 2],
  ["ge", 2, 2],
  ["eq_null_safe", 2, 2],
  ["and", 1, 3],
  ["or", 1, 3],
  ["not", 1, 1],
  ["is_null", 1, 1],
  ["coalesce", 1, 3],
  ["add", 2, 2],
  ["sub", 2, 2],
  ["mul", 2, 2],
  ["div", 2, 2],
  ["idiv", 2, 2],
  ["mod", 2, 2],
  ["neg", 1, 1],
  ["abs", 1, 1],
  ["upper", 1, 1],
  ["length", 1, 1],
  ["concat", 1, 3],
  ["substr", 2, 3],
  ["like", 2, 2],
  ["in", 2, 4],
  ["if_else", 3, 3],
];

/** An expression of at most `depth` levels. */
export function arbExpr(depth: number): fc.Arbitrary<Expr> {
  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    arbCol.map((c): Expr => ({ col: c })),
    arbLit,
    fc.constant<Expr>({ param: "p" }),
  );
  if (depth <= 0) return leaf;
  const sub = arbExpr(depth - 1);
  const call = fc.constantFrom(...FNS).chain(([name, lo, hi]) =>
    fc.array(sub, { minLength: lo, maxLength: hi }).map((args): Expr => ({ fn: name, args }))
  );
  const cast = fc.record({
    cast: sub,
    to: fc.constantFrom("int64", "int8", "utf8", "float64"),
    safe: fc.boolean(),
  }, { requiredKeys: ["cast", "to"] }).map((c): Expr => c);
  const kase = fc.record({
    case: fc.array(fc.record({ when: sub, then: sub }), { minLength: 1, maxLength: 2 }),
    else: sub,
  }, { requiredKeys: ["case"] }).map((c): Expr => c);
  return fc.oneof({ weight: 2, arbitrary: leaf }, { weight: 4, arbitrary: call }, cast, kase);
}

const arbPred = arbExpr(3);
const arbOrderKey: fc.Arbitrary<OrderKey> = fc.record({
  expr: arbExpr(1),
  dir: fc.constantFrom("asc" as const, "desc" as const),
  nulls: fc.constantFrom("first" as const, "last" as const),
}, { requiredKeys: ["expr"] });

const arbScan: fc.Arbitrary<RelOp> = fc.record({
  dataset: fc.constantFrom("t", "u", "v"),
  columns: fc.uniqueArray(arbCol, { minLength: 1, maxLength: 4 }),
  predicate: arbPred,
  x: fc.boolean(),
}, { requiredKeys: ["dataset", "x"] }).map(({ x, ...s }): RelOp =>
  (x ? { op: "scan", ...s, "x-note": "n" } : { op: "scan", ...s }) as RelOp
);

function arbOp(depth: number): fc.Arbitrary<RelOp> {
  const named = fc.array(fc.record({ name: arbCol, expr: arbExpr(2) }), {
    minLength: 1,
    maxLength: 3,
  });
  const simple: fc.Arbitrary<RelOp>[] = [
    arbPred.map((predicate): RelOp => ({ op: "filter", predicate })),
    arbPred.map((predicate): RelOp => ({ op: "filter", predicate })),
    named.map((columns): RelOp => ({ op: "project", columns })),
    named.map((columns): RelOp => ({ op: "derive", columns })),
    fc.record({
      group_by: fc.uniqueArray(arbCol, { maxLength: 2 }),
      measures: fc.array(
        fc.record({
          name: arbCol,
          fn: fc.constantFrom("count" as const, "sum" as const, "first" as const, "list" as const),
          arg: arbExpr(1),
          distinct: fc.boolean(),
          filter: arbExpr(1),
          order_by: fc.array(arbOrderKey, { maxLength: 2 }),
        }, { requiredKeys: ["name", "fn"] }),
        { maxLength: 2 },
      ),
    }).map((a): RelOp => ({ op: "aggregate", ...a })),
    fc.array(arbOrderKey, { minLength: 1, maxLength: 2 }).map((keys): RelOp => ({
      op: "order_by",
      keys,
    })),
    fc.record({ count: fc.nat(20), offset: fc.nat(3) }, { requiredKeys: ["count"] }).map((
      l,
    ): RelOp => ({ op: "limit", ...l })),
    fc.record({ columns: fc.array(arbCol, { maxLength: 3 }) }, { requiredKeys: [] }).map((
      d,
    ): RelOp => ({ op: "distinct", ...d })),
    fc.constantFrom("int64", "list< utf8 >").map((type): RelOp => ({
      op: "param",
      name: "p",
      type,
    })),
    fc.record({ column: arbCol, as: arbCol }).map((o): RelOp => ({
      op: "kernel",
      name: "explode_list",
      options: o,
    })),
    fc.record({
      keys: fc.array(arbCol, { minLength: 1, maxLength: 3 }),
      order_by: fc.array(arbOrderKey, { maxLength: 2 }),
    })
      .map((o): RelOp => ({ op: "kernel", name: "dedupe", options: o })),
  ];
  if (depth <= 0) return fc.oneof(...simple);
  const sub = arbSubPlan(depth - 1);
  const nested: fc.Arbitrary<RelOp>[] = [
    fc.record({
      kind: fc.constantFrom(
        "inner" as const,
        "left" as const,
        "right" as const,
        "full" as const,
        "semi" as const,
        "anti" as const,
      ),
      right: sub,
      on: fc.array(fc.tuple(arbCol, arbCol), { maxLength: 3 }),
      predicate: arbPred,
      suffix: fc.constantFrom("_right", "_r"),
    }, { requiredKeys: ["kind", "right", "on"] }).map((j): RelOp => ({ op: "join", ...j })),
    fc.record({ inputs: fc.array(sub, { minLength: 1, maxLength: 3 }), distinct: fc.boolean() }, {
      requiredKeys: ["inputs"],
    }).map((u): RelOp => ({ op: "union", ...u })),
  ];
  return fc.oneof(...simple, ...nested);
}

function arbSubPlan(depth: number): fc.Arbitrary<SubPlan> {
  return fc.tuple(arbScan, fc.array(arbOp(depth), { maxLength: 3 })).map(([s, ops]) => ({
    ops: [s, ...ops],
  }));
}

/** A whole plan: a scan, up to 6 ops (sub-plans two levels deep), optional ordering and params. */
export const arbPlan: fc.Arbitrary<WorkPlan> = fc.record({
  scan: arbScan,
  ops: fc.array(arbOp(2), { maxLength: 6 }),
  ordering: fc.constantFrom(
    undefined,
    { level: "unordered" as const },
    { level: "explicit" as const, keys: [["a", "asc"] as const] },
  ),
  params: fc.constantFrom(undefined, { p: { type: "int64" } }),
}).map(({ scan, ops, ordering, params }): WorkPlan => ({
  relplan: 1,
  name: "gen",
  ops: [scan, ...ops],
  ...(ordering === undefined ? {} : { ordering }),
  ...(params === undefined ? {} : { params }),
}));

/** Deep copy of a JSON value with every object's keys in a pseudo-random order from `seed`. */
export function shuffleKeys(value: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  function next(): number {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  }
  function go(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(go);
    if (typeof v !== "object" || v === null) return v;
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries.map(([k, x]) => [k, go(x)]));
  }
  return go(value);
}
