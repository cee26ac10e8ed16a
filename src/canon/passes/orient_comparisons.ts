/**
 * Pass `orient_comparisons`: write `gt(a, b)` as `lt(b, a)` and `ge(a, b)` as
 * `le(b, a)`, so each order comparison has one form.
 *
 * @module
 */
import type { Expr } from "../../ir/expr.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapPlanExprs } from "../_walk.ts";

const FLIP: Readonly<Record<string, string>> = { gt: "lt", ge: "le" };

function rewrite(e: Expr): Expr {
  if (!("fn" in e) || e.args.length !== 2) return e;
  const to = FLIP[e.fn];
  if (to === undefined) return e;
  return { ...e, fn: to, args: [e.args[1]!, e.args[0]!] };
}

function run(plan: WorkPlan): WorkPlan {
  return mapPlanExprs(plan, rewrite);
}

/** Orients order comparisons as lt/le. */
export const orientComparisons: CanonPass = Object.freeze({ name: "orient_comparisons", run });
