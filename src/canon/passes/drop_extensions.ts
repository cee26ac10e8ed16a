/**
 * Pass `drop_extensions`: remove the plan `name` and every `x-...` key of the
 * plan's own structure (plan, params, ordering, schema fields, ops, sub-plans,
 * expressions, named columns, measures, ordering keys, kernel options).
 * Values the user owns (`metadata` maps, literal values) are left alone.
 *
 * @module
 */
import type { Expr } from "../../ir/expr.ts";
import type { RelOp } from "../../ir/plan.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { isObject, isOrderKeyList, mapArray, mapOpExprs, mapOpSubPlans } from "../_walk.ts";

/** Copy of `obj` without `x-...` keys (and without `extraDrop`), or `obj` itself. */
function stripX<T extends object>(obj: T, extraDrop?: string): T {
  const keys = Object.keys(obj);
  if (!keys.some((k) => k.startsWith("x-") || k === extraDrop)) return obj;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k.startsWith("x-") || k === extraDrop) continue;
    out[k] = (obj as Record<string, unknown>)[k];
  }
  return out as T;
}

function stripExprNode(e: Expr): Expr {
  let node = e;
  if ("case" in node) {
    const branches = mapArray(node.case, (w) => stripX(w));
    if (branches !== node.case) node = { ...node, case: branches };
  }
  return stripX(node);
}

function stripOps(ops: readonly RelOp[]): readonly RelOp[] {
  return mapArray(ops, stripOp);
}

function stripOp(op0: RelOp): RelOp {
  let op = mapOpExprs(op0, (e) => stripExprNode(e));
  op = mapOpSubPlans(op, (sp) => {
    const ops = stripOps(sp.ops);
    const s = stripX(sp);
    return ops === sp.ops ? s : { ...s, ops };
  });
  switch (op.op) {
    case "project":
    case "derive": {
      const columns = mapArray(op.columns, (c) => stripX(c));
      if (columns !== op.columns) op = { ...op, columns };
      break;
    }
    case "aggregate": {
      const measures = mapArray(op.measures, (m0) => {
        const m = stripX(m0);
        if (m.order_by === undefined) return m;
        const ob = mapArray(m.order_by, (k) => stripX(k));
        return ob === m.order_by ? m : { ...m, order_by: ob };
      });
      if (measures !== op.measures) op = { ...op, measures };
      break;
    }
    case "order_by": {
      const keys = mapArray(op.keys, (k) => stripX(k));
      if (keys !== op.keys) op = { ...op, keys };
      break;
    }
    case "kernel": {
      let options = stripX(op.options);
      const ob = options["order_by"];
      if (isOrderKeyList(ob)) {
        const keys = mapArray(ob, (k) => stripX(k));
        if (keys !== ob) options = { ...options, order_by: keys };
      }
      if (options !== op.options) op = { ...op, options };
      break;
    }
    default:
      break;
  }
  return stripX(op);
}

function run(plan: WorkPlan): WorkPlan {
  let p = stripX(plan, "name");
  const ops = stripOps(p.ops);
  if (ops !== p.ops) p = { ...p, ops };
  if (p.params !== undefined) {
    const params = p.params;
    let changed = false;
    const out: Record<string, { readonly type: string }> = {};
    for (const [k, d] of Object.entries(params)) {
      const s = isObject(d) ? stripX(d) : d;
      if (s !== d) changed = true;
      out[k] = s;
    }
    if (changed) p = { ...p, params: out };
  }
  if (p.ordering !== undefined) {
    const ordering = stripX(p.ordering);
    if (ordering !== p.ordering) p = { ...p, ordering };
  }
  if (p.schema !== undefined) {
    const schema = mapArray(p.schema, (f) => stripX(f));
    if (schema !== p.schema) p = { ...p, schema };
  }
  return p;
}

/** Drops the plan name and `x-...` keys: neither is part of a plan's meaning. */
export const dropExtensions: CanonPass = Object.freeze({ name: "drop_extensions", run });
