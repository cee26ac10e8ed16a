/**
 * Checking a bundle run's new-lane outputs against their golden snapshots,
 * and building the snapshots to write.
 *
 * @module
 */
import { RELGATE_VERSION } from "../version.ts";
import type { BundleInput, RuleInput } from "../gate/model.ts";
import {
  buildSnapshot,
  obsoleteMessage,
  type Snapshot,
  type SnapshotStore,
} from "../snapshot/mod.ts";
import type { BundleRun, RuleRun } from "./runner.ts";
import type { BoundParam } from "../duckdb/sql_render.ts";

/** The snapshot of one rule's new lane run, if the new lane ran. */
export function snapshotOf(run: BundleRun, rr: RuleRun): Snapshot | undefined {
  if (!rr.newTable || !rr.newCanonical || rr.sql === undefined || !rr.input) return undefined;
  return buildSnapshot({
    rule: rr.rule.name,
    bundle: run.bundle.name,
    relgateVersion: RELGATE_VERSION,
    duckdbVersion: run.session.profile.duckdb_version,
    signature: rr.input.signatures.new!,
    canonical: rr.newCanonical,
    sql: rr.sql,
    parameters: rr.bound?.map((p) => bundleRelative(run.bundle.dir, p)),
    table: rr.newTable,
    lineage: rr.lineage ?? {},
  });
}

/**
 * A bound parameter with the bundle folder stripped from file paths (dataset
 * reads bind absolute paths), so snapshots do not depend on where the bundle
 * lives.
 */
function bundleRelative(dir: string, p: BoundParam): BoundParam {
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  return typeof p.value === "string" && p.value.startsWith(prefix)
    ? { ...p, value: p.value.slice(prefix.length) }
    : p;
}

/** What checking a run against its snapshots found, for people. */
export interface SnapshotNotes {
  /** One message per rule that does not match, then per obsolete snapshot. */
  readonly messages: readonly string[];
  /** Field-by-field diffs of changed snapshots. */
  readonly diffs: readonly string[];
}

/** Whether every reported rule ran (no shard, no selection, no failure). */
export function runComplete(run: BundleRun): boolean {
  return run.complete && run.runs.every((r) => !r.input || r.input.errors.length === 0);
}

/**
 * Check every reported rule of a run against its snapshot (writing pending
 * files as the store allows) and fill the report's snapshot fields.
 */
export async function checkSnapshots(
  run: BundleRun,
  store: SnapshotStore,
  options: { ruleGlobs: readonly string[] },
): Promise<{ input: BundleInput; notes: SnapshotNotes }> {
  const messages: string[] = [];
  const diffs: string[] = [];
  const off = run.bundle.policy.snapshots === "off";
  const rules: RuleInput[] = [];
  for (const rr of run.runs) {
    if (!rr.reported || !rr.input) continue;
    let input = rr.input;
    if (rr.rule.relPlan) {
      const fresh = snapshotOf(run, rr);
      if (off) {
        input = {
          ...input,
          snapshot: { status: "off", path: null, pending_path: null, fields: [] },
        };
      } else if (fresh) {
        const outcome = await store.check(fresh);
        input = {
          ...input,
          snapshot: outcome.check,
          signatures: { ...input.signatures, snapshot: outcome.old?.signature ?? null },
        };
        if (outcome.message) messages.push(outcome.message);
        if (outcome.diff) diffs.push(outcome.diff);
      }
    }
    rules.push(input);
  }
  const names = run.bundle.rules.map((r) => r.name);
  const obsolete = off ? [] : await store.obsolete(run.bundle.name, {
    rules: names,
    ruleGlobs: options.ruleGlobs,
    complete: runComplete(run),
  });
  for (const rule of obsolete) {
    const path = store.reportPath(store.snapshotFile(run.bundle.name, rule));
    messages.push(obsoleteMessage(run.bundle.name, rule, path));
  }
  const folders = store.folders(run.bundle.name);
  return {
    input: { ...run.input, rules, snapshots: { ...folders, obsolete } },
    notes: { messages, diffs },
  };
}
