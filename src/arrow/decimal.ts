/**
 * `decimal(P,S)` values and casts, exact, as DuckDB computes them. A value is
 * its unscaled 128-bit integer (4 little-endian 32-bit words per row in a
 * {@link Col}); arithmetic uses BigInt.
 *
 * Casts (DuckDB's `CAST`):
 * - to decimal: an integer or bool exactly; decimal text (`[+-]digits[.digits][e±n]`,
 *   as `utf8 -> number` casts accept) and a decimal of a larger scale rounded
 *   half away from zero; a float as `round(x * 10^S)` in double arithmetic
 *   (so `2.675` gives `2.68`); an error when the result has more than `P`
 *   digits, or the float is not finite;
 * - from decimal: to an integer rounded half away from zero (range checked),
 *   to a float as DuckDB converts (one division when the unscaled value is
 *   below 2^53 (2^24 for float32), else integral and fractional part apart),
 *   to bool (non-zero).
 *
 * @module
 */
import { type DataType, formatType } from "../ir/types.ts";
import { allocValues, type Col, strAt } from "./column.ts";
import { ComputeError } from "./compute_error.ts";

type Decimal = Extract<DataType, { kind: "decimal" }>;

/** 10^k as bigints, k = 0..80. */
export const POW10: readonly bigint[] = Array.from({ length: 81 }, (_, k) => 10n ** BigInt(k));

/** The unscaled value of row `i` (signed 128-bit). */
export function decAt(values: Uint32Array, i: number): bigint {
  const o = i * 4;
  const x = (BigInt(values[o + 3]!) << 96n) | (BigInt(values[o + 2]!) << 64n) |
    (BigInt(values[o + 1]!) << 32n) | BigInt(values[o]!);
  return BigInt.asIntN(128, x);
}

/** Store an unscaled value at row `i`. */
export function decSet(values: Uint32Array, i: number, v: bigint): void {
  let x = BigInt.asUintN(128, v);
  const o = i * 4;
  for (let k = 0; k < 4; k++) {
    values[o + k] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}

/** `x / 10^k` rounded half away from zero (k >= 0). */
export function divRoundHalfAway(x: bigint, k: number): bigint {
  if (k === 0) return x;
  const d = POW10[k] ?? 10n ** BigInt(k);
  const q = x / d;
  const r = x % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return x < 0n ? q - 1n : q + 1n;
  return q;
}

/** True when `v` has at most `p` digits. */
export function fitsPrecision(v: bigint, p: number): boolean {
  const lim = POW10[p]!;
  return v < lim && v > -lim;
}

const DEC_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Decimal text (as `utf8 -> number` casts accept: no spaces, no nan/inf) to
 * an unscaled value of scale `s`, rounded half away from zero; null when it
 * is not such text or has more than `p` digits.
 *
 * @example
 * ```ts
 * import { decimalFromText } from "./decimal.ts";
 * decimalFromText("-1.255", 10, 2); // -126n
 * ```
 */
export function decimalFromText(text: string, p: number, s: number): bigint | null {
  const m = DEC_TEXT.exec(text);
  if (!m) return null;
  const whole = m[2]!;
  const frac = m[3] ?? "";
  if (whole === "" && frac === "") return null;
  if (m[4] !== undefined && !/\d/.test(m[4])) return null;
  const digits = (whole + frac).replace(/^0+/, "");
  if (digits === "") return 0n;
  // DuckDB: the integer digits before the exponent must fit too ("1.2e-1" is not a decimal(4,4))
  if (whole.replace(/^0+/, "").length > p - s) return null;
  const exp = (m[4] === undefined ? 0 : Number(m[4])) - frac.length + s;
  // value = digits * 10^exp
  if (exp > p) return null; // a non-zero value with more than p digits
  let v: bigint;
  if (exp >= 0) v = BigInt(digits) * POW10[exp]!;
  else if (-exp > digits.length + 1) v = 0n;
  else v = divRoundHalfAway(BigInt(digits), -exp);
  if (m[1] === "-") v = -v;
  return fitsPrecision(v, p) ? v : null;
}

/** Round half away from zero, as C's `round`. */
function roundHalfAway(x: number): number {
  const a = Math.abs(x);
  let r = Math.floor(a);
  if (a - r >= 0.5) r += 1;
  return x < 0 ? -r : r;
}

const DOUBLE_POW10: readonly number[] = Array.from({ length: 81 }, (_, k) => Number(`1e${k}`));

/**
 * A double to an unscaled decimal as DuckDB casts it: `round(x * 10^s)` in
 * double arithmetic, half away from zero; null when not finite or more than
 * `p` digits.
 *
 * @example
 * ```ts
 * import { decimalFromDouble } from "./decimal.ts";
 * decimalFromDouble(2.675, 10, 2); // 268n
 * ```
 */
export function decimalFromDouble(x: number, p: number, s: number): bigint | null {
  const r = roundHalfAway(x * DOUBLE_POW10[s]!);
  if (!Number.isFinite(r) || r <= -DOUBLE_POW10[p]! || r >= DOUBLE_POW10[p]!) return null;
  return BigInt(r);
}

/** DuckDB's conversion of a 128-bit integer to double (`CastBigintToFloating`). */
function hugeToDouble(v: bigint): number {
  const lower = BigInt.asUintN(64, v);
  const upper = BigInt.asIntN(64, v >> 64n);
  if (upper === -1n) return -Number(0xffffffffffffffffn - lower) - 1;
  return Number(lower) + Number(upper) * 18446744073709551616;
}

/**
 * An unscaled decimal of type `decimal(p,s)` as a double, as DuckDB casts it.
 *
 * @example
 * ```ts
 * import { decimalToDouble } from "./decimal.ts";
 * decimalToDouble(-5n, 10, 2); // -0.05
 * ```
 */
export function decimalToDouble(v: bigint, p: number, s: number): number {
  const huge = p > 18;
  const conv = (x: bigint): number => (huge ? hugeToDouble(x) : Number(x));
  const small = p <= 9 || (v <= 9007199254740992n && v >= -9007199254740992n);
  if (small || s === 0) return conv(v) / DOUBLE_POW10[s]!;
  const d = POW10[s]!;
  return conv(v / d) + conv(v % d) / DOUBLE_POW10[s]!;
}

/** A bigint rounded once to the nearest float32 (ties to even). */
function f32FromBig(x: bigint): number {
  const a = x < 0n ? -x : x;
  if (a <= 9007199254740992n) return Math.fround(Number(x));
  const shift = a.toString(2).length - 26;
  const sticky = (a & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
  const m = Number((a >> BigInt(shift)) | sticky) * 2 ** shift; // exact: 26 bits
  return Math.fround(x < 0n ? -m : m);
}

/**
 * An unscaled decimal of type `decimal(p,s)` as a float32, as DuckDB casts it
 * (float arithmetic on the integral and fractional parts past 2^24).
 *
 * @example
 * ```ts
 * import { decimalToFloat32 } from "./decimal.ts";
 * decimalToFloat32(-6081669093n, 10, 2); // -60816688
 * ```
 */
export function decimalToFloat32(v: bigint, p: number, s: number): number {
  const conv = (x: bigint): number => (p > 18 ? Math.fround(hugeToDouble(x)) : f32FromBig(x));
  const p10 = Math.fround(DOUBLE_POW10[s]!);
  if (p <= 4 || s === 0 || (v <= 16777216n && v >= -16777216n)) {
    return Math.fround(conv(v) / p10);
  }
  const d = POW10[s]!;
  return Math.fround(conv(v / d) + Math.fround(conv(v % d) / p10));
}

// ---------------------------------------------------------------------------
// Casts

/** True when a cast goes to or from a decimal (and not to utf8). */
export function isDecimalCast(from: DataType, to: DataType): boolean {
  return (from.kind === "decimal" || to.kind === "decimal") && to.kind !== "utf8";
}

function intBounds(t: Extract<DataType, { kind: "int" }>): [bigint, bigint] {
  if (t.signed) {
    const h = 1n << BigInt(t.bits - 1);
    return [-h, h - 1n];
  }
  return [0n, (1n << BigInt(t.bits)) - 1n];
}

/**
 * Cast to or from `decimal(P,S)` (see the module doc). `"null"` mode gives
 * null for a value that does not convert; `"unsafe"` (pyarrow `safe=false`)
 * truncates decimals to integers and wraps them.
 *
 * @example
 * ```ts
 * import { castDecimal } from "./decimal.ts";
 * import { colFromValues, colValues } from "./column.ts";
 * import { parseType, T } from "../ir/types.ts";
 * colValues(castDecimal(colFromValues(T.int64, [1n, -5n]), parseType("decimal(10,2)"), "error"));
 * // [100n, -500n]
 * ```
 */
export function castDecimal(c: Col, to: DataType, mode: "error" | "null" | "unsafe"): Col {
  const from = c.type;
  const n = c.length;
  const valid = new Uint8Array(n);
  if (c.valid === null) valid.fill(1);
  else valid.set(c.valid.subarray(0, n));
  let bad = false;
  const fail = (i: number, what: string): void => {
    if (mode !== "null") {
      throw new ComputeError("bad-cast", `cannot cast ${what} to ${formatType(to)}`);
    }
    valid[i] = 0;
    bad = true;
  };
  const result = (extra: Partial<Col>): Col => ({
    type: to,
    length: n,
    valid: c.valid !== null || bad ? valid : null,
    ...extra,
  });
  if (to.kind === "decimal") {
    const out = new Uint32Array(n * 4);
    const put = (i: number, v: bigint | null, what: () => string): void => {
      if (v === null || !fitsPrecision(v, to.precision)) fail(i, what());
      else decSet(out, i, v);
    };
    const fv = c.values;
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      switch (from.kind) {
        case "decimal": {
          const x = decAt(fv as Uint32Array, i);
          const v = to.scale >= from.scale
            ? x * POW10[to.scale - from.scale]!
            : divRoundHalfAway(x, from.scale - to.scale);
          put(i, v, () => decimalText(x, from.scale));
          break;
        }
        case "int": {
          const x = BigInt(fv![i]!);
          put(i, x * POW10[to.scale]!, () => String(x));
          break;
        }
        case "bool":
          put(i, fv![i] ? POW10[to.scale]! : 0n, () => String(fv![i] === 1));
          break;
        case "float": {
          const x = fv![i] as number;
          put(i, decimalFromDouble(x, to.precision, to.scale), () => String(x));
          break;
        }
        case "utf8": {
          const s = strAt(c, i);
          put(i, decimalFromText(s, to.precision, to.scale), () => JSON.stringify(s));
          break;
        }
        default:
          throw new ComputeError(
            "bad-cast",
            `cannot cast ${formatType(from)} to ${formatType(to)}: unsupported`,
          );
      }
    }
    return result({ values: out });
  }
  if (from.kind !== "decimal") throw new Error("castDecimal: neither side is a decimal");
  const src = c.values as Uint32Array;
  switch (to.kind) {
    case "int": {
      const out = allocValues(to, n);
      const [lo, hi] = intBounds(to);
      for (let i = 0; i < n; i++) {
        if (!valid[i]) continue;
        const x = decAt(src, i);
        let v = mode === "unsafe" ? x / POW10[from.scale]! : divRoundHalfAway(x, from.scale);
        if (v < lo || v > hi) {
          if (mode === "unsafe") {
            v = to.signed ? BigInt.asIntN(to.bits, v) : BigInt.asUintN(to.bits, v);
          } else {
            fail(i, decimalText(x, from.scale));
            continue;
          }
        }
        if (out instanceof BigInt64Array || out instanceof BigUint64Array) out[i] = v;
        else out[i] = Number(v);
      }
      return result({ values: out });
    }
    case "float": {
      const out = allocValues(to, n) as Float64Array;
      const f = to.bits === 32 ? decimalToFloat32 : decimalToDouble;
      for (let i = 0; i < n; i++) {
        if (valid[i]) out[i] = f(decAt(src, i), from.precision, from.scale);
      }
      return result({ values: out });
    }
    case "bool": {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (valid[i] && decAt(src, i) !== 0n) out[i] = 1;
      return result({ values: out });
    }
    default:
      throw new ComputeError(
        "bad-cast",
        `cannot cast ${formatType(from)} to ${formatType(to)}: unsupported`,
      );
  }
}

/** The text of an unscaled value (as DuckDB writes decimals). */
export function decimalText(v: bigint, scale: number): string {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, "0");
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return neg ? "-" + s : s;
}

/** The type as a decimal (narrowing helper). */
export function asDecimal(t: DataType): Decimal {
  if (t.kind !== "decimal") throw new Error(`not a decimal: ${formatType(t)}`);
  return t;
}
