/**
 * The report data model: what the side-by-side runner fills in
 * ({@linkcode RunInput}) and what the gate turns it into
 * ({@linkcode RunReport}, the JSON report of SPEC section 11).
 *
 * Conventions of the model:
 * - JSON keys are snake_case; every field is always present (`null` or `[]`
 *   when there is nothing), so the JSON report has one fixed shape.
 * - Maps whose keys are user data (columns, rules) are arrays of records, never
 *   objects, so key order cannot depend on JavaScript's property order.
 * - Paths of bundle files are relative to the bundle folder and use `/`; the
 *   bundle folder itself is relative to the working directory.
 * - Timings are the only fields that differ between two runs of the same
 *   input; {@linkcode stripTimings} removes them for comparisons.
 *
 * @module
 */

/** Every verdict a rule can get (SPEC section 10), in report order. */
export const VERDICTS = [
  "identical",
  "equivalent",
  "divergent",
  "drifted",
  "broken",
  "unmigrated",
] as const;

/** The verdict of one rule. */
export type Verdict = typeof VERDICTS[number];

/** Any JSON value (sample cells, AST nodes, metadata values). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Which part of the run an error comes from. */
export type ErrorLane = "legacy" | "new" | "diff" | "snapshot";

/** An error met while running one rule (any error makes the rule `broken`). */
export interface RuleError {
  readonly lane: ErrorLane;
  /** Stable code, e.g. `int-overflow` (the RelgateError code when there is one). */
  readonly code: string;
  readonly message: string;
  /** File at fault, relative to the bundle. */
  readonly file: string | null;
  /** JSON path inside that file. */
  readonly path: string | null;
  readonly hint: string | null;
}

/** One edit of the AST diff (the JSON form of `src/diff/ast_diff.ts` `AstEdit`). */
export interface AstEditJson {
  readonly kind: "insert" | "delete" | "update" | "move";
  /** JSON path in the legacy-derived canonical tree (`null` for an insert). */
  readonly left_path: string | null;
  /** JSON path in the new canonical tree (`null` for a delete). */
  readonly right_path: string | null;
  /** The left node or value, when the edit has one. */
  readonly left?: JsonValue;
  /** The right node or value, when the edit has one. */
  readonly right?: JsonValue;
}

/** Kinds of schema difference the output diff reports. */
export type SchemaDiffKind =
  | "column_only_legacy"
  | "column_only_new"
  | "column_order"
  | "type"
  | "nullability"
  | "field_metadata"
  | "schema_metadata";

/** One schema difference; `legacy`/`new` hold the two sides (type strings, booleans, metadata). */
export interface SchemaDiffEntry {
  readonly kind: SchemaDiffKind;
  /** The column, or `null` for `column_order` and `schema_metadata`. */
  readonly column: string | null;
  readonly legacy: JsonValue;
  readonly new: JsonValue;
}

/** Row counts of an output diff. */
export interface RowCounts {
  /** Rows in the legacy output. */
  readonly legacy: number;
  /** Rows in the new output. */
  readonly new: number;
  /** Rows equal on both sides (within tolerance). */
  readonly equal: number;
  readonly only_legacy: number;
  readonly only_new: number;
  /** Rows matched (by key, or by position for explicit ordering) whose values differ. */
  readonly changed: number;
}

/** Mismatch count of one column. */
export interface ColumnMismatch {
  readonly column: string;
  readonly mismatches: number;
}

/** A sample row of an output diff. */
export interface SampleRow {
  readonly kind: "only_legacy" | "only_new" | "changed";
  /** Key values (or `[position]` for explicit ordering); `null` for multiset diffs. */
  readonly key: readonly JsonValue[] | null;
  /** Column names of `legacy` and `new`. */
  readonly columns: readonly string[];
  /** The legacy row (`null` for only_new); bigints as decimal strings. */
  readonly legacy: readonly JsonValue[] | null;
  /** The new row (`null` for only_legacy). */
  readonly new: readonly JsonValue[] | null;
  /** Columns that differ (changed rows only). */
  readonly changed: readonly string[];
}

/** Summary of an output diff (the JSON form of `src/diff/output_diff.ts` `OutputDiff`). */
export interface OutputDiffSummary {
  /** True when schema and rows are equal (within tolerance). */
  readonly equal: boolean;
  readonly schema: readonly SchemaDiffEntry[];
  readonly rows: RowCounts;
  /** Per-column mismatch counts, in output column order (only columns with mismatches). */
  readonly columns: readonly ColumnMismatch[];
  readonly samples: readonly SampleRow[];
}

/**
 * Snapshot status of a rule's new lane:
 * `match` equal to the snapshot; `changed` differs (the rule is `drifted`
 * under policy `snapshots: "require"`); `missing` no snapshot; `pending` a new
 * snapshot was written to the pending folder and waits for `--accept`;
 * `re-record` the snapshot was written by another relgate/canon version and
 * must be re-recorded; `off` not checked.
 */
export type SnapshotStatus = "match" | "missing" | "changed" | "re-record" | "off" | "pending";

/** Result of checking one rule against its snapshot. */
export interface SnapshotCheck {
  readonly status: SnapshotStatus;
  /** Snapshot file, relative to the working directory. */
  readonly path: string | null;
  /** Pending snapshot written by this run, relative to the working directory. */
  readonly pending_path: string | null;
  /** Snapshot fields that changed (e.g. `signature`, `schema`, `digest`). */
  readonly fields: readonly string[];
}

/** Where one output column comes from. */
export interface LineageEntry {
  readonly column: string;
  /** Feeding dataset columns as `dataset.column`, sorted. */
  readonly sources: readonly string[];
}

/** An allowance as written in the manifest (SPEC section 6). */
export interface AllowanceJson {
  readonly diff: string;
  readonly reason: string;
  /** Last day (UTC, `YYYY-MM-DD`) the allowance holds; `null` = no end. */
  readonly until: string | null;
}

/** Plan signatures of a rule (lowercase hex sha256). */
export interface Signatures {
  /** Of the legacy plan lifted and canonicalized (`null`: recorded output or failed). */
  readonly legacy: string | null;
  /** Of the canonical RelPlan. */
  readonly new: string | null;
  /** Recorded in the snapshot. */
  readonly snapshot: string | null;
}

/** What the runner gives for one rule. */
export interface RuleInput {
  readonly name: string;
  /** Position of the rule in the manifest (0-based); reports list rules in this order. */
  readonly index: number;
  /** Output name later rules scan. */
  readonly output: string;
  /** The legacy side, path relative to the bundle. */
  readonly legacy: { readonly kind: "plan" | "recorded"; readonly path: string } | null;
  /** RelPlan path relative to the bundle; `null` = unmigrated. */
  readonly relplan: string | null;
  /** Names of the rules whose outputs this rule scans (sorted). */
  readonly upstream: readonly string[];
  readonly key: readonly string[] | null;
  readonly tolerance: { readonly abs: number; readonly rel: number };
  readonly allow: readonly AllowanceJson[];
  readonly signatures: Signatures;
  /** Canonical ASTs equal; `null` when not compared (recorded legacy, a failure). */
  readonly ast_equal: boolean | null;
  readonly ast_edits: readonly AstEditJson[];
  /** The AST diff rendered for people (unified-diff style), if any. */
  readonly ast_rendered: string | null;
  /** `null` when no output diff was made (a lane failed, unmigrated). */
  readonly output_diff: OutputDiffSummary | null;
  /** `null` when there is no new lane to check (unmigrated). */
  readonly snapshot: SnapshotCheck | null;
  readonly errors: readonly RuleError[];
  /** The RelPlan's `x-migrate-warnings`. */
  readonly warnings: readonly string[];
  readonly lineage: readonly LineageEntry[] | null;
  /** Milliseconds per phase (`legacy`, `new`, `canon`, `diff`, `snapshot`, ...). */
  readonly timings: Readonly<Record<string, number>>;
}

/** Effective engine and runtime settings (SPEC sections 6 and 11). */
export interface RuntimeProfile {
  readonly duckdb_version: string;
  readonly threads: number;
  readonly memory_limit: string;
  readonly temp_dir: string | null;
  /** DuckDB database path, `:memory:` by default. */
  readonly database: string;
  readonly read_only: boolean;
  readonly batch_size: number;
  /** Extra DuckDB settings from the manifest's `engine.config`. */
  readonly config: Readonly<Record<string, string | number | boolean>>;
}

/** Gate policy of a bundle (SPEC section 6). */
export interface PolicyJson {
  readonly ast: "report" | "require_equal";
  readonly snapshots: "require" | "off";
}

/** What the runner gives for one bundle. */
export interface BundleInput {
  readonly name: string;
  /** Bundle folder relative to the working directory, `/`-separated. */
  readonly dir: string;
  readonly signature: string;
  readonly policy: PolicyJson;
  readonly runtime: RuntimeProfile;
  /** Effective params (manifest, then `--param`). */
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly snapshots: {
    /** Snapshot folder of this bundle relative to the working directory (`null`: not used). */
    readonly dir: string | null;
    /** Pending folder used by this run (`null`: none). */
    readonly pending_dir: string | null;
    /** Rule names whose snapshot file exists but whose rule does not (sorted). */
    readonly obsolete: readonly string[];
  };
  readonly rules: readonly RuleInput[];
  readonly timings: Readonly<Record<string, number>>;
}

/** How relgate was invoked (affects what was run, never the signatures). */
export interface Invocation {
  readonly command: string;
  readonly ci: boolean;
  readonly isolate: boolean;
  /** `I/N` or `null`. */
  readonly shard: string | null;
  /** `--rule` globs (empty = all rules). */
  readonly rule_globs: readonly string[];
}

/** What the runner gives for a whole run. */
export interface RunInput {
  readonly relgate_version: string;
  readonly canon_version: number;
  readonly invocation: Invocation;
  readonly bundles: readonly BundleInput[];
  readonly timings: Readonly<Record<string, number>>;
}

/** Status of an allowance in this run. */
export type AllowanceStatus = "used" | "stale" | "expired" | "unchecked";

/** An allowance with what it did in this run. */
export interface AllowanceResult extends AllowanceJson {
  /**
   * `used`: excused at least one difference; `stale`: excused nothing (fails
   * the gate); `expired`: `until` is before today (fails the gate);
   * `unchecked`: the rule has no output diff to judge (broken, unmigrated).
   */
  readonly status: AllowanceStatus;
  /** The difference kinds it excused. */
  readonly excused: readonly string[];
}

/** One difference found for a rule, in allowance terms (see `diff_kinds.ts`). */
export interface Difference {
  /** Difference kind, e.g. `rows.changed`, `schema.type:score`, `column:score`. */
  readonly kind: string;
  readonly message: string;
  /** `diff` of the allowances that excuse it. */
  readonly excused_by: readonly string[];
}

/** A rule after judging. */
export interface RuleResult extends Omit<RuleInput, "allow"> {
  readonly verdict: Verdict;
  /** One line saying why (used by every renderer). */
  readonly message: string;
  readonly differences: readonly Difference[];
  readonly allowances: readonly AllowanceResult[];
}

/** Why the gate is closed. */
export type BlockReason =
  | "divergent"
  | "drifted"
  | "broken"
  | "unmigrated"
  | "require-equal"
  | "allowance-expired"
  | "allowance-stale"
  | "snapshot-missing"
  | "snapshot-pending"
  | "snapshot-re-record"
  | "snapshot-obsolete";

/** One thing that keeps the gate closed. */
export interface GateBlocker {
  /** The rule (for `snapshot-obsolete`, the rule named by the snapshot file). */
  readonly rule: string;
  readonly reason: BlockReason;
  readonly message: string;
}

/** The gate of one bundle. */
export interface BundleGate {
  readonly open: boolean;
  /** In rule order, then obsolete snapshots. */
  readonly blockers: readonly GateBlocker[];
  /** Rules whose legacy plan can be retired now, in rule order. */
  readonly retirable: readonly string[];
  readonly not_retirable: readonly { readonly rule: string; readonly reason: string }[];
}

/** An allowance in the bundle-wide list. */
export interface AllowanceEntry {
  readonly rule: string;
  readonly diff: string;
  readonly reason: string;
  readonly until: string | null;
  readonly status: AllowanceStatus;
}

/** Number of rules per verdict. */
export type VerdictCounts = { readonly [V in Verdict]: number };

/** The report of one bundle. */
export interface BundleReport {
  readonly name: string;
  readonly dir: string;
  readonly signature: string;
  readonly policy: PolicyJson;
  readonly runtime: RuntimeProfile;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly counts: VerdictCounts;
  readonly gate: BundleGate;
  readonly allowances: readonly AllowanceEntry[];
  readonly snapshots: {
    readonly dir: string | null;
    readonly pending_dir: string | null;
    /** Rules with a pending snapshot. */
    readonly pending: readonly string[];
    /** Rules with no snapshot. */
    readonly missing: readonly string[];
    /** Rules whose snapshot differs. */
    readonly changed: readonly string[];
    readonly obsolete: readonly string[];
  };
  readonly rules: readonly RuleResult[];
  readonly timings: Readonly<Record<string, number>>;
}

/** The report of a run: the JSON report (SPEC section 11). */
export interface RunReport {
  readonly relgate_version: string;
  readonly canon_version: number;
  readonly invocation: Invocation;
  /** Open when every bundle's gate is open. */
  readonly gate: { readonly open: boolean; readonly closed_bundles: readonly string[] };
  readonly bundles: readonly BundleReport[];
  readonly timings: Readonly<Record<string, number>>;
}

/**
 * The report without timings (every `timings` record emptied), so two runs of
 * the same input compare equal.
 */
export function stripTimings(report: RunReport): RunReport {
  return {
    ...report,
    bundles: report.bundles.map((b) => ({
      ...b,
      rules: b.rules.map((r) => ({ ...r, timings: {} })),
      timings: {},
    })),
    timings: {},
  };
}

/** True for the verdicts that let a rule pass (before policy and allowances). */
export function isGreen(verdict: Verdict): verdict is "identical" | "equivalent" {
  return verdict === "identical" || verdict === "equivalent";
}
