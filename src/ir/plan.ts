/**
 * RelOps and RelPlan (SPEC section 3): typed mirrors of the JSON form.
 *
 * @module
 */
import type { Expr } from "./expr.ts";

/** A sub-plan of join, union and interval_align: starts with its own scan. */
export interface SubPlan {
  readonly ops: readonly RelOp[];
}

/** Named expression of project/derive. */
export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

/** An ordering key of `order_by` and aggregate `order_by`. */
export interface OrderKey {
  readonly expr: Expr;
  readonly dir?: "asc" | "desc";
  readonly nulls?: "first" | "last";
}

/** Read a dataset or an earlier rule's output. */
export interface ScanOp {
  readonly op: "scan";
  readonly dataset: string;
  readonly columns?: readonly string[];
  readonly predicate?: Expr;
}
/** Keep rows where the predicate is true. */
export interface FilterOp {
  readonly op: "filter";
  readonly predicate: Expr;
}
/** Output exactly these columns. */
export interface ProjectOp {
  readonly op: "project";
  readonly columns: readonly NamedExpr[];
}
/** Keep all columns, add or replace these. */
export interface DeriveOp {
  readonly op: "derive";
  readonly columns: readonly NamedExpr[];
}
/** Join kinds. */
export type JoinKind = "inner" | "left" | "right" | "full" | "semi" | "anti";
/** Join with a sub-plan. */
export interface JoinOp {
  readonly op: "join";
  readonly kind: JoinKind;
  readonly right: SubPlan;
  readonly on: readonly (readonly [string, string])[];
  readonly predicate?: Expr;
  readonly suffix?: string;
}
/** Aggregate function names. */
export type AggFn =
  | "count"
  | "count_all"
  | "sum"
  | "min"
  | "max"
  | "mean"
  | "list"
  | "bool_and"
  | "bool_or"
  | "first"
  | "last";
/** One measure of an aggregate. */
export interface Measure {
  readonly name: string;
  readonly fn: AggFn;
  readonly arg?: Expr;
  readonly distinct?: boolean;
  readonly filter?: Expr;
  readonly order_by?: readonly OrderKey[];
}
/** Group and aggregate. */
export interface AggregateOp {
  readonly op: "aggregate";
  readonly group_by: readonly string[];
  readonly measures: readonly Measure[];
}
/** Append the rows of other inputs. */
export interface UnionOp {
  readonly op: "union";
  readonly inputs: readonly SubPlan[];
  readonly distinct?: boolean;
}
/** Sort. */
export interface OrderByOp {
  readonly op: "order_by";
  readonly keys: readonly OrderKey[];
}
/** Keep `count` rows after `offset`. */
export interface LimitOp {
  readonly op: "limit";
  readonly count: number;
  readonly offset?: number;
}
/** Distinct rows (on `columns` when given). */
export interface DistinctOp {
  readonly op: "distinct";
  readonly columns?: readonly string[];
}
/** Inline parameter declaration. */
export interface ParamOp {
  readonly op: "param";
  readonly name: string;
  readonly type: string;
}
/** A kernel (SPEC section 4). */
export interface KernelOp {
  readonly op: "kernel";
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Any RelOp. */
export type RelOp =
  | ScanOp
  | FilterOp
  | ProjectOp
  | DeriveOp
  | JoinOp
  | AggregateOp
  | UnionOp
  | OrderByOp
  | LimitOp
  | DistinctOp
  | ParamOp
  | KernelOp;

/** Names of every op kind. */
export const OP_NAMES: readonly RelOp["op"][] = [
  "scan",
  "filter",
  "project",
  "derive",
  "join",
  "aggregate",
  "union",
  "order_by",
  "limit",
  "distinct",
  "param",
  "kernel",
];

/** Output ordering of a plan. */
export type Ordering =
  | { readonly level: "unordered" }
  | { readonly level: "implicit"; readonly keys?: readonly (readonly [string, "asc" | "desc"])[] }
  | { readonly level: "explicit"; readonly keys: readonly (readonly [string, "asc" | "desc"])[] };

/** A declared parameter. */
export interface ParamDecl {
  readonly type: string;
}

/** A field of a plan's output schema contract (JSON form of SPEC section 1). */
export interface SchemaFieldJson {
  readonly name: string;
  readonly type: string;
  readonly nullable?: boolean;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A typed RelPlan. Keys starting with `x-` are kept and ignored. */
export interface RelPlan {
  readonly relplan: 1;
  readonly name: string;
  readonly params?: Readonly<Record<string, ParamDecl>>;
  readonly ops: readonly RelOp[];
  readonly ordering?: Ordering;
  readonly schema?: readonly SchemaFieldJson[];
  readonly [extra: `x-${string}`]: unknown;
}
