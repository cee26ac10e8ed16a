// Builders of runner input for the gate and report tests (not exported by mod.ts).
import type {
  BundleInput,
  OutputDiffSummary,
  RuleInput,
  RunInput,
  RuntimeProfile,
} from "./model.ts";

/** An output diff with equal outputs of `rows` rows. */
export function equalDiff(rows: number): OutputDiffSummary {
  return {
    equal: true,
    schema: [],
    rows: { legacy: rows, new: rows, equal: rows, only_legacy: 0, only_new: 0, changed: 0 },
    columns: [],
    samples: [],
  };
}

/** A migrated rule whose lanes agree, identical ASTs, snapshot matching; override any field. */
export function ruleInput(name: string, over: Partial<RuleInput> = {}): RuleInput {
  const file = name.replace(/^.*\./, "");
  return {
    name,
    index: 0,
    output: file,
    legacy: { kind: "plan", path: `legacy/${file}.json` },
    relplan: `relplans/${file}.json`,
    upstream: [],
    key: null,
    tolerance: { abs: 0, rel: 0 },
    allow: [],
    signatures: { legacy: "a".repeat(64), new: "a".repeat(64), snapshot: "a".repeat(64) },
    ast_equal: true,
    ast_edits: [],
    ast_rendered: null,
    output_diff: equalDiff(3),
    snapshot: {
      status: "match",
      path: `snapshots/cpg/${name}.snap.json`,
      pending_path: null,
      fields: [],
    },
    errors: [],
    warnings: [],
    lineage: null,
    timings: { legacy: 12, new: 8 },
    ...over,
  };
}

/** The runtime profile used by the fixtures. */
export const RUNTIME: RuntimeProfile = {
  duckdb_version: "v1.5.5",
  threads: 2,
  memory_limit: "2GB",
  temp_dir: null,
  database: ":memory:",
  read_only: false,
  batch_size: 8192,
  config: {},
};

/** A bundle `cpg` with these rules (indexes set from the order). */
export function bundleInput(
  rules: readonly RuleInput[],
  over: Partial<BundleInput> = {},
): BundleInput {
  return {
    name: "cpg",
    dir: "migrations/cpg",
    signature: "b".repeat(64),
    policy: { ast: "report", snapshots: "require" },
    runtime: RUNTIME,
    params: {},
    snapshots: { dir: "snapshots/cpg", pending_dir: null, obsolete: [] },
    rules: rules.map((r, index) => ({ ...r, index })),
    timings: { total: 30 },
    ...over,
  };
}

/** A run of these bundles. */
export function runInput(bundles: readonly BundleInput[]): RunInput {
  return {
    relgate_version: "0.1.0",
    canon_version: 1,
    invocation: { command: "audit", ci: true, isolate: false, shard: null, rule_globs: [] },
    bundles,
    timings: { total: 40 },
  };
}
