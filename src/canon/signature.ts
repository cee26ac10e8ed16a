/**
 * Plan and bundle signatures (SPEC section 7): sha256 over canonical JSON.
 * Signatures depend on nothing but the canonical plans: not on data, machine,
 * time, file paths, plan names or `x-...` keys.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { RelgateError } from "../errors.ts";
import { canonicalJson } from "./canonical_json.ts";
import { canonicalize } from "./canonicalize.ts";
import { compareCodePoints } from "./_fold_eval.ts";
import type { CanonicalPlan, CanonInput } from "./types.ts";

/** Version of the canonical form; part of every plan signature. */
export const RELGATE_CANON_VERSION = 1;

/** Lowercase hex sha256 of a string's UTF-8 bytes. */
function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Sign a plan that is already canonical: lowercase hex sha256 of the RFC 8785
 * JSON of `{"relgate_canon": RELGATE_CANON_VERSION, "plan": plan}`.
 *
 * @example
 * ```ts
 * import { canonicalize, signCanonical } from "./mod.ts";
 * const sig = signCanonical(canonicalize({ relplan: 1, name: "r", ops: [{ op: "scan", dataset: "t" }] }).plan);
 * sig.length; // 64
 * ```
 */
export function signCanonical(canonicalPlan: CanonicalPlan): string {
  return sha256Hex(canonicalJson({ relgate_canon: RELGATE_CANON_VERSION, plan: canonicalPlan }));
}

/**
 * Canonicalize a plan and sign the result.
 *
 * @example
 * ```ts
 * import { planSignature } from "./mod.ts";
 * const a = planSignature({ relplan: 1, name: "a", ops: [{ op: "scan", dataset: "t", columns: ["x", "y"] }, { op: "aggregate", group_by: ["x"], measures: [] }] });
 * const b = planSignature({ relplan: 1, name: "b", ops: [{ op: "scan", dataset: "t", columns: ["y", "x"] }, { op: "aggregate", group_by: ["x"], measures: [] }] });
 * a === b; // true
 * ```
 */
export function planSignature(plan: CanonInput): string {
  return signCanonical(canonicalize(plan).plan);
}

/** One rule of a bundle, as the bundle signature sees it. */
export interface BundleRuleSignature {
  /** Rule name. */
  readonly name: string;
  /** The rule's plan signature. */
  readonly signature: string;
  /** Names of the rules whose outputs it scans. */
  readonly upstream: readonly string[];
}

/**
 * Sign a bundle: sha256 over the canonical JSON of its rules sorted by name
 * (code point order), each `{name, signature, upstream}` with `upstream`
 * sorted and without repeats. Throws a RelgateError for a repeated rule name.
 *
 * @example
 * ```ts
 * import { bundleSignature } from "./mod.ts";
 * bundleSignature([{ name: "b", signature: "00", upstream: ["a"] }, { name: "a", signature: "11", upstream: [] }]).length; // 64
 * ```
 */
export function bundleSignature(rules: readonly BundleRuleSignature[]): string {
  const sorted = [...rules].sort((a, b) => compareCodePoints(a.name, b.name));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.name === sorted[i]!.name) {
      throw new RelgateError({
        code: "duplicate-rule",
        message: `Cannot sign the bundle: rule "${sorted[i]!.name}" appears twice`,
        hint: "give every rule a unique name",
      });
    }
  }
  const body = sorted.map((r) => ({
    name: r.name,
    signature: r.signature,
    upstream: [...new Set(r.upstream)].sort(compareCodePoints),
  }));
  return sha256Hex(canonicalJson(body));
}
