/**
 * The SQL AST of the new lane (Kysely's model): every node is a frozen,
 * read-only object with a `kind`, all kinds form one closed union
 * ({@linkcode SqlNode}), and nodes are made only by the factories of this
 * module. The one renderer (`sql_render.ts`) turns a tree into text plus
 * bound parameters; nothing here writes SQL.
 *
 * Values never appear as text: a value is a {@linkcode ParamNode} holding the
 * JS value and its SQL type, rendered as a numbered placeholder and bound.
 *
 * @module
 */

/** A JS value bound as a parameter (lists become DuckDB LIST values). */
export type SqlValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly SqlValue[]
  | { readonly kind: "date"; readonly days: number }
  | { readonly kind: "timestamp"; readonly micros: bigint }
  | { readonly kind: "decimal"; readonly unscaled: bigint };

// ---------------------------------------------------------------- types

/** Names of the DuckDB scalar types the renderer may write. */
export type SimpleTypeName =
  | "BOOLEAN"
  | "TINYINT"
  | "SMALLINT"
  | "INTEGER"
  | "BIGINT"
  | "HUGEINT"
  | "UTINYINT"
  | "USMALLINT"
  | "UINTEGER"
  | "UBIGINT"
  | "FLOAT"
  | "DOUBLE"
  | "VARCHAR"
  | "BLOB"
  | "DATE"
  | "TIMESTAMP"
  | "TIMESTAMPTZ"
  | "TIMESTAMP_S"
  | "TIMESTAMP_MS"
  | "TIMESTAMP_NS"
  | "TIME";

/** A scalar SQL type. */
export interface SimpleTypeNode {
  readonly kind: "type_simple";
  readonly name: SimpleTypeName;
}
/** DECIMAL(P,S). */
export interface DecimalTypeNode {
  readonly kind: "type_decimal";
  readonly precision: number;
  readonly scale: number;
}
/** T[]. */
export interface ListTypeNode {
  readonly kind: "type_list";
  readonly item: SqlTypeNode;
}
/** STRUCT("a" T, ...). */
export interface StructTypeNode {
  readonly kind: "type_struct";
  readonly fields: readonly { readonly name: string; readonly type: SqlTypeNode }[];
}
/** Any SQL type. */
export type SqlTypeNode = SimpleTypeNode | DecimalTypeNode | ListTypeNode | StructTypeNode;

// ---------------------------------------------------------------- expressions

/** A column reference, optionally qualified by a relation alias. */
export interface ColumnNode {
  readonly kind: "column";
  readonly table?: string;
  readonly name: string;
}
/** A bound value: rendered as `CAST($n AS type)` and bound. */
export interface ParamNode {
  readonly kind: "param";
  readonly value: SqlValue;
  readonly type: SqlTypeNode;
  /** Params with the same key share one placeholder (plan params). */
  readonly key?: string;
}
/** The NULL keyword (a typed null is `cast(nullNode(), T)`). */
export interface NullNode {
  readonly kind: "null";
}
/** `*` or `alias.*`, optionally `EXCLUDE (...)`. */
export interface StarNode {
  readonly kind: "star";
  readonly table?: string;
  readonly exclude?: readonly string[];
}
/** Binary operators the renderer knows. */
export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "//"
  | "%"
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "AND"
  | "OR"
  | "||"
  | "IS DISTINCT FROM"
  | "IS NOT DISTINCT FROM";
/** `left op right`, always parenthesized. */
export interface BinaryNode {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly left: SqlExpr;
  readonly right: SqlExpr;
}
/** `NOT x` or `-x`. */
export interface UnaryNode {
  readonly kind: "unary";
  readonly op: "NOT" | "-";
  readonly operand: SqlExpr;
}
/** `x IS [NOT] NULL`. */
export interface IsNullNode {
  readonly kind: "is_null";
  readonly operand: SqlExpr;
  readonly negated: boolean;
}
/** A scalar function call. */
export interface CallNode {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly SqlExpr[];
}
/** An aggregate call: `name([DISTINCT] args ORDER BY ...) FILTER (WHERE ...)`. */
export interface AggregateNode {
  readonly kind: "aggregate";
  readonly name: string;
  readonly args: readonly SqlExpr[];
  readonly distinct: boolean;
  readonly orderBy: readonly OrderItemNode[];
  readonly filter?: SqlExpr;
}
/** A window call: `name(args) OVER (PARTITION BY ... ORDER BY ...)`. */
export interface WindowNode {
  readonly kind: "window";
  readonly name: string;
  readonly args: readonly SqlExpr[];
  readonly partitionBy: readonly SqlExpr[];
  readonly orderBy: readonly OrderItemNode[];
}
/** One branch of CASE. */
export interface WhenNode {
  readonly kind: "when";
  readonly when: SqlExpr;
  readonly then: SqlExpr;
}
/** A searched CASE. */
export interface CaseNode {
  readonly kind: "case";
  readonly whens: readonly WhenNode[];
  readonly else?: SqlExpr;
}
/** `CAST(x AS T)` or `TRY_CAST(x AS T)`. */
export interface CastNode {
  readonly kind: "cast";
  readonly operand: SqlExpr;
  readonly type: SqlTypeNode;
  readonly try: boolean;
}
/** `x [NOT] IN (v1, v2, ...)`. */
export interface InListNode {
  readonly kind: "in_list";
  readonly operand: SqlExpr;
  readonly values: readonly SqlExpr[];
  readonly negated: boolean;
}
/** A list constructor `[a, b, ...]`. */
export interface ListNode {
  readonly kind: "list";
  readonly items: readonly SqlExpr[];
}
/** `lambda x, y: body`. */
export interface LambdaNode {
  readonly kind: "lambda";
  readonly params: readonly string[];
  readonly body: SqlExpr;
}
/** `x LIKE pattern ESCAPE escape`. */
export interface LikeNode {
  readonly kind: "like";
  readonly operand: SqlExpr;
  readonly pattern: SqlExpr;
  readonly escape: SqlExpr;
}
/** `(SELECT ...)` as a scalar. */
export interface ScalarSubqueryNode {
  readonly kind: "scalar_subquery";
  readonly query: QueryNode;
}

/** Any expression. */
export type SqlExpr =
  | ColumnNode
  | ParamNode
  | NullNode
  | StarNode
  | BinaryNode
  | UnaryNode
  | IsNullNode
  | CallNode
  | AggregateNode
  | WindowNode
  | CaseNode
  | CastNode
  | InListNode
  | ListNode
  | LambdaNode
  | LikeNode
  | ScalarSubqueryNode;

/** `expr ASC|DESC NULLS FIRST|LAST`. */
export interface OrderItemNode {
  readonly kind: "order_item";
  readonly expr: SqlExpr;
  readonly dir: "ASC" | "DESC";
  readonly nulls: "FIRST" | "LAST";
}

// ---------------------------------------------------------------- relations

/** A named relation (table, view or CTE). */
export interface TableNode {
  readonly kind: "table";
  readonly name: string;
  readonly alias?: string;
}
/** A named argument of a table function (`name = value`). */
export interface NamedArgNode {
  readonly kind: "named_arg";
  readonly name: string;
  readonly value: SqlExpr;
}
/** A table function such as `read_parquet(...)`. */
export interface TableFunctionNode {
  readonly kind: "table_function";
  readonly name: string;
  readonly args: readonly SqlExpr[];
  readonly named: readonly NamedArgNode[];
  readonly alias?: string;
}
/** A derived table `(SELECT ...) AS alias`. */
export interface SubqueryNode {
  readonly kind: "subquery";
  readonly query: QueryNode;
  readonly alias: string;
}
/** Join types. */
export type JoinType = "INNER" | "LEFT" | "RIGHT" | "FULL" | "SEMI" | "ANTI" | "CROSS";
/** `left <type> JOIN right ON on`. */
export interface JoinNode {
  readonly kind: "join";
  readonly type: JoinType;
  readonly left: FromNode;
  readonly right: FromNode;
  readonly on?: SqlExpr;
}
/** Anything in FROM. */
export type FromNode = TableNode | TableFunctionNode | SubqueryNode | JoinNode;

// ---------------------------------------------------------------- queries

/** `expr AS alias`. */
export interface SelectItemNode {
  readonly kind: "select_item";
  readonly expr: SqlExpr;
  readonly alias?: string;
}
/** A common table expression. */
export interface CteNode {
  readonly kind: "cte";
  readonly name: string;
  readonly query: QueryNode;
}
/** A SELECT. */
export interface SelectNode {
  readonly kind: "select";
  readonly with: readonly CteNode[];
  readonly distinct: boolean;
  readonly distinctOn: readonly SqlExpr[];
  readonly columns: readonly SelectItemNode[];
  readonly from?: FromNode;
  readonly where?: SqlExpr;
  readonly groupBy: readonly SqlExpr[];
  readonly qualify?: SqlExpr;
  readonly orderBy: readonly OrderItemNode[];
  readonly limit?: SqlExpr;
  readonly offset?: SqlExpr;
}
/** Set operators. */
export type SetOp = "UNION ALL BY NAME" | "UNION BY NAME";
/** `left op right [op right ...]` with optional CTEs. */
export interface SetOpNode {
  readonly kind: "set_op";
  readonly with: readonly CteNode[];
  readonly op: SetOp;
  readonly inputs: readonly QueryNode[];
}
/** A query. */
export type QueryNode = SelectNode | SetOpNode;

// ---------------------------------------------------------------- statements

/** A column of CREATE TABLE. */
export interface ColumnDefNode {
  readonly kind: "column_def";
  readonly name: string;
  readonly type: SqlTypeNode;
  readonly nullable: boolean;
}
/** `CREATE [OR REPLACE] [TEMP] TABLE name (columns)`. */
export interface CreateTableNode {
  readonly kind: "create_table";
  readonly name: string;
  readonly columns: readonly ColumnDefNode[];
  readonly temp: boolean;
  readonly orReplace: boolean;
}
/** `CREATE [OR REPLACE] [TEMP] TABLE|VIEW name AS query`. */
export interface CreateAsNode {
  readonly kind: "create_as";
  readonly what: "TABLE" | "VIEW";
  readonly name: string;
  readonly query: QueryNode;
  readonly temp: boolean;
  readonly orReplace: boolean;
}
/** One option of COPY (`FORMAT parquet`); the value is bound. */
export interface CopyOptionNode {
  readonly kind: "copy_option";
  readonly name: string;
  readonly value: SqlExpr;
}
/** `COPY (query) TO path (options)`. */
export interface CopyToNode {
  readonly kind: "copy_to";
  readonly query: QueryNode;
  readonly path: SqlExpr;
  readonly options: readonly CopyOptionNode[];
}
/** `SET name = value` (value bound). */
export interface SetNode {
  readonly kind: "set";
  readonly name: string;
  readonly value: SqlExpr;
}
/** `DESCRIBE query`. */
export interface DescribeNode {
  readonly kind: "describe";
  readonly query: QueryNode;
}
/** `DROP TABLE|VIEW [IF EXISTS] name`. */
export interface DropNode {
  readonly kind: "drop";
  readonly what: "TABLE" | "VIEW";
  readonly name: string;
  readonly ifExists: boolean;
}
/** A statement. */
export type StatementNode =
  | QueryNode
  | CreateTableNode
  | CreateAsNode
  | CopyToNode
  | SetNode
  | DescribeNode
  | DropNode;

/** Every node kind: one closed union. */
export type SqlNode =
  | SqlTypeNode
  | SqlExpr
  | OrderItemNode
  | WhenNode
  | FromNode
  | NamedArgNode
  | SelectItemNode
  | CteNode
  | ColumnDefNode
  | CopyOptionNode
  | StatementNode;

// ---------------------------------------------------------------- factories

function freeze<N extends SqlNode>(n: N): N {
  return Object.freeze(n);
}
function list<X>(xs: readonly X[]): readonly X[] {
  return Object.freeze([...xs]);
}

/** A scalar type. */
export function simpleType(name: SimpleTypeName): SimpleTypeNode {
  return freeze({ kind: "type_simple", name });
}
/** DECIMAL(precision, scale). */
export function decimalType(precision: number, scale: number): DecimalTypeNode {
  return freeze({ kind: "type_decimal", precision, scale });
}
/** item[]. */
export function listType(item: SqlTypeNode): ListTypeNode {
  return freeze({ kind: "type_list", item });
}
/** STRUCT(...). */
export function structType(
  fields: readonly { readonly name: string; readonly type: SqlTypeNode }[],
): StructTypeNode {
  return freeze({
    kind: "type_struct",
    fields: list(fields.map((f) => Object.freeze({ name: f.name, type: f.type }))),
  });
}

/** A column reference. */
export function col(name: string, table?: string): ColumnNode {
  return freeze(table === undefined ? { kind: "column", name } : { kind: "column", table, name });
}
/** A bound value of a type; `key` shares one placeholder between equal plan params. */
export function param(value: SqlValue, type: SqlTypeNode, key?: string): ParamNode {
  return freeze(
    key === undefined ? { kind: "param", value, type } : { kind: "param", value, type, key },
  );
}
/** NULL. */
export function nullNode(): NullNode {
  return freeze({ kind: "null" });
}
/** `*`, `t.*`, with optional EXCLUDE. */
export function star(table?: string, exclude?: readonly string[]): StarNode {
  const n: { kind: "star"; table?: string; exclude?: readonly string[] } = { kind: "star" };
  if (table !== undefined) n.table = table;
  if (exclude !== undefined && exclude.length) n.exclude = list(exclude);
  return freeze(n);
}
/** A binary operation. */
export function binary(op: BinaryOp, left: SqlExpr, right: SqlExpr): BinaryNode {
  return freeze({ kind: "binary", op, left, right });
}
/** n-ary AND/OR folded left (one operand returns it). */
export function nary(op: "AND" | "OR", operands: readonly SqlExpr[]): SqlExpr {
  if (operands.length === 0) throw new Error(`${op} needs at least one operand`);
  return operands.slice(1).reduce((a, b) => binary(op, a, b), operands[0]!);
}
/** NOT x / -x. */
export function unary(op: "NOT" | "-", operand: SqlExpr): UnaryNode {
  return freeze({ kind: "unary", op, operand });
}
/** x IS [NOT] NULL. */
export function isNull(operand: SqlExpr, negated = false): IsNullNode {
  return freeze({ kind: "is_null", operand, negated });
}
/** A scalar function call. */
export function call(name: string, args: readonly SqlExpr[]): CallNode {
  return freeze({ kind: "call", name, args: list(args) });
}
/** An aggregate call. */
export function aggregate(
  name: string,
  args: readonly SqlExpr[],
  options: {
    distinct?: boolean;
    orderBy?: readonly OrderItemNode[];
    filter?: SqlExpr | undefined;
  } = {},
): AggregateNode {
  const n: {
    kind: "aggregate";
    name: string;
    args: readonly SqlExpr[];
    distinct: boolean;
    orderBy: readonly OrderItemNode[];
    filter?: SqlExpr;
  } = {
    kind: "aggregate",
    name,
    args: list(args),
    distinct: options.distinct ?? false,
    orderBy: list(options.orderBy ?? []),
  };
  if (options.filter !== undefined) n.filter = options.filter;
  return freeze(n);
}
/** A window function call. */
export function windowCall(
  name: string,
  args: readonly SqlExpr[],
  partitionBy: readonly SqlExpr[],
  orderBy: readonly OrderItemNode[],
): WindowNode {
  return freeze({
    kind: "window",
    name,
    args: list(args),
    partitionBy: list(partitionBy),
    orderBy: list(orderBy),
  });
}
/** A CASE branch. */
export function when(cond: SqlExpr, then: SqlExpr): WhenNode {
  return freeze({ kind: "when", when: cond, then });
}
/** A searched CASE. */
export function caseWhen(whens: readonly WhenNode[], otherwise?: SqlExpr): CaseNode {
  if (whens.length === 0) throw new Error("CASE needs at least one WHEN");
  return freeze(
    otherwise === undefined
      ? { kind: "case", whens: list(whens) }
      : { kind: "case", whens: list(whens), else: otherwise },
  );
}
/** CAST / TRY_CAST. */
export function cast(operand: SqlExpr, type: SqlTypeNode, tryCast = false): CastNode {
  return freeze({ kind: "cast", operand, type, try: tryCast });
}
/** x [NOT] IN (values). */
export function inList(operand: SqlExpr, values: readonly SqlExpr[], negated = false): InListNode {
  if (values.length === 0) throw new Error("IN needs at least one value");
  return freeze({ kind: "in_list", operand, values: list(values), negated });
}
/** [items]. */
export function listExpr(items: readonly SqlExpr[]): ListNode {
  return freeze({ kind: "list", items: list(items) });
}
/** lambda params: body. */
export function lambda(params: readonly string[], body: SqlExpr): LambdaNode {
  return freeze({ kind: "lambda", params: list(params), body });
}
/** x LIKE pattern ESCAPE escape. */
export function like(operand: SqlExpr, pattern: SqlExpr, escape: SqlExpr): LikeNode {
  return freeze({ kind: "like", operand, pattern, escape });
}
/** A scalar subquery. */
export function scalarSubquery(query: QueryNode): ScalarSubqueryNode {
  return freeze({ kind: "scalar_subquery", query });
}
/** An ORDER BY item. */
export function orderItem(
  expr: SqlExpr,
  dir: "ASC" | "DESC" = "ASC",
  nulls: "FIRST" | "LAST" = "LAST",
): OrderItemNode {
  return freeze({ kind: "order_item", expr, dir, nulls });
}

/** A named relation. */
export function table(name: string, alias?: string): TableNode {
  return freeze(alias === undefined ? { kind: "table", name } : { kind: "table", name, alias });
}
/** `name = value` argument of a table function. */
export function namedArg(name: string, value: SqlExpr): NamedArgNode {
  return freeze({ kind: "named_arg", name, value });
}
/** A table function. */
export function tableFunction(
  name: string,
  args: readonly SqlExpr[],
  named: readonly NamedArgNode[] = [],
  alias?: string,
): TableFunctionNode {
  const n: {
    kind: "table_function";
    name: string;
    args: readonly SqlExpr[];
    named: readonly NamedArgNode[];
    alias?: string;
  } = { kind: "table_function", name, args: list(args), named: list(named) };
  if (alias !== undefined) n.alias = alias;
  return freeze(n);
}
/** `(query) AS alias`. */
export function subquery(query: QueryNode, alias: string): SubqueryNode {
  return freeze({ kind: "subquery", query, alias });
}
/** A join. */
export function join(type: JoinType, left: FromNode, right: FromNode, on?: SqlExpr): JoinNode {
  return freeze(
    on === undefined
      ? { kind: "join", type, left, right }
      : { kind: "join", type, left, right, on },
  );
}

/** `expr [AS alias]`. */
export function selectItem(expr: SqlExpr, alias?: string): SelectItemNode {
  return freeze(
    alias === undefined ? { kind: "select_item", expr } : { kind: "select_item", expr, alias },
  );
}
/** A CTE. */
export function cte(name: string, query: QueryNode): CteNode {
  return freeze({ kind: "cte", name, query });
}

/** Parts of a SELECT (all optional except columns). */
export interface SelectParts {
  readonly with?: readonly CteNode[];
  readonly distinct?: boolean;
  readonly distinctOn?: readonly SqlExpr[];
  readonly columns: readonly SelectItemNode[];
  readonly from?: FromNode;
  readonly where?: SqlExpr | undefined;
  readonly groupBy?: readonly SqlExpr[];
  readonly qualify?: SqlExpr | undefined;
  readonly orderBy?: readonly OrderItemNode[];
  readonly limit?: SqlExpr | undefined;
  readonly offset?: SqlExpr | undefined;
}
/** A SELECT. */
export function select(parts: SelectParts): SelectNode {
  if (parts.columns.length === 0) throw new Error("SELECT needs at least one column");
  const n: {
    -readonly [K in keyof SelectNode]: SelectNode[K];
  } = {
    kind: "select",
    with: list(parts.with ?? []),
    distinct: parts.distinct ?? false,
    distinctOn: list(parts.distinctOn ?? []),
    columns: list(parts.columns),
    groupBy: list(parts.groupBy ?? []),
    orderBy: list(parts.orderBy ?? []),
  };
  if (parts.from !== undefined) n.from = parts.from;
  if (parts.where !== undefined) n.where = parts.where;
  if (parts.qualify !== undefined) n.qualify = parts.qualify;
  if (parts.limit !== undefined) n.limit = parts.limit;
  if (parts.offset !== undefined) n.offset = parts.offset;
  return freeze(n);
}
/** A copy of a query with CTEs put in front. */
export function withCtes(query: QueryNode, ctes: readonly CteNode[]): QueryNode {
  return freeze({ ...query, with: list([...ctes, ...query.with]) });
}
/** A set operation over two or more queries. */
export function setOp(op: SetOp, inputs: readonly QueryNode[]): SetOpNode {
  if (inputs.length < 2) throw new Error(`${op} needs at least two inputs`);
  return freeze({ kind: "set_op", with: list([]), op, inputs: list(inputs) });
}

/** A column definition. */
export function columnDef(name: string, type: SqlTypeNode, nullable = true): ColumnDefNode {
  return freeze({ kind: "column_def", name, type, nullable });
}
/** CREATE TABLE with columns. */
export function createTable(
  name: string,
  columns: readonly ColumnDefNode[],
  options: { temp?: boolean; orReplace?: boolean } = {},
): CreateTableNode {
  return freeze({
    kind: "create_table",
    name,
    columns: list(columns),
    temp: options.temp ?? false,
    orReplace: options.orReplace ?? false,
  });
}
/** CREATE TABLE|VIEW ... AS query. */
export function createAs(
  what: "TABLE" | "VIEW",
  name: string,
  query: QueryNode,
  options: { temp?: boolean; orReplace?: boolean } = {},
): CreateAsNode {
  return freeze({
    kind: "create_as",
    what,
    name,
    query,
    temp: options.temp ?? false,
    orReplace: options.orReplace ?? false,
  });
}
/** A COPY option. */
export function copyOption(name: string, value: SqlExpr): CopyOptionNode {
  return freeze({ kind: "copy_option", name, value });
}
/** COPY (query) TO path (options). */
export function copyTo(
  query: QueryNode,
  path: SqlExpr,
  options: readonly CopyOptionNode[],
): CopyToNode {
  return freeze({ kind: "copy_to", query, path, options: list(options) });
}
/** SET name = value. */
export function set(name: string, value: SqlExpr): SetNode {
  return freeze({ kind: "set", name, value });
}
/** DESCRIBE query. */
export function describe(query: QueryNode): DescribeNode {
  return freeze({ kind: "describe", query });
}
/** DROP TABLE|VIEW. */
export function drop(what: "TABLE" | "VIEW", name: string, ifExists = true): DropNode {
  return freeze({ kind: "drop", what, name, ifExists });
}
