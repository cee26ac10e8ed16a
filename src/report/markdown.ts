/**
 * The Markdown report, for a CI job summary (GitHub `$GITHUB_STEP_SUMMARY`):
 * a one-line gate result, a counts table per bundle, the blockers, the
 * retirable rules, pending snapshots with the command that accepts them,
 * then one collapsible `<details>` per rule that blocks the gate with its
 * AST edits and sample rows. The output stays under `maxBytes` (default
 * 1 MiB, GitHub's limit) by dropping rule details from the end and saying
 * where the full report is.
 *
 * @module
 */
import type { BundleReport, RuleResult, RunReport } from "../gate/model.ts";
import { plural } from "../gate/verdict.ts";
import {
  acceptCommand,
  astLines,
  blockersOf,
  blockingRules,
  escapeHtml,
  notes,
  outputSummaryLines,
  sampleTable,
  visibleControls,
} from "./_util.ts";

/** Options of {@linkcode renderMarkdown}. */
export interface MarkdownOptions {
  /** Byte limit of the whole output (UTF-8), default 1 MiB. */
  readonly maxBytes?: number;
  /** Where the HTML report is, named when the output is truncated. */
  readonly htmlReport?: string | null;
  /** Blockers listed per bundle before `… N more` (default 50). */
  readonly maxBlockers?: number;
}

const MIB = 1024 * 1024;
const encoder = new TextEncoder();

function bytes(s: string): number {
  return encoder.encode(s).length;
}

/**
 * Escape text for Markdown inline content and table cells: the Markdown punctuation that can start emphasis, code, links, strikethrough
 * or a table cell (`\\ \` * _ [ ] | ~`) with a backslash, `&`, `<` and `>` as
 * entities, line breaks as spaces. Used only inside a line, never at its start.
 *
 * @example
 * ```ts
 * import { escapeMarkdown } from "./markdown.ts";
 * escapeMarkdown("a|b *c* <d>"); // "a\\|b \\*c\\* &lt;d&gt;"
 * ```
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]|~]/g, "\\$&")
    .replace(/[&<>]/g, (c) => c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;")
    .replace(/\r\n|\r|\n/g, " ");
}

/** A fenced code block whose fence is longer than any backtick run inside. */
function fence(lang: string, lines: readonly string[]): string {
  const body = lines.join("\n");
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const f = "`".repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${body}\n${f}`;
}

/**
 * Render the Markdown report.
 *
 * @example
 * ```ts
 * import { renderMarkdown } from "./markdown.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function summary(report: RunReport): string {
 *   return renderMarkdown(report, { htmlReport: "relgate-report.html" });
 * }
 * ```
 */
export function renderMarkdown(report: RunReport, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? MIB;
  const rules = report.bundles.reduce((n, b) => n + b.rules.length, 0);
  const blockers = report.bundles.reduce((n, b) => n + b.gate.blockers.length, 0);
  const head: string[] = [];
  head.push(
    report.gate.open
      ? `**relgate gate: OPEN** ✅ ${plural(rules, "rule")} in ${
        plural(report.bundles.length, "bundle")
      }`
      : `**relgate gate: CLOSED** ❌ ${plural(blockers, "blocker")}, ` +
        `${plural(rules, "rule")} in ${plural(report.bundles.length, "bundle")}`,
  );
  head.push("");
  head.push(
    "| bundle | gate | identical | equivalent | divergent | drifted | broken | unmigrated |",
  );
  head.push("|---|---|--:|--:|--:|--:|--:|--:|");
  for (const b of report.bundles) {
    const c = b.counts;
    head.push(
      `| ${escapeMarkdown(b.name)} | ${b.gate.open ? "open" : "**closed**"} | ${c.identical} | ` +
        `${c.equivalent} | ${c.divergent} | ${c.drifted} | ${c.broken} | ${c.unmigrated} |`,
    );
  }
  const details: string[] = [];
  for (const b of report.bundles) {
    head.push("", ...bundleSection(report, b, options));
    for (const r of blockingRules(b)) details.push(visibleControls(ruleDetails(b, r)));
  }
  const headText = visibleControls(head.join("\n") + "\n");
  const where = options.htmlReport
    ? `the HTML report (${visibleControls(escapeMarkdown(options.htmlReport))})`
    : "the HTML report (`--format html`)";
  let out = headText;
  for (const [i, d] of details.entries()) {
    const rest = details.length - i;
    const note = `\n_${plural(rest, "more rule detail")} left out to fit the job summary; ` +
      `see ${where}._\n`;
    const next = out + "\n" + d + "\n";
    const reserve = i === details.length - 1 ? 0 : bytes(note) + 100;
    if (bytes(next) + reserve > maxBytes) {
      out += note;
      return out;
    }
    out = next;
  }
  return out;
}

function bundleSection(report: RunReport, b: BundleReport, options: MarkdownOptions): string[] {
  const out: string[] = [];
  const multi = report.bundles.length > 1;
  out.push(
    `### ${escapeMarkdown(b.name)}${multi ? ` (gate ${b.gate.open ? "open" : "closed"})` : ""}`,
  );
  out.push("");
  out.push(
    `Signature \`${b.signature}\`, policy ast=${b.policy.ast} snapshots=${b.policy.snapshots}.`,
  );
  const max = options.maxBlockers ?? 50;
  if (b.gate.blockers.length > 0) {
    out.push("", "Blockers:", "");
    for (const x of b.gate.blockers.slice(0, max)) {
      out.push(`- \`${x.reason}\` ${escapeMarkdown(x.rule)}: ${escapeMarkdown(x.message)}`);
    }
    if (b.gate.blockers.length > max) {
      out.push(`- … ${plural(b.gate.blockers.length - max, "more blocker")}`);
    }
  }
  out.push("");
  out.push(
    `Retirable now: ${
      b.gate.retirable.length === 0 ? "none" : b.gate.retirable.map(escapeMarkdown).join(", ")
    }.`,
  );
  const s = b.snapshots;
  if (s.pending.length > 0) {
    out.push("", `Pending snapshots: ${s.pending.map(escapeMarkdown).join(", ")}.`);
    if (s.pending_dir !== null) {
      out.push("", "Accept them with:", "", fence("sh", [acceptCommand(b)]));
    }
  }
  if (s.obsolete.length > 0) {
    out.push("", `Obsolete snapshots: ${s.obsolete.map(escapeMarkdown).join(", ")}.`);
  }
  return out;
}

function ruleDetails(b: BundleReport, r: RuleResult): string {
  const out: string[] = [];
  const note = notes(b, r);
  out.push(
    `<details><summary><b>${escapeHtml(r.name)}</b>: ${r.verdict}` +
      (note.length > 0 ? ` (${escapeHtml(note.join(", "))})` : "") + `</summary>`,
  );
  out.push("");
  out.push(escapeMarkdown(r.message));
  for (const x of blockersOf(b, r.name)) {
    if (x.reason !== r.verdict) {
      out.push("", `Blocked: \`${x.reason}\` ${escapeMarkdown(x.message)}`);
    }
  }
  if (r.relplan !== null) out.push("", `RelPlan: \`${r.relplan.replace(/`/g, "'")}\``);
  for (const e of r.errors) {
    const where = [e.file, e.path].filter((x) => x !== null).join(" ");
    out.push(
      "",
      `Error (${e.lane}) \`${e.code.replace(/`/g, "'")}\`: ${escapeMarkdown(e.message)}` +
        (where ? ` at ${escapeMarkdown(where)}` : "") +
        (e.hint !== null ? `; hint: ${escapeMarkdown(e.hint)}` : ""),
    );
  }
  for (const w of r.warnings) out.push("", `Migrate warning: ${escapeMarkdown(w)}`);
  const ast = astLines(r);
  if (ast.length > 0) {
    const shown = ast.slice(0, 200);
    if (ast.length > 200) shown.push(`… ${plural(ast.length - 200, "more line")}`);
    out.push("", "AST diff:", "", fence("diff", shown));
  }
  const d = r.output_diff;
  if (d !== null && !d.equal) {
    out.push("", "Output diff:", "", fence("", outputSummaryLines(r)));
    if (d.samples.length > 0) {
      const t = sampleTable(d.samples.slice(0, 20), 60);
      out.push("");
      out.push(`| ${t.header.map(escapeMarkdown).join(" | ")} |`);
      out.push(`|${t.header.map(() => "---").join("|")}|`);
      for (const row of t.rows) out.push(`| ${row.map(escapeMarkdown).join(" | ")} |`);
      if (d.samples.length > 20) out.push("", `… ${plural(d.samples.length - 20, "more sample")}`);
    }
  }
  out.push("", "</details>");
  return out.join("\n");
}
