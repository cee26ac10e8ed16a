/**
 * The gate of a bundle (SPEC section 10): open when nothing blocks it, with
 * the blockers listed and the legacy plans that can be retired now.
 *
 * A rule blocks the gate when its verdict is `divergent`, `drifted`,
 * `broken` or `unmigrated`; when it is `equivalent` under
 * `policy.ast: "require_equal"` with no `ast` allowance; when one of its
 * allowances is expired or stale; and, under `policy.snapshots: "require"`,
 * when its snapshot is missing, pending or must be re-recorded. Snapshots of
 * rules that no longer exist block it too under that policy.
 *
 * A rule's legacy plan is retirable when the rule blocks nothing and every
 * upstream rule is retirable (transitively).
 *
 * @module
 */
import type { BundleGate, GateBlocker, PolicyJson, RuleResult, SnapshotStatus } from "./model.ts";
import { isGreen } from "./model.ts";

/** Options of {@linkcode decideGate}. */
export interface GateOptions {
  readonly policy: PolicyJson;
  /** Rules named by snapshot files that have no rule (sorted). */
  readonly obsoleteSnapshots?: readonly string[];
}

const SNAPSHOT_BLOCKS: Partial<Record<SnapshotStatus, [GateBlocker["reason"], string]>> = {
  missing: ["snapshot-missing", "no snapshot (write it with `snapshot --update`)"],
  pending: ["snapshot-pending", "new snapshot pending review (accept it with `snapshot --accept`)"],
  "re-record": [
    "snapshot-re-record",
    "snapshot written by another relgate version (re-record it with `snapshot --update`)",
  ],
};

/**
 * Everything that keeps one rule from passing, in a fixed order: its
 * verdict, the AST policy, its allowances, its snapshot.
 *
 * @example
 * ```ts
 * import { ruleBlockers } from "./gate.ts";
 * import type { RuleResult } from "./model.ts";
 * function reasons(r: RuleResult): string[] {
 *   return ruleBlockers(r, { ast: "report", snapshots: "off" }).map((b) => b.reason);
 * }
 * ```
 */
export function ruleBlockers(rule: RuleResult, policy: PolicyJson): GateBlocker[] {
  const out: GateBlocker[] = [];
  const name = rule.name;
  if (!isGreen(rule.verdict)) {
    out.push({ rule: name, reason: rule.verdict, message: rule.message });
  } else if (policy.ast === "require_equal") {
    const ast = rule.differences.find((d) => d.kind === "ast");
    if (ast !== undefined && ast.excused_by.length === 0) {
      out.push({
        rule: name,
        reason: "require-equal",
        message: `policy ast: require_equal needs identical ASTs: ${ast.message}`,
      });
    }
  }
  for (const a of rule.allowances) {
    if (a.status === "expired") {
      out.push({
        rule: name,
        reason: "allowance-expired",
        message: `allowance ${JSON.stringify(a.diff)} expired (until ${a.until}): ${a.reason}`,
      });
    } else if (a.status === "stale") {
      out.push({
        rule: name,
        reason: "allowance-stale",
        message: `allowance ${JSON.stringify(a.diff)} excuses nothing; remove it`,
      });
    }
  }
  if (policy.snapshots === "require" && rule.snapshot !== null) {
    const block = SNAPSHOT_BLOCKS[rule.snapshot.status];
    if (block !== undefined) out.push({ rule: name, reason: block[0], message: block[1] });
  }
  return out;
}

/**
 * Decide the gate of one bundle from its judged rules.
 *
 * @example
 * ```ts
 * import { decideGate } from "./gate.ts";
 * const gate = decideGate([], { policy: { ast: "report", snapshots: "require" } });
 * gate.open; // true
 * ```
 */
export function decideGate(rules: readonly RuleResult[], options: GateOptions): BundleGate {
  const blockers: GateBlocker[] = [];
  const own = new Map<string, GateBlocker[]>();
  for (const r of rules) {
    const b = ruleBlockers(r, options.policy);
    own.set(r.name, b);
    blockers.push(...b);
  }
  if (options.policy.snapshots === "require") {
    for (const name of options.obsoleteSnapshots ?? []) {
      blockers.push({
        rule: name,
        reason: "snapshot-obsolete",
        message: `snapshot of a rule that no longer exists (remove it with \`snapshot --update\`)`,
      });
    }
  }

  const byName = new Map(rules.map((r) => [r.name, r]));
  const why = new Map<string, string | null>();
  function reason(name: string, visiting: Set<string>): string | null {
    const known = why.get(name);
    if (known !== undefined) return known;
    const rule = byName.get(name);
    if (rule === undefined) return "not audited";
    if (visiting.has(name)) return "upstream cycle";
    visiting.add(name);
    let result: string | null = own.get(name)?.[0]?.reason ?? null;
    if (result === null) {
      for (const up of [...rule.upstream].sort()) {
        const upReason = reason(up, visiting);
        if (upReason !== null) {
          result = byName.has(up) ? `upstream ${up} not retirable` : `upstream ${up} not audited`;
          break;
        }
      }
    }
    visiting.delete(name);
    why.set(name, result);
    return result;
  }

  const retirable: string[] = [];
  const notRetirable: { rule: string; reason: string }[] = [];
  for (const r of rules) {
    const w = reason(r.name, new Set());
    if (w === null) retirable.push(r.name);
    else notRetirable.push({ rule: r.name, reason: w });
  }
  return { open: blockers.length === 0, blockers, retirable, not_retirable: notRetirable };
}
