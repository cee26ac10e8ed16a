import assert from "node:assert/strict";
import fc from "fast-check";
import type { Expr } from "../ir/expr.ts";
import type { RelOp } from "../ir/plan.ts";
import { evalCast, evalFn, litToScalar, type Scalar, scalarToLit } from "./_fold_eval.ts";
import { canonicalize } from "./canonicalize.ts";
import { planSignature } from "./signature.ts";
import { col, filter, FIXTURES, fn, lit, plan, scan } from "./_test_fixtures.ts";
import { arbPlan, shuffleKeys } from "./_gen_test_plans.ts";
import type { CanonInput, WorkPlan } from "./types.ts";

function sig(p: WorkPlan): string {
  return planSignature(p as CanonInput);
}

function canon(p: WorkPlan) {
  return canonicalize(p as CanonInput);
}

const t = scan("t", ["a", "b", "c"]);
const proj = (...names: string[]): RelOp => ({
  op: "project",
  columns: names.map((n) => ({ name: n, expr: col(n) })),
});
const where = (e: Parameters<typeof filter>[0]) => plan([t, filter(e)]);
const a = col("a");
const b = col("b");
const c = col("c");
const sub = (ds: string) => ({ ops: [scan(ds, ["x"])] });
const join = (extra: Record<string, unknown> = {}): RelOp =>
  ({ op: "join", kind: "inner", on: [["a", "x"]], right: sub("r"), ...extra }) as RelOp;
const agg = (m: Record<string, unknown>): RelOp =>
  ({
    op: "aggregate",
    group_by: ["a"],
    measures: [{ name: "m", fn: "first", arg: b, ...m }],
  }) as RelOp;
const union = (inputs: string[], extra: Record<string, unknown> = {}): RelOp =>
  ({ op: "union", inputs: inputs.map(sub), ...extra }) as RelOp;
const order = (k: Record<string, unknown>): RelOp =>
  ({ op: "order_by", keys: [{ expr: a, ...k }] }) as RelOp;

/** Pairs that mean the same thing and must sign the same. */
const EQUIVALENT: readonly (readonly [string, WorkPlan, WorkPlan])[] = [
  ["key order", plan([{ op: "scan", dataset: "t" }]), {
    ops: [{ dataset: "t", op: "scan" }],
    name: "p",
    relplan: 1,
  }],
  ["plan name", plan([t]), { ...plan([t]), name: "other.name" }],
  ["x- keys", plan([t]), { ...plan([{ ...t, "x-a": 1 } as unknown as RelOp]), "x-b": [1] }],
  ["and(a,b) vs and(b,a)", where(fn("and", a, b)), where(fn("and", b, a))],
  ["or(a,b) vs or(b,a)", where(fn("or", a, b)), where(fn("or", b, a))],
  ["eq operand order", where(fn("eq", a, lit(1))), where(fn("eq", lit(1), a))],
  ["ne operand order", where(fn("ne", a, b)), where(fn("ne", b, a))],
  ["eq_null_safe operand order", where(fn("eq_null_safe", a, b)), where(fn("eq_null_safe", b, a))],
  ["add operand order", where(fn("eq", fn("add", a, b), c)), where(fn("eq", fn("add", b, a), c))],
  [
    "mul operand order",
    where(fn("eq", fn("mul", a, lit(2)), c)),
    where(fn("eq", fn("mul", lit(2), a), c)),
  ],
  ["gt(a,b) vs lt(b,a)", where(fn("gt", a, b)), where(fn("lt", b, a))],
  ["ge(a,b) vs le(b,a)", where(fn("ge", a, b)), where(fn("le", b, a))],
  [
    "filter+filter vs one filter",
    plan([t, filter(fn("eq", a, c)), proj("a"), filter(a), filter(b)]),
    plan([t, filter(fn("eq", a, c)), proj("a"), filter(fn("and", a, b))]),
  ],
  [
    "filter after scan vs scan predicate",
    plan([t, filter(a)]),
    plan([scan("t", ["a", "b", "c"], a)]),
  ],
  [
    "scan predicate and filter vs one predicate",
    plan([scan("t", ["a", "b", "c"], a), filter(b)]),
    plan([scan("t", ["a", "b", "c"], fn("and", b, a))]),
  ],
  ["not(not(x))", where(fn("not", fn("not", a))), where(a)],
  ["nested and vs flat", where(fn("and", a, fn("and", b, c))), where(fn("and", a, b, c))],
  ["nested or vs flat", where(fn("or", fn("or", a, b), c)), where(fn("or", c, b, a))],
  ["duplicate and operands", where(fn("and", a, b, a)), where(fn("and", a, b))],
  ["and of one operand", where(fn("and", a, a)), where(a)],
  [
    "literal folding 1+2 vs 3",
    where(fn("eq", a, fn("add", lit(1), lit(2)))),
    where(fn("eq", a, lit(3))),
  ],
  [
    "folded comparison",
    where(fn("and", a, fn("lt", lit(1), lit(2)))),
    where(fn("and", a, lit(true))),
  ],
  [
    "div by zero folds to null",
    where(fn("eq", c, fn("div", lit(1), lit(0)))),
    where(fn("eq", c, lit(null, "float64"))),
  ],
  ["untyped vs typed literal", where(fn("eq", a, lit(1))), where(fn("eq", a, lit(1, "int64")))],
  ["int64 literal as string", where(fn("eq", a, lit("7", "int64"))), where(fn("eq", a, lit(7)))],
  [
    "type string spelling",
    where(fn("eq", a, lit(null, "list< int64 >"))),
    where(fn("eq", a, lit(null, "list<int64>"))),
  ],
  [
    "scan columns order (projected)",
    plan([scan("t", ["c", "a", "b"]), proj("b", "a")]),
    plan([scan("t", ["a", "b", "c"]), proj("b", "a")]),
  ],
  ["union input order when unordered", plan([t, union(["u", "v"])]), plan([t, union(["v", "u"])])],
  ["default suffix written vs omitted", plan([t, join()]), plan([t, join({ suffix: "_right" })])],
  ["order nulls default", plan([t, order({})]), plan([t, order({ nulls: "last" })])],
  [
    "order dir default",
    plan([t, order({ nulls: "first" })]),
    plan([t, order({ dir: "asc", nulls: "first" })]),
  ],
  [
    "cast safe default",
    where({ cast: a, to: "bool" }),
    where({ cast: a, to: "bool", safe: false }),
  ],
  ["union distinct default", plan([t, union(["u"])]), plan([t, union(["u"], { distinct: false })])],
  [
    "limit offset default",
    plan([t, { op: "limit", count: 5 }]),
    plan([t, { op: "limit", count: 5, offset: 0 }]),
  ],
  [
    "measure distinct default",
    plan([t, agg({ order_by: [{ expr: c }] })]),
    plan([t, agg({ distinct: false, order_by: [{ expr: c, dir: "asc" }] })]),
  ],
  ["ordering default", plan([t]), plan([t], { ordering: { level: "unordered" } })],
  ["params default", plan([t]), plan([t], { params: {} })],
  [
    "inline param vs plan params",
    plan([{ op: "param", name: "k", type: "int64" }, t]),
    plan([t], { params: { k: { type: "int64" } } }),
  ],
  [
    "join on order",
    plan([t, join({ on: [["a", "x"], ["b", "x"]] })]),
    plan([t, join({ on: [["b", "x"], ["a", "x"]] })]),
  ],
  [
    "distinct columns order (projected)",
    plan([t, { op: "distinct", columns: ["b", "a"] }, proj("a")]),
    plan([t, { op: "distinct", columns: ["a", "b"] }, proj("a")]),
  ],
  [
    "kernel defaults",
    plan([t, { op: "kernel", name: "explode_list", options: { column: "a", as: "e" } }]),
    plan([t, {
      op: "kernel",
      name: "explode_list",
      options: { as: "e", column: "a", keep_empty: false },
    }]),
  ],
  [
    "folding in a sub-plan",
    plan([t, {
      op: "join",
      kind: "inner",
      on: [["a", "x"]],
      right: { ops: [scan("r", ["x"], fn("lt", col("x"), fn("mul", lit(2), lit(3))))] },
    }]),
    plan([t, join({ right: { ops: [scan("r", ["x"]), filter(fn("gt", lit(6), col("x")))] } })]),
  ],
  [
    "string folding",
    where(fn("eq", col("s"), fn("concat", lit("a"), fn("upper", lit("b"))))),
    where(fn("eq", lit("aB"), col("s"))),
  ],
];

/** Pairs that differ in meaning by one small edit and must sign differently. */
const DIFFERENT: readonly (readonly [string, WorkPlan, WorkPlan])[] = [
  ["gt vs ge", where(fn("gt", a, b)), where(fn("ge", a, b))],
  ["lt vs le", where(fn("lt", a, b)), where(fn("le", a, b))],
  ["gt(a,b) vs gt(b,a)", where(fn("gt", a, b)), where(fn("gt", b, a))],
  [
    "sub(a,b) vs sub(b,a)",
    where(fn("eq", fn("sub", a, b), c)),
    where(fn("eq", fn("sub", b, a), c)),
  ],
  [
    "div(a,b) vs div(b,a)",
    where(fn("eq", fn("div", a, b), c)),
    where(fn("eq", fn("div", b, a), c)),
  ],
  ["and vs or", where(fn("and", a, b)), where(fn("or", a, b))],
  ["eq vs eq_null_safe", where(fn("eq", a, b)), where(fn("eq_null_safe", a, b))],
  ["not(x) vs x", where(fn("not", a)), where(a)],
  ["inner vs left join", plan([t, join()]), plan([t, join({ kind: "left" })])],
  ["semi vs anti join", plan([t, join({ kind: "semi" })]), plan([t, join({ kind: "anti" })])],
  ["join suffix", plan([t, join()]), plan([t, join({ suffix: "_r" })])],
  ["join on columns", plan([t, join()]), plan([t, join({ on: [["b", "x"]] })])],
  ["asc vs desc", plan([t, order({})]), plan([t, order({ dir: "desc" })])],
  ["nulls first vs last", plan([t, order({})]), plan([t, order({ nulls: "first" })])],
  [
    "int32 vs int64 literal",
    where(fn("eq", a, lit(1, "int32"))),
    where(fn("eq", a, lit(1, "int64"))),
  ],
  ["int vs float literal", where(fn("eq", a, lit(1))), where(fn("eq", a, lit(1, "float64")))],
  [
    "add of int32 vs int64 literals",
    where(fn("eq", a, fn("add", lit(1, "int32"), lit(2, "int32")))),
    where(fn("eq", a, fn("add", lit(1, "int32"), lit(2, "int64")))),
  ],
  ["literal value", where(fn("eq", a, lit(1))), where(fn("eq", a, lit(2)))],
  ["string vs number literal", where(fn("eq", a, lit("1"))), where(fn("eq", a, lit(1)))],
  ["-0.0 vs 0.0", where(fn("eq", a, lit(-0, "float64"))), where(fn("eq", a, lit(0, "float64")))],
  [
    "union input order when ordering explicit",
    plan([t, union(["u", "v"])], { ordering: { level: "explicit", keys: [["a", "asc"]] } }),
    plan([t, union(["v", "u"])], { ordering: { level: "explicit", keys: [["a", "asc"]] } }),
  ],
  [
    "union input order before a limit",
    plan([t, union(["u", "v"]), { op: "limit", count: 1 }]),
    plan([t, union(["v", "u"]), { op: "limit", count: 1 }]),
  ],
  ["union distinct", plan([t, union(["u"])]), plan([t, union(["u"], { distinct: true })])],
  ["limit 10 vs 11", plan([t, { op: "limit", count: 10 }]), plan([t, { op: "limit", count: 11 }])],
  [
    "limit offset",
    plan([t, { op: "limit", count: 10 }]),
    plan([t, { op: "limit", count: 10, offset: 1 }]),
  ],
  ["scan columns order (visible)", plan([scan("t", ["b", "a"])]), plan([scan("t", ["a", "b"])])],
  [
    "scan columns order before dedupe",
    plan([scan("t", ["b", "a"]), {
      op: "kernel",
      name: "dedupe",
      options: { keys: ["a"], order_by: [{ expr: a }] },
    }, proj("a")]),
    plan([scan("t", ["a", "b"]), {
      op: "kernel",
      name: "dedupe",
      options: { keys: ["a"], order_by: [{ expr: a }] },
    }, proj("a")]),
  ],
  [
    "scan column set",
    plan([scan("t", ["a", "b"]), proj("a")]),
    plan([scan("t", ["a", "c"]), proj("a")]),
  ],
  ["dataset", plan([scan("t")]), plan([scan("u")])],
  [
    "distinct columns order (visible)",
    plan([t, { op: "distinct", columns: ["a", "b"] }]),
    plan([t, { op: "distinct", columns: ["b", "a"] }]),
  ],
  [
    "group_by order",
    plan([t, { op: "aggregate", group_by: ["a", "b"], measures: [] }]),
    plan([t, { op: "aggregate", group_by: ["b", "a"], measures: [] }]),
  ],
  ["project order", plan([t, proj("a", "b")]), plan([t, proj("b", "a")])],
  ["measure fn", plan([t, agg({})]), plan([t, agg({ fn: "last" })])],
  ["measure distinct", plan([t, agg({})]), plan([t, agg({ distinct: true })])],
  ["cast safe", where({ cast: a, to: "bool" }), where({ cast: a, to: "bool", safe: true })],
  ["cast target", where({ cast: a, to: "bool" }), where({ cast: a, to: "int8" })],
  [
    "overflowing add is not folded",
    where(fn("eq", a, fn("add", lit("9223372036854775807", "int64"), lit(1)))),
    where(fn("eq", a, lit("9223372036854775808", "int64"))),
  ],
  ["ordering level", plan([t]), plan([t], { ordering: { level: "implicit" } })],
  [
    "param type",
    plan([t], { params: { k: { type: "int64" } } }),
    plan([t], { params: { k: { type: "int32" } } }),
  ],
  [
    "kernel option",
    plan([t, { op: "kernel", name: "explode_list", options: { column: "a", as: "e" } }]),
    plan([t, {
      op: "kernel",
      name: "explode_list",
      options: { column: "a", as: "e", keep_empty: true },
    }]),
  ],
  ["schema contract", plan([t]), plan([t], { schema: [{ name: "a", type: "int64" }] })],
  [
    "upper of non-ASCII is not folded",
    where(fn("eq", col("s"), fn("upper", lit("ß")))),
    where(fn("eq", col("s"), lit("ß"))),
  ],
  [
    "filter before vs after limit",
    plan([t, filter(a), { op: "limit", count: 1 }]),
    plan([t, { op: "limit", count: 1 }, filter(a)]),
  ],
];

Deno.test("canonicalize: at least 30 equivalent pairs sign the same", () => {
  assert.ok(EQUIVALENT.length >= 30);
  for (const [name, p, q] of EQUIVALENT) {
    assert.deepEqual(canon(p).plan, canon(q).plan, name);
    assert.equal(sig(p), sig(q), name);
  }
});

Deno.test("canonicalize: at least 30 pairs differing by one edit sign differently", () => {
  assert.ok(DIFFERENT.length >= 30);
  for (const [name, p, q] of DIFFERENT) {
    assert.notEqual(sig(p), sig(q), name);
  }
});

Deno.test("canonicalize: add(9223372036854775807, 1) is not folded", () => {
  const r = canon(where(fn("eq", a, fn("add", lit("9223372036854775807", "int64"), lit(1)))));
  assert.deepEqual(r.plan.ops[0], {
    op: "scan",
    dataset: "t",
    columns: ["a", "b", "c"],
    predicate: {
      fn: "eq",
      // Operands sorted by canonical JSON: '{"args":...' before '{"col":...'.
      args: [{
        fn: "add",
        args: [{ lit: "9223372036854775807", type: "int64" }, { lit: 1, type: "int64" }],
      }, { col: "a" }],
    },
  });
});

Deno.test("canonicalize: div(1, 0) folds to a float64 null", () => {
  const r = canon(
    plan([t, { op: "project", columns: [{ name: "d", expr: fn("div", lit(1), lit(0)) }] }]),
  );
  assert.deepEqual(r.plan.ops[1], {
    op: "project",
    columns: [{ name: "d", expr: { lit: null, type: "float64" } }],
  });
});

Deno.test("canonicalize: full canonical form and fired passes of a small plan", () => {
  const r = canon({
    relplan: 1,
    name: "r",
    "x-k": 1,
    ops: [
      scan("t", ["b", "a"]),
      filter(fn("gt", col("a"), fn("add", lit(1), lit(2)))),
      { op: "aggregate", group_by: ["b"], measures: [{ name: "n", fn: "count_all" }] },
    ],
  });
  assert.deepEqual(r.plan, {
    relplan: 1,
    params: {},
    ordering: { level: "unordered" },
    ops: [
      {
        op: "scan",
        dataset: "t",
        columns: ["a", "b"],
        predicate: { fn: "lt", args: [{ lit: 3, type: "int64" }, { col: "a" }] },
      },
      {
        op: "aggregate",
        group_by: ["b"],
        measures: [{ name: "n", fn: "count_all", distinct: false }],
      },
    ],
  });
  assert.deepEqual(r.fired, [
    "drop_extensions",
    "write_defaults",
    "type_literals",
    "merge_filters",
    "fold_literals",
    "orient_comparisons",
    "sort_scan_columns",
  ]);
  assert.deepEqual(canonicalize(r.plan).fired, []);
});

Deno.test("canonicalize: fixtures are idempotent and leave their input untouched", () => {
  for (const [name, p] of FIXTURES) {
    const before = JSON.stringify(p);
    const once = canon(p);
    const twice = canonicalize(once.plan);
    assert.deepEqual(twice.plan, once.plan, name);
    assert.deepEqual(twice.fired, [], name);
    assert.equal(JSON.stringify(p), before, name);
  }
});

Deno.test("canonicalize: idempotent on generated plans (property)", () => {
  fc.assert(
    fc.property(arbPlan, (p) => {
      const once = canon(p);
      const twice = canonicalize(once.plan);
      assert.deepEqual(twice.plan, once.plan);
      assert.deepEqual(twice.fired, []);
    }),
    { numRuns: 300, seed: 20261101 },
  );
});

Deno.test("canonicalize: signature ignores JSON key order (property)", () => {
  fc.assert(
    fc.property(arbPlan, fc.integer({ min: 0, max: 1 << 30 }), (p, seed) => {
      assert.equal(sig(shuffleKeys(p, seed) as WorkPlan), sig(p));
    }),
    { numRuns: 200, seed: 7 },
  );
});

// Semantic check of the expression rewrites: canonicalizing an expression
// over columns, then binding the columns to literals, must give the same
// value as binding first (evaluated with the registry semantics of
// _fold_eval.ts). Cases the evaluator cannot decide are skipped.

type Binding = Readonly<Record<string, Expr>>;

const INT = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(2147483647, -2147483648),
).map((n): Expr => ({ lit: n, type: "int64" }));
const BOOL = fc.constantFrom<Expr>(
  { lit: true, type: "bool" },
  { lit: false, type: "bool" },
  { lit: null, type: "bool" },
);

function arbInt(depth: number): fc.Arbitrary<Expr> {
  const leaf = fc.oneof(
    INT,
    fc.constantFrom<Expr>({ col: "a" }, { col: "b" }, { lit: 1, type: "int32" }),
  );
  if (depth <= 0) return leaf;
  const sub = arbInt(depth - 1);
  return fc.oneof(
    leaf,
    fc.tuple(fc.constantFrom("add", "sub", "mul", "idiv", "mod"), sub, sub).map((
      [f, x, y],
    ): Expr => ({
      fn: f,
      args: [x, y],
    })),
    sub.map((x): Expr => ({ fn: "neg", args: [x] })),
    fc.tuple(arbBool(depth - 1), sub, sub).map(([c, x, y]): Expr => ({
      fn: "if_else",
      args: [c, x, y],
    })),
  );
}

function arbBool(depth: number): fc.Arbitrary<Expr> {
  const leaf = fc.oneof(BOOL, fc.constantFrom<Expr>({ col: "p" }, { col: "q" }));
  if (depth <= 0) return leaf;
  const sub = arbBool(depth - 1);
  const int = arbInt(depth - 1);
  return fc.oneof(
    leaf,
    fc.tuple(fc.constantFrom("and", "or"), fc.array(sub, { minLength: 1, maxLength: 4 })).map((
      [f, args],
    ): Expr => ({ fn: f, args })),
    sub.map((x): Expr => ({ fn: "not", args: [x] })),
    fc.tuple(fc.constantFrom("eq", "ne", "lt", "le", "gt", "ge", "eq_null_safe"), int, int).map((
      [f, x, y],
    ): Expr => ({ fn: f, args: [x, y] })),
    int.map((x): Expr => ({ fn: "is_null", args: [x] })),
    fc.tuple(int, fc.array(int, { minLength: 1, maxLength: 3 })).map(([x, vs]): Expr => ({
      fn: "in",
      args: [x, ...vs],
    })),
  );
}

const arbBinding: fc.Arbitrary<Binding> = fc.record({
  a: fc.oneof(INT, fc.constant<Expr>({ lit: null, type: "int64" })),
  b: INT,
  p: BOOL,
  q: BOOL,
});

/** Evaluate a literal-only expression bottom-up; undefined when undecided. */
function evaluate(e: Expr, env: Binding): Scalar | undefined {
  if ("col" in e) return evaluate(env[e.col]!, env);
  if ("lit" in e) return litToScalar(e);
  if ("fn" in e) {
    const args: Scalar[] = [];
    for (const a of e.args) {
      const v = evaluate(a, env);
      if (v === undefined) return undefined;
      args.push(v);
    }
    return evalFn(e.fn, args);
  }
  if ("cast" in e) {
    const v = evaluate(e.cast, env);
    return v === undefined ? undefined : evalCast(v, e.to, e.safe === true);
  }
  return undefined;
}

function canonExpr(e: Expr): Expr {
  const r = canonicalize({
    relplan: 1,
    name: "e",
    ops: [{ op: "scan", dataset: "t" }, { op: "project", columns: [{ name: "v", expr: e }] }],
  });
  const op = r.plan.ops[1]!;
  if (op.op !== "project") throw new Error("unexpected canonical shape");
  return op.columns[0]!.expr;
}

Deno.test("canonical rewrites keep expression values (property)", () => {
  let decided = 0;
  fc.assert(
    fc.property(fc.oneof(arbBool(3), arbInt(3)), arbBinding, (e, env) => {
      const before = evaluate(e, env);
      if (before === undefined) return;
      const after = evaluate(canonExpr(e), env);
      assert.notEqual(after, undefined, "a decidable expression became undecidable");
      assert.deepEqual(scalarToLit(after!), scalarToLit(before));
      decided++;
    }),
    { numRuns: 1500, seed: 424242 },
  );
  assert.ok(decided > 500, `only ${decided} cases were decidable`);
});
