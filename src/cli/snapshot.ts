/**
 * `check` (new lane only, against the snapshots) and `snapshot --update |
 * --accept | --reject`: the insta-like snapshot workflow.
 *
 * @module
 */
import { RelgateError } from "../errors.ts";
import { loadBundle } from "../migration/load.ts";
import { runBundle } from "../migration/runner.ts";
import { runComplete, snapshotOf } from "../migration/snapshots.ts";
import type { SnapshotNotes } from "../migration/snapshots.ts";
import type { Snapshot } from "../snapshot/mod.ts";
import { COMMON_OPTIONS, listOpt } from "./args.ts";
import { auditReport } from "./audit.ts";
import type { Command } from "./command.ts";
import { render } from "../report/render.ts";
import { bundleDirs, emit, reportFormat, runnerOptions, snapshotStore } from "./run_options.ts";

const SNAPSHOT_OPTIONS = {
  "snapshot-dir": COMMON_OPTIONS["snapshot-dir"]!,
  "pending-dir": COMMON_OPTIONS["pending-dir"]!,
  ci: COMMON_OPTIONS.ci!,
  rule: COMMON_OPTIONS.rule!,
};

/** The check command. */
export const checkCommand: Command = {
  name: "check",
  summary: "new lane only, against the golden snapshots (fast regression check)",
  usage: "check [BUNDLE_DIR...] [options]",
  description: "On a mismatch a pending <rule>.snap.json.new is written beside the snapshot\n" +
    "(never with --ci, or when the CI environment variable is set) and a field-by-field\n" +
    "diff is printed. Exit 1 when any snapshot is missing, changed or obsolete.",
  options: COMMON_OPTIONS,
  async run(args, io) {
    const format = reportFormat(args);
    const notes: SnapshotNotes[] = [];
    const report = await auditReport(args, io, "check", { newLaneOnly: true, notes });
    let failed = false;
    for (const b of report.bundles) {
      for (const r of b.rules) {
        const s = r.snapshot;
        if (r.errors.length || (s && s.status !== "match" && s.status !== "off")) failed = true;
      }
      if (b.snapshots.obsolete.length) failed = true;
    }
    if (format === "text") {
      const lines: string[] = [];
      for (const b of report.bundles) {
        for (const r of b.rules) {
          const s = r.snapshot;
          const status = r.errors.length ? "broken" : s ? s.status : "no RelPlan";
          lines.push(`${status.padEnd(10)} ${r.name}`);
          for (const e of r.errors) lines.push(`  ${e.lane} error [${e.code}]: ${e.message}`);
        }
      }
      for (const n of notes) {
        lines.push(...n.messages, ...n.diffs);
      }
      lines.push(failed ? "check: FAILED" : "check: all snapshots match");
      await emit(args, io, lines.join("\n") + "\n");
    } else {
      await emit(args, io, render(report, format, {}));
    }
    return failed ? 1 : 0;
  },
};

/** The snapshot command. */
export const snapshotCommand: Command = {
  name: "snapshot",
  summary: "write (--update), promote (--accept) or delete (--reject) snapshots",
  usage: "snapshot [BUNDLE_DIR...] --update|--accept|--reject [--rule GLOB] [options]",
  description: "--update runs the new lane and rewrites every selected snapshot (and removes\n" +
    "obsolete ones after a complete run); --accept promotes pending .snap.json.new files;\n" +
    "--reject deletes them.",
  options: {
    ...COMMON_OPTIONS,
    ...SNAPSHOT_OPTIONS,
    update: { type: "boolean", help: "run the new lane and rewrite the snapshots" },
    accept: { type: "boolean", help: "promote pending snapshots" },
    reject: { type: "boolean", help: "delete pending snapshots" },
  },
  async run(args, io) {
    const modes = ["update", "accept", "reject"].filter((m) => args.values[m] === true);
    if (modes.length !== 1) {
      throw new RelgateError({
        code: "usage",
        message: "snapshot needs exactly one of --update, --accept, --reject",
        hint: 'run "relgate check" to compare with the snapshots',
      });
    }
    const store = snapshotStore(args, true);
    const ruleGlobs = listOpt(args, "rule");
    let failed = false;
    for (const dir of await bundleDirs(args)) {
      const bundle = await loadBundle(dir);
      if (modes[0] === "accept" || modes[0] === "reject") {
        const done = modes[0] === "accept"
          ? await store.accept(bundle.name, { ruleGlobs })
          : await store.reject(bundle.name, { ruleGlobs });
        const verb = modes[0] === "accept" ? "accepted" : "rejected";
        io.stdout(`${bundle.name}: ${verb} ${done.length} pending snapshot(s)\n`);
        for (const r of done) io.stdout(`  ${r}\n`);
        continue;
      }
      const snaps: Snapshot[] = [];
      const run = await runBundle(bundle, {
        ...runnerOptions(args, io),
        newLaneOnly: true,
        onRule: (rr, ctx) => {
          if (!rr.reported || !rr.rule.relPlan) return Promise.resolve();
          const s = snapshotOf(ctx, rr);
          if (s) snaps.push(s);
          else {
            failed = true;
            for (const e of rr.input?.errors ?? []) {
              io.stderr(`${rr.rule.name}: ${e.lane} lane failed [${e.code}]: ${e.message}\n`);
            }
          }
          return Promise.resolve();
        },
      });
      try {
        const out = await store.update(bundle.name, snaps, {
          rules: bundle.rules.map((r) => r.name),
          ruleGlobs,
          complete: runComplete(run),
        });
        io.stdout(
          `${bundle.name}: wrote ${out.written.length} snapshot(s)` +
            (out.removed.length ? `, removed ${out.removed.length} obsolete` : "") + "\n",
        );
        for (const r of out.removed) io.stdout(`  removed ${r}\n`);
      } finally {
        run.session.close();
      }
    }
    return failed ? 1 : 0;
  },
};
