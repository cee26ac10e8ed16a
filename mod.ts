/**
 * relgate: run each rule of a relational pipeline from its legacy plan and
 * from its typed RelPlan, diff plans, signatures and outputs, keep golden
 * snapshots, and gate the retirement of the legacy plan lane.
 *
 * Run as a program it is the CLI (`deno run -A mod.ts <command>`); imported
 * it is the public API.
 *
 * @module
 */
export * from "./src/errors.ts";
export * from "./src/ir/mod.ts";
export { liftLegacyPlan, type LiftResult } from "./src/legacy/lift.ts";
export type { LegacyOp, LegacyPlan, PcExpr } from "./src/legacy/plan.ts";
export { PC_AGGREGATES, PC_FUNCTIONS, renderMappingTable } from "./src/legacy/functions.ts";
export { loadBundle, type LoadedBundle, type LoadedRule } from "./src/migration/load.ts";
export { main, RELGATE_VERSION } from "./src/cli/main.ts";

import { main } from "./src/cli/main.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
