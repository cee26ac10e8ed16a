// The plain-text detail of one rule (text report, JUnit bodies, GitHub logs).
import type { BundleReport, RuleResult, Verdict } from "../gate/model.ts";
import { plural } from "../gate/verdict.ts";
import { astLines, blockersOf, outputSummaryLines, sampleTable, width } from "./_util.ts";

/** ANSI SGR codes the text report uses. */
export const SGR = {
  bold: "1",
  red: "31",
  green: "32",
  yellow: "33",
  cyan: "36",
} as const;

/** A style name. */
export type Style = keyof typeof SGR;

/** Paints a string in a style (or returns it unchanged when colour is off). */
export type Paint = (style: Style, s: string) => string;

/** No colour. */
export function noPaint(_style: Style, s: string): string {
  return s;
}

/** ANSI colour. */
export function ansiPaint(style: Style, s: string): string {
  return s === "" ? s : `\x1b[${SGR[style]}m${s}\x1b[0m`;
}

/** Colour of each verdict. */
export const VERDICT_STYLE: Readonly<Record<Verdict, Style>> = {
  identical: "green",
  equivalent: "green",
  divergent: "red",
  drifted: "red",
  broken: "red",
  unmigrated: "yellow",
};

/** Options of {@linkcode ruleDetailLines}. */
export interface DetailOptions {
  readonly paint?: Paint;
  /** Sample rows shown (default 10). */
  readonly maxSamples?: number;
  /** AST diff lines shown (default 200). */
  readonly maxAstLines?: number;
}

/** Heading, message, blockers, errors, warnings, AST diff, output diff and snapshot of a rule. */
export function ruleDetailLines(
  b: BundleReport,
  r: RuleResult,
  options: DetailOptions = {},
): string[] {
  const paint = options.paint ?? noPaint;
  const out: string[] = [];
  out.push(paint("bold", `── ${r.name}: `) + paint(VERDICT_STYLE[r.verdict], r.verdict));
  out.push(r.message);
  for (const x of blockersOf(b, r.name)) {
    if (x.reason !== r.verdict) out.push(`blocked: ${x.reason}: ${x.message}`);
  }
  if (r.relplan !== null) out.push(`relplan: ${r.relplan}`);
  if (r.legacy !== null) out.push(`legacy ${r.legacy.kind}: ${r.legacy.path}`);
  for (const e of r.errors) {
    const where = [e.file, e.path].filter((x) => x !== null).join(" ");
    out.push(
      paint("red", `error (${e.lane}) ${e.code}: ${e.message}`) + (where ? ` at ${where}` : ""),
    );
    if (e.hint !== null) out.push(`  hint: ${e.hint}`);
  }
  for (const w of r.warnings) out.push(paint("yellow", `migrate warning: ${w}`));
  const ast = astLines(r);
  if (ast.length > 0) {
    const max = options.maxAstLines ?? 200;
    out.push("AST diff:");
    for (const l of ast.slice(0, max)) out.push("  " + paintDiffLine(l, paint));
    if (ast.length > max) out.push(`  … ${plural(ast.length - max, "more line")}`);
  }
  const d = r.output_diff;
  if (d !== null && !d.equal) {
    out.push("output diff:");
    for (const l of outputSummaryLines(r)) out.push("  " + l);
    const max = options.maxSamples ?? 10;
    if (d.samples.length > 0) {
      const t = sampleTable(d.samples.slice(0, max), 40);
      const w = t.header.map((h, i) => Math.max(width(h), ...t.rows.map((row) => width(row[i]!))));
      const fmt = (cells: string[]) =>
        "  " + cells.map((c, i) => c + " ".repeat(w[i]! - width(c))).join("  ").trimEnd();
      out.push(fmt(t.header));
      for (const row of t.rows) out.push(fmt(row));
      if (d.samples.length > max) out.push(`  … ${plural(d.samples.length - max, "more sample")}`);
    }
  }
  const snap = r.snapshot;
  if (snap !== null && snap.status !== "match" && snap.status !== "off") {
    out.push(
      `snapshot ${snap.status}` + (snap.fields.length > 0 ? `: ${snap.fields.join(", ")}` : "") +
        (snap.path !== null ? ` (${snap.path})` : ""),
    );
  }
  return out;
}

/** Colour a diff line by its first character (+ insert, - delete, ~ update, > move). */
export function paintDiffLine(l: string, paint: Paint): string {
  const c = l[0];
  if (c === "+") return paint("green", l);
  if (c === "-") return paint("red", l);
  if (c === "~") return paint("yellow", l);
  if (c === ">" || c === "@") return paint("cyan", l);
  return l;
}
