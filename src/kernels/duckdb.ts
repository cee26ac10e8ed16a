/**
 * DuckDB forms of the kernels of SPEC section 4 (`explode_list`, `dedupe`,
 * `interval_align`), keyed by the names in `registry.ts`. Each builds a SQL
 * AST query over its input relation; options were validated by the type
 * checker (`KernelSpec.outputSchema`) before compilation.
 *
 * @module
 */
import type { DedupeOptions, ExplodeListOptions, IntervalAlignOptions } from "./registry.ts";
import type { DuckdbKernel, KernelContext, Rel } from "../duckdb/compile.ts";
import * as q from "../duckdb/sql_ast.ts";
import type { SqlExpr } from "../duckdb/sql_ast.ts";
import { sqlType } from "../duckdb/types.ts";
import { type Schema, T } from "../ir/types.ts";

function fnc(name: string, ...args: SqlExpr[]): SqlExpr {
  return q.call(name, args);
}
function int(v: number): SqlExpr {
  return q.param(BigInt(v), q.simpleType("BIGINT"));
}

/**
 * explode_list: one row per element, the list column replaced by `as` at its
 * position, `index_as` (int64, 0-based) appended; with `keep_empty`, an empty
 * or null list gives one row with nulls. Two `unnest`s in one SELECT are
 * zipped by DuckDB, so element and index stay paired.
 */
const explodeList: DuckdbKernel = (_ctx, options, input, output) => {
  const o = options as unknown as ExplodeListOptions;
  const list = q.col(o.column);
  const field = input.schema.find((f) => f.name === o.column)!;
  const item = field.type.kind === "list" ? field.type.item : T.null;
  const nonEmpty = q.binary(">", fnc("len", list), int(0));
  const elems = o.keep_empty
    ? q.caseWhen(
      [q.when(nonEmpty, list)],
      q.listExpr([q.cast(q.nullNode(), sqlType(item))]),
    )
    : list;
  const idx = o.keep_empty
    ? q.caseWhen(
      [q.when(nonEmpty, fnc("range", fnc("len", list)))],
      q.listExpr([q.cast(q.nullNode(), q.simpleType("BIGINT"))]),
    )
    : fnc("range", fnc("len", list));
  const columns = input.schema.map((f) =>
    f.name === o.column ? q.selectItem(fnc("unnest", elems), o.as) : q.selectItem(q.col(f.name))
  );
  if (o.index_as !== undefined) columns.push(q.selectItem(fnc("unnest", idx), o.index_as));
  void output;
  return q.select({ columns, from: q.table(input.name) });
};

/**
 * dedupe: one row per key group, the first by `order_by`, ties broken by all
 * remaining columns ascending (nulls last), via `QUALIFY row_number() = 1`.
 * Float sort keys put NaN next to the nulls (`ctx.orderItems`).
 */
const dedupe: DuckdbKernel = (ctx, options, input) => {
  const o = options as unknown as DedupeOptions;
  const scope = ctx.scopeOf(input);
  const keys = new Set(o.keys);
  const order = [
    ...o.order_by.flatMap((k) =>
      ctx.orderItems(
        ctx.expr(k.expr, scope),
        k.dir === "desc" ? "DESC" : "ASC",
        k.nulls === "first" ? "FIRST" : "LAST",
      )
    ),
    ...input.schema.filter((f) => !keys.has(f.name)).flatMap((f) =>
      ctx.orderItems({ sql: q.col(f.name), type: f.type })
    ),
  ];
  const rn = q.windowCall("row_number", [], o.keys.map((k) => q.col(k)), order);
  return q.select({
    columns: input.schema.map((f) => q.selectItem(q.col(f.name))),
    from: q.table(input.name),
    qualify: q.binary("=", rn, int(1)),
  });
};

/**
 * interval_align: left rows joined (LEFT JOIN) to right rows on the keys whose
 * [start, end) contains (or overlaps) the left interval; `best` keeps, per left
 * row, the narrowest, ties by right start then all right columns ascending.
 * A NaN key or bound matches nothing (IEEE) and sorts next to the nulls.
 */
const intervalAlign: DuckdbKernel = (ctx: KernelContext, options, input: Rel) => {
  const o = options as unknown as IntervalAlignOptions;
  const right = ctx.subPlan(o.right, `${ctx.path}.right`);
  const suffix = o.suffix ?? "_right";
  const rowId = "__relgate_row";
  // Number the left rows so `best` can pick one match per left row.
  const leftName = ctx.addCte(q.select({
    columns: [q.selectItem(q.star()), q.selectItem(q.windowCall("row_number", [], [], []), rowId)],
    from: q.table(input.name),
  }));
  const typeIn = (schema: Schema, c: string) => schema.find((f) => f.name === c)?.type ?? T.null;
  const L = (c: string) => q.col(c, "l");
  const R = (c: string) => q.col(c, "r");
  // NaN matches nothing: as null on one side of a key, on both sides of a bound
  const Ln = (c: string) => ctx.nanAsNull({ sql: L(c), type: typeIn(input.schema, c) });
  const Rn = (c: string) => ctx.nanAsNull({ sql: R(c), type: typeIn(right.schema, c) });
  const conds: SqlExpr[] = (o.on ?? []).map(([l, r]) => q.binary("=", Ln(l), R(r)));
  if (o.mode === "contains") {
    conds.push(q.binary("<=", Rn(o.right_start), Ln(o.left_start)));
    conds.push(q.binary("<=", Ln(o.left_end), Rn(o.right_end)));
  } else {
    conds.push(q.binary("<", Rn(o.right_start), Ln(o.left_end)));
    conds.push(q.binary("<", Ln(o.left_start), Rn(o.right_end)));
  }
  const leftNames = new Set(input.schema.map((f) => f.name));
  const columns = [
    ...input.schema.map((f) => q.selectItem(L(f.name), f.name)),
    ...right.schema.map((f) =>
      q.selectItem(R(f.name), leftNames.has(f.name) ? `${f.name}${suffix}` : f.name)
    ),
  ];
  const from = q.join(
    "LEFT",
    q.table(leftName, "l"),
    q.table(right.name, "r"),
    q.nary("AND", conds),
  );
  if (o.select === "all") return q.select({ columns, from });
  const width = q.binary("-", R(o.right_end), R(o.right_start));
  // only float-ness matters to orderItems
  const widthType = typeIn(right.schema, o.right_end).kind === "float" ||
      typeIn(right.schema, o.right_start).kind === "float"
    ? T.float64
    : T.int64;
  const order = [
    ...ctx.orderItems({ sql: width, type: widthType }),
    ...ctx.orderItems({ sql: R(o.right_start), type: typeIn(right.schema, o.right_start) }),
    ...right.schema.flatMap((f) => ctx.orderItems({ sql: R(f.name), type: f.type })),
  ];
  const rn = q.windowCall("row_number", [], [L(rowId)], order);
  return q.select({ columns, from, qualify: q.binary("=", rn, int(1)) });
};

/** The DuckDB form of every kernel, by registry name. */
export const DUCKDB_KERNELS: ReadonlyMap<string, DuckdbKernel> = new Map([
  ["explode_list", explodeList],
  ["dedupe", dedupe],
  ["interval_align", intervalAlign],
]);
