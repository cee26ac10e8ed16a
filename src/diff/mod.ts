/**
 * Diffs: the AST diff between two canonical plans (GumTree-style edit
 * scripts with moves) and the output diff between two Arrow tables.
 *
 * @module
 */
export {
  applyAstEdits,
  type AstDiffOptions,
  type AstEdit,
  astEditsToJson,
  diffAst,
} from "./ast_diff.ts";
export { renderAstDiff, type RenderAstDiffOptions } from "./ast_render.ts";
export {
  type ColumnDiff,
  diffOutputs,
  type DiffSample,
  type OutputDiff,
  type OutputDiffOptions,
  type RowCounts,
  type Tolerance,
} from "./output_diff.ts";
