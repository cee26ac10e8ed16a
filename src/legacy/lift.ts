/**
 * Lifting a legacy plan to a RelPlan (`relgate migrate`): the same semantics
 * wherever the registry can express it; otherwise the closest expression and
 * an `"x-migrate-warnings"` entry naming the op and the difference.
 *
 * @module
 */
import { type Problem, RelgateError } from "../errors.ts";
import type { Expr } from "../ir/expr.ts";
import type { JoinKind, Measure, OrderKey, RelOp, RelPlan } from "../ir/plan.ts";
import { lookupPcFunction, PC_AGGREGATES } from "./functions.ts";
import type { LegacyJoinType, LegacyOp, LegacyPlan, PcExpr } from "./plan.ts";

const JOIN_KINDS: Readonly<Record<LegacyJoinType, JoinKind>> = {
  "inner": "inner",
  "left outer": "left",
  "right outer": "right",
  "full outer": "full",
  "left semi": "semi",
  "left anti": "anti",
};

/** Result of a lift. */
export interface LiftResult {
  readonly plan: RelPlan;
  /** Differences between the legacy semantics and the lifted plan, with paths. */
  readonly warnings: readonly string[];
}

interface Ctx {
  readonly file: string;
  readonly problems: Problem[];
  readonly warnings: string[];
}

/** Lift a pyarrow.compute-style expression at `path`. */
function liftExpr(ctx: Ctx, e: PcExpr, path: string): Expr {
  if ("field" in e) return { col: e.field };
  if ("param" in e) return { param: e.param };
  if ("scalar" in e) {
    const v = e.scalar as Expr extends { lit: infer L } ? L : never;
    return e.type ? { lit: v, type: e.type } : { lit: v };
  }
  const f = lookupPcFunction(e.call, e.args.length);
  const args = e.args.map((a, i) => liftExpr(ctx, a, `${path}.args[${i}]`));
  if (!f) {
    ctx.problems.push({
      code: "unknown-function",
      file: ctx.file,
      path: `${path}.call`,
      message: `unknown function "${e.call}"`,
      hint: "see the pyarrow.compute mapping table in README.md",
    });
    return { lit: null, type: "null" };
  }
  const options: Record<string, unknown> = { ...f.defaults };
  for (const [k, v] of Object.entries(e.options ?? {})) {
    if (!(k in f.defaults)) {
      ctx.problems.push({
        code: "unknown-option",
        file: ctx.file,
        path: `${path}.options.${k}`,
        message: `${e.call} has no option "${k}"`,
        hint: `options: ${Object.keys(f.defaults).join(", ") || "none"}`,
      });
    }
    options[k] = v;
  }
  if (args.length < f.minArgs || args.length > f.maxArgs) {
    ctx.problems.push({
      code: "wrong-arity",
      file: ctx.file,
      path: `${path}.args`,
      message: `${e.call} takes ${
        f.minArgs === f.maxArgs ? f.minArgs : `${f.minArgs} or more`
      } argument(s), got ${args.length}`,
    });
    return { lit: null, type: "null" };
  }
  const lifted = f.lift(args, options);
  if (lifted.warning) ctx.warnings.push(`${path}: ${lifted.warning}`);
  return lifted.expr;
}

function liftOps(ctx: Ctx, ops: readonly LegacyOp[], path: string): RelOp[] {
  return ops.map((op, i) => liftOp(ctx, op, `${path}[${i}]`));
}

function liftOp(ctx: Ctx, op: LegacyOp, p: string): RelOp {
  switch (op.kind) {
    case "scan":
      return {
        op: "scan",
        dataset: op.dataset,
        ...(op.columns ? { columns: op.columns } : {}),
        ...(op.filter ? { predicate: liftExpr(ctx, op.filter, `${p}.filter`) } : {}),
      };
    case "filter":
      return { op: "filter", predicate: liftExpr(ctx, op.expression, `${p}.expression`) };
    case "project": {
      if (op.names.length !== op.expressions.length) {
        ctx.problems.push({
          code: "wrong-arity",
          file: ctx.file,
          path: `${p}.names`,
          message: `project has ${op.expressions.length} expressions but ${op.names.length} names`,
        });
      }
      return {
        op: "project",
        columns: op.expressions.map((e, i) => ({
          name: op.names[i] ?? `_${i}`,
          expr: liftExpr(ctx, e, `${p}.expressions[${i}]`),
        })),
      };
    }
    case "hashjoin": {
      if (op.left_keys.length !== op.right_keys.length) {
        ctx.problems.push({
          code: "wrong-arity",
          file: ctx.file,
          path: `${p}.right_keys`,
          message:
            `hashjoin has ${op.left_keys.length} left keys but ${op.right_keys.length} right keys`,
        });
      }
      return {
        op: "join",
        kind: JOIN_KINDS[op.join_type],
        right: { ops: liftOps(ctx, op.right.pipeline_ops, `${p}.right.pipeline_ops`) },
        on: op.left_keys.map((l, i) => [l, op.right_keys[i] ?? l] as const),
        ...(op.filter ? { predicate: liftExpr(ctx, op.filter, `${p}.filter`) } : {}),
        ...(op.output_suffix_for_right ? { suffix: op.output_suffix_for_right } : {}),
      };
    }
    case "aggregate": {
      const measures: Measure[] = op.aggregates.map(([target, name, options, out], i) => {
        const ap = `${p}.aggregates[${i}]`;
        const a = PC_AGGREGATES.get(name);
        if (!a) {
          ctx.problems.push({
            code: "unknown-function",
            file: ctx.file,
            path: `${ap}[1]`,
            message: `unknown aggregate "${name}"`,
            hint: `aggregates: ${[...PC_AGGREGATES.keys()].join(", ")}`,
          });
          return { name: out, fn: "count_all" };
        }
        const opts: Record<string, unknown> = { ...a.defaults, ...(options ?? {}) };
        for (const k of Object.keys(options ?? {})) {
          if (!(k in a.defaults)) {
            ctx.problems.push({
              code: "unknown-option",
              file: ctx.file,
              path: `${ap}[2].${k}`,
              message: `${name} has no option "${k}"`,
              hint: `options: ${Object.keys(a.defaults).join(", ") || "none"}`,
            });
          }
        }
        const cols = typeof target === "string" ? [target] : target;
        if (a.fn === "count_all") return { name: out, fn: "count_all" };
        if (cols.length !== 1) {
          ctx.problems.push({
            code: "wrong-arity",
            file: ctx.file,
            path: `${ap}[0]`,
            message: `${name} takes one target column`,
          });
          return { name: out, fn: "count_all" };
        }
        const arg: Expr = { col: cols[0]! };
        if (a.fn === "count" && opts.mode === "all") {
          return { name: out, fn: "count_all" };
        }
        if (a.fn === "count" && opts.mode === "only_null") {
          return { name: out, fn: "count_all", filter: { fn: "is_null", args: [arg] } };
        }
        if (opts.skip_nulls === false) {
          ctx.warnings.push(
            `${ap}: ${name} with skip_nulls=false gives null when a group has a null; the registry skips nulls`,
          );
        }
        if (a.fn === "list" || a.fn === "first" || a.fn === "last") {
          ctx.warnings.push(
            `${ap}: ${name} follows the legacy lane's input order; add "order_by" to the measure for a deterministic result`,
          );
        }
        return { name: out, fn: a.fn, arg, ...(a.distinct ? { distinct: true } : {}) };
      });
      return { op: "aggregate", group_by: op.keys, measures };
    }
    case "order_by": {
      const nulls = op.null_placement === "at_start" ? "first" : "last";
      const keys: OrderKey[] = op.sort_keys.map(([c, d]) => ({
        expr: { col: c },
        dir: d === "descending" ? "desc" : "asc",
        nulls,
      }));
      return { op: "order_by", keys };
    }
    case "union":
      return {
        op: "union",
        inputs: op.inputs.map((s, i) => ({
          ops: liftOps(ctx, s.pipeline_ops, `${p}.inputs[${i}].pipeline_ops`),
        })),
      };
    case "limit":
      return { op: "limit", count: op.count, ...(op.offset ? { offset: op.offset } : {}) };
    case "kernel": {
      const options: Record<string, unknown> = { ...op.options };
      const r = op.options.right as { pipeline_ops?: LegacyOp[] } | undefined;
      if (r && Array.isArray(r.pipeline_ops)) {
        options.right = { ops: liftOps(ctx, r.pipeline_ops, `${p}.options.right.pipeline_ops`) };
      }
      return { op: "kernel", name: op.name, options };
    }
  }
}

/**
 * Lift a validated legacy plan to a RelPlan. Unknown functions, aggregates
 * and options are a RelgateError naming the op's path.
 *
 * @example
 * ```ts
 * import { liftLegacyPlan } from "./lift.ts";
 * const { plan } = liftLegacyPlan({
 *   name: "p",
 *   pipeline_ops: [{ kind: "scan", dataset: "d", filter: { call: "greater", args: [{ field: "x" }, { scalar: 1 }] } }],
 * });
 * plan.ops[0]; // { op: "scan", dataset: "d", predicate: { fn: "gt", args: [{ col: "x" }, { lit: 1 }] } }
 * ```
 */
export function liftLegacyPlan(plan: LegacyPlan, options: { file?: string } = {}): LiftResult {
  const ctx: Ctx = { file: options.file ?? "", problems: [], warnings: [] };
  const ops = liftOps(ctx, plan.pipeline_ops, "$.pipeline_ops");
  if (ctx.problems.length) throw new RelgateError(ctx.problems);
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plan)) if (k.startsWith("x-")) extras[k] = v;
  const lifted: RelPlan = {
    relplan: 1,
    name: plan.name,
    ...(plan.params ? { params: plan.params } : {}),
    ops,
    ordering: plan.ordering ?? { level: "unordered" },
    ...(plan.schema ? { schema: plan.schema } : {}),
    ...(ctx.warnings.length ? { "x-migrate-warnings": ctx.warnings } : {}),
    ...extras,
  };
  return { plan: lifted, warnings: ctx.warnings };
}
