/**
 * Legacy plans (SPEC section 5): untyped `pipeline_ops` as the old plan lane
 * stored them, given TypeScript types after structural validation.
 *
 * @module
 */
import type { Ordering, SchemaFieldJson } from "../ir/plan.ts";

/** pyarrow.compute-style expression. */
export type PcExpr =
  | { readonly field: string }
  | { readonly scalar: unknown; readonly type?: string }
  | { readonly param: string }
  | {
    readonly call: string;
    readonly args: readonly PcExpr[];
    readonly options?: Readonly<Record<string, unknown>>;
  };

/** A legacy sub-plan (join right side, union input, kernel `right`). */
export interface LegacySubPlan {
  readonly pipeline_ops: readonly LegacyOp[];
}

/** Join types of Acero's HashJoinNodeOptions. */
export type LegacyJoinType =
  | "inner"
  | "left outer"
  | "right outer"
  | "full outer"
  | "left semi"
  | "left anti";

/** A hash aggregate: [target, function, options, output name]. */
export type LegacyAggregate = readonly [
  target: string | readonly string[],
  fn: string,
  options: Readonly<Record<string, unknown>> | null,
  out: string,
];

/** One legacy op. */
export type LegacyOp =
  | {
    readonly kind: "scan";
    readonly dataset: string;
    readonly columns?: readonly string[];
    readonly filter?: PcExpr;
  }
  | { readonly kind: "filter"; readonly expression: PcExpr }
  | {
    readonly kind: "project";
    readonly expressions: readonly PcExpr[];
    readonly names: readonly string[];
  }
  | {
    readonly kind: "hashjoin";
    readonly join_type: LegacyJoinType;
    readonly left_keys: readonly string[];
    readonly right_keys: readonly string[];
    readonly right: LegacySubPlan;
    readonly output_suffix_for_right?: string;
    readonly filter?: PcExpr;
  }
  | {
    readonly kind: "aggregate";
    readonly keys: readonly string[];
    readonly aggregates: readonly LegacyAggregate[];
  }
  | {
    readonly kind: "order_by";
    readonly sort_keys: readonly (readonly [string, "ascending" | "descending"])[];
    readonly null_placement?: "at_end" | "at_start";
  }
  | { readonly kind: "union"; readonly inputs: readonly LegacySubPlan[] }
  | { readonly kind: "limit"; readonly count: number; readonly offset?: number }
  | {
    readonly kind: "kernel";
    readonly name: string;
    readonly options: Readonly<Record<string, unknown>>;
  };

/** A legacy plan file. */
export interface LegacyPlan {
  readonly name: string;
  readonly params?: Readonly<Record<string, { readonly type: string }>>;
  readonly pipeline_ops: readonly LegacyOp[];
  readonly ordering?: Ordering;
  readonly schema?: readonly SchemaFieldJson[];
  readonly [extra: `x-${string}`]: unknown;
}
