/**
 * Pass `fold_literals`: replace a function call, cast or case whose operands
 * are all typed literals by the literal it evaluates to, with the registry's
 * exact semantics (see `_fold_eval.ts`). Nothing that would raise is folded
 * (`add(9223372036854775807, 1)` stays); division by zero folds to a null of
 * the result type (`div(1, 0)` is `{"lit": null, "type": "float64"}`).
 *
 * @module
 */
import type { CaseExpr, Expr, LitExpr } from "../../ir/expr.ts";
import { lookupFn } from "../../ir/registry.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapPlanExprs } from "../_walk.ts";
import { evalCast, evalFn, litToScalar, type Scalar, scalarToLit } from "../_fold_eval.ts";

function isLit(e: Expr): e is LitExpr {
  return "lit" in e;
}

function scalars(es: readonly Expr[]): Scalar[] | undefined {
  const out: Scalar[] = [];
  for (const e of es) {
    if (!isLit(e)) return undefined;
    const s = litToScalar(e);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

function foldCase(e: CaseExpr): Expr | undefined {
  const branches = e.case;
  const results = branches.map((w) => w.then);
  if (e.else !== undefined) results.push(e.else);
  if (!results.every(isLit) || !branches.every((w) => isLit(w.when))) return undefined;
  // Only when every branch has the very same type: no promotion to reason about.
  const types = new Set(results.map((r) => (r as LitExpr).type));
  if (types.size !== 1) return undefined;
  const type = [...types][0];
  if (type === undefined) return undefined;
  for (const w of branches) {
    const c = litToScalar(w.when as LitExpr);
    if (c === undefined || (c.v !== null && typeof c.v !== "boolean")) return undefined;
    if (c.v === true) return w.then;
  }
  return e.else ?? { lit: null, type };
}

function fold(e: Expr): Expr {
  if ("fn" in e) {
    const spec = lookupFn(e.fn);
    if (spec === undefined || !spec.deterministic) return e;
    const args = scalars(e.args);
    if (args === undefined) return e;
    const r = evalFn(e.fn, args);
    return (r === undefined ? undefined : scalarToLit(r)) ?? e;
  }
  if ("cast" in e) {
    const inner = scalars([e.cast]);
    if (inner === undefined || typeof e.to !== "string") return e;
    const r = evalCast(inner[0]!, e.to, e.safe === true);
    return (r === undefined ? undefined : scalarToLit(r)) ?? e;
  }
  if ("case" in e) return foldCase(e) ?? e;
  return e;
}

function run(plan: WorkPlan): WorkPlan {
  return mapPlanExprs(plan, fold);
}

/** Folds literal-only sub-expressions. */
export const foldLiterals: CanonPass = Object.freeze({ name: "fold_literals", run });
