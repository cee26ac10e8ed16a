/**
 * Pass `normalize_types`: spell every type string the canonical way
 * (`formatType(parseType(s))`, e.g. `list< int64 >` -> `list<int64>`) in
 * literal types, cast targets, parameter declarations (plan-level and inline)
 * and the schema contract. A string that does not parse is left as it is.
 *
 * @module
 */
import type { Expr } from "../../ir/expr.ts";
import type { ParamDecl } from "../../ir/plan.ts";
import { canonicalTypeName } from "../_type_cache.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapArray, mapPlanExprs, mapPlanOps } from "../_walk.ts";

export { canonicalTypeName };

function expr(e: Expr): Expr {
  if ("lit" in e && typeof e.type === "string") {
    const type = canonicalTypeName(e.type);
    return type === e.type ? e : { ...e, type };
  }
  if ("cast" in e && typeof e.to === "string") {
    const to = canonicalTypeName(e.to);
    return to === e.to ? e : { ...e, to };
  }
  return e;
}

function run(plan: WorkPlan): WorkPlan {
  let p = mapPlanExprs(plan, expr);
  p = mapPlanOps(p, (op) => {
    if (op.op !== "param" || typeof op.type !== "string") return op;
    const type = canonicalTypeName(op.type);
    return type === op.type ? op : { ...op, type };
  });
  if (p.params !== undefined) {
    let changed = false;
    const out: Record<string, ParamDecl> = {};
    for (const [k, d] of Object.entries(p.params)) {
      const type = typeof d.type === "string" ? canonicalTypeName(d.type) : d.type;
      out[k] = type === d.type ? d : { ...d, type };
      if (type !== d.type) changed = true;
    }
    if (changed) p = { ...p, params: out };
  }
  if (p.schema !== undefined) {
    const schema = mapArray(p.schema, (f) => {
      if (typeof f.type !== "string") return f;
      const type = canonicalTypeName(f.type);
      return type === f.type ? f : { ...f, type };
    });
    if (schema !== p.schema) p = { ...p, schema };
  }
  return p;
}

/** Writes type strings in their canonical spelling. */
export const normalizeTypes: CanonPass = Object.freeze({ name: "normalize_types", run });
