/**
 * Turning diff results into the report model's JSON shapes (src/gate/model.ts).
 *
 * @module
 */
import type { AstEdit } from "../diff/ast_diff.ts";
import type { OutputDiff } from "../diff/output_diff.ts";
import type {
  AstEditJson,
  JsonValue,
  LineageEntry,
  OutputDiffSummary,
  SampleRow,
  SchemaDiffKind,
} from "../gate/model.ts";
import type { Lineage } from "../canon/mod.ts";

const SCHEMA_KINDS: Readonly<Record<string, SchemaDiffKind>> = {
  order: "column_order",
  type: "type",
  nullability: "nullability",
  field_metadata: "field_metadata",
  schema_metadata: "schema_metadata",
};

/** The report's summary of an output diff. */
export function summarizeOutputDiff(d: OutputDiff): OutputDiffSummary {
  const schema = d.schema.map((s) => ({
    kind: s.kind === "name"
      ? (s.legacy === null ? "column_only_new" : "column_only_legacy") as SchemaDiffKind
      : SCHEMA_KINDS[s.kind]!,
    column: s.column ?? null,
    legacy: s.legacy as JsonValue,
    new: s.new as JsonValue,
  }));
  const samples: SampleRow[] = d.samples.map((s) => {
    const columns = [
      ...new Set([...Object.keys(s.legacy ?? {}), ...Object.keys(s.new ?? {})]),
    ];
    const row = (r: Record<string, unknown> | undefined) =>
      r ? columns.map((c) => (r[c] ?? null) as JsonValue) : null;
    return {
      kind: s.kind,
      key: s.key ? Object.values(s.key) as JsonValue[] : null,
      columns,
      legacy: row(s.legacy),
      new: row(s.new),
      changed: s.changed_columns ?? [],
    };
  });
  return {
    equal: d.equal,
    schema,
    rows: d.rows,
    columns: d.columns
      .filter((c) => c.mismatches > 0)
      .map((c) => ({ column: c.column, mismatches: c.mismatches })),
    samples,
  };
}

/** AST edits in the report's JSON form. */
export function astEditsJson(edits: readonly AstEdit[]): AstEditJson[] {
  return edits.map((e) => ({
    kind: e.kind,
    left_path: e.leftPath,
    right_path: e.rightPath,
    ...(e.left !== undefined ? { left: e.left as JsonValue } : {}),
    ...(e.right !== undefined ? { right: e.right as JsonValue } : {}),
  }));
}

/** Lineage in the report's JSON form: `dataset.column (kind)` per output column. */
export function lineageEntries(lineage: Lineage): LineageEntry[] {
  return Object.entries(lineage).map(([column, edges]) => ({
    column,
    sources: [...new Set(edges.map((e) => `${e.dataset}.${e.column} (${e.kind})`))].sort(),
  }));
}
