/**
 * Pass `hoist_params`: move inline `param` ops (anywhere, sub-plans included)
 * into the plan-level `params`, which SPEC section 3 says they are the same
 * as. A declaration whose type conflicts with an existing one is left in
 * place (that plan is invalid; canonicalization must not hide the conflict).
 *
 * @module
 */
import type { ParamDecl, RelOp } from "../../ir/plan.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapArray, mapOpSubPlans } from "../_walk.ts";

function run(plan: WorkPlan): WorkPlan {
  const params: Record<string, ParamDecl> = { ...(plan.params ?? {}) };
  let hoisted = false;

  function walk(ops: readonly RelOp[]): readonly RelOp[] {
    const inner = mapArray(ops, (op) =>
      mapOpSubPlans(op, (sp) => {
        const sub = walk(sp.ops);
        return sub === sp.ops ? sp : { ...sp, ops: sub };
      }));
    const kept = inner.filter((op) => {
      if (op.op !== "param") return true;
      const existing = params[op.name];
      if (existing === undefined) {
        params[op.name] = { type: op.type };
        hoisted = true;
        return false;
      }
      if (existing.type === op.type) {
        hoisted = true;
        return false;
      }
      return true;
    });
    return kept.length === inner.length ? inner : kept;
  }

  const ops = walk(plan.ops);
  if (!hoisted) return plan;
  return { ...plan, ops, params };
}

/** Hoists inline `param` declarations to plan-level `params`. */
export const hoistParams: CanonPass = Object.freeze({ name: "hoist_params", run });
