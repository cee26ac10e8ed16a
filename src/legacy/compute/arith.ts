/**
 * Numeric kernels: arithmetic with checked / wrapping overflow, comparisons
 * and rounding. Operands are already cast to one common type. 64-bit
 * integers are handled through 32-bit word views on the hot paths (add, sub,
 * small mul, compare), BigInt otherwise; decimals exactly in BigInt.
 *
 * @module
 */
import { type DataType, formatType } from "../../ir/types.ts";
import {
  allocValues,
  type Col,
  layoutOf,
  type NumArray,
  strAt,
  valueAt,
} from "../../arrow/column.ts";
import { intRange } from "../../arrow/cast.ts";
import { decAt, decSet, divRoundHalfAway, fitsPrecision, POW10 } from "../../arrow/decimal.ts";
import { ComputeError } from "../../arrow/compute_error.ts";
import { andValid, type Val } from "./val.ts";

const TWO32 = 4294967296;

/** Arithmetic operators. */
export type ArithOp = "add" | "sub" | "mul" | "div" | "idiv" | "mod";

/** How an arithmetic kernel reacts to overflow and division by zero. */
export interface ArithMode {
  /** `check` raises on overflow, `wrap` wraps around. */
  readonly overflow: "check" | "wrap";
  /** Integer division by zero: raise or give null. */
  readonly divZero: "raise" | "null";
  /** Float division by zero: IEEE (inf/nan) or null. */
  readonly floatDivZero: "ieee" | "null";
  /** Function name for errors. */
  readonly name: string;
}

function overflow(name: string): never {
  throw new ComputeError("overflow", `${name} overflow`);
}
function divByZero(name: string): never {
  throw new ComputeError("divide-by-zero", `${name}: divide by zero`);
}

function i32view(a: NumArray): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/**
 * Apply a binary arithmetic operator to two values of type `t` over `n` rows.
 *
 * @example
 * ```ts
 * import { arith } from "./arith.ts";
 * import { scalarVal } from "./val.ts";
 * import { colValues } from "../../arrow/column.ts";
 * import { T } from "../../ir/types.ts";
 * const m = { overflow: "check", divZero: "null", floatDivZero: "null", name: "add" } as const;
 * colValues(arith("add", scalarVal(T.int32, 1), scalarVal(T.int32, 2), T.int32, 1, m)); // [3]
 * ```
 */
export function arith(op: ArithOp, a: Val, b: Val, t: DataType, n: number, m: ArithMode): Col {
  const sa = a.scalar ? 0 : 1;
  const sb = b.scalar ? 0 : 1;
  let valid = andValid([a, b], n);
  const out = allocValues(t, n);
  const av = a.c.values!;
  const bv = b.c.values!;
  const setNull = (i: number): void => {
    if (valid === null) valid = new Uint8Array(n).fill(1);
    valid[i] = 0;
  };
  const ok = (i: number): boolean => valid === null || valid[i] === 1;
  if (t.kind === "float") {
    const x = av as Float64Array;
    const y = bv as Float64Array;
    const o = out as Float64Array;
    switch (op) {
      case "add":
        for (let i = 0; i < n; i++) o[i] = x[i * sa]! + y[i * sb]!;
        break;
      case "sub":
        for (let i = 0; i < n; i++) o[i] = x[i * sa]! - y[i * sb]!;
        break;
      case "mul":
        for (let i = 0; i < n; i++) o[i] = x[i * sa]! * y[i * sb]!;
        break;
      case "div":
        for (let i = 0; i < n; i++) {
          const d = y[i * sb]!;
          if (d === 0 && m.floatDivZero === "null") setNull(i);
          else o[i] = x[i * sa]! / d;
        }
        break;
      default:
        throw new Error(`${op} on floats`);
    }
    return { type: t, length: n, valid, values: out };
  }
  if (t.kind !== "int") throw new Error(`arith on ${t.kind}`);
  if (t.bits < 64) {
    const x = av as Int32Array;
    const y = bv as Int32Array;
    const o = out as Int32Array;
    const [lo, hi] = intRange(t);
    const min = Number(lo);
    const max = Number(hi);
    const check = m.overflow === "check";
    for (let i = 0; i < n; i++) {
      const p = x[i * sa]!;
      const q = y[i * sb]!;
      let r: number;
      switch (op) {
        case "add":
          r = p + q;
          break;
        case "sub":
          r = p - q;
          break;
        case "mul":
          r = p * q;
          if (!check && t.bits === 32 && (r > max || r < min)) {
            o[i] = Math.imul(p, q);
            continue;
          }
          break;
        case "div":
        case "idiv":
          if (q === 0) {
            if (!ok(i)) continue;
            if (m.divZero === "raise") divByZero(m.name);
            setNull(i);
            continue;
          }
          r = Math.trunc(p / q);
          break;
        case "mod":
          if (q === 0) {
            if (!ok(i)) continue;
            if (m.divZero === "raise") divByZero(m.name);
            setNull(i);
            continue;
          }
          r = p % q;
          if (r === 0) r = 0; // no -0
          break;
      }
      if (check && (r > max || r < min) && ok(i)) overflow(m.name);
      o[i] = r;
    }
    return { type: t, length: n, valid, values: out };
  }
  // 64-bit
  if (t.signed && (op === "add" || op === "sub")) {
    const x = i32view(av);
    const y = i32view(bv);
    const o = i32view(out);
    const check = m.overflow === "check";
    const sa2 = sa * 2;
    const sb2 = sb * 2;
    const sub = op === "sub";
    for (let i = 0; i < n; i++) {
      const ia = i * sa2;
      const ib = i * sb2;
      const al = x[ia]! >>> 0;
      const bl = y[ib]! >>> 0;
      let lo: number;
      let hi: number;
      if (sub) {
        lo = al - bl;
        hi = x[ia + 1]! - y[ib + 1]! - (lo < 0 ? 1 : 0);
      } else {
        lo = al + bl;
        hi = x[ia + 1]! + y[ib + 1]! + (lo >= TWO32 ? 1 : 0);
      }
      if (check && (hi > 2147483647 || hi < -2147483648) && ok(i)) overflow(m.name);
      o[2 * i] = lo;
      o[2 * i + 1] = hi;
    }
    return { type: t, length: n, valid, values: out };
  }
  if (t.signed && op === "mul") {
    const x = i32view(av);
    const y = i32view(bv);
    const o = i32view(out);
    const X = av as BigInt64Array;
    const Y = bv as BigInt64Array;
    const O = out as BigInt64Array;
    const check = m.overflow === "check";
    for (let i = 0; i < n; i++) {
      const ia = 2 * i * sa;
      const ib = 2 * i * sb;
      const al = x[ia]!;
      const bl = y[ib]!;
      if (x[ia + 1] === al >> 31 && y[ib + 1] === bl >> 31) {
        const p = al * bl; // |p| <= 2^62: exact when |p| < 2^53
        if (p < 9007199254740992 && p > -9007199254740992) {
          const hi = Math.floor(p / TWO32);
          o[2 * i] = p - hi * TWO32;
          o[2 * i + 1] = hi;
          continue;
        }
      }
      const r = X[i * sa]! * Y[i * sb]!;
      if (check && (r > 9223372036854775807n || r < -9223372036854775808n) && ok(i)) {
        overflow(m.name);
      }
      O[i] = BigInt.asIntN(64, r);
    }
    return { type: t, length: n, valid, values: out };
  }
  // generic BigInt path (int64 div/mod, uint64)
  const X = av as BigInt64Array;
  const Y = bv as BigInt64Array;
  const O = out as BigInt64Array;
  const [lo, hi] = intRange(t);
  const bits = 64;
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    const p = X[i * sa]!;
    const q = Y[i * sb]!;
    let r: bigint;
    switch (op) {
      case "add":
        r = p + q;
        break;
      case "sub":
        r = p - q;
        break;
      case "mul":
        r = p * q;
        break;
      case "div":
      case "idiv":
      case "mod":
        if (q === 0n) {
          if (m.divZero === "raise") divByZero(m.name);
          setNull(i);
          continue;
        }
        r = op === "mod" ? p % q : p / q;
        break;
    }
    if (r < lo || r > hi) {
      if (m.overflow === "check") overflow(m.name);
      r = t.signed ? BigInt.asIntN(bits, r) : BigInt.asUintN(bits, r);
    }
    O[i] = r;
  }
  return { type: t, length: n, valid, values: out };
}

/**
 * Unary minus or absolute value.
 *
 * @example
 * ```ts
 * import { negAbs } from "./arith.ts";
 * import { colVal } from "./val.ts";
 * import { colValues } from "../../arrow/column.ts";
 * import { T } from "../../ir/types.ts";
 * const c = { type: T.int8, length: 1, valid: null, values: Int8Array.of(-128) };
 * colValues(negAbs("abs", colVal(c), 1, "wrap", "abs")); // [-128]
 * ```
 */
export function negAbs(
  op: "neg" | "abs",
  a: Val,
  n: number,
  mode: "check" | "wrap",
  name: string,
): Col {
  const t = a.c.type;
  const sa = a.scalar ? 0 : 1;
  const valid = andValid([a], n);
  const out = allocValues(t, n);
  const ok = (i: number): boolean => valid === null || valid[i] === 1;
  if (t.kind === "float") {
    const x = a.c.values as Float64Array;
    const o = out as Float64Array;
    for (let i = 0; i < n; i++) o[i] = op === "neg" ? -x[i * sa]! : Math.abs(x[i * sa]!);
    return { type: t, length: n, valid, values: out };
  }
  if (t.kind !== "int") throw new Error(`${op} on ${t.kind}`);
  const [lo, hi] = intRange(t);
  if (t.bits < 64) {
    const x = a.c.values as Int32Array;
    const o = out as Int32Array;
    const min = Number(lo);
    const max = Number(hi);
    for (let i = 0; i < n; i++) {
      const v = x[i * sa]!;
      const r = op === "neg" ? -v : Math.abs(v);
      if ((r > max || r < min) && ok(i)) {
        if (mode === "check") overflow(name);
      }
      o[i] = r === 0 ? 0 : r;
    }
    return { type: t, length: n, valid, values: out };
  }
  const X = a.c.values as BigInt64Array;
  const O = out as BigInt64Array;
  for (let i = 0; i < n; i++) {
    const v = X[i * sa]!;
    let r = op === "neg" ? -v : v < 0n ? -v : v;
    if ((r < lo || r > hi) && ok(i)) {
      if (mode === "check") overflow(name);
      r = t.signed ? BigInt.asIntN(64, r) : BigInt.asUintN(64, r);
    } else if (r < lo || r > hi) r = 0n;
    O[i] = r;
  }
  return { type: t, length: n, valid, values: out };
}

// ---------------------------------------------------------------------------
// Comparison

/** Comparison operators. */
export type CmpOp = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

function cmpBytes(
  ad: Uint8Array,
  a0: number,
  a1: number,
  bd: Uint8Array,
  b0: number,
  b1: number,
): number {
  const la = a1 - a0;
  const lb = b1 - b0;
  const l = la < lb ? la : lb;
  for (let k = 0; k < l; k++) {
    const d = ad[a0 + k]! - bd[b0 + k]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/**
 * Compare row `i` of `a` with row `j` of `b` (both valid, same type):
 * numbers numerically (NaN after every number, -0 equal to 0), strings by
 * UTF-8 bytes (= code point order), lists and structs element-wise.
 */
export function cmpRows(a: Col, i: number, b: Col, j: number): number {
  switch (layoutOf(a.type)) {
    case "null":
      return 0;
    case "bool":
    case "num":
    case "big": {
      const x = a.values![i]!;
      const y = b.values![j]!;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return 0;
      // NaN
      const xn = x !== x;
      const yn = y !== y;
      return xn === yn ? 0 : xn ? 1 : -1;
    }
    case "dec": {
      const x = valueAt(a, i) as bigint;
      const y = valueAt(b, j) as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case "var":
      return cmpBytes(
        a.data!,
        a.offsets![i]!,
        a.offsets![i + 1]!,
        b.data!,
        b.offsets![j]!,
        b.offsets![j + 1]!,
      );
    case "list": {
      const ca = a.child!;
      const cb = b.child!;
      const a0 = a.offsets![i]!;
      const la = a.offsets![i + 1]! - a0;
      const b0 = b.offsets![j]!;
      const lb = b.offsets![j + 1]! - b0;
      for (let k = 0; k < Math.min(la, lb); k++) {
        const va = ca.valid === null || ca.valid[a0 + k] === 1;
        const vb = cb.valid === null || cb.valid[b0 + k] === 1;
        if (!va || !vb) {
          if (va !== vb) return va ? -1 : 1;
          continue;
        }
        const r = cmpRows(ca, a0 + k, cb, b0 + k);
        if (r !== 0) return r;
      }
      return la === lb ? 0 : la < lb ? -1 : 1;
    }
    case "struct": {
      const ka = a.children!;
      const kb = b.children!;
      for (let k = 0; k < ka.length; k++) {
        const ca = ka[k]!;
        const cb = kb[k]!;
        const va = ca.valid === null || ca.valid[i] === 1;
        const vb = cb.valid === null || cb.valid[j] === 1;
        if (!va || !vb) {
          if (va !== vb) return va ? -1 : 1;
          continue;
        }
        const r = cmpRows(ca, i, cb, j);
        if (r !== 0) return r;
      }
      return 0;
    }
  }
}

/**
 * Compare two values of the same type; null in gives null out. Floats follow
 * IEEE (NaN compares false, except `ne`).
 *
 * @example
 * ```ts
 * import { compare } from "./arith.ts";
 * import { scalarVal } from "./val.ts";
 * import { colValues } from "../../arrow/column.ts";
 * import { T } from "../../ir/types.ts";
 * colValues(compare("lt", scalarVal(T.utf8, "a"), scalarVal(T.utf8, "b"), 1)); // [true]
 * ```
 */
export function compare(op: CmpOp, a: Val, b: Val, n: number): Col {
  const sa = a.scalar ? 0 : 1;
  const sb = b.scalar ? 0 : 1;
  const valid = andValid([a, b], n);
  const out = new Uint8Array(n);
  const t = a.c.type;
  const lay = layoutOf(t);
  if (lay === "num" || lay === "bool") {
    const x = a.c.values as Float64Array;
    const y = b.c.values as Float64Array;
    switch (op) {
      case "eq":
        for (let i = 0; i < n; i++) out[i] = x[i * sa] === y[i * sb] ? 1 : 0;
        break;
      case "ne":
        for (let i = 0; i < n; i++) out[i] = x[i * sa] !== y[i * sb] ? 1 : 0;
        break;
      case "lt":
        for (let i = 0; i < n; i++) out[i] = x[i * sa]! < y[i * sb]! ? 1 : 0;
        break;
      case "le":
        for (let i = 0; i < n; i++) out[i] = x[i * sa]! <= y[i * sb]! ? 1 : 0;
        break;
      case "gt":
        for (let i = 0; i < n; i++) out[i] = x[i * sa]! > y[i * sb]! ? 1 : 0;
        break;
      case "ge":
        for (let i = 0; i < n; i++) out[i] = x[i * sa]! >= y[i * sb]! ? 1 : 0;
        break;
    }
    return { type: { kind: "bool" }, length: n, valid, values: out };
  }
  if (lay === "big") {
    const x = i32view(a.c.values!);
    const y = i32view(b.c.values!);
    const signed = !(t.kind === "int" && !t.signed);
    for (let i = 0; i < n; i++) {
      const ia = 2 * i * sa;
      const ib = 2 * i * sb;
      let xh = x[ia + 1]!;
      let yh = y[ib + 1]!;
      if (!signed) {
        xh = xh >>> 0;
        yh = yh >>> 0;
      }
      let c: number;
      if (xh !== yh) c = xh < yh ? -1 : 1;
      else {
        const xl = x[ia]! >>> 0;
        const yl = y[ib]! >>> 0;
        c = xl === yl ? 0 : xl < yl ? -1 : 1;
      }
      out[i] = cmpResult(op, c);
    }
    return { type: { kind: "bool" }, length: n, valid, values: out };
  }
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    out[i] = cmpResult(op, cmpRows(a.c, i * sa, b.c, i * sb));
  }
  return { type: { kind: "bool" }, length: n, valid, values: out };
}

function cmpResult(op: CmpOp, c: number): number {
  switch (op) {
    case "eq":
      return c === 0 ? 1 : 0;
    case "ne":
      return c !== 0 ? 1 : 0;
    case "lt":
      return c < 0 ? 1 : 0;
    case "le":
      return c <= 0 ? 1 : 0;
    case "gt":
      return c > 0 ? 1 : 0;
    case "ge":
      return c >= 0 ? 1 : 0;
  }
}

/** Equality of two valid rows for set membership (NaN equals NaN). */
export function eqRows(a: Col, i: number, b: Col, j: number): boolean {
  return cmpRows(a, i, b, j) === 0;
}

// ---------------------------------------------------------------------------
// Rounding

/** pyarrow round modes. */
export type RoundMode =
  | "down"
  | "up"
  | "towards_zero"
  | "towards_infinity"
  | "half_down"
  | "half_up"
  | "half_towards_zero"
  | "half_towards_infinity"
  | "half_to_even"
  | "half_to_odd";

/** All round modes. */
export const ROUND_MODES: readonly RoundMode[] = [
  "down",
  "up",
  "towards_zero",
  "towards_infinity",
  "half_down",
  "half_up",
  "half_towards_zero",
  "half_towards_infinity",
  "half_to_even",
  "half_to_odd",
];

/** Round the exact rational q + r/d (0 <= r < d, d > 0) to an integer. */
function roundRational(q: bigint, r: bigint, d: bigint, mode: RoundMode): bigint {
  if (r === 0n) return q;
  // value is in (q, q+1); negative values have q < 0 (floor semantics)
  const neg = q < 0n;
  const twice = 2n * r;
  const half = twice === d ? 0 : twice < d ? -1 : 1;
  switch (mode) {
    case "down":
      return q;
    case "up":
      return q + 1n;
    case "towards_zero":
      return neg ? q + 1n : q;
    case "towards_infinity":
      return neg ? q : q + 1n;
    default:
      break;
  }
  if (half < 0) return q;
  if (half > 0) return q + 1n;
  switch (mode) {
    case "half_down":
      return q;
    case "half_up":
      return q + 1n;
    case "half_towards_zero":
      return neg ? q + 1n : q;
    case "half_towards_infinity":
      return neg ? q : q + 1n;
    case "half_to_even":
      return q % 2n === 0n ? q : q + 1n;
    default:
      return q % 2n === 0n ? q + 1n : q;
  }
}

function floorDiv(a: bigint, b: bigint): [bigint, bigint] {
  let q = a / b;
  let r = a % b;
  if (r < 0n) {
    q -= 1n;
    r += b;
  }
  return [q, r];
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** Exact (mantissa, exponent2) of a finite double: x = m * 2^e. */
function decompose(x: number): [bigint, number] {
  F64[0] = x;
  const bits = U64[0]!;
  const neg = bits >> 63n === 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return [neg ? -mant : mant, e];
}

/**
 * Round a double to `digits` decimals, deciding on its exact binary value.
 *
 * @example
 * ```ts
 * import { roundDouble } from "./arith.ts";
 * roundDouble(2.675, 2, "half_towards_infinity"); // 2.67 (2.675 is 2.67499999...)
 * roundDouble(2.5, 0, "half_to_even"); // 2
 * ```
 */
export function roundDouble(x: number, digits: number, mode: RoundMode): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (digits > 330) return x;
  const [m, e] = decompose(x);
  // value = m * 2^e * 10^digits = num / den
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (digits >= 0) num *= 10n ** BigInt(digits);
  else den *= 10n ** BigInt(-digits);
  const [q, r] = floorDiv(num, den);
  const k = roundRational(q, r, den, mode);
  let res: number;
  if (digits >= 0) res = Number(`${k}e-${digits}`);
  else res = Number(`${k}e${-digits}`);
  if (res === 0 && x < 0) return -0;
  return res;
}

/** Round an integer to `digits` (negative digits round to tens, hundreds...). */
export function roundBigInt(x: bigint, digits: number, mode: RoundMode): bigint {
  if (digits >= 0) return x;
  const p = 10n ** BigInt(-digits);
  const [q, r] = floorDiv(x, p);
  return roundRational(q, r, p, mode) * p;
}

/** The text of a utf8 value row (used by generic kernels). */
export function textAt(c: Col, i: number): string {
  return strAt(c, i);
}

// ---------------------------------------------------------------------------
// Decimals (exact, on the unscaled 128-bit values)

function decOverflow(name: string, t: DataType): never {
  throw new ComputeError("overflow", `${name} overflow: the result does not fit ${formatType(t)}`);
}

/**
 * `add`, `sub` or `mul` of two values of one decimal type `t`, exact, with
 * the result in `t` as DuckDB computes `CAST(a op b AS t)`: a product is
 * rounded half away from zero to the scale of `t` (the exact product must
 * stay below 10^18 or 10^38 where DuckDB checks it); a result with more than
 * the precision of `t` digits is an error.
 *
 * @example
 * ```ts
 * import { decArith } from "./arith.ts";
 * import { scalarVal } from "./val.ts";
 * import { colValues } from "../../arrow/column.ts";
 * import { parseType } from "../../ir/types.ts";
 * const t = parseType("decimal(10,2)");
 * colValues(decArith("mul", scalarVal(t, 150n), scalarVal(t, 225n), t, 1, "mul")); // [338n]
 * ```
 */
export function decArith(
  op: "add" | "sub" | "mul",
  a: Val,
  b: Val,
  t: DataType,
  n: number,
  name: string,
): Col {
  if (t.kind !== "decimal") throw new Error(`decArith on ${t.kind}`);
  const sa = a.scalar ? 0 : 1;
  const sb = b.scalar ? 0 : 1;
  const valid = andValid([a, b], n);
  const x = a.c.values as Uint32Array;
  const y = b.c.values as Uint32Array;
  const out = new Uint32Array(n * 4);
  // DuckDB multiplies in decimal(2P, 2S), checked against 18 digits when the
  // operands fit 64 bits but the product type does not, and against 38 digits
  // past 38
  const P = t.precision;
  const limit = 2 * P > 18 && P <= 18 && 2 * t.scale < 18 ? 18 : 2 * P > 38 ? 38 : 0;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const p = decAt(x, i * sa);
    const q = decAt(y, i * sb);
    let r: bigint;
    if (op === "mul") {
      const full = p * q;
      if (limit > 0 && !fitsPrecision(full, limit)) decOverflow(name, t);
      r = divRoundHalfAway(full, t.scale);
    } else r = op === "add" ? p + q : p - q;
    if (!fitsPrecision(r, t.precision)) decOverflow(name, t);
    decSet(out, i, r);
  }
  return { type: t, length: n, valid, values: out };
}

/** Map every valid decimal value of `a` through `f` (results must fit the type, else an error). */
export function decMap(
  a: Val,
  n: number,
  name: string,
  f: (x: bigint, i: number) => bigint | null,
): Col {
  const t = a.c.type;
  if (t.kind !== "decimal") throw new Error(`decMap on ${t.kind}`);
  const s = a.scalar ? 0 : 1;
  const x = a.c.values as Uint32Array;
  const out = new Uint32Array(n * 4);
  let valid = andValid([a], n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const r = f(decAt(x, i * s), i);
    if (r === null) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
      continue;
    }
    if (!fitsPrecision(r, t.precision)) decOverflow(name, t);
    decSet(out, i, r);
  }
  return { type: t, length: n, valid, values: out };
}

/**
 * Round an unscaled decimal of scale `scale` to `digits` decimals (negative:
 * tens, hundreds...) with a pyarrow round mode; the result keeps the scale.
 *
 * @example
 * ```ts
 * import { roundDecimal } from "./arith.ts";
 * roundDecimal(1255n, 3, 2, "half_towards_infinity"); // 1260n
 * ```
 */
export function roundDecimal(v: bigint, scale: number, digits: number, mode: RoundMode): bigint {
  if (digits >= scale) return v;
  const k = scale - digits;
  const d = POW10[k] ?? 10n ** BigInt(k);
  const [q, r] = floorDiv(v, d);
  return roundRational(q, r, d, mode) * d;
}
