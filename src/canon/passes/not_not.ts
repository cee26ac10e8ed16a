/**
 * Pass `not_not`: `not(not(x))` becomes `x` (Kleene NOT is an involution:
 * true, false and null each map back to themselves).
 *
 * @module
 */
import type { Expr } from "../../ir/expr.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapPlanExprs } from "../_walk.ts";

function rewrite(e: Expr): Expr {
  if ("fn" in e && e.fn === "not" && e.args.length === 1) {
    const inner = e.args[0]!;
    if ("fn" in inner && inner.fn === "not" && inner.args.length === 1) return inner.args[0]!;
  }
  return e;
}

function run(plan: WorkPlan): WorkPlan {
  return mapPlanExprs(plan, rewrite);
}

/** Removes double negation. */
export const notNot: CanonPass = Object.freeze({ name: "not_not", run });
