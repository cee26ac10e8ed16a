/**
 * Types shared by the canonicalizer: the canonical plan, the working plan the
 * passes rewrite, and the pass interface.
 *
 * @module
 */
import type { Ordering, ParamDecl, RelOp, RelPlan, SchemaFieldJson } from "../ir/plan.ts";

/**
 * A plan in canonical form (SPEC section 7): a RelPlan without `name` and
 * without `x-...` keys, with every default written out (`params` and
 * `ordering` always present). It is still a valid RelPlan body: it can be
 * validated and run as it is.
 */
export interface CanonicalPlan {
  /** Always 1. */
  readonly relplan: 1;
  /** Declared parameters, including those hoisted from inline `param` ops. */
  readonly params: Readonly<Record<string, ParamDecl>>;
  /** The canonical pipeline. */
  readonly ops: readonly RelOp[];
  /** Output ordering (`{"level": "unordered"}` when the plan had none). */
  readonly ordering: Ordering;
  /** The output schema contract, when the plan has one. */
  readonly schema?: readonly SchemaFieldJson[];
}

/**
 * The plan shape the passes read and write: a RelPlan or a canonical plan,
 * with any extra keys (`x-...` until they are dropped).
 */
export interface WorkPlan {
  /** Always 1. */
  readonly relplan: 1;
  /** Plan name (dropped by the first pass). */
  readonly name?: string;
  /** Declared parameters. */
  readonly params?: Readonly<Record<string, ParamDecl>>;
  /** The pipeline. */
  readonly ops: readonly RelOp[];
  /** Output ordering. */
  readonly ordering?: Ordering;
  /** Output schema contract. */
  readonly schema?: readonly SchemaFieldJson[];
  /** Extra keys (`x-...`). */
  readonly [extra: string]: unknown;
}

/** Per-run services the passes share (a cache of canonical JSON keys). */
export interface PassContext {
  /** Canonical JSON of a node, used as its sort and dedupe key. Nodes are never mutated. */
  readonly key: (node: unknown) => string;
}

/**
 * One canonicalization pass: a pure function of a plan. It returns the very
 * same object when it changes nothing, which is how the runner detects a
 * fixed point.
 */
export interface CanonPass {
  /** Stable name, reported in {@link CanonResult.fired}. */
  readonly name: string;
  /** Rewrite a plan; return the input object itself when nothing changes. */
  readonly run: (plan: WorkPlan, cx: PassContext) => WorkPlan;
}

/** Result of {@link canonicalize}. */
export interface CanonResult {
  /** The canonical plan. */
  readonly plan: CanonicalPlan;
  /**
   * Names of the passes that changed something, deduplicated, in the order
   * each first fired. Empty for a plan already in canonical form.
   */
  readonly fired: readonly string[];
}

/** Anything canonicalize accepts: a RelPlan (new or lifted from legacy) or a canonical plan. */
export type CanonInput = RelPlan | CanonicalPlan;
