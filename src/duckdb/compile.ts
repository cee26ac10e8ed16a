/**
 * RelPlan -> SQL AST, op by op: every op becomes one CTE reading the
 * previous one, sub-plans (join right, union inputs, kernel sub-plans) add
 * their own CTEs to the same list. Expressions compile to SQL giving exactly
 * the SPEC section 2 semantics; where DuckDB's built-in differs, the emitted
 * expression corrects it (see each function below).
 *
 * The SQL AST is rendered by `sql_render.ts`; this module writes no SQL text.
 *
 * @module
 */
import { ExecutionError, type Problem, RelgateError } from "../errors.ts";
import { type CaseExpr, type CastExpr, type Expr, exprKind, type FnExpr } from "../ir/expr.ts";
import type {
  AggregateOp,
  JoinOp,
  Measure,
  OrderKey,
  RelOp,
  RelPlan,
  SubPlan,
  UnionOp,
} from "../ir/plan.ts";
import { lookupFn } from "../ir/registry.ts";
import { literalType, typePlan } from "../ir/typecheck.ts";
import {
  commonType,
  type DataType,
  formatType,
  isInteger,
  parseType,
  type Schema,
  T,
  typeEquals,
} from "../ir/types.ts";
import * as q from "./sql_ast.ts";
import type { FromNode, QueryNode, SqlExpr, SqlValue } from "./sql_ast.ts";
import { sqlType } from "./types.ts";
import { DUCKDB_KERNELS } from "../kernels/duckdb.ts";

/** Where a scan reads from: a FROM item and its relgate schema. */
export interface ScanSource {
  /** The relation (table function or table) without alias. */
  readonly from: (alias: string) => FromNode;
  /** The columns as the plan sees them. */
  readonly schema: Schema;
  /** Columns that need a CAST to be exactly their relgate type (e.g. TIMESTAMP_NS). */
  readonly casts?: ReadonlySet<string>;
}

/** What the compiler needs from outside. */
export interface CompileEnv {
  /** The source of a dataset or an earlier rule's output. */
  readonly source: (name: string) => ScanSource | undefined;
  /** Param values by name (omit for `explain`: values are then bound as null). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** File named in errors. */
  readonly file?: string;
}

/** A compiled plan. */
export interface CompiledPlan {
  /** The query (CTEs + final SELECT). */
  readonly query: QueryNode;
  /** The output schema. */
  readonly schema: Schema;
}

/** A relation built so far: a CTE name and its schema. */
export interface Rel {
  readonly name: string;
  readonly schema: Schema;
}

/** Expression scope: the input columns and how to reference them. */
export interface Scope {
  readonly schema: Schema;
  readonly ref: (name: string) => SqlExpr;
}

/** A compiled expression and its relgate type. */
export interface Typed {
  readonly sql: SqlExpr;
  readonly type: DataType;
  /** The expression can raise an error (overflow, a failing cast, ...). */
  readonly raises?: boolean;
}

/** What a kernel's DuckDB form gets. */
export interface KernelContext {
  /** Compile an expression over a scope. */
  readonly expr: (e: Expr, scope: Scope) => Typed;
  /** Compile a sub-plan; returns its final relation. */
  readonly subPlan: (sub: SubPlan, path: string) => Rel;
  /** Add a CTE; returns its name. */
  readonly addCte: (query: QueryNode) => string;
  /** A scope over a relation, optionally qualified by an alias. */
  readonly scopeOf: (rel: Rel, alias?: string) => Scope;
  /** ORDER BY items of one sort key (see {@linkcode orderItems}: NaN next to the nulls). */
  readonly orderItems: typeof orderItems;
  /** A join key or bound that matches nothing when NaN (see {@linkcode nanAsNull}). */
  readonly nanAsNull: typeof nanAsNull;
  /** JSON path of the op. */
  readonly path: string;
}

/** The DuckDB form of a kernel: builds a query over its input relation. */
export type DuckdbKernel = (
  ctx: KernelContext,
  options: Readonly<Record<string, unknown>>,
  input: Rel,
  output: Schema,
) => QueryNode;

// ------------------------------------------------------------------ helpers

const BIGINT = q.simpleType("BIGINT");
const DOUBLE = q.simpleType("DOUBLE");
const VARCHAR = q.simpleType("VARCHAR");
const BOOLEAN = q.simpleType("BOOLEAN");

function pInt(v: bigint | number): SqlExpr {
  return q.param(BigInt(v), BIGINT);
}
function pDouble(v: number): SqlExpr {
  return q.param(v, DOUBLE);
}
function pStr(v: string): SqlExpr {
  return q.param(v, VARCHAR);
}
function pBool(v: boolean): SqlExpr {
  return q.param(v, BOOLEAN);
}
function fnc(name: string, ...args: SqlExpr[]): SqlExpr {
  return q.call(name, args);
}
function bin(op: q.BinaryOp, a: SqlExpr, b: SqlExpr): SqlExpr {
  return q.binary(op, a, b);
}
function iff(cond: SqlExpr, a: SqlExpr, b?: SqlExpr): SqlExpr {
  return q.caseWhen([q.when(cond, a)], b);
}
/** CAST to `to` unless the type already is `to`. */
function coerce(x: Typed, to: DataType): SqlExpr {
  if (typeEquals(x.type, to) || to.kind === "null") return x.sql;
  return q.cast(x.sql, sqlType(to));
}
/** A typed NULL. */
function typedNull(t: DataType): SqlExpr {
  return t.kind === "null" ? q.nullNode() : q.cast(q.nullNode(), sqlType(t));
}
/**
 * ORDER BY items of one sort key. Float keys put NaN after every number in
 * both directions, next to the nulls (pyarrow's sort_indices): `numbers, NaN,
 * nulls` with nulls last, `nulls, NaN, numbers` with nulls first. DuckDB
 * alone sorts NaN as the largest number, so a float key is preceded by
 * `isnan(x)`. -0 and 0 tie (DuckDB compares them equal).
 */
export function orderItems(
  x: Typed,
  dir: "ASC" | "DESC" = "ASC",
  nulls: "FIRST" | "LAST" = "LAST",
): q.OrderItemNode[] {
  const key = q.orderItem(x.sql, dir, nulls);
  if (x.type.kind !== "float") return [key];
  const nan = fnc("isnan", x.sql); // null, false (number) or true (NaN)
  return [
    nulls === "LAST" ? q.orderItem(nan, "ASC", "LAST") : q.orderItem(nan, "DESC", "FIRST"),
    key,
  ];
}

/**
 * A join key (or interval bound) that matches nothing when NaN: IEEE NaN
 * equals nothing, but DuckDB's hash join matches NaN with NaN. An expression
 * on one side keeps the condition a comparison (hash or range join).
 */
export function nanAsNull(x: Typed): SqlExpr {
  if (x.type.kind !== "float") return x.sql;
  return q.caseWhen([q.when(fnc("isnan", x.sql), typedNull(x.type))], x.sql);
}

/** `error(message)` typed as `t` (raises when evaluated). */
function raise(message: SqlExpr, t: DataType): SqlExpr {
  return q.cast(fnc("error", message), sqlType(t));
}

// ------------------------------------------------------------------ binding

/** SQL that is cheap to repeat: a column, a bound value, NULL, or a CAST of one. */
function isSimple(e: SqlExpr): boolean {
  switch (e.kind) {
    case "column":
    case "param":
    case "null":
      return true;
    case "cast":
      return isSimple(e.operand);
    default:
      return false;
  }
}

const VAR = "__relgate_v";
const VAR_RE = /^__relgate_v([0-9]+)$/;
const varDepths = new WeakMap<SqlExpr, number>();

/** The highest `__relgate_vN` lambda variable bound or used inside `e` (0 if none). */
function varDepth(e: SqlExpr): number {
  const memo = varDepths.get(e);
  if (memo !== undefined) return memo;
  let d = 0;
  const see = (x: SqlExpr | undefined) => {
    if (x) d = Math.max(d, varDepth(x));
  };
  const seeOrder = (o: readonly q.OrderItemNode[]) => o.forEach((i) => see(i.expr));
  switch (e.kind) {
    case "column": {
      const m = VAR_RE.exec(e.name);
      if (m && e.table === undefined) d = Number(m[1]);
      break;
    }
    case "binary":
      see(e.left);
      see(e.right);
      break;
    case "unary":
    case "is_null":
    case "cast":
      see(e.operand);
      break;
    case "call":
      e.args.forEach(see);
      break;
    case "aggregate":
      e.args.forEach(see);
      seeOrder(e.orderBy);
      see(e.filter);
      break;
    case "window":
      e.args.forEach(see);
      e.partitionBy.forEach(see);
      seeOrder(e.orderBy);
      break;
    case "case":
      e.whens.forEach((w) => {
        see(w.when);
        see(w.then);
      });
      see(e.else);
      break;
    case "in_list":
      see(e.operand);
      e.values.forEach(see);
      break;
    case "list":
      e.items.forEach(see);
      break;
    case "lambda":
      see(e.body);
      for (const p of e.params) {
        const m = VAR_RE.exec(p);
        if (m) d = Math.max(d, Number(m[1]));
      }
      break;
    case "like":
      see(e.operand);
      see(e.pattern);
      see(e.escape);
      break;
    default:
      break;
  }
  varDepths.set(e, d);
  return d;
}

/**
 * Use each argument once. A function whose SQL repeats an argument (round,
 * upper, NaN guards, ...) gets it through {@linkcode Binder.bind}: simple
 * SQL (a column, a value) is repeated as is; anything else is evaluated once
 * and bound to a lambda variable, `list_extract(list_transform([x], lambda v:
 * body(v)), 1)`, so nested calls grow the SQL linearly, not exponentially.
 * Variable names are above every one already bound inside the arguments, so
 * a body never shadows a variable it uses.
 */
class Binder {
  #next: number;
  constructor(args: readonly SqlExpr[]) {
    this.#next = 1 + Math.max(0, ...args.map(varDepth));
  }
  /** `body(x)` with `x` evaluated once. */
  bind(x: SqlExpr, body: (v: SqlExpr) => SqlExpr): SqlExpr {
    if (isSimple(x)) return body(x);
    const name = `${VAR}${this.#next++}`;
    return fnc(
      "list_extract",
      fnc("list_transform", q.listExpr([x]), q.lambda([name], body(q.col(name)))),
      pInt(1),
    );
  }
}

/**
 * Unicode White_Space code points (PropList.txt), removed by the trim family.
 * DuckDB's `trim(s)` removes only spaces; `trim(s, chars)` takes this set.
 */
export const WHITE_SPACE = "\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680" +
  "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A" +
  "\u2028\u2029\u202F\u205F\u3000";

/** Decimal text accepted by utf8 -> integer casts. */
export const INT_TEXT = "^[+-]?[0-9]+$";
/** Decimal text accepted by utf8 -> float/decimal casts. */
export const FLOAT_TEXT = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$";

// ------------------------------------------------------------------ params

function paramError(name: string, message: string, file?: string): RelgateError {
  return new RelgateError({
    code: "bad-param",
    file,
    path: `$.params.${name}`,
    message: `Cannot bind param "${name}": ${message}`,
    hint: "pass a value of the declared type (e.g. --param name=value)",
  });
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  "8s": [-128n, 127n],
  "16s": [-32768n, 32767n],
  "32s": [-2147483648n, 2147483647n],
  "64s": [-9223372036854775808n, 9223372036854775807n],
  "8u": [0n, 255n],
  "16u": [0n, 65535n],
  "32u": [0n, 4294967295n],
  "64u": [0n, 18446744073709551615n],
};

/**
 * Check a param value against its declared type and convert it to a
 * bindable value. Strings are accepted for numbers, dates and timestamps
 * (as given on the command line).
 *
 * @throws {RelgateError} `bad-param` naming the param.
 */
export function paramValue(name: string, t: DataType, v: unknown, file?: string): SqlValue {
  const fail = (why: string): never => {
    throw paramError(name, `${why} (declared ${formatType(t)}, got ${describe(v)})`, file);
  };
  if (v === null) return null;
  switch (t.kind) {
    case "null":
      return null;
    case "bool":
      if (typeof v === "boolean") return v;
      if (v === "true" || v === "false") return v === "true";
      return fail("not a bool");
    case "int": {
      let b: bigint;
      if (typeof v === "bigint") b = v;
      else if (typeof v === "number" && Number.isInteger(v)) b = BigInt(v);
      else if (typeof v === "string" && /^[+-]?[0-9]+$/.test(v.trim())) b = BigInt(v.trim());
      else return fail("not an integer");
      const [lo, hi] = INT_RANGE[`${t.bits}${t.signed ? "s" : "u"}`]!;
      if (b < lo || b > hi) return fail("out of range");
      return b;
    }
    case "float":
      if (typeof v === "number") return v;
      if (typeof v === "bigint") return Number(v);
      if (typeof v === "string" && new RegExp(FLOAT_TEXT).test(v.trim())) return Number(v);
      if (typeof v === "string" && /^(nan|[+-]?inf(inity)?)$/i.test(v.trim())) {
        const s = v.trim().toLowerCase();
        return s === "nan" ? NaN : s.startsWith("-") ? -Infinity : Infinity;
      }
      return fail("not a number");
    case "decimal": {
      const s = typeof v === "number" || typeof v === "bigint" ? String(v) : v;
      if (typeof s !== "string") return fail("not a decimal");
      const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(s.trim());
      if (!m || (m[2] === "" && (m[3] ?? "") === "")) return fail("not a decimal");
      const frac = m[3] ?? "";
      if (frac.length > t.scale && /[1-9]/.test(frac.slice(t.scale))) {
        return fail(`more than ${t.scale} decimal places`);
      }
      const digits = (m[2] || "0") + frac.slice(0, t.scale).padEnd(t.scale, "0");
      const unscaled = BigInt(digits) * (m[1] === "-" ? -1n : 1n);
      if (digits.replace(/^0+/, "").length > t.precision) return fail("too many digits");
      return { kind: "decimal", unscaled };
    }
    case "utf8":
      if (typeof v === "string") return v;
      return fail("not a string");
    case "binary":
      if (v instanceof Uint8Array) return v;
      if (typeof v === "string") return new TextEncoder().encode(v);
      return fail("not binary");
    case "date32": {
      if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
        const ms = Date.parse(`${v}T00:00:00Z`);
        if (!Number.isNaN(ms)) return { kind: "date", days: Math.round(ms / 86400000) };
      }
      if (typeof v === "number" && Number.isInteger(v)) return { kind: "date", days: v };
      return fail("not a date (YYYY-MM-DD)");
    }
    case "timestamp": {
      if (typeof v === "bigint") return { kind: "timestamp", micros: v };
      if (typeof v === "string") {
        const m =
          /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/
            .exec(v.trim());
        if (m) {
          if (t.tz === null && m[4] !== undefined) return fail("a timestamp without tz");
          const tz = m[4] === undefined ? "Z" : m[4];
          const ms = Date.parse(`${m[1]}T${m[2]}${tz === "Z" ? "Z" : tz}`);
          if (!Number.isNaN(ms)) {
            const micros = BigInt(ms) * 1000n + BigInt((m[3] ?? "").padEnd(6, "0") || "0");
            return { kind: "timestamp", micros };
          }
        }
      }
      return fail("not a timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff])");
    }
    case "list": {
      if (!Array.isArray(v)) return fail("not a list");
      return v.map((x, i) => paramValue(`${name}[${i}]`, t.item, x, file));
    }
    case "struct":
      return fail("struct params are not supported");
  }
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}`;
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

// ------------------------------------------------------------------ compiler

/**
 * Compile a RelPlan to a SQL query.
 *
 * @throws {RelgateError} with every validation problem (paths into the plan),
 *   or `bad-param` for a missing or mistyped param value.
 *
 * @example
 * ```ts ignore
 * const { query } = compilePlan(plan, { source: (name) => sources.get(name) });
 * const { sql, parameters } = renderSql(query);
 * ```
 */
export function compilePlan(plan: RelPlan, env: CompileEnv): CompiledPlan {
  const typed = typePlan(plan, {
    dataset: (name) => env.source(name)?.schema,
    file: env.file,
  });
  if (typed.problems.length) throw new RelgateError(typed.problems);
  const c = new Compiler(env, typed.params);
  c.bindParams(plan);
  const rel = c.ops(plan.ops, "$.ops");
  const ordering = plan.ordering;
  const scope = c.scopeOf(rel);
  const orderBy = ordering?.level === "explicit"
    ? ordering.keys.flatMap(([k, dir]) => {
      const f = rel.schema.find((x) => x.name === k);
      const key: Typed = { sql: scope.ref(k), type: f ? f.type : T.null };
      return orderItems(key, dir === "desc" ? "DESC" : "ASC");
    })
    : [];
  const final = q.select({
    with: c.ctes,
    columns: rel.schema.map((f) => q.selectItem(scope.ref(f.name))),
    from: q.table(rel.name),
    orderBy,
  });
  return { query: final, schema: rel.schema };
}

/** Type-check a plan the way {@linkcode compilePlan} does, without compiling. */
export function planProblems(plan: RelPlan, env: CompileEnv): readonly Problem[] {
  return typePlan(plan, { dataset: (name) => env.source(name)?.schema, file: env.file })
    .problems;
}

class Compiler {
  readonly ctes: q.CteNode[] = [];
  #n = 0;
  readonly #params = new Map<string, { type: DataType; value: SqlValue }>();

  constructor(readonly env: CompileEnv, readonly declared: ReadonlyMap<string, DataType>) {}

  bindParams(_plan: RelPlan): void {
    for (const [name, t] of this.declared) {
      const given = this.env.params;
      let value: SqlValue = null;
      if (given) {
        if (!(name in given)) {
          throw new RelgateError({
            code: "missing-param",
            file: this.env.file,
            path: `$.params.${name}`,
            message: `Cannot run the plan: param "${name}" has no value`,
            hint: `pass --param ${name}=VALUE or set it under "params" in migration.json`,
          });
        }
        value = paramValue(name, t, given[name], this.env.file);
      }
      this.#params.set(name, { type: t, value });
    }
  }

  addCte(query: QueryNode): string {
    const name = `_r${this.#n++}`;
    this.ctes.push(q.cte(name, query));
    return name;
  }

  scopeOf(rel: Rel, alias?: string): Scope {
    return {
      schema: rel.schema,
      ref: (name) => {
        if (!rel.schema.some((f) => f.name === name)) {
          throw new Error(`compile: unknown column ${name} in ${rel.name}`);
        }
        return q.col(name, alias);
      },
    };
  }

  /** Schemas after each op of a (sub-)plan, from the type checker. */
  #schemas(ops: readonly RelOp[]): readonly Schema[] {
    const typed = typePlan({ relplan: 1, name: "sub", ops, params: this.#paramDecls() }, {
      dataset: (name) => this.env.source(name)?.schema,
      file: this.env.file,
    });
    if (typed.problems.length) throw new RelgateError(typed.problems);
    return typed.schemas;
  }

  #paramDecls(): Record<string, { type: string }> {
    return Object.fromEntries(
      [...this.declared].map(([k, t]) => [k, { type: formatType(t) }]),
    );
  }

  ops(ops: readonly RelOp[], path: string): Rel {
    const schemas = this.#schemas(ops);
    let rel: Rel | undefined;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const out = schemas[i]!;
      const p = `${path}[${i}]`;
      if (op.op === "scan") {
        rel = this.#scan(op.dataset, op.columns, op.predicate, out, p);
        continue;
      }
      if (!rel) throw new Error("compile: plan does not start with a scan");
      // order_by directly followed by limit: one SELECT, so the limit sees the order.
      const next = ops[i + 1];
      if (op.op === "order_by" && next?.op === "limit") {
        rel = this.#orderBy(rel, op.keys, next);
        i++;
        continue;
      }
      rel = this.#op(op, rel, out, p);
    }
    if (!rel) throw new Error("compile: empty plan");
    return rel;
  }

  #rel(query: QueryNode, schema: Schema): Rel {
    return { name: this.addCte(query), schema };
  }

  #scan(
    dataset: string,
    columns: readonly string[] | undefined,
    predicate: Expr | undefined,
    out: Schema,
    path: string,
  ): Rel {
    const src = this.env.source(dataset);
    if (!src) throw new Error(`compile: unknown dataset ${dataset} (${path})`);
    const alias = "s";
    const full: Rel = { name: "(source)", schema: src.schema };
    const scope = this.scopeOf(full, alias);
    const names = columns ?? src.schema.map((f) => f.name);
    const items = names.map((n) => {
      const f = src.schema.find((x) => x.name === n)!;
      const ref = q.col(n, alias);
      return q.selectItem(src.casts?.has(n) ? q.cast(ref, sqlType(f.type)) : ref, n);
    });
    if (items.length === 0) {
      throw new RelgateError({
        code: "unsupported",
        path: `${path}.columns`,
        message: "Cannot scan zero columns",
      });
    }
    const where = predicate ? this.expr(predicate, scope).sql : undefined;
    return this.#rel(q.select({ columns: items, from: src.from(alias), where }), out);
  }

  #op(op: RelOp, rel: Rel, out: Schema, path: string): Rel {
    const scope = this.scopeOf(rel);
    const from = q.table(rel.name);
    const all = (schema: Schema) => schema.map((f) => q.selectItem(scope.ref(f.name)));
    switch (op.op) {
      case "scan":
        throw new Error("compile: scan after the first op");
      case "filter":
        return this.#rel(
          q.select({ columns: all(rel.schema), from, where: this.expr(op.predicate, scope).sql }),
          out,
        );
      case "project":
        return this.#rel(
          q.select({
            columns: op.columns.map((c, i) => {
              const t = this.expr(c.expr, scope);
              return q.selectItem(coerce(t, out[i]!.type), c.name);
            }),
            from,
          }),
          out,
        );
      case "derive": {
        const byName = new Map(op.columns.map((c) => [c.name, c.expr]));
        return this.#rel(
          q.select({
            columns: out.map((f) => {
              const e = byName.get(f.name);
              return e ? q.selectItem(this.expr(e, scope).sql, f.name) : q.selectItem(
                scope.ref(f.name),
              );
            }),
            from,
          }),
          out,
        );
      }
      case "join":
        return this.#join(op, rel, out, path);
      case "aggregate":
        return this.#aggregate(op, rel, out);
      case "union":
        return this.#union(op, rel, out, path);
      case "order_by":
        return this.#orderBy(rel, op.keys, undefined);
      case "limit":
        return this.#rel(
          q.select({
            columns: all(rel.schema),
            from,
            limit: pInt(op.count),
            offset: op.offset ? pInt(op.offset) : undefined,
          }),
          out,
        );
      case "distinct":
        return this.#rel(q.select({ distinct: true, columns: all(out), from }), out);
      case "param":
        return rel;
      case "kernel": {
        const k = DUCKDB_KERNELS.get(op.name);
        if (!k) {
          throw new RelgateError({
            code: "unknown-kernel",
            path: `${path}.name`,
            message: `Cannot run kernel "${op.name}" on DuckDB: no DuckDB form`,
          });
        }
        const ctx: KernelContext = {
          expr: (e, s) => this.expr(e, s),
          subPlan: (sub, p) => this.ops(sub.ops, `${p}.ops`),
          addCte: (query) => this.addCte(query),
          scopeOf: (r, a) => this.scopeOf(r, a),
          orderItems,
          nanAsNull,
          path: `${path}.options`,
        };
        return this.#rel(k(ctx, op.options, rel, out), out);
      }
    }
  }

  #orderBy(rel: Rel, keys: readonly OrderKey[], limit: RelOp | undefined): Rel {
    const scope = this.scopeOf(rel);
    const l = limit && limit.op === "limit" ? limit : undefined;
    return this.#rel(
      q.select({
        columns: rel.schema.map((f) => q.selectItem(scope.ref(f.name))),
        from: q.table(rel.name),
        orderBy: keys.flatMap((k) => this.orderItems(k, scope)),
        limit: l ? pInt(l.count) : undefined,
        offset: l?.offset ? pInt(l.offset) : undefined,
      }),
      rel.schema,
    );
  }

  orderItems(k: OrderKey, scope: Scope): q.OrderItemNode[] {
    return orderItems(
      this.expr(k.expr, scope),
      k.dir === "desc" ? "DESC" : "ASC",
      k.nulls === "first" ? "FIRST" : "LAST",
    );
  }

  #join(op: JoinOp, left: Rel, out: Schema, path: string): Rel {
    const right = this.ops(op.right.ops, `${path}.right.ops`);
    const suffix = op.suffix ?? "_right";
    const leftNames = new Set(left.schema.map((f) => f.name));
    // Output name of each right column (clashing names get the suffix).
    const rightOut = right.schema.map((f) => ({
      src: f.name,
      name: leftNames.has(f.name) ? `${f.name}${suffix}` : f.name,
    }));
    const visible: Schema = [
      ...left.schema,
      ...right.schema.map((f, i) => ({ ...f, name: rightOut[i]!.name })),
    ];
    const predScope: Scope = {
      schema: visible,
      ref: (name) => {
        if (leftNames.has(name)) return q.col(name, "l");
        const r = rightOut.find((x) => x.name === name);
        if (!r) throw new Error(`compile: unknown join column ${name}`);
        return q.col(r.src, "r");
      },
    };
    const typeOf = (schema: Schema, name: string) =>
      schema.find((f) => f.name === name)?.type ?? T.null;
    const conds: SqlExpr[] = op.on.map(([l, r]) =>
      bin(
        "=",
        nanAsNull({ sql: q.col(l, "l"), type: typeOf(left.schema, l) }),
        q.col(r, "r"),
      )
    );
    if (op.predicate) conds.push(this.expr(op.predicate, predScope).sql);
    const kind = ({
      inner: "INNER",
      left: "LEFT",
      right: "RIGHT",
      full: "FULL",
      semi: "SEMI",
      anti: "ANTI",
    } as const)[op.kind];
    const on = conds.length ? q.nary("AND", conds) : pBool(true);
    const from = q.join(kind, q.table(left.name, "l"), q.table(right.name, "r"), on);
    const columns = op.kind === "semi" || op.kind === "anti"
      ? left.schema.map((f) => q.selectItem(q.col(f.name, "l"), f.name))
      : [
        ...left.schema.map((f) => q.selectItem(q.col(f.name, "l"), f.name)),
        ...rightOut.map((r) => q.selectItem(q.col(r.src, "r"), r.name)),
      ];
    return this.#rel(q.select({ columns, from }), out);
  }

  #aggregate(op: AggregateOp, rel: Rel, out: Schema): Rel {
    const scope = this.scopeOf(rel);
    const groups = op.group_by.map((g) => scope.ref(g));
    const measures = op.measures.map((m, i) =>
      q.selectItem(this.measure(m, scope, out[op.group_by.length + i]!.type), m.name)
    );
    return this.#rel(
      q.select({
        columns: [...op.group_by.map((g) => q.selectItem(scope.ref(g), g)), ...measures],
        from: q.table(rel.name),
        groupBy: groups,
      }),
      out,
    );
  }

  /** Compile one aggregate measure. */
  measure(m: Measure, scope: Scope, outType: DataType): SqlExpr {
    const arg = m.arg ? this.expr(m.arg, scope) : undefined;
    const filter = m.filter ? this.expr(m.filter, scope).sql : undefined;
    const orderBy = (m.order_by ?? []).flatMap((k) => this.orderItems(k, scope));
    const distinct = m.distinct ?? false;
    const opts = { distinct, orderBy, filter };
    const need = (): Typed => {
      if (!arg) throw new Error(`compile: ${m.fn} without arg`);
      return arg;
    };
    switch (m.fn) {
      case "count_all":
        return q.aggregate("count", [q.star()], { filter });
      case "count":
        return q.aggregate("count", [need().sql], opts);
      case "sum": {
        const a = need();
        if (a.type.kind === "int" || a.type.kind === "null") {
          // DuckDB sums BIGINT into HUGEINT; the CAST back errors on overflow.
          return q.cast(q.aggregate("sum", [coerce(a, T.int64)], opts), BIGINT);
        }
        if (a.type.kind === "float") {
          return q.aggregate("sum", [coerce(a, T.float64)], floatOrder(opts, a.sql));
        }
        return q.cast(q.aggregate("sum", [a.sql], opts), sqlType(outType));
      }
      case "mean": {
        const a = need();
        const o = a.type.kind === "float" ? floatOrder(opts, a.sql) : opts;
        return q.cast(q.aggregate("avg", [a.sql], o), DOUBLE);
      }
      case "min":
        // DuckDB orders NaN above every number: min skips NaN unless only NaN.
        return coerce({ sql: q.aggregate(m.fn, [need().sql], opts), type: T.null }, outType);
      case "max": {
        const a = need();
        const all = q.aggregate("max", [a.sql], opts);
        if (a.type.kind !== "float") return coerce({ sql: all, type: T.null }, outType);
        // skip NaN unless the group holds only NaN (then max over all is NaN)
        const notNan = not(fnc("isnan", a.sql));
        const numbers = q.aggregate("max", [a.sql], {
          ...opts,
          filter: filter ? bin("AND", filter, notNan) : notNan,
        });
        return coerce({ sql: fnc("coalesce", numbers, all), type: T.null }, outType);
      }
      case "list":
        return q.aggregate("list", [need().sql], opts);
      case "bool_and":
      case "bool_or":
        return q.aggregate(m.fn, [need().sql], opts);
      case "first":
      case "last": {
        // DuckDB's first/last do not skip nulls; the SPEC's measures do.
        const a = need();
        const notNull = q.isNull(a.sql, true);
        return q.aggregate(m.fn, [a.sql], {
          distinct,
          orderBy,
          filter: filter ? bin("AND", filter, notNull) : notNull,
        });
      }
    }
  }

  #union(op: UnionOp, rel: Rel, out: Schema, path: string): Rel {
    const inputs = op.inputs.map((s, i) => this.ops(s.ops, `${path}.inputs[${i}].ops`));
    const sel = (r: Rel) =>
      q.select({
        columns: out.map((f) => q.selectItem(q.col(f.name))),
        from: q.table(r.name),
      });
    const u = q.setOp(op.distinct ? "UNION BY NAME" : "UNION ALL BY NAME", [
      sel(rel),
      ...inputs.map(sel),
    ]);
    return this.#rel(
      q.select({
        columns: out.map((f) => q.selectItem(q.col(f.name))),
        from: q.subquery(u, "u"),
      }),
      out,
    );
  }

  // ---------------------------------------------------------------- expressions

  expr(e: Expr, scope: Scope): Typed {
    switch (exprKind(e)) {
      case "col": {
        const name = (e as { col: string }).col;
        const f = scope.schema.find((x) => x.name === name);
        if (!f) throw new Error(`compile: unknown column ${name}`);
        return { sql: scope.ref(name), type: f.type };
      }
      case "lit": {
        const l = e as { lit: q.SqlValue; type?: string };
        const t = literalType(l.lit as never, l.type);
        if (typeof t === "string") throw new Error(`compile: bad literal: ${t}`);
        if (l.lit === null) return { sql: typedNull(t), type: t };
        return { sql: q.param(paramValue("literal", t, l.lit), sqlType(t)), type: t };
      }
      case "param": {
        const name = (e as { param: string }).param;
        const p = this.#params.get(name);
        if (!p) throw new Error(`compile: undeclared param ${name}`);
        return { sql: q.param(p.value, sqlType(p.type), `param:${name}`), type: p.type };
      }
      case "cast":
        return this.#cast(e as CastExpr, scope);
      case "case": {
        const c = e as CaseExpr;
        const whens = c.case.map((w) => ({
          when: this.expr(w.when, scope),
          then: this.expr(w.then, scope),
        }));
        const els = c.else ? this.expr(c.else, scope) : undefined;
        let t: DataType = T.null;
        for (const x of [...whens.map((w) => w.then), ...(els ? [els] : [])]) {
          t = commonType(t, x.type) ?? t;
        }
        const raises = [...whens.flatMap((w) => [w.when, w.then]), ...(els ? [els] : [])].some((
          x,
        ) => x.raises);
        const conds = whens.map((w) => w.when.sql);
        const values = [...whens.map((w) => coerce(w.then, t)), ...(els ? [coerce(els, t)] : [])];
        const build = (cs: readonly SqlExpr[], vs: readonly SqlExpr[]) =>
          q.caseWhen(cs.map((c, i) => q.when(c, vs[i]!)), els ? vs[cs.length] : undefined);
        if (!raises) return { sql: build(conds, values), type: t };
        // Errors are eager (as the legacy lane): every condition and branch is
        // evaluated, so one that raises raises even where it is not taken.
        const b = new Binder([...conds, ...values]);
        return {
          sql: eager(b, conds, (cs) => eager(b, values, (vs) => build(cs, vs))),
          type: t,
          raises,
        };
      }
      case "fn":
        return this.#fn(e as FnExpr, scope);
    }
  }

  #cast(c: CastExpr, scope: Scope): Typed {
    const x = this.expr(c.cast, scope);
    const to = parseType(c.to);
    const safe = c.safe === true;
    const sqlTo = sqlType(to);
    if (typeEquals(x.type, to)) return x;
    const raises = x.raises || (!safe && castRaises(x.type, to));
    // x appears several times below: evaluated once (see Binder).
    const b = new Binder([x.sql]);
    const checked = (ok: (v: SqlExpr) => SqlExpr, why: string): Typed => ({
      sql: b.bind(x.sql, (v) =>
        q.caseWhen(
          [q.when(q.isNull(v), typedNull(to)), q.when(ok(v), q.cast(v, sqlTo, safe))],
          safe ? typedNull(to) : raise(
            bin(
              "||",
              pStr(`Cannot cast ${formatType(x.type)} to ${formatType(to)}: ${why}: `),
              fnc("coalesce", q.cast(v, VARCHAR), pStr("NULL")),
            ),
            to,
          ),
        )),
      type: to,
      raises,
    });
    if (x.type.kind === "float" && to.kind === "int") {
      // DuckDB rounds; the SPEC wants an error unless the value is integral.
      return checked((v) => bin("=", v, fnc("trunc", v)), "not an integral value");
    }
    if (
      x.type.kind === "utf8" && (to.kind === "int" || to.kind === "float" || to.kind === "decimal")
    ) {
      // DuckDB also accepts spaces, '_' separators, hex and rounds '1.5' to int.
      const re = to.kind === "int" ? INT_TEXT : FLOAT_TEXT;
      return checked((v) => fnc("regexp_full_match", v, pStr(re)), "not decimal text");
    }
    return { sql: q.cast(x.sql, sqlTo, safe), type: to, raises };
  }

  #fn(e: FnExpr, scope: Scope): Typed {
    const spec = lookupFn(e.fn);
    if (!spec) throw new Error(`compile: unknown function ${e.fn}`);
    const args = e.args.map((a) => this.expr(a, scope));
    const rt = spec.result(args.map((a) => a.type));
    if (typeof rt === "string") throw new Error(`compile: ${e.fn}: ${rt}`);
    const sql = compileFn(e.fn, args, rt);
    return { sql, type: rt, raises: args.some((a) => a.raises) || fnRaises(e.fn, args, rt) };
  }
}

// ------------------------------------------------------------------ functions

function unifyArgs(args: readonly Typed[]): DataType {
  let t: DataType = T.null;
  for (const a of args) t = commonType(t, a.type) ?? t;
  return t;
}

const CMP: Record<string, q.BinaryOp> = {
  eq: "=",
  ne: "<>",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
  eq_null_safe: "IS NOT DISTINCT FROM",
};

function compareArgs(args: readonly Typed[]): [Typed, Typed] {
  const [a, b] = args as [Typed, Typed];
  const t = commonType(a.type, b.type);
  if (
    t && t.kind !== "null" && (a.type.kind === "int" || a.type.kind === "float" ||
      a.type.kind === "decimal")
  ) {
    return [{ sql: coerce(a, t), type: t }, { sql: coerce(b, t), type: t }];
  }
  return [a, b];
}

/** The number of a literal (a bound value that is no plan param), under CASTs. */
function literalNumber(e: SqlExpr): number | undefined {
  if (e.kind === "cast") return literalNumber(e.operand);
  if (e.kind !== "param" || e.key !== undefined) return undefined;
  const v = e.value;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v !== null && typeof v === "object" && "kind" in v && v.kind === "decimal") return 0;
  return undefined;
}

/** `NOT x`. */
function not(x: SqlExpr): SqlExpr {
  return q.unary("NOT", x);
}

/**
 * A comparison with IEEE 754 NaN semantics (as pyarrow): NaN equals nothing,
 * not even NaN, and is neither less nor greater than anything. DuckDB's
 * operators treat NaN as equal to NaN and greater than every number, so a
 * comparison of floats is guarded; other types compare as DuckDB does.
 */
function compare(name: string, args: readonly Typed[], b: Binder): SqlExpr {
  const [l, r] = compareArgs(args);
  const op = CMP[name]!;
  if (l.type.kind !== "float" && r.type.kind !== "float") return bin(op, l.sql, r.sql);
  if (name === "eq_null_safe") {
    // Not distinct and not NaN (if x is not NaN, neither is an equal y).
    return b.bind(
      l.sql,
      (x) => bin("AND", bin(op, x, r.sql), not(fnc("coalesce", fnc("isnan", x), pBool(false)))),
    );
  }
  // Against a number literal DuckDB is wrong only where a NaN must be the
  // greater side (NaN > 1 is true in DuckDB): guard that side alone.
  const lv = literalNumber(l.sql);
  const rv = literalNumber(r.sql);
  const greaterLeft = name === "gt" || name === "ge";
  const greaterRight = name === "lt" || name === "le";
  if (rv !== undefined && !Number.isNaN(rv)) {
    if (!greaterLeft) return bin(op, l.sql, r.sql);
    return b.bind(l.sql, (x) => bin("AND", bin(op, x, r.sql), not(fnc("isnan", x))));
  }
  if (lv !== undefined && !Number.isNaN(lv)) {
    if (!greaterRight) return bin(op, l.sql, r.sql);
    return b.bind(r.sql, (y) => bin("AND", bin(op, l.sql, y), not(fnc("isnan", y))));
  }
  // General: abs(x) + abs(y) is NaN exactly when x or y is NaN, and null when
  // either is null, so the guard keeps null in -> null out.
  return b.bind(l.sql, (x) =>
    b.bind(r.sql, (y) => {
      const nan = fnc("isnan", bin("+", fnc("abs", x), fnc("abs", y)));
      return name === "ne" ? bin("OR", bin(op, x, y), nan) : bin("AND", bin(op, x, y), not(nan));
    }));
}

/**
 * The SQL of one registry function over compiled arguments (SPEC section 2).
 * Exported for tests.
 */
export function compileFn(name: string, args: readonly Typed[], rt: DataType): SqlExpr {
  const a0 = args[0]!;
  const a1 = args[1];
  const s = (i: number) => args[i]!.sql;
  const b = new Binder(args.map((a) => a.sql));
  switch (name) {
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "eq_null_safe":
      return compare(name, args, b);
    case "and":
    case "or":
      if (args.length > 1 && args.some((a) => a.raises)) return eagerLogic(name, args);
      return q.nary(name === "and" ? "AND" : "OR", args.map((a) => a.sql));
    case "not":
      return not(a0.sql);
    case "is_null":
      return q.isNull(a0.sql);
    case "is_not_null":
      return q.isNull(a0.sql, true);
    case "coalesce": {
      if (args.length === 1) return coerce(a0, rt);
      const vs = args.map((a) => coerce(a, rt));
      // DuckDB's coalesce stops at the first non-null; errors are eager.
      return args.some((a) => a.raises)
        ? eager(b, vs, (refs) => fnc("coalesce", ...refs))
        : fnc("coalesce", ...vs);
    }
    case "nullif": {
      const t = unifyArgs(args);
      return coerce({ sql: fnc("nullif", coerce(a0, t), coerce(a1!, t)), type: t }, rt);
    }
    case "add":
    case "sub":
    case "mul": {
      const op = name === "add" ? "+" : name === "sub" ? "-" : "*";
      // Same-type integer arithmetic in DuckDB checks overflow in that type.
      return coerce({ sql: bin(op, coerce(a0, rt), coerce(a1!, rt)), type: T.null }, rt);
    }
    case "neg":
      return coerce({ sql: q.unary("-", a0.sql), type: T.null }, rt);
    case "abs":
      return coerce({ sql: fnc("abs", a0.sql), type: T.null }, rt);
    case "div":
      // float64 always; x / 0 (and 0 / 0) is null.
      return bin("/", coerce(a0, T.float64), fnc("nullif", coerce(a1!, T.float64), pDouble(0)));
    case "idiv":
      // DuckDB's // truncates toward zero on integers, gives null on zero, errors on MIN // -1.
      return coerce({ sql: bin("//", coerce(a0, rt), coerce(a1!, rt)), type: T.null }, rt);
    case "mod": {
      // % truncates (sign of the dividend), null on zero; MIN % -1 is 0, not an error.
      const x = coerce(a0, rt);
      const y = coerce(a1!, rt);
      if (!(rt.kind === "int" && rt.signed)) {
        return coerce({ sql: bin("%", x, y), type: T.null }, rt);
      }
      const st = sqlType(rt);
      return b.bind(y, (v) => {
        const safe = q.caseWhen(
          [q.when(bin("=", v, q.cast(pInt(-1), st)), q.cast(pInt(1), st))],
          v,
        );
        return coerce({ sql: bin("%", x, safe), type: T.null }, rt);
      });
    }
    case "round":
    case "round_half_even":
      return roundExpr(a0, a1, rt, name === "round_half_even", b);
    case "floor":
    case "ceil":
      if (isInteger(a0.type)) return a0.sql;
      return coerce({ sql: fnc(name, a0.sql), type: T.null }, rt);
    case "lower":
    case "upper":
      return b.bind(a0.sql, (v) => caseMap(name, v));
    case "length":
      return fnc("length", a0.sql);
    case "concat":
      return args.length === 1
        ? coerce(a0, T.utf8)
        : args.map((a) => coerce(a, T.utf8)).reduce((x, y) => bin("||", x, y));
    case "concat_ws":
      return fnc("concat_ws", ...args.map((a) => coerce(a, T.utf8)));
    case "substr":
      return substrExpr(
        a0.sql,
        coerce(a1!, T.int64),
        args[2] ? coerce(args[2], T.int64) : undefined,
        b,
      );
    case "starts_with":
      return fnc("starts_with", s(0), s(1));
    case "ends_with":
      return fnc("ends_with", s(0), s(1));
    case "contains":
      return fnc("contains", s(0), s(1));
    case "replace":
      return fnc("replace", s(0), s(1), s(2));
    case "trim":
      return fnc("trim", a0.sql, pStr(WHITE_SPACE));
    case "ltrim":
      return fnc("ltrim", a0.sql, pStr(WHITE_SPACE));
    case "rtrim":
      return fnc("rtrim", a0.sql, pStr(WHITE_SPACE));
    case "like":
      return q.like(s(0), s(1), pStr("\\"));
    case "regexp_matches":
      return fnc("regexp_matches", s(0), s(1));
    case "split": {
      // DuckDB's string_split(s, NULL) gives [s]; the SPEC wants null.
      const sep = s(1);
      if (sep.kind === "param" && sep.key === undefined && sep.value !== null) {
        return fnc("string_split", s(0), sep);
      }
      return b.bind(
        sep,
        (v) => q.caseWhen([q.when(q.isNull(v, true), fnc("string_split", s(0), v))]),
      );
    }
    case "list_len":
      return q.cast(fnc("len", a0.sql), BIGINT);
    case "list_contains": {
      const item = a0.type.kind === "list" ? a0.type.item : T.null;
      const t = commonType(item, a1!.type) ?? item;
      const list = t.kind === "null" || typeEquals(item, t)
        ? a0.sql
        : q.cast(a0.sql, sqlType({ kind: "list", item: t }));
      const x = coerce(a1!, t);
      const nullBool = q.cast(q.nullNode(), BOOLEAN);
      if (t.kind !== "float") {
        return b.bind(
          x,
          (v) => q.caseWhen([q.when(q.isNull(v), nullBool)], fnc("list_contains", list, v)),
        );
      }
      // DuckDB's list_contains finds NaN in a list holding NaN; IEEE: never.
      return b.bind(list, (l) =>
        b.bind(x, (v) =>
          q.caseWhen([
            q.when(bin("OR", q.isNull(v), q.isNull(l)), nullBool),
            q.when(fnc("isnan", v), pBool(false)),
          ], fnc("list_contains", l, v))));
    }
    case "list_get": {
      return b.bind(a0.sql, (l) =>
        b.bind(coerce(a1!, T.int64), (i) =>
          q.caseWhen([
            q.when(
              bin("AND", bin(">=", i, pInt(0)), bin("<", i, fnc("len", l))),
              fnc("list_extract", l, bin("+", i, pInt(1))),
            ),
          ])));
    }
    case "stable_id": {
      const parts = args.map((a) =>
        fnc("coalesce", a.type.kind === "utf8" ? a.sql : q.cast(a.sql, VARCHAR), pStr("\u0000"))
      );
      const joined = parts.reduce((x, y) => bin("||", bin("||", x, pStr("\u001f")), y));
      return fnc("left", fnc("sha256", joined), pInt(16));
    }
    case "in":
      return inExpr(a0, args.slice(1), b);
    case "if_else": {
      const t = rt;
      const vs = [coerce(a1!, t), coerce(args[2]!, t)];
      const pick = ([x, y]: readonly SqlExpr[]) => q.caseWhen([q.when(a0.sql, x!)], y!);
      // Errors are eager: a branch that raises raises even where it is not taken.
      return a1!.raises || args[2]!.raises ? eager(b, vs, pick) : pick(vs);
    }
    default:
      throw new RelgateError({
        code: "unsupported",
        message: `Cannot run function "${name}" on DuckDB: no SQL form`,
      });
  }
}

/** A cast that can fail (not `safe`): anything but a widening or a cast to utf8. */
function castRaises(from: DataType, to: DataType): boolean {
  if (to.kind === "utf8" || from.kind === "null") return false;
  if (from.kind === "int" && to.kind === "int") {
    return !(to.bits > from.bits && (to.signed || !from.signed)) &&
      !(to.bits === from.bits && to.signed === from.signed);
  }
  if ((from.kind === "int" || from.kind === "float") && to.kind === "float") return false;
  return true;
}

/** Whether a function itself can raise on some input (its arguments aside). */
function fnRaises(name: string, args: readonly Typed[], rt: DataType): boolean {
  switch (name) {
    case "add":
    case "sub":
    case "mul":
    case "neg":
    case "abs":
    case "idiv":
      return rt.kind === "int" || rt.kind === "decimal"; // overflow
    case "round":
    case "round_half_even": {
      // digits above 22 on a float, or rounding up past the type's range
      const d = args[1] ? literalInt(args[1].sql) : 0n;
      if (typeof d !== "bigint") return true;
      return args[0]!.type.kind === "float" ? d > 22n : d < 0n;
    }
    case "like": {
      // a pattern ending in a lone escape raises (where it is evaluated)
      const pattern = literalText(args[1]!.sql);
      return pattern === undefined || /(^|[^\\])(\\\\)*\\$/.test(pattern);
    }
    case "regexp_matches":
      // a bad literal pattern fails when the SQL is bound; one from data when run
      return literalText(args[1]!.sql) === undefined;
    default:
      return false;
  }
}

function literalText(e: SqlExpr): string | undefined {
  return e.kind === "param" && e.key === undefined && typeof e.value === "string"
    ? e.value
    : undefined;
}

/**
 * Kleene and/or that evaluates every operand on every row. DuckDB's AND/OR
 * skip an operand on rows another one already decides, in an order of its
 * own choosing (and the canonical form sorts operands), so an operand that
 * can raise (an overflow) would raise or not depending on that order; the
 * legacy lane evaluates every operand. Each operand maps to an integer
 * (false 0, null 1, true 2; least = and, greatest = or) passed to one scalar
 * function, whose arguments DuckDB always evaluates; used only when an
 * operand can raise, as it hides the conjuncts from filter pushdown.
 */
/**
 * `body` over references to `values`, all of them evaluated first (a list
 * evaluates every element; DuckDB's CASE and coalesce would skip some).
 * The values must share one SQL type.
 */
function eager(
  b: Binder,
  values: readonly SqlExpr[],
  body: (refs: readonly SqlExpr[]) => SqlExpr,
): SqlExpr {
  if (values.length === 0) return body([]);
  return b.bind(
    q.listExpr(values),
    (l) => body(values.map((_, i) => fnc("list_extract", l, pInt(i + 1)))),
  );
}

function eagerLogic(name: "and" | "or", args: readonly Typed[]): SqlExpr {
  const INT = q.simpleType("INTEGER");
  const code = (a: Typed) =>
    fnc("coalesce", bin("*", q.cast(a.sql, INT), q.cast(pInt(2), INT)), q.cast(pInt(1), INT));
  const v = fnc(name === "and" ? "least" : "greatest", ...args.map(code));
  return q.cast(fnc("nullif", v, q.cast(pInt(1), INT)), BOOLEAN);
}

function inExpr(x: Typed, rest: readonly Typed[], b: Binder): SqlExpr {
  const only = rest[0]!;
  const nullBool = q.cast(q.nullNode(), BOOLEAN);
  if (rest.length === 1 && only.type.kind === "list") {
    // SQL IN over a list value: true if some element equals x; else null if x
    // or some element is null; else false. An empty list gives false.
    const item = only.type.item;
    const t = commonType(item, x.type) ?? item;
    const list = typeEquals(item, t) || t.kind === "null"
      ? only.sql
      : q.cast(only.sql, sqlType({ kind: "list", item: t }));
    return b.bind(list, (l) =>
      b.bind(coerce(x, t), (v) => {
        // a NaN x matches no element (IEEE), not even a NaN.
        const found = fnc("list_contains", l, v);
        return q.caseWhen([
          q.when(q.isNull(l), nullBool),
          q.when(bin("=", fnc("len", l), pInt(0)), pBool(false)),
          q.when(q.isNull(v), nullBool),
          q.when(t.kind === "float" ? bin("AND", found, not(fnc("isnan", v))) : found, pBool(true)),
          q.when(q.isNull(fnc("list_position", l, q.nullNode()), true), nullBool),
        ], pBool(false));
      }));
  }
  const t = unifyArgs([x, ...rest]);
  const values = rest.map((r) => coerce(r, t));
  if (t.kind !== "float") return q.inList(coerce(x, t), values);
  // DuckDB's IN finds NaN among NaN values; IEEE: NaN equals nothing. Values
  // that are null or a number literal other than NaN stay in the IN list; the
  // others are compared one by one (x IN (a, b) is x = a OR x = b).
  const plain = (v: SqlExpr) => {
    if (v.kind === "cast" && v.operand.kind === "null") return true;
    const n = literalNumber(v);
    return n !== undefined && !Number.isNaN(n);
  };
  const listed = values.filter(plain);
  const others = values.filter((v) => !plain(v));
  if (others.length === 0) return q.inList(coerce(x, t), values);
  return b.bind(coerce(x, t), (v) => {
    const xt: Typed = { sql: v, type: t };
    const ors = others.map((o) => compare("eq", [xt, { sql: o, type: t }], b));
    return q.nary("OR", listed.length ? [q.inList(v, listed), ...ors] : ors);
  });
}

const SUBSTR_MAX = 4294967295n; // DuckDB's substring rejects offsets and lengths above

/**
 * substr(s, start, len): 1-based code points. Position p = start, or for a
 * negative start n + start + 1 (counted from the end, n = length(s)); the
 * result is the characters at positions [p, p + len) that exist, so a start
 * of 0 or before the string shortens the length, a negative length gives ''.
 * (DuckDB's substring clamps a start before the string differently for ASCII
 * and non-ASCII text; this form is exact for both.) A null start or length
 * gives null: every step is a CASE or arithmetic, which keep nulls.
 */
function substrExpr(str: SqlExpr, start: SqlExpr, len: SqlExpr | undefined, b: Binder): SqlExpr {
  const M = pInt(SUBSTR_MAX);
  // x cut to [lo, M]; x is small (built of simple SQL). A CASE keeps a null
  // (greatest/least would drop it).
  const clip = (x: SqlExpr, lo: SqlExpr) =>
    q.caseWhen([q.when(bin("<", x, lo), lo), q.when(bin(">", x, M), M)], x);
  const startLit = literalInt(start);
  if (typeof startLit === "bigint" && startLit >= 0n) {
    // The common case: a literal start >= 0 folds here.
    const from = pInt(startLit < 1n ? 1n : startLit > SUBSTR_MAX ? SUBSTR_MAX : startLit);
    if (!len) return fnc("substring", str, from);
    const lenLit = literalInt(len);
    if (typeof lenLit === "bigint") {
      let count = lenLit < 0n ? 0n : lenLit + (startLit < 1n ? -1n : 0n);
      count = count < 0n ? 0n : count > SUBSTR_MAX ? SUBSTR_MAX : count;
      return fnc("substring", str, from, pInt(count));
    }
    // start 0 is the position before the string: one character fewer
    return b.bind(len, (l) =>
      fnc(
        "substring",
        str,
        from,
        startLit >= 1n ? clip(l, pInt(0)) : q.caseWhen(
          [q.when(bin("<", l, pInt(1)), pInt(0)), q.when(bin(">", l, M), M)],
          bin("-", l, pInt(1)),
        ),
      ));
  }
  return b.bind(str, (sv) =>
    b.bind(start, (st) => {
      const p = q.caseWhen(
        [q.when(bin("<", st, pInt(0)), bin("+", bin("+", fnc("length", sv), st), pInt(1)))],
        st,
      );
      const from = clip(p, pInt(1));
      if (!len) return fnc("substring", sv, from);
      return b.bind(len, (l) => {
        // [p, p + len) cut at 1: len + (p - 1) characters when p < 1 (no overflow: len >= 0).
        const count = q.caseWhen([
          q.when(bin("<", l, pInt(0)), pInt(0)),
          q.when(bin("<", p, pInt(1)), clip(bin("+", l, bin("-", p, pInt(1))), pInt(0))),
          q.when(bin(">", l, M), M),
        ], l);
        return fnc("substring", sv, from, count);
      });
    }));
}

/** The integer of a literal (null for a null literal), under CASTs; undefined otherwise. */
function literalInt(e: SqlExpr): bigint | null | undefined {
  if (e.kind === "cast") return literalInt(e.operand);
  if (e.kind === "null") return null;
  if (e.kind !== "param" || e.key !== undefined) return undefined;
  if (typeof e.value === "bigint") return e.value;
  if (e.value === null) return null;
  return undefined;
}

// ------------------------------------------------------------------ rounding

const TWO53 = 9007199254740992;

/**
 * round / round_half_even. Floats are decided on the double's exact binary
 * value: x*10^d is split exactly into p + err (Dekker's two-product with a
 * Veltkamp split), so the tie test sees the exact product. Negative digits use
 * the exact `fmod`. Integers round exactly in integer arithmetic; decimals use
 * DuckDB's exact decimal round (half away) or an exact half-even form.
 */
function roundExpr(
  x: Typed,
  digits: Typed | undefined,
  rt: DataType,
  even: boolean,
  b: Binder,
): SqlExpr {
  const d = digits ? coerce(digits, T.int64) : pInt(0);
  // x and digits appear many times: each is evaluated once (see Binder).
  const both = (v: SqlExpr, f: (x: SqlExpr, d: SqlExpr) => SqlExpr) =>
    b.bind(v, (xv) => b.bind(d, (dv) => f(xv, dv)));
  if (x.type.kind === "int") return both(coerce(x, rt), (xv, dv) => roundInt(xv, dv, rt, even));
  if (x.type.kind === "decimal") return both(x.sql, (xv, dv) => roundDecimal(xv, dv, rt, even));
  const r = both(coerce(x, T.float64), (xv, dv) => roundDouble(xv, dv, even, b));
  return rt.kind === "float" && rt.bits === 32 ? q.cast(r, q.simpleType("FLOAT")) : r;
}

/** Veltkamp split of a double into a high and a low half (exact, as DuckDB computes it). */
function splitDouble(v: number): [number, number] {
  const c = v * 134217729;
  const hi = c - (c - v);
  return [hi, v - hi];
}

/** 10^k as a double, exact for 0 <= k <= 22. */
function pow10(k: number): number {
  return Number(`1e${k}`);
}

function roundDouble(x: SqlExpr, d: SqlExpr, even: boolean, b: Binder): SqlExpr {
  // A literal digits count folds 10^d and picks the one branch it needs.
  const dl = literalInt(d);
  const lit = typeof dl === "bigint" && dl >= -22n && dl <= 22n ? Number(dl) : undefined;
  const a = fnc("abs", x);
  // the sign of x on a magnitude (exact; a zero magnitude gets x's sign: -0)
  const signed = (mag: SqlExpr) =>
    bin("*", mag, q.caseWhen([q.when(fnc("signbit", x), pDouble(-1))], pDouble(1)));
  // round the magnitude up? `below` is < 0, 0 or > 0 as the exact remainder is
  // below, at or above half; a tie goes up (half away) or to the even `q`.
  const upBy = (below: SqlExpr, qv: SqlExpr) =>
    q.caseWhen([
      q.when(
        even
          ? bin(
            ">",
            bin("+", bin("*", fnc("sign", below), pDouble(2)), fnc("fmod", qv, pDouble(2))),
            pDouble(0),
          )
          : bin(">=", below, pDouble(0)),
        pDouble(1),
      ),
    ], pDouble(0));
  // 10^d and 10^-d, bound once when d is not a literal
  const scale = (e: SqlExpr, body: (s: SqlExpr) => SqlExpr) =>
    b.bind(fnc("pow", pDouble(10), q.cast(e, DOUBLE)), body);
  const posDigits = (s: SqlExpr) => {
    // d >= 0: the exact product a * s = p + err (Dekker's two-product).
    const p = bin("*", a, s);
    const c = bin("*", a, pDouble(134217729));
    const ah = bin("-", c, bin("-", c, a));
    const al = bin("-", a, ah);
    let sh: SqlExpr, sl: SqlExpr;
    if (lit === undefined) {
      const cs = bin("*", s, pDouble(134217729));
      sh = bin("-", cs, bin("-", cs, s));
      sl = bin("-", s, sh);
    } else {
      const [h, l] = splitDouble(pow10(lit));
      sh = pDouble(h);
      sl = pDouble(l);
    }
    const err = bin(
      "+",
      bin("+", bin("+", bin("-", bin("*", ah, sh), p), bin("*", ah, sl)), bin("*", al, sh)),
      bin("*", al, sl),
    );
    const t = fnc("floor", p);
    // (p - t) - 0.5 is exact; adding err keeps its sign exact
    const diff = bin("+", bin("-", bin("-", p, t), pDouble(0.5)), err);
    return q.caseWhen(
      [q.when(bin(">=", p, pDouble(TWO53)), x)],
      signed(bin("/", bin("+", t, upBy(diff, t)), s)),
    );
  };
  const negDigits = (s2: SqlExpr) => {
    // d < 0: s2 = 10^-d. DuckDB's fmod is not exact for large values, so:
    // a < 2^53: t = floor(a / s2) corrected by one step; t * s2 and a - t * s2 are exact.
    const t0 = fnc("floor", bin("/", a, s2));
    const r0 = bin("-", a, bin("*", t0, s2));
    const tq = bin(
      "+",
      t0,
      q.caseWhen([
        q.when(bin("<", r0, pDouble(0)), pDouble(-1)),
        q.when(bin(">=", r0, s2), pDouble(1)),
      ], pDouble(0)),
    );
    // 2r - s2 keeps the sign of 2r - s2 exactly (distinct doubles never subtract to 0)
    const below = bin("-", bin("*", bin("-", a, bin("*", tq, s2)), pDouble(2)), s2);
    const small = bin("*", bin("+", tq, upBy(below, tq)), s2);
    // 2^53 <= a < 2^53 * s2: a is an integer; round exactly in HUGEINT.
    const H = q.simpleType("HUGEINT");
    const ha = q.cast(a, H);
    const hs = q.cast(s2, H);
    const hq = bin("//", ha, hs);
    const hBelow = bin("-", bin("*", bin("%", ha, hs), q.cast(pInt(2), H)), hs);
    const hUp = even
      ? bin(
        ">",
        bin("+", bin("*", fnc("sign", hBelow), pInt(2)), bin("%", hq, q.cast(pInt(2), H))),
        pInt(0),
      )
      : bin(">=", hBelow, q.cast(pInt(0), H));
    const large = q.cast(
      bin("*", bin("+", hq, q.caseWhen([q.when(hUp, q.cast(pInt(1), H))], q.cast(pInt(0), H))), hs),
      DOUBLE,
    );
    return q.caseWhen([
      q.when(bin(">=", a, bin("*", s2, pDouble(TWO53))), x),
      q.when(bin("<", a, pDouble(TWO53)), signed(small)),
    ], signed(large));
  };
  const tooMany = iff(
    bin(">=", bin("*", a, pDouble(1e22)), pDouble(TWO53)),
    x,
    raise(
      pStr("round: digits above 22 are supported only when they do not change the value"),
      T.float64,
    ),
  );
  const nonFinite = q.when(q.unary("NOT", fnc("isfinite", x)), x);
  if (lit !== undefined) {
    return q.caseWhen(
      [q.when(q.isNull(x), q.cast(q.nullNode(), DOUBLE)), nonFinite],
      lit >= 0 ? posDigits(pDouble(pow10(lit))) : negDigits(pDouble(pow10(-lit))),
    );
  }
  if (typeof dl === "bigint") {
    // a literal beyond +-22 digits
    return q.caseWhen(
      [q.when(q.isNull(x), q.cast(q.nullNode(), DOUBLE)), nonFinite],
      dl > 22n ? tooMany : dl < -308n ? bin("*", x, pDouble(0)) : scale(q.unary("-", d), negDigits),
    );
  }
  return q.caseWhen([
    q.when(bin("OR", q.isNull(x), q.isNull(d)), q.cast(q.nullNode(), DOUBLE)),
    nonFinite,
    q.when(bin(">", d, pInt(22)), tooMany),
    q.when(bin("<", d, pInt(-308)), bin("*", x, pDouble(0))),
    q.when(bin(">=", d, pInt(0)), scale(d, posDigits)),
  ], scale(q.unary("-", d), negDigits));
}

function roundInt(x: SqlExpr, d: SqlExpr, rt: DataType, even: boolean): SqlExpr {
  const dl = literalInt(d);
  if (typeof dl === "bigint" && dl >= 0n) return x;
  // Integers: d >= 0 keeps x; d < 0 rounds to a multiple of 10^-d exactly (HUGEINT).
  const H = q.simpleType("HUGEINT");
  const hx = q.cast(x, H);
  const s = q.cast(fnc("pow", pDouble(10), q.cast(q.unary("-", d), DOUBLE)), H);
  const rem = bin("%", hx, s); // sign of x
  const arem = fnc("abs", rem);
  const base = bin("-", hx, rem); // truncated toward zero
  const away = bin(
    "+",
    base,
    q.caseWhen([q.when(bin("<", hx, q.cast(pInt(0), H)), q.unary("-", s))], s),
  );
  const evenBase = bin("=", bin("%", bin("//", base, s), q.cast(pInt(2), H)), q.cast(pInt(0), H));
  const up = even
    ? bin(
      "OR",
      bin(">", bin("*", arem, q.cast(pInt(2), H)), s),
      bin("AND", bin("=", bin("*", arem, q.cast(pInt(2), H)), s), q.unary("NOT", evenBase)),
    )
    : bin(">=", bin("*", arem, q.cast(pInt(2), H)), s);
  return q.caseWhen([
    q.when(q.isNull(d), typedNull(rt)),
    q.when(bin(">=", d, pInt(0)), x),
    q.when(bin("<", d, pInt(-38)), q.cast(pInt(0), sqlType(rt))),
  ], q.cast(q.caseWhen([q.when(up, away)], base), sqlType(rt)));
}

function roundDecimal(x: SqlExpr, d: SqlExpr, rt: DataType, even: boolean): SqlExpr {
  const out = sqlType(rt);
  const di = q.cast(d, q.simpleType("INTEGER"));
  if (!even) return q.cast(fnc("round", x, di), out);
  // half-even on decimals (DuckDB's round_even returns DOUBLE): exact decimal
  // arithmetic; at a tie (x equidistant from both candidates) keep the even one.
  const away = fnc("round", x, di);
  const tr = fnc("trunc", x, di);
  const tie = bin(
    "AND",
    bin("=", fnc("abs", bin("-", away, x)), fnc("abs", bin("-", x, tr))),
    bin("<>", away, tr),
  );
  const half = bin("*", tr, q.param({ kind: "decimal", unscaled: 5n }, q.decimalType(2, 1)));
  const trEven = bin("=", fnc("trunc", half, di), half);
  return q.cast(q.caseWhen([q.when(bin("AND", tie, trEven), tr)], away), out);
}

// ------------------------------------------------------------------ case mapping

function pairs(list: readonly (readonly [number, number])[]): Map<string, string> {
  return new Map(list.map(([a, b]) => [String.fromCodePoint(a), String.fromCodePoint(b)]));
}
function garay(up: boolean): [number, number][] {
  // Garay (Unicode 16): small U+10D70..10D85 <-> capital U+10D50..10D65.
  return Array.from(
    { length: 22 },
    (_, i) => up ? [0x10d70 + i, 0x10d50 + i] : [0x10d50 + i, 0x10d70 + i],
  );
}

/**
 * Code points where DuckDB's `upper` differs from Unicode's simple case
 * mapping (Unicode 16, as the legacy lane computes it), with the SPEC result.
 * Found by comparing every code point (see compile_test.ts): `ß` (DuckDB
 * gives `ẞ`) and the case pairs added in Unicode 16 that DuckDB's tables
 * lack. Strings with none of these take DuckDB's `upper` directly.
 */
export const UPPER_FIXES: ReadonlyMap<string, string> = pairs([
  [0xdf, 0xdf],
  [0x19b, 0xa7dc],
  [0x264, 0xa7cb],
  [0x1c8a, 0x1c89],
  [0xa7cd, 0xa7cc],
  [0xa7db, 0xa7da],
  ...garay(true),
]);
/** The same for `lower` (see {@linkcode UPPER_FIXES}). */
export const LOWER_FIXES: ReadonlyMap<string, string> = pairs([
  [0x1c89, 0x1c8a],
  [0xa7cb, 0x264],
  [0xa7cc, 0xa7cd],
  [0xa7da, 0xa7db],
  [0xa7dc, 0x19b],
  ...garay(false),
]);

function caseMap(name: "upper" | "lower", s: SqlExpr): SqlExpr {
  const fixes = name === "upper" ? UPPER_FIXES : LOWER_FIXES;
  const from = [...fixes.keys()].join("");
  const to = [...fixes.values()].join("");
  // Characters with a fix go through translate; every other one through DuckDB.
  const c = q.col("__relgate_ch");
  const perChar = q.caseWhen(
    [q.when(fnc("contains", pStr(from), c), fnc("translate", c, pStr(from), pStr(to)))],
    fnc(name, c),
  );
  const slow = fnc(
    "array_to_string",
    fnc("list_transform", fnc("string_split", s, pStr("")), q.lambda(["__relgate_ch"], perChar)),
    pStr(""),
  );
  // Cheap test (no regex): deleting the fixed characters changes the byte length.
  const hasFix = bin(
    "<>",
    fnc("strlen", fnc("translate", s, pStr(from), pStr(""))),
    fnc("strlen", s),
  );
  return q.caseWhen([q.when(hasFix, slow)], fnc(name, s));
}

/** Shared building blocks for kernels. */
export const sqlHelpers = Object.freeze({
  pInt,
  pStr,
  pBool,
  pDouble,
  fnc,
  bin,
  coerce,
  typedNull,
});

/** Raise an ExecutionError-shaped problem (kept for callers mapping DuckDB errors). */
export function executionError(message: string, path?: string): ExecutionError {
  return new ExecutionError({ code: "execution", message, path });
}

/**
 * Float sums depend on the order of addition, and DuckDB adds partial sums of
 * parallel threads in whatever order they finish. Summing in value order
 * (an ordered aggregate) makes float `sum`/`mean` the same bytes on every
 * run and thread count, so snapshots and reports stay deterministic.
 */
function floatOrder<T extends { orderBy: readonly q.OrderItemNode[] }>(opts: T, arg: SqlExpr): T {
  return opts.orderBy.length ? opts : { ...opts, orderBy: [q.orderItem(arg)] };
}
