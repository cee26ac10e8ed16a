/**
 * Expression compilation: pyarrow.compute-style PcExpr (legacy plans) and
 * ExprIR (kernel options) bound to a batch schema, evaluated batch by batch.
 *
 * @module
 */
import type { Expr, LitValue } from "../../ir/expr.ts";
import { exprKind } from "../../ir/expr.ts";
import { commonType, type DataType, formatType, listOf, T, typeEquals } from "../../ir/types.ts";
import type { PcExpr } from "../plan.ts";
import { castCol, intRange } from "../../arrow/cast.ts";
import { type Col, colFromValues, type Frame, valueAt } from "../../arrow/column.ts";
import { ComputeError, PlanError } from "../../arrow/compute_error.ts";
import { bindPc, bindRegistry, type Bound, castValue, parseTypeName } from "./functions.ts";
import { materialize, scalarVal, type Val } from "./val.ts";

/** An expression bound to an input schema. */
export interface Compiled {
  readonly type: DataType;
  /** True when the value does not depend on the rows. */
  readonly constant: boolean;
  readonly eval: (f: Frame) => Val;
  /** The value of a literal or param (known when the plan is compiled). */
  readonly literal?: Val;
}

/** What expressions are bound against. */
export interface ExprEnv {
  readonly names: readonly string[];
  readonly types: readonly DataType[];
  readonly params?: Readonly<Record<string, unknown>>;
  /** Declared param types (type strings). */
  readonly paramTypes?: Readonly<Record<string, string>>;
}

/** Infer the type of a JSON literal as SPEC section 2 does. */
export function inferLiteralType(v: unknown): DataType {
  if (v === null || v === undefined) return T.null;
  if (typeof v === "boolean") return T.bool;
  if (typeof v === "number") return Number.isInteger(v) ? T.int64 : T.float64;
  if (typeof v === "bigint") return T.int64;
  if (typeof v === "string") return T.utf8;
  if (Array.isArray(v)) {
    let item: DataType = T.null;
    for (const x of v) {
      const c = commonType(item, inferLiteralType(x));
      if (c) item = c;
    }
    return listOf(item.kind === "null" ? T.int64 : item);
  }
  throw new ComputeError("bad-literal", `unsupported literal ${JSON.stringify(v)}`);
}

function constant(type: DataType, value: unknown, path: string): Compiled {
  let val: Val;
  try {
    const inferred = inferLiteralType(value);
    const v = scalarVal(inferred.kind === "null" ? type : inferred, value);
    val = typeEquals(v.c.type, type) ? v : { c: castCol(v.c, type, "error"), scalar: true };
  } catch (e) {
    if (e instanceof ComputeError || e instanceof SyntaxError || e instanceof RangeError) {
      throw new PlanError(
        "bad-literal",
        path,
        `cannot use ${JSON.stringify(value)} as ${formatType(type)}`,
      );
    }
    throw e;
  }
  return { type, constant: true, literal: val, eval: () => val };
}

function literal(value: unknown, typeName: string | undefined, path: string): Compiled {
  let type: DataType;
  if (typeName !== undefined) {
    try {
      type = parseTypeName(typeName);
    } catch (e) {
      throw new PlanError("bad-type", `${path}.type`, (e as Error).message);
    }
  } else type = inferLiteralType(value);
  if (typeof value === "string" && type.kind === "int") {
    if (!/^[+-]?\d+$/.test(value)) {
      throw new PlanError("bad-literal", path, `bad integer literal ${value}`);
    }
  }
  return constant(type, value, path);
}

function column(env: ExprEnv, name: string, path: string): Compiled {
  const k = env.names.indexOf(name);
  if (k < 0) {
    throw new PlanError(
      "unknown-column",
      path,
      `unknown column "${name}" (available: ${env.names.join(", ")})`,
    );
  }
  return { type: env.types[k]!, constant: false, eval: (f) => ({ c: f.cols[k]!, scalar: false }) };
}

function param(env: ExprEnv, name: string, path: string): Compiled {
  const params = env.params ?? {};
  if (!(name in params)) throw new PlanError("unbound-param", path, `param "${name}" has no value`);
  return literal(params[name], env.paramTypes?.[name], path);
}

function call(bound: Bound, args: readonly Compiled[], name: string, path: string): Compiled {
  const casts = args.map((a, k) => {
    const t = bound.argTypes?.[k];
    return t !== undefined && !typeEquals(t, a.type) ? t : undefined;
  });
  const allConst = args.every((a) => a.constant);
  const run = (f: Frame): Val => {
    const n = f.length;
    const vals = args.map((a, k) => {
      const v = a.eval(f);
      const t = casts[k];
      return t ? { c: castCol(v.c, t, "error"), scalar: v.scalar } : v;
    });
    const scalar = vals.every((v) => v.scalar);
    const c = bound.run(vals, scalar ? 1 : n);
    return { c, scalar };
  };
  if (allConst) {
    let cached: Val | undefined;
    return {
      type: bound.type,
      constant: true,
      eval: (f) => (cached ??= run({ names: [], cols: [], length: 1 } as Frame as typeof f)),
    };
  }
  void name;
  void path;
  return { type: bound.type, constant: false, eval: run };
}

const PC_COMPARE: ReadonlySet<string> = new Set([
  "equal",
  "not_equal",
  "less",
  "less_equal",
  "greater",
  "greater_equal",
]);
const REGISTRY_COMPARE: ReadonlySet<string> = new Set(["eq", "ne", "lt", "le", "gt", "ge"]);

/** True when every value of the integer type `from` is exactly a value of `to`. */
function widensExactly(from: Extract<DataType, { kind: "int" }>, to: DataType): boolean {
  if (to.kind === "float") return to.bits === 64 && from.bits <= 32;
  if (to.kind !== "int") return false;
  if (to.signed) return from.signed ? from.bits <= to.bits : from.bits < to.bits;
  return !from.signed && from.bits <= to.bits;
}

/**
 * A comparison of an integer column with a literal is bound on the common
 * type, which would widen (cast) the whole column every batch. When the
 * column widens exactly and the literal's value is a value of the column's
 * type, comparing in the column's type gives the same result: return the
 * arguments with the literal retyped to the column's type. Otherwise
 * (a literal out of the column's range, a fraction, a null) return undefined
 * and the comparison runs on the common type as before.
 */
function narrowLiteral(args: readonly Compiled[], bound: Bound): Compiled[] | undefined {
  if (args.length !== 2) return undefined;
  const k = args[0]!.literal !== undefined ? 0 : args[1]!.literal !== undefined ? 1 : -1;
  if (k < 0) return undefined;
  const lit = args[k]!.literal!;
  const other = args[1 - k]!;
  const ct = other.type;
  const t = bound.argTypes?.[0];
  if (other.constant || ct.kind !== "int" || t === undefined) return undefined;
  if (!typeEquals(bound.argTypes?.[1] ?? T.null, t) || typeEquals(ct, t)) return undefined;
  if (!widensExactly(ct, t)) return undefined;
  const lt = lit.c.type.kind;
  if (lt !== "int" && lt !== "float") return undefined;
  const v = valueAt(lit.c, 0);
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isInteger(v)) b = BigInt(v);
  else return undefined;
  const [lo, hi] = intRange(ct);
  if (b < lo || b > hi) return undefined;
  const val: Val = { c: colFromValues(ct, [ct.bits === 64 ? b : Number(b)]), scalar: true };
  const narrowed: Compiled = { type: ct, constant: true, literal: val, eval: () => val };
  return k === 0 ? [narrowed, other] : [other, narrowed];
}

function bindAt<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ComputeError) throw new PlanError(e.code, path, e.message);
    throw e;
  }
}

/**
 * Compile a PcExpr of a legacy plan. `path` is the JSON path of the expression
 * (used in errors).
 *
 * @example
 * ```ts
 * import { compilePc } from "./expr.ts";
 * import { T } from "../../ir/types.ts";
 * compilePc({ call: "add_checked", args: [{ field: "a" }, { scalar: 1 }] }, { names: ["a"], types: [T.int32] }, "$").type;
 * // int64 (int32 and the int64 literal promote to int64)
 * ```
 */
export function compilePc(e: PcExpr, env: ExprEnv, path: string): Compiled {
  if (typeof e !== "object" || e === null) {
    throw new PlanError("bad-expression", path, "not an expression");
  }
  if ("field" in e) return column(env, e.field, `${path}.field`);
  if ("scalar" in e) return literal(e.scalar, e.type, path);
  if ("param" in e) return param(env, e.param, path);
  if ("call" in e) {
    let args = (e.args ?? []).map((a, i) => compilePc(a, env, `${path}.args[${i}]`));
    let bound = bindAt(path, () => bindPc(e.call, args.map((a) => a.type), e.options));
    if (PC_COMPARE.has(e.call)) {
      const narrow = narrowLiteral(args, bound);
      if (narrow) {
        args = narrow;
        bound = bindAt(path, () => bindPc(e.call, narrow.map((a) => a.type), e.options));
      }
    }
    return call(bound, args, e.call, path);
  }
  throw new PlanError("bad-expression", path, `not an expression: ${JSON.stringify(e)}`);
}

/**
 * Compile an ExprIR expression (kernel options) with registry semantics.
 *
 * @example
 * ```ts
 * import { compileExpr } from "./expr.ts";
 * import { T } from "../../ir/types.ts";
 * compileExpr({ fn: "div", args: [{ col: "a" }, { lit: 2 }] }, { names: ["a"], types: [T.int64] }, "$").type.kind;
 * // "float"
 * ```
 */
export function compileExpr(e: Expr, env: ExprEnv, path: string): Compiled {
  switch (exprKind(e)) {
    case "col":
      return column(env, (e as { col: string }).col, `${path}.col`);
    case "lit": {
      const l = e as { lit: LitValue; type?: string };
      return literal(l.lit, l.type, path);
    }
    case "param":
      return param(env, (e as { param: string }).param, path);
    case "fn": {
      const f = e as { fn: string; args: readonly Expr[] };
      let args = f.args.map((a, i) => compileExpr(a, env, `${path}.args[${i}]`));
      let bound = bindAt(path, () => bindRegistry(f.fn, args.map((a) => a.type)));
      if (REGISTRY_COMPARE.has(f.fn)) {
        const narrow = narrowLiteral(args, bound);
        if (narrow) {
          args = narrow;
          bound = bindAt(path, () => bindRegistry(f.fn, narrow.map((a) => a.type)));
        }
      }
      return call(bound, args, f.fn, path);
    }
    case "cast": {
      const c = e as { cast: Expr; to: string; safe?: boolean };
      const inner = compileExpr(c.cast, env, `${path}.cast`);
      let to: DataType;
      try {
        to = parseTypeName(c.to);
      } catch (err) {
        throw new PlanError("bad-type", `${path}.to`, (err as Error).message);
      }
      const safe = c.safe === true;
      return {
        type: to,
        constant: inner.constant,
        eval(f) {
          const v = inner.eval(f);
          return { c: castValue(v, to, safe, v.scalar ? 1 : f.length), scalar: v.scalar };
        },
      };
    }
    case "case": {
      const c = e as { case: readonly { when: Expr; then: Expr }[]; else?: Expr };
      // case -> nested if_else with registry semantics (null condition -> next branch)
      let acc: Compiled = c.else
        ? compileExpr(c.else, env, `${path}.else`)
        : literal(null, undefined, path);
      for (let i = c.case.length - 1; i >= 0; i--) {
        const w = c.case[i]!;
        const cond = compileExpr(w.when, env, `${path}.case[${i}].when`);
        const then = compileExpr(w.then, env, `${path}.case[${i}].then`);
        const bound = bindAt(path, () => bindRegistry("if_else", [cond.type, then.type, acc.type]));
        acc = call(bound, [cond, then, acc], "if_else", path);
      }
      return acc;
    }
  }
}

/** Evaluate to a full column of the frame's length. */
export function evalCol(c: Compiled, f: Frame): Col {
  const v = c.eval(f);
  return materialize(v, f.length);
}
