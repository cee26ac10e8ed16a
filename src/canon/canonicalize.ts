/**
 * The canonicalizer: runs the passes of `passes/mod.ts` in their fixed order,
 * over and over, until a whole round changes nothing.
 *
 * @module
 */
import { canonicalJson } from "./canonical_json.ts";
import { PASSES } from "./passes/mod.ts";
import type {
  CanonicalPlan,
  CanonInput,
  CanonPass,
  CanonResult,
  PassContext,
  WorkPlan,
} from "./types.ts";

/** A fresh per-run context: canonical JSON keys cached per (immutable) node. */
export function newPassContext(): PassContext {
  const cache = new WeakMap<object, string>();
  return {
    key(node: unknown): string {
      if (typeof node !== "object" || node === null) return canonicalJson(node);
      let k = cache.get(node);
      if (k === undefined) {
        k = canonicalJson(node);
        cache.set(node, k);
      }
      return k;
    },
  };
}

/** Rounds after which the runner gives up (a pass that never settles is a bug). */
const MAX_ROUNDS = 64;

/**
 * Apply `passes` in order, round after round, until a whole round changes
 * nothing. Returns the plan and the names of the passes that changed
 * something (deduplicated, in first-fired order).
 *
 * Every pass is idempotent (tested per pass), so a pass is skipped when the
 * plan is still the very object it returned last time.
 */
export function runPasses(
  plan: WorkPlan,
  passes: readonly CanonPass[],
): { plan: WorkPlan; fired: string[] } {
  const cx = newPassContext();
  const fired: string[] = [];
  const lastOutput = new Array<WorkPlan | undefined>(passes.length);
  let p = plan;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (let i = 0; i < passes.length; i++) {
      if (lastOutput[i] === p) continue;
      const pass = passes[i]!;
      const q = pass.run(p, cx);
      lastOutput[i] = q;
      if (q !== p) {
        changed = true;
        if (!fired.includes(pass.name)) fired.push(pass.name);
        p = q;
      }
    }
    if (!changed) return { plan: p, fired };
  }
  throw new Error(`Cannot canonicalize: passes did not settle after ${MAX_ROUNDS} rounds`);
}

/**
 * Canonicalize a RelPlan (a new one or one lifted from a legacy plan).
 *
 * The canonical form (SPEC section 7) is what the AST diff compares and the
 * signature hashes. It never contains the plan `name` (a lifted legacy plan
 * and a RelPlan with the same meaning must match whatever they are called)
 * nor any `x-...` key (kept but ignored by SPEC section 3). Every other field
 * takes part; defaults are written out, literal types are explicit.
 *
 * The contract, as Spark's `sameResult`: two plans whose results could differ
 * never get the same canonical form; missing an equivalence is acceptable.
 * Each rewrite is licensed by the properties the registry declares per
 * function.
 *
 * `fired` lists the passes that changed the plan, each once, in the order they
 * first fired; it is empty for a plan already in canonical form.
 *
 * @example
 * ```ts
 * import { canonicalize } from "./canonicalize.ts";
 * const { plan, fired } = canonicalize({
 *   relplan: 1,
 *   name: "r",
 *   ops: [{ op: "scan", dataset: "t" }, { op: "filter", predicate: { fn: "gt", args: [{ col: "x" }, { lit: 1 }] } }],
 * });
 * // plan.ops: [{op: "scan", dataset: "t", predicate: {fn: "lt", args: [{lit: 1, type: "int64"}, {col: "x"}]}}]
 * // fired: ["drop_extensions", "write_defaults", "type_literals", "orient_comparisons", "merge_filters"]
 * ```
 */
export function canonicalize(plan: CanonInput): CanonResult {
  const r = runPasses(plan as WorkPlan, PASSES);
  return Object.freeze({ plan: r.plan as CanonicalPlan, fired: Object.freeze(r.fired) });
}
