/**
 * The text report for a terminal: per bundle a header (bundle, signature,
 * gate OPEN/CLOSED), a verdict table, then for each rule that blocks the gate
 * its AST edits and output diff with sample rows, and the gate's blockers,
 * retirable rules, allowances and snapshots. ANSI colours only when
 * `color` is true (the CLI decides: a TTY and no `NO_COLOR`).
 *
 * @module
 */
import type { BundleReport, RunReport } from "../gate/model.ts";
import { plural } from "../gate/verdict.ts";
import {
  ansiPaint,
  noPaint,
  type Paint,
  ruleDetailLines,
  type Style,
  VERDICT_STYLE,
} from "./_detail.ts";
import { acceptCommand, blockingRules, deepVisibleControls, notes, width } from "./_util.ts";

/** Options of {@linkcode renderText}. */
export interface TextOptions {
  /** Use ANSI colours (default false). */
  readonly color?: boolean;
  /** Sample rows shown per rule (default 10). */
  readonly maxSamples?: number;
  /** AST diff lines shown per rule (default 200). */
  readonly maxAstLines?: number;
}

/**
 * Render the report as text.
 *
 * @example
 * ```ts
 * import { renderText } from "./text.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function show(report: RunReport): string {
 *   return renderText(report, { color: false });
 * }
 * ```
 */
export function renderText(raw: RunReport, options: TextOptions = {}): string {
  const report = deepVisibleControls(raw);
  const color = options.color ?? false;
  const paint: Paint = color ? ansiPaint : noPaint;
  const out: string[] = [];
  const gate = report.gate.open ? paint("green", "OPEN") : paint("red", "CLOSED");
  out.push(paint("bold", `relgate ${report.relgate_version}`) + `: gate ${paint("bold", gate)}`);
  for (const b of report.bundles) {
    out.push("");
    out.push(...bundleText(b, paint, options));
  }
  return out.join("\n") + "\n";
}

function bundleText(
  b: BundleReport,
  paint: Paint,
  options: TextOptions,
): string[] {
  const out: string[] = [];
  const gate = b.gate.open ? paint("green", "OPEN") : paint("red", "CLOSED");
  out.push(paint("bold", `bundle ${b.name}`) + ` (${b.dir})`);
  out.push(`signature ${b.signature}`);
  out.push(
    `gate ${paint("bold", gate)}` +
      (b.gate.open ? "" : ` (${plural(b.gate.blockers.length, "blocker")})`) +
      `, policy ast=${b.policy.ast} snapshots=${b.policy.snapshots}`,
  );
  out.push(
    `duckdb ${b.runtime.duckdb_version}, threads ${b.runtime.threads}, memory ${b.runtime.memory_limit}`,
  );
  out.push("");

  const header = ["rule", "verdict", "legacy", "new", "notes"];
  const rows = b.rules.map((r) => [
    r.name,
    r.verdict,
    r.output_diff === null ? "-" : String(r.output_diff.rows.legacy),
    r.output_diff === null ? "-" : String(r.output_diff.rows.new),
    notes(b, r).join(", "),
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]!))));
  const right = [false, false, true, true, false];
  const line = (cells: string[], styles: (Style | null)[]) =>
    cells.map((c, i) => {
      const pad = " ".repeat(widths[i]! - width(c));
      const last = i === cells.length - 1;
      const text = right[i] ? pad + c : last ? c : c + pad;
      const style = styles[i];
      return style ? paint(style, text) : text;
    }).join("  ").trimEnd();
  out.push(line(header, header.map(() => "bold")));
  for (const [i, r] of b.rules.entries()) {
    out.push(line(rows[i]!, [null, VERDICT_STYLE[r.verdict], null, null, null]));
  }
  out.push("");
  const counts = Object.entries(b.counts).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`);
  out.push(`${plural(b.rules.length, "rule")}: ${counts.join(", ") || "none"}`);

  for (const r of blockingRules(b)) {
    out.push("");
    out.push(...ruleDetailLines(b, r, { ...options, paint }));
  }

  if (b.gate.blockers.length > 0) {
    out.push("");
    out.push(paint("bold", "blockers:"));
    for (const x of b.gate.blockers) out.push(`  ${x.rule}  ${x.reason}: ${x.message}`);
  }
  out.push("");
  out.push(`retirable: ${b.gate.retirable.join(", ") || "none"}`);
  if (b.gate.not_retirable.length > 0) {
    out.push("not retirable:");
    for (const n of b.gate.not_retirable) out.push(`  ${n.rule}: ${n.reason}`);
  }
  if (b.allowances.length > 0) {
    out.push("allowances:");
    for (const a of b.allowances) {
      out.push(
        `  ${a.rule} ${a.diff} ${a.status}${a.until ? ` (until ${a.until})` : ""}: ${a.reason}`,
      );
    }
  }
  const s = b.snapshots;
  for (
    const [label, names] of [
      ["pending", s.pending],
      ["missing", s.missing],
      ["changed", s.changed],
      ["obsolete", s.obsolete],
    ] as const
  ) {
    if (names.length > 0) out.push(`snapshots ${label}: ${names.join(", ")}`);
  }
  if (s.pending.length > 0 && s.pending_dir !== null) {
    out.push(`accept pending snapshots: ${acceptCommand(b)}`);
  }
  return out;
}
