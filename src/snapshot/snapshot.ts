/**
 * The snapshot of one rule's new lane (SPEC section 9) and how it is built
 * from a run: plan identity (canon version, signature, canonical plan), the
 * SQL that ran with its bound parameters, and the output (schema, row count,
 * digest, column lineage).
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { type DigestOrder, digestOrder, tableDigest } from "../arrow/digest.ts";
import { arrowTypeString } from "../arrow/types.ts";
import type { CanonicalPlan, Lineage, LineageKind } from "../canon/mod.ts";
import { RELGATE_CANON_VERSION } from "../canon/mod.ts";
import type { BoundParam } from "../duckdb/sql_render.ts";
import { renderType } from "../duckdb/sql_render.ts";
import type { SqlTypeNode, SqlValue } from "../duckdb/sql_ast.ts";
import type { JsonValue } from "../gate/model.ts";
import type { Ordering } from "../ir/plan.ts";

/** Version of the snapshot file format (the `relgate_snapshot` key). */
export const SNAPSHOT_FORMAT_VERSION = 1;

/** A column of the snapshot's output schema (SPEC section 1 form, every key present). */
export interface SnapshotField {
  readonly name: string;
  /** Arrow type string, e.g. `int64`, `list<utf8>`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Field metadata, keys sorted. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** One bound SQL parameter (`$1`, `$2`, ... in order). */
export interface SnapshotParam {
  /** DuckDB type it is bound as, e.g. `BIGINT`, `DECIMAL(10, 2)`. */
  readonly type: string;
  /**
   * The value as JSON: bigints and decimals as decimal strings, dates as
   * `YYYY-MM-DD`, timestamps as `YYYY-MM-DD HH:MM:SS.ffffff`, blobs as
   * lowercase hex, non-finite floats as `"NaN"`, `"Infinity"`, `"-Infinity"`.
   */
  readonly value: JsonValue;
}

/** A dataset column feeding an output column. */
export interface SnapshotLineageSource {
  readonly dataset: string;
  readonly column: string;
  readonly kind: LineageKind;
}

/** Lineage of one output column. */
export interface SnapshotLineage {
  readonly column: string;
  /** Sorted by dataset, column, kind (the order `columnLineage` gives). */
  readonly sources: readonly SnapshotLineageSource[];
}

/**
 * The content of `snapshots/<bundle>/<rule>.snap.json`. Keys are snake_case
 * and always present; the file lists them in {@link SNAPSHOT_KEYS} order.
 */
export interface Snapshot {
  /** Snapshot format version ({@link SNAPSHOT_FORMAT_VERSION}). */
  readonly relgate_snapshot: number;
  readonly rule: string;
  /** The manifest's `name`. */
  readonly bundle: string;
  /** Informational: the relgate that wrote it. */
  readonly relgate_version: string;
  /** Informational: the DuckDB that ran the SQL. */
  readonly duckdb_version: string;
  /** Version of the canonical form the plan and signature use. */
  readonly canon_version: number;
  /** Plan signature (lowercase hex sha256). */
  readonly signature: string;
  /** Output row count. */
  readonly rows: number;
  /** `ordered` for explicit output ordering, else `unordered` (multiset digest). */
  readonly digest_order: DigestOrder;
  /** Output digest (lowercase hex sha256, see `src/arrow/digest.ts`). */
  readonly digest: string;
  /** Output columns in order. */
  readonly schema: readonly SnapshotField[];
  /** Arrow schema metadata of the output (ordering keys included), keys sorted. */
  readonly schema_metadata: Readonly<Record<string, string>>;
  /** Lineage of each output column, in output column order. */
  readonly lineage: readonly SnapshotLineage[];
  /** The SQL the new lane ran. */
  readonly sql: string;
  /** Its bound parameters. */
  readonly parameters: readonly SnapshotParam[];
  /** The canonical plan. */
  readonly plan: CanonicalPlan;
}

/** Keys of a snapshot in file order. */
export const SNAPSHOT_KEYS: readonly (keyof Snapshot)[] = Object.freeze([
  "relgate_snapshot",
  "rule",
  "bundle",
  "relgate_version",
  "duckdb_version",
  "canon_version",
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
]);

/** What {@link buildSnapshot} needs: one rule's new lane run. */
export interface SnapshotInput {
  readonly rule: string;
  /** The manifest's `name`. */
  readonly bundle: string;
  readonly relgateVersion: string;
  readonly duckdbVersion: string;
  /** Signature of `canonical`. */
  readonly signature: string;
  readonly canonical: CanonicalPlan;
  /** SQL text the new lane ran. */
  readonly sql: string;
  /** Its bound parameters (none when absent). */
  readonly parameters?: readonly BoundParam[] | undefined;
  /** The new lane's output (after the schema contract). */
  readonly table: arrow.Table;
  /** Output ordering; defaults to the canonical plan's. Explicit ordering gives an ordered digest. */
  readonly ordering?: Ordering | undefined;
  /** Column lineage of the plan. */
  readonly lineage: Lineage;
}

function sortedRecord(entries: Iterable<[string, string]>): Record<string, string> {
  const list = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(list);
}

/**
 * Build the snapshot of a rule's new lane run.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { buildSnapshot } from "./snapshot.ts";
 * const snap = buildSnapshot({
 *   rule: "r", bundle: "b", relgateVersion: "0.1.0", duckdbVersion: "v1.5.5",
 *   signature: "0".repeat(64),
 *   canonical: { relplan: 1, params: {}, ops: [{ op: "scan", dataset: "t" }], ordering: { level: "unordered" } },
 *   sql: 'SELECT * FROM "t"',
 *   table: arrow.tableFromArrays({ x: Int32Array.of(1, 2) }),
 *   lineage: {},
 * });
 * snap.rows; // 2
 * snap.schema[0]?.type; // "int32"
 * ```
 */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const table = input.table;
  const ordering = input.ordering ?? input.canonical.ordering;
  const schema: SnapshotField[] = table.schema.fields.map((f) => ({
    name: f.name,
    type: arrowTypeString(f.type),
    nullable: f.nullable,
    metadata: sortedRecord(f.metadata),
  }));
  return {
    relgate_snapshot: SNAPSHOT_FORMAT_VERSION,
    rule: input.rule,
    bundle: input.bundle,
    relgate_version: input.relgateVersion,
    duckdb_version: input.duckdbVersion,
    canon_version: RELGATE_CANON_VERSION,
    signature: input.signature,
    rows: table.numRows,
    digest_order: digestOrder(ordering),
    digest: tableDigest(table, ordering),
    schema,
    schema_metadata: sortedRecord(table.schema.metadata),
    lineage: lineageList(input.lineage, schema.map((f) => f.name)),
    sql: input.sql,
    parameters: (input.parameters ?? []).map(snapshotParam),
    plan: input.canonical,
  };
}

/** Lineage as a list in output column order (then any other lineage keys). */
function lineageList(lineage: Lineage, columns: readonly string[]): SnapshotLineage[] {
  const names = [...columns.filter((c) => Object.hasOwn(lineage, c))];
  for (const k of Object.keys(lineage)) if (!names.includes(k)) names.push(k);
  return names.map((column) => ({
    column,
    sources: (lineage[column] ?? []).map((e) => ({
      dataset: e.dataset,
      column: e.column,
      kind: e.kind,
    })),
  }));
}

/**
 * The JSON form of a bound parameter.
 *
 * @example
 * ```ts
 * import { snapshotParam } from "./snapshot.ts";
 * const p = snapshotParam({
 *   value: { kind: "decimal", unscaled: -12345n },
 *   type: { kind: "type_decimal", precision: 10, scale: 2 },
 * });
 * p; // { type: "DECIMAL(10, 2)", value: "-123.45" }
 * ```
 */
export function snapshotParam(p: BoundParam): SnapshotParam {
  return { type: renderType(p.type), value: paramJson(p.value, p.type) };
}

function paramJson(v: SqlValue, type: SqlTypeNode | undefined): JsonValue {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) {
    return Array.from(v, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  if (Array.isArray(v)) {
    const item = type?.kind === "type_list" ? type.item : undefined;
    return (v as readonly SqlValue[]).map((x) => paramJson(x, item));
  }
  const tagged = v as Exclude<
    SqlValue,
    readonly SqlValue[] | null | boolean | number | bigint | string | Uint8Array
  >;
  switch (tagged.kind) {
    case "date":
      return isoDate(tagged.days);
    case "timestamp":
      return isoTimestamp(tagged.micros);
    case "decimal":
      return decimalText(tagged.unscaled, type?.kind === "type_decimal" ? type.scale : 0);
  }
}

const DAY_MS = 86_400_000;

function isoDate(days: number): string {
  const d = new Date(days * DAY_MS);
  return Number.isNaN(d.getTime()) ? `${days} days` : d.toISOString().slice(0, -14);
}

function isoTimestamp(micros: bigint): string {
  let ms = micros / 1000n;
  let us = micros % 1000n;
  if (us < 0n) {
    ms -= 1n;
    us += 1000n;
  }
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return `${micros} us`;
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ (or ±YYYYYY-...)
  return `${iso.slice(0, -14)} ${iso.slice(-13, -1)}${us.toString().padStart(3, "0")}`;
}

function decimalText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString();
  if (scale <= 0) return (neg ? "-" : "") + digits;
  const padded = digits.padStart(scale + 1, "0");
  return `${neg ? "-" : ""}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}
