/**
 * One whole audit in a fresh process, measured: `bench/main.ts` runs this
 * for P5-P8 so each audit's peak RSS is its own.
 *
 * ```sh
 * deno run -A bench/_audit_child.ts BUNDLE_DIR [--threads N]
 * ```
 *
 * Prints one JSON line ({@linkcode AuditMeasurement}) on stdout. The audit is
 * what `relgate audit --format json` does: load and validate the bundle, run
 * both lanes over the rule DAG, canonicalize, AST and output diffs, verdicts,
 * gate, the rendered JSON report.
 *
 * @module
 */
import { RELGATE_CANON_VERSION } from "../src/canon/mod.ts";
import { buildReport } from "../src/gate/build.ts";
import { loadBundle } from "../src/migration/load.ts";
import { runBundle } from "../src/migration/runner.ts";
import { render } from "../src/report/render.ts";
import { RELGATE_VERSION } from "../src/version.ts";
import { arrowBytes, procStatusBytes } from "./_util.ts";

/** What one measured audit reports. */
export interface AuditMeasurement {
  readonly dir: string;
  /** Load to rendered report, ms (in process; excludes process start). */
  readonly audit_ms: number;
  /** Sum over rules of the legacy lane's run time, ms. */
  readonly legacy_ms: number;
  /** Sum over rules of the new lane's run time, ms. */
  readonly new_ms: number;
  /** Sum over rules of the output diff time, ms. */
  readonly diff_ms: number;
  /** Everything else (load, validate, canon, AST diff, upstream hand-over, report), ms. */
  readonly other_ms: number;
  /** Report build + render, ms. */
  readonly report_ms: number;
  /** RSS before the audit started (after imports), bytes. */
  readonly rss_before: number | null;
  /** Peak RSS of the process (VmHWM), bytes. */
  readonly peak_rss: number | null;
  /** Arrow bytes of the legacy lane's outputs (all rules). */
  readonly legacy_arrow_bytes: number;
  /** Arrow bytes of the new lane's outputs (all rules). */
  readonly new_arrow_bytes: number;
  readonly rules: number;
  /** Output rows per lane (all rules). */
  readonly legacy_rows: number;
  readonly new_rows: number;
  /** Verdict counts. */
  readonly verdicts: Readonly<Record<string, number>>;
  readonly gate_open: boolean;
  /** Per rule: name, verdict, legacy/new/diff ms. */
  readonly per_rule: readonly {
    name: string;
    verdict: string;
    legacy_ms: number;
    new_ms: number;
    diff_ms: number;
  }[];
}

/** Run one audit of `dir` and measure it. */
export async function measureAudit(
  dir: string,
  options: { threads?: number } = {},
): Promise<AuditMeasurement> {
  const rssBefore = procStatusBytes("VmRSS") ?? null;
  const t0 = performance.now();
  const bundle = await loadBundle(dir);
  let legacyBytes = 0;
  let newBytes = 0;
  let legacyRows = 0;
  let newRows = 0;
  // Count output bytes as each rule finishes: the runner drops outputs no later rule reads.
  const run = await runBundle(bundle, {
    ...(options.threads ? { cli: { threads: options.threads } } : {}),
    onRule: (r) => {
      if (r.legacyTable) {
        legacyBytes += arrowBytes(r.legacyTable);
        legacyRows += r.legacyTable.numRows;
      }
      if (r.newTable) {
        newBytes += arrowBytes(r.newTable);
        newRows += r.newTable.numRows;
      }
      return Promise.resolve();
    },
  });
  const t1 = performance.now();
  let text: string;
  let report;
  try {
    report = buildReport({
      relgate_version: RELGATE_VERSION,
      canon_version: RELGATE_CANON_VERSION,
      invocation: { command: "audit", ci: false, isolate: false, shard: null, rule_globs: [] },
      bundles: [{ ...run.input, snapshots: { dir: null, pending_dir: null, obsolete: [] } }],
      timings: { total: 0 },
    });
    text = render(report, "json");
  } finally {
    run.session.close();
  }
  const t2 = performance.now();
  if (text.length === 0) throw new Error("empty report");
  const verdicts: Record<string, number> = {};
  const perRule = report.bundles[0]!.rules.map((r) => {
    verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
    const t = r.timings as Record<string, number>;
    return {
      name: r.name,
      verdict: r.verdict,
      legacy_ms: t.legacy ?? 0,
      new_ms: t.new ?? 0,
      diff_ms: t.diff ?? 0,
    };
  });
  const sum = (k: "legacy_ms" | "new_ms" | "diff_ms") => perRule.reduce((a, r) => a + r[k], 0);
  return {
    dir,
    audit_ms: t2 - t0,
    legacy_ms: sum("legacy_ms"),
    new_ms: sum("new_ms"),
    diff_ms: sum("diff_ms"),
    other_ms: t2 - t0 - sum("legacy_ms") - sum("new_ms") - sum("diff_ms"),
    report_ms: t2 - t1,
    rss_before: rssBefore,
    peak_rss: procStatusBytes("VmHWM") ?? null,
    legacy_arrow_bytes: legacyBytes,
    new_arrow_bytes: newBytes,
    rules: perRule.length,
    legacy_rows: legacyRows,
    new_rows: newRows,
    verdicts,
    gate_open: report.gate.open,
    per_rule: perRule,
  };
}

if (import.meta.main) {
  const dir = Deno.args[0];
  if (!dir) throw new Error("usage: _audit_child.ts BUNDLE_DIR [--threads N]");
  const ti = Deno.args.indexOf("--threads");
  const threads = ti >= 0 ? Number(Deno.args[ti + 1]) : undefined;
  const m = await measureAudit(dir, threads ? { threads } : {});
  console.log(JSON.stringify(m));
}
