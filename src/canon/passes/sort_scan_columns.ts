/**
 * Pass `sort_scan_columns`: treat a scan's `columns` as a set and sort them,
 * when the order of the scan's output columns cannot show: a later `project`
 * or `aggregate` in the same pipeline fixes the column order before anything
 * that depends on it (the plan output, a join's right side, dedupe
 * tie-breaking), or the pipeline is a union input (matched by name). A scan
 * whose column order can show keeps it: sorting it would change the output
 * schema. Lists with repeated names are left alone.
 *
 * @module
 */
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapArray, mapPipelines } from "../_walk.ts";
import { sortByKey } from "./sort_commutative.ts";

function id(s: string): string {
  return s;
}

function run(plan: WorkPlan): WorkPlan {
  return mapPipelines(plan, (ops, info) =>
    mapArray(ops, (op, i) => {
      if (op.op !== "scan" || op.columns === undefined || info.colAfter[i] !== false) return op;
      if (new Set(op.columns).size !== op.columns.length) return op;
      const columns = sortByKey(op.columns, id);
      return columns === op.columns ? op : { ...op, columns };
    }));
}

/** Sorts scan column lists where their order cannot show. */
export const sortScanColumns: CanonPass = Object.freeze({ name: "sort_scan_columns", run });
