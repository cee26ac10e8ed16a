/**
 * Pass `dedupe_operands`: drop repeated operands of functions the registry
 * declares idempotent, commutative and associative (`and`, `or`), when the
 * repeated operand is deterministic (every function in it is).
 *
 * @module
 */
import { type Expr, visitExpr } from "../../ir/expr.ts";
import { lookupFn } from "../../ir/registry.ts";
import type { CanonPass, PassContext, WorkPlan } from "../types.ts";
import { mapPlanExprs } from "../_walk.ts";

/** True when every function called in `e` is a known deterministic one. */
export function isDeterministic(e: Expr): boolean {
  let ok = true;
  visitExpr(e, (x) => {
    if ("fn" in x && lookupFn(x.fn)?.deterministic !== true) ok = false;
  });
  return ok;
}

function run(plan: WorkPlan, cx: PassContext): WorkPlan {
  return mapPlanExprs(plan, (e: Expr) => {
    if (!("fn" in e) || e.args.length < 2) return e;
    const spec = lookupFn(e.fn);
    if (spec === undefined || !spec.idempotent || !spec.commutative || !spec.associative) return e;
    const seen = new Set<string>();
    const args: Expr[] = [];
    for (const a of e.args) {
      if (isDeterministic(a)) {
        const k = cx.key(a);
        if (seen.has(k)) continue;
        seen.add(k);
      }
      args.push(a);
    }
    return args.length === e.args.length ? e : { ...e, args };
  });
}

/** Drops duplicate operands of and/or. */
export const dedupeOperands: CanonPass = Object.freeze({ name: "dedupe_operands", run });
