/**
 * Types of the migration manifest `migrations/<bundle>/migration.json`
 * (SPEC section 6), as they are after loading: paths resolved to absolute
 * paths inside the bundle.
 *
 * @module
 */
import type { SchemaFieldJson } from "../ir/plan.ts";

/** File formats a dataset can have. */
export type DatasetFormat = "parquet" | "csv" | "json" | "arrow";

/** Scan options of a dataset (SPEC section 6, seed scope 2). */
export interface DatasetScanOptions {
  /** Hive partition columns and their types. */
  readonly partition_cols?: readonly (readonly [string, string])[];
  /** The files' sort order; makes the scan's ordering implicit. */
  readonly file_sort_order?: readonly (readonly [string, "asc" | "desc"])[];
  readonly pruning?: boolean;
  readonly union_by_name?: boolean;
}

/** A dataset of the manifest. */
export interface DatasetSpec {
  /** Path as written in the manifest (relative to the bundle). */
  readonly path: string;
  /** Absolute path (a file, a folder or a glob), checked to be inside the bundle. */
  readonly absPath: string;
  readonly format: DatasetFormat;
  readonly partitioning?: "hive" | null;
  readonly read_options?: Readonly<Record<string, unknown>>;
  readonly schema?: readonly SchemaFieldJson[];
  readonly scan?: DatasetScanOptions;
}

/** An allowance excusing a named kind of difference. */
export interface Allowance {
  readonly diff: string;
  readonly reason: string;
  readonly until?: string;
}

/** How a rule's legacy side is given. */
export type LegacySource =
  | { readonly kind: "plan"; readonly path: string; readonly absPath: string }
  | { readonly kind: "recorded"; readonly path: string; readonly absPath: string };

/** A rule of the manifest. */
export interface RuleSpec {
  readonly name: string;
  readonly legacy: LegacySource;
  /** RelPlan path; absent when the rule is unmigrated. */
  readonly relplan?: { readonly path: string; readonly absPath: string };
  readonly output: string;
  readonly key?: readonly string[];
  readonly tolerance: { readonly abs: number; readonly rel: number };
  readonly allow: readonly Allowance[];
}

/** DuckDB engine settings (seed scope 1). */
export interface EngineSettings {
  readonly database?: string;
  readonly read_only?: boolean;
  readonly config?: Readonly<Record<string, string | number | boolean>>;
}

/** Runtime settings (seed scope 10). */
export interface RuntimeSettings {
  readonly threads?: number;
  readonly memory_limit?: string;
  readonly temp_dir?: string;
  readonly batch_size?: number;
}

/** Gate policy. */
export interface Policy {
  readonly ast: "report" | "require_equal";
  readonly snapshots: "require" | "off";
}

/** A loaded, validated bundle. */
export interface Bundle {
  /** Absolute path of the bundle folder. */
  readonly dir: string;
  /** Absolute path of migration.json. */
  readonly manifestPath: string;
  readonly name: string;
  readonly datasets: ReadonlyMap<string, DatasetSpec>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly rules: readonly RuleSpec[];
  readonly policy: Policy;
  readonly engine: EngineSettings;
  readonly runtime: RuntimeSettings;
}
