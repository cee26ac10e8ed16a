// Shared pieces of the renderers: escaping, notes, diff lines. Pure functions.
import type {
  AstEditJson,
  BundleReport,
  GateBlocker,
  JsonValue,
  RuleResult,
  SampleRow,
} from "../gate/model.ts";
import { plural } from "../gate/verdict.ts";

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// C0 controls but tab and LF, DEL and C1 controls.
// deno-lint-ignore no-control-regex
const CONTROLS = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/g;

/**
 * Write control characters (other than tab and LF) as the text `\uXXXX`, so
 * report data cannot move a terminal's cursor, colour it, rewrite a line with
 * CR, or hide text.
 */
export function visibleControls(s: string): string {
  return s.replace(
    CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
}

/** A copy of a JSON-like value with {@linkcode visibleControls} applied to every string in it. */
export function deepVisibleControls<T>(v: T): T {
  if (typeof v === "string") return visibleControls(v) as T;
  if (Array.isArray(v)) return v.map(deepVisibleControls) as T;
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepVisibleControls(x);
    return out as T;
  }
  return v;
}

/** Length in code points (what a terminal column count approximates). */
export function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Cut a string to at most `max` code points, marking the cut with `…`. */
export function clip(s: string, max: number): string {
  if (width(s) <= max) return s;
  return [...s].slice(0, Math.max(0, max - 1)).join("") + "…";
}

/** A cell value as JSON text (strings quoted, so `null` and `"null"` differ). */
export function formatValue(v: JsonValue | undefined): string {
  return v === undefined ? "" : JSON.stringify(v);
}

/** The blockers of one rule (not the obsolete-snapshot ones). */
export function blockersOf(bundle: BundleReport, rule: string): GateBlocker[] {
  return bundle.gate.blockers.filter((b) => b.rule === rule && b.reason !== "snapshot-obsolete");
}

/** Rules that block the gate, in rule order. */
export function blockingRules(bundle: BundleReport): RuleResult[] {
  const names = new Set(bundle.gate.blockers.map((b) => b.rule));
  return bundle.rules.filter((r) => names.has(r.name));
}

/** Short notes for a verdict table row. */
export function notes(bundle: BundleReport, rule: RuleResult): string[] {
  const out: string[] = [];
  if (rule.ast_equal === false) out.push(plural(rule.ast_edits.length, "AST edit"));
  const d = rule.output_diff;
  if (d !== null && !d.equal) {
    const parts: string[] = [];
    const schema = d.schema.length;
    if (schema > 0) parts.push(plural(schema, "schema difference"));
    if (d.rows.only_legacy > 0) parts.push(`${d.rows.only_legacy} only legacy`);
    if (d.rows.only_new > 0) parts.push(`${d.rows.only_new} only new`);
    if (d.rows.changed > 0) parts.push(`${d.rows.changed} changed`);
    out.push(...parts);
  }
  for (const a of rule.allowances) {
    if (a.status === "used") out.push(`allowed ${a.diff}`);
    else if (a.status !== "unchecked") out.push(`${a.status} allowance ${a.diff}`);
  }
  if (rule.warnings.length > 0) out.push(plural(rule.warnings.length, "migrate warning"));
  const snap = rule.snapshot;
  if (snap !== null && snap.status !== "match" && snap.status !== "off") {
    out.push(`snapshot ${snap.status}`);
  }
  for (const e of rule.errors) out.push(`${e.lane} error ${e.code}`);
  if (blockersOf(bundle, rule.name).some((b) => b.reason === "require-equal")) {
    out.push("require_equal");
  }
  return out;
}

/** Marker of each AST edit kind in the edit list. */
export const EDIT_MARK: Readonly<Record<AstEditJson["kind"], string>> = {
  insert: "+",
  delete: "-",
  update: "~",
  move: ">",
};

/** One line per AST edit: `~ update $.a: 1 -> 2`. */
export function editLine(e: AstEditJson): string {
  const mark = EDIT_MARK[e.kind];
  const l = e.left !== undefined ? clip(formatValue(e.left), 120) : "";
  const r = e.right !== undefined ? clip(formatValue(e.right), 120) : "";
  switch (e.kind) {
    case "insert":
      return `${mark} insert ${e.right_path ?? "?"}${r ? `: ${r}` : ""}`;
    case "delete":
      return `${mark} delete ${e.left_path ?? "?"}${l ? `: ${l}` : ""}`;
    case "update":
      return `${mark} update ${e.left_path ?? "?"}` +
        (e.right_path !== e.left_path ? ` (new ${e.right_path ?? "?"})` : "") +
        `: ${l || "?"} -> ${r || "?"}`;
    case "move":
      return `${mark} move ${e.left_path ?? "?"} -> ${e.right_path ?? "?"}`;
  }
}

/** The AST diff as lines: the rendered diff when the runner gave one, else the edit list. */
export function astLines(rule: RuleResult): string[] {
  if (rule.ast_rendered !== null && rule.ast_rendered !== "") {
    return rule.ast_rendered.replace(/\n$/, "").split("\n");
  }
  return rule.ast_edits.map(editLine);
}

/** Lines summarizing an output diff (schema, counts, per-column mismatches). */
export function outputSummaryLines(rule: RuleResult): string[] {
  const d = rule.output_diff;
  if (d === null) return [];
  const r = d.rows;
  const out = [
    `rows: legacy ${r.legacy}, new ${r.new}, equal ${r.equal}, only legacy ${r.only_legacy}, ` +
    `only new ${r.only_new}, changed ${r.changed}`,
  ];
  for (const s of d.schema) {
    const col = s.column === null ? "" : ` ${JSON.stringify(s.column)}`;
    out.push(`schema ${s.kind}${col}: legacy ${formatValue(s.legacy)}, new ${formatValue(s.new)}`);
  }
  if (d.columns.length > 0) {
    out.push(`mismatches: ${d.columns.map((c) => `${c.column} ${c.mismatches}`).join(", ")}`);
  }
  return out;
}

/** A sample row as a header and cells for a table: kind, key, then one cell per column. */
export function sampleTable(
  samples: readonly SampleRow[],
  maxCell: number,
): { header: string[]; rows: string[][] } {
  const columns: string[] = [];
  for (const s of samples) for (const c of s.columns) if (!columns.includes(c)) columns.push(c);
  const rows = samples.map((s) => {
    const cells = columns.map((c) => {
      const i = s.columns.indexOf(c);
      const l = s.legacy === null || i < 0 ? undefined : s.legacy[i];
      const n = s.new === null || i < 0 ? undefined : s.new[i];
      if (s.kind === "changed" && s.changed.includes(c)) {
        return `${clip(formatValue(l), maxCell)} -> ${clip(formatValue(n), maxCell)}`;
      }
      return clip(formatValue(s.kind === "only_new" ? n : l), maxCell);
    });
    return [s.kind, s.key === null ? "" : clip(formatValue(s.key), maxCell), ...cells];
  });
  return { header: ["kind", "key", ...columns], rows };
}

/** Seconds with 3 decimals from a timings record in milliseconds. */
export function seconds(timings: Readonly<Record<string, number>>): string {
  let ms = 0;
  for (const v of Object.values(timings)) ms += v;
  return (ms / 1000).toFixed(3);
}

/** Quote a path for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that accepts a bundle's pending snapshots. */
export function acceptCommand(bundle: BundleReport): string {
  const dir = bundle.snapshots.dir;
  let root: string | null = null;
  if (dir === bundle.name) root = ".";
  else if (dir !== null && dir.endsWith("/" + bundle.name)) {
    root = dir.slice(0, dir.length - bundle.name.length - 1);
  }
  const custom = root !== null && root !== "snapshots" ? ` --snapshot-dir ${shellQuote(root)}` : "";
  return `deno task relgate snapshot ${shellQuote(bundle.dir)} --accept${custom}`;
}

/** Join a bundle folder and a path inside it with `/`. */
export function joinPath(dir: string, path: string): string {
  if (dir === "" || dir === ".") return path;
  return dir.endsWith("/") ? dir + path : `${dir}/${path}`;
}
