/**
 * Loading a bundle: `migration.json` validated, paths resolved inside the
 * bundle, plan files read and validated, the rule graph built and ordered.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { type Problem, RelgateError } from "../errors.ts";
import { readJsonFile, validateStructure } from "../formats/json_input.ts";
import type { RelOp, RelPlan, SubPlan } from "../ir/plan.ts";
import { relPlanSchema } from "../ir/schema.ts";
import type { LegacyOp, LegacyPlan } from "../legacy/plan.ts";
import { legacyPlanSchema } from "../legacy/schema.ts";
import { globMatch, topoOrder } from "./graph.ts";
import type { Bundle, DatasetSpec, RuleSpec } from "./manifest.ts";
import { manifestSchema } from "./schema.ts";
import { resolveInBundle } from "./paths.ts";
import { DIFF_KIND_BASES, isValidDiffKind } from "../gate/diff_kinds.ts";

/** A rule with its plans loaded. */
export interface LoadedRule extends RuleSpec {
  /** The legacy plan, unless the rule gives recorded outputs. */
  readonly legacyPlan?: LegacyPlan;
  /** The RelPlan, unless the rule is unmigrated. */
  readonly relPlan?: RelPlan;
  /** Rules whose outputs this rule scans (from either plan). */
  readonly upstream: readonly string[];
}

/** A bundle with its plans loaded, rules in topological order. */
export interface LoadedBundle extends Bundle {
  readonly rules: readonly LoadedRule[];
}

/** Read and validate a RelPlan file. */
export async function loadRelPlan(absPath: string, file: string): Promise<RelPlan> {
  return validateStructure(relPlanSchema, await readJsonFile(absPath, file), file);
}

/** Read and validate a legacy plan file. */
export async function loadLegacyPlan(absPath: string, file: string): Promise<LegacyPlan> {
  return validateStructure(legacyPlanSchema, await readJsonFile(absPath, file), file);
}

/** Whether a JSON file is a RelPlan (has `"relplan"`) rather than a legacy plan. */
export function isRelPlanJson(value: unknown): boolean {
  return value !== null && typeof value === "object" && "relplan" in value;
}

/** Dataset names a RelPlan scans (including sub-plans and kernel `right`). */
export function relPlanScans(ops: readonly RelOp[], out = new Set<string>()): Set<string> {
  for (const op of ops) {
    if (op.op === "scan") out.add(op.dataset);
    if (op.op === "join") relPlanScans(op.right.ops, out);
    if (op.op === "union") { for (const s of op.inputs) relPlanScans(s.ops, out); }
    if (op.op === "kernel") {
      const r = op.options.right as SubPlan | undefined;
      if (r && Array.isArray(r.ops)) relPlanScans(r.ops, out);
    }
  }
  return out;
}

/** Dataset names a legacy plan scans (including sub-plans and kernel `right`). */
export function legacyScans(ops: readonly LegacyOp[], out = new Set<string>()): Set<string> {
  for (const op of ops) {
    if (op.kind === "scan") out.add(op.dataset);
    if (op.kind === "hashjoin") legacyScans(op.right.pipeline_ops, out);
    if (op.kind === "union") { for (const s of op.inputs) legacyScans(s.pipeline_ops, out); }
    if (op.kind === "kernel") {
      const r = op.options.right as { pipeline_ops?: LegacyOp[] } | undefined;
      if (r && Array.isArray(r.pipeline_ops)) legacyScans(r.pipeline_ops, out);
    }
  }
  return out;
}

/**
 * Load a bundle folder (or a path to its migration.json). Throws a
 * RelgateError listing every problem found.
 *
 * @example
 * ```ts ignore
 * import { loadBundle } from "./load.ts";
 * const b = await loadBundle("migrations/cpg");
 * console.log(b.rules.map((r) => r.name));
 * ```
 */
export async function loadBundle(path: string): Promise<LoadedBundle> {
  let dir = resolve(path);
  if (basename(dir) === "migration.json") dir = resolve(dir, "..");
  const manifestPath = resolve(dir, "migration.json");
  const file = "migration.json";
  try {
    const st = await Deno.stat(dir);
    if (!st.isDirectory) throw new Deno.errors.NotFound();
  } catch {
    throw new RelgateError({
      code: "missing-file",
      file: path,
      message: `Cannot open bundle ${path}: no such folder`,
      hint: "give the bundle folder that holds migration.json",
    });
  }
  const raw = validateStructure(manifestSchema, await readJsonFile(manifestPath, file), file);
  const problems: Problem[] = [];
  const keep = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof RelgateError) problems.push(...e.problems);
      else throw e;
      return undefined;
    }
  };
  const keepAsync = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof RelgateError) problems.push(...e.problems);
      else throw e;
      return undefined;
    }
  };

  const datasets = new Map<string, DatasetSpec>();
  for (const [name, d] of Object.entries(raw.datasets)) {
    const absPath = keep(() =>
      resolveInBundle(dir, d.path, { file, at: `$.datasets[${JSON.stringify(name)}].path` })
    );
    if (absPath === undefined) continue;
    datasets.set(name, {
      path: d.path,
      absPath,
      format: d.format,
      ...(d.partitioning !== undefined ? { partitioning: d.partitioning } : {}),
      ...(d.read_options ? { read_options: d.read_options } : {}),
      ...(d.schema ? { schema: d.schema } : {}),
      ...(d.scan ? { scan: d.scan } : {}),
    } as DatasetSpec);
  }

  const names = new Map<string, number>();
  const outputs = new Map<string, number>();
  raw.rules.forEach((r, i) => {
    if (names.has(r.name)) {
      problems.push({
        code: "duplicate-rule",
        file,
        path: `$.rules[${i}].name`,
        message: `rule name "${r.name}" is already used by $.rules[${names.get(r.name)}]`,
        hint: "rule names must be unique",
      });
    } else names.set(r.name, i);
    if (outputs.has(r.output)) {
      problems.push({
        code: "duplicate-output",
        file,
        path: `$.rules[${i}].output`,
        message: `output "${r.output}" is already written by $.rules[${outputs.get(r.output)}]`,
        hint: "each rule needs its own output name",
      });
    } else outputs.set(r.output, i);
    if (datasets.has(r.output) || raw.datasets[r.output]) {
      problems.push({
        code: "duplicate-output",
        file,
        path: `$.rules[${i}].output`,
        message: `output "${r.output}" has the same name as a dataset`,
        hint: "rename the output or the dataset",
      });
    }
  });

  raw.rules.forEach((r, i) =>
    (r.allow ?? []).forEach((a, j) => {
      if (!isValidDiffKind(a.diff)) {
        problems.push({
          code: "invalid-value",
          file,
          path: `$.rules[${i}].allow[${j}].diff`,
          message: `unknown difference kind "${a.diff}"`,
          hint: `kinds: ${DIFF_KIND_BASES.join(", ")} (column kinds take ":<column>")`,
        });
      }
    })
  );
  const ruleByOutput = new Map(raw.rules.map((r) => [r.output, r.name]));
  const loaded: LoadedRule[] = [];
  for (const [i, r] of raw.rules.entries()) {
    const at = `$.rules[${i}]`;
    const legacyRel = typeof r.legacy === "string" ? r.legacy : r.legacy.recorded;
    const legacyAbs = keep(() =>
      resolveInBundle(dir, legacyRel, {
        file,
        at: typeof r.legacy === "string" ? `${at}.legacy` : `${at}.legacy.recorded`,
      })
    );
    const relAbs = r.relplan
      ? keep(() => resolveInBundle(dir, r.relplan!, { file, at: `${at}.relplan` }))
      : undefined;
    let legacyPlan: LegacyPlan | undefined;
    if (legacyAbs !== undefined && typeof r.legacy === "string") {
      legacyPlan = await keepAsync(() => loadLegacyPlan(legacyAbs, legacyRel));
    } else if (legacyAbs !== undefined) {
      await keepAsync(async () => {
        try {
          await Deno.stat(legacyAbs);
        } catch {
          throw new RelgateError({
            code: "missing-file",
            file,
            path: `${at}.legacy.recorded`,
            message: `recorded output "${legacyRel}" does not exist`,
            hint: "record the legacy output as an Arrow IPC or Parquet file",
          });
        }
      });
    }
    const relPlan = relAbs !== undefined
      ? await keepAsync(() => loadRelPlan(relAbs, r.relplan!))
      : undefined;
    const scans = new Set<string>();
    if (legacyPlan) legacyScans(legacyPlan.pipeline_ops, scans);
    if (relPlan) relPlanScans(relPlan.ops, scans);
    const upstream = [...scans].filter((s) => ruleByOutput.has(s)).map((s) => ruleByOutput.get(s)!);
    for (const s of scans) {
      if (!ruleByOutput.has(s) && !raw.datasets[s]) {
        problems.push({
          code: "unknown-dataset",
          file: relPlan && relPlanScans(relPlan.ops).has(s) ? r.relplan : legacyRel,
          path: "$",
          message: `rule "${r.name}" scans "${s}", which is neither a dataset nor a rule output`,
          hint: `datasets: ${Object.keys(raw.datasets).join(", ") || "none"}; outputs: ${
            [...ruleByOutput.keys()].join(", ") || "none"
          }`,
        });
      }
    }
    loaded.push({
      name: r.name,
      legacy: {
        kind: typeof r.legacy === "string" ? "plan" : "recorded",
        path: legacyRel,
        absPath: legacyAbs ?? "",
      },
      ...(r.relplan ? { relplan: { path: r.relplan, absPath: relAbs ?? "" } } : {}),
      output: r.output,
      ...(r.key ? { key: r.key } : {}),
      tolerance: { abs: r.tolerance?.abs ?? 0, rel: r.tolerance?.rel ?? 0 },
      allow: r.allow ?? [],
      ...(legacyPlan ? { legacyPlan } : {}),
      ...(relPlan ? { relPlan } : {}),
      upstream: [...new Set(upstream)],
    });
  }
  if (problems.length) throw new RelgateError(problems);
  const order = topoOrder(loaded, file);
  const byName = new Map(loaded.map((r) => [r.name, r]));
  return {
    dir,
    manifestPath,
    name: raw.name,
    datasets,
    params: raw.params ?? {},
    rules: order.map((n) => byName.get(n)!),
    policy: { ast: raw.policy?.ast ?? "report", snapshots: raw.policy?.snapshots ?? "require" },
    engine: raw.engine ?? {},
    runtime: raw.runtime ?? {},
  };
}

/** Rules whose names match any of the globs (all rules when none given). */
export function selectRules(bundle: LoadedBundle, globs: readonly string[]): LoadedRule[] {
  if (globs.length === 0) return [...bundle.rules];
  return bundle.rules.filter((r) => globs.some((g) => globMatch(g, r.name)));
}
