/**
 * Pass `flatten_logic`: for functions the registry declares associative
 * (`and`, `or`), splice nested calls of the same function into their parent
 * (`and(and(a, b), c)` -> `and(a, b, c)`), and replace a one-operand call by
 * its operand (`and(x)` -> `x`).
 *
 * @module
 */
import type { Expr } from "../../ir/expr.ts";
import { lookupFn } from "../../ir/registry.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapPlanExprs } from "../_walk.ts";

function rewrite(e: Expr): Expr {
  if (!("fn" in e)) return e;
  const spec = lookupFn(e.fn);
  if (spec === undefined || !spec.associative) return e;
  if (e.args.length === 1) return e.args[0]!;
  if (!e.args.some((a) => "fn" in a && a.fn === e.fn)) return e;
  const args: Expr[] = [];
  for (const a of e.args) {
    if ("fn" in a && a.fn === e.fn) args.push(...a.args);
    else args.push(a);
  }
  return { ...e, args };
}

function run(plan: WorkPlan): WorkPlan {
  return mapPlanExprs(plan, rewrite);
}

/** Flattens nested associative calls. */
export const flattenLogic: CanonPass = Object.freeze({ name: "flatten_logic", run });
