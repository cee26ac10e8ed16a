/**
 * The side-by-side runner: validates every plan of a bundle, then runs each
 * rule over the rule DAG from its legacy plan (Arrow engine) and from its
 * RelPlan (DuckDB), and diffs canonical ASTs, signatures and outputs. A
 * failing lane makes that rule `broken`; the run goes on with the others.
 *
 * @module
 */
import { relative } from "node:path";
import type * as arrow from "apache-arrow";
import {
  canonicalize,
  type CanonicalPlan,
  columnLineage,
  type Lineage,
  signCanonical,
} from "../canon/mod.ts";
import { bundleSignature } from "../canon/mod.ts";
import { diffAst, type JsonValue as AstJson } from "../diff/ast_diff.ts";
import { renderAstDiff } from "../diff/ast_render.ts";
import { diffOutputs } from "../diff/output_diff.ts";
import { type CliOverrides, openSession, type Session } from "../duckdb/config.ts";
import { datasetSchema, readDatasetArrow, registerDatasets } from "../duckdb/datasets.ts";
import { registerArrowRelation, runRelPlan } from "../duckdb/run.ts";
import type { BoundParam } from "../duckdb/sql_render.ts";
import { type Problem, RelgateError } from "../errors.ts";
import type { BundleInput, JsonValue, RuleError, RuleInput } from "../gate/model.ts";
import type { Ordering, RelPlan } from "../ir/plan.ts";
import { typePlan } from "../ir/typecheck.ts";
import type { Schema } from "../ir/types.ts";
import { runLegacyPlan } from "../legacy/exec/mod.ts";
import { liftLegacyPlan } from "../legacy/lift.ts";
import { readArrowFile } from "../arrow/ipc.ts";
import { applyContract } from "../arrow/contract.ts";
import { components, withUpstream } from "./graph.ts";
import { type LoadedBundle, type LoadedRule, selectRules } from "./load.ts";
import { type Progress, SILENT } from "./progress.ts";
import { astEditsJson, lineageEntries, summarizeOutputDiff } from "./summary.ts";

/** Options of a run. */
export interface RunnerOptions {
  /** `--rule` globs (empty: every rule). */
  readonly ruleGlobs?: readonly string[];
  /** `--param` values (override the manifest's). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Feed both lanes the legacy upstream outputs. */
  readonly isolate?: boolean;
  /** Command-line engine/runtime settings. */
  readonly cli?: CliOverrides;
  /** Sample rows per output diff. */
  readonly samples?: number;
  /** Run only the new lane (`check`, `snapshot`). */
  readonly newLaneOnly?: boolean;
  /** `--shard I/N`, 1-based. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly progress?: Progress;
  /**
   * Called after each rule ran (snapshot checks, writers). Unless
   * `keepTables`, the rule's output tables are dropped after it returns, so a
   * run holds only the outputs later rules still read.
   */
  readonly onRule?: (rr: RuleRun, ctx: RuleContext) => Promise<void>;
  /** Keep every rule's output tables on the `RuleRun`s (`run`, tests). */
  readonly keepTables?: boolean;
}

/** What `onRule` gets besides the rule's run. */
export interface RuleContext {
  readonly bundle: LoadedBundle;
  readonly session: Session;
}

/** What one rule produced, kept in memory for snapshots and `diff`. */
export interface RuleRun {
  readonly rule: LoadedRule;
  /** Whether the rule is part of the report (selected), not only run for its outputs. */
  readonly reported: boolean;
  legacyTable?: arrow.Table;
  newTable?: arrow.Table;
  sql?: string;
  bound?: readonly BoundParam[];
  newCanonical?: CanonicalPlan;
  legacyCanonical?: CanonicalPlan;
  lineage?: Lineage;
  input?: RuleInput;
}

/** Result of running a bundle. */
export interface BundleRun {
  readonly bundle: LoadedBundle;
  readonly session: Session;
  /** Rules in run order. */
  readonly runs: readonly RuleRun[];
  /** Effective params. */
  readonly params: Readonly<Record<string, unknown>>;
  /** True when every selected rule ran (no rule was skipped by the selection). */
  readonly complete: boolean;
  /** The report input, before snapshots are checked. */
  readonly input: Omit<BundleInput, "snapshots">;
}

/** Lifted legacy plans of a bundle, by rule name. */
function liftAll(
  bundle: LoadedBundle,
): Map<string, { plan: RelPlan; warnings: readonly string[] }> {
  const out = new Map<string, { plan: RelPlan; warnings: readonly string[] }>();
  const problems: Problem[] = [];
  for (const r of bundle.rules) {
    if (!r.legacyPlan) continue;
    try {
      out.set(r.name, liftLegacyPlan(r.legacyPlan, { file: r.legacy.path }));
    } catch (e) {
      if (e instanceof RelgateError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new RelgateError(problems);
  return out;
}

function declaredParams(plan: RelPlan): string[] {
  const names = Object.keys(plan.params ?? {});
  const walk = (ops: readonly unknown[]) => {
    for (const op of ops as { op?: string; name?: string }[]) {
      if (op.op === "param" && op.name) names.push(op.name);
    }
  };
  walk(plan.ops);
  return names;
}

/**
 * Validate every plan of the bundle against the datasets' schemas and the
 * rule graph (SPEC section 3 "Validation"); throws every problem at once.
 */
function validatePlans(
  bundle: LoadedBundle,
  session: Session,
  lifted: ReadonlyMap<string, { plan: RelPlan }>,
  params: Readonly<Record<string, unknown>> | undefined,
): OutputSchemas {
  const problems: Problem[] = [];
  const legacyOut = new Map<string, Schema>();
  const newOut = new Map<string, Schema>();
  const datasetOf = (name: string): Schema | undefined => {
    if (!bundle.datasets.has(name)) return undefined;
    return datasetSchema(session, name);
  };
  for (const r of bundle.rules) {
    const check = (plan: RelPlan, file: string, outputs: Map<string, Schema>) => {
      const typed = typePlan(plan, {
        file,
        dataset: (n) => datasetOf(n) ?? outputs.get(n) ?? legacyOut.get(n),
      });
      problems.push(...typed.problems);
      for (const p of declaredParams(plan)) {
        if (params && !(p in params)) {
          problems.push({
            code: "unbound-param",
            file,
            path: `$.params.${p}`,
            message: `param "${p}" has no value`,
            hint: `give it under "params" in migration.json or with --param ${p}=VALUE`,
          });
        }
      }
      return typed.problems.length ? undefined : typed.output;
    };
    const l = lifted.get(r.name);
    const ls = l ? check(l.plan, r.legacy.path, legacyOut) : undefined;
    const ns = r.relPlan ? check(r.relPlan, r.relplan!.path, newOut) : undefined;
    if (ls ?? ns) legacyOut.set(r.output, (ls ?? ns)!);
    if (ns ?? ls) newOut.set(r.output, (ns ?? ls)!);
  }
  if (problems.length) throw new RelgateError(problems);
  return { legacy: legacyOut, new: newOut };
}

/** Output schemas of every rule, per lane, by output name. */
export interface OutputSchemas {
  readonly legacy: ReadonlyMap<string, Schema>;
  readonly new: ReadonlyMap<string, Schema>;
}

/** A bundle opened on DuckDB with its datasets registered and its plans validated. */
export interface PreparedBundle {
  readonly session: Session;
  /** Effective params (manifest, then overrides). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Lifted legacy plans by rule name. */
  readonly lifted: ReadonlyMap<string, { plan: RelPlan; warnings: readonly string[] }>;
  readonly outputs: OutputSchemas;
}

/**
 * Open a session for a bundle, register its datasets and validate every
 * plan. With `checkParams: false` (explain), unbound params are allowed.
 */
export async function prepareBundle(
  bundle: LoadedBundle,
  options: {
    cli?: CliOverrides;
    params?: Readonly<Record<string, unknown>>;
    checkParams?: boolean;
  } = {},
): Promise<PreparedBundle> {
  const session = await openSession({
    engine: bundle.engine,
    runtime: bundle.runtime,
    cli: options.cli ?? {},
    file: "migration.json",
  });
  try {
    await registerDatasets(session, bundle.datasets);
    const params = { ...bundle.params, ...(options.params ?? {}) };
    const lifted = liftAll(bundle);
    const outputs = validatePlans(
      bundle,
      session,
      lifted,
      options.checkParams === false ? undefined : params,
    );
    return { session, params, lifted, outputs };
  } catch (e) {
    session.close();
    throw e;
  }
}

/** The DuckDB relation name under which a lane's output of a rule is registered. */
export function relationName(lane: "legacy" | "new", output: string): string {
  return `${lane}_${output}`;
}

/** The rules this run reports and the rules it must run (reported + upstream). */
function plannedRules(
  bundle: LoadedBundle,
  options: RunnerOptions,
): { reported: Set<string>; run: Set<string> } {
  let selected = selectRules(bundle, options.ruleGlobs ?? []).map((r) => r.name);
  if (options.shard) {
    const { index, count } = options.shard;
    const groups = options.isolate ? bundle.rules.map((r) => [r.name]) : components(bundle.rules);
    const sorted = groups.map((g) => [...g].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    const mine = new Set(sorted.filter((_, i) => i % count === index - 1).flat());
    selected = selected.filter((n) => mine.has(n));
  }
  const reported = new Set(selected);
  return { reported, run: withUpstream(bundle.rules, reported) };
}

function ruleError(lane: RuleError["lane"], e: unknown): RuleError {
  if (e instanceof RelgateError) {
    const p = e.problems[0]!;
    return {
      lane,
      code: p.code,
      message: e.problems.map((x) => x.message).join("; "),
      file: p.file ?? null,
      path: p.path ?? null,
      hint: p.hint ?? null,
    };
  }
  return {
    lane,
    code: "internal",
    message: (e as Error)?.message ?? String(e),
    file: null,
    path: null,
    hint: "this is a relgate bug; rerun with --debug",
  };
}

async function timed<T>(
  timings: Record<string, number>,
  phase: string,
  f: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    timings[phase] = Math.round((performance.now() - t0) * 1000) / 1000;
  }
}

/** Read a recorded legacy output (Arrow IPC or Parquet). */
async function readRecorded(session: Session, rule: LoadedRule): Promise<arrow.Table> {
  const path = rule.legacy.absPath;
  if (/\.parquet$/i.test(path)) {
    return await readDatasetArrow(session, {
      name: `__recorded_${rule.output}`,
      path: rule.legacy.path,
      absPath: path,
      format: "parquet",
    });
  }
  return await readArrowFile(path);
}

/**
 * Run a loaded bundle. Throws a RelgateError (exit 2) for invalid plans
 * before running anything; lane failures become `broken` rules.
 */
export async function runBundle(
  bundle: LoadedBundle,
  options: RunnerOptions = {},
): Promise<BundleRun> {
  const progress = options.progress ?? SILENT;
  const t0 = performance.now();
  const { session, params, lifted } = await prepareBundle(bundle, {
    ...(options.cli ? { cli: options.cli } : {}),
    ...(options.params ? { params: options.params } : {}),
  });
  try {
    const { reported, run } = plannedRules(bundle, options);
    const runs: RuleRun[] = [];
    const legacyTables = new Map<string, arrow.Table>();
    const newRelations = new Map<string, string>();
    const legacyRelations = new Map<string, string>();
    /** Lineage of each rule's output, by output name (later rules compose through it). */
    const lineages = new Map<string, Lineage>();
    const todo = bundle.rules.filter((r) => run.has(r.name));
    const byName = new Map(bundle.rules.map((r, i) => [r.name, { rule: r, index: i }]));
    const outputOf = (name: string) => byName.get(name)!.rule.output;
    // How many rules still to run read each output: only those are kept
    // (as Arrow for the legacy lane, as a DuckDB relation for the new lane).
    const readers = new Map<string, number>();
    for (const r of todo) {
      for (const u of r.upstream) readers.set(outputOf(u), (readers.get(outputOf(u)) ?? 0) + 1);
    }
    let i = 0;
    for (const rule of todo) {
      i++;
      const rr: RuleRun = { rule, reported: reported.has(rule.name) };
      runs.push(rr);
      const timings: Record<string, number> = {};
      const errors: RuleError[] = [];
      const phase = (p: string) => progress.phase(i, todo.length, rule.name, p);
      const ordering: Ordering = rule.relPlan?.ordering ?? rule.legacyPlan?.ordering ??
        { level: "unordered" };

      // Legacy lane.
      if (!options.newLaneOnly || !rule.relPlan) {
        phase("legacy");
        try {
          rr.legacyTable = await timed(timings, "legacy", async () => {
            if (rule.legacy.kind === "recorded") {
              return applyContract(await readRecorded(session, rule), { ordering });
            }
            return await runLegacyPlan(rule.legacyPlan!, {
              rule: rule.name,
              params,
              scan: async (dataset, columns) => {
                const up = legacyTables.get(dataset);
                if (up) return up;
                const spec = bundle.datasets.get(dataset)!;
                return await readDatasetArrow(session, { ...spec, name: dataset }, columns);
              },
            });
          });
          if (readers.has(rule.output)) legacyTables.set(rule.output, rr.legacyTable);
        } catch (e) {
          errors.push(ruleError("legacy", e));
        }
      }

      // New lane.
      if (rule.relPlan) {
        phase("new");
        try {
          const relations = new Map<string, string>();
          for (const u of rule.upstream) {
            const up = byName.get(u)!.rule;
            const useLegacy = options.isolate || !up.relPlan;
            const rel = useLegacy ? legacyRelations.get(up.output) : newRelations.get(up.output);
            if (useLegacy && rel === undefined && legacyTables.has(up.output)) {
              const name = await registerArrowRelation(
                session,
                relationName("legacy", up.output),
                legacyTables.get(up.output)!,
              );
              legacyRelations.set(up.output, name);
              relations.set(up.output, name);
            } else if (rel !== undefined) relations.set(up.output, rel);
          }
          const result = await timed(timings, "new", () =>
            runRelPlan(session, rule.relPlan!, {
              params,
              relations,
              file: rule.relplan!.path,
              rule: rule.name,
            }));
          rr.newTable = result.table;
          rr.sql = result.sql;
          rr.bound = result.bound;
          if (readers.has(rule.output)) {
            newRelations.set(
              rule.output,
              await registerArrowRelation(session, relationName("new", rule.output), result.table),
            );
          }
        } catch (e) {
          errors.push(ruleError("new", e));
        }
      }

      // Plans: canonical forms, signatures, AST diff, lineage.
      phase("canon");
      const l = lifted.get(rule.name);
      const legacyCanon = l ? canonicalize(l.plan) : undefined;
      const newCanon = rule.relPlan ? canonicalize(rule.relPlan) : undefined;
      rr.legacyCanonical = legacyCanon?.plan;
      rr.newCanonical = newCanon?.plan;
      const sigLegacy = legacyCanon ? signCanonical(legacyCanon.plan) : null;
      const sigNew = newCanon ? signCanonical(newCanon.plan) : null;
      let astEdits: RuleInput["ast_edits"] = [];
      let astRendered: string | null = null;
      if (legacyCanon && newCanon) {
        const left = legacyCanon.plan as unknown as AstJson;
        const right = newCanon.plan as unknown as AstJson;
        const edits = diffAst(left, right);
        astEdits = astEditsJson(edits);
        astRendered = edits.length ? renderAstDiff(left, right, edits) : null;
      }
      const lineagePlan = rule.relPlan ?? l?.plan;
      if (lineagePlan) {
        try {
          rr.lineage = columnLineage(lineagePlan, {
            datasetColumns: (d) =>
              bundle.datasets.has(d) ? datasetSchema(session, d).map((f) => f.name) : undefined,
            upstream: (d) => lineages.get(d),
          });
          lineages.set(rule.output, rr.lineage);
        } catch (e) {
          errors.push(ruleError("diff", e));
        }
      }

      // Outputs.
      let outputDiff: RuleInput["output_diff"] = null;
      if (rr.legacyTable && rr.newTable && rr.reported) {
        phase("diff");
        try {
          const d = await timed(
            timings,
            "diff",
            () =>
              Promise.resolve(diffOutputs(rr.legacyTable!, rr.newTable!, {
                ordering,
                ...(rule.key ? { key: rule.key } : {}),
                tolerance: rule.tolerance,
                samples: options.samples ?? 10,
              })),
          );
          outputDiff = summarizeOutputDiff(d);
        } catch (e) {
          errors.push(ruleError("diff", e));
        }
      }
      const warnings = rule.relPlan?.["x-migrate-warnings"];
      rr.input = {
        name: rule.name,
        index: byName.get(rule.name)!.index,
        output: rule.output,
        legacy: { kind: rule.legacy.kind, path: rule.legacy.path },
        relplan: rule.relplan?.path ?? null,
        upstream: [...rule.upstream].sort(),
        key: rule.key ?? null,
        tolerance: rule.tolerance,
        allow: rule.allow.map((a) => ({ diff: a.diff, reason: a.reason, until: a.until ?? null })),
        signatures: { legacy: sigLegacy, new: sigNew, snapshot: null },
        ast_equal: legacyCanon && newCanon ? sigLegacy === sigNew : null,
        ast_edits: astEdits,
        ast_rendered: astRendered,
        output_diff: outputDiff,
        snapshot: null,
        errors,
        warnings: Array.isArray(warnings) ? warnings.map(String) : [],
        lineage: rr.lineage ? lineageEntries(rr.lineage) : null,
        timings,
      };
      if (options.onRule) await options.onRule(rr, { bundle, session });
      if (!options.keepTables) {
        delete rr.legacyTable;
        delete rr.newTable;
      }
      for (const u of rule.upstream) {
        const out = outputOf(u);
        const left = (readers.get(out) ?? 1) - 1;
        if (left > 0) readers.set(out, left);
        else {
          readers.delete(out);
          legacyTables.delete(out);
        }
      }
    }
    progress.done();
    const runOf = new Map(runs.map((x) => [x.rule, x]));
    const signature = bundleSignature(
      bundle.rules.map((r) => {
        const rr = runOf.get(r);
        const sig = rr?.input?.signatures.new ?? rr?.input?.signatures.legacy ??
          signOf(r, lifted);
        return { name: r.name, signature: sig, upstream: [...r.upstream] };
      }),
    );
    const cwd = Deno.cwd();
    const p = session.profile;
    return {
      bundle,
      session,
      runs,
      params,
      complete: reported.size === bundle.rules.length,
      input: {
        name: bundle.name,
        dir: relative(cwd, bundle.dir).split("\\").join("/") || ".",
        signature,
        policy: bundle.policy,
        runtime: {
          duckdb_version: p.duckdb_version,
          threads: p.threads,
          memory_limit: p.memory_limit,
          temp_dir: p.temp_dir || null,
          database: p.database,
          read_only: p.read_only,
          batch_size: p.batch_size,
          config: session.backend.config,
        },
        params: params as Record<string, JsonValue>,
        rules: runs.filter((r) => r.reported).map((r) => r.input!),
        timings: { total: Math.round((performance.now() - t0) * 1000) / 1000 },
      },
    };
  } catch (e) {
    session.close();
    throw e;
  }
}

function signOf(rule: LoadedRule, lifted: ReadonlyMap<string, { plan: RelPlan }>): string {
  const plan = rule.relPlan ?? lifted.get(rule.name)?.plan;
  return plan ? signCanonical(canonicalize(plan).plan) : "";
}
