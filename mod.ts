/**
 * relgate: run each rule of a relational pipeline from its legacy plan and
 * from its typed RelPlan, diff plans, signatures and outputs, keep golden
 * snapshots, and gate the retirement of the legacy plan lane.
 *
 * Run as a program it is the CLI (`deno run -A mod.ts <command>`); imported
 * it is the public API: the typed IR and RelPlan builder at the top level,
 * each later stage of the flow as a namespace.
 *
 * @example Signing a plan built in code
 * ```ts
 * import { builder as b, canon } from "./mod.ts";
 * const plan = b.scan("calls").filter(b.gt(b.col("score"), b.lit(0.5))).build("p");
 * canon.planSignature(plan).length; // 64
 * ```
 *
 * @module
 */
export * from "./src/errors.ts";
export * from "./src/ir/mod.ts";
export { liftLegacyPlan, type LiftResult } from "./src/legacy/lift.ts";
export type { LegacyOp, LegacyPlan, PcExpr } from "./src/legacy/plan.ts";
export { PC_AGGREGATES, PC_FUNCTIONS, renderMappingTable } from "./src/legacy/functions.ts";
export { runLegacyPlan } from "./src/legacy/exec/mod.ts";
export { loadBundle, type LoadedBundle, type LoadedRule } from "./src/migration/load.ts";
export { type BundleRun, runBundle, type RunnerOptions } from "./src/migration/runner.ts";
export { openSession, type Session } from "./src/duckdb/config.ts";
export { explainSql, runRelPlan } from "./src/duckdb/run.ts";
export * as canon from "./src/canon/mod.ts";
export * as diff from "./src/diff/mod.ts";
export * as gate from "./src/gate/mod.ts";
export * as report from "./src/report/mod.ts";
export * as snapshot from "./src/snapshot/mod.ts";
export { main } from "./src/cli/main.ts";
export { RELGATE_VERSION } from "./src/version.ts";

import { main } from "./src/cli/main.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
