/**
 * Pass `sort_union_inputs`: sort a union's `inputs` by their canonical JSON
 * when the row order of the union's output cannot show: the plan's ordering
 * is `unordered` and nothing after the union depends on row order (no
 * `limit`, no `first`/`last`/`list` measure without `order_by`, no `distinct`
 * on a column subset, no unknown kernel). The rows before the union stay
 * first; the output columns come from them, so input order never changes the
 * schema.
 *
 * @module
 */
import type { CanonPass, PassContext, WorkPlan } from "../types.ts";
import { mapArray, mapPipelines } from "../_walk.ts";
import { sortByKey } from "./sort_commutative.ts";

function run(plan: WorkPlan, cx: PassContext): WorkPlan {
  return mapPipelines(plan, (ops, info) =>
    mapArray(ops, (op, i) => {
      if (op.op !== "union" || info.rowAfter[i] !== false) return op;
      const inputs = sortByKey(op.inputs, cx.key);
      return inputs === op.inputs ? op : { ...op, inputs };
    }));
}

/** Sorts union inputs where row order cannot show. */
export const sortUnionInputs: CanonPass = Object.freeze({ name: "sort_union_inputs", run });
