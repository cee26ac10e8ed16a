/**
 * Turn what the runner measured into the report: judge every rule, decide
 * each bundle's gate, list allowances and snapshots. Also merges shard
 * reports (`merge REPORT.json...`) by re-deciding from their rules, so the
 * merged report is the one a single run would have written (minus timings,
 * which are summed).
 *
 * @module
 */
import { RelgateError } from "../errors.ts";
import { decideGate } from "./gate.ts";
import type {
  AllowanceEntry,
  BundleInput,
  BundleReport,
  RuleInput,
  RuleResult,
  RunInput,
  RunReport,
  VerdictCounts,
} from "./model.ts";
import { VERDICTS } from "./model.ts";
import { judgeRule, utcToday } from "./verdict.ts";

/** Options of {@linkcode buildReport} and {@linkcode mergeReports}. */
export interface BuildOptions {
  /** Today as `YYYY-MM-DD` (UTC) for allowance expiry; default the current UTC date. */
  readonly today?: string;
}

/**
 * Judge one bundle's rules and decide its gate.
 *
 * @example
 * ```ts
 * import { buildBundle } from "./build.ts";
 * import type { BundleInput } from "./model.ts";
 * function judgeBundle(input: BundleInput) {
 *   return buildBundle(input, { today: "2026-11-01" }).gate.open;
 * }
 * ```
 */
export function buildBundle(input: BundleInput, options: BuildOptions = {}): BundleReport {
  const today = options.today ?? utcToday();
  const sorted = [...input.rules].sort((a, b) => a.index - b.index);
  const rules = sorted.map((r) => judgeRule(r, { policy: input.policy, today }));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<string, number>;
  for (const r of rules) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  const allowances: AllowanceEntry[] = rules.flatMap((r) =>
    r.allowances.map((a) => ({
      rule: r.name,
      diff: a.diff,
      reason: a.reason,
      until: a.until,
      status: a.status,
    }))
  );
  const withStatus = (s: string) =>
    rules.filter((r) => r.snapshot !== null && r.snapshot.status === s).map((r) => r.name);
  const obsolete = [...input.snapshots.obsolete].sort(compareCodePoints);
  return {
    name: input.name,
    dir: input.dir,
    signature: input.signature,
    policy: input.policy,
    runtime: input.runtime,
    params: input.params,
    counts: counts as VerdictCounts,
    gate: decideGate(rules, { policy: input.policy, obsoleteSnapshots: obsolete }),
    allowances,
    snapshots: {
      dir: input.snapshots.dir,
      pending_dir: input.snapshots.pending_dir,
      pending: withStatus("pending"),
      missing: withStatus("missing"),
      changed: withStatus("changed"),
      obsolete,
    },
    rules,
    timings: input.timings,
  };
}

/**
 * Build the run report: every bundle judged, the overall gate open when
 * every bundle's gate is.
 *
 * @example
 * ```ts
 * import { buildReport } from "./build.ts";
 * import type { RunInput } from "./model.ts";
 * function closedBundles(input: RunInput): readonly string[] {
 *   return buildReport(input).gate.closed_bundles;
 * }
 * ```
 */
export function buildReport(input: RunInput, options: BuildOptions = {}): RunReport {
  const bundles = input.bundles.map((b) => buildBundle(b, options));
  const closed = bundles.filter((b) => !b.gate.open).map((b) => b.name);
  return {
    relgate_version: input.relgate_version,
    canon_version: input.canon_version,
    invocation: input.invocation,
    gate: { open: closed.length === 0, closed_bundles: closed },
    bundles,
    timings: input.timings,
  };
}

/**
 * The runner's input for a judged rule (drops what judging added).
 *
 * @example
 * ```ts
 * import { ruleInputOf } from "./build.ts";
 * import type { RuleResult } from "./model.ts";
 * function allowancesOf(r: RuleResult) {
 *   return ruleInputOf(r).allow; // the manifest allowances again
 * }
 * ```
 */
export function ruleInputOf(r: RuleResult): RuleInput {
  return {
    name: r.name,
    index: r.index,
    output: r.output,
    legacy: r.legacy,
    relplan: r.relplan,
    upstream: r.upstream,
    key: r.key,
    tolerance: r.tolerance,
    allow: r.allowances.map((a) => ({ diff: a.diff, reason: a.reason, until: a.until })),
    signatures: r.signatures,
    ast_equal: r.ast_equal,
    ast_edits: r.ast_edits,
    ast_rendered: r.ast_rendered,
    output_diff: r.output_diff,
    snapshot: r.snapshot,
    errors: r.errors,
    warnings: r.warnings,
    lineage: r.lineage,
    timings: r.timings,
  };
}

/**
 * Merge shard reports into the report of one run: rules of the same bundle
 * are put together in manifest order and judged again; the gate is decided
 * again; timings are summed. Reports must come from the same relgate and
 * canon versions, and a bundle must have the same signature in every shard.
 *
 * @throws {RelgateError} `merge-mismatch` when the reports do not fit together.
 * @example
 * ```ts
 * import { mergeReports } from "./build.ts";
 * import type { RunReport } from "./model.ts";
 * function mergedGate(shards: RunReport[]): boolean {
 *   return mergeReports(shards).gate.open;
 * }
 * ```
 */
export function mergeReports(reports: readonly RunReport[], options: BuildOptions = {}): RunReport {
  const first = reports[0];
  if (first === undefined) {
    throw new RelgateError({ code: "merge-mismatch", message: "Cannot merge: no reports given" });
  }
  const bundles = new Map<
    string,
    {
      base: BundleReport;
      rules: Map<string, RuleInput>;
      obsolete: Set<string>;
      timings: Record<string, number>;
      pending: string | null;
    }
  >();
  for (const [i, rep] of reports.entries()) {
    if (
      rep.relgate_version !== first.relgate_version || rep.canon_version !== first.canon_version
    ) {
      throw mismatch(
        i,
        `relgate ${rep.relgate_version} (canon ${rep.canon_version}) differs from relgate ${first.relgate_version} (canon ${first.canon_version})`,
      );
    }
    for (const b of rep.bundles) {
      let acc = bundles.get(b.name);
      if (acc === undefined) {
        acc = { base: b, rules: new Map(), obsolete: new Set(), timings: {}, pending: null };
        bundles.set(b.name, acc);
      } else if (acc.base.signature !== b.signature) {
        throw mismatch(
          i,
          `bundle ${b.name} has signature ${b.signature}, another report has ${acc.base.signature}`,
        );
      }
      for (const r of b.rules) {
        if (acc.rules.has(r.name)) {
          throw mismatch(i, `rule ${r.name} of bundle ${b.name} is in two reports`);
        }
        acc.rules.set(r.name, ruleInputOf(r));
      }
      for (const o of b.snapshots.obsolete) acc.obsolete.add(o);
      addTimings(acc.timings, b.timings);
      acc.pending ??= b.snapshots.pending_dir;
    }
  }
  const timings: Record<string, number> = {};
  for (const r of reports) addTimings(timings, r.timings);
  return buildReport({
    relgate_version: first.relgate_version,
    canon_version: first.canon_version,
    invocation: { ...first.invocation, command: "merge", shard: null },
    bundles: [...bundles.values()].map(({ base, rules, obsolete, timings, pending }) => ({
      name: base.name,
      dir: base.dir,
      signature: base.signature,
      policy: base.policy,
      runtime: base.runtime,
      params: base.params,
      snapshots: { dir: base.snapshots.dir, pending_dir: pending, obsolete: [...obsolete] },
      rules: [...rules.values()],
      timings,
    })),
    timings,
  }, options);
}

function mismatch(index: number, why: string): RelgateError {
  return new RelgateError({
    code: "merge-mismatch",
    message: `Cannot merge report ${index + 1}: ${why}`,
    hint: "merge only the shard reports of one run (same relgate version and bundles)",
  });
}

function addTimings(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Compare strings by code point (UTF-8 byte order), not UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}
