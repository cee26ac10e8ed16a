/**
 * Structure-sharing walkers over plans and expressions. Every mapper returns
 * its input object unchanged when the callback changed nothing below it, so
 * passes can detect a fixed point by identity.
 *
 * @module
 */
import type { CaseWhen, Expr } from "../ir/expr.ts";
import type { NamedExpr, OrderKey, RelOp, SubPlan } from "../ir/plan.ts";
import type { WorkPlan } from "./types.ts";

/** An expression rewrite applied to one node (its children already rewritten). */
export type ExprRewrite = (e: Expr) => Expr;

/** Map an array, returning the same array when no element changed. */
export function mapArray<T>(xs: readonly T[], f: (x: T, i: number) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = f(x, i);
    if (y !== x && out === undefined) out = xs.slice(0, i);
    if (out !== undefined) out.push(y);
  }
  return out ?? xs;
}

/** True when a value is a JSON object (not an array, not null). */
export function isObject(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** True when a JSON value has the shape of an ExprIR node. */
export function isExpr(x: unknown): x is Expr {
  return isObject(x) &&
    ("col" in x || "lit" in x || "param" in x || "fn" in x || "cast" in x || "case" in x);
}

/** Rewrite an expression bottom-up: children first, then `f` on the node. */
export function mapExpr(e: Expr, f: ExprRewrite): Expr {
  let node: Expr = e;
  if ("fn" in e) {
    const args = mapArray(e.args, (a) => mapExpr(a, f));
    if (args !== e.args) node = { ...e, args };
  } else if ("cast" in e) {
    const inner = mapExpr(e.cast, f);
    if (inner !== e.cast) node = { ...e, cast: inner };
  } else if ("case" in e) {
    const branches = mapArray(e.case, (w: CaseWhen) => {
      const when = mapExpr(w.when, f);
      const then = mapExpr(w.then, f);
      return when === w.when && then === w.then ? w : { ...w, when, then };
    });
    const els = e.else === undefined ? undefined : mapExpr(e.else, f);
    if (branches !== e.case || els !== e.else) {
      node = els === undefined ? { ...e, case: branches } : { ...e, case: branches, else: els };
    }
  }
  return f(node);
}

function mapNamed(cols: readonly NamedExpr[], f: ExprRewrite): readonly NamedExpr[] {
  return mapArray(cols, (c) => {
    const expr = mapExpr(c.expr, f);
    return expr === c.expr ? c : { ...c, expr };
  });
}

/** Rewrite the expressions of ordering keys. */
export function mapOrderKeys(keys: readonly OrderKey[], f: ExprRewrite): readonly OrderKey[] {
  return mapArray(keys, (k) => {
    const expr = mapExpr(k.expr, f);
    return expr === k.expr ? k : { ...k, expr };
  });
}

/** True for an array of ordering-key objects (as in `order_by`). */
export function isOrderKeyList(x: unknown): x is readonly OrderKey[] {
  return Array.isArray(x) && x.every((k) => isObject(k) && isExpr(k.expr));
}

/** Rewrite the expressions held directly by one op (not those inside its sub-plans). */
export function mapOpExprs(op: RelOp, f: ExprRewrite): RelOp {
  switch (op.op) {
    case "scan":
    case "join": {
      if (op.predicate === undefined) return op;
      const predicate = mapExpr(op.predicate, f);
      return predicate === op.predicate ? op : { ...op, predicate };
    }
    case "filter": {
      const predicate = mapExpr(op.predicate, f);
      return predicate === op.predicate ? op : { ...op, predicate };
    }
    case "project":
    case "derive": {
      const columns = mapNamed(op.columns, f);
      return columns === op.columns ? op : { ...op, columns };
    }
    case "aggregate": {
      const measures = mapArray(op.measures, (m) => {
        const arg = m.arg === undefined ? undefined : mapExpr(m.arg, f);
        const filter = m.filter === undefined ? undefined : mapExpr(m.filter, f);
        const orderBy = m.order_by === undefined ? undefined : mapOrderKeys(m.order_by, f);
        if (arg === m.arg && filter === m.filter && orderBy === m.order_by) return m;
        return {
          ...m,
          ...(arg === undefined ? {} : { arg }),
          ...(filter === undefined ? {} : { filter }),
          ...(orderBy === undefined ? {} : { order_by: orderBy }),
        };
      });
      return measures === op.measures ? op : { ...op, measures };
    }
    case "order_by": {
      const keys = mapOrderKeys(op.keys, f);
      return keys === op.keys ? op : { ...op, keys };
    }
    case "kernel": {
      const ob = op.options["order_by"];
      if (!isOrderKeyList(ob)) return op;
      const keys = mapOrderKeys(ob, f);
      return keys === ob ? op : { ...op, options: { ...op.options, order_by: keys } };
    }
    case "union":
    case "limit":
    case "distinct":
    case "param":
      return op;
  }
}

/** Where a sub-plan sits in its parent op. */
export type SubPlanRole = "join" | "union" | "kernel";

/** True when a value has the shape of a RelPlan sub-plan. */
export function isSubPlan(x: unknown): x is SubPlan {
  return isObject(x) && Array.isArray(x.ops);
}

/** Rewrite the sub-plans of one op (join right, union inputs, kernel `right`). */
export function mapOpSubPlans(
  op: RelOp,
  f: (sp: SubPlan, role: SubPlanRole) => SubPlan,
): RelOp {
  switch (op.op) {
    case "join": {
      const right = f(op.right, "join");
      return right === op.right ? op : { ...op, right };
    }
    case "union": {
      const inputs = mapArray(op.inputs, (sp) => f(sp, "union"));
      return inputs === op.inputs ? op : { ...op, inputs };
    }
    case "kernel": {
      const r = op.options["right"];
      if (!isSubPlan(r)) return op;
      const right = f(r, "kernel");
      return right === r ? op : { ...op, options: { ...op.options, right } };
    }
    default:
      return op;
  }
}

/** Rewrite every op of a pipeline and of all its sub-plans, sub-plans first. */
export function mapOpsDeep(ops: readonly RelOp[], f: (op: RelOp) => RelOp): readonly RelOp[] {
  return mapArray(ops, (op) => {
    const inner = mapOpSubPlans(op, (sp) => {
      const sub = mapOpsDeep(sp.ops, f);
      return sub === sp.ops ? sp : { ...sp, ops: sub };
    });
    return f(inner);
  });
}

/** Rewrite every op of a plan (sub-plans included), sub-plans first. */
export function mapPlanOps(plan: WorkPlan, f: (op: RelOp) => RelOp): WorkPlan {
  const ops = mapOpsDeep(plan.ops, f);
  return ops === plan.ops ? plan : { ...plan, ops };
}

/** Rewrite every expression of a plan bottom-up. */
export function mapPlanExprs(plan: WorkPlan, f: ExprRewrite): WorkPlan {
  return mapPlanOps(plan, (op) => mapOpExprs(op, f));
}

/**
 * What the consumer of a pipeline can observe, per op: whether the row order
 * of op i's output can change the plan's result (`rowAfter[i]`), and whether
 * its column order can (`colAfter[i]`). Both err on the side of `true`.
 */
export interface PipelineInfo {
  /** Row order of op i's output matters. */
  readonly rowAfter: readonly boolean[];
  /** Column order of op i's output matters. */
  readonly colAfter: readonly boolean[];
}

/** What the consumer of a whole pipeline observes. */
export interface PipelineCtx {
  /** Row order of the pipeline's output matters. */
  readonly row: boolean;
  /** Column order of the pipeline's output matters. */
  readonly col: boolean;
}

const DETERMINISTIC_KERNELS = new Set(["explode_list", "dedupe", "interval_align"]);
const ORDER_SENSITIVE_MEASURES = new Set(["first", "last", "list"]);

function rowBefore(op: RelOp, after: boolean): boolean {
  switch (op.op) {
    case "limit":
      return true;
    case "aggregate":
      return after ||
        op.measures.some((m) =>
          ORDER_SENSITIVE_MEASURES.has(m.fn) &&
          (m.order_by === undefined || m.order_by.length === 0)
        );
    case "kernel":
      return after || !DETERMINISTIC_KERNELS.has(op.name);
    default:
      return after;
  }
}

function colBefore(op: RelOp, after: boolean): boolean {
  switch (op.op) {
    case "project":
    case "aggregate":
      return false;
    case "distinct":
      // With columns its output is exactly those columns, in that order.
      return op.columns === undefined ? after : false;
    case "kernel":
      // dedupe breaks ties by "all remaining columns", in column order.
      return op.name === "explode_list" || op.name === "interval_align" ? after : true;
    default:
      return after;
  }
}

/** Compute {@link PipelineInfo} for a pipeline whose consumer observes `ctx`. */
export function pipelineInfo(ops: readonly RelOp[], ctx: PipelineCtx): PipelineInfo {
  const n = ops.length;
  const rowAfter: boolean[] = new Array(n);
  const colAfter: boolean[] = new Array(n);
  let row = ctx.row;
  let col = ctx.col;
  for (let i = n - 1; i >= 0; i--) {
    rowAfter[i] = row;
    colAfter[i] = col;
    const op = ops[i]!;
    row = rowBefore(op, row);
    col = colBefore(op, col);
  }
  return { rowAfter, colAfter };
}

function subCtx(op: RelOp, role: SubPlanRole, info: PipelineInfo, i: number): PipelineCtx {
  const row = info.rowAfter[i]!;
  switch (role) {
    case "join": {
      const kind = op.op === "join" ? op.kind : "inner";
      return { row, col: kind === "semi" || kind === "anti" ? false : info.colAfter[i]! };
    }
    case "union":
      return { row, col: false };
    case "kernel":
      return { row, col: true };
  }
}

/** The context of a plan's main pipeline. */
export function planCtx(plan: WorkPlan): PipelineCtx {
  return { row: (plan.ordering?.level ?? "unordered") !== "unordered", col: true };
}

/**
 * Rewrite each pipeline of a plan (sub-plans first) with what its consumer
 * observes. `f` returns the same array when it changes nothing.
 */
export function mapPipelines(
  plan: WorkPlan,
  f: (ops: readonly RelOp[], info: PipelineInfo) => readonly RelOp[],
): WorkPlan {
  function walk(ops: readonly RelOp[], ctx: PipelineCtx): readonly RelOp[] {
    const info = pipelineInfo(ops, ctx);
    const inner = mapArray(ops, (op, i) =>
      mapOpSubPlans(op, (sp, role) => {
        const sub = walk(sp.ops, subCtx(op, role, info, i));
        return sub === sp.ops ? sp : { ...sp, ops: sub };
      }));
    return f(inner, info);
  }
  const ops = walk(plan.ops, planCtx(plan));
  return ops === plan.ops ? plan : { ...plan, ops };
}
