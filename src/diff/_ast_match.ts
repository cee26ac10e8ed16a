// Private: GumTree-style matching of two indexed JSON trees.
//
// 1. Top-down: identical subtrees (equal structural hash, height >= minHeight) are matched,
//    largest first, when the hash occurs once on each side.
// 2. Bottom-up: an unmatched container is matched to the right container (same label) that
//    shares the most matched descendants (dice >= minDice); the pair is then "recovered".
// 3. The roots are matched, and recovered.
// 4. Identical subtrees whose hash occurs more than once on a side and that recovery left
//    unmatched are matched greedily by the similarity of their parents, then of the keys
//    around them (these become moves). Deferring them lets recovery pair repeated subtrees
//    by position first, which avoids needless moves.
// Recovery of a matched pair matches their children: objects by key; sets greedily by equal
// hash, then equal label; ordered arrays as described in `recover`.

import { type IndexedTree, OBJ, SCALAR } from "./_ast_tree.ts";

/** The matching: partner ids, -1 when unmatched. */
export interface Matching {
  readonly left: Int32Array;
  readonly right: Int32Array;
}

/** Tuning knobs of the matcher. */
export interface MatchOptions {
  readonly minHeight: number;
  readonly minDice: number;
}

/** Candidate pairs above this count per hash group are left to recovery. */
const MAX_AMBIGUOUS_PAIRS = 4096;
/** Above this many cells, ordered child lists are paired greedily instead of by LCS. */
const MAX_LCS_CELLS = 1_000_000;

/** Matches the nodes of `l` and `r`. */
export function matchTrees(l: IndexedTree, r: IndexedTree, options: MatchOptions): Matching {
  const ml = new Int32Array(l.count).fill(-1);
  const mr = new Int32Array(r.count).fill(-1);

  function link(a: number, b: number): void {
    ml[a] = b;
    mr[b] = a;
  }

  /** Matches two subtrees with equal hashes node by node (skipping nodes already matched). */
  function matchIsomorphic(a: number, b: number): void {
    if (ml[a] as number >= 0 || mr[b] as number >= 0) return;
    link(a, b);
    const k = l.kind[a];
    if (k === SCALAR) return;
    const ca = l.children[a] as number[];
    const cb = r.children[b] as number[];
    if (k === OBJ) {
      const byKey = l.childByKey[a] as Map<string, number>;
      for (const c of cb) {
        const d = byKey.get(r.edge[c] as string);
        if (d !== undefined) matchIsomorphic(d, c);
      }
    } else if (l.unordered[a] && r.unordered[b]) {
      const sa = [...ca].sort((x, y) => (l.hash[x] as number) - (l.hash[y] as number) || x - y);
      const sb = [...cb].sort((x, y) => (r.hash[x] as number) - (r.hash[y] as number) || x - y);
      for (let i = 0; i < sa.length && i < sb.length; i++) {
        matchIsomorphic(sa[i] as number, sb[i] as number);
      }
    } else {
      for (let i = 0; i < ca.length && i < cb.length; i++) {
        matchIsomorphic(ca[i] as number, cb[i] as number);
      }
    }
  }

  /** 2 * shared matched descendants / (descendants of a + descendants of b). */
  function dice(a: number, b: number): number {
    const da = (l.end[a] as number) - a - 1;
    const db = (r.end[b] as number) - b - 1;
    if (da + db === 0) return 0;
    const lo = b;
    const hi = r.end[b] as number;
    let common = 0;
    const stop = l.end[a] as number;
    for (let d = a + 1; d < stop; d++) {
      const m = ml[d] as number;
      if (m > lo && m < hi) common++;
    }
    return (2 * common) / (da + db);
  }

  function compatible(a: number, b: number): boolean {
    return l.label[a] === r.label[b];
  }

  // ---- 1. top-down ----
  const ambiguous = topDown();

  /** Matches the unique identical subtrees; returns the ambiguous candidate pairs. */
  function topDown(): [number, number][] {
    const ql = new HeightQueue(l, options.minHeight);
    const qr = new HeightQueue(r, options.minHeight);
    ql.push(0);
    qr.push(0);
    const candidates: [number, number][] = [];
    for (;;) {
      const h1 = ql.peekMax();
      const h2 = qr.peekMax();
      if (h1 < 0 || h2 < 0) break;
      if (h1 > h2) {
        for (const t of ql.pop()) ql.open(t);
        continue;
      }
      if (h2 > h1) {
        for (const t of qr.pop()) qr.open(t);
        continue;
      }
      const hl = ql.pop();
      const hr = qr.pop();
      const groups = new Map<number, { ls: number[]; rs: number[] }>();
      for (const t of hl) {
        const h = l.hash[t] as number;
        let g = groups.get(h);
        if (g === undefined) groups.set(h, g = { ls: [], rs: [] });
        g.ls.push(t);
      }
      for (const t of hr) {
        const g = groups.get(r.hash[t] as number);
        if (g !== undefined) g.rs.push(t);
      }
      for (const t of hl) {
        const g = groups.get(l.hash[t] as number);
        if (g === undefined || g.rs.length === 0) ql.open(t);
      }
      for (const t of hr) {
        const g = groups.get(r.hash[t] as number);
        if (g === undefined) qr.open(t);
      }
      for (const g of groups.values()) {
        if (g.rs.length === 0) continue;
        if (g.ls.length === 1 && g.rs.length === 1) {
          matchIsomorphic(g.ls[0] as number, g.rs[0] as number);
        } else if (g.ls.length * g.rs.length <= MAX_AMBIGUOUS_PAIRS) {
          for (const a of g.ls) for (const b of g.rs) candidates.push([a, b]);
        }
      }
    }
    return candidates;
  }

  /** Resolves ambiguous identical subtrees once everything else is matched. */
  function matchAmbiguous(candidates: [number, number][]): void {
    if (candidates.length === 0) return;
    const scored = candidates.map(([a, b]) => ({
      a,
      b,
      dice: l.parent[a] as number >= 0 && r.parent[b] as number >= 0
        ? dice(l.parent[a] as number, r.parent[b] as number)
        : 0,
      context: sharedContext(a, b),
    }));
    scored.sort((x, y) => y.dice - x.dice || y.context - x.context || x.a - y.a || x.b - y.b);
    for (const s of scored) {
      if (ml[s.a] as number < 0 && mr[s.b] as number < 0) matchIsomorphic(s.a, s.b);
    }
  }

  /** How many steps up from a and b the keys/indices agree (at most 8). */
  function sharedContext(a: number, b: number): number {
    let n = 0;
    while (n < 8 && a > 0 && b > 0 && l.edge[a] === r.edge[b]) {
      n++;
      a = l.parent[a] as number;
      b = r.parent[b] as number;
    }
    return n;
  }

  // ---- 2. bottom-up ----
  const seen = new Int32Array(r.count).fill(-1);
  for (const t of l.postOrder) {
    if (t === 0 || l.kind[t] === SCALAR || ml[t] as number >= 0) continue;
    let best = -1;
    let bestDice = -1;
    const stop = l.end[t] as number;
    for (let d = t + 1; d < stop; d++) {
      const m = ml[d] as number;
      if (m < 0) continue;
      let c = r.parent[m] as number;
      while (c > 0 && seen[c] !== t) {
        seen[c] = t;
        if (mr[c] as number < 0 && compatible(t, c)) {
          const s = dice(t, c);
          if (s > bestDice || (s === bestDice && c < best)) {
            best = c;
            bestDice = s;
          }
        }
        c = r.parent[c] as number;
      }
    }
    if (best >= 0 && bestDice >= options.minDice) {
      link(t, best);
      recover(t, best);
    }
  }

  // ---- 3. roots ----
  if (ml[0] as number < 0 && mr[0] as number < 0 && l.kind[0] === r.kind[0]) link(0, 0);
  if (ml[0] === 0 && l.kind[0] !== SCALAR) recover(0, 0);

  // ---- 4. identical subtrees that occur more than once, where recovery left them ----
  matchAmbiguous(ambiguous);

  function recover(a: number, b: number): void {
    if (l.hash[a] === r.hash[b]) {
      // Equal subtrees: pair what is still unpaired inside them node by node.
      ml[a] = -1;
      mr[b] = -1;
      matchIsomorphic(a, b);
      return;
    }
    if (l.kind[a] === OBJ) {
      const byKey = l.childByKey[a] as Map<string, number>;
      for (const c2 of r.children[b] as number[]) {
        const c1 = byKey.get(r.edge[c2] as string);
        if (c1 === undefined) continue;
        pairChildren(c1, c2);
      }
      return;
    }
    const ch1 = l.children[a] as number[];
    const ch2 = r.children[b] as number[];
    for (const c1 of ch1) {
      const c2 = ml[c1] as number;
      if (c2 >= 0 && r.parent[c2] === b && l.kind[c1] !== SCALAR) recover(c1, c2);
    }
    const hashEq = (x: number, y: number) => l.hash[x] === r.hash[y];
    const labelEq = (x: number, y: number) => l.label[x] === r.label[y];
    if (l.unordered[a] === 1 && r.unordered[b] === 1) {
      for (const eq of [hashEq, labelEq]) {
        const u1 = ch1.filter((c) => (ml[c] as number) < 0);
        const u2 = ch2.filter((c) => (mr[c] as number) < 0);
        for (const [x, y] of pairGreedy(u1, u2, eq)) pairChildren(x, y);
      }
      return;
    }
    // 1. identical subtrees in order, 2. identical subtrees out of order (moves), 3. equal
    // labels between two kept siblings (never adds a move), 4. equal labels out of order when
    // the scalars inside are alike (moves).
    const unmatched1 = () => ch1.filter((c) => (ml[c] as number) < 0);
    const unmatched2 = () => ch2.filter((c) => (mr[c] as number) < 0);
    for (const [x, y] of pairInOrder(unmatched1(), unmatched2(), hashEq)) pairChildren(x, y);
    for (const [x, y] of pairGreedy(unmatched1(), unmatched2(), hashEq)) pairChildren(x, y);
    const is: number[] = [];
    const js: number[] = [];
    ch1.forEach((c, i) => {
      const m = ml[c] as number;
      if (m >= 0 && r.parent[m] === b) {
        is.push(i);
        js.push(r.edge[m] as number);
      }
    });
    const keep = longestIncreasing(js, js.map(() => 1));
    let i0 = -1;
    let j0 = -1;
    for (let k = 0; k <= is.length; k++) {
      if (k < is.length && !keep[k]) continue;
      const i1 = k < is.length ? is[k] as number : ch1.length;
      const j1 = k < is.length ? js[k] as number : ch2.length;
      if (i1 - i0 > 1 && j1 - j0 > 1) {
        const g1 = ch1.slice(i0 + 1, i1).filter((c) => (ml[c] as number) < 0);
        const g2 = ch2.slice(j0 + 1, j1).filter((c) => (mr[c] as number) < 0);
        for (const [x, y] of pairInOrder(g1, g2, labelEq)) pairChildren(x, y);
      }
      i0 = i1;
      j0 = j1;
    }
    const u1 = unmatched1();
    const u2 = unmatched2();
    if (u1.length === 0 || u2.length === 0 || u1.length * u2.length > MAX_AMBIGUOUS_PAIRS) return;
    const alike: { x: number; y: number; s: number }[] = [];
    for (const x of u1) {
      for (const y of u2) {
        if (!labelEq(x, y)) continue;
        const s = leafDice(x, y);
        if (s >= options.minDice) alike.push({ x, y, s });
      }
    }
    alike.sort((p, q) => q.s - p.s || p.x - q.x || p.y - q.y);
    for (const { x, y } of alike) {
      if ((ml[x] as number) < 0 && (mr[y] as number) < 0) pairChildren(x, y);
    }
  }

  /** Dice similarity of the multisets of scalar values in two subtrees. */
  function leafDice(a: number, b: number): number {
    const bag = new Map<number, number>();
    let na = 0;
    let nb = 0;
    let common = 0;
    for (let d = a; d < (l.end[a] as number); d++) {
      if (l.kind[d] !== SCALAR) continue;
      na++;
      const h = l.hash[d] as number;
      bag.set(h, (bag.get(h) ?? 0) + 1);
    }
    for (let d = b; d < (r.end[b] as number); d++) {
      if (r.kind[d] !== SCALAR) continue;
      nb++;
      const h = r.hash[d] as number;
      const n = bag.get(h) ?? 0;
      if (n > 0) {
        common++;
        bag.set(h, n - 1);
      }
    }
    return na + nb === 0 ? 0 : (2 * common) / (na + nb);
  }

  /** Children found at the same place under a matched pair. */
  function pairChildren(c1: number, c2: number): void {
    const m1 = ml[c1] as number;
    const m2 = mr[c2] as number;
    if (m1 < 0 && m2 < 0) {
      if (!compatible(c1, c2)) return;
      link(c1, c2);
      if (l.kind[c1] !== SCALAR) recover(c1, c2);
    } else if (m1 === c2 && l.kind[c1] !== SCALAR) {
      recover(c1, c2);
    }
  }

  return { left: ml, right: mr };
}

/** Pairs equal items in order along a longest common subsequence (greedy when too large). */
function pairInOrder(
  u1: readonly number[],
  u2: readonly number[],
  eq: (x: number, y: number) => boolean,
): [number, number][] {
  const n = u1.length;
  const m = u2.length;
  const pairs: [number, number][] = [];
  if (n * m > MAX_LCS_CELLS) {
    let j = 0;
    for (let i = 0; i < n && j < m; i++) {
      for (let k = j; k < m; k++) {
        if (eq(u1[i] as number, u2[k] as number)) {
          pairs.push([u1[i] as number, u2[k] as number]);
          j = k + 1;
          break;
        }
      }
    }
    return pairs;
  }
  // table[i][j] = LCS length of u1[i..] and u2[j..]
  const w = m + 1;
  const table = new Int32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * w + j] = eq(u1[i] as number, u2[j] as number)
        ? (table[(i + 1) * w + j + 1] as number) + 1
        : Math.max(table[(i + 1) * w + j] as number, table[i * w + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(u1[i] as number, u2[j] as number)) {
      pairs.push([u1[i] as number, u2[j] as number]);
      i++;
      j++;
    } else if ((table[(i + 1) * w + j] as number) >= (table[i * w + j + 1] as number)) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

/** Pairs each left item with the first unused equal right item. */
function pairGreedy(
  u1: readonly number[],
  u2: readonly number[],
  eq: (x: number, y: number) => boolean,
): [number, number][] {
  const used = new Uint8Array(u2.length);
  const pairs: [number, number][] = [];
  for (const x of u1) {
    for (let k = 0; k < u2.length; k++) {
      if (!used[k] && eq(x, u2[k] as number)) {
        used[k] = 1;
        pairs.push([x, u2[k] as number]);
        break;
      }
    }
  }
  return pairs;
}

/** Nodes bucketed by height, popped tallest first. */
class HeightQueue {
  #tree: IndexedTree;
  #minHeight: number;
  #buckets: number[][] = [];
  #max = -1;

  constructor(tree: IndexedTree, minHeight: number) {
    this.#tree = tree;
    this.#minHeight = minHeight;
  }

  push(t: number): void {
    const h = this.#tree.height[t] as number;
    if (h < this.#minHeight) return;
    while (this.#buckets.length <= h) this.#buckets.push([]);
    (this.#buckets[h] as number[]).push(t);
    if (h > this.#max) this.#max = h;
  }

  /** Height of the tallest queued nodes, -1 when empty. */
  peekMax(): number {
    while (this.#max >= 0 && (this.#buckets[this.#max]?.length ?? 0) === 0) this.#max--;
    return this.#max;
  }

  /** Removes and returns all nodes of the tallest height. */
  pop(): number[] {
    const h = this.peekMax();
    const out = this.#buckets[h] as number[];
    this.#buckets[h] = [];
    return out;
  }

  open(t: number): void {
    for (const c of this.#tree.children[t] as number[]) this.push(c);
  }
}

/**
 * Which items of `order` (distinct numbers) to keep: a longest increasing subsequence, ties
 * broken by the larger total weight, then by the earliest items.
 */
export function longestIncreasing(order: readonly number[], weight: readonly number[]): Uint8Array {
  const n = order.length;
  const keep = new Uint8Array(n);
  if (n === 0) return keep;
  const prev = new Int32Array(n).fill(-1);
  let last = 0;
  if (n <= 2000) {
    const len = new Int32Array(n);
    const wsum = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      len[i] = 1;
      wsum[i] = weight[i] as number;
      for (let j = 0; j < i; j++) {
        if ((order[j] as number) >= (order[i] as number)) continue;
        const cl = (len[j] as number) + 1;
        const cw = (wsum[j] as number) + (weight[i] as number);
        if (cl > (len[i] as number) || (cl === len[i] && cw > (wsum[i] as number))) {
          len[i] = cl;
          wsum[i] = cw;
          prev[i] = j;
        }
      }
      if (
        (len[i] as number) > (len[last] as number) ||
        (len[i] === len[last] && (wsum[i] as number) > (wsum[last] as number))
      ) last = i;
    }
  } else {
    // Patience sorting: O(n log n), unweighted.
    const tails: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = order[i] as number;
      let lo = 0;
      let hi = tails.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((order[tails[mid] as number] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) prev[i] = tails[lo - 1] as number;
      tails[lo] = i;
    }
    last = tails[tails.length - 1] as number;
  }
  for (let i = last; i >= 0; i = prev[i] as number) keep[i] = 1;
  return keep;
}
