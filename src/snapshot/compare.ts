/**
 * Comparing a recorded snapshot with a fresh one, and the field-by-field diff
 * people read when they differ.
 *
 * Compared fields ({@link COMPARED_FIELDS}) decide drift; informational
 * fields ({@link INFORMATIONAL_FIELDS}: relgate and DuckDB versions) never do.
 * A snapshot recorded with another canon version (or snapshot format) is not
 * compared at all: its status is `re-record`.
 *
 * @module
 */
import { canonicalJson } from "../canon/mod.ts";
import { stableJson } from "../formats/json_output.ts";
import type { Snapshot } from "./snapshot.ts";
import { lineDiff } from "./_line_diff.ts";

/** Fields whose change is drift, in file order. */
export const COMPARED_FIELDS = Object.freeze(
  [
    "rule",
    "bundle",
    "signature",
    "rows",
    "digest_order",
    "digest",
    "schema",
    "schema_metadata",
    "lineage",
    "sql",
    "parameters",
    "plan",
  ] as const,
);

/** A compared field. */
export type ComparedField = typeof COMPARED_FIELDS[number];

/** Fields shown in diffs but never compared. */
export const INFORMATIONAL_FIELDS = Object.freeze(["relgate_version", "duckdb_version"] as const);

/** Outcome of {@link compareSnapshot}. */
export interface SnapshotComparison {
  /** `match`, `changed` (a compared field differs), or `re-record` (other canon version or format). */
  readonly status: "match" | "changed" | "re-record";
  /**
   * `changed`: the compared fields that differ, in file order; `re-record`:
   * `["canon_version"]` or `["relgate_snapshot"]`; `match`: empty.
   */
  readonly fields: readonly string[];
}

/**
 * Compare a recorded snapshot (`old`) with a fresh one.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { buildSnapshot } from "./snapshot.ts";
 * const old = buildSnapshot({
 *   rule: "r", bundle: "b", relgateVersion: "0.1.0", duckdbVersion: "v1.5.5",
 *   signature: "0".repeat(64),
 *   canonical: { relplan: 1, params: {}, ops: [{ op: "scan", dataset: "t" }], ordering: { level: "unordered" } },
 *   sql: 'SELECT * FROM "t"',
 *   table: arrow.tableFromArrays({ x: Int32Array.of(1, 2, 3) }),
 *   lineage: {},
 * });
 * import { compareSnapshot } from "./compare.ts";
 * compareSnapshot(old, { ...old, rows: 4 }); // { status: "changed", fields: ["rows"] }
 * compareSnapshot(old, { ...old, relgate_version: "9.9.9" }); // { status: "match", fields: [] }
 * ```
 */
export function compareSnapshot(old: Snapshot, fresh: Snapshot): SnapshotComparison {
  if (old.relgate_snapshot !== fresh.relgate_snapshot) {
    return { status: "re-record", fields: ["relgate_snapshot"] };
  }
  if (old.canon_version !== fresh.canon_version) {
    return { status: "re-record", fields: ["canon_version"] };
  }
  const fields = COMPARED_FIELDS.filter((f) => !sameValue(old[f], fresh[f]));
  return { status: fields.length === 0 ? "match" : "changed", fields };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** Text of a field value for the line diff: strings raw, the rest as stable JSON. */
function fieldText(value: unknown): string {
  if (typeof value === "string") return value;
  return stableJson(value).trimEnd();
}

/**
 * Command that re-records one rule's snapshot.
 *
 * @example
 * ```ts
 * import { rerecordCommand } from "./compare.ts";
 * rerecordCommand("r"); // "relgate snapshot --update --rule r"
 * ```
 */
export function rerecordCommand(rule: string): string {
  return `relgate snapshot --update --rule ${rule}`;
}

/**
 * A readable, field-by-field diff of two snapshots (plain text, no ANSI
 * colors, ends without a newline): a header naming the differing fields,
 * then per field its old (`-`) and new (`+`) lines with a little context,
 * then informational fields that differ.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { buildSnapshot } from "./snapshot.ts";
 * const old = buildSnapshot({
 *   rule: "r", bundle: "b", relgateVersion: "0.1.0", duckdbVersion: "v1.5.5",
 *   signature: "0".repeat(64),
 *   canonical: { relplan: 1, params: {}, ops: [{ op: "scan", dataset: "t" }], ordering: { level: "unordered" } },
 *   sql: 'SELECT * FROM "t"',
 *   table: arrow.tableFromArrays({ x: Int32Array.of(1, 2, 3) }),
 *   lineage: {},
 * });
 * import { renderSnapshotDiff } from "./compare.ts";
 * renderSnapshotDiff(old, { ...old, rows: 4 });
 * // 'snapshot of rule "r" (bundle "b") changed: rows\nrows:\n  - 3\n  + 4'
 * ```
 */
export function renderSnapshotDiff(old: Snapshot, fresh: Snapshot): string {
  const who = `snapshot of rule ${JSON.stringify(fresh.rule)} (bundle ${
    JSON.stringify(fresh.bundle)
  })`;
  const cmp = compareSnapshot(old, fresh);
  const out: string[] = [];
  if (cmp.status === "re-record") {
    const what = cmp.fields[0] === "relgate_snapshot"
      ? `snapshot format ${old.relgate_snapshot}; this relgate writes format ${fresh.relgate_snapshot}`
      : `canon version ${old.canon_version}; this relgate uses canon version ${fresh.canon_version}`;
    out.push(
      `${who} was recorded with ${what}: re-record it with \`${rerecordCommand(fresh.rule)}\``,
    );
  } else if (cmp.status === "match") {
    out.push(`${who} matches`);
  } else {
    out.push(`${who} changed: ${cmp.fields.join(", ")}`);
    for (const f of cmp.fields) {
      out.push(
        `${f}:`,
        ...lineDiff(
          fieldText(old[f as keyof Snapshot]),
          fieldText(fresh[f as keyof Snapshot]),
          "  ",
        ),
      );
    }
  }
  const info = INFORMATIONAL_FIELDS.filter((f) => old[f] !== fresh[f]);
  if (info.length > 0) {
    out.push("not compared (informational):");
    for (const f of info) out.push(`  ${f}: ${old[f]} -> ${fresh[f]}`);
  }
  return out.join("\n");
}
