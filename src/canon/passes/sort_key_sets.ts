/**
 * Pass `sort_key_sets`: sort (and drop exact repeats from) lists whose order
 * and repetition carry no meaning: join `on` pairs (a conjunction of
 * equalities), dedupe `keys` and interval_align `on` pairs. `distinct`
 * columns are the distinct op's output columns, in order, so they are sorted
 * only where the column order cannot show (a later project or aggregate, a
 * union input), and never deduplicated. Lists whose order shows in the
 * output (`group_by`, project columns) are never touched.
 *
 * @module
 */
import type { RelOp } from "../../ir/plan.ts";
import type { CanonPass, PassContext, WorkPlan } from "../types.ts";
import { mapArray, mapPipelines } from "../_walk.ts";
import { sortByKey } from "./sort_commutative.ts";

/** Sorted, without repeats, by key; the same array when already so. */
export function sortedSet<T>(xs: readonly T[], key: (x: T) => string): readonly T[] {
  const sorted = sortByKey(xs, key);
  const out: T[] = [];
  let last: string | undefined;
  for (const x of sorted) {
    const k = key(x);
    if (k === last) continue;
    last = k;
    out.push(x);
  }
  return out.length === xs.length ? sorted : out;
}

function run(plan: WorkPlan, cx: PassContext): WorkPlan {
  return mapPipelines(
    plan,
    (ops, info) => mapArray(ops, (op, i) => rewrite(op, info.colAfter[i] === false, cx)),
  );
}

function rewrite(op: RelOp, colOrderHidden: boolean, cx: PassContext): RelOp {
  switch (op.op) {
    case "join": {
      const on = sortedSet(op.on, cx.key);
      return on === op.on ? op : { ...op, on };
    }
    case "distinct": {
      if (op.columns === undefined || !colOrderHidden) return op;
      if (new Set(op.columns).size !== op.columns.length) return op;
      const columns = sortByKey(op.columns, cx.key);
      return columns === op.columns ? op : { ...op, columns };
    }
    case "kernel": {
      const field = op.name === "dedupe" ? "keys" : op.name === "interval_align" ? "on" : "";
      const v = field === "" ? undefined : op.options[field];
      if (!Array.isArray(v)) return op;
      const sorted = sortedSet(v as readonly unknown[], cx.key);
      return sorted === v ? op : { ...op, options: { ...op.options, [field]: sorted } };
    }
    default:
      return op;
  }
}

/** Sorts key lists that are sets. */
export const sortKeySets: CanonPass = Object.freeze({ name: "sort_key_sets", run });
