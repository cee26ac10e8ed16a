// Pairing the rows an unkeyed multiset diff could not match exactly.
//
// Leftover legacy rows and leftover new rows are paired when they agree on at
// least half of the compared columns (a float column agrees when its values
// are within tolerance). A pair that agrees on every column is equal within
// tolerance; any other pair is reported as one `changed` row.
//
// Candidates come from grouping the leftovers by partial row hashes (a row
// hash is a sum of cell hashes, so "the row without column c" is one
// subtraction): round 1 groups by the non-float columns (when a tolerance is
// set) and by every leave-one-column-out hash; round 2 by every
// leave-two-columns-out hash (up to 12 columns); round 3 by single columns,
// within a budget. Every candidate is scored by column agreement, and pairs
// are accepted best score first, ties by lower legacy then lower new row — a
// deterministic greedy matching, not an optimal one.

import { cellEquals, chunkOf, type Chunks, type Tol } from "../arrow/cells.ts";
import { IntList } from "./_int_list.ts";
import { forEachCandidate } from "./_key_groups.ts";
import { gatherHashes, type HashLanes, type Seeds } from "../arrow/row_hash.ts";
import type { Vector } from "apache-arrow";

/** A compared column as the pairing needs it. */
export interface PairColumn {
  readonly left: Vector;
  readonly right: Vector;
  readonly lc: Chunks;
  readonly nc: Chunks;
  readonly seeds: Seeds;
  /** Tolerance applies (float or nested float). */
  readonly float: boolean;
}

/** Accepted pairs as parallel row-index arrays. */
export interface Pairs {
  readonly legacy: Int32Array;
  readonly next: Int32Array;
  /** Rounds 2 and 3 were skipped: too many leftover rows for the work budget. */
  readonly limited: boolean;
}

/** Leftover entries (legacy + new) times keyings that rounds 2 and 3 may go through. */
const WORK_BUDGET = 16_000_000;

/** Groups larger than this emit only one candidate per new row (in order). */
const SMALL_GROUP = 8;

/** True when the two cells of column `col` are equal (tolerance applied). */
export function columnEquals(col: PairColumn, li: number, ni: number, tol: Tol): boolean {
  const cl = chunkOf(col.lc, li);
  const cn = chunkOf(col.nc, ni);
  return cellEquals(
    col.lc.data[cl]!,
    li - col.lc.starts[cl]!,
    col.nc.data[cn]!,
    ni - col.nc.starts[cn]!,
    tol,
  );
}

/**
 * Pair leftover rows (see the module comment). `leftL`/`leftN` are ascending
 * row indices; the result lists accepted pairs of row indices.
 */
export function pairLeftovers(
  cols: readonly PairColumn[],
  leftL: Int32Array,
  leftN: Int32Array,
  tol: Tol,
): Pairs {
  const m = cols.length;
  const kL = leftL.length;
  const kN = leftN.length;
  const outL = new IntList();
  const outN = new IntList();
  if (m === 0 || kL === 0 || kN === 0) {
    return { legacy: outL.view(), next: outN.view(), limited: false };
  }
  if (kL * kN >= 2 ** 53) throw new Error("Cannot pair leftover rows: too many rows");

  // Cell hashes of the leftovers, row-major (a row's cells share a cache line):
  // cell (e, c) at [(e * m + c) * 2] (lane a) and the next word (lane b).
  const hl = rowMajor(cols.map((c) => gatherHashes(c.left, c.seeds, leftL)), kL);
  const hn = rowMajor(cols.map((c) => gatherHashes(c.right, c.seeds, leftN)), kN);
  const floats = cols.map((c) => c.float);
  const all = cols.map(() => true);
  const rowL = sumCells(hl, kL, m, all);
  const rowN = sumCells(hn, kN, m, all);
  const tolOn = tol.abs > 0 || tol.rel > 0;
  const usedL = new Uint8Array(kL);
  const usedN = new Uint8Array(kN);
  let budget = 64 * (kL + kN) + 4096;

  function score(e: number, j: number): number {
    let s = 0;
    const pe = e * m * 2, pj = j * m * 2;
    for (let c = 0; c < 2 * m; c += 2) {
      if (hl[pe + c] === hn[pj + c] && hl[pe + c + 1] === hn[pj + c + 1]) s++;
      else if (tolOn && floats[c >> 1] && columnEquals(cols[c >> 1]!, leftL[e]!, leftN[j]!, tol)) {
        s++;
      }
    }
    return s;
  }

  function round(keyings: readonly (() => [HashLanes, HashLanes])[], budgeted: boolean): void {
    const candL = new IntList();
    const candN = new IntList();
    const candS = new IntList();
    const subL = new IntList();
    for (let e = 0; e < kL; e++) if (!usedL[e]) subL.push(e);
    const idsL = subL.view();
    const subN = new IntList();
    for (let j = 0; j < kN; j++) if (!usedN[j]) subN.push(j);
    const idsN = subN.view();
    if (idsL.length === 0 || idsN.length === 0) return;
    const pick = (lanes: Uint32Array, ids: Int32Array): Uint32Array => {
      const out = new Uint32Array(ids.length);
      for (let x = 0; x < ids.length; x++) out[x] = lanes[ids[x]!]!;
      return out;
    };
    for (const keying of keyings) {
      if (budgeted && budget <= 0) break;
      const [kl, kn] = keying();
      forEachCandidate(
        pick(kl.a, idsL),
        pick(kl.b, idsL),
        pick(kn.a, idsN),
        pick(kn.b, idsN),
        SMALL_GROUP,
        (x, y) => {
          addCandidate(idsL[x]!, idsN[y]!);
          return !budgeted || budget > 0;
        },
      );
    }
    function addCandidate(e: number, j: number): void {
      budget--;
      const s = score(e, j);
      if (s * 2 >= m && s > 0) {
        candL.push(e);
        candN.push(j);
        candS.push(s);
      }
    }
    accept(candL.view(), candN.view(), candS.view());
  }

  function accept(cl: Int32Array, cn: Int32Array, cs: Int32Array): void {
    for (let s = m; s >= 1; s--) {
      let count = 0;
      for (let x = 0; x < cs.length; x++) if (cs[x] === s) count++;
      if (count === 0) continue;
      const packed = new Float64Array(count);
      let at = 0;
      for (let x = 0; x < cs.length; x++) if (cs[x] === s) packed[at++] = cl[x]! * kN + cn[x]!;
      packed.sort();
      for (const p of packed) {
        const e = Math.floor(p / kN);
        const j = p - e * kN;
        if (usedL[e] || usedN[j]) continue;
        usedL[e] = 1;
        usedN[j] = 1;
        outL.push(leftL[e]!);
        outN.push(leftN[j]!);
      }
    }
  }

  /** Row hashes without the cells of the given columns. */
  const minus = (row: HashLanes, cells: Uint32Array, k: number, drop: number[]): HashLanes => {
    const a = row.a.slice(0, k);
    const b = row.b.slice(0, k);
    for (const c of drop) {
      for (let x = 0; x < k; x++) {
        const at = (x * m + c) * 2;
        a[x] = a[x]! - cells[at]!;
        b[x] = b[x]! - cells[at + 1]!;
      }
    }
    return { a, b };
  };

  // Round 1: same non-float columns (tolerance), and all-but-one-column.
  const round1: (() => [HashLanes, HashLanes])[] = [];
  if (tolOn && floats.some((f) => f)) {
    const nonFloat = floats.map((f) => !f);
    round1.push(() => [sumCells(hl, kL, m, nonFloat), sumCells(hn, kN, m, nonFloat)]);
  }
  for (let c = 0; c < m; c++) {
    round1.push(() => [minus(rowL, hl, kL, [c]), minus(rowN, hn, kN, [c])]);
  }
  round(round1, false);

  let unused = 0;
  for (let e = 0; e < kL; e++) unused += 1 - usedL[e]!;
  for (let j = 0; j < kN; j++) unused += 1 - usedN[j]!;
  let limited = false;
  // Round 2: all-but-two-columns.
  if (m >= 4 && m <= 12 && unused * ((m * (m - 1)) / 2) > WORK_BUDGET) {
    limited = true;
  } else if (m >= 4 && m <= 12) {
    const round2: (() => [HashLanes, HashLanes])[] = [];
    for (let c1 = 0; c1 < m; c1++) {
      for (let c2 = c1 + 1; c2 < m; c2++) {
        round2.push(() => [minus(rowL, hl, kL, [c1, c2]), minus(rowN, hn, kN, [c1, c2])]);
      }
    }
    round(round2, true);
  }

  // Round 3: one shared column, within the budget.
  if (m >= 6 && !limited && unused * m <= WORK_BUDGET) {
    round(
      cols.map((_, c) => () => {
        const only = cols.map((_, d) => d === c);
        return [sumCells(hl, kL, m, only), sumCells(hn, kN, m, only)];
      }),
      true,
    );
  } else if (m >= 6) {
    limited = true;
  }
  return { legacy: outL.view(), next: outN.view(), limited };
}

/** Interleave per-column lanes into one row-major array (see pairLeftovers). */
function rowMajor(parts: readonly HashLanes[], k: number): Uint32Array {
  const m = parts.length;
  const out = new Uint32Array(k * m * 2);
  parts.forEach((p, c) => {
    for (let x = 0; x < k; x++) {
      out[(x * m + c) * 2] = p.a[x]!;
      out[(x * m + c) * 2 + 1] = p.b[x]!;
    }
  });
  return out;
}

/** Per-row sums of the included columns' cell hashes. */
function sumCells(
  cells: Uint32Array,
  k: number,
  m: number,
  include: readonly boolean[],
): HashLanes {
  const a = new Uint32Array(k);
  const b = new Uint32Array(k);
  for (let c = 0; c < m; c++) {
    if (!include[c]) continue;
    for (let x = 0; x < k; x++) {
      const at = (x * m + c) * 2;
      a[x] = a[x]! + cells[at]!;
      b[x] = b[x]! + cells[at + 1]!;
    }
  }
  return { a, b };
}
