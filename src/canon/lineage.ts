/**
 * Typed column lineage (SPEC section 9): for each output column of a plan,
 * the dataset columns that feed it, each edge typed by how it feeds it.
 *
 * @module
 */
import { RelgateError } from "../errors.ts";
import { type Expr, exprColumns } from "../ir/expr.ts";
import type { OrderKey, RelOp } from "../ir/plan.ts";
import { isOrderKeyList, isSubPlan } from "./_walk.ts";
import { compareCodePoints } from "./_fold_eval.ts";
import { DEFAULT_SUFFIX } from "./passes/write_defaults.ts";

/**
 * How an input column feeds an output column:
 * - `value-direct`: the value is copied unchanged;
 * - `value-derived`: the value is computed from it (an expression, a cast, an
 *   exploded list element, or null padding from an outer join);
 * - `aggregated`: the value is an aggregate over it;
 * - `filter`: it decides which rows survive (filter, scan or join predicate,
 *   measure filter);
 * - `join-key`: it is a join or interval_align key;
 * - `group-key`: it groups rows (aggregate group_by, distinct, dedupe keys);
 * - `order-limit`: it orders rows (order_by, measure and dedupe order_by).
 */
export type LineageKind =
  | "value-direct"
  | "value-derived"
  | "aggregated"
  | "filter"
  | "join-key"
  | "group-key"
  | "order-limit";

/** Kinds in their sort order. */
export const LINEAGE_KINDS: readonly LineageKind[] = Object.freeze([
  "value-direct",
  "value-derived",
  "aggregated",
  "filter",
  "join-key",
  "group-key",
  "order-limit",
]);

/** One lineage edge: dataset column `column` of `dataset` feeds the output column as `kind`. */
export interface LineageEdge {
  /** Dataset (or upstream rule output) name. */
  readonly dataset: string;
  /** Column of that dataset. */
  readonly column: string;
  /** How it feeds the output column. */
  readonly kind: LineageKind;
}

/**
 * Lineage of a plan: output column name -> its edges. Keys are in output
 * column order; each edge list is sorted by dataset, then column (code
 * point order), then kind (in {@link LINEAGE_KINDS} order), without repeats.
 */
export type Lineage = Readonly<Record<string, readonly LineageEdge[]>>;

/** Where the lineage of a plan's inputs comes from. */
export interface LineageOptions {
  /** Column names of a dataset (for scans without a column list); undefined if unknown. */
  readonly datasetColumns: (dataset: string) => readonly string[] | undefined;
  /** Lineage of another rule's output, when `dataset` names one (lineage is then composed through it). */
  readonly upstream?: (dataset: string) => Lineage | undefined;
}

type EdgeSet = Map<string, LineageEdge>;

interface Col {
  readonly name: string;
  /** value-direct, value-derived and aggregated edges. */
  readonly value: EdgeSet;
  /** Edges of other kinds that concern this column only (measure filters, upstream context). */
  readonly ctx: EdgeSet;
}

interface Rel {
  readonly cols: readonly Col[];
  /** Edges that concern every column (filters, keys, ordering). */
  readonly global: EdgeSet;
}

const VALUE_KINDS: ReadonlySet<LineageKind> = new Set([
  "value-direct",
  "value-derived",
  "aggregated",
]);

function edgeKey(e: LineageEdge): string {
  return `${e.dataset}\u0000${e.column}\u0000${e.kind}`;
}

function add(set: EdgeSet, e: LineageEdge): void {
  set.set(edgeKey(e), e);
}

function addAll(set: EdgeSet, from: Iterable<LineageEdge>): void {
  for (const e of from) add(set, e);
}

function retyped(from: EdgeSet, f: (k: LineageKind) => LineageKind): EdgeSet {
  const out: EdgeSet = new Map();
  for (const e of from.values()) add(out, { ...e, kind: f(e.kind) });
  return out;
}

function derived(k: LineageKind): LineageKind {
  return k === "value-direct" ? "value-derived" : k;
}

function padded(c: Col): Col {
  return { name: c.name, value: retyped(c.value, derived), ctx: c.ctx };
}

class Lineager {
  constructor(readonly options: LineageOptions) {}

  fail(path: string, message: string, hint?: string): never {
    throw new RelgateError({ code: "lineage-unresolved", path, message, hint });
  }

  col(rel: Rel, name: string, path: string): Col {
    const c = rel.cols.find((x) => x.name === name);
    if (c === undefined) {
      this.fail(path, `Cannot trace lineage: column "${name}" is not in the input`);
    }
    return c;
  }

  /** Edges of an expression used as a value. */
  valueOf(rel: Rel, e: Expr, path: string): { value: EdgeSet; ctx: EdgeSet } {
    if ("col" in e) {
      const c = this.col(rel, e.col, path);
      return { value: new Map(c.value), ctx: new Map(c.ctx) };
    }
    const value: EdgeSet = new Map();
    const ctx: EdgeSet = new Map();
    for (const name of exprColumns(e)) {
      const c = this.col(rel, name, path);
      addAll(value, retyped(c.value, derived).values());
      addAll(ctx, c.ctx.values());
    }
    return { value, ctx };
  }

  /** Edges of the columns an expression reads, used as `kind` (filter, key, ordering). */
  usedAs(rel: Rel, e: Expr, kind: LineageKind, path: string, into: EdgeSet): void {
    for (const name of exprColumns(e)) {
      const c = this.col(rel, name, path);
      addAll(into, retyped(c.value, () => kind).values());
      addAll(into, c.ctx.values());
    }
  }

  usedKeys(rel: Rel, keys: readonly OrderKey[], path: string, into: EdgeSet): void {
    keys.forEach((k, i) => this.usedAs(rel, k.expr, "order-limit", `${path}[${i}].expr`, into));
  }

  scan(op: Extract<RelOp, { op: "scan" }>, path: string): Rel {
    const up = this.options.upstream?.(op.dataset);
    const names = op.columns ?? this.options.datasetColumns(op.dataset) ??
      (up === undefined ? undefined : Object.keys(up));
    if (names === undefined) {
      this.fail(
        path,
        `Cannot trace lineage: the columns of dataset "${op.dataset}" are unknown`,
        "list the scan's columns or give the dataset a schema",
      );
    }
    const cols = names.map((name): Col => {
      const value: EdgeSet = new Map();
      const ctx: EdgeSet = new Map();
      const edges = up?.[name];
      if (edges === undefined) {
        add(value, { dataset: op.dataset, column: name, kind: "value-direct" });
      } else {
        for (const e of edges) add(VALUE_KINDS.has(e.kind) ? value : ctx, e);
      }
      return { name, value, ctx };
    });
    const rel: Rel = { cols, global: new Map() };
    if (op.predicate !== undefined) {
      this.usedAs(rel, op.predicate, "filter", `${path}.predicate`, rel.global);
    }
    return rel;
  }

  /** Columns of a join-like output: left, then right with clashing names suffixed. */
  joined(left: readonly Col[], right: readonly Col[], suffix: string): Col[] {
    const leftNames = new Set(left.map((c) => c.name));
    return [
      ...left,
      ...right.map((c) => (leftNames.has(c.name) ? { ...c, name: c.name + suffix } : c)),
    ];
  }

  pipeline(ops: readonly RelOp[], path: string): Rel {
    const first = ops[0];
    if (first === undefined || first.op !== "scan") {
      this.fail(`${path}[0]`, "Cannot trace lineage: a pipeline must start with a scan");
    }
    let rel = this.scan(first, `${path}[0]`);
    for (let i = 1; i < ops.length; i++) rel = this.op(rel, ops[i]!, `${path}[${i}]`);
    return rel;
  }

  op(rel: Rel, op: RelOp, path: string): Rel {
    const global: EdgeSet = new Map(rel.global);
    switch (op.op) {
      case "scan":
        this.fail(path, "Cannot trace lineage: a scan can only start a pipeline");
        break;
      case "filter":
        this.usedAs(rel, op.predicate, "filter", `${path}.predicate`, global);
        return { cols: rel.cols, global };
      case "project":
        return {
          cols: op.columns.map((c, i) => ({
            name: c.name,
            ...this.valueOf(rel, c.expr, `${path}.columns[${i}].expr`),
          })),
          global,
        };
      case "derive": {
        const cols = [...rel.cols];
        const added = op.columns.map((c, i) => ({
          name: c.name,
          ...this.valueOf(rel, c.expr, `${path}.columns[${i}].expr`),
        }));
        for (const c of added) {
          const at = cols.findIndex((x) => x.name === c.name);
          if (at >= 0) cols[at] = c;
          else cols.push(c);
        }
        return { cols, global };
      }
      case "join": {
        const right = this.pipeline(op.right.ops, `${path}.right.ops`);
        addAll(global, right.global.values());
        op.on.forEach(([l, r], i) => {
          this.usedAs(rel, { col: l }, "join-key", `${path}.on[${i}][0]`, global);
          this.usedAs(right, { col: r }, "join-key", `${path}.on[${i}][1]`, global);
        });
        const padLeft = op.kind === "right" || op.kind === "full";
        const padRight = op.kind === "left" || op.kind === "full";
        const left = padLeft ? rel.cols.map(padded) : rel.cols;
        const rightCols = padRight ? right.cols.map(padded) : right.cols;
        const all = this.joined(left, rightCols, op.suffix ?? DEFAULT_SUFFIX);
        const semi = op.kind === "semi" || op.kind === "anti";
        if (op.predicate !== undefined) {
          this.usedAs({ cols: all, global }, op.predicate, "filter", `${path}.predicate`, global);
        }
        return { cols: semi ? left : all, global };
      }
      case "aggregate": {
        const groups = op.group_by.map((g, i) => {
          const c = this.col(rel, g, `${path}.group_by[${i}]`);
          this.usedAs(rel, { col: g }, "group-key", `${path}.group_by[${i}]`, global);
          return c;
        });
        const measures = op.measures.map((m, i): Col => {
          const mp = `${path}.measures[${i}]`;
          const value: EdgeSet = new Map();
          const ctx: EdgeSet = new Map();
          if (m.arg !== undefined) {
            const v = this.valueOf(rel, m.arg, `${mp}.arg`);
            addAll(value, retyped(v.value, () => "aggregated").values());
            addAll(ctx, v.ctx.values());
          }
          if (m.filter !== undefined) this.usedAs(rel, m.filter, "filter", `${mp}.filter`, ctx);
          if (m.order_by !== undefined) this.usedKeys(rel, m.order_by, `${mp}.order_by`, ctx);
          return { name: m.name, value, ctx };
        });
        return { cols: [...groups, ...measures], global };
      }
      case "union": {
        const inputs = op.inputs.map((sp, i) => this.pipeline(sp.ops, `${path}.inputs[${i}].ops`));
        const cols = rel.cols.map((c): Col => {
          const value: EdgeSet = new Map(c.value);
          const ctx: EdgeSet = new Map(c.ctx);
          for (const input of inputs) {
            const other = input.cols.find((x) => x.name === c.name);
            if (other === undefined) continue;
            addAll(value, other.value.values());
            addAll(ctx, other.ctx.values());
          }
          return { name: c.name, value, ctx };
        });
        for (const input of inputs) addAll(global, input.global.values());
        return { cols, global };
      }
      case "order_by":
        this.usedKeys(rel, op.keys, `${path}.keys`, global);
        return { cols: rel.cols, global };
      case "limit":
      case "param":
        return rel;
      case "distinct": {
        // Like SELECT DISTINCT: with columns, the output is exactly those columns.
        const names = op.columns ?? rel.cols.map((c) => c.name);
        const cols = names.map((n, i) => {
          this.usedAs(rel, { col: n }, "group-key", `${path}.columns[${i}]`, global);
          return this.col(rel, n, `${path}.columns[${i}]`);
        });
        return { cols: op.columns === undefined ? rel.cols : cols, global };
      }
      case "kernel":
        return this.kernel(rel, op, path, global);
    }
  }

  kernel(rel: Rel, op: Extract<RelOp, { op: "kernel" }>, path: string, global: EdgeSet): Rel {
    const o = op.options;
    const str = (
      k: string,
    ): string | undefined => (typeof o[k] === "string" ? o[k] as string : undefined);
    switch (op.name) {
      case "explode_list": {
        const column = str("column");
        const as = str("as");
        if (column === undefined || as === undefined) {
          this.fail(`${path}.options`, "Cannot trace lineage: explode_list needs column and as");
        }
        const src = this.col(rel, column, `${path}.options.column`);
        const element: Col = {
          name: as,
          value: retyped(src.value, derived),
          ctx: new Map(src.ctx),
        };
        const cols = rel.cols.map((c) => (c.name === column ? element : c));
        const indexAs = str("index_as");
        if (indexAs !== undefined) cols.push({ ...element, name: indexAs });
        return { cols, global };
      }
      case "dedupe": {
        const keys = Array.isArray(o["keys"]) ? o["keys"] as unknown[] : [];
        keys.forEach((k, i) => {
          if (typeof k === "string") {
            this.usedAs(rel, { col: k }, "group-key", `${path}.options.keys[${i}]`, global);
          }
        });
        const ob = o["order_by"];
        if (isOrderKeyList(ob)) this.usedKeys(rel, ob, `${path}.options.order_by`, global);
        return { cols: rel.cols, global };
      }
      case "interval_align": {
        const r = o["right"];
        if (!isSubPlan(r)) {
          this.fail(`${path}.options.right`, "Cannot trace lineage: right sub-plan missing");
        }
        const right = this.pipeline(r.ops, `${path}.options.right.ops`);
        addAll(global, right.global.values());
        const on = Array.isArray(o["on"]) ? o["on"] as unknown[] : [];
        on.forEach((k, i) => {
          const pair = typeof k === "string" ? [k, k] : Array.isArray(k) ? k : [];
          const [l, rr] = pair;
          if (typeof l === "string") {
            this.usedAs(rel, { col: l }, "join-key", `${path}.options.on[${i}]`, global);
          }
          if (typeof rr === "string") {
            this.usedAs(right, { col: rr }, "join-key", `${path}.options.on[${i}]`, global);
          }
        });
        for (const k of ["left_start", "left_end"]) {
          const n = str(k);
          if (n !== undefined) {
            this.usedAs(rel, { col: n }, "join-key", `${path}.options.${k}`, global);
          }
        }
        for (const k of ["right_start", "right_end"]) {
          const n = str(k);
          if (n !== undefined) {
            this.usedAs(right, { col: n }, "join-key", `${path}.options.${k}`, global);
          }
        }
        const cols = this.joined(rel.cols, right.cols.map(padded), str("suffix") ?? DEFAULT_SUFFIX);
        return { cols, global };
      }
      default:
        this.fail(`${path}.name`, `Cannot trace lineage: unknown kernel "${op.name}"`);
    }
  }
}

function compareEdges(a: LineageEdge, b: LineageEdge): number {
  return compareCodePoints(a.dataset, b.dataset) || compareCodePoints(a.column, b.column) ||
    LINEAGE_KINDS.indexOf(a.kind) - LINEAGE_KINDS.indexOf(b.kind);
}

/**
 * Column lineage of a plan (a RelPlan, a lifted legacy plan or a canonical
 * plan). Throws a RelgateError when a column cannot be resolved (a scan
 * without a column list of a dataset whose columns are unknown, a reference
 * to a column that is not there).
 *
 * Column flow follows SPEC sections 3 and 4: project/derive columns are
 * expressions over the input; join output is left columns then right columns
 * (semi/anti: left only; clashing right names get the suffix); aggregate is
 * group columns then measures; distinct with columns keeps exactly those
 * columns; explode_list replaces the list column by `as`
 * at its position and appends `index_as`; dedupe keeps the columns;
 * interval_align gives left then (suffixed) right columns. Filters and
 * predicates add `filter` edges to every output column, join keys `join-key`,
 * group keys and distinct columns `group-key`, order_by keys `order-limit`.
 * A scan of another rule's output is composed with `options.upstream`.
 *
 * @example
 * ```ts
 * import { columnLineage } from "./lineage.ts";
 * columnLineage(
 *   { ops: [{ op: "scan", dataset: "t", columns: ["a", "b"] },
 *           { op: "project", columns: [{ name: "c", expr: { fn: "add", args: [{ col: "a" }, { col: "b" }] } }] }] },
 *   { datasetColumns: () => undefined },
 * );
 * // { c: [{dataset: "t", column: "a", kind: "value-derived"}, {dataset: "t", column: "b", kind: "value-derived"}] }
 * ```
 */
export function columnLineage(
  plan: { readonly ops: readonly RelOp[] },
  options: LineageOptions,
): Lineage {
  const rel = new Lineager(options).pipeline(plan.ops, "$.ops");
  const out: Record<string, readonly LineageEdge[]> = {};
  for (const c of rel.cols) {
    if (Object.hasOwn(out, c.name)) continue;
    const all: EdgeSet = new Map(c.value);
    addAll(all, c.ctx.values());
    addAll(all, rel.global.values());
    out[c.name] = Object.freeze([...all.values()].sort(compareEdges).map((e) => Object.freeze(e)));
  }
  return Object.freeze(out);
}
