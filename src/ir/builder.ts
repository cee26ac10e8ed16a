/**
 * A TypeScript builder for RelPlans (Ibis-like). It produces exactly the JSON
 * form: a plan built here and the same plan read from a file are deep-equal.
 *
 * @example Building the SPEC's example plan
 * ```ts
 * import { col, count, countAll, ge, max, param, scan } from "./builder.ts";
 * const plan = scan("calls", { columns: ["call_id", "caller_id", "callee", "score"], predicate: ge(col("score"), param("min_score")) })
 *   .join("left", scan("functions", { columns: ["function_id", "name"] }), [["callee", "name"]])
 *   .aggregate(["caller_id"], [countAll("n_calls"), count("resolved", col("function_id")), max("best", col("score"))])
 *   .build("cpg.edges.calls", { params: { min_score: { type: "float64" } }, ordering: { level: "unordered" } });
 * plan.ops.length; // 3
 * ```
 *
 * @module
 */
import type { CaseWhen, Expr, LitValue } from "./expr.ts";
import type {
  AggFn,
  JoinKind,
  Measure,
  NamedExpr,
  Ordering,
  OrderKey,
  ParamDecl,
  RelOp,
  RelPlan,
  SchemaFieldJson,
  SubPlan,
} from "./plan.ts";

/** A column reference. */
export function col(name: string): Expr {
  return { col: name };
}
/** A literal, with an optional type string. */
export function lit(value: LitValue, type?: string): Expr {
  return type === undefined ? { lit: value } : { lit: value, type };
}
/** A parameter reference. */
export function param(name: string): Expr {
  return { param: name };
}
/** A call of any registry function. */
export function call(fn: string, ...args: Expr[]): Expr {
  return { fn, args };
}
/** A cast (`safe` gives null instead of an error). */
export function cast(e: Expr, to: string, safe?: boolean): Expr {
  return safe === undefined ? { cast: e, to } : { cast: e, to, safe };
}
/** A searched case expression. */
export function caseWhen(branches: readonly CaseWhen[], otherwise?: Expr): Expr {
  return otherwise === undefined ? { case: branches } : { case: branches, else: otherwise };
}

/** A two-argument expression helper. */
export type BinaryFn = (a: Expr, b: Expr) => Expr;
/** An n-ary expression helper. */
export type NaryFn = (...args: Expr[]) => Expr;
/** A one-argument expression helper. */
export type UnaryFn = (a: Expr) => Expr;
/** A measure helper. */
export type MeasureFn = (
  name: string,
  arg: Expr,
  extra?: Omit<Measure, "name" | "fn" | "arg">,
) => Measure;

function binary(fn: string): BinaryFn {
  return (a: Expr, b: Expr): Expr => ({ fn, args: [a, b] });
}
function nary(fn: string): NaryFn {
  return (...args: Expr[]): Expr => ({ fn, args });
}
function unary(fn: string): UnaryFn {
  return (a: Expr): Expr => ({ fn, args: [a] });
}

/** `eq(a, b)` */
export const eq: BinaryFn = binary("eq");
/** `ne(a, b)` */
export const ne: BinaryFn = binary("ne");
/** `lt(a, b)` */
export const lt: BinaryFn = binary("lt");
/** `le(a, b)` */
export const le: BinaryFn = binary("le");
/** `gt(a, b)` */
export const gt: BinaryFn = binary("gt");
/** `ge(a, b)` */
export const ge: BinaryFn = binary("ge");
/** `and(a, b, ...)` */
export const and: NaryFn = nary("and");
/** `or(a, b, ...)` */
export const or: NaryFn = nary("or");
/** `not(a)` */
export const not: UnaryFn = unary("not");
/** `is_null(a)` */
export const isNull: UnaryFn = unary("is_null");
/** `is_not_null(a)` */
export const isNotNull: UnaryFn = unary("is_not_null");
/** `coalesce(a, ...)` */
export const coalesce: NaryFn = nary("coalesce");
/** `add(a, b)` */
export const add: BinaryFn = binary("add");
/** `sub(a, b)` */
export const sub: BinaryFn = binary("sub");
/** `mul(a, b)` */
export const mul: BinaryFn = binary("mul");
/** `div(a, b)` */
export const div: BinaryFn = binary("div");
/** `concat(a, ...)` */
export const concat: NaryFn = nary("concat");
/** `lower(a)` */
export const lower: UnaryFn = unary("lower");
/** `upper(a)` */
export const upper: UnaryFn = unary("upper");

function measure(fn: AggFn): MeasureFn {
  return (name: string, arg: Expr, extra: Omit<Measure, "name" | "fn" | "arg"> = {}): Measure => ({
    name,
    fn,
    arg,
    ...extra,
  });
}
/** `count` measure (non-null values). */
export const count: MeasureFn = measure("count");
/** `count_all` measure (rows). */
export function countAll(name: string): Measure {
  return { name, fn: "count_all" };
}
/** `sum` measure. */
export const sum: MeasureFn = measure("sum");
/** `min` measure. */
export const min: MeasureFn = measure("min");
/** `max` measure. */
export const max: MeasureFn = measure("max");
/** `mean` measure. */
export const mean: MeasureFn = measure("mean");
/** `list` measure. */
export const list: MeasureFn = measure("list");
/** `first` measure. */
export const first: MeasureFn = measure("first");
/** `last` measure. */
export const last: MeasureFn = measure("last");

/** Options of {@link PlanBuilder.build}. */
export interface BuildOptions {
  readonly params?: Readonly<Record<string, ParamDecl>>;
  readonly ordering?: Ordering;
  readonly schema?: readonly SchemaFieldJson[];
}

/** An immutable chain of RelOps; each method returns a new builder. */
export class PlanBuilder {
  /** The ops so far. */
  readonly ops: readonly RelOp[];
  /** Wrap a list of ops. */
  constructor(ops: readonly RelOp[]) {
    this.ops = ops;
  }
  #then(op: RelOp): PlanBuilder {
    return new PlanBuilder([...this.ops, op]);
  }
  /** Keep rows where the predicate is true. */
  filter(predicate: Expr): PlanBuilder {
    return this.#then({ op: "filter", predicate });
  }
  /** Output exactly these columns. */
  project(columns: readonly NamedExpr[]): PlanBuilder {
    return this.#then({ op: "project", columns });
  }
  /** Add or replace columns. */
  derive(columns: readonly NamedExpr[]): PlanBuilder {
    return this.#then({ op: "derive", columns });
  }
  /** Join with another chain. */
  join(
    kind: JoinKind,
    right: PlanBuilder,
    on: readonly (readonly [string, string])[],
    extra: { predicate?: Expr; suffix?: string } = {},
  ): PlanBuilder {
    return this.#then({ op: "join", kind, right: right.sub(), on, ...extra });
  }
  /** Group and aggregate. */
  aggregate(groupBy: readonly string[], measures: readonly Measure[]): PlanBuilder {
    return this.#then({ op: "aggregate", group_by: groupBy, measures });
  }
  /** Append other chains' rows. */
  union(inputs: readonly PlanBuilder[], distinct?: boolean): PlanBuilder {
    const op: RelOp = distinct === undefined
      ? { op: "union", inputs: inputs.map((i) => i.sub()) }
      : { op: "union", inputs: inputs.map((i) => i.sub()), distinct };
    return this.#then(op);
  }
  /** Sort. */
  orderBy(keys: readonly OrderKey[]): PlanBuilder {
    return this.#then({ op: "order_by", keys });
  }
  /** Keep `count` rows after `offset`. */
  limit(count: number, offset?: number): PlanBuilder {
    return this.#then(
      offset === undefined ? { op: "limit", count } : { op: "limit", count, offset },
    );
  }
  /** Distinct rows. */
  distinct(columns?: readonly string[]): PlanBuilder {
    return this.#then(columns ? { op: "distinct", columns } : { op: "distinct" });
  }
  /** A kernel op. */
  kernel(name: string, options: Readonly<Record<string, unknown>>): PlanBuilder {
    return this.#then({ op: "kernel", name, options });
  }
  /** This chain as a sub-plan. */
  sub(): SubPlan {
    return { ops: this.ops };
  }
  /** The finished RelPlan. */
  build(name: string, options: BuildOptions = {}): RelPlan {
    return {
      relplan: 1,
      name,
      ...(options.params ? { params: options.params } : {}),
      ops: this.ops,
      ...(options.ordering ? { ordering: options.ordering } : {}),
      ...(options.schema ? { schema: options.schema } : {}),
    };
  }
}

/** Start a plan with a scan. */
export function scan(
  dataset: string,
  options: { columns?: readonly string[]; predicate?: Expr } = {},
): PlanBuilder {
  return new PlanBuilder([{ op: "scan", dataset, ...options }]);
}
