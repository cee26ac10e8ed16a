/**
 * Hash join (Acero's HashJoinNode semantics): build on the right, probe with
 * the left; null keys never match; an optional residual filter decides which
 * candidate pairs match. Output: left columns then right columns (semi/anti:
 * left only); for each left row its matches in right order, then (right/full
 * outer) the unmatched right rows.
 *
 * @module
 */
import type { DataType } from "../../ir/types.ts";
import { castCol } from "../../arrow/cast.ts";
import { type Col, type Frame, take } from "../../arrow/column.ts";
import { buildJoinTable, IntBuf } from "./hash.ts";

/**
 * A float key column with NaN turned into null: NaN equals nothing (IEEE, the
 * README's rule), so like a null key it never matches.
 */
function nanAsNull(c: Col): Col {
  if (c.type.kind !== "float" || !c.values) return c;
  const v = c.values as Float64Array | Float32Array;
  let valid: Uint8Array | null = null;
  for (let i = 0; i < c.length; i++) {
    if (v[i] !== v[i]) {
      valid ??= c.valid ? Uint8Array.from(c.valid) : new Uint8Array(c.length).fill(1);
      valid[i] = 0;
    }
  }
  return valid ? { ...c, valid } : c;
}

/** Join types. */
export type JoinType =
  | "inner"
  | "left outer"
  | "right outer"
  | "full outer"
  | "left semi"
  | "left anti";

/** Inputs of {@link hashJoin}. */
export interface JoinInput {
  readonly type: JoinType;
  readonly left: Frame;
  readonly right: Frame;
  readonly leftKeys: readonly number[];
  readonly rightKeys: readonly number[];
  /** Common key types (both sides cast to these before hashing). */
  readonly keyTypes: readonly DataType[];
  /** Output names (left then right, suffixed). */
  readonly names: readonly string[];
  /** Residual filter over a candidate pair frame: keep mask per row (1 = keep). */
  readonly residual?: (pairs: Frame) => Uint8Array;
}

/**
 * Join two frames.
 *
 * @example
 * ```ts
 * import { hashJoin } from "./join.ts";
 * import { T } from "../../ir/types.ts";
 * const l = { names: ["k"], cols: [{ type: T.int32, length: 2, valid: null, values: Int32Array.of(1, 2) }], length: 2 };
 * const r = { names: ["k"], cols: [{ type: T.int32, length: 1, valid: null, values: Int32Array.of(2) }], length: 1 };
 * hashJoin({ type: "inner", left: l, right: r, leftKeys: [0], rightKeys: [0], keyTypes: [T.int32], names: ["k", "k_right"] }).length; // 1
 * ```
 */
export function hashJoin(j: JoinInput): Frame {
  const { left, right } = j;
  const lk = j.leftKeys.map((k, i) => nanAsNull(castCol(left.cols[k]!, j.keyTypes[i]!, "error")));
  const rk = j.rightKeys.map((k, i) => nanAsNull(castCol(right.cols[k]!, j.keyTypes[i]!, "error")));
  const table = buildJoinTable(rk, right.length);
  const semi = j.type === "left semi";
  const anti = j.type === "left anti";
  const keepLeft = j.type === "left outer" || j.type === "full outer";
  const keepRight = j.type === "right outer" || j.type === "full outer";
  if ((semi || anti) && !j.residual) {
    return leftRows(left, table.matched(lk, left.length), semi);
  }
  // Without a residual, outer rows come straight from the probe (pair (i, -1)).
  let { left: L, right: R } = table.pairs(lk, left.length, keepLeft && !j.residual);
  if (j.residual && L.length > 0) {
    const pairs = pairFrame(left, right, L, R, j.names);
    const keep = j.residual(pairs);
    let m = 0;
    const l2 = new Int32Array(L.length);
    const r2 = new Int32Array(L.length);
    for (let p = 0; p < L.length; p++) {
      if (keep[p]) {
        l2[m] = L[p]!;
        r2[m++] = R[p]!;
      }
    }
    L = l2.subarray(0, m);
    R = r2.subarray(0, m);
  }
  if (semi || anti) {
    const matched = new Uint8Array(left.length);
    for (let p = 0; p < L.length; p++) matched[L[p]!] = 1;
    return leftRows(left, matched, semi);
  }
  if (keepLeft && j.residual) {
    // matches are grouped by left row in probe order; a left row left
    // without a match after the residual gets (i, -1)
    const outL = new IntBuf(L.length + 16);
    const outR = new IntBuf(L.length + 16);
    let p = 0;
    for (let i = 0; i < left.length; i++) {
      if (p < L.length && L[p] === i) {
        while (p < L.length && L[p] === i) {
          outL.push(i);
          outR.push(R[p]!);
          p++;
        }
      } else {
        outL.push(i);
        outR.push(-1);
      }
    }
    L = outL.view();
    R = outR.view();
  }
  if (keepRight) {
    const matched = new Uint8Array(right.length);
    let extra = right.length;
    for (let p = 0; p < R.length; p++) {
      const r = R[p]!;
      if (r >= 0 && matched[r] === 0) {
        matched[r] = 1;
        extra--;
      }
    }
    if (extra > 0) {
      const l2 = new Int32Array(L.length + extra);
      const r2 = new Int32Array(L.length + extra);
      l2.set(L);
      r2.set(R);
      let m = L.length;
      for (let r = 0; r < right.length; r++) {
        if (matched[r] === 0) {
          l2[m] = -1;
          r2[m++] = r;
        }
      }
      L = l2;
      R = r2;
    }
  }
  return pairFrame(left, right, L, R, j.names);
}

/** The left rows whose `matched` flag is 1 (`semi`) or 0 (anti). */
function leftRows(left: Frame, matched: Uint8Array, semi: boolean): Frame {
  const want = semi ? 1 : 0;
  let count = 0;
  for (let i = 0; i < left.length; i++) if (matched[i] === want) count++;
  if (count === left.length) return left;
  const idx = new Int32Array(count);
  let p = 0;
  for (let i = 0; i < left.length; i++) if (matched[i] === want) idx[p++] = i;
  return { names: left.names, cols: left.cols.map((c) => take(c, idx)), length: count };
}

function pairFrame(
  left: Frame,
  right: Frame,
  L: Int32Array,
  R: Int32Array,
  names: readonly string[],
): Frame {
  const cols: Col[] = [...left.cols.map((c) => take(c, L)), ...right.cols.map((c) => take(c, R))];
  return { names, cols, length: L.length };
}
