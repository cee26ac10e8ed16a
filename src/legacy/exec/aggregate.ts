/**
 * Hash aggregation with pyarrow's `hash_*` semantics. Groups come out in
 * order of first appearance; null keys form one group; no keys gives one row.
 *
 * @module
 */
import { T } from "../../ir/types.ts";
import { type DataType, formatType, listOf } from "../../ir/types.ts";
import { cmpRows } from "../compute/arith.ts";
import { allocValues, type Col, layoutOf, take } from "../../arrow/column.ts";
import { ComputeError } from "../../arrow/compute_error.ts";
import { decAt, decSet, fitsPrecision } from "../../arrow/decimal.ts";
import { groupIds } from "./hash.ts";

/** Options of an aggregate (defaults already filled in). */
export type AggOptions = Readonly<Record<string, unknown>>;

/** One aggregate to compute. */
export interface AggInput {
  /** pyarrow name, e.g. `hash_sum`. */
  readonly fn: string;
  /** The target column (absent for hash_count_all). */
  readonly col?: Col;
  readonly options: AggOptions;
}

/** The result: key columns (first row of each group) and aggregate columns. */
export interface AggResult {
  readonly keys: readonly Col[];
  readonly aggs: readonly Col[];
  readonly length: number;
}

const CHUNK = 1 << 20;
const TWO32 = 4294967296;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function counts(
  ids: Int32Array,
  g: number,
  col: Col | undefined,
  n: number,
  which: "valid" | "null" | "all",
): Int32Array {
  const out = new Int32Array(g);
  const va = col?.valid ?? null;
  if (which === "all" || va === null) {
    if (which === "null") return out;
    for (let i = 0; i < n; i++) out[ids[i]!]!++;
    return out;
  }
  const want = which === "valid" ? 1 : 0;
  for (let i = 0; i < n; i++) if (va[i] === want) out[ids[i]!]!++;
  return out;
}

function i64(values: BigInt64Array | number[]): Col {
  const v = values instanceof BigInt64Array ? values : BigInt64Array.from(values, (x) => BigInt(x));
  return { type: T.int64, length: v.length, valid: null, values: v };
}

function int32ToInt64(c: Int32Array): Col {
  const v = new BigInt64Array(c.length);
  const w = new Int32Array(v.buffer);
  for (let i = 0; i < c.length; i++) {
    w[2 * i] = c[i]!;
    w[2 * i + 1] = c[i]! < 0 ? -1 : 0;
  }
  return { type: T.int64, length: c.length, valid: null, values: v };
}

/** Null mask of groups: valid when the non-null count reaches min_count (and, without skip_nulls, no null was seen). */
function groupValidity(
  ids: Int32Array,
  g: number,
  col: Col,
  n: number,
  o: AggOptions,
): Uint8Array | null {
  const minCount = Number(o.min_count ?? 1);
  const skip = o.skip_nulls !== false;
  const nn = counts(ids, g, col, n, "valid");
  const nulls = skip ? null : counts(ids, g, col, n, "null");
  let any = false;
  const valid = new Uint8Array(g);
  for (let k = 0; k < g; k++) {
    const ok = nn[k]! >= minCount && (nulls === null || nulls[k] === 0);
    valid[k] = ok ? 1 : 0;
    if (!ok) any = true;
  }
  return any ? valid : null;
}

function sumAgg(ids: Int32Array, g: number, col: Col, n: number, o: AggOptions, name: string): Col {
  const t = col.type;
  const valid = groupValidity(ids, g, col, n, o);
  const va = col.valid;
  if (t.kind === "float") {
    const acc = new Float64Array(g);
    const v = col.values as Float64Array;
    for (let i = 0; i < n; i++) if (va === null || va[i] === 1) acc[ids[i]!]! += v[i]!;
    return { type: T.float64, length: g, valid, values: acc };
  }
  if (t.kind === "decimal") return decimalSum(ids, g, col, n, valid, name);
  if (t.kind !== "int" && t.kind !== "bool" && t.kind !== "null") {
    throw new ComputeError("bad-call", `${name}: cannot sum ${formatType(t)}`);
  }
  const out = new BigInt64Array(g);
  if (t.kind === "null") return { type: T.int64, length: g, valid: new Uint8Array(g), values: out };
  const big = new Array<bigint>(g).fill(0n);
  const lo = new Float64Array(g);
  const hi = new Float64Array(g);
  const is64 = t.kind === "int" && t.bits === 64;
  const unsigned = t.kind === "int" && !t.signed;
  const v = col.values!;
  const w = is64 ? new Int32Array(v.buffer, v.byteOffset, n * 2) : null;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    if (w !== null) {
      for (let i = start; i < end; i++) {
        if (va !== null && va[i] === 0) continue;
        const k = ids[i]!;
        lo[k]! += w[2 * i]! >>> 0;
        hi[k]! += unsigned ? w[2 * i + 1]! >>> 0 : w[2 * i + 1]!;
      }
    } else {
      const x = v as Int32Array;
      for (let i = start; i < end; i++) if (va === null || va[i] === 1) lo[ids[i]!]! += x[i]!;
    }
    for (let k = 0; k < g; k++) {
      if (lo[k] !== 0 || hi[k] !== 0) {
        big[k]! += BigInt(hi[k]!) * 4294967296n + BigInt(lo[k]!);
        lo[k] = 0;
        hi[k] = 0;
      }
    }
  }
  for (let k = 0; k < g; k++) {
    const s = big[k]!;
    if ((valid === null || valid[k] === 1) && (s > INT64_MAX || s < INT64_MIN)) {
      throw new ComputeError("overflow", `${name} overflow`);
    }
    out[k] = BigInt.asIntN(64, s);
  }
  void TWO32;
  return { type: T.int64, length: g, valid, values: out };
}

/**
 * Exact decimal sums as decimal(38,s) (the registry's `sum`), added in input
 * order: a running total past the 128-bit range is an error (as DuckDB's
 * HUGEINT sum), and so is a total of more than 38 digits.
 */
function decimalSum(
  ids: Int32Array,
  g: number,
  col: Col,
  n: number,
  valid: Uint8Array | null,
  name: string,
): Col {
  if (col.type.kind !== "decimal") throw new Error("unreachable");
  const acc = new Array<bigint>(g).fill(0n);
  const v = col.values as Uint32Array;
  const va = col.valid;
  const max = (1n << 127n) - 1n;
  for (let i = 0; i < n; i++) {
    if (va !== null && va[i] === 0) continue;
    const k = ids[i]!;
    const s = acc[k]! + decAt(v, i);
    if (s > max || s < -max) throw new ComputeError("overflow", `${name} overflow`);
    acc[k] = s;
  }
  const out = new Uint32Array(g * 4);
  for (let k = 0; k < g; k++) {
    if (valid !== null && valid[k] === 0) continue;
    if (!fitsPrecision(acc[k]!, 38)) throw new ComputeError("overflow", `${name} overflow`);
    decSet(out, k, acc[k]!);
  }
  return { type: sumType(col.type), length: g, valid, values: out };
}

function sumType(t: DataType): DataType {
  if (t.kind === "float") return T.float64;
  if (t.kind === "decimal") return { kind: "decimal", precision: 38, scale: t.scale };
  return T.int64;
}

function meanAgg(
  ids: Int32Array,
  g: number,
  col: Col,
  n: number,
  o: AggOptions,
  name: string,
): Col {
  const valid = groupValidity(ids, g, col, n, o);
  const cnt = counts(ids, g, col, n, "valid");
  const out = new Float64Array(g);
  if (col.type.kind === "int" || col.type.kind === "bool") {
    const s = sumAgg(ids, g, col, n, { skip_nulls: true, min_count: 0 }, name);
    const sv = s.values as BigInt64Array;
    const w = new Int32Array(sv.buffer);
    for (let k = 0; k < g; k++) out[k] = (w[2 * k + 1]! * TWO32 + (w[2 * k]! >>> 0)) / cnt[k]!;
  } else if (col.type.kind === "float") {
    const v = col.values as Float64Array;
    const va = col.valid;
    for (let i = 0; i < n; i++) if (va === null || va[i] === 1) out[ids[i]!]! += v[i]!;
    for (let k = 0; k < g; k++) out[k] = out[k]! / cnt[k]!;
  } else throw new ComputeError("bad-call", `${name}: cannot average ${formatType(col.type)}`);
  return { type: T.float64, length: g, valid, values: out };
}

function minMaxAgg(
  ids: Int32Array,
  g: number,
  col: Col,
  n: number,
  o: AggOptions,
  max: boolean,
): Col {
  const best = new Int32Array(g).fill(-1);
  const va = col.valid;
  const lay = layoutOf(col.type);
  if (lay === "big" && !(col.type.kind === "int" && !col.type.signed)) {
    const w = new Int32Array(col.values!.buffer, col.values!.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      if (va !== null && va[i] === 0) continue;
      const k = ids[i]!;
      const b = best[k]!;
      if (b < 0) {
        best[k] = i;
        continue;
      }
      const hi = w[2 * i + 1]!;
      const bh = w[2 * b + 1]!;
      const c = hi !== bh ? (hi < bh ? -1 : 1) : (w[2 * i]! >>> 0) - (w[2 * b]! >>> 0);
      if (max ? c > 0 : c < 0) best[k] = i;
    }
  } else if (lay === "num" && col.type.kind !== "float") {
    const v = col.values as Int32Array;
    for (let i = 0; i < n; i++) {
      if (va !== null && va[i] === 0) continue;
      const k = ids[i]!;
      const b = best[k]!;
      if (b < 0 || (max ? v[i]! > v[b]! : v[i]! < v[b]!)) best[k] = i;
    }
  } else {
    const isFloat = col.type.kind === "float";
    const fv = col.values as Float64Array;
    for (let i = 0; i < n; i++) {
      if (va !== null && va[i] === 0) continue;
      const k = ids[i]!;
      const b = best[k]!;
      if (b < 0) {
        best[k] = i;
        continue;
      }
      if (isFloat) {
        // NaN is ignored unless the group has only NaN
        const x = fv[i]!;
        const y = fv[b]!;
        if (x !== x) continue;
        if (y !== y || (max ? x > y : x < y)) best[k] = i;
        continue;
      }
      const r = cmpRows(col, i, col, b);
      if (max ? r > 0 : r < 0) best[k] = i;
    }
  }
  const out = take(col, best);
  if (o.skip_nulls === false || Number(o.min_count ?? 1) !== 1) {
    const valid = groupValidity(ids, g, col, n, o);
    if (valid !== null) return take(out, maskIdx(valid, g));
  }
  return out;
}

function maskIdx(valid: Uint8Array, g: number): Int32Array {
  const idx = new Int32Array(g);
  for (let k = 0; k < g; k++) idx[k] = valid[k] ? k : -1;
  return idx;
}

function firstLastAgg(
  ids: Int32Array,
  g: number,
  col: Col,
  n: number,
  o: AggOptions,
  last: boolean,
): Col {
  const best = new Int32Array(g).fill(-1);
  const va = col.valid;
  const skip = o.skip_nulls !== false;
  const seen = new Uint8Array(g);
  if (!last) {
    for (let i = 0; i < n; i++) {
      const k = ids[i]!;
      if (seen[k]) continue;
      if (va !== null && va[i] === 0 && skip) continue;
      seen[k] = 1;
      best[k] = va !== null && va[i] === 0 ? -1 : i;
    }
  } else {
    for (let i = n - 1; i >= 0; i--) {
      const k = ids[i]!;
      if (seen[k]) continue;
      if (va !== null && va[i] === 0 && skip) continue;
      seen[k] = 1;
      best[k] = va !== null && va[i] === 0 ? -1 : i;
    }
  }
  return take(col, best);
}

function listAgg(ids: Int32Array, g: number, col: Col, n: number): Col {
  const cnt = new Int32Array(g);
  for (let i = 0; i < n; i++) cnt[ids[i]!]!++;
  const offsets = new Int32Array(g + 1);
  for (let k = 0; k < g; k++) offsets[k + 1] = offsets[k]! + cnt[k]!;
  const pos = offsets.slice(0, g);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[pos[ids[i]!]!++] = i;
  return { type: listOf(col.type), length: g, valid: null, offsets, child: take(col, idx) };
}

function anyAllAgg(
  ids: Int32Array,
  g: number,
  col: Col,
  n: number,
  o: AggOptions,
  all: boolean,
): Col {
  const dom = all ? 0 : 1;
  const hit = new Uint8Array(g);
  const nulls = counts(ids, g, col, n, "null");
  const nn = counts(ids, g, col, n, "valid");
  const v = col.values as Uint8Array;
  const va = col.valid;
  for (let i = 0; i < n; i++) {
    if (va !== null && va[i] === 0) continue;
    if (v[i] === dom) hit[ids[i]!] = 1;
  }
  const skip = o.skip_nulls !== false;
  const minCount = Number(o.min_count ?? 1);
  const out = new Uint8Array(g);
  const valid = new Uint8Array(g);
  let anyNull = false;
  for (let k = 0; k < g; k++) {
    let val: number | null;
    if (hit[k]) val = dom;
    else if (!skip && nulls[k]! > 0) val = null;
    else val = 1 - dom;
    if (nn[k]! < minCount) val = null;
    if (val === null) anyNull = true;
    else {
      out[k] = val;
      valid[k] = 1;
    }
  }
  return { type: T.bool, length: g, valid: anyNull ? valid : null, values: out };
}

function countDistinctAgg(ids: Int32Array, g: number, col: Col, n: number, o: AggOptions): Col {
  const gcol: Col = { type: T.int32, length: n, valid: null, values: ids };
  const pairs = groupIds([gcol, col], n);
  const out = new Int32Array(g);
  const mode = String(o.mode ?? "only_valid");
  const va = col.valid;
  for (let p = 0; p < pairs.count; p++) {
    const r = pairs.firstRow[p]!;
    const isNull = va !== null && va[r] === 0;
    if (mode === "all" || (mode === "only_valid" && !isNull) || (mode === "only_null" && isNull)) {
      out[ids[r]!]!++;
    }
  }
  return int32ToInt64(out);
}

/** The output type of an aggregate over an input type. */
export function aggType(fn: string, t: DataType | undefined): DataType {
  switch (fn) {
    case "hash_count":
    case "hash_count_all":
    case "hash_count_distinct":
      return T.int64;
    case "hash_sum":
      return t ? sumType(t) : T.int64;
    case "hash_mean":
      return T.float64;
    case "hash_any":
    case "hash_all":
      return T.bool;
    case "hash_list":
      return listOf(t ?? T.null);
    default:
      return t ?? T.null;
  }
}

/**
 * Group by `keys` and compute the aggregates.
 *
 * @example
 * ```ts
 * import { hashAggregate } from "./aggregate.ts";
 * import { colValues } from "../../arrow/column.ts";
 * import { T } from "../../ir/types.ts";
 * const k = { type: T.int32, length: 3, valid: null, values: Int32Array.of(1, 2, 1) };
 * const r = hashAggregate([k], [{ fn: "hash_count_all", options: {} }], 3);
 * colValues(r.aggs[0]!); // [2n, 1n]
 * ```
 */
export function hashAggregate(
  keys: readonly Col[],
  aggs: readonly AggInput[],
  n: number,
): AggResult {
  const groups = groupIds(keys, n);
  const ids = groups.ids;
  const g = keys.length === 0 ? 1 : groups.count;
  const keyCols = keys.map((k) => take(k, groups.firstRow.subarray(0, g)));
  const out = aggs.map((a) => {
    const col = a.col;
    const o = a.options;
    if (a.fn === "hash_count_all") return int32ToInt64(counts(ids, g, undefined, n, "all"));
    if (!col) throw new ComputeError("bad-call", `${a.fn} needs a target column`);
    switch (a.fn) {
      case "hash_count": {
        const mode = String(o.mode ?? "only_valid");
        const which = mode === "only_null" ? "null" : mode === "all" ? "all" : "valid";
        if (!["only_valid", "only_null", "all"].includes(mode)) {
          throw new ComputeError("bad-option", `hash_count: unknown mode "${mode}"`);
        }
        return int32ToInt64(counts(ids, g, col, n, which));
      }
      case "hash_count_distinct":
        return countDistinctAgg(ids, g, col, n, o);
      case "hash_sum":
        return sumAgg(ids, g, col, n, o, a.fn);
      case "hash_mean":
        return meanAgg(ids, g, col, n, o, a.fn);
      case "hash_min":
        return minMaxAgg(ids, g, col, n, o, false);
      case "hash_max":
        return minMaxAgg(ids, g, col, n, o, true);
      case "hash_first":
        return firstLastAgg(ids, g, col, n, o, false);
      case "hash_last":
        return firstLastAgg(ids, g, col, n, o, true);
      case "hash_list":
        return listAgg(ids, g, col, n);
      case "hash_any":
      case "hash_all":
        if (col.type.kind !== "bool" && col.type.kind !== "null") {
          throw new ComputeError(
            "bad-call",
            `${a.fn} needs a bool column, got ${formatType(col.type)}`,
          );
        }
        return anyAllAgg(ids, g, col, n, o, a.fn === "hash_all");
      default:
        throw new ComputeError("unknown-function", `unknown aggregate "${a.fn}"`);
    }
  });
  void i64;
  void allocValues;
  return { keys: keyCols, aggs: out, length: g };
}
