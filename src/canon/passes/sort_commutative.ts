/**
 * Pass `sort_commutative`: sort the operands of every function the registry
 * declares commutative (`eq ne eq_null_safe add mul and or`: operand order
 * changes neither value nor type) by their canonical JSON.
 *
 * `and`/`or` may skip their later operands once the result is known, so an
 * operand that can raise (overflow, a failing cast, a bad regex) may raise in
 * one order and not in the other: their operands are sorted only when none of
 * them can raise (the registry's `canError`), so two plans whose results could
 * differ never share a canonical form.
 *
 * @module
 */
import { type Expr, visitExpr } from "../../ir/expr.ts";
import { lookupFn } from "../../ir/registry.ts";
import type { CanonPass, PassContext, WorkPlan } from "../types.ts";
import { mapPlanExprs } from "../_walk.ts";

/** Sort `xs` by key; the same array when already sorted. */
export function sortByKey<T>(xs: readonly T[], key: (x: T) => string): readonly T[] {
  const keys = xs.map(key);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return xs;
  const idx = keys.map((_, i) => i).sort((
    a,
    b,
  ) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  return idx.map((i) => xs[i]!);
}

/** Whether evaluating `e` can raise an error. */
export function mayRaise(e: Expr): boolean {
  let raise = false;
  visitExpr(e, (x) => {
    if ("fn" in x && lookupFn(x.fn)?.canError !== false) raise = true;
    if ("cast" in x && x.safe !== true) raise = true;
  });
  return raise;
}

function run(plan: WorkPlan, cx: PassContext): WorkPlan {
  return mapPlanExprs(plan, (e: Expr) => {
    if (!("fn" in e) || e.args.length < 2) return e;
    if (lookupFn(e.fn)?.commutative !== true) return e;
    if ((e.fn === "and" || e.fn === "or") && e.args.some(mayRaise)) return e;
    const args = sortByKey(e.args, cx.key);
    return args === e.args ? e : { ...e, args };
  });
}

/** Sorts operands of commutative functions. */
export const sortCommutative: CanonPass = Object.freeze({ name: "sort_commutative", run });
