/**
 * Reading a plan file given on the command line: a RelPlan, or a legacy plan
 * lifted to one.
 *
 * @module
 */
import { resolve } from "node:path";
import { readJsonFile, validateStructure } from "../formats/json_input.ts";
import type { RelPlan } from "../ir/plan.ts";
import { relPlanSchema } from "../ir/schema.ts";
import { liftLegacyPlan } from "../legacy/lift.ts";
import type { LegacyPlan } from "../legacy/plan.ts";
import { legacyPlanSchema } from "../legacy/schema.ts";
import { isRelPlanJson } from "../migration/load.ts";

/** A plan file, read and validated. */
export type PlanFile =
  | { readonly kind: "relplan"; readonly plan: RelPlan; readonly warnings: readonly string[] }
  | {
    readonly kind: "legacy";
    readonly legacy: LegacyPlan;
    /** The legacy plan lifted to a RelPlan. */
    readonly plan: RelPlan;
    readonly warnings: readonly string[];
  };

/** Read a RelPlan or legacy plan file (path as given by the user). */
export async function readPlanFile(file: string): Promise<PlanFile> {
  const raw = await readJsonFile(resolve(file), file);
  if (isRelPlanJson(raw)) {
    const plan = validateStructure(relPlanSchema, raw, file);
    const w = plan["x-migrate-warnings"];
    return { kind: "relplan", plan, warnings: Array.isArray(w) ? w.map(String) : [] };
  }
  const legacy = validateStructure(legacyPlanSchema, raw, file);
  const { plan, warnings } = liftLegacyPlan(legacy, { file });
  return { kind: "legacy", legacy, plan, warnings };
}
