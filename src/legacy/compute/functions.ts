/**
 * Function kernels of the legacy lane: every pyarrow.compute function of the
 * mapping table (src/legacy/functions.ts) with pyarrow's semantics, and every
 * registry function of SPEC section 2 with the registry's semantics. A
 * function is bound once to its argument types and options ({@link bindPc},
 * {@link bindRegistry}), then run on batches.
 *
 * @module
 */
import { createHash } from "node:crypto";
import {
  commonType,
  type DataType,
  formatType,
  isNumeric,
  listOf,
  parseType,
  T,
  typeEquals,
} from "../../ir/types.ts";
import {
  arith,
  type ArithMode,
  type ArithOp,
  type CmpOp,
  cmpRows,
  compare,
  decArith,
  decMap,
  negAbs,
  ROUND_MODES,
  roundBigInt,
  roundDecimal,
  roundDouble,
  type RoundMode,
} from "./arith.ts";
import { castCol, type CastMode, duckText } from "../../arrow/cast.ts";
import {
  allocValues,
  type Col,
  colFromValues,
  concatCols,
  layoutOf,
  strAt,
  take,
  utf8Encode,
  valueAt,
  VarBuilder,
} from "../../arrow/column.ts";
import { ComputeError } from "../../arrow/compute_error.ts";
import {
  bytesAt,
  caseMap,
  decodeRows,
  findBytes,
  isAsciiRange,
  likeRegExp,
  re2RegExp,
  replaceLiteral,
  sliceCodepoints,
  splitLiteral,
  substr,
  trimWs,
  Utf8Builder,
  utf8Pattern,
} from "./strings.ts";
import { andValid, materialize, type Val, validAt } from "./val.ts";

/** Options of a call. */
export type Opts = Readonly<Record<string, unknown>>;

/** A function bound to argument types. */
export interface Bound {
  /** Result type. */
  readonly type: DataType;
  /** Types the arguments are cast to before `run` (undefined entries: unchanged). */
  readonly argTypes?: readonly (DataType | undefined)[];
  /** Evaluate over `n` rows (scalars broadcast). */
  readonly run: (args: readonly Val[], n: number) => Col;
}

/** A function implementation: arity and a binder. */
export interface Impl {
  readonly min: number;
  readonly max: number;
  /** Option defaults (pyarrow); unknown option keys are an error. */
  readonly defaults?: Opts;
  readonly bind: (types: readonly DataType[], o: Opts, name: string) => Bound;
}

function bad(name: string, msg: string): never {
  throw new ComputeError("bad-call", `${name}: ${msg}`);
}

function show(types: readonly DataType[]): string {
  return types.map(formatType).join(", ");
}

/** Fold commonType over types (null adopts the other); throws when none. */
export function unify(types: readonly DataType[], name: string): DataType {
  let t: DataType = T.null;
  for (const x of types) {
    const c = commonType(t, x);
    if (!c) bad(name, `arguments have no common type: ${show(types)}`);
    t = c;
  }
  return t;
}

function numericCommon(types: readonly DataType[], name: string, intOnly = false): DataType {
  for (const t of types) {
    if (t.kind === "null") continue;
    if (intOnly ? t.kind !== "int" : !isNumeric(t)) {
      bad(name, `expects ${intOnly ? "integer" : "numeric"} arguments, got ${show(types)}`);
    }
  }
  const t = unify(types, name);
  return t.kind === "null" ? T.int64 : t;
}

function need(types: readonly DataType[], i: number, kinds: readonly string[], name: string): void {
  const t = types[i]!;
  if (t.kind !== "null" && !kinds.includes(t.kind)) {
    bad(name, `argument ${i + 1} must be ${kinds.join(" or ")}, got ${formatType(t)}`);
  }
}

function boolCol(n: number, out: Uint8Array, valid: Uint8Array | null): Col {
  return { type: T.bool, length: n, valid, values: out };
}

/**
 * Row-by-row kernel for functions without a vectorized form: decodes the
 * arguments, calls `f`, builds the result. With `nullIn` a null argument
 * gives null without calling `f`.
 */
function rowwise(
  out: DataType,
  args: readonly Val[],
  n: number,
  f: (vs: unknown[]) => unknown,
  nullIn = true,
): Col {
  const res: unknown[] = new Array(n);
  const tmp: unknown[] = new Array(args.length);
  const cache: unknown[] = args.map((a) => (a.scalar ? valueAt(a.c, 0) : undefined));
  for (let i = 0; i < n; i++) {
    let anyNull = false;
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      const v = a.scalar ? cache[k] : valueAt(a.c, i);
      if (v === null) anyNull = true;
      tmp[k] = v;
    }
    res[i] = anyNull && nullIn ? null : f(tmp);
  }
  return colFromValues(out, res);
}

/** Pick row `idx[i]` from the concatenation of the values (scalars have one row). */
function choose(vals: readonly Val[], idx: Int32Array, type: DataType): Col {
  const cols = vals.map((v) => v.c);
  return take(concatCols(cols, type), idx);
}

// ---------------------------------------------------------------------------
// Binders

function cmpImpl(op: CmpOp): Impl {
  return {
    min: 2,
    max: 2,
    bind(types, _o, name) {
      const t = unify(types, name);
      return { type: T.bool, argTypes: [t, t], run: (a, n) => compare(op, a[0]!, a[1]!, n) };
    },
  };
}

const eqNullSafe: Impl = {
  min: 2,
  max: 2,
  bind(types, _o, name) {
    const t = unify(types, name);
    return {
      type: T.bool,
      argTypes: [t, t],
      run(a, n) {
        const c = compare("eq", a[0]!, a[1]!, n);
        const out = c.values as Uint8Array;
        for (let i = 0; i < n; i++) {
          const va = a[0]!.c.valid === null || a[0]!.c.valid[a[0]!.scalar ? 0 : i] === 1;
          const vb = a[1]!.c.valid === null || a[1]!.c.valid[a[1]!.scalar ? 0 : i] === 1;
          if (!va || !vb) out[i] = va === vb ? 1 : 0;
        }
        return boolCol(n, out, null);
      },
    };
  },
};

function kleeneImpl(isAnd: boolean, min: number): Impl {
  return {
    min,
    max: Infinity,
    bind(types, _o, name) {
      types.forEach((_, i) => need(types, i, ["bool"], name));
      return {
        type: T.bool,
        argTypes: types.map(() => T.bool),
        run(args, n) {
          const out = new Uint8Array(n);
          const valid = new Uint8Array(n);
          const dom = isAnd ? 0 : 1;
          let anyNull = false;
          for (let i = 0; i < n; i++) {
            let sawNull = false;
            let hit = false;
            for (const a of args) {
              const j = a.scalar ? 0 : i;
              if (a.c.valid !== null && a.c.valid[j] === 0) sawNull = true;
              else if (a.c.values![j] === dom) {
                hit = true;
                break;
              }
            }
            if (hit) {
              out[i] = dom;
              valid[i] = 1;
            } else if (sawNull) anyNull = true;
            else {
              out[i] = 1 - dom;
              valid[i] = 1;
            }
          }
          return boolCol(n, out, anyNull ? valid : null);
        },
      };
    },
  };
}

function strictLogicImpl(isAnd: boolean): Impl {
  return {
    min: 2,
    max: 2,
    bind(types, _o, name) {
      types.forEach((_, i) => need(types, i, ["bool"], name));
      return {
        type: T.bool,
        argTypes: [T.bool, T.bool],
        run(args, n) {
          const [a, b] = args as [Val, Val];
          const sa = a.scalar ? 0 : 1;
          const sb = b.scalar ? 0 : 1;
          const x = a.c.values as Uint8Array;
          const y = b.c.values as Uint8Array;
          const out = new Uint8Array(n);
          if (isAnd) { for (let i = 0; i < n; i++) out[i] = x[i * sa]! & y[i * sb]!; }
          else for (let i = 0; i < n; i++) out[i] = x[i * sa]! | y[i * sb]!;
          return boolCol(n, out, andValid(args, n));
        },
      };
    },
  };
}

const notImpl: Impl = {
  min: 1,
  max: 1,
  bind(types, _o, name) {
    need(types, 0, ["bool"], name);
    return {
      type: T.bool,
      argTypes: [T.bool],
      run(args, n) {
        const a = args[0]!;
        const s = a.scalar ? 0 : 1;
        const x = a.c.values as Uint8Array;
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) out[i] = 1 - x[i * s]!;
        return boolCol(n, out, andValid(args, n));
      },
    };
  },
};

function isNullImpl(negate: boolean): Impl {
  return {
    min: 1,
    max: 1,
    defaults: negate ? {} : { nan_is_null: false },
    bind(_types, o) {
      return {
        type: T.bool,
        run(args, n) {
          const a = args[0]!;
          const s = a.scalar ? 0 : 1;
          const va = a.c.valid;
          const out = new Uint8Array(n);
          const nan = o.nan_is_null === true && a.c.type.kind === "float";
          const x = a.c.values as Float64Array;
          for (let i = 0; i < n; i++) {
            let isNull = va !== null && va[i * s] === 0;
            if (!isNull && nan && x[i * s] !== x[i * s]) isNull = true;
            out[i] = isNull !== negate ? 1 : 0;
          }
          return boolCol(n, out, null);
        },
      };
    },
  };
}

const coalesceImpl: Impl = {
  min: 1,
  max: Infinity,
  bind(types, _o, name) {
    const t = unify(types, name);
    return {
      type: t,
      argTypes: types.map(() => t),
      run(args, n) {
        const idx = new Int32Array(n);
        const bases: number[] = [];
        let base = 0;
        for (const a of args) {
          bases.push(base);
          base += a.c.length;
        }
        for (let i = 0; i < n; i++) {
          idx[i] = -1;
          for (let k = 0; k < args.length; k++) {
            const a = args[k]!;
            const j = a.scalar ? 0 : i;
            if (a.c.valid === null || a.c.valid[j] === 1) {
              idx[i] = bases[k]! + j;
              break;
            }
          }
        }
        return choose(args, idx, t);
      },
    };
  },
};

const nullifImpl: Impl = {
  min: 2,
  max: 2,
  bind(types, _o, name) {
    const t = unify(types, name);
    const out = types[0]!.kind === "null" ? t : types[0]!;
    return {
      type: out,
      argTypes: [t, t],
      run(args, n) {
        const eq = compare("eq", args[0]!, args[1]!, n);
        const idx = new Int32Array(n);
        const ev = eq.values as Uint8Array;
        for (let i = 0; i < n; i++) {
          const isEq = (eq.valid === null || eq.valid[i] === 1) && ev[i] === 1;
          idx[i] = isEq ? -1 : args[0]!.scalar ? 0 : i;
        }
        return castCol(take(args[0]!.c, idx), out, "unsafe");
      },
    };
  },
};

function ifElseImpl(nullCondGivesNull: boolean): Impl {
  return {
    min: 3,
    max: 3,
    bind(types, _o, name) {
      need(types, 0, ["bool"], name);
      const t = unify(types.slice(1), name);
      return {
        type: t,
        argTypes: [T.bool, t, t],
        run(args, n) {
          const [c, a, b] = args as [Val, Val, Val];
          const sc = c.scalar ? 0 : 1;
          const sa = a.scalar ? 0 : 1;
          const sb = b.scalar ? 0 : 1;
          const la = a.c.length;
          const cv = c.c.values as Uint8Array;
          const cvalid = c.c.valid;
          const idx = new Int32Array(n);
          for (let i = 0; i < n; i++) {
            const j = i * sc;
            if (cvalid !== null && cvalid[j] === 0) idx[i] = nullCondGivesNull ? -1 : la + i * sb;
            else idx[i] = cv[j] === 1 ? i * sa : la + i * sb;
          }
          return choose([a, b], idx, t);
        },
      };
    },
  };
}

function arithImpl(
  op: ArithOp,
  mode: Omit<ArithMode, "name">,
  opts: { float64?: boolean; intOnly?: boolean } = {},
): Impl {
  return {
    min: 2,
    max: 2,
    bind(types, _o, name) {
      let t = numericCommon(types, name, opts.intOnly);
      if (opts.float64) t = T.float64;
      if (t.kind === "float" && (op === "idiv" || op === "mod")) bad(name, "expects integers");
      if (t.kind === "decimal") {
        // exact, in the common decimal type (as the registry types it)
        if (op !== "add" && op !== "sub" && op !== "mul") {
          bad(name, `does not take decimals, got ${show(types)}`);
        }
        if (op === "mul" && 2 * t.scale > 38) {
          bad(name, `an exact product of ${formatType(t)} needs scale ${2 * t.scale}; at most 38`);
        }
        const dt = t;
        return {
          type: t,
          argTypes: [t, t],
          run: (a, n) => decArith(op, a[0]!, a[1]!, dt, n, name),
        };
      }
      const m: ArithMode = { ...mode, name };
      return { type: t, argTypes: [t, t], run: (a, n) => arith(op, a[0]!, a[1]!, t, n, m) };
    },
  };
}

function negAbsImpl(op: "neg" | "abs", mode: "check" | "wrap"): Impl {
  return {
    min: 1,
    max: 1,
    bind(types, _o, name) {
      const t = numericCommon(types, name);
      if (t.kind === "decimal") {
        const f = op === "neg" ? (x: bigint) => -x : (x: bigint) => (x < 0n ? -x : x);
        return { type: t, argTypes: [t], run: (a, n) => decMap(a[0]!, n, name, f) };
      }
      return { type: t, argTypes: [t], run: (a, n) => negAbs(op, a[0]!, n, mode, name) };
    },
  };
}

function roundValues(
  a: Val,
  digits: (i: number) => number | null,
  n: number,
  mode: RoundMode,
  name: string,
): Col {
  const t = a.c.type;
  if (t.kind === "decimal") {
    return decMap(a, n, name, (x, i) => {
      const d = digits(i);
      return d === null ? null : roundDecimal(x, t.scale, d, mode);
    });
  }
  const s = a.scalar ? 0 : 1;
  const valid = new Uint8Array(n);
  const out = allocValues(t, n);
  let anyNull = false;
  for (let i = 0; i < n; i++) {
    const d = digits(i);
    const ok = (a.c.valid === null || a.c.valid[i * s] === 1) && d !== null;
    if (!ok) {
      anyNull = true;
      continue;
    }
    valid[i] = 1;
    const x = a.c.values![i * s]!;
    if (typeof x === "bigint") {
      const r = roundBigInt(x, d, mode);
      if (
        t.kind === "int" &&
        (r !== BigInt.asIntN(64, r) && t.signed || !t.signed && r !== BigInt.asUintN(64, r))
      ) {
        throw new ComputeError("overflow", "round overflow");
      }
      (out as BigInt64Array)[i] = r;
    } else if (t.kind === "int") {
      const r = Number(roundBigInt(BigInt(x), d, mode));
      (out as Float64Array)[i] = r;
      if ((out as Float64Array)[i] !== r) throw new ComputeError("overflow", "round overflow");
    } else (out as Float64Array)[i] = d === 0 ? roundInt(x, mode) : roundDouble(x, d, mode);
  }
  return { type: t, length: n, valid: anyNull ? valid : null, values: out };
}

function roundInt(x: number, mode: RoundMode): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 4503599627370496) return x;
  const f = Math.floor(x);
  const diff = x - f; // exact
  if (diff === 0) return x;
  let r: number;
  switch (mode) {
    case "down":
      r = f;
      break;
    case "up":
      r = f + 1;
      break;
    case "towards_zero":
      r = Math.trunc(x);
      break;
    case "towards_infinity":
      r = x < 0 ? f : f + 1;
      break;
    default:
      if (diff < 0.5) r = f;
      else if (diff > 0.5) r = f + 1;
      else {
        switch (mode) {
          case "half_down":
            r = f;
            break;
          case "half_up":
            r = f + 1;
            break;
          case "half_towards_zero":
            r = x < 0 ? f + 1 : f;
            break;
          case "half_towards_infinity":
            r = x < 0 ? f : f + 1;
            break;
          case "half_to_even":
            r = f % 2 === 0 ? f : f + 1;
            break;
          default:
            r = f % 2 === 0 ? f + 1 : f;
        }
      }
  }
  return r === 0 && x < 0 ? -0 : r;
}

const pcRound: Impl = {
  min: 1,
  max: 1,
  defaults: { ndigits: 0, round_mode: "half_to_even" },
  bind(types, o, name) {
    const t = numericCommon(types, name);
    const mode = String(o.round_mode) as RoundMode;
    if (!ROUND_MODES.includes(mode)) bad(name, `unknown round_mode "${mode}"`);
    const d = Number(o.ndigits);
    if (!Number.isInteger(d)) bad(name, "ndigits must be an integer");
    return { type: t, argTypes: [t], run: (a, n) => roundValues(a[0]!, () => d, n, mode, name) };
  },
};

function registryRound(mode: RoundMode): Impl {
  return {
    min: 1,
    max: 2,
    bind(types, _o, name) {
      const t = numericCommon(types.slice(0, 1), name);
      if (types.length > 1) need(types, 1, ["int"], name);
      return {
        type: t,
        argTypes: [t, types.length > 1 ? T.int64 : undefined],
        run(a, n) {
          const dv = a[1];
          const digits = (i: number): number | null => {
            if (!dv) return 0;
            const v = valueAt(dv.c, dv.scalar ? 0 : i);
            return v === null ? null : Number(v);
          };
          return roundValues(a[0]!, digits, n, mode, name);
        },
      };
    },
  };
}

function floorCeilImpl(ceil: boolean, intsToFloat: boolean): Impl {
  return {
    min: 1,
    max: 1,
    bind(types, _o, name) {
      let t = numericCommon(types, name);
      if (t.kind === "int" && intsToFloat) t = T.float64;
      return {
        type: t,
        argTypes: [t],
        run(a, n) {
          const v = a[0]!;
          if (t.kind === "int") return materialize(v, n);
          if (t.kind === "decimal") {
            const s = t.scale;
            return decMap(v, n, name, (x) => roundDecimal(x, s, 0, ceil ? "up" : "down"));
          }
          const s = v.scalar ? 0 : 1;
          const x = v.c.values as Float64Array;
          const out = allocValues(t, n) as Float64Array;
          for (let i = 0; i < n; i++) out[i] = ceil ? Math.ceil(x[i * s]!) : Math.floor(x[i * s]!);
          return { type: t, length: n, valid: andValid([v], n), values: out };
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Byte-level string kernels. Each works on the UTF-8 bytes and offsets of its
// utf8 arguments and falls back, row by row (or for the whole call, by
// returning null), to the exact code-point code of strings.ts wherever bytes
// alone cannot decide (non-ASCII rows, case folding, odd options).

/**
 * A vectorized form of a string function: the result, or null when it does
 * not apply to these arguments (the row-by-row kernel runs instead).
 */
type FastKernel = (a: readonly Val[], n: number, o: Opts, name: string) => Col | null;

function isUtf8(v: Val): boolean {
  return v.c.type.kind === "utf8";
}

/**
 * Unary utf8 -> utf8 over bytes: `fast` appends the result of row bytes
 * `[s, e)` and returns true, or returns false (having appended nothing) to
 * have `slow` run on the decoded string.
 */
function mapUtf8(
  a: Val,
  n: number,
  fast: (d: Uint8Array, s: number, e: number, b: Utf8Builder) => boolean,
  slow: (s: string) => string,
): Col {
  const c = a.c;
  const o = c.offsets!;
  const d = c.data!;
  const va = c.valid;
  const b = new Utf8Builder(n, a.scalar ? 16 : o[n]! - o[0]!);
  for (let i = 0; i < n; i++) {
    const j = a.scalar ? 0 : i;
    if (va !== null && va[j] === 0) {
      b.endNull();
      continue;
    }
    if (!fast(d, o[j]!, o[j + 1]!, b)) b.addString(slow(strAt(c, j)));
    b.end();
  }
  return b.finish();
}

function isAsciiWs(ch: number): boolean {
  return ch === 0x20 || (ch >= 0x9 && ch <= 0xd);
}

/** Trim: bytes below 0x80 are whole code points, so ASCII ends trim by bytes. */
function trimFast(left: boolean, right: boolean): FastKernel {
  return (a, n) => {
    if (!isUtf8(a[0]!)) return null;
    return mapUtf8(a[0]!, n, (d, s, e, b) => {
      let x = s;
      let y = e;
      if (left) {
        for (; x < y; x++) {
          const ch = d[x]!;
          if (ch >= 0x80) return false;
          if (!isAsciiWs(ch)) break;
        }
      }
      if (right) {
        for (; y > x; y--) {
          const ch = d[y - 1]!;
          if (ch >= 0x80) return false;
          if (!isAsciiWs(ch)) break;
        }
      }
      b.add(d, x, y);
      return true;
    }, (s) => trimWs(s, left, right));
  };
}

const trimImpl = (left: boolean, right: boolean): Impl =>
  strFn([1, 1], T.utf8, (v) => trimWs(v[0] as string, left, right), {
    fast: trimFast(left, right),
  });

function clampTo(x: number, len: number): number {
  return x < 0 ? 0 : x > len ? len : x;
}

/** utf8_slice_codeunits with step 1 and integer bounds: ASCII rows by byte positions. */
const sliceFast: FastKernel = (a, n, o) => {
  if (!isUtf8(a[0]!)) return null;
  const start = Number(o.start ?? 0);
  const stop = o.stop === null || o.stop === undefined ? null : Number(o.stop);
  const step = Number(o.step ?? 1);
  if (step !== 1 || !Number.isInteger(start) || (stop !== null && !Number.isInteger(stop))) {
    return null;
  }
  return mapUtf8(a[0]!, n, (d, s, e, b) => {
    if (!isAsciiRange(d, s, e)) return false;
    const len = e - s;
    const x = clampTo(start < 0 ? start + len : start, len);
    const y = stop === null ? len : clampTo(stop < 0 ? stop + len : stop, len);
    if (x < y) b.add(d, s + x, s + y);
    return true;
  }, (s) => sliceCodepoints(s, start, stop, step));
};

/** Registry substr: ASCII rows by byte positions, others through `substr`. */
const substrFast: FastKernel = (a, n) => {
  if (!isUtf8(a[0]!) || a.slice(1).some((v) => v.c.type.kind !== "int")) return null;
  const c = a[0]!.c;
  const o = c.offsets!;
  const d = c.data!;
  const st = a[1]!;
  const ln = a.length > 2 ? a[2]! : null;
  const stv = st.c.values!;
  const lnv = ln === null ? null : ln.c.values!;
  const b = new Utf8Builder(n, a[0]!.scalar ? 16 : o[n]! - o[0]!);
  for (let i = 0; i < n; i++) {
    const j = a[0]!.scalar ? 0 : i;
    const js = st.scalar ? 0 : i;
    const jl = ln === null || ln.scalar ? 0 : i;
    if (!validAt(a[0]!, i) || !validAt(st, i) || (ln !== null && !validAt(ln, i))) {
      b.endNull();
      continue;
    }
    const start = Number(stv[js]!);
    const len = lnv === null ? null : Number(lnv[jl]!);
    const s = o[j]!;
    const e = o[j + 1]!;
    if (!isAsciiRange(d, s, e)) b.addString(substr(strAt(c, j), start, len));
    else if (len === null || len >= 0) {
      const m = e - s;
      let begin = start > 0 ? start - 1 : start === 0 ? -1 : m + start;
      let end = len === null ? m : begin + len;
      if (begin < 0) begin = 0;
      if (end > m) end = m;
      if (begin < end) b.add(d, s + begin, s + end);
    }
    b.end();
  }
  return b.finish();
};

/** Append row `i` of a utf8 value to `b`. */
function addRow(b: Utf8Builder, v: Val, i: number): void {
  const j = v.scalar ? 0 : i;
  const o = v.c.offsets!;
  b.add(v.c.data!, o[j]!, o[j + 1]!);
}

function byteSize(vals: readonly Val[]): number {
  let t = 0;
  for (const v of vals) if (!v.scalar) t += v.c.offsets![v.c.length]! - v.c.offsets![0]!;
  return t;
}

/**
 * binary_join_element_wise by byte copies (UTF-8 concatenates bytewise):
 * the last argument is the separator; nulls as `mode` says.
 */
function joinFast(a: readonly Val[], n: number, mode: string, rep: string): Col | null {
  if (!a.every(isUtf8)) return null;
  const sep = a[a.length - 1]!;
  const parts = a.slice(0, -1);
  const repBytes = utf8Encode(rep);
  const b = new Utf8Builder(n, byteSize(a));
  for (let i = 0; i < n; i++) {
    if (!validAt(sep, i)) {
      b.endNull();
      continue;
    }
    let first = true;
    let isNull = false;
    for (const p of parts) {
      if (!validAt(p, i)) {
        if (mode === "emit_null") {
          isNull = true;
          break;
        }
        if (mode !== "replace") continue;
        if (!first) addRow(b, sep, i);
        b.add(repBytes, 0, repBytes.length);
      } else {
        if (!first) addRow(b, sep, i);
        addRow(b, p, i);
      }
      first = false;
    }
    if (isNull) b.endNull();
    else b.end();
  }
  return b.finish();
}

/** Registry concat by byte copies: null when any argument is null. */
const concatFast: FastKernel = (a, n) => {
  if (!a.every(isUtf8)) return null;
  const b = new Utf8Builder(n, byteSize(a));
  for (let i = 0; i < n; i++) {
    if (!a.every((v) => validAt(v, i))) {
      b.endNull();
      continue;
    }
    for (const v of a) addRow(b, v, i);
    b.end();
  }
  return b.finish();
};

/**
 * Append `d[s, e)` with non-overlapping occurrences of `p`, leftmost first,
 * replaced by `r` (at most `limit` of them; an empty `p` changes nothing).
 */
function addReplaced(
  b: Utf8Builder,
  d: Uint8Array,
  s: number,
  e: number,
  p: Uint8Array,
  r: Uint8Array,
  limit: number,
): void {
  let pos = s;
  if (p.length > 0) {
    for (let k = 0; k < limit; k++) {
      const at = findBytes(d, p, pos, e);
      if (at < 0) break;
      b.add(d, pos, at);
      b.add(r, 0, r.length);
      pos = at + p.length;
    }
  }
  b.add(d, pos, e);
}

/** replace_substring on bytes (a byte match of well-formed UTF-8 is a code point match). */
const replaceSubstringFast: FastKernel = (a, n, o) => {
  if (!isUtf8(a[0]!)) return null;
  const p = utf8Pattern(String(o.pattern));
  if (p === null) return null;
  const r = utf8Encode(String(o.replacement));
  const max = o.max_replacements === null || o.max_replacements === undefined
    ? null
    : Number(o.max_replacements);
  const limit = max === null || max < 0 ? Infinity : max;
  return mapUtf8(a[0]!, n, (d, s, e, b) => {
    addReplaced(b, d, s, e, p, r, limit);
    return true;
  }, () => {
    throw new Error("unreachable");
  });
};

/** Registry replace(s, from, to) on bytes, for scalar or column arguments. */
const replaceFast: FastKernel = (a, n) => {
  if (!a.every(isUtf8)) return null;
  const [sv, pv, rv] = a as [Val, Val, Val];
  const bytesOf = (v: Val, i: number): Uint8Array => {
    const j = v.scalar ? 0 : i;
    return v.c.data!.subarray(v.c.offsets![j]!, v.c.offsets![j + 1]!);
  };
  const p0 = pv.scalar ? bytesOf(pv, 0) : null;
  const r0 = rv.scalar ? bytesOf(rv, 0) : null;
  const b = new Utf8Builder(n, byteSize([sv]));
  const so = sv.c.offsets!;
  for (let i = 0; i < n; i++) {
    if (!validAt(sv, i) || !validAt(pv, i) || !validAt(rv, i)) {
      b.endNull();
      continue;
    }
    const j = sv.scalar ? 0 : i;
    addReplaced(
      b,
      sv.c.data!,
      so[j]!,
      so[j + 1]!,
      p0 ?? bytesOf(pv, i),
      r0 ?? bytesOf(rv, i),
      Infinity,
    );
    b.end();
  }
  return b.finish();
};

/**
 * Append the parts of `d[s, e)` split on `p` as rows of `b` (at most `limit`
 * splits, from the left); an empty `p` splits into code points. Returns the
 * number of parts.
 */
function addSplit(
  b: Utf8Builder,
  d: Uint8Array,
  s: number,
  e: number,
  p: Uint8Array,
  limit: number,
): number {
  let parts = 0;
  if (p.length === 0) {
    let a = s;
    for (let k = s + 1; k <= e; k++) {
      if (k === e || (d[k]! & 0xc0) !== 0x80) {
        b.add(d, a, k);
        b.end();
        parts++;
        a = k;
      }
    }
    return parts;
  }
  let pos = s;
  for (let k = 0; k < limit; k++) {
    const at = findBytes(d, p, pos, e);
    if (at < 0) break;
    b.add(d, pos, at);
    b.end();
    parts++;
    pos = at + p.length;
  }
  b.add(d, pos, e);
  b.end();
  return parts + 1;
}

/**
 * split_pattern / split on bytes into a list<utf8> column. `pyarrow`: a
 * pattern option (max_splits from the left only); else the separator is
 * the second argument and '' splits into [''].
 */
function splitFast(pyarrow: boolean): FastKernel {
  return (a, n, o) => {
    if (!isUtf8(a[0]!) || (!pyarrow && !isUtf8(a[1]!))) return null;
    let p0: Uint8Array | null = null;
    let limit = Infinity;
    if (pyarrow) {
      p0 = utf8Pattern(String(o.pattern));
      const max = o.max_splits === null || o.max_splits === undefined ? null : Number(o.max_splits);
      if (max !== null && max >= 0) {
        if (o.reverse === true || !Number.isInteger(max)) return null;
        limit = max;
      }
      if (p0 === null) return null;
    }
    const sv = a[0]!;
    const pv = pyarrow ? null : a[1]!;
    const so = sv.c.offsets!;
    const d = sv.c.data!;
    const offsets = new Int32Array(n + 1);
    const valid = new Uint8Array(n);
    let nulls = 0;
    const b = new Utf8Builder(n * 2, byteSize([sv]));
    for (let i = 0; i < n; i++) {
      if (!validAt(sv, i) || (pv !== null && !validAt(pv, i))) {
        nulls++;
        offsets[i + 1] = offsets[i]!;
        continue;
      }
      valid[i] = 1;
      const j = sv.scalar ? 0 : i;
      const s = so[j]!;
      const e = so[j + 1]!;
      let k: number;
      if (pv !== null && s === e) {
        b.end();
        k = 1;
      } else {
        let p = p0;
        if (p === null) {
          const jp = pv!.scalar ? 0 : i;
          p = pv!.c.data!.subarray(pv!.c.offsets![jp]!, pv!.c.offsets![jp + 1]!);
        }
        k = addSplit(b, d, s, e, p, limit);
      }
      offsets[i + 1] = offsets[i]! + k;
    }
    return {
      type: listOf(T.utf8),
      length: n,
      valid: nulls > 0 ? valid : null,
      offsets,
      child: b.finish(),
    };
  };
}

/** upper/lower: ASCII rows map a-z/A-Z bytewise (all ASCII case mapping does). */
function caseFast(upper: boolean): FastKernel {
  const lo = upper ? 0x61 : 0x41;
  return (a, n) => {
    if (!isUtf8(a[0]!)) return null;
    return mapUtf8(a[0]!, n, (d, s, e, b) => {
      if (!isAsciiRange(d, s, e)) return false;
      const at = b.reserve(e - s);
      const out = b.bytes;
      for (let k = s; k < e; k++) {
        const ch = d[k]!;
        out[at + k - s] = ch >= lo && ch < lo + 26 ? ch ^ 0x20 : ch;
      }
      return true;
    }, (s) => caseMap(s, upper));
  };
}

const caseImpl = (upper: boolean): Impl =>
  strFn([1, 1], T.utf8, (v) => caseMap(v[0] as string, upper), { fast: caseFast(upper) });

function strFn(
  nargs: [number, number],
  out: DataType,
  f: (s: readonly unknown[], o: Opts, name: string) => unknown,
  opts: {
    defaults?: Opts;
    nullIn?: boolean;
    argKinds?: readonly (readonly string[])[];
    fast?: FastKernel;
  } = {},
): Impl {
  return {
    min: nargs[0],
    max: nargs[1],
    ...(opts.defaults ? { defaults: opts.defaults } : {}),
    bind(types, o, name) {
      types.forEach((_, i) => need(types, i, opts.argKinds?.[i] ?? ["utf8"], name));
      const fast = opts.fast;
      return {
        type: out,
        run: (a, n) =>
          fast?.(a, n, o, name) ?? rowwise(out, a, n, (v) => f(v, o, name), opts.nullIn ?? true),
      };
    },
  };
}

const lengthCp = (int32: boolean): Impl => ({
  min: 1,
  max: 1,
  bind(types, _o, name) {
    need(types, 0, ["utf8"], name);
    const t = int32 ? T.int32 : T.int64;
    return {
      type: t,
      run(a, n) {
        const v = materialize(a[0]!, n);
        const o = v.offsets!;
        const d = v.data!;
        const out = allocValues(t, n);
        for (let i = 0; i < n; i++) {
          let c = 0;
          for (let k = o[i]!; k < o[i + 1]!; k++) if ((d[k]! & 0xc0) !== 0x80) c++;
          if (out instanceof BigInt64Array) out[i] = BigInt(c);
          else out[i] = c;
        }
        return { type: t, length: n, valid: v.valid, values: out };
      },
    };
  },
});

/**
 * A bool result over `n` rows: null where any argument is null, else `f(i)`
 * (only called on those rows, so errors stay as lazy as row by row).
 */
function boolMap(a: readonly Val[], n: number, f: (i: number) => boolean): Col {
  const valid = andValid(a, n);
  const out = new Uint8Array(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (valid === null || valid[i] === 1) out[i] = f(i) ? 1 : 0;
    else nulls++;
  }
  return boolCol(n, out, nulls > 0 ? valid : null);
}

/** Literal pieces of a LIKE pattern without `_` or `\` (split on `%`), else null. */
function likePieces(p: string): Uint8Array[] | null {
  if (p.includes("_") || p.includes("\\")) return null;
  const out: Uint8Array[] = [];
  for (const piece of p.split("%")) {
    const b = utf8Pattern(piece);
    if (b === null) return null;
    out.push(b);
  }
  return out;
}

/** `d[s, e)` matches the LIKE pieces: prefix, suffix, middles leftmost in order. */
function likeBytes(d: Uint8Array, s: number, e: number, pieces: readonly Uint8Array[]): boolean {
  const k = pieces.length - 1;
  const first = pieces[0]!;
  if (k === 0) return e - s === first.length && bytesAt(d, s, e, first);
  const last = pieces[k]!;
  const tail = e - last.length;
  if (tail < s + first.length || !bytesAt(d, s, e, first) || !bytesAt(d, tail, e, last)) {
    return false;
  }
  let pos = s + first.length;
  for (let m = 1; m < k; m++) {
    const at = findBytes(d, pieces[m]!, pos, tail);
    if (at < 0) return false;
    pos = at + pieces[m]!.length;
  }
  return true;
}

/**
 * Pattern tests on bytes: starts/ends/contains compare UTF-8 bytes (a byte
 * match of well-formed UTF-8 is a code point match); LIKE patterns made of
 * literals and `%` match piece by piece; the rest (case folding, `_`,
 * escapes, RE2) test decoded rows against the cached RegExp.
 */
function patternFast(
  kind: "starts" | "ends" | "contains" | "regex" | "like",
  fromOptions: boolean,
  test: (s: string, p: string, ic: boolean, name: string) => boolean,
): FastKernel {
  return (a, n, o, name) => {
    const sv = a[0]!;
    if (!isUtf8(sv) || (!fromOptions && !isUtf8(a[1]!))) return null;
    const c = sv.c;
    const off = c.offsets!;
    const d = c.data!;
    const ic = fromOptions && o.ignore_case === true;
    const pv = fromOptions ? null : a[1]!;
    const pat = pv === null
      ? String(o.pattern)
      : pv.scalar && validAt(pv, 0)
      ? strAt(pv.c, 0)
      : null;
    const row = (i: number): number => (sv.scalar ? 0 : i);
    if (!ic && (kind === "starts" || kind === "ends" || kind === "contains")) {
      let pb: Uint8Array | null = null;
      if (pat !== null) {
        pb = utf8Pattern(pat);
        if (pb === null) return null;
      }
      const po = pv?.c.offsets;
      const pd = pv?.c.data;
      return boolMap(a, n, (i) => {
        const j = row(i);
        const s = off[j]!;
        const e = off[j + 1]!;
        let p = pb;
        if (p === null) {
          const k = pv!.scalar ? 0 : i;
          p = pd!.subarray(po![k]!, po![k + 1]!);
        }
        if (kind === "starts") return bytesAt(d, s, e, p);
        if (kind === "ends") return e - p.length >= s && bytesAt(d, e - p.length, e, p);
        return findBytes(d, p, s, e) >= 0;
      });
    }
    const pieces = kind === "like" && !ic && pat !== null ? likePieces(pat) : null;
    if (pieces !== null) {
      return boolMap(a, n, (i) => {
        const j = row(i);
        return likeBytes(d, off[j]!, off[j + 1]!, pieces);
      });
    }
    const rows = sv.scalar ? null : decodeRows(c, n);
    return boolMap(
      a,
      n,
      (i) =>
        test(
          rows === null ? strAt(c, row(i)) : rows(i),
          pat ?? strAt(pv!.c, pv!.scalar ? 0 : i),
          ic,
          name,
        ),
    );
  };
}

function patternTest(
  kind: "starts" | "ends" | "contains" | "regex" | "like",
  fromOptions: boolean,
): Impl {
  const test = (s: string, p: string, ic: boolean, name: string): boolean => {
    switch (kind) {
      case "starts":
        return ic ? s.toLowerCase().startsWith(p.toLowerCase()) : s.startsWith(p);
      case "ends":
        return ic ? s.toLowerCase().endsWith(p.toLowerCase()) : s.endsWith(p);
      case "contains":
        return ic ? s.toLowerCase().includes(p.toLowerCase()) : s.includes(p);
      case "regex":
        return re2RegExp(p, ic, name).test(s);
      case "like":
        return likeRegExp(p, ic, name).test(s);
    }
  };
  if (fromOptions) {
    return strFn(
      [1, 1],
      T.bool,
      (v, o, name) => test(v[0] as string, String(o.pattern), o.ignore_case === true, name),
      {
        defaults: { pattern: "", ignore_case: false },
        fast: patternFast(kind, true, test),
      },
    );
  }
  return strFn(
    [2, 2],
    T.bool,
    (v, _o, name) => test(v[0] as string, v[1] as string, false, name),
    { fast: patternFast(kind, false, test) },
  );
}

function joinImpl(): Impl {
  return {
    min: 2,
    max: Infinity,
    defaults: { null_handling: "emit_null", null_replacement: "" },
    bind(types, o, name) {
      types.forEach((_, i) => need(types, i, ["utf8"], name));
      const mode = String(o.null_handling);
      if (!["emit_null", "skip", "replace"].includes(mode)) {
        bad(name, `unknown null_handling "${mode}"`);
      }
      const rep = String(o.null_replacement);
      return {
        type: T.utf8,
        run: (a, n) =>
          joinFast(a, n, mode, rep) ?? rowwise(T.utf8, a, n, (v) => {
            const sep = v[v.length - 1];
            if (sep === null) return null;
            const parts: string[] = [];
            for (let k = 0; k < v.length - 1; k++) {
              const p = v[k];
              if (p === null) {
                if (mode === "emit_null") return null;
                if (mode === "replace") parts.push(rep);
              } else parts.push(p as string);
            }
            return parts.join(sep as string);
          }, false),
      };
    },
  };
}

function listLenImpl(int32: boolean): Impl {
  return {
    min: 1,
    max: 1,
    bind(types, _o, name) {
      need(types, 0, ["list"], name);
      const t = int32 ? T.int32 : T.int64;
      return {
        type: t,
        run(a, n) {
          const v = materialize(a[0]!, n);
          const out = allocValues(t, n);
          const o = v.offsets;
          for (let i = 0; i < n; i++) {
            const c = o ? o[i + 1]! - o[i]! : 0;
            if (out instanceof BigInt64Array) out[i] = BigInt(c);
            else out[i] = c;
          }
          return {
            type: t,
            length: n,
            valid: v.type.kind === "null" ? new Uint8Array(n) : v.valid,
            values: out,
          };
        },
      };
    },
  };
}

function listGetImpl(raise: boolean): Impl {
  return {
    min: 2,
    max: 2,
    bind(types, _o, name) {
      need(types, 0, ["list"], name);
      need(types, 1, ["int"], name);
      const l = types[0]!;
      const item = l.kind === "list" ? l.item : T.null;
      return {
        type: item,
        argTypes: [undefined, T.int64],
        run(a, n) {
          const lv = a[0]!;
          const iv = a[1]!;
          if (lv.c.type.kind === "null") return colFromValues(item, new Array(n).fill(null));
          const idx = new Int32Array(n);
          const o = lv.c.offsets!;
          for (let i = 0; i < n; i++) {
            const li = lv.scalar ? 0 : i;
            const ii = iv.scalar ? 0 : i;
            idx[i] = -1;
            if (lv.c.valid !== null && lv.c.valid[li] === 0) continue;
            if (iv.c.valid !== null && iv.c.valid[ii] === 0) continue;
            const k = Number(iv.c.values![ii]!);
            const len = o[li + 1]! - o[li]!;
            if (k < 0 || k >= len) {
              if (raise) {
                throw new ComputeError(
                  "index-out-of-range",
                  `${name}: index ${k} out of bounds for a list of length ${len}`,
                );
              }
              continue;
            }
            idx[i] = o[li]! + k;
          }
          return take(lv.c.child!, idx);
        },
      };
    },
  };
}

const listContainsImpl: Impl = {
  min: 2,
  max: 2,
  bind(types, _o, name) {
    need(types, 0, ["list"], name);
    const l = types[0]!;
    const item = l.kind === "list" ? l.item : T.null;
    const t = unify([item, types[1]!], name);
    return {
      type: T.bool,
      argTypes: [l.kind === "list" ? listOf(t) : undefined, t],
      run(a, n) {
        const lv = a[0]!;
        const xv = a[1]!;
        const out = new Uint8Array(n);
        const valid = andValid([lv, xv], n) ?? new Uint8Array(n).fill(1);
        if (lv.c.type.kind === "null") return boolCol(n, out, new Uint8Array(n));
        const o = lv.c.offsets!;
        const ch = lv.c.child!;
        for (let i = 0; i < n; i++) {
          if (!valid[i]) continue;
          const li = lv.scalar ? 0 : i;
          const xi = xv.scalar ? 0 : i;
          for (let k = o[li]!; k < o[li + 1]!; k++) {
            if (ch.valid !== null && ch.valid[k] === 0) continue;
            if (cmpRows(ch, k, xv.c, xi) === 0 && !isNaNAt(ch, k)) {
              out[i] = 1;
              break;
            }
          }
        }
        return boolCol(n, out, hasZero(valid, n) ? valid : null);
      },
    };
  },
};

function isNaNAt(c: Col, i: number): boolean {
  if (c.type.kind !== "float") return false;
  const x = c.values![i] as number;
  return x !== x;
}

function hasZero(v: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (v[i] === 0) return true;
  return false;
}

const inImpl: Impl = {
  min: 2,
  max: Infinity,
  bind(types, _o, name) {
    const x = types[0]!;
    const listForm = types.length === 2 && types[1]!.kind === "list" && x.kind !== "list";
    const valueTypes = listForm ? [(types[1] as { item: DataType }).item] : types.slice(1);
    const t = unify([x, ...valueTypes], name);
    return {
      type: T.bool,
      argTypes: listForm ? [t, listOf(t)] : types.map(() => t),
      run(a, n) {
        const xv = a[0]!;
        const out = new Uint8Array(n);
        const valid = new Uint8Array(n);
        let anyNull = false;
        for (let i = 0; i < n; i++) {
          const xi = xv.scalar ? 0 : i;
          if (listForm) {
            // SQL IN over a list: an empty list gives false, even for a null x
            const lv = a[1]!;
            const li = lv.scalar ? 0 : i;
            const o = lv.c.offsets;
            if ((lv.c.valid === null || lv.c.valid[li] === 1) && o && o[li] === o[li + 1]) {
              valid[i] = 1;
              continue;
            }
          }
          if (xv.c.valid !== null && xv.c.valid[xi] === 0) {
            anyNull = true;
            continue;
          }
          let found = false;
          let sawNull = false;
          const probe = (c: Col, k: number): boolean => {
            if (c.valid !== null && c.valid[k] === 0) {
              sawNull = true;
              return false;
            }
            return cmpRows(xv.c, xi, c, k) === 0 && !isNaNAt(c, k);
          };
          if (listForm) {
            const lv = a[1]!;
            const li = lv.scalar ? 0 : i;
            if (lv.c.valid !== null && lv.c.valid[li] === 0) sawNull = true;
            else {
              const o = lv.c.offsets!;
              for (let k = o[li]!; k < o[li + 1]! && !found; k++) found = probe(lv.c.child!, k);
            }
          } else {
            for (let k = 1; k < a.length && !found; k++) {
              found = probe(a[k]!.c, a[k]!.scalar ? 0 : i);
            }
          }
          if (found) {
            out[i] = 1;
            valid[i] = 1;
          } else if (sawNull) anyNull = true;
          else valid[i] = 1;
        }
        return boolCol(n, out, anyNull ? valid : null);
      },
    };
  },
};

function valueKey(c: Col, i: number): unknown {
  const v = valueAt(c, i);
  if (v instanceof Uint8Array) return "b:" + Array.from(v).join(",");
  if (typeof v === "object" && v !== null) {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
  }
  if (typeof v === "number" && Object.is(v, -0)) return 0;
  return v;
}

const isInImpl: Impl = {
  min: 1,
  max: 1,
  defaults: { value_set: [], skip_nulls: false },
  bind(types, o, name) {
    if (!Array.isArray(o.value_set)) bad(name, "value_set must be a list");
    const x = types[0]!;
    const valuesRaw = o.value_set as unknown[];
    let vt: DataType = T.null;
    for (const v of valuesRaw) {
      if (v === null) continue;
      const t = typeof v === "boolean"
        ? T.bool
        : typeof v === "number"
        ? Number.isInteger(v) ? T.int64 : T.float64
        : T.utf8;
      vt = unify([vt, t], name);
    }
    const t = x.kind === "null" ? vt : isNumeric(x) && isNumeric(vt) ? unify([x, vt], name) : x;
    const set = castCol(colFromValues(vt.kind === "null" ? t : vt, valuesRaw), t, "error");
    const keys = new Set<unknown>();
    let hasNull = false;
    for (let k = 0; k < set.length; k++) {
      if (set.valid !== null && set.valid[k] === 0) hasNull = true;
      else keys.add(valueKey(set, k));
    }
    const skip = o.skip_nulls === true;
    return {
      type: T.bool,
      argTypes: [t],
      run(a, n) {
        const xv = a[0]!;
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const xi = xv.scalar ? 0 : i;
          if (xv.c.valid !== null && xv.c.valid[xi] === 0) out[i] = hasNull && !skip ? 1 : 0;
          else out[i] = keys.has(valueKey(xv.c, xi)) ? 1 : 0;
        }
        return boolCol(n, out, null);
      },
    };
  },
};

const stableIdImpl: Impl = {
  min: 2,
  max: Infinity,
  bind(types, _o, name) {
    for (const t of types) {
      if (t.kind === "list" || t.kind === "struct") bad(name, "parts must be scalars");
    }
    return {
      type: T.utf8,
      run(args, n) {
        const b = new VarBuilder(n, n * 16);
        const texts: string[] = new Array(args.length);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < args.length; k++) {
            const a = args[k]!;
            const j = a.scalar ? 0 : i;
            texts[k] = a.c.valid !== null && a.c.valid[j] === 0
              ? "\u0000"
              : a.c.type.kind === "utf8"
              ? strAt(a.c, j)
              : duckText(a.c, j);
          }
          const h = createHash("sha256").update(texts.join("\u001f"), "utf8").digest("hex");
          b.pushString(h.slice(0, 16));
        }
        return b.finish(T.utf8);
      },
    };
  },
};

/** pyarrow type names accepted by `cast` in addition to SPEC type strings. */
const PA_TYPE_ALIASES: Readonly<Record<string, string>> = {
  string: "utf8",
  large_string: "utf8",
  str: "utf8",
  double: "float64",
  float: "float32",
  halffloat: "float16",
  boolean: "bool",
  large_binary: "binary",
  "date32[day]": "date32",
  int: "int64",
};

/**
 * Parse a type string of SPEC section 1 or a pyarrow type name (`string`, `double`...).
 *
 * @example
 * ```ts
 * import { parseTypeName } from "./functions.ts";
 * parseTypeName("string").kind; // "utf8"
 * ```
 */
export function parseTypeName(s: string): DataType {
  return parseType(PA_TYPE_ALIASES[s] ?? s);
}

const castImpl: Impl = {
  min: 1,
  max: 1,
  defaults: { target_type: "", safe: true },
  bind(_types, o, name) {
    let to: DataType;
    try {
      to = parseTypeName(String(o.target_type));
    } catch (e) {
      bad(name, `bad target_type: ${(e as Error).message}`);
    }
    const mode: CastMode = o.safe === false ? "unsafe" : "error";
    return { type: to, run: (a, n) => castCol(materialize(a[0]!, n), to, mode) };
  },
};

/** Cast used by the ExprIR `cast` node. */
export function castValue(v: Val, to: DataType, safe: boolean, n: number): Col {
  return castCol(materialize(v, n), to, safe ? "null" : "error");
}

const concatImpl: Impl = strFn([1, Infinity], T.utf8, (v) => (v as string[]).join(""), {
  fast: concatFast,
});
const concatWsImpl: Impl = strFn([2, Infinity], T.utf8, (v) => {
  if (v[0] === null) return null;
  return v.slice(1).filter((x) => x !== null).join(v[0] as string);
}, {
  nullIn: false,
  // concat_ws(sep, ...) is binary_join_element_wise(..., sep) skipping nulls
  fast: (a, n) => joinFast([...a.slice(1), a[0]!], n, "skip", ""),
});

const CHECK = { overflow: "check", divZero: "null", floatDivZero: "null" } as const;
const WRAP = { overflow: "wrap", divZero: "raise", floatDivZero: "ieee" } as const;
const PCCHECK = { overflow: "check", divZero: "raise", floatDivZero: "ieee" } as const;

const splitImpl = (pyarrow: boolean): Impl =>
  pyarrow
    ? strFn(
      [1, 1],
      listOf(T.utf8),
      (v, o) =>
        splitLiteral(
          v[0] as string,
          String(o.pattern),
          o.max_splits === null || o.max_splits === undefined ? null : Number(o.max_splits),
          o.reverse === true,
        ),
      { defaults: { pattern: "", max_splits: null, reverse: false }, fast: splitFast(true) },
    )
    : strFn(
      [2, 2],
      listOf(T.utf8),
      // as DuckDB's string_split: '' splits into [''], even on an empty separator
      (v) => (v[0] === "" ? [""] : splitLiteral(v[0] as string, v[1] as string, null, false)),
      { fast: splitFast(false) },
    );

/** pyarrow.compute functions with pyarrow semantics. */
export const PC_IMPLS: ReadonlyMap<string, Impl> = new Map<string, Impl>([
  ["equal", cmpImpl("eq")],
  ["not_equal", cmpImpl("ne")],
  ["less", cmpImpl("lt")],
  ["less_equal", cmpImpl("le")],
  ["greater", cmpImpl("gt")],
  ["greater_equal", cmpImpl("ge")],
  ["and_kleene", kleeneImpl(true, 2)],
  ["or_kleene", kleeneImpl(false, 2)],
  ["and", strictLogicImpl(true)],
  ["or", strictLogicImpl(false)],
  ["invert", notImpl],
  ["is_null", isNullImpl(false)],
  ["is_valid", isNullImpl(true)],
  ["coalesce", coalesceImpl],
  ["if_else", ifElseImpl(true)],
  ["add_checked", arithImpl("add", PCCHECK)],
  ["subtract_checked", arithImpl("sub", PCCHECK)],
  ["multiply_checked", arithImpl("mul", PCCHECK)],
  ["negate_checked", negAbsImpl("neg", "check")],
  ["abs_checked", negAbsImpl("abs", "check")],
  ["add", arithImpl("add", WRAP)],
  ["subtract", arithImpl("sub", WRAP)],
  ["multiply", arithImpl("mul", WRAP)],
  ["negate", negAbsImpl("neg", "wrap")],
  ["abs", negAbsImpl("abs", "wrap")],
  ["divide", arithImpl("div", WRAP)],
  ["round", pcRound],
  ["floor", floorCeilImpl(false, true)],
  ["ceil", floorCeilImpl(true, true)],
  ["utf8_lower", caseImpl(false)],
  ["utf8_upper", caseImpl(true)],
  ["utf8_length", lengthCp(true)],
  ["binary_join_element_wise", joinImpl()],
  [
    "utf8_slice_codeunits",
    strFn([1, 1], T.utf8, (v, o) =>
      sliceCodepoints(
        v[0] as string,
        Number(o.start ?? 0),
        o.stop === null || o.stop === undefined ? null : Number(o.stop),
        Number(o.step ?? 1),
      ), { defaults: { start: 0, stop: null, step: 1 }, fast: sliceFast }),
  ],
  ["starts_with", patternTest("starts", true)],
  ["ends_with", patternTest("ends", true)],
  ["match_substring", patternTest("contains", true)],
  ["match_substring_regex", patternTest("regex", true)],
  ["match_like", patternTest("like", true)],
  [
    "replace_substring",
    strFn([1, 1], T.utf8, (v, o) =>
      replaceLiteral(
        v[0] as string,
        String(o.pattern),
        String(o.replacement),
        o.max_replacements === null || o.max_replacements === undefined
          ? null
          : Number(o.max_replacements),
      ), {
      defaults: { pattern: "", replacement: "", max_replacements: null },
      fast: replaceSubstringFast,
    }),
  ],
  ["utf8_trim_whitespace", trimImpl(true, true)],
  ["utf8_ltrim_whitespace", trimImpl(true, false)],
  ["utf8_rtrim_whitespace", trimImpl(false, true)],
  ["split_pattern", splitImpl(true)],
  ["list_value_length", listLenImpl(true)],
  ["list_element", listGetImpl(true)],
  ["is_in", isInImpl],
  ["cast", castImpl],
]);

/** Registry functions (SPEC section 2) with the registry's semantics. */
export const REGISTRY_IMPLS: ReadonlyMap<string, Impl> = new Map<string, Impl>([
  ["eq", cmpImpl("eq")],
  ["ne", cmpImpl("ne")],
  ["lt", cmpImpl("lt")],
  ["le", cmpImpl("le")],
  ["gt", cmpImpl("gt")],
  ["ge", cmpImpl("ge")],
  ["eq_null_safe", eqNullSafe],
  ["and", kleeneImpl(true, 1)],
  ["or", kleeneImpl(false, 1)],
  ["not", notImpl],
  ["is_null", { ...isNullImpl(false), defaults: {} }],
  ["is_not_null", isNullImpl(true)],
  ["coalesce", coalesceImpl],
  ["nullif", nullifImpl],
  ["add", arithImpl("add", CHECK)],
  ["sub", arithImpl("sub", CHECK)],
  ["mul", arithImpl("mul", CHECK)],
  ["neg", negAbsImpl("neg", "check")],
  ["abs", negAbsImpl("abs", "check")],
  ["div", arithImpl("div", CHECK, { float64: true })],
  ["idiv", arithImpl("idiv", CHECK, { intOnly: true })],
  ["mod", arithImpl("mod", CHECK, { intOnly: true })],
  ["round", registryRound("half_towards_infinity")],
  ["round_half_even", registryRound("half_to_even")],
  ["floor", floorCeilImpl(false, false)],
  ["ceil", floorCeilImpl(true, false)],
  ["lower", caseImpl(false)],
  ["upper", caseImpl(true)],
  ["length", lengthCp(false)],
  ["concat", concatImpl],
  ["concat_ws", concatWsImpl],
  [
    "substr",
    strFn(
      [2, 3],
      T.utf8,
      (v) => substr(v[0] as string, Number(v[1]), v.length > 2 ? Number(v[2]) : null),
      {
        argKinds: [["utf8"], ["int"], ["int"]],
        fast: substrFast,
      },
    ),
  ],
  ["starts_with", patternTest("starts", false)],
  ["ends_with", patternTest("ends", false)],
  ["contains", patternTest("contains", false)],
  [
    "replace",
    strFn(
      [3, 3],
      T.utf8,
      (v) => replaceLiteral(v[0] as string, v[1] as string, v[2] as string, null),
      { fast: replaceFast },
    ),
  ],
  ["trim", trimImpl(true, true)],
  ["ltrim", trimImpl(true, false)],
  ["rtrim", trimImpl(false, true)],
  ["like", patternTest("like", false)],
  ["regexp_matches", patternTest("regex", false)],
  ["split", splitImpl(false)],
  ["list_len", listLenImpl(false)],
  ["list_contains", listContainsImpl],
  ["list_get", listGetImpl(false)],
  ["stable_id", stableIdImpl],
  ["in", inImpl],
  ["if_else", ifElseImpl(false)],
]);

/**
 * Bind a function of a legacy plan: a pyarrow.compute name (when the
 * argument count fits its arity) with pyarrow semantics, else a registry
 * function with registry semantics. Options get pyarrow defaults; unknown
 * option keys are an error.
 *
 * @example
 * ```ts
 * import { bindPc } from "./functions.ts";
 * import { T } from "../../ir/types.ts";
 * bindPc("utf8_length", [T.utf8], {}).type.kind; // "int"
 * ```
 */
export function bindPc(name: string, types: readonly DataType[], options: Opts | undefined): Bound {
  const pc = PC_IMPLS.get(name);
  if (pc && types.length >= pc.min && types.length <= pc.max) {
    return bindWith(pc, name, types, options);
  }
  const r = REGISTRY_IMPLS.get(name);
  if (r) return bindWith(r, name, types, options);
  if (pc) return bindWith(pc, name, types, options);
  throw new ComputeError("unknown-function", `unknown function "${name}"`);
}

/**
 * Bind a registry function (ExprIR) with registry semantics.
 *
 * @example
 * ```ts
 * import { bindRegistry } from "./functions.ts";
 * import { T } from "../../ir/types.ts";
 * bindRegistry("div", [T.int32, T.int32]).type.kind; // "float"
 * ```
 */
export function bindRegistry(name: string, types: readonly DataType[]): Bound {
  const r = REGISTRY_IMPLS.get(name);
  if (!r) throw new ComputeError("unknown-function", `unknown function "${name}"`);
  return bindWith(r, name, types, undefined);
}

function bindWith(
  impl: Impl,
  name: string,
  types: readonly DataType[],
  options: Opts | undefined,
): Bound {
  if (types.length < impl.min || types.length > impl.max) {
    bad(
      name,
      `expects ${
        impl.min === impl.max ? impl.min : `${impl.min}..${impl.max}`
      } arguments, got ${types.length}`,
    );
  }
  const defaults = impl.defaults ?? {};
  const o: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(options ?? {})) {
    if (!(k in defaults)) bad(name, `unknown option "${k}"`);
    o[k] = v;
  }
  return impl.bind(types, o, name);
}

/** True when a type is one the engine can hold. */
export function sameType(a: DataType, b: DataType): boolean {
  return typeEquals(a, b);
}

/** Layout helper re-export for the executor. */
export { layoutOf };
