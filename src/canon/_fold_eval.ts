/**
 * A small scalar evaluator for literal folding, with the registry's exact
 * semantics (SPEC section 2). It answers `undefined` ("do not fold") whenever
 * it is not certain of the result: on overflow and other run-time errors, on
 * types it does not model (float32, decimal, dates, lists as inputs), on
 * results JSON cannot hold exactly (NaN, infinities, -0), and for functions
 * whose exact semantics it does not implement (round, regexp, stable_id,
 * list functions, non-ASCII case mapping).
 *
 * @module
 */
import type { LitExpr } from "../ir/expr.ts";
import { lookupFn } from "../ir/registry.ts";
import { commonType, type DataType, formatType } from "../ir/types.ts";
import { parseTypeCached } from "./_type_cache.ts";

/** A scalar value of a supported type; `v === null` is SQL null of type `t`. */
export interface Scalar {
  /** The value's type. */
  readonly t: DataType;
  /** bool: boolean; int: bigint; float64: number; utf8: string; list<utf8>: string[]. */
  readonly v: null | boolean | bigint | number | string | readonly string[];
}

type IntType = Extract<DataType, { kind: "int" }>;

const F64: DataType = { kind: "float", bits: 64 };
const BOOL: DataType = { kind: "bool" };
const UTF8: DataType = { kind: "utf8" };
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function intRange(t: IntType): readonly [bigint, bigint] {
  const b = BigInt(t.bits);
  return t.signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n];
}

function inRange(v: bigint, t: IntType): boolean {
  const [lo, hi] = intRange(t);
  return v >= lo && v <= hi;
}

function isF64(t: DataType): boolean {
  return t.kind === "float" && t.bits === 64;
}

/** Whether non-null values of this type are modelled. */
function supported(t: DataType): boolean {
  return t.kind === "bool" || t.kind === "int" || isF64(t) || t.kind === "utf8";
}

const INT_TEXT = /^-?(0|[1-9][0-9]*)$/;

/** Read a typed literal; undefined when its type or value is not modelled. */
export function litToScalar(lit: LitExpr): Scalar | undefined {
  if (lit.type === undefined) return undefined;
  const t = parseTypeCached(lit.type);
  if (t === undefined) return undefined;
  const v = lit.lit;
  if (v === null) return { t, v: null };
  switch (t.kind) {
    case "bool":
      return typeof v === "boolean" ? { t, v } : undefined;
    case "int": {
      let b: bigint;
      if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
      else if (typeof v === "string" && INT_TEXT.test(v)) b = BigInt(v);
      else return undefined;
      return inRange(b, t) ? { t, v: b } : undefined;
    }
    case "float":
      return isF64(t) && typeof v === "number" && Number.isFinite(v) && !Object.is(v, -0)
        ? { t, v }
        : undefined;
    case "utf8":
      return typeof v === "string" && v.isWellFormed() ? { t, v } : undefined;
    default:
      return undefined;
  }
}

/** Write a scalar as a typed literal; undefined when JSON cannot hold it exactly. */
export function scalarToLit(s: Scalar): LitExpr | undefined {
  const type = formatType(s.t);
  const v = s.v;
  if (v === null) return { lit: null, type };
  if (typeof v === "bigint") {
    const abs = v < 0n ? -v : v;
    return { lit: abs <= MAX_SAFE ? Number(v) : v.toString(), type };
  }
  if (typeof v === "number") {
    return Number.isFinite(v) && !Object.is(v, -0) ? { lit: v, type } : undefined;
  }
  return { lit: v, type };
}

/** Convert a scalar to type `to`, only when the conversion is exact and cannot fail. */
function convert(s: Scalar, to: DataType): Scalar | undefined {
  if (s.v === null) return { t: to, v: null };
  if (formatType(s.t) === formatType(to)) return s;
  if (typeof s.v === "bigint") {
    if (to.kind === "int") return inRange(s.v, to) ? { t: to, v: s.v } : undefined;
    if (isF64(to)) {
      const abs = s.v < 0n ? -s.v : s.v;
      return abs <= MAX_SAFE ? { t: to, v: Number(s.v) } : undefined;
    }
  }
  return undefined;
}

/** Compare two strings by code point (= UTF-8 byte order). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Three-way compare of two non-null scalars; undefined when not comparable here. */
function cmp(a: Scalar, b: Scalar): number | undefined {
  if (a.v === null || b.v === null) return undefined;
  if (a.t.kind === "utf8" && b.t.kind === "utf8") {
    return compareCodePoints(a.v as string, b.v as string);
  }
  if (a.t.kind === "bool" && b.t.kind === "bool") {
    return a.v === b.v ? 0 : a.v === false ? -1 : 1;
  }
  if ((a.t.kind === "int" || isF64(a.t)) && (b.t.kind === "int" || isF64(b.t))) {
    const t = commonType(a.t, b.t);
    if (t === undefined) return undefined;
    if (t.kind === "int") {
      // Both sides must fit the common type, or the engine's cast would fail.
      const x = a.v as bigint;
      const y = b.v as bigint;
      if (!inRange(x, t) || !inRange(y, t)) return undefined;
      return x === y ? 0 : x < y ? -1 : 1;
    }
    const x = convert(a, F64);
    const y = convert(b, F64);
    if (x === undefined || y === undefined) return undefined;
    const p = x.v as number;
    const q = y.v as number;
    return p === q ? 0 : p < q ? -1 : 1;
  }
  return undefined;
}

function bool(v: boolean | null): Scalar {
  return { t: BOOL, v };
}

function kleeneAnd(args: readonly Scalar[]): Scalar | undefined {
  let sawNull = false;
  for (const a of args) {
    if (a.v === false) return bool(false);
    if (a.v === null) sawNull = true;
    else if (a.v !== true) return undefined;
  }
  return bool(sawNull ? null : true);
}

function kleeneOr(args: readonly Scalar[]): Scalar | undefined {
  let sawNull = false;
  for (const a of args) {
    if (a.v === true) return bool(true);
    if (a.v === null) sawNull = true;
    else if (a.v !== false) return undefined;
  }
  return bool(sawNull ? null : false);
}

function intOrFloat(
  t: DataType,
  args: readonly Scalar[],
  ints: (xs: bigint[]) => bigint | null | undefined,
  floats: (xs: number[]) => number | null | undefined,
): Scalar | undefined {
  if (args.some((a) => a.v === null)) return { t, v: null };
  const conv = args.map((a) => convert(a, t));
  if (conv.some((c) => c === undefined)) return undefined;
  const vals = conv.map((c) => c!.v);
  if (t.kind === "int") {
    const r = ints(vals as bigint[]);
    if (r === undefined) return undefined;
    if (r === null) return { t, v: null };
    return inRange(r, t) ? { t, v: r } : undefined;
  }
  if (isF64(t)) {
    const r = floats(vals as number[]);
    if (r === undefined) return undefined;
    if (r === null) return { t, v: null };
    return Number.isFinite(r) && !Object.is(r, -0) ? { t, v: r } : undefined;
  }
  return undefined;
}

function str(
  t: DataType,
  args: readonly Scalar[],
  f: (xs: string[]) => string | boolean | bigint | readonly string[] | undefined,
): Scalar | undefined {
  if (args.some((a) => a.v === null)) return { t, v: null };
  if (!args.every((a) => typeof a.v === "string")) return undefined;
  const r = f(args.map((a) => a.v as string));
  return r === undefined ? undefined : { t, v: r };
}

/** Unicode White_Space code points (PropList.txt). */
const WHITE_SPACE = new Set([
  0x09,
  0x0a,
  0x0b,
  0x0c,
  0x0d,
  0x20,
  0x85,
  0xa0,
  0x1680,
  0x2000,
  0x2001,
  0x2002,
  0x2003,
  0x2004,
  0x2005,
  0x2006,
  0x2007,
  0x2008,
  0x2009,
  0x200a,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
]);

function trimCps(s: string, start: boolean, end: boolean): string {
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  if (start) { while (i < j && WHITE_SPACE.has(cps[i]!.codePointAt(0)!)) i++; }
  if (end) { while (j > i && WHITE_SPACE.has(cps[j - 1]!.codePointAt(0)!)) j--; }
  return cps.slice(i, j).join("");
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** SQL LIKE on code points with `%`, `_` and `\` as escape; undefined for a dangling escape. */
export function likeMatch(s: string, pattern: string): boolean | undefined {
  type Tok = { readonly kind: "any" | "one"; readonly cp?: undefined } | {
    readonly kind: "lit";
    readonly cp: string;
  };
  const toks: Tok[] = [];
  const pcs = [...pattern];
  for (let i = 0; i < pcs.length; i++) {
    const c = pcs[i]!;
    if (c === "\\") {
      const next = pcs[i + 1];
      if (next === undefined) return undefined;
      toks.push({ kind: "lit", cp: next });
      i++;
    } else if (c === "%") toks.push({ kind: "any" });
    else if (c === "_") toks.push({ kind: "one" });
    else toks.push({ kind: "lit", cp: c });
  }
  const cs = [...s];
  // dp[j]: pattern prefix of length i matches text prefix of length j.
  let dp = new Array<boolean>(cs.length + 1).fill(false);
  dp[0] = true;
  for (const tok of toks) {
    const next = new Array<boolean>(cs.length + 1).fill(false);
    if (tok.kind === "any") {
      let seen = false;
      for (let j = 0; j <= cs.length; j++) {
        seen = seen || dp[j]!;
        next[j] = seen;
      }
    } else {
      for (let j = 1; j <= cs.length; j++) {
        next[j] = dp[j - 1]! && (tok.kind === "one" || cs[j - 1] === tok.cp);
      }
    }
    dp = next;
  }
  return dp[cs.length]!;
}

function toNumber(v: bigint): number | undefined {
  return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : undefined;
}

function substr(args: readonly Scalar[]): Scalar | undefined {
  if (args.some((a) => a.v === null)) return { t: UTF8, v: null };
  const [s, start, len] = args;
  if (typeof s!.v !== "string" || typeof start!.v !== "bigint") return undefined;
  const st = toNumber(start!.v);
  if (st === undefined || st < 1) return undefined;
  const cps = [...s!.v];
  if (len === undefined) return { t: UTF8, v: cps.slice(st - 1).join("") };
  if (typeof len.v !== "bigint" || len.v < 0n) return undefined;
  const n = toNumber(len.v);
  if (n === undefined) return undefined;
  return { t: UTF8, v: cps.slice(st - 1, st - 1 + n).join("") };
}

function inList(args: readonly Scalar[]): Scalar | undefined {
  const [x, ...vs] = args;
  if (x!.v === null) return bool(null);
  let sawNull = false;
  for (const v of vs) {
    if (v.v === null) {
      sawNull = true;
      continue;
    }
    const c = cmp(x!, v);
    if (c === undefined) return undefined;
    if (c === 0) return bool(true);
  }
  return bool(sawNull ? null : false);
}

function compareFn(name: string, args: readonly Scalar[]): Scalar | undefined {
  const [a, b] = args as [Scalar, Scalar];
  if (name === "eq_null_safe") {
    if (a.v === null || b.v === null) return bool(a.v === null && b.v === null);
    const c = cmp(a, b);
    return c === undefined ? undefined : bool(c === 0);
  }
  if (a.v === null || b.v === null) return bool(null);
  const c = cmp(a, b);
  if (c === undefined) return undefined;
  switch (name) {
    case "eq":
      return bool(c === 0);
    case "ne":
      return bool(c !== 0);
    case "lt":
      return bool(c < 0);
    case "le":
      return bool(c <= 0);
    case "gt":
      return bool(c > 0);
    case "ge":
      return bool(c >= 0);
  }
  return undefined;
}

/**
 * Evaluate registry function `name` on scalar arguments. Returns undefined
 * ("do not fold") when the call would raise, is not modelled, or cannot be
 * represented exactly.
 *
 * @example
 * ```ts
 * import { evalFn } from "./_fold_eval.ts";
 * const i64 = { kind: "int", bits: 64, signed: true } as const;
 * evalFn("add", [{ t: i64, v: 1n }, { t: i64, v: 2n }]); // { t: int64, v: 3n }
 * ```
 */
export function evalFn(name: string, args: readonly Scalar[]): Scalar | undefined {
  const spec = lookupFn(name);
  if (spec === undefined || !spec.deterministic) return undefined;
  if (args.length < spec.minArgs || args.length > spec.maxArgs) return undefined;
  if (!args.every((a) => a.v === null || supported(a.t))) return undefined;
  const rt = spec.result(args.map((a) => a.t));
  if (typeof rt === "string") return undefined;
  switch (name) {
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "eq_null_safe":
      return compareFn(name, args);
    case "and":
      return kleeneAnd(args);
    case "or":
      return kleeneOr(args);
    case "not": {
      const a = args[0]!;
      if (a.v === null) return bool(null);
      return typeof a.v === "boolean" ? bool(!a.v) : undefined;
    }
    case "is_null":
      return bool(args[0]!.v === null);
    case "is_not_null":
      return bool(args[0]!.v !== null);
    case "coalesce": {
      const first = args.find((a) => a.v !== null);
      return first === undefined ? { t: rt, v: null } : convert(first, rt);
    }
    case "nullif": {
      const [a, b] = args as [Scalar, Scalar];
      if (a.v === null) return { t: rt, v: null };
      if (b.v === null) return convert(a, rt);
      const c = cmp(a, b);
      if (c === undefined) return undefined;
      return c === 0 ? { t: rt, v: null } : convert(a, rt);
    }
    case "add":
      return intOrFloat(rt, args, ([a, b]) => a! + b!, ([a, b]) => a! + b!);
    case "sub":
      return intOrFloat(rt, args, ([a, b]) => a! - b!, ([a, b]) => a! - b!);
    case "mul":
      return intOrFloat(rt, args, ([a, b]) => a! * b!, ([a, b]) => a! * b!);
    case "neg":
      return intOrFloat(rt, args, ([a]) => -a!, ([a]) => -a!);
    case "abs":
      return intOrFloat(rt, args, ([a]) => (a! < 0n ? -a! : a!), ([a]) => Math.abs(a!));
    case "div": {
      if (args.some((a) => a.v === null)) return { t: F64, v: null };
      const [x, y] = args.map((a) => convert(a, F64));
      if (x === undefined || y === undefined) return undefined;
      if (y.v === 0) return { t: F64, v: null };
      const r = (x.v as number) / (y.v as number);
      return Number.isFinite(r) && !Object.is(r, -0) ? { t: F64, v: r } : undefined;
    }
    case "idiv":
      return intOrFloat(rt, args, ([a, b]) => (b === 0n ? null : a! / b!), () => undefined);
    case "mod":
      return intOrFloat(rt, args, ([a, b]) => (b === 0n ? null : a! % b!), () => undefined);
    case "floor":
      return intOrFloat(rt, args, ([a]) => a!, ([a]) => Math.floor(a!));
    case "ceil":
      return intOrFloat(rt, args, ([a]) => a!, ([a]) => Math.ceil(a!));
    case "lower":
      return str(rt, args, ([s]) => (isAscii(s!) ? s!.toLowerCase() : undefined));
    case "upper":
      return str(rt, args, ([s]) => (isAscii(s!) ? s!.toUpperCase() : undefined));
    case "length":
      return str(rt, args, ([s]) => BigInt([...s!].length));
    case "concat":
      return str(rt, args, (xs) => xs.join(""));
    case "concat_ws": {
      const [sep, ...parts] = args;
      if (typeof sep!.v !== "string") return undefined;
      if (!parts.every((p) => p.v === null || typeof p.v === "string")) return undefined;
      const kept = parts.filter((p) => p.v !== null).map((p) => p.v as string);
      return { t: UTF8, v: kept.join(sep!.v) };
    }
    case "substr":
      return substr(args);
    case "starts_with":
      return str(rt, args, ([s, p]) => s!.startsWith(p!));
    case "ends_with":
      return str(rt, args, ([s, p]) => s!.endsWith(p!));
    case "contains":
      return str(rt, args, ([s, p]) => s!.includes(p!));
    case "replace":
      return str(
        rt,
        args,
        ([s, from, to]) => (from === "" ? undefined : s!.split(from!).join(to!)),
      );
    case "trim":
      return str(rt, args, ([s]) => trimCps(s!, true, true));
    case "ltrim":
      return str(rt, args, ([s]) => trimCps(s!, true, false));
    case "rtrim":
      return str(rt, args, ([s]) => trimCps(s!, false, true));
    case "like":
      return str(rt, args, ([s, p]) => likeMatch(s!, p!));
    case "split":
      return str(rt, args, ([s, sep]) => (sep === "" ? undefined : s!.split(sep!)));
    case "in":
      return inList(args);
    case "if_else": {
      const [c, a, b] = args as [Scalar, Scalar, Scalar];
      if (c.v !== null && typeof c.v !== "boolean") return undefined;
      return convert(c.v === true ? a : b, rt);
    }
    default:
      return undefined;
  }
}

/**
 * Evaluate a cast of a scalar to the type string `to`. Returns undefined when
 * the cast is not modelled or would raise (with `safe` false).
 *
 * @example
 * ```ts
 * import { evalCast } from "./_fold_eval.ts";
 * const i64 = { kind: "int", bits: 64, signed: true } as const;
 * evalCast({ t: i64, v: 300n }, "int8", true); // { t: int8, v: null }
 * ```
 */
export function evalCast(s: Scalar, to: string, safe: boolean): Scalar | undefined {
  const t = parseTypeCached(to);
  if (t === undefined) return undefined;
  if (s.v === null) return { t, v: null };
  if (!supported(s.t)) return undefined;
  const fail = safe ? { t, v: null } : undefined;
  if (formatType(s.t) === formatType(t)) return s;
  const v = s.v;
  if (typeof v === "bigint") {
    if (t.kind === "int") return inRange(v, t) ? { t, v } : fail;
    if (isF64(t)) return convert(s, t);
    if (t.kind === "utf8") return { t, v: v.toString() };
    return undefined;
  }
  if (typeof v === "number" && t.kind === "int") {
    if (!Number.isInteger(v)) return fail;
    const b = BigInt(v);
    return inRange(b, t) ? { t, v: b } : fail;
  }
  if (typeof v === "string" && t.kind === "int") {
    if (!INT_TEXT.test(v)) return undefined;
    const b = BigInt(v);
    return inRange(b, t) ? { t, v: b } : fail;
  }
  return undefined;
}
