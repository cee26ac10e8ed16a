/**
 * The new lane: RelPlans on embedded DuckDB through a SQL AST and one
 * renderer.
 *
 * - `config.ts`: backend config, runtime profile, {@linkcode openSession}
 * - `datasets.ts`: manifest datasets as scan sources, schemas, Arrow reads
 * - `sql_ast.ts` / `sql_render.ts`: the SQL tree and the only SQL writer
 * - `compile.ts`: RelPlan -> SQL AST with SPEC semantics
 * - `run.ts`: {@linkcode runRelPlan}, {@linkcode explainSql}
 * - `write.ts`: {@linkcode writeTable} by extension, atomic
 *
 * @module
 */
export {
  type CliOverrides,
  type EffectiveProfile,
  openSession,
  resolveSettings,
  type Session,
  type SessionOptions,
} from "./config.ts";
export {
  datasetOrdering,
  datasetSchema,
  datasetSource,
  readDatasetArrow,
  registerDataset,
  registerDatasets,
} from "./datasets.ts";
export { type CompileEnv, compilePlan, type ScanSource } from "./compile.ts";
export {
  explainSql,
  registerArrowRelation,
  type RunOptions,
  runRelPlan,
  type RunResult,
} from "./run.ts";
export { type CompiledSql, quoteIdent, renderSql } from "./sql_render.ts";
export { outputFormat, writeTable } from "./write.ts";
