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

import { cellEquals, chunkOf, type Chunks, type Tol } from "./_cells.ts";
import { IntList } from "./_int_list.ts";
import { KeyGroups } from "./_key_groups.ts";
import { gatherHashes, type HashLanes, type Seeds } from "./_row_hash.ts";
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
}

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
  if (m === 0 || kL === 0 || kN === 0) return { legacy: outL.view(), next: outN.view() };
  if (kL * kN >= 2 ** 53) throw new Error("Cannot pair leftover rows: too many rows");

  const hl: HashLanes[] = cols.map((c) => gatherHashes(c.left, c.seeds, leftL));
  const hn: HashLanes[] = cols.map((c) => gatherHashes(c.right, c.seeds, leftN));
  const rowL = sumLanes(hl, kL, () => true);
  const rowN = sumLanes(hn, kN, () => true);
  const tolOn = tol.abs > 0 || tol.rel > 0;
  const usedL = new Uint8Array(kL);
  const usedN = new Uint8Array(kN);
  let budget = 64 * (kL + kN) + 4096;

  function score(e: number, j: number): number {
    let s = 0;
    for (let c = 0; c < m; c++) {
      const x = hl[c]!, y = hn[c]!;
      if (x.a[e] === y.a[j] && x.b[e] === y.b[j]) s++;
      else if (tolOn && cols[c]!.float && columnEquals(cols[c]!, leftL[e]!, leftN[j]!, tol)) s++;
    }
    return s;
  }

  function round(keyings: readonly (() => [HashLanes, HashLanes])[], budgeted: boolean): void {
    const candL = new IntList();
    const candN = new IntList();
    const candS = new IntList();
    const sub = new IntList();
    for (let e = 0; e < kL; e++) if (!usedL[e]) sub.push(e);
    const ids = sub.view();
    if (ids.length === 0) return;
    for (const keying of keyings) {
      if (budgeted && budget <= 0) break;
      const [kl, kn] = keying();
      const sa = new Uint32Array(ids.length);
      const sb = new Uint32Array(ids.length);
      ids.forEach((e, x) => {
        sa[x] = kl.a[e]!;
        sb[x] = kl.b[e]!;
      });
      const groups = new KeyGroups(sa, sb);
      for (let j = 0; j < kN; j++) {
        if (usedN[j]) continue;
        if (budgeted && budget <= 0) break;
        const slot = groups.slotOf(kn.a[j]!, kn.b[j]!);
        if (slot < 0) continue;
        if (groups.size(slot) <= SMALL_GROUP) {
          for (let x = groups.first(slot); x !== -1; x = groups.next(x)) {
            addCandidate(ids[x]!, j);
          }
        } else {
          const x = groups.take(slot);
          if (x !== -1) addCandidate(ids[x]!, j);
        }
      }
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

  const minus = (row: HashLanes, parts: readonly HashLanes[], k: number): HashLanes => {
    const a = row.a.slice(0, k);
    const b = row.b.slice(0, k);
    for (const p of parts) {
      for (let x = 0; x < k; x++) {
        a[x] = a[x]! - p.a[x]!;
        b[x] = b[x]! - p.b[x]!;
      }
    }
    return { a, b };
  };

  // Round 1: same non-float columns (tolerance), and all-but-one-column.
  const round1: (() => [HashLanes, HashLanes])[] = [];
  if (tolOn && cols.some((c) => c.float)) {
    round1.push(() => [
      sumLanes(hl, kL, (c) => !cols[c]!.float),
      sumLanes(hn, kN, (c) => !cols[c]!.float),
    ]);
  }
  for (let c = 0; c < m; c++) {
    round1.push(() => [minus(rowL, [hl[c]!], kL), minus(rowN, [hn[c]!], kN)]);
  }
  round(round1, false);

  // Round 2: all-but-two-columns.
  if (m >= 4 && m <= 12) {
    const round2: (() => [HashLanes, HashLanes])[] = [];
    for (let c1 = 0; c1 < m; c1++) {
      for (let c2 = c1 + 1; c2 < m; c2++) {
        round2.push(() => [
          minus(rowL, [hl[c1]!, hl[c2]!], kL),
          minus(rowN, [hn[c1]!, hn[c2]!], kN),
        ]);
      }
    }
    round(round2, true);
  }

  // Round 3: one shared column, within the budget.
  if (m >= 6) {
    round(cols.map((_, c) => () => [hl[c]!, hn[c]!]), true);
  }
  return { legacy: outL.view(), next: outN.view() };
}

function sumLanes(
  parts: readonly HashLanes[],
  k: number,
  include: (c: number) => boolean,
): HashLanes {
  const a = new Uint32Array(k);
  const b = new Uint32Array(k);
  parts.forEach((p, c) => {
    if (!include(c)) return;
    for (let x = 0; x < k; x++) {
      a[x] = a[x]! + p.a[x]!;
      b[x] = b[x]! + p.b[x]!;
    }
  });
  return { a, b };
}
