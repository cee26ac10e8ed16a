/**
 * The JSON report (`--format json`, SPEC section 11): every field of the
 * {@linkcode RunReport} with a fixed key order (the order of the model's
 * declarations; records keyed by setting or phase names, and objects inside
 * free JSON values such as AST nodes and sample cells, sorted by code point),
 * 2-space indent and a trailing newline. Identical reports give identical
 * bytes, whatever order the runner built their objects in.
 *
 * @module
 */
import { compareCodePoints } from "../gate/build.ts";
import type {
  AllowanceResult,
  AstEditJson,
  BundleReport,
  Difference,
  JsonValue,
  OutputDiffSummary,
  RuleError,
  RuleResult,
  RunReport,
  SampleRow,
  SchemaDiffEntry,
  SnapshotCheck,
} from "../gate/model.ts";

/**
 * Render the JSON report.
 *
 * @example
 * ```ts
 * import { renderJson } from "./json.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function write(report: RunReport): string {
 *   return renderJson(report); // ends with "\n"
 * }
 * ```
 */
export function renderJson(report: RunReport): string {
  return JSON.stringify(normalizeReport(report), null, 2) + "\n";
}

/**
 * The report rebuilt with every object's keys in the fixed order (what
 * {@linkcode renderJson} serializes).
 */
export function normalizeReport(r: RunReport): RunReport {
  return {
    relgate_version: r.relgate_version,
    canon_version: r.canon_version,
    invocation: {
      command: r.invocation.command,
      ci: r.invocation.ci,
      isolate: r.invocation.isolate,
      shard: r.invocation.shard,
      rule_globs: [...r.invocation.rule_globs],
    },
    gate: { open: r.gate.open, closed_bundles: [...r.gate.closed_bundles] },
    bundles: r.bundles.map(normalizeBundle),
    timings: sortedRecord(r.timings),
  };
}

function normalizeBundle(b: BundleReport): BundleReport {
  const rt = b.runtime;
  return {
    name: b.name,
    dir: b.dir,
    signature: b.signature,
    policy: { ast: b.policy.ast, snapshots: b.policy.snapshots },
    runtime: {
      duckdb_version: rt.duckdb_version,
      threads: rt.threads,
      memory_limit: rt.memory_limit,
      temp_dir: rt.temp_dir,
      database: rt.database,
      read_only: rt.read_only,
      batch_size: rt.batch_size,
      config: sortedRecord(rt.config),
    },
    params: sortedRecord(b.params),
    counts: {
      identical: b.counts.identical,
      equivalent: b.counts.equivalent,
      divergent: b.counts.divergent,
      drifted: b.counts.drifted,
      broken: b.counts.broken,
      unmigrated: b.counts.unmigrated,
    },
    gate: {
      open: b.gate.open,
      blockers: b.gate.blockers.map((x) => ({
        rule: x.rule,
        reason: x.reason,
        message: x.message,
      })),
      retirable: [...b.gate.retirable],
      not_retirable: b.gate.not_retirable.map((x) => ({ rule: x.rule, reason: x.reason })),
    },
    allowances: b.allowances.map((a) => ({
      rule: a.rule,
      diff: a.diff,
      reason: a.reason,
      until: a.until,
      status: a.status,
    })),
    snapshots: {
      dir: b.snapshots.dir,
      pending_dir: b.snapshots.pending_dir,
      pending: [...b.snapshots.pending],
      missing: [...b.snapshots.missing],
      changed: [...b.snapshots.changed],
      obsolete: [...b.snapshots.obsolete],
    },
    rules: b.rules.map(normalizeRule),
    timings: sortedRecord(b.timings),
  };
}

function normalizeRule(r: RuleResult): RuleResult {
  return {
    name: r.name,
    index: r.index,
    verdict: r.verdict,
    message: r.message,
    output: r.output,
    legacy: r.legacy === null ? null : { kind: r.legacy.kind, path: r.legacy.path },
    relplan: r.relplan,
    upstream: [...r.upstream],
    key: r.key === null ? null : [...r.key],
    tolerance: { abs: r.tolerance.abs, rel: r.tolerance.rel },
    signatures: {
      legacy: r.signatures.legacy,
      new: r.signatures.new,
      snapshot: r.signatures.snapshot,
    },
    ast_equal: r.ast_equal,
    ast_edits: r.ast_edits.map(normalizeEdit),
    ast_rendered: r.ast_rendered,
    output_diff: r.output_diff === null ? null : normalizeDiff(r.output_diff),
    differences: r.differences.map((d: Difference) => ({
      kind: d.kind,
      message: d.message,
      excused_by: [...d.excused_by],
    })),
    allowances: r.allowances.map((a: AllowanceResult) => ({
      diff: a.diff,
      reason: a.reason,
      until: a.until,
      status: a.status,
      excused: [...a.excused],
    })),
    snapshot: r.snapshot === null ? null : normalizeSnapshot(r.snapshot),
    errors: r.errors.map((e: RuleError) => ({
      lane: e.lane,
      code: e.code,
      message: e.message,
      file: e.file,
      path: e.path,
      hint: e.hint,
    })),
    warnings: [...r.warnings],
    lineage: r.lineage === null
      ? null
      : r.lineage.map((l) => ({ column: l.column, sources: [...l.sources] })),
    timings: sortedRecord(r.timings),
  };
}

function normalizeEdit(e: AstEditJson): AstEditJson {
  const out: { -readonly [K in keyof AstEditJson]: AstEditJson[K] } = {
    kind: e.kind,
    left_path: e.left_path,
    right_path: e.right_path,
  };
  if (e.left !== undefined) out.left = sortedJson(e.left);
  if (e.right !== undefined) out.right = sortedJson(e.right);
  return out;
}

function normalizeDiff(d: OutputDiffSummary): OutputDiffSummary {
  return {
    equal: d.equal,
    schema: d.schema.map((s: SchemaDiffEntry) => ({
      kind: s.kind,
      column: s.column,
      legacy: sortedJson(s.legacy),
      new: sortedJson(s.new),
    })),
    rows: {
      legacy: d.rows.legacy,
      new: d.rows.new,
      equal: d.rows.equal,
      only_legacy: d.rows.only_legacy,
      only_new: d.rows.only_new,
      changed: d.rows.changed,
    },
    columns: d.columns.map((c) => ({ column: c.column, mismatches: c.mismatches })),
    samples: d.samples.map((s: SampleRow) => ({
      kind: s.kind,
      key: s.key === null ? null : s.key.map(sortedJson),
      columns: [...s.columns],
      legacy: s.legacy === null ? null : s.legacy.map(sortedJson),
      new: s.new === null ? null : s.new.map(sortedJson),
      changed: [...s.changed],
    })),
  };
}

function normalizeSnapshot(s: SnapshotCheck): SnapshotCheck {
  return { status: s.status, path: s.path, pending_path: s.pending_path, fields: [...s.fields] };
}

function sortedRecord<T extends JsonValue>(
  rec: Readonly<Record<string, T>>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(rec).sort(compareCodePoints)) out[k] = sortedJson(rec[k]!) as T;
  return out;
}

/** A JSON value with the keys of every object in it sorted by code point. */
function sortedJson(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortedJson);
  if (v !== null && typeof v === "object") {
    const out: Record<string, JsonValue> = {};
    const obj = v as { readonly [key: string]: JsonValue };
    for (const k of Object.keys(obj).sort(compareCodePoints)) out[k] = sortedJson(obj[k]!);
    return out;
  }
  return v;
}
