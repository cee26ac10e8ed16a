/**
 * Pass `merge_filters`: merge adjacent `filter` ops into one filter whose
 * predicate is the `and` of both, and a `filter` directly after a `scan` into
 * the scan's predicate (SPEC section 7). Both keep exactly the rows where every
 * predicate is true; the engines may evaluate the conjuncts in any order
 * anyway, so no error behaviour is promised by filter order.
 *
 * @module
 */
import type { Expr } from "../../ir/expr.ts";
import type { RelOp } from "../../ir/plan.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapPipelines } from "../_walk.ts";

function and(a: Expr, b: Expr): Expr {
  return { fn: "and", args: [a, b] };
}

function mergeable(prev: RelOp | undefined, op: RelOp): boolean {
  return op.op === "filter" && prev !== undefined && (prev.op === "filter" || prev.op === "scan");
}

function merge(ops: readonly RelOp[]): readonly RelOp[] {
  if (!ops.some((op, i) => mergeable(ops[i - 1], op))) return ops;
  const out: RelOp[] = [];
  for (const op of ops) {
    const prev = out[out.length - 1];
    if (op.op === "filter" && prev !== undefined && mergeable(prev, op)) {
      if (prev.op === "filter") {
        out[out.length - 1] = { ...prev, predicate: and(prev.predicate, op.predicate) };
      } else if (prev.op === "scan") {
        const predicate = prev.predicate === undefined
          ? op.predicate
          : and(prev.predicate, op.predicate);
        out[out.length - 1] = { ...prev, predicate };
      }
      continue;
    }
    out.push(op);
  }
  return out;
}

function run(plan: WorkPlan): WorkPlan {
  return mapPipelines(plan, (ops) => merge(ops));
}

/** Merges adjacent filters, and a filter right after a scan into the scan predicate. */
export const mergeFilters: CanonPass = Object.freeze({ name: "merge_filters", run });
