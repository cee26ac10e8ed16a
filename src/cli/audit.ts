/**
 * `audit` and `gate`: run every rule side by side, diff, check snapshots,
 * judge, report. `audit` exits 0 when it completed; `gate` exits 1 when the
 * gate is closed.
 *
 * @module
 */
import { RELGATE_CANON_VERSION } from "../canon/mod.ts";
import { buildReport } from "../gate/build.ts";
import type { BundleInput, RunReport } from "../gate/model.ts";
import { loadBundle } from "../migration/load.ts";
import { runBundle } from "../migration/runner.ts";
import { SnapshotChecker, type SnapshotNotes } from "../migration/snapshots.ts";
import { githubAnnotations } from "../report/github.ts";
import { render } from "../report/render.ts";
import { COMMON_OPTIONS, listOpt } from "./args.ts";
import type { Command, Io } from "./command.ts";
import type { ParsedArgs } from "./args.ts";
import {
  bundleDirs,
  emit,
  reportFormat,
  runnerOptions,
  shardOpt,
  snapshotStore,
} from "./run_options.ts";
import { RELGATE_VERSION } from "../version.ts";

/** Run the audit over bundles and build the report. */
export async function auditReport(
  args: ParsedArgs,
  io: Io,
  command: string,
  extra: { newLaneOnly?: boolean; notes?: SnapshotNotes[] } = {},
): Promise<RunReport> {
  const dirs = await bundleDirs(args);
  const options = { ...runnerOptions(args, io), newLaneOnly: extra.newLaneOnly ?? false };
  const store = snapshotStore(args, false);
  const t0 = performance.now();
  const bundles: BundleInput[] = [];
  for (const dir of dirs) {
    const bundle = await loadBundle(dir);
    const checker = new SnapshotChecker(store);
    const run = await runBundle(bundle, { ...options, onRule: checker.onRule });
    try {
      const checked = await checker.finish(run, options.ruleGlobs);
      bundles.push(checked.input);
      extra.notes?.push(checked.notes);
    } finally {
      run.session.close();
    }
  }
  const shard = shardOpt(args);
  return buildReport({
    relgate_version: RELGATE_VERSION,
    canon_version: RELGATE_CANON_VERSION,
    invocation: {
      command,
      ci: store.ci,
      isolate: args.values.isolate === true,
      shard: shard ? `${shard.index}/${shard.count}` : null,
      rule_globs: listOpt(args, "rule"),
    },
    bundles,
    timings: { total: Math.round((performance.now() - t0) * 1000) / 1000 },
  });
}

function auditLike(name: "audit" | "gate"): Command {
  return {
    name,
    summary: name === "audit"
      ? "run every rule side by side: AST, signature and output diffs, snapshots, verdicts"
      : "same as audit; the exit code is the gate (0 open, 1 closed)",
    usage: `${name} [BUNDLE_DIR...] [options]`,
    description: "Without BUNDLE_DIR, every folder of ./migrations is a bundle.",
    options: COMMON_OPTIONS,
    async run(args, io) {
      const format = reportFormat(args);
      const report = await auditReport(args, io, name);
      const color = format === "text" && !args.values.out && io.stdoutIsTty &&
        !Deno.env.get("NO_COLOR");
      await emit(args, io, render(report, format, { color }));
      // Workflow commands on stderr (the runner reads both streams), so a
      // report on stdout stays valid JSON/XML.
      if (name === "gate" && Deno.env.get("GITHUB_ACTIONS") === "true") {
        for (const line of githubAnnotations(report)) io.stderr(line + "\n");
      }
      return name === "audit" || report.gate.open ? 0 : 1;
    },
  };
}

/** The audit command. */
export const auditCommand: Command = auditLike("audit");
/** The gate command. */
export const gateCommand: Command = auditLike("gate");
