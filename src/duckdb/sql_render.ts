/**
 * THE renderer: the only code in relgate that writes SQL text. It turns a
 * SQL AST (`sql_ast.ts`) into `{sql, parameters}` for DuckDB:
 *
 * - every identifier goes through {@linkcode quoteIdent}, which wraps it in
 *   double quotes and doubles embedded quotes (any text is a valid name);
 * - every value is a numbered placeholder (`$1`, `$2`, ...) bound as a
 *   prepared-statement parameter with its type, rendered `CAST($n AS T)` so
 *   the SQL type never depends on how the JS value was bound (typed nulls,
 *   empty lists); in positions DuckDB only accepts a bare placeholder
 *   (`SET`, `COPY ... TO`, COPY options, table-function arguments) it is `$n`;
 * - function, table-function, setting and option names are keywords, not
 *   data: they must match `[a-z_][a-z0-9_]*` or rendering fails;
 * - constructs DuckDB cannot express fail with an `unsupported` error instead
 *   of emitting wrong SQL.
 *
 * @module
 */
import { RelgateError } from "../errors.ts";
import type {
  CteNode,
  FromNode,
  OrderItemNode,
  ParamNode,
  QueryNode,
  SelectNode,
  SqlExpr,
  SqlNode,
  SqlTypeNode,
  SqlValue,
  StatementNode,
} from "./sql_ast.ts";

/** One bound parameter: the value and the SQL type it is bound as. */
export interface BoundParam {
  readonly value: SqlValue;
  readonly type: SqlTypeNode;
}

/** Rendered SQL: text plus parameters for `$1..$n` (index i is `$i+1`). */
export interface CompiledSql {
  readonly sql: string;
  readonly parameters: readonly BoundParam[];
}

const KEYWORD = /^[a-z_][a-z0-9_]*$/;
const OPTION = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quote an identifier: `"` + name with every `"` doubled + `"`.
 *
 * @example
 * ```ts
 * import { quoteIdent } from "./sql_render.ts";
 * quoteIdent('we"ird name'); // '"we""ird name"'
 * ```
 */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000")) {
    throw new RelgateError({
      code: "unsupported",
      message: `Cannot use the name ${JSON.stringify(name)} in SQL: it contains U+0000`,
    });
  }
  return `"${name.replaceAll('"', '""')}"`;
}

function keyword(name: string, what: string, re: RegExp = KEYWORD): string {
  if (!re.test(name)) {
    throw new RelgateError({
      code: "unsupported",
      message: `Cannot render ${what} ${JSON.stringify(name)}: not a plain SQL keyword`,
    });
  }
  return name;
}

/**
 * Render a statement or query.
 *
 * @example
 * ```ts
 * import { col, param, select, selectItem, simpleType, table, binary } from "./sql_ast.ts";
 * import { renderSql } from "./sql_render.ts";
 * const q = select({
 *   columns: [selectItem(col("a"))],
 *   from: table("t"),
 *   where: binary(">", col("a"), param(1n, simpleType("BIGINT"))),
 * });
 * renderSql(q).sql; // 'SELECT "a" FROM "t" WHERE ("a" > CAST($1 AS BIGINT))'
 * ```
 */
export function renderSql(node: StatementNode): CompiledSql {
  const r = new Renderer();
  r.statement(node);
  return Object.freeze({ sql: r.text(), parameters: Object.freeze(r.params()) });
}

/** Render a type as DuckDB writes it (`BIGINT`, `DECIMAL(10, 2)`, `VARCHAR[]`, `STRUCT(...)`). */
export function renderType(t: SqlTypeNode): string {
  switch (t.kind) {
    case "type_simple":
      return t.name;
    case "type_decimal":
      if (
        !Number.isInteger(t.precision) || !Number.isInteger(t.scale) || t.precision < 1 ||
        t.precision > 38 || t.scale < 0 || t.scale > t.precision
      ) {
        throw new RelgateError({
          code: "unsupported",
          message: `Cannot render DECIMAL(${t.precision}, ${t.scale}): out of DuckDB's range`,
        });
      }
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case "type_list":
      return `${renderType(t.item)}[]`;
    case "type_struct":
      if (t.fields.length === 0) {
        throw new RelgateError({
          code: "unsupported",
          message: "Cannot render an empty STRUCT type: DuckDB has none",
        });
      }
      return `STRUCT(${
        t.fields.map((f) => `${quoteIdent(f.name)} ${renderType(f.type)}`).join(", ")
      })`;
    default:
      return unhandled(t);
  }
}

function unhandled(x: never): never {
  throw new Error(`sql_render: unhandled node ${JSON.stringify(x)}`);
}

class Renderer {
  #buf: string[] = [];
  #params: BoundParam[] = [];
  #keyed = new Map<string, number>();

  text(): string {
    return this.#buf.join("");
  }
  params(): BoundParam[] {
    return this.#params;
  }
  #w(s: string): void {
    this.#buf.push(s);
  }
  #list<X>(xs: readonly X[], f: (x: X) => void, sep = ", "): void {
    xs.forEach((x, i) => {
      if (i > 0) this.#w(sep);
      f(x);
    });
  }

  #placeholder(p: ParamNode): string {
    if (p.key !== undefined) {
      const seen = this.#keyed.get(p.key);
      if (seen !== undefined) return `$${seen}`;
    }
    this.#params.push(Object.freeze({ value: p.value, type: p.type }));
    const n = this.#params.length;
    if (p.key !== undefined) this.#keyed.set(p.key, n);
    return `$${n}`;
  }

  /** A bare `$n` (positions where DuckDB accepts no expression). */
  #bare(e: SqlExpr, what: string): void {
    if (e.kind !== "param") {
      throw new RelgateError({
        code: "unsupported",
        message: `Cannot render ${what}: only a bound value is allowed there`,
      });
    }
    this.#w(this.#placeholder(e));
  }

  statement(n: StatementNode): void {
    switch (n.kind) {
      case "select":
      case "set_op":
        this.query(n);
        return;
      case "create_table":
        this.#w(`CREATE ${n.orReplace ? "OR REPLACE " : ""}${n.temp ? "TEMP " : ""}TABLE `);
        this.#w(quoteIdent(n.name));
        this.#w(" (");
        if (n.columns.length === 0) {
          throw new RelgateError({
            code: "unsupported",
            message: `Cannot create table ${n.name} without columns`,
          });
        }
        this.#list(n.columns, (c) => {
          this.#w(`${quoteIdent(c.name)} ${renderType(c.type)}${c.nullable ? "" : " NOT NULL"}`);
        });
        this.#w(")");
        return;
      case "create_as":
        this.#w(
          `CREATE ${n.orReplace ? "OR REPLACE " : ""}${n.temp ? "TEMP " : ""}${n.what} `,
        );
        this.#w(quoteIdent(n.name));
        this.#w(" AS ");
        this.query(n.query);
        return;
      case "copy_to":
        this.#w("COPY (");
        this.query(n.query);
        this.#w(") TO ");
        this.#bare(n.path, "a COPY path");
        if (n.options.length) {
          this.#w(" (");
          this.#list(n.options, (o) => {
            this.#w(`${keyword(o.name, "COPY option", OPTION).toUpperCase()} `);
            this.#bare(o.value, `COPY option ${o.name}`);
          });
          this.#w(")");
        }
        return;
      case "set":
        this.#w(`SET ${keyword(n.name, "setting")} = `);
        this.#bare(n.value, `setting ${n.name}`);
        return;
      case "describe":
        this.#w("DESCRIBE ");
        this.query(n.query);
        return;
      case "drop":
        this.#w(`DROP ${n.what} ${n.ifExists ? "IF EXISTS " : ""}${quoteIdent(n.name)}`);
        return;
      default:
        unhandled(n);
    }
  }

  #with(ctes: readonly CteNode[]): void {
    if (!ctes.length) return;
    this.#w("WITH ");
    this.#list(ctes, (c) => {
      this.#w(`${quoteIdent(c.name)} AS (`);
      this.query(c.query);
      this.#w(")");
    });
    this.#w(" ");
  }

  query(q: QueryNode): void {
    switch (q.kind) {
      case "select":
        this.#select(q);
        return;
      case "set_op":
        this.#with(q.with);
        this.#list(q.inputs, (i) => {
          this.#w("(");
          this.query(i);
          this.#w(")");
        }, ` ${q.op} `);
        return;
      default:
        unhandled(q);
    }
  }

  #select(q: SelectNode): void {
    this.#with(q.with);
    this.#w("SELECT ");
    if (q.distinctOn.length) {
      this.#w("DISTINCT ON (");
      this.#list(q.distinctOn, (e) => this.expr(e));
      this.#w(") ");
    } else if (q.distinct) this.#w("DISTINCT ");
    this.#list(q.columns, (c) => {
      this.expr(c.expr);
      if (c.alias !== undefined) this.#w(` AS ${quoteIdent(c.alias)}`);
    });
    if (q.from) {
      this.#w(" FROM ");
      this.from(q.from);
    }
    if (q.where) {
      this.#w(" WHERE ");
      this.expr(q.where);
    }
    if (q.groupBy.length) {
      this.#w(" GROUP BY ");
      this.#list(q.groupBy, (e) => this.expr(e));
    }
    if (q.qualify) {
      this.#w(" QUALIFY ");
      this.expr(q.qualify);
    }
    if (q.orderBy.length) {
      this.#w(" ORDER BY ");
      this.#orderItems(q.orderBy);
    }
    if (q.limit) {
      this.#w(" LIMIT ");
      this.expr(q.limit);
    }
    if (q.offset) {
      this.#w(" OFFSET ");
      this.expr(q.offset);
    }
  }

  #orderItems(items: readonly OrderItemNode[]): void {
    this.#list(items, (o) => {
      this.expr(o.expr);
      this.#w(` ${o.dir} NULLS ${o.nulls}`);
    });
  }

  from(f: FromNode): void {
    switch (f.kind) {
      case "table":
        this.#w(quoteIdent(f.name));
        if (f.alias !== undefined) this.#w(` AS ${quoteIdent(f.alias)}`);
        return;
      case "table_function":
        this.#w(`${keyword(f.name, "table function")}(`);
        this.#list([...f.args.map((a) => ({ a })), ...f.named.map((n) => ({ n }))], (x) => {
          if ("a" in x) this.#bare(x.a, `an argument of ${f.name}`);
          else {
            this.#w(`${keyword(x.n.name, "named argument")} = `);
            this.#bare(x.n.value, `argument ${x.n.name} of ${f.name}`);
          }
        });
        this.#w(")");
        if (f.alias !== undefined) this.#w(` AS ${quoteIdent(f.alias)}`);
        return;
      case "subquery":
        this.#w("(");
        this.query(f.query);
        this.#w(`) AS ${quoteIdent(f.alias)}`);
        return;
      case "join":
        this.from(f.left);
        this.#w(` ${f.type} JOIN `);
        if (f.right.kind === "join") {
          this.#w("(");
          this.from(f.right);
          this.#w(")");
        } else this.from(f.right);
        if (f.type === "CROSS") {
          if (f.on) {
            throw new RelgateError({
              code: "unsupported",
              message: "Cannot render a CROSS JOIN with a condition",
            });
          }
        } else {
          this.#w(" ON ");
          if (f.on) this.expr(f.on);
          else this.#w("true");
        }
        return;
      default:
        unhandled(f);
    }
  }

  expr(e: SqlExpr): void {
    switch (e.kind) {
      case "column":
        if (e.table !== undefined) this.#w(`${quoteIdent(e.table)}.`);
        this.#w(quoteIdent(e.name));
        return;
      case "param":
        this.#w(`CAST(${this.#placeholder(e)} AS ${renderType(e.type)})`);
        return;
      case "null":
        this.#w("NULL");
        return;
      case "star":
        if (e.table !== undefined) this.#w(`${quoteIdent(e.table)}.`);
        this.#w("*");
        if (e.exclude?.length) {
          this.#w(` EXCLUDE (${e.exclude.map(quoteIdent).join(", ")})`);
        }
        return;
      case "binary":
        this.#w("(");
        this.expr(e.left);
        this.#w(` ${e.op} `);
        this.expr(e.right);
        this.#w(")");
        return;
      case "unary":
        this.#w(e.op === "NOT" ? "(NOT " : "(- ");
        this.expr(e.operand);
        this.#w(")");
        return;
      case "is_null":
        this.#w("(");
        this.expr(e.operand);
        this.#w(e.negated ? " IS NOT NULL)" : " IS NULL)");
        return;
      case "call":
        this.#w(`${keyword(e.name, "function")}(`);
        this.#list(e.args, (a) => this.expr(a));
        this.#w(")");
        return;
      case "aggregate":
        this.#w(`${keyword(e.name, "aggregate")}(`);
        if (e.distinct) this.#w("DISTINCT ");
        this.#list(e.args, (a) => this.expr(a));
        if (e.orderBy.length) {
          this.#w(" ORDER BY ");
          this.#orderItems(e.orderBy);
        }
        this.#w(")");
        if (e.filter) {
          this.#w(" FILTER (WHERE ");
          this.expr(e.filter);
          this.#w(")");
        }
        return;
      case "window":
        this.#w(`${keyword(e.name, "window function")}(`);
        this.#list(e.args, (a) => this.expr(a));
        this.#w(") OVER (");
        if (e.partitionBy.length) {
          this.#w("PARTITION BY ");
          this.#list(e.partitionBy, (a) => this.expr(a));
          if (e.orderBy.length) this.#w(" ");
        }
        if (e.orderBy.length) {
          this.#w("ORDER BY ");
          this.#orderItems(e.orderBy);
        }
        this.#w(")");
        return;
      case "case":
        this.#w("CASE");
        for (const w of e.whens) {
          this.#w(" WHEN ");
          this.expr(w.when);
          this.#w(" THEN ");
          this.expr(w.then);
        }
        if (e.else) {
          this.#w(" ELSE ");
          this.expr(e.else);
        }
        this.#w(" END");
        return;
      case "cast":
        this.#w(e.try ? "TRY_CAST(" : "CAST(");
        this.expr(e.operand);
        this.#w(` AS ${renderType(e.type)})`);
        return;
      case "in_list":
        this.#w("(");
        this.expr(e.operand);
        this.#w(e.negated ? " NOT IN (" : " IN (");
        this.#list(e.values, (a) => this.expr(a));
        this.#w("))");
        return;
      case "list":
        this.#w("[");
        this.#list(e.items, (a) => this.expr(a));
        this.#w("]");
        return;
      case "lambda":
        this.#w(`(lambda ${e.params.map((p) => quoteIdent(p)).join(", ")}: `);
        this.expr(e.body);
        this.#w(")");
        return;
      case "like":
        this.#w("(");
        this.expr(e.operand);
        this.#w(" LIKE ");
        this.expr(e.pattern);
        this.#w(" ESCAPE ");
        this.expr(e.escape);
        this.#w(")");
        return;
      case "scalar_subquery":
        this.#w("(");
        this.query(e.query);
        this.#w(")");
        return;
      default:
        unhandled(e);
    }
  }
}

/** Kinds the renderer handles: compile-time proof every {@linkcode SqlNode} kind is known. */
export const RENDERED_KINDS: { readonly [K in SqlNode["kind"]]: true } = Object.freeze({
  type_simple: true,
  type_decimal: true,
  type_list: true,
  type_struct: true,
  column: true,
  param: true,
  null: true,
  star: true,
  binary: true,
  unary: true,
  is_null: true,
  call: true,
  aggregate: true,
  window: true,
  when: true,
  case: true,
  cast: true,
  in_list: true,
  list: true,
  lambda: true,
  like: true,
  scalar_subquery: true,
  order_item: true,
  table: true,
  named_arg: true,
  table_function: true,
  subquery: true,
  join: true,
  select_item: true,
  cte: true,
  select: true,
  set_op: true,
  column_def: true,
  create_table: true,
  create_as: true,
  copy_option: true,
  copy_to: true,
  set: true,
  describe: true,
  drop: true,
});
