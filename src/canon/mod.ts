/**
 * Canonical form, signatures and lineage of RelPlans (SPEC sections 7 and 9).
 *
 * - {@link canonicalize}: a plan's canonical form and the passes that fired;
 * - {@link planSignature}, {@link signCanonical}, {@link bundleSignature}:
 *   sha256 signatures over RFC 8785 JSON ({@link canonicalJson});
 * - {@link columnLineage}: typed column lineage.
 *
 * The canonical form drops the plan `name` and every `x-...` key, so a lifted
 * legacy plan and a RelPlan with the same meaning match.
 *
 * @example
 * ```ts
 * import { planSignature } from "./mod.ts";
 * const scan = { op: "scan", dataset: "t" } as const;
 * const a = planSignature({ relplan: 1, name: "a", ops: [scan, { op: "filter", predicate: { fn: "gt", args: [{ col: "x" }, { lit: 1 }] } }] });
 * const b = planSignature({ relplan: 1, name: "b", ops: [{ ...scan, predicate: { fn: "lt", args: [{ lit: 1 }, { col: "x" }] } }] });
 * a === b; // true
 * ```
 *
 * @module
 */
export { canonicalize } from "./canonicalize.ts";
export { canonicalJson } from "./canonical_json.ts";
export {
  type BundleRuleSignature,
  bundleSignature,
  planSignature,
  RELGATE_CANON_VERSION,
  signCanonical,
} from "./signature.ts";
export {
  columnLineage,
  type Lineage,
  LINEAGE_KINDS,
  type LineageEdge,
  type LineageKind,
  type LineageOptions,
} from "./lineage.ts";
export { PASSES } from "./passes/mod.ts";
export type {
  CanonicalPlan,
  CanonInput,
  CanonPass,
  CanonResult,
  PassContext,
  WorkPlan,
} from "./types.ts";
