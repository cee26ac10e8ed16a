/**
 * The legacy lane's executor: an Acero-style engine that runs a legacy
 * `pipeline_ops` plan (SPEC section 5) over apache-arrow tables, batch by
 * batch for scan/filter/project, with hash joins and hash aggregates on
 * typed-array hash tables. It never uses DuckDB.
 *
 * @example Running a plan over in-memory tables
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { runLegacyPlan } from "./mod.ts";
 * const calls = arrow.tableFromArrays({ id: Int32Array.of(1, 2, 3) });
 * const out = await runLegacyPlan(
 *   { name: "r", pipeline_ops: [{ kind: "scan", dataset: "calls" }, { kind: "limit", count: 2 }] },
 *   { scan: () => Promise.resolve(calls) },
 * );
 * out.numRows; // 2
 * ```
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { applyContract } from "../../arrow/contract.ts";
import { ExecutionError, RelgateError } from "../../errors.ts";
import { type DataType, formatType, typeEquals } from "../../ir/types.ts";
import { ARROW_KERNELS } from "../../kernels/arrow.ts";
import { PC_AGGREGATES } from "../functions.ts";
import type { LegacyOp, LegacyPlan, LegacySubPlan, PcExpr } from "../plan.ts";
import { castCol } from "../../arrow/cast.ts";
import {
  type Col,
  concatFrames,
  type Frame,
  framesFromTable,
  sliceCol,
  tableFromFrames,
  takeFrame,
} from "../../arrow/column.ts";
import { ComputeError, PlanError } from "../../arrow/compute_error.ts";
import { type Compiled, compilePc, evalCol, type ExprEnv } from "../compute/expr.ts";
import { unify } from "../compute/functions.ts";
import { type AggInput, aggType, hashAggregate } from "./aggregate.ts";
import { hashJoin, type JoinType } from "./join.ts";
import { type Rel, relFrame, relOf } from "./rel.ts";
import { sortIndices, type SortKey } from "./sort.ts";

/** Options of {@link runLegacyPlan}. */
export interface RunLegacyOptions {
  /** Provide a dataset (or an upstream rule's output) as an Arrow table. */
  readonly scan: (dataset: string, columns?: readonly string[]) => Promise<arrow.Table>;
  /** Param values (`{"param": "name"}`). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Rule name, used in error messages. */
  readonly rule?: string;
  /** File of the legacy plan, used in error messages. */
  readonly file?: string;
}

interface Ctx {
  readonly opts: RunLegacyOptions;
  readonly params: Readonly<Record<string, unknown>>;
  readonly paramTypes: Readonly<Record<string, string>>;
}

/**
 * Run a legacy plan and return its output with the plan's schema contract
 * and ordering metadata applied ({@link applyContract}).
 *
 * Errors: a problem in the plan (unknown column, function, kind, bad
 * option) or in the data (overflow, bad cast, out-of-range index) throws an
 * {@link ExecutionError} whose path names the op, e.g.
 * `rule cpg.x: $.pipeline_ops[3].expressions[0]: add_checked overflow [overflow]`
 * (the rule is carried as the problem's `file` when no file is given).
 */
export async function runLegacyPlan(
  plan: LegacyPlan,
  options: RunLegacyOptions,
): Promise<arrow.Table> {
  const paramTypes: Record<string, string> = {};
  for (const [k, v] of Object.entries(plan.params ?? {})) paramTypes[k] = v.type;
  const ctx: Ctx = { opts: options, params: options.params ?? {}, paramTypes };
  const rel = await runOps(plan.pipeline_ops, ctx, "$.pipeline_ops");
  const table = tableFromFrames(rel.frames, rel.types, rel.names);
  try {
    return applyContract(table, {
      ordering: plan.ordering,
      schema: plan.schema,
      file: options.file,
    });
  } catch (e) {
    if (e instanceof RelgateError && options.rule !== undefined && options.file === undefined) {
      throw new RelgateError(e.problems.map((p) => ({ ...p, file: `rule ${options.rule}` })));
    }
    throw e;
  }
}

/**
 * Run a legacy sub-plan (`{"pipeline_ops": [...]}`) to a relation. Exposed for
 * kernels and differential tests.
 */
export function runLegacyOps(
  ops: readonly LegacyOp[],
  options: RunLegacyOptions & { readonly paramTypes?: Readonly<Record<string, string>> },
  path = "$.pipeline_ops",
): Promise<Rel> {
  return runOps(ops, {
    opts: options,
    params: options.params ?? {},
    paramTypes: options.paramTypes ?? {},
  }, path);
}

function fail(ctx: Ctx, code: string, path: string, message: string, hint?: string): never {
  const rule = ctx.opts.rule;
  throw new ExecutionError({
    code,
    file: ctx.opts.file ?? (rule !== undefined ? `rule ${rule}` : undefined),
    path,
    message,
    hint,
  });
}

async function runOps(ops: readonly LegacyOp[], ctx: Ctx, base: string): Promise<Rel> {
  if (!Array.isArray(ops) || ops.length === 0) {
    fail(ctx, "bad-plan", base, "a plan needs at least one op");
  }
  if (ops[0]!.kind !== "scan") fail(ctx, "bad-plan", `${base}[0]`, 'the first op must be a "scan"');
  let rel: Rel | undefined;
  for (let i = 0; i < ops.length; i++) {
    const path = `${base}[${i}]`;
    try {
      rel = await runOp(ops[i]!, rel, ctx, path);
    } catch (e) {
      if (e instanceof PlanError) {
        fail(ctx, e.code, `${path}${e.path.startsWith("$") ? "" : e.path}`, e.message);
      }
      if (e instanceof ComputeError) fail(ctx, e.code, path, e.message);
      throw e;
    }
  }
  return rel!;
}

function env(rel: Rel, ctx: Ctx): ExprEnv {
  return { names: rel.names, types: rel.types, params: ctx.params, paramTypes: ctx.paramTypes };
}

function subOps(sub: unknown, path: string): readonly LegacyOp[] {
  if (
    typeof sub !== "object" || sub === null || !Array.isArray((sub as LegacySubPlan).pipeline_ops)
  ) {
    throw new PlanError("bad-plan", path, 'a sub-plan must be {"pipeline_ops": [...]}');
  }
  return (sub as LegacySubPlan).pipeline_ops;
}

function filterFrame(f: Frame, pred: Compiled): Frame {
  const v = pred.eval(f);
  const c = v.c;
  const vals = c.values as Uint8Array | undefined;
  if (v.scalar) {
    const keep = (c.valid === null || c.valid[0] === 1) && vals !== undefined && vals[0] === 1;
    return keep ? f : takeFrame(f, new Int32Array(0));
  }
  const n = f.length;
  const va = c.valid;
  let count = 0;
  if (vals === undefined) return takeFrame(f, new Int32Array(0));
  for (let i = 0; i < n; i++) count += vals[i]! & (va === null ? 1 : va[i]!);
  if (count === n) return f;
  const idx = new Int32Array(count);
  let p = 0;
  if (va === null) {
    for (let i = 0; i < n; i++) if (vals[i]) idx[p++] = i;
  } else {
    for (let i = 0; i < n; i++) if (vals[i]! & va[i]!) idx[p++] = i;
  }
  return takeFrame(f, idx);
}

function compileBool(e: PcExpr, rel: Rel, ctx: Ctx, path: string): Compiled {
  const c = compilePc(e, env(rel, ctx), path);
  if (c.type.kind !== "bool" && c.type.kind !== "null") {
    throw new PlanError("type-mismatch", path, `a filter must be bool, got ${formatType(c.type)}`);
  }
  return c;
}

function mapFrames(
  rel: Rel,
  names: readonly string[],
  types: readonly DataType[],
  f: (x: Frame) => Frame,
): Rel {
  return { names, types, frames: rel.frames.map(f) };
}

async function runOp(op: LegacyOp, input: Rel | undefined, ctx: Ctx, path: string): Promise<Rel> {
  if (typeof op !== "object" || op === null) {
    throw new PlanError("bad-plan", "", "an op must be an object");
  }
  if (op.kind !== "scan" && input === undefined) {
    throw new PlanError("bad-plan", "", "missing input");
  }
  const rel = input!;
  switch (op.kind) {
    case "scan":
      return await scan(op, ctx);
    case "filter": {
      const pred = compileBool(op.expression, rel, ctx, ".expression");
      return mapFrames(rel, rel.names, rel.types, (f) => filterFrame(f, pred));
    }
    case "project": {
      if (
        !Array.isArray(op.expressions) || !Array.isArray(op.names) ||
        op.expressions.length !== op.names.length
      ) {
        throw new PlanError("bad-plan", ".names", "project needs as many names as expressions");
      }
      const exprs = op.expressions.map((e, i) => compilePc(e, env(rel, ctx), `.expressions[${i}]`));
      const names = [...op.names];
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      if (dup !== undefined) {
        throw new PlanError("name-clash", ".names", `project has two columns named "${dup}"`);
      }
      const types = exprs.map((e) => e.type);
      return mapFrames(
        rel,
        names,
        types,
        (f) => ({ names, cols: exprs.map((e) => evalCol(e, f)), length: f.length }),
      );
    }
    case "hashjoin":
      return await join(op, rel, ctx, path);
    case "aggregate":
      return aggregate(op, rel);
    case "order_by": {
      const f = relFrame(rel);
      const nullsFirst = op.null_placement === "at_start";
      if (
        op.null_placement !== undefined && op.null_placement !== "at_start" &&
        op.null_placement !== "at_end"
      ) {
        throw new PlanError(
          "bad-option",
          ".null_placement",
          'null_placement must be "at_end" or "at_start"',
        );
      }
      const keys: SortKey[] = op.sort_keys.map(([name, dir], i) => {
        const k = rel.names.indexOf(name);
        if (k < 0) {
          throw new PlanError("unknown-column", `.sort_keys[${i}][0]`, `unknown column "${name}"`);
        }
        if (dir !== "ascending" && dir !== "descending") {
          throw new PlanError(
            "bad-option",
            `.sort_keys[${i}][1]`,
            'order must be "ascending" or "descending"',
          );
        }
        return { col: f.cols[k]!, descending: dir === "descending", nullsFirst };
      });
      return relOf(rel.names, rel.types, takeFrame(f, sortIndices(keys, f.length)));
    }
    case "union":
      return await union(op.inputs, rel, ctx, path);
    case "limit": {
      const count = op.count;
      const offset = op.offset ?? 0;
      if (!Number.isInteger(count) || count < 0) {
        throw new PlanError("bad-option", ".count", "count must be an integer >= 0");
      }
      if (!Number.isInteger(offset) || offset < 0) {
        throw new PlanError("bad-option", ".offset", "offset must be an integer >= 0");
      }
      const frames: Frame[] = [];
      let skip = offset;
      let left = count;
      for (const f of rel.frames) {
        if (left <= 0) break;
        if (skip >= f.length) {
          skip -= f.length;
          continue;
        }
        const end = Math.min(f.length, skip + left);
        frames.push({
          names: f.names,
          cols: f.cols.map((c) => sliceCol(c, skip, end)),
          length: end - skip,
        });
        left -= end - skip;
        skip = 0;
      }
      return { names: rel.names, types: rel.types, frames };
    }
    case "kernel": {
      const k = ARROW_KERNELS.get(op.name);
      if (!k) {
        throw new PlanError(
          "unknown-kernel",
          ".name",
          `unknown kernel "${op.name}" (known: ${[...ARROW_KERNELS.keys()].join(", ")})`,
        );
      }
      return await k(rel, op.options ?? {}, {
        path: `${path}.options`,
        params: ctx.params,
        paramTypes: ctx.paramTypes,
        runSubPlan: (sub, p) => runOps(subOps(sub, ".options.right"), ctx, `${p}.pipeline_ops`),
      }).catch((e: unknown) => {
        if (e instanceof PlanError && !e.path.startsWith(".options") && !e.path.startsWith("$")) {
          throw new PlanError(e.code, `.options${e.path}`, e.message);
        }
        throw e;
      });
    }
    default:
      throw new PlanError(
        "unknown-kind",
        ".kind",
        `unknown op kind "${
          (op as { kind: string }).kind
        }" (known: scan, filter, project, hashjoin, aggregate, order_by, union, limit, kernel)`,
      );
  }
}

async function scan(op: Extract<LegacyOp, { kind: "scan" }>, ctx: Ctx): Promise<Rel> {
  const table = await ctx.opts.scan(op.dataset, op.columns);
  let frames = framesFromTable(table);
  let names = frames[0]!.names;
  let types: DataType[] = frames[0]!.cols.map((c) => c.type);
  if (op.columns) {
    const idx = op.columns.map((c, i) => {
      const k = names.indexOf(c);
      if (k < 0) {
        throw new PlanError(
          "unknown-column",
          `.columns[${i}]`,
          `dataset "${op.dataset}" has no column "${c}" (available: ${names.join(", ")})`,
        );
      }
      return k;
    });
    const ns = [...op.columns];
    frames = frames.map((f) => ({ names: ns, cols: idx.map((k) => f.cols[k]!), length: f.length }));
    names = ns;
    types = idx.map((k) => types[k]!);
  }
  const rel: Rel = { names, types, frames };
  if (op.filter === undefined) return rel;
  const pred = compileBool(op.filter, rel, ctx, ".filter");
  return mapFrames(rel, names, types, (f) => filterFrame(f, pred));
}

const JOIN_TYPES: readonly JoinType[] = [
  "inner",
  "left outer",
  "right outer",
  "full outer",
  "left semi",
  "left anti",
];

async function join(
  op: Extract<LegacyOp, { kind: "hashjoin" }>,
  left: Rel,
  ctx: Ctx,
  path: string,
): Promise<Rel> {
  if (!JOIN_TYPES.includes(op.join_type)) {
    throw new PlanError(
      "bad-option",
      ".join_type",
      `unknown join_type "${op.join_type}" (known: ${JOIN_TYPES.join(", ")})`,
    );
  }
  const right = await runOps(subOps(op.right, ".right"), ctx, `${path}.right.pipeline_ops`);
  if (op.left_keys.length !== op.right_keys.length || op.left_keys.length === 0) {
    throw new PlanError(
      "bad-plan",
      ".right_keys",
      "left_keys and right_keys must have the same, non-zero length",
    );
  }
  const lk = op.left_keys.map((k, i) => {
    const j = left.names.indexOf(k);
    if (j < 0) {
      throw new PlanError("unknown-column", `.left_keys[${i}]`, `unknown left column "${k}"`);
    }
    return j;
  });
  const rk = op.right_keys.map((k, i) => {
    const j = right.names.indexOf(k);
    if (j < 0) {
      throw new PlanError("unknown-column", `.right_keys[${i}]`, `unknown right column "${k}"`);
    }
    return j;
  });
  const keyTypes = lk.map((j, i) => {
    try {
      return unify([left.types[j]!, right.types[rk[i]!]!], "hashjoin");
    } catch {
      throw new PlanError(
        "type-mismatch",
        `.left_keys[${i}]`,
        `join keys "${op.left_keys[i]}" and "${op.right_keys[i]}" have incompatible types`,
      );
    }
  });
  const suffix = op.output_suffix_for_right ?? "_right";
  const names = [...left.names];
  for (const n of right.names) {
    const name = left.names.includes(n) ? `${n}${suffix}` : n;
    if (names.includes(name)) {
      throw new PlanError(
        "name-clash",
        ".output_suffix_for_right",
        `join output has two columns named "${name}"`,
      );
    }
    names.push(name);
  }
  const types = [...left.types, ...right.types];
  let residual: ((pairs: Frame) => Uint8Array) | undefined;
  if (op.filter !== undefined) {
    const pred = compilePc(op.filter, {
      names,
      types,
      params: ctx.params,
      paramTypes: ctx.paramTypes,
    }, ".filter");
    residual = (pairs) => {
      const v = pred.eval(pairs);
      const out = new Uint8Array(pairs.length);
      for (let i = 0; i < pairs.length; i++) {
        const j = v.scalar ? 0 : i;
        out[i] = (v.c.valid === null || v.c.valid[j] === 1) && v.c.values![j] === 1 ? 1 : 0;
      }
      return out;
    };
  }
  const semi = op.join_type === "left semi" || op.join_type === "left anti";
  const rf = relFrame(right);
  const lf = relFrame(left);
  const out = hashJoin({
    type: op.join_type,
    left: lf,
    right: rf,
    leftKeys: lk,
    rightKeys: rk,
    keyTypes,
    names,
    ...(residual ? { residual } : {}),
  });
  return semi ? relOf(left.names, left.types, out) : relOf(names, types, out);
}

function aggregate(op: Extract<LegacyOp, { kind: "aggregate" }>, rel: Rel): Rel {
  const f = relFrame(rel);
  const keys = op.keys.map((k, i) => {
    const j = rel.names.indexOf(k);
    if (j < 0) throw new PlanError("unknown-column", `.keys[${i}]`, `unknown column "${k}"`);
    return j;
  });
  const inputs: AggInput[] = [];
  const outNames = [...op.keys];
  const outTypes: DataType[] = keys.map((j) => rel.types[j]!);
  op.aggregates.forEach((a, i) => {
    if (!Array.isArray(a) || a.length !== 4) {
      throw new PlanError(
        "bad-plan",
        `.aggregates[${i}]`,
        "an aggregate is [target, function, options, name]",
      );
    }
    const [target, fn, options, name] = a;
    const spec = PC_AGGREGATES.get(fn);
    if (!spec) {
      throw new PlanError(
        "unknown-function",
        `.aggregates[${i}][1]`,
        `unknown aggregate "${fn}" (known: ${[...PC_AGGREGATES.keys()].join(", ")})`,
      );
    }
    const o: Record<string, unknown> = { ...spec.defaults };
    for (const [k, v] of Object.entries(options ?? {})) {
      if (!(k in spec.defaults)) {
        throw new PlanError(
          "bad-option",
          `.aggregates[${i}][2].${k}`,
          `${fn} has no option "${k}"`,
        );
      }
      o[k] = v;
    }
    let col: Col | undefined;
    let t: DataType | undefined;
    if (fn === "hash_count_all") {
      if (!(Array.isArray(target) && target.length === 0)) {
        throw new PlanError(
          "bad-plan",
          `.aggregates[${i}][0]`,
          "hash_count_all takes the target []",
        );
      }
    } else {
      const tname = Array.isArray(target) ? (target.length === 1 ? target[0] : undefined) : target;
      if (typeof tname !== "string") {
        throw new PlanError("bad-plan", `.aggregates[${i}][0]`, `${fn} needs one target column`);
      }
      const j = rel.names.indexOf(tname);
      if (j < 0) {
        throw new PlanError("unknown-column", `.aggregates[${i}][0]`, `unknown column "${tname}"`);
      }
      col = f.cols[j]!;
      t = rel.types[j]!;
    }
    inputs.push(col ? { fn, col, options: o } : { fn, options: o });
    outNames.push(name);
    outTypes.push(aggType(fn, t));
  });
  const dup = outNames.find((n, i) => outNames.indexOf(n) !== i);
  if (dup !== undefined) {
    throw new PlanError(
      "name-clash",
      ".aggregates",
      `aggregate output has two columns named "${dup}"`,
    );
  }
  const r = hashAggregate(keys.map((j) => f.cols[j]!), inputs, f.length);
  const cols = [...r.keys, ...r.aggs];
  return relOf(outNames, outTypes, { names: outNames, cols, length: r.length });
}

async function union(
  inputs: readonly LegacySubPlan[],
  rel: Rel,
  ctx: Ctx,
  path: string,
): Promise<Rel> {
  const frames: Frame[] = [...rel.frames];
  let types = [...rel.types];
  const others: Rel[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const r = await runOps(
      subOps(inputs[i], `.inputs[${i}]`),
      ctx,
      `${path}.inputs[${i}].pipeline_ops`,
    );
    const same = r.names.length === rel.names.length && rel.names.every((n) => r.names.includes(n));
    if (!same) {
      throw new PlanError(
        "schema-mismatch",
        `.inputs[${i}]`,
        `union input has columns ${r.names.join(", ")}, expected ${rel.names.join(", ")}`,
      );
    }
    const order = rel.names.map((n) => r.names.indexOf(n));
    const reordered: Rel = {
      names: rel.names,
      types: order.map((k) => r.types[k]!),
      frames: r.frames.map((f) => ({
        names: rel.names,
        cols: order.map((k) => f.cols[k]!),
        length: f.length,
      })),
    };
    types = types.map((t, k) => {
      try {
        return unify([t, reordered.types[k]!], "union");
      } catch {
        throw new PlanError(
          "schema-mismatch",
          `.inputs[${i}]`,
          `union column "${rel.names[k]}" has types ${formatType(t)} and ${
            formatType(reordered.types[k]!)
          }`,
        );
      }
    });
    others.push(reordered);
  }
  for (const o of others) frames.push(...o.frames);
  const cast = frames.map((f) => ({
    names: rel.names,
    cols: f.cols.map((
      c,
      k,
    ) => (typeEquals(c.type, types[k]!) ? c : castCol(c, types[k]!, "error"))),
    length: f.length,
  }));
  return { names: rel.names, types, frames: cast };
}

/** Concatenate a relation's batches (exposed for tests). */
export function collect(rel: Rel): Frame {
  return concatFrames(rel.frames, rel.names, rel.types);
}
