// Private: GumTree-style matching of two indexed JSON trees.
//
// 1. Top-down: identical subtrees (equal structural hash, height >= minHeight) are matched,
//    largest first; a hash that occurs more than once on a side is resolved by the similarity
//    of the parents and the surrounding keys.
// 2. Bottom-up: an unmatched container is matched to the right container (same label) that
//    shares the most matched descendants (dice >= minDice); the pair is then "recovered".
// 3. The roots are matched, and recovered.
// Recovery of a matched pair matches their children: objects by key, arrays by equal hash and
// then by equal label, in order (longest common subsequence) or, for sets, greedily.

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
  topDown();

  function topDown(): void {
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
    const unorderedPair = l.unordered[a] === 1 && r.unordered[b] === 1;
    for (let pass = 0; pass < 2; pass++) {
      const u1 = ch1.filter((c) => (ml[c] as number) < 0);
      const u2 = ch2.filter((c) => (mr[c] as number) < 0);
      if (u1.length === 0 || u2.length === 0) return;
      const eq = pass === 0
        ? (x: number, y: number) => l.hash[x] === r.hash[y]
        : (x: number, y: number) => l.label[x] === r.label[y];
      const pairs = unorderedPair ? pairGreedy(u1, u2, eq) : pairInOrder(u1, u2, eq);
      for (const [x, y] of pairs) pairChildren(x, y);
    }
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
