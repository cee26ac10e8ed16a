/**
 * Pass `write_defaults`: write every defaulted field out, so that a plan that
 * spells a default and one that omits it read the same:
 *
 * | where | default |
 * |---|---|
 * | plan `ordering` | `{"level": "unordered"}` |
 * | plan `params` | `{}` |
 * | join `suffix` | `"_right"` |
 * | order key (order_by, measure order_by, dedupe order_by) | `dir: "asc"`, `nulls: "last"` |
 * | cast `safe` | `false` |
 * | union `distinct` | `false` |
 * | limit `offset` | `0` |
 * | measure `distinct` | `false` |
 * | measure `order_by: []` | removed (same as absent) |
 * | kernel explode_list `keep_empty` | `false` |
 * | kernel dedupe `keep` | `"first"` |
 * | kernel interval_align `suffix`, `on` | `"_right"`, `[]` |
 *
 * Optional fields without a default value (scan `columns`/`predicate`, join
 * `predicate`, case `else`, ...) stay absent when absent.
 *
 * @module
 */
import type { Expr } from "../../ir/expr.ts";
import type { OrderKey, RelOp } from "../../ir/plan.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { isOrderKeyList, mapArray, mapPlanExprs, mapPlanOps } from "../_walk.ts";

/** The default join / interval_align suffix. */
export const DEFAULT_SUFFIX = "_right";

function orderKey(k: OrderKey): OrderKey {
  if (k.dir !== undefined && k.nulls !== undefined) return k;
  return { ...k, dir: k.dir ?? "asc", nulls: k.nulls ?? "last" };
}

function orderKeys(keys: readonly OrderKey[]): readonly OrderKey[] {
  return mapArray(keys, orderKey);
}

function kernelDefaults(name: string): Readonly<Record<string, unknown>> {
  switch (name) {
    case "explode_list":
      return { keep_empty: false };
    case "dedupe":
      return { keep: "first" };
    case "interval_align":
      return { on: [], suffix: DEFAULT_SUFFIX };
    default:
      return {};
  }
}

function op(o: RelOp): RelOp {
  switch (o.op) {
    case "join":
      return o.suffix === undefined ? { ...o, suffix: DEFAULT_SUFFIX } : o;
    case "order_by": {
      const keys = orderKeys(o.keys);
      return keys === o.keys ? o : { ...o, keys };
    }
    case "union":
      return o.distinct === undefined ? { ...o, distinct: false } : o;
    case "limit":
      return o.offset === undefined ? { ...o, offset: 0 } : o;
    case "aggregate": {
      const measures = mapArray(o.measures, (m) => {
        let out = m;
        if (out.distinct === undefined) out = { ...out, distinct: false };
        if (out.order_by !== undefined) {
          if (out.order_by.length === 0) {
            const { order_by: _drop, ...rest } = out;
            out = rest;
          } else {
            const ob = orderKeys(out.order_by);
            if (ob !== out.order_by) out = { ...out, order_by: ob };
          }
        }
        return out;
      });
      return measures === o.measures ? o : { ...o, measures };
    }
    case "kernel": {
      let options = o.options;
      for (const [k, v] of Object.entries(kernelDefaults(o.name))) {
        if (options[k] === undefined) options = { ...options, [k]: v };
      }
      const ob = options["order_by"];
      if (isOrderKeyList(ob)) {
        const keys = orderKeys(ob);
        if (keys !== ob) options = { ...options, order_by: keys };
      }
      return options === o.options ? o : { ...o, options };
    }
    default:
      return o;
  }
}

function expr(e: Expr): Expr {
  if ("cast" in e && e.safe === undefined) return { ...e, safe: false };
  return e;
}

function run(plan: WorkPlan): WorkPlan {
  let p = mapPlanOps(mapPlanExprs(plan, expr), op);
  if (p.ordering === undefined) p = { ...p, ordering: { level: "unordered" } };
  if (p.params === undefined) p = { ...p, params: {} };
  return p;
}

/** Writes default values out. */
export const writeDefaults: CanonPass = Object.freeze({ name: "write_defaults", run });
