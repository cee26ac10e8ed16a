/**
 * Checking a bundle run's new-lane outputs against their golden snapshots
 * (rule by rule, while the run goes on, so no output is kept longer than
 * needed), and building the snapshots to write.
 *
 * @module
 */
import { RELGATE_VERSION } from "../version.ts";
import type { BundleInput } from "../gate/model.ts";
import {
  buildSnapshot,
  obsoleteMessage,
  type Snapshot,
  type SnapshotStore,
} from "../snapshot/mod.ts";
import type { BoundParam } from "../duckdb/sql_render.ts";
import type { BundleRun, RuleContext, RuleRun } from "./runner.ts";

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

/** The snapshot of one rule's new lane run, if the new lane ran. */
export function snapshotOf(ctx: RuleContext, rr: RuleRun): Snapshot | undefined {
  if (!rr.newTable || !rr.newCanonical || rr.sql === undefined || !rr.input) return undefined;
  return buildSnapshot({
    rule: rr.rule.name,
    bundle: ctx.bundle.name,
    relgateVersion: RELGATE_VERSION,
    duckdbVersion: ctx.session.profile.duckdb_version,
    signature: rr.input.signatures.new!,
    canonical: rr.newCanonical,
    sql: rr.sql,
    parameters: rr.bound?.map((p) => bundleRelative(ctx.bundle.dir, p)),
    table: rr.newTable,
    lineage: rr.lineage ?? {},
  });
}

/** What checking a run against its snapshots found, for people. */
export interface SnapshotNotes {
  /** One message per rule that does not match, then per obsolete snapshot. */
  readonly messages: readonly string[];
  /** Field-by-field diffs of changed snapshots. */
  readonly diffs: readonly string[];
}

/** Whether every rule of the bundle ran and none failed (no shard, no selection). */
export function runComplete(run: BundleRun): boolean {
  return run.complete && run.runs.every((r) => !r.input || r.input.errors.length === 0);
}

/**
 * Checks each reported rule against its snapshot as the run goes on (pass
 * {@link SnapshotChecker.onRule} as the runner's `onRule`), writing pending
 * files as the store allows; {@link SnapshotChecker.finish} adds the
 * bundle-wide part (obsolete snapshots, folders) to the report input.
 */
export class SnapshotChecker {
  readonly #store: SnapshotStore;
  readonly #messages: string[] = [];
  readonly #diffs: string[] = [];

  /** Check against `store`. */
  constructor(store: SnapshotStore) {
    this.#store = store;
  }

  /** Check one rule (the runner's `onRule`). */
  onRule = async (rr: RuleRun, ctx: RuleContext): Promise<void> => {
    if (!rr.reported || !rr.input || !rr.rule.relPlan) return;
    if (ctx.bundle.policy.snapshots === "off") {
      rr.input = {
        ...rr.input,
        snapshot: { status: "off", path: null, pending_path: null, fields: [] },
      };
      return;
    }
    const fresh = snapshotOf(ctx, rr);
    if (!fresh) return;
    const outcome = await this.#store.check(fresh);
    rr.input = {
      ...rr.input,
      snapshot: outcome.check,
      signatures: { ...rr.input.signatures, snapshot: outcome.old?.signature ?? null },
    };
    if (outcome.message) this.#messages.push(outcome.message);
    if (outcome.diff) this.#diffs.push(outcome.diff);
  };

  /** The report input of the finished run, with obsolete snapshots and folders. */
  async finish(
    run: BundleRun,
    ruleGlobs: readonly string[],
  ): Promise<{ input: BundleInput; notes: SnapshotNotes }> {
    const store = this.#store;
    const obsolete = run.bundle.policy.snapshots === "off" ? [] : await store.obsolete(
      run.bundle.name,
      { rules: run.bundle.rules.map((r) => r.name), ruleGlobs, complete: runComplete(run) },
    );
    for (const rule of obsolete) {
      const path = store.reportPath(store.snapshotFile(run.bundle.name, rule));
      this.#messages.push(obsoleteMessage(run.bundle.name, rule, path));
    }
    return {
      input: { ...run.input, snapshots: { ...store.folders(run.bundle.name), obsolete } },
      notes: { messages: [...this.#messages], diffs: [...this.#diffs] },
    };
  }
}
