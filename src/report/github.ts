/**
 * GitHub Actions workflow commands for a run: one `::error` annotation per
 * thing that blocks the gate (at most `max`, default 10, then one `::notice`
 * saying how many more), each followed by the rule's detail (AST and output
 * diff) in a collapsed group. Echoed detail text is wrapped in
 * `::stop-commands::<token>` ... `::<token>::` so nothing in it (SQL, plan
 * text, data) can run a workflow command; the token is the sha256 of the
 * echoed text, so the output is deterministic.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { BundleReport, GateBlocker, RunReport } from "../gate/model.ts";
import { plural } from "../gate/verdict.ts";
import { ruleDetailLines } from "./_detail.ts";
import { joinPath, visibleControls } from "./_util.ts";

/** Options of {@linkcode githubAnnotations}. */
export interface GithubOptions {
  /** Annotations before the `::notice` line (default 10, GitHub's per-step limit). */
  readonly max?: number;
  /** Echo each annotated rule's detail in a group (default true). */
  readonly details?: boolean;
}

/**
 * Escape a workflow command's data (the part after `::`).
 *
 * @example
 * ```ts
 * import { escapeData } from "./github.ts";
 * escapeData("50%\r\nok"); // "50%25%0D%0Aok"
 * ```
 */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * Escape a workflow command's property value (`file=`, `title=`).
 *
 * @example
 * ```ts
 * import { escapeProperty } from "./github.ts";
 * escapeProperty("a:b,c%"); // "a%3Ab%2Cc%25"
 * ```
 */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Wrap text in `::stop-commands::` so GitHub runs no command inside it.
 *
 * @example
 * ```ts
 * import { stopCommands } from "./github.ts";
 * stopCommands(["::error::not a command"]).length; // 3
 * ```
 */
export function stopCommands(lines: readonly string[]): string[] {
  const token = createHash("sha256").update(lines.join("\n"), "utf8").digest("hex");
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}

/**
 * The workflow command lines for a report (print each on its own line).
 *
 * @example
 * ```ts
 * import { githubAnnotations } from "./github.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function annotate(report: RunReport): void {
 *   for (const line of githubAnnotations(report)) console.log(line);
 * }
 * ```
 */
export function githubAnnotations(report: RunReport, options: GithubOptions = {}): string[] {
  const max = options.max ?? 10;
  const details = options.details ?? true;
  const items: { bundle: BundleReport; rule: string; blockers: GateBlocker[] }[] = [];
  for (const b of report.bundles) {
    const byRule = new Map<string, GateBlocker[]>();
    for (const x of b.gate.blockers) {
      const key = (x.reason === "snapshot-obsolete" ? "\u0000" : "") + x.rule;
      const list = byRule.get(key);
      if (list === undefined) {
        byRule.set(key, [x]);
        items.push({ bundle: b, rule: x.rule, blockers: byRule.get(key)! });
      } else list.push(x);
    }
  }
  const out: string[] = [];
  for (const item of items.slice(0, max)) {
    const b = item.bundle;
    const rule = b.rules.find((r) => r.name === item.rule);
    const obsolete = item.blockers[0]!.reason === "snapshot-obsolete";
    let file: string | null = null;
    if (obsolete) {
      if (b.snapshots.dir !== null) file = joinPath(b.snapshots.dir, `${item.rule}.snap.json`);
    } else if (rule !== undefined) {
      const p = rule.relplan ?? rule.legacy?.path ?? null;
      if (p !== null) file = joinPath(b.dir, p);
    }
    const props = [
      ...(file !== null ? [`file=${escapeProperty(file)}`] : []),
      `title=${escapeProperty(item.rule)}`,
    ];
    const message = item.blockers.map((x) => `${x.reason}: ${x.message}`).join("\n");
    out.push(`::error ${props.join(",")}::${escapeData(message)}`);
    if (details && rule !== undefined) {
      out.push(`::group::${escapeData(`${item.rule}: ${rule.verdict}`)}`);
      const lines = ruleDetailLines(b, rule).join("\n").split("\n").map((l) => visibleControls(l));
      out.push(...stopCommands(lines));
      out.push("::endgroup::");
    }
  }
  if (items.length > max) {
    out.push(`::notice::${plural(items.length - max, "more blocking rule")}`);
  }
  return out.map((l) => visibleControls(l));
}
