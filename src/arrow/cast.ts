/**
 * Casts between relgate types over {@link Col}s, and the text DuckDB's
 * `CAST(x AS VARCHAR)` writes for every type (SPEC section 2: "anything to
 * utf8 writes what DuckDB's CAST(x AS VARCHAR) writes").
 *
 * Rules: integer to a narrower integer and float to integer must fit (float
 * must be integral); utf8 to a number parses decimal text only (no
 * surrounding spaces, no `nan`/`inf`) and rejects anything else; utf8 to bool
 * accepts what DuckDB does: true/false/t/f/yes/no/y/n/1/0 (any case, no
 * spaces). In `"error"` mode a value that cannot be
 * converted raises {@link ComputeError}, in `"null"` mode it becomes null,
 * in `"unsafe"` mode (pyarrow `safe=false`) floats truncate and integers wrap.
 *
 * @module
 */
import { type DataType, formatType, typeEquals } from "../ir/types.ts";
import { allocValues, type Col, layoutOf, nullCol, strAt, valueAt, VarBuilder } from "./column.ts";
import { ComputeError } from "./compute_error.ts";
import { castTemporal, formatDate, formatTimestamp, isTemporalCast } from "./temporal.ts";
import { castDecimal, isDecimalCast } from "./decimal.ts";

export { formatDate, formatTimestamp };

/** What a failing value does. */
export type CastMode = "error" | "null" | "unsafe";

const TWO32 = 4294967296;

/**
 * Format a float64 as DuckDB's `CAST(x AS VARCHAR)`: the shortest round-trip
 * digits, scientific (`1e+16`, `2.5e-07`) when the exponent is >= 16 or < -4,
 * otherwise fixed with at least one decimal (`1.0`, `100.0`); `nan`, `inf`, `-inf`.
 *
 * @example
 * ```ts
 * import { formatDouble } from "./cast.ts";
 * formatDouble(1e20); // "1e+20"
 * ```
 */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  return formatDigits(x.toExponential());
}

function formatDigits(exp: string): string {
  // exp like "-1.2345e+16"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp);
  if (!m) throw new Error(`bad exponential ${exp}`);
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? "");
  const e = Number(m[4]);
  if (e >= 16 || e < -4) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(e);
    return `${sign}${mant}e${e < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${"0".repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

/**
 * Format a float32 value as DuckDB does (shortest digits that round-trip in float32).
 *
 * @example
 * ```ts
 * import { formatFloat32 } from "./cast.ts";
 * formatFloat32(Math.fround(0.1)); // "0.1"
 * ```
 */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x) || x === 0) return formatDouble(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toExponential(p - 1);
    if (Math.fround(Number(s)) === x) return formatDigits(Number(s).toExponential());
  }
  return formatDouble(x);
}

function decimalText(v: bigint, scale: number): string {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, "0");
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return neg ? "-" + s : s;
}

function blobText(b: Uint8Array): string {
  let s = "";
  for (const x of b) {
    if (x >= 0x20 && x < 0x7f && x !== 0x5c) s += String.fromCharCode(x);
    else s += "\\x" + x.toString(16).toUpperCase().padStart(2, "0");
  }
  return s;
}

/**
 * DuckDB's `CAST(x AS VARCHAR)` text of row `i` (which must be valid).
 *
 * @example
 * ```ts
 * import { duckText } from "./cast.ts";
 * import { T } from "../ir/types.ts";
 * duckText({ type: T.bool, length: 1, valid: null, values: Uint8Array.of(1) }, 0); // "true"
 * ```
 */
export function duckText(c: Col, i: number): string {
  const t = c.type;
  switch (t.kind) {
    case "null":
      return "NULL";
    case "bool":
      return c.values![i] ? "true" : "false";
    case "int":
      return String(c.values![i]);
    case "float":
      return t.bits === 32
        ? formatFloat32(c.values![i] as number)
        : formatDouble(c.values![i] as number);
    case "utf8":
      return strAt(c, i);
    case "binary":
      return blobText(c.data!.subarray(c.offsets![i]!, c.offsets![i + 1]!));
    case "date32":
      return formatDate(c.values![i] as number);
    case "timestamp":
      return formatTimestamp(c.values![i] as bigint, t.tz !== null);
    case "decimal": {
      // DuckDB writes no leading 0 when there are no integer digits: decimal(3,3) 0.5 is ".500"
      const text = decimalText(valueAt(c, i) as bigint, t.scale);
      return t.precision === t.scale ? text.replace(/^(-?)0\./, "$1.") : text;
    }
    case "list": {
      const parts: string[] = [];
      const ch = c.child!;
      for (let k = c.offsets![i]!; k < c.offsets![i + 1]!; k++) {
        parts.push(ch.valid !== null && ch.valid[k] === 0 ? "NULL" : duckText(ch, k));
      }
      return `[${parts.join(", ")}]`;
    }
    case "struct": {
      const parts = t.fields.map((f, k) => {
        const ch = c.children![k]!;
        const v = ch.valid !== null && ch.valid[i] === 0 ? "NULL" : duckText(ch, i);
        return `'${f.name}': ${ch.type.kind === "utf8" && v !== "NULL" ? `'${v}'` : v}`;
      });
      return `{${parts.join(", ")}}`;
    }
  }
}

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Range of an integer type as bigints. */
export function intRange(t: DataType): [bigint, bigint] {
  if (t.kind !== "int") throw new Error("not an int type");
  if (t.signed) {
    const h = 1n << BigInt(t.bits - 1);
    return [-h, h - 1n];
  }
  return [0n, (1n << BigInt(t.bits)) - 1n];
}

function fail(mode: CastMode, what: string, to: DataType): void {
  if (mode === "error") {
    throw new ComputeError("bad-cast", `cannot cast ${what} to ${formatType(to)}`);
  }
}

/**
 * Cast a column to `to`.
 *
 * @example
 * ```ts
 * import { castCol } from "./cast.ts";
 * import { colValues } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * const c = { type: T.int32, length: 2, valid: null, values: Int32Array.of(1, 300) };
 * colValues(castCol(c, T.int8, "null")); // [1, null]
 * ```
 */
export function castCol(c: Col, to: DataType, mode: CastMode): Col {
  const from = c.type;
  if (typeEquals(from, to)) return c;
  const n = c.length;
  if (from.kind === "null") return nullCol(to, n);
  const inValid = c.valid;
  const valid = new Uint8Array(n);
  if (inValid === null) valid.fill(1);
  else valid.set(inValid.subarray(0, n));
  if (to.kind === "utf8") {
    const b = new VarBuilder(n);
    for (let i = 0; i < n; i++) {
      if (valid[i]) b.pushString(duckText(c, i));
      else b.pushNull();
    }
    return b.finish(to);
  }
  if (isTemporalCast(from, to)) return castTemporal(c, to, mode);
  if (isDecimalCast(from, to)) return castDecimal(c, to, mode);
  const tl = layoutOf(to);
  if (to.kind === "list" && from.kind === "list") {
    return { ...c, type: to, child: castCol(c.child!, to.item, mode) };
  }
  if (to.kind === "binary" && from.kind === "utf8") return { ...c, type: to };
  if (tl !== "num" && tl !== "big" && tl !== "bool") {
    throw new ComputeError(
      "bad-cast",
      `cannot cast ${formatType(from)} to ${formatType(to)}: unsupported`,
    );
  }
  const out = allocValues(to, n);
  const fv = c.values;
  // numeric fast paths
  if (
    to.kind === "float" && (from.kind === "int" || from.kind === "float" || from.kind === "bool")
  ) {
    const o = out as Float64Array;
    if (from.kind === "int" && from.bits === 64) {
      const v32 = new Int32Array(fv!.buffer, fv!.byteOffset, n * 2);
      const signed = from.signed;
      for (let i = 0; i < n; i++) {
        const hi = v32[2 * i + 1]!;
        o[i] = (signed ? hi : hi >>> 0) * TWO32 + (v32[2 * i]! >>> 0);
      }
    } else {
      const s = fv as Float64Array;
      for (let i = 0; i < n; i++) o[i] = s[i]!;
    }
    return { type: to, length: n, valid: inValid === null ? null : valid, values: out };
  }
  if (
    to.kind === "int" && from.kind === "int" && (to.bits === 64) === (from.bits === 64) &&
    to.bits !== 64
  ) {
    const [lo, hi] = intRange(to);
    const l = Number(lo);
    const h = Number(hi);
    const s = fv as Int32Array;
    const o = out as Int32Array;
    for (let i = 0; i < n; i++) {
      const x = s[i]!;
      if (valid[i] && (x < l || x > h)) {
        if (mode === "unsafe") o[i] = x;
        else {
          fail(mode, String(x), to);
          valid[i] = 0;
        }
      } else o[i] = x;
    }
    return { type: to, length: n, valid: hasNull(valid, n) ? valid : null, values: out };
  }
  if (to.kind === "int" && from.kind === "int" && (to.bits === 64 || from.bits === 64)) {
    return castIntWords(c, from, to, mode, valid);
  }
  const [lo, hi] = to.kind === "int" ? intRange(to) : [0n, 0n];
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    let v: number | bigint | boolean | null = null;
    let text: string;
    switch (from.kind) {
      case "bool":
        v = fv![i] === 1;
        text = String(v);
        break;
      case "int":
      case "float":
      case "date32":
      case "timestamp":
        v = fv![i] as number | bigint;
        text = from.kind === "float" ? formatDouble(v as number) : String(v);
        break;
      case "utf8": {
        text = strAt(c, i);
        if (to.kind === "bool") {
          const l = text.toLowerCase();
          v = l === "true" || l === "t" || l === "yes" || l === "y" || l === "1"
            ? true
            : l === "false" || l === "f" || l === "no" || l === "n" || l === "0"
            ? false
            : null;
        } else if (to.kind === "int") {
          v = INT_RE.test(text) ? BigInt(text) : null;
        } else v = FLOAT_RE.test(text) ? Number(text) : null;
        break;
      }
      default:
        throw new ComputeError(
          "bad-cast",
          `cannot cast ${formatType(from)} to ${formatType(to)}: unsupported`,
        );
    }
    if (v === null) {
      fail(mode, JSON.stringify(text), to);
      valid[i] = 0;
      continue;
    }
    if (to.kind === "bool") {
      out[i] = typeof v === "boolean" ? (v ? 1 : 0) : (v !== 0 && v !== 0n ? 1 : 0);
      continue;
    }
    if (to.kind === "float") {
      out[i] = typeof v === "boolean" ? (v ? 1 : 0) : Number(v);
      continue;
    }
    // integer targets (also date32/timestamp from ints)
    let b: bigint;
    if (typeof v === "boolean") b = v ? 1n : 0n;
    else if (typeof v === "bigint") b = v;
    else if (Number.isInteger(v)) b = BigInt(v);
    else if (mode === "unsafe" && Number.isFinite(v)) b = BigInt(Math.trunc(v));
    else {
      fail(mode, text, to);
      valid[i] = 0;
      continue;
    }
    if (to.kind === "int" && (b < lo || b > hi)) {
      if (mode === "unsafe") b = to.signed ? BigInt.asIntN(to.bits, b) : BigInt.asUintN(to.bits, b);
      else {
        fail(mode, text, to);
        valid[i] = 0;
        continue;
      }
    }
    if (out instanceof BigInt64Array || out instanceof BigUint64Array) out[i] = b;
    else out[i] = Number(b);
  }
  return { type: to, length: n, valid: hasNull(valid, n) ? valid : null, values: out };
}

/**
 * Integer casts to or from a 64-bit integer through 32-bit word views (no
 * BigInt per row): the same results, nulls and errors as the generic path.
 */
function castIntWords(
  c: Col,
  from: Extract<DataType, { kind: "int" }>,
  to: Extract<DataType, { kind: "int" }>,
  mode: CastMode,
  valid: Uint8Array,
): Col {
  const n = c.length;
  const out = allocValues(to, n);
  const fv = c.values!;
  const bad = (i: number): void => {
    fail(mode, String(fv[i]), to);
    valid[i] = 0;
  };
  let anyBad = false;
  if (from.bits < 64) {
    // narrow -> 64-bit: always fits except a negative value into uint64
    const s = fv as Int32Array;
    const o = new Int32Array(out.buffer, out.byteOffset, n * 2);
    const checkSign = !to.signed && from.signed;
    for (let i = 0; i < n; i++) {
      if (valid[i] === 0) continue;
      const x = s[i]!;
      if (x < 0 && checkSign && mode !== "unsafe") {
        bad(i);
        anyBad = true;
        continue;
      }
      o[2 * i] = x | 0;
      o[2 * i + 1] = x < 0 ? -1 : 0;
    }
  } else if (to.bits === 64) {
    // int64 <-> uint64: fits when the top bit is clear
    const s = new Int32Array(fv.buffer, fv.byteOffset, n * 2);
    const o = new Int32Array(out.buffer, out.byteOffset, n * 2);
    const check = from.signed !== to.signed && mode !== "unsafe";
    for (let i = 0; i < n; i++) {
      if (valid[i] === 0) continue;
      const h = s[2 * i + 1]!;
      if (check && h < 0) {
        bad(i);
        anyBad = true;
        continue;
      }
      o[2 * i] = s[2 * i]!;
      o[2 * i + 1] = h;
    }
  } else {
    // 64-bit -> narrow: the value as a double is exact inside any narrow
    // range and far outside it otherwise; unsafe keeps the low bits (the
    // typed array store wraps)
    const s = new Int32Array(fv.buffer, fv.byteOffset, n * 2);
    const o = out as Int32Array;
    const [lo, hi] = intRange(to);
    const l = Number(lo);
    const h = Number(hi);
    const unsafe = mode === "unsafe";
    for (let i = 0; i < n; i++) {
      if (valid[i] === 0) continue;
      const w = s[2 * i]!;
      if (!unsafe) {
        const top = s[2 * i + 1]!;
        const x = (from.signed ? top : top >>> 0) * TWO32 + (w >>> 0);
        if (x < l || x > h) {
          bad(i);
          anyBad = true;
          continue;
        }
      }
      o[i] = w;
    }
  }
  const nulls = anyBad || c.valid !== null;
  return { type: to, length: n, valid: nulls && hasNull(valid, n) ? valid : null, values: out };
}

function hasNull(v: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (v[i] === 0) return true;
  return false;
}
