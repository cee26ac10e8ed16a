// An open-addressing multimap from 64-bit keys (two u32 lanes) to the
// entries that carry them, in ascending entry order. Typed arrays only: no
// object per entry. Each slot keeps its key and its queue head side by side
// (one cache line per probe). Used to match row hashes as multisets and to
// group leftover rows by (partial) hashes.

const NEVER = -2; // head of a slot no key ever used
const STEP = 3; // slot layout: [keyA, keyB, head]

function slotStart(a: number, b: number, mask: number): number {
  return ((a ^ Math.imul(b, 0x9e3779b1)) & mask) * STEP;
}

/**
 * Groups entries 0..n-1 by their key (keyA[e], keyB[e]). Each group is a
 * queue in ascending entry order; {@link take} pops its front.
 */
export class KeyGroups {
  readonly #mask: number;
  readonly #slots: Int32Array;
  readonly #size: Int32Array;
  readonly #next: Int32Array;

  /** Build the groups of entries 0..keyA.length-1. */
  constructor(keyA: Uint32Array, keyB: Uint32Array) {
    const n = keyA.length;
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    const mask = cap - 1;
    const slots = new Int32Array(cap * STEP);
    for (let s = 2; s < slots.length; s += STEP) slots[s] = NEVER;
    const size = new Int32Array(cap);
    const next = new Int32Array(n).fill(-1);
    const tail = new Int32Array(cap);
    const end = cap * STEP;
    for (let e = 0; e < n; e++) {
      const a = keyA[e]! | 0;
      const b = keyB[e]! | 0;
      let s = slotStart(a, b, mask);
      for (;;) {
        const h = slots[s + 2]!;
        if (h === NEVER) {
          slots[s] = a;
          slots[s + 1] = b;
          slots[s + 2] = e;
          tail[s / STEP] = e;
          size[s / STEP] = 1;
          break;
        }
        if (slots[s] === a && slots[s + 1] === b) {
          const k = s / STEP;
          next[tail[k]!] = e;
          tail[k] = e;
          size[k] = size[k]! + 1;
          break;
        }
        s += STEP;
        if (s === end) s = 0;
      }
    }
    this.#mask = mask;
    this.#slots = slots;
    this.#size = size;
    this.#next = next;
  }

  /** The slot of key (a, b), or -1 when no entry had it. */
  slotOf(a: number, b: number): number {
    const slots = this.#slots;
    const ia = a | 0, ib = b | 0;
    const end = slots.length;
    let s = slotStart(ia, ib, this.#mask);
    for (;;) {
      const h = slots[s + 2]!;
      if (h === NEVER) return -1;
      if (slots[s] === ia && slots[s + 1] === ib) return s / STEP;
      s += STEP;
      if (s === end) s = 0;
    }
  }

  /** Entries still in the group at `slot`. */
  size(slot: number): number {
    return this.#size[slot]!;
  }

  /** The front entry of the group at `slot`, or -1. */
  first(slot: number): number {
    return this.#slots[slot * STEP + 2]!;
  }

  /** The entry after `entry` in its group, or -1. */
  next(entry: number): number {
    return this.#next[entry]!;
  }

  /** Remove and return the front entry of the group at `slot`, or -1 when empty. */
  take(slot: number): number {
    const at = slot * STEP + 2;
    const h = this.#slots[at]!;
    if (h < 0) return -1;
    this.#slots[at] = this.#next[h]!;
    this.#size[slot] = this.#size[slot]! - 1;
    return h;
  }
}

/** Entries per partition that keep a partition's table inside the CPU caches. */
const PARTITION_ROWS = 4096;

interface Partitioned {
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly id: Int32Array;
  readonly start: Int32Array;
}

/** Stable scatter of keys into 2^bits partitions by the top bits of lane b. */
function partition(a: Uint32Array, b: Uint32Array, bits: number): Partitioned {
  const n = a.length;
  const parts = 1 << bits;
  const shift = 32 - bits;
  const start = new Int32Array(parts + 1);
  for (let i = 0; i < n; i++) {
    const p = (b[i]! >>> shift) + 1;
    start[p] = start[p]! + 1;
  }
  for (let p = 0; p < parts; p++) start[p + 1] = start[p + 1]! + start[p]!;
  const fill = start.slice(0, parts);
  const pa = new Uint32Array(n);
  const pb = new Uint32Array(n);
  const id = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const bi = b[i]!;
    const p = bi >>> shift;
    const at = fill[p]!;
    fill[p] = at + 1;
    pa[at] = a[i]!;
    pb[at] = bi;
    id[at] = i;
  }
  return { a: pa, b: pb, id, start };
}

/**
 * Match two key lists as multisets: for each entry j of the second list,
 * out[j] is the entry of the first list it is matched with, or -1. Equal
 * keys match in ascending entry order on both sides (the k-th of a key on
 * one side with the k-th on the other). Large inputs are radix-partitioned
 * first so that every partition's table fits in cache.
 */
export function matchKeys(
  la: Uint32Array,
  lb: Uint32Array,
  na: Uint32Array,
  nb: Uint32Array,
): Int32Array {
  const nL = la.length;
  const nN = na.length;
  const out = new Int32Array(nN).fill(-1);
  if (nL === 0 || nN === 0) return out;
  let bits = 0;
  while (bits < 12 && (1 << bits) * PARTITION_ROWS < Math.max(nL, nN)) bits++;
  if (bits === 0) {
    const ids = new Int32Array(Math.max(nL, nN));
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    const ws = workspace(nL);
    matchPart(la, lb, ids, 0, nL, na, nb, ids, 0, nN, ws, out);
    return out;
  }
  const pl = partition(la, lb, bits);
  const pn = partition(na, nb, bits);
  let largest = 0;
  for (let p = 0; p < 1 << bits; p++) {
    largest = Math.max(largest, pl.start[p + 1]! - pl.start[p]!);
  }
  const ws = workspace(largest);
  for (let p = 0; p < 1 << bits; p++) {
    const ls = pl.start[p]!, le = pl.start[p + 1]!;
    const ns = pn.start[p]!, ne = pn.start[p + 1]!;
    if (ls === le || ns === ne) continue;
    matchPart(pl.a, pl.b, pl.id, ls, le, pn.a, pn.b, pn.id, ns, ne, ws, out);
  }
  return out;
}

interface Workspace {
  readonly slots: Int32Array;
  readonly next: Int32Array;
}

function workspace(entries: number): Workspace {
  let cap = 16;
  while (cap < entries * 2) cap *= 2;
  return { slots: new Int32Array(cap * STEP), next: new Int32Array(entries) };
}

/**
 * Match entries ls..le-1 of (la, lb) with entries ns..ne-1 of (na, nb),
 * writing out[nId[j]] = lId[i]. The table lives in the reused workspace.
 */
function matchPart(
  la: Uint32Array,
  lb: Uint32Array,
  lId: Int32Array,
  ls: number,
  le: number,
  na: Uint32Array,
  nb: Uint32Array,
  nId: Int32Array,
  ns: number,
  ne: number,
  ws: Workspace,
  out: Int32Array,
): void {
  const n = le - ls;
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  const mask = cap - 1;
  const end = cap * STEP;
  const slots = ws.slots;
  const next = ws.next;
  for (let s = 2; s < end; s += STEP) slots[s] = NEVER;
  // Insert from the last entry to the first, prepending: each chain ascends.
  for (let e = n - 1; e >= 0; e--) {
    const a = la[ls + e]! | 0;
    const b = lb[ls + e]! | 0;
    let s = slotStart(a, b, mask);
    for (;;) {
      const h = slots[s + 2]!;
      if (h === NEVER) {
        slots[s] = a;
        slots[s + 1] = b;
        slots[s + 2] = e;
        next[e] = -1;
        break;
      }
      if (slots[s] === a && slots[s + 1] === b) {
        next[e] = h;
        slots[s + 2] = e;
        break;
      }
      s += STEP;
      if (s === end) s = 0;
    }
  }
  for (let j = ns; j < ne; j++) {
    const a = na[j]! | 0;
    const b = nb[j]! | 0;
    let s = slotStart(a, b, mask);
    for (;;) {
      const h = slots[s + 2]!;
      if (h === NEVER) break;
      if (slots[s] === a && slots[s + 1] === b) {
        if (h >= 0) {
          out[nId[j]!] = lId[ls + h]!;
          slots[s + 2] = next[h]!;
        }
        break;
      }
      s += STEP;
      if (s === end) s = 0;
    }
  }
}

/**
 * Candidate pairs of entries with equal keys, for each entry j of the second
 * list in ascending order: every entry i of the first list with the same key
 * when that group has at most `small` entries left, else the group's next
 * entry in order (a zip). `visit(i, j)` returns false to stop. Large inputs
 * are radix-partitioned first, as in {@link matchKeys}.
 */
export function forEachCandidate(
  la: Uint32Array,
  lb: Uint32Array,
  na: Uint32Array,
  nb: Uint32Array,
  small: number,
  visit: (i: number, j: number) => boolean,
): void {
  const nL = la.length;
  const nN = na.length;
  if (nL === 0 || nN === 0) return;
  let bits = 0;
  while (bits < 12 && (1 << bits) * PARTITION_ROWS < Math.max(nL, nN)) bits++;
  const pl = bits === 0 ? null : partition(la, lb, bits);
  const pn = bits === 0 ? null : partition(na, nb, bits);
  for (let p = 0; p < 1 << bits; p++) {
    const ls = pl ? pl.start[p]! : 0, le = pl ? pl.start[p + 1]! : nL;
    const ns = pn ? pn.start[p]! : 0, ne = pn ? pn.start[p + 1]! : nN;
    if (ls === le || ns === ne) continue;
    const groups = pl
      ? new KeyGroups(pl.a.subarray(ls, le), pl.b.subarray(ls, le))
      : new KeyGroups(la, lb);
    for (let j = ns; j < ne; j++) {
      const slot = pn ? groups.slotOf(pn.a[j]!, pn.b[j]!) : groups.slotOf(na[j]!, nb[j]!);
      if (slot < 0) continue;
      const nj = pn ? pn.id[j]! : j;
      if (groups.size(slot) <= small) {
        for (let x = groups.first(slot); x !== -1; x = groups.next(x)) {
          if (!visit(pl ? pl.id[ls + x]! : x, nj)) return;
        }
      } else {
        const x = groups.take(slot);
        if (x !== -1 && !visit(pl ? pl.id[ls + x]! : x, nj)) return;
      }
    }
  }
}
