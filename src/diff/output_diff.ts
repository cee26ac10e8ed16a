/**
 * Output diff (SPEC section 8): compare the legacy lane's Arrow output with
 * the new lane's, schema first, then rows.
 *
 * Rows are never turned into JS objects on the way: every compared column is
 * hashed straight from its typed arrays into two u32 lanes per row (a 64-bit
 * row hash), and rows are matched by hash — position by position first (the
 * common "same rows, same order" case costs one pass), then as a multiset
 * through an open-addressing table. Only rows the hashes cannot settle are
 * read cell by cell, and only sample rows become objects.
 *
 * Two rows whose 64-bit hashes are equal are taken as equal without reading
 * their values; the chance that two different rows collide is about 2^-64 per
 * pair (the hashes are not cryptographic, so crafted inputs could collide).
 * Rows compared in place (same position) are compared by value, exactly.
 * Hashes read 64-bit values as two little-endian 32-bit words, as every
 * platform Deno runs on is little-endian.
 *
 * @module
 */

import type { Table, Vector } from "apache-arrow";
import {
  cellAbsDiff,
  cellEquals,
  cellJson,
  cellNumber,
  chunkOf,
  type Chunks,
  chunksOf,
  type Json,
} from "../arrow/cells.ts";
import { IntList } from "./_int_list.ts";
import { matchKeys } from "./_key_groups.ts";
import { type PairColumn, pairLeftovers } from "./_pairing.ts";
import {
  addVectorHashes,
  gatherHashes,
  type HashLanes,
  maxChunkLength,
  seedsFor,
} from "../arrow/row_hash.ts";
import { positionalDiff } from "./_positional.ts";
import { compareSchemas, type SchemaDifference } from "./_schema_diff.ts";
import { hasFloat, isNumericType } from "./_type_string.ts";
import { DataType, Precision } from "apache-arrow";

export type { SchemaDifference, SchemaDifferenceKind } from "./_schema_diff.ts";
export type { Json as JsonValue } from "../arrow/cells.ts";

/**
 * Float tolerance: two finite floats a, b are equal when
 * `|a-b| <= abs` or `|a-b| <= rel * max(|a|, |b|)`.
 */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** A sort direction of an ordering key. */
export type SortDirection = "asc" | "desc";

/** How an output is ordered (the rule's ordering contract). */
export interface DiffOrdering {
  /** `unordered` and `implicit` compare as multisets, `explicit` as sequences. */
  readonly level: "unordered" | "implicit" | "explicit";
  /** Sort keys of an explicit ordering; rows tied on all keys may come in any order. */
  readonly keys?: readonly (readonly [string, SortDirection])[];
}

/** Options of {@link diffOutputs}. */
export interface OutputDiffOptions {
  readonly ordering: DiffOrdering;
  /** Key columns: when set, rows are matched per key (null key values match each other). */
  readonly key?: readonly string[];
  /** Float tolerance; default `{abs: 0, rel: 0}`. */
  readonly tolerance?: Tolerance;
  /** Maximum number of sample rows; default 10. */
  readonly samples?: number;
}

/** Row counts. `equal + only_legacy + changed = legacy` and `equal + only_new + changed = new`. */
export interface RowCounts {
  readonly legacy: number;
  readonly new: number;
  readonly equal: number;
  readonly only_legacy: number;
  readonly only_new: number;
  readonly changed: number;
}

/**
 * Per compared column: how many changed rows differ in it, and for numeric
 * columns the largest absolute and relative error over all paired rows
 * (changed or equal within tolerance; null when no value differed), and the
 * smallest `tolerance.abs` (keeping the configured `rel`) under which every
 * mismatch of this float column would pass (null when there is no mismatch,
 * or when no tolerance can help: integers, decimals, null against a value,
 * NaN or infinity against a number).
 */
export interface ColumnDiff {
  readonly column: string;
  readonly mismatches: number;
  readonly max_abs_error: number | null;
  readonly max_rel_error: number | null;
  readonly min_tolerance_to_pass: number | null;
}

/** The kind of a row difference. */
export type SampleKind = "changed" | "only_legacy" | "only_new";

/**
 * One sample row difference. Rows are objects of all the columns of their
 * own table, values as JSON (64-bit integers and decimals as decimal
 * strings, binary as hex, dates and timestamps as ISO 8601, NaN/Infinity as
 * strings). `legacy_row`/`new_row` are 0-based row positions.
 */
export interface DiffSample {
  readonly kind: SampleKind;
  readonly key?: { [column: string]: Json };
  readonly legacy_row?: number;
  readonly legacy?: { [column: string]: Json };
  readonly new_row?: number;
  readonly new?: { [column: string]: Json };
  readonly changed_columns?: string[];
}

/** How rows were matched. */
export type DiffMode = "multiset" | "sequence" | "keyed";

/** The result of {@link diffOutputs}: plain JSON, deterministic key order. */
export interface OutputDiff {
  /** No schema difference of any kind and no row difference. */
  readonly equal: boolean;
  readonly mode: DiffMode;
  readonly schema: SchemaDifference[];
  /** Columns whose values were compared (common, comparable types), legacy order. */
  readonly compared_columns: string[];
  readonly rows: RowCounts;
  readonly columns: ColumnDiff[];
  readonly samples: DiffSample[];
  /** What the diff could not do as asked (skipped columns, fallbacks). */
  readonly notes: string[];
}

/** A compared column with everything the row diff needs. */
interface Col extends PairColumn {
  readonly name: string;
  readonly numeric: boolean;
  /** A float32/float64 column (a tolerance can make its mismatches pass). */
  readonly scalarFloat: boolean;
}

/**
 * Diff the legacy output with the new output.
 *
 * Columns are matched by name; rows are compared on the columns present in
 * both with comparable types (every integer width compares by value, as do
 * float32 and float64). Unordered and implicit orderings compare rows as
 * multisets (duplicates count); an explicit ordering compares row i with row
 * i, except that rows tied on all the ordering keys compare as a multiset; a
 * `key` matches rows per key value, whatever the ordering (key values match
 * exactly, without tolerance, and null key values match each other; rows of
 * a key that repeats are paired in row order after equal rows are matched).
 * An unkeyed multiset diff first matches equal rows, then rows equal within
 * the float tolerance, then pairs a leftover legacy row with a leftover new
 * row that agrees on at least half the columns and reports the pair as one
 * `changed` row (a deterministic greedy pairing, best agreement first).
 *
 * @example Identical outputs
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { diffOutputs } from "./output_diff.ts";
 * const t = tableFromArrays({ x: Int32Array.from([1, 2, 3]) });
 * const d = diffOutputs(t, t, { ordering: { level: "unordered" } });
 * console.assert(d.equal && d.rows.equal === 3);
 * ```
 */
export function diffOutputs(
  legacy: Table,
  next: Table,
  options: OutputDiffOptions,
): OutputDiff {
  const tol = checkTolerance(options.tolerance ?? { abs: 0, rel: 0 });
  const sampleLimit = options.samples ?? 10;
  if (!Number.isInteger(sampleLimit) || sampleLimit < 0) {
    throw new RangeError(
      `Cannot diff outputs: samples must be a whole number >= 0, got ${sampleLimit}`,
    );
  }
  const schema = compareSchemas(legacy.schema, next.schema);
  const notes: string[] = [];
  const allNames = new Set([...legacy.schema.fields, ...next.schema.fields].map((f) => f.name));
  if (schema.compared.length < allNames.size) {
    const skipped = [
      ...legacy.schema.fields.filter((f) => !next.schema.fields.some((g) => g.name === f.name))
        .map((f) => `${f.name} (only in legacy)`),
      ...next.schema.fields.filter((f) => !legacy.schema.fields.some((g) => g.name === f.name))
        .map((f) => `${f.name} (only in new)`),
      ...schema.skipped.map((s) => `${s.column} (${s.reason})`),
    ];
    notes.push(
      `rows compared on the ${schema.compared.length} common column(s) with comparable types; ` +
        `not compared: ${skipped.join(", ")}`,
    );
  }
  const cols: Col[] = schema.compared.map((name, index) => {
    const left = legacy.getChild(name) as Vector;
    const right = next.getChild(name) as Vector;
    const lf = left.type as DataType;
    return {
      name,
      left,
      right,
      lc: chunksOf(left),
      nc: chunksOf(right),
      seeds: seedsFor(index),
      float: hasFloat(lf) || hasFloat(right.type as DataType),
      numeric: isNumericType(lf),
      scalarFloat: DataType.isFloat(lf) && lf.precision !== Precision.HALF,
    };
  });
  const colIndex = new Map(cols.map((c, i) => [c.name, i]));
  const nL = legacy.numRows;
  const nN = next.numRows;
  const tally = new Tally(cols, tol);

  let mode: DiffMode = options.ordering.level === "explicit" ? "sequence" : "multiset";
  let keyCols: Col[] = [];
  if (options.key !== undefined && options.key.length > 0) {
    const missing = options.key.filter((k) => !colIndex.has(k));
    if (missing.length === 0) {
      mode = "keyed";
      keyCols = options.key.map((k) => cols[colIndex.get(k)!]!);
    } else {
      notes.push(
        `key column(s) ${missing.join(", ")} not comparable in both outputs; rows compared ` +
          `${mode === "sequence" ? "as sequences" : "as multisets"} instead`,
      );
    }
  }
  const flags = mode === "sequence"
    ? positionalDiff(cols, Math.min(nL, nN))
    : alignedDiff(cols, Math.min(nL, nN));
  if (mode === "keyed") {
    keyedDiff(tally, cols, flags, nL, nN, keyCols);
  } else if (mode === "sequence") {
    const ordNames = (options.ordering.keys ?? []).map(([name]) => name);
    const missing = ordNames.filter((k) => !colIndex.has(k));
    if (missing.length > 0) {
      notes.push(
        `ordering key column(s) ${missing.join(", ")} not comparable in both outputs; ` +
          `rows compared strictly by position`,
      );
    }
    const ordCols = missing.length === 0 ? ordNames.map((k) => cols[colIndex.get(k)!]!) : [];
    sequenceDiff(tally, cols, flags, nL, nN, ordCols);
  } else {
    multisetDiff(tally, cols, flags, nL, nN, tol);
  }

  const rows: RowCounts = {
    legacy: nL,
    new: nN,
    equal: tally.equal,
    only_legacy: tally.onlyL.length,
    only_new: tally.onlyN.length,
    changed: tally.changedL.length,
  };
  return {
    equal: schema.differences.length === 0 && rows.only_legacy === 0 && rows.only_new === 0 &&
      rows.changed === 0,
    mode,
    schema: schema.differences,
    compared_columns: schema.compared,
    rows,
    columns: tally.columnDiffs(),
    samples: buildSamples(tally, legacy, next, keyCols, sampleLimit),
    notes: [...notes, ...tally.notes],
  };
}

/** Rows probed before comparing two unordered outputs position by position. */
const PROBE_ROWS = 4096;

/**
 * Position-by-position flags for a multiset or keyed diff: worth a full pass
 * only when the outputs look aligned. When most of the first rows differ in
 * place (another order), every row is flagged and left to the hash match.
 */
function alignedDiff(cols: readonly Col[], m: number): Uint8Array {
  if (m > 4 * PROBE_ROWS) {
    const head = positionalDiff(cols, PROBE_ROWS);
    let differ = 0;
    for (let i = 0; i < PROBE_ROWS; i++) differ += head[i]!;
    if (differ * 2 > PROBE_ROWS) return new Uint8Array(m).fill(1);
  }
  return positionalDiff(cols, m);
}

function checkTolerance(t: Tolerance): Tolerance {
  if (!(t.abs >= 0) || !(t.rel >= 0)) {
    throw new RangeError(
      `Cannot diff outputs: tolerance abs and rel must be numbers >= 0, got ${t.abs} and ${t.rel}`,
    );
  }
  return { abs: t.abs, rel: t.rel };
}

/** Row hashes (sum of the compared columns' cell hashes) of the given rows of one side. */
function rowHashesOf(cols: readonly Col[], side: "left" | "right", rows: Int32Array): HashLanes {
  const n = cols.length > 0 ? cols[0]![side].length : 0;
  if (rows.length * 8 >= n && cols.length > 0) {
    const vectors = cols.map((c) => c[side]);
    const size = maxChunkLength(vectors);
    const scratch = { a: new Uint32Array(size), b: new Uint32Array(size) };
    const fa = new Uint32Array(n);
    const fb = new Uint32Array(n);
    vectors.forEach((v, c) => addVectorHashes(v, cols[c]!.seeds, fa, fb, scratch));
    if (rows.length === n) return { a: fa, b: fb }; // rows are 0..n-1
    const a = new Uint32Array(rows.length);
    const b = new Uint32Array(rows.length);
    for (let x = 0; x < rows.length; x++) {
      a[x] = fa[rows[x]!]!;
      b[x] = fb[rows[x]!]!;
    }
    return { a, b };
  }
  const a = new Uint32Array(rows.length);
  const b = new Uint32Array(rows.length);
  for (const col of cols) {
    const h = gatherHashes(col[side], col.seeds, rows);
    for (let x = 0; x < rows.length; x++) {
      a[x] = a[x]! + h.a[x]!;
      b[x] = b[x]! + h.b[x]!;
    }
  }
  return { a, b };
}

/** All rows 0..n-1. */
function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** Counts, row lists and per-column statistics of one diff. */
class Tally {
  equal = 0;
  readonly notes: string[] = [];
  readonly onlyL = new IntList();
  readonly onlyN = new IntList();
  readonly changedL = new IntList();
  readonly changedN = new IntList();
  readonly #cols: readonly Col[];
  readonly #tol: Tolerance;
  readonly #tolOn: boolean;
  readonly #mismatches: Float64Array;
  readonly #maxAbs: Float64Array;
  readonly #maxRel: Float64Array;
  readonly #needAbs: Float64Array;
  readonly #unfixable: Uint8Array;

  constructor(cols: readonly Col[], tol: Tolerance) {
    this.#cols = cols;
    this.#tol = tol;
    this.#tolOn = tol.abs > 0 || tol.rel > 0;
    const m = cols.length;
    this.#mismatches = new Float64Array(m);
    this.#maxAbs = new Float64Array(m).fill(-1);
    this.#maxRel = new Float64Array(m).fill(-1);
    this.#needAbs = new Float64Array(m);
    this.#unfixable = new Uint8Array(m);
  }

  /** Compare two rows cell by cell (their hashes differ): count them equal or changed. */
  comparePair(li: number, ni: number): void {
    let changed = false;
    this.#cols.forEach((col, c) => {
      const cl = chunkOf(col.lc, li);
      const cn = chunkOf(col.nc, ni);
      const ld = col.lc.data[cl]!;
      const nd = col.nc.data[cn]!;
      const lx = li - col.lc.starts[cl]!;
      const nx = ni - col.nc.starts[cn]!;
      const eq = cellEquals(ld, lx, nd, nx, this.#tol);
      let abs: number | null = null;
      // an equal cell has no error unless a float is equal within tolerance
      if (col.numeric && (!eq || (col.scalarFloat && this.#tolOn))) {
        abs = cellAbsDiff(ld, lx, nd, nx);
        if (abs !== null && abs > 0) {
          const a = cellNumber(ld, lx)!;
          const b = cellNumber(nd, nx)!;
          const rel = abs / Math.max(Math.abs(a), Math.abs(b));
          if (abs > this.#maxAbs[c]!) this.#maxAbs[c] = abs;
          if (rel > this.#maxRel[c]!) this.#maxRel[c] = rel;
        }
      }
      if (eq) return;
      changed = true;
      this.#mismatches[c] = this.#mismatches[c]! + 1;
      if (col.scalarFloat && abs !== null && Number.isFinite(abs)) {
        if (abs > this.#needAbs[c]!) this.#needAbs[c] = abs;
      } else {
        this.#unfixable[c] = 1;
      }
    });
    if (changed) {
      this.changedL.push(li);
      this.changedN.push(ni);
    } else {
      this.equal++;
    }
  }

  /** Names of the columns in which the two rows differ (beyond tolerance). */
  changedColumns(li: number, ni: number): string[] {
    return this.#cols.filter((col) => {
      const cl = chunkOf(col.lc, li);
      const cn = chunkOf(col.nc, ni);
      return !cellEquals(
        col.lc.data[cl]!,
        li - col.lc.starts[cl]!,
        col.nc.data[cn]!,
        ni - col.nc.starts[cn]!,
        this.#tol,
      );
    }).map((col) => col.name);
  }

  columnDiffs(): ColumnDiff[] {
    return this.#cols.map((col, c) => {
      const mismatches = this.#mismatches[c]!;
      const maxAbs = this.#maxAbs[c]!;
      const maxRel = this.#maxRel[c]!;
      return {
        column: col.name,
        mismatches,
        max_abs_error: col.numeric && Number.isFinite(maxAbs) && maxAbs > 0 ? maxAbs : null,
        max_rel_error: col.numeric && Number.isFinite(maxRel) && maxRel > 0 ? maxRel : null,
        min_tolerance_to_pass: mismatches > 0 && col.scalarFloat && !this.#unfixable[c]
          ? this.#needAbs[c]!
          : null,
      };
    });
  }
}

/**
 * Match equal rows: position by position (the flags), then the rest as a
 * multiset by row hash. Returns the unmatched rows of each side, ascending.
 */
function matchExact(
  tally: Tally,
  cols: readonly Col[],
  flags: Uint8Array,
  nL: number,
  nN: number,
): [Int32Array, Int32Array] {
  const m = flags.length;
  let positional = 0;
  for (let i = 0; i < m; i++) positional += 1 - flags[i]!;
  tally.equal += positional;
  const remL = new Int32Array(nL - positional);
  const remN = new Int32Array(nN - positional);
  let xl = 0, xn = 0;
  for (let i = 0; i < m; i++) {
    if (flags[i]) {
      remL[xl++] = i;
      remN[xn++] = i;
    }
  }
  for (let i = m; i < nL; i++) remL[xl++] = i;
  for (let i = m; i < nN; i++) remN[xn++] = i;
  if (remL.length === 0 || remN.length === 0) return [remL, remN];
  const hl = rowHashesOf(cols, "left", remL);
  const hn = rowHashesOf(cols, "right", remN);
  const [ul, un] = matchHashes(tally, hl, hn);
  // when every row was left, the entry numbers are the row numbers
  return [
    remL.length === nL ? ul : ul.map((x) => remL[x]!),
    remN.length === nN ? un : un.map((x) => remN[x]!),
  ];
}

/**
 * Match entries of two hash lists as multisets (equal hash = equal row),
 * same position first. Counts matches as equal rows; returns the unmatched
 * entries of each side, ascending.
 */
function matchHashes(tally: Tally, hL: HashLanes, hN: HashLanes): [Int32Array, Int32Array] {
  const nL = hL.a.length;
  const nN = hN.a.length;
  const m = Math.min(nL, nN);
  const la = hL.a, lb = hL.b, na = hN.a, nb = hN.b;
  const matchedL = new Uint8Array(nL);
  const matchedN = new Uint8Array(nN);
  let equal = 0;
  for (let i = 0; i < m; i++) {
    if (la[i] === na[i] && lb[i] === nb[i]) {
      matchedL[i] = 1;
      matchedN[i] = 1;
      equal++;
    }
  }
  if (equal < nL && equal < nN) {
    const remL = unmatched(matchedL, nL - equal);
    const remN = unmatched(matchedN, nN - equal);
    const taken = equal === 0
      ? matchKeys(la, lb, na, nb)
      : matchKeys(gather(la, remL), gather(lb, remL), gather(na, remN), gather(nb, remN));
    for (let j = 0; j < remN.length; j++) {
      const x = taken[j]!;
      if (x < 0) continue;
      matchedL[remL[x]!] = 1;
      matchedN[remN[j]!] = 1;
      equal++;
    }
  }
  tally.equal += equal;
  return [unmatched(matchedL, nL - equal), unmatched(matchedN, nN - equal)];
}

function gather(values: Uint32Array, at: Int32Array): Uint32Array {
  const out = new Uint32Array(at.length);
  for (let x = 0; x < at.length; x++) out[x] = values[at[x]!]!;
  return out;
}

function unmatched(flags: Uint8Array, count: number): Int32Array {
  const out = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < flags.length && at < count; i++) if (!flags[i]) out[at++] = i;
  return out;
}

function multisetDiff(
  tally: Tally,
  cols: readonly Col[],
  flags: Uint8Array,
  nL: number,
  nN: number,
  tol: Tolerance,
): void {
  const [leftL, leftN] = matchExact(tally, cols, flags, nL, nN);
  const pairs = pairLeftovers(cols, leftL, leftN, tol);
  if (pairs.limited) {
    tally.notes.push(
      `${leftL.length + leftN.length} rows left unmatched: only rows differing in one column ` +
        `were paired as changed`,
    );
  }
  const pairedL = new Uint8Array(nL);
  const pairedN = new Uint8Array(nN);
  for (let p = 0; p < pairs.legacy.length; p++) {
    tally.comparePair(pairs.legacy[p]!, pairs.next[p]!);
    pairedL[pairs.legacy[p]!] = 1;
    pairedN[pairs.next[p]!] = 1;
  }
  for (const r of leftL) if (!pairedL[r]) tally.onlyL.push(r);
  for (const r of leftN) if (!pairedN[r]) tally.onlyN.push(r);
}

function keyedDiff(
  tally: Tally,
  cols: readonly Col[],
  flags: Uint8Array,
  nL: number,
  nN: number,
  keyCols: readonly Col[],
): void {
  const [leftL, leftN] = matchExact(tally, cols, flags, nL, nN);
  if (leftL.length === 0 || leftN.length === 0) {
    for (const r of leftL) tally.onlyL.push(r);
    for (const r of leftN) tally.onlyN.push(r);
    return;
  }
  const kl = rowHashesOf(keyCols, "left", leftL);
  const kn = rowHashesOf(keyCols, "right", leftN);
  const taken = matchKeys(kl.a, kl.b, kn.a, kn.b);
  const pairedL = new Uint8Array(leftL.length);
  for (let j = 0; j < leftN.length; j++) {
    const x = taken[j]!;
    if (x < 0) {
      tally.onlyN.push(leftN[j]!);
      continue;
    }
    pairedL[x] = 1;
    tally.comparePair(leftL[x]!, leftN[j]!);
  }
  for (let x = 0; x < leftL.length; x++) if (!pairedL[x]) tally.onlyL.push(leftL[x]!);
}

function sequenceDiff(
  tally: Tally,
  cols: readonly Col[],
  flags: Uint8Array,
  nL: number,
  nN: number,
  ordCols: readonly Col[],
): void {
  const m = flags.length;
  let first = m;
  for (let i = 0; i < m; i++) {
    if (flags[i]) {
      first = i;
      break;
    }
  }
  tally.equal += first;
  if (first < m) {
    if (ordCols.length === 0) {
      for (let i = first; i < m; i++) {
        if (flags[i]) tally.comparePair(i, i);
        else tally.equal++;
      }
    } else {
      // Rows tied on every ordering key, at the same positions in both
      // outputs, may come in any order: compare each such run as a multiset.
      const rows = allRows(m).subarray(first);
      const oL = rowHashesOf(ordCols, "left", rows);
      const oN = rowHashesOf(ordCols, "right", rows);
      let full: [HashLanes, HashLanes] | null = null;
      let x = 0;
      while (x < rows.length) {
        const a = oL.a[x]!, b = oL.b[x]!;
        let e = x + 1;
        if (oN.a[x] === a && oN.b[x] === b) {
          while (
            e < rows.length && oL.a[e] === a && oL.b[e] === b && oN.a[e] === a && oN.b[e] === b
          ) e++;
        }
        let changedInRun = false;
        for (let y = x; y < e; y++) if (flags[first + y]) changedInRun = true;
        if (!changedInRun) tally.equal += e - x;
        else if (e - x === 1) tally.comparePair(first + x, first + x);
        else {
          full ??= [rowHashesOf(cols, "left", rows), rowHashesOf(cols, "right", rows)];
          tieRun(tally, full, first, x, e);
        }
        x = e;
      }
    }
  }
  for (let i = m; i < nL; i++) tally.onlyL.push(i);
  for (let i = m; i < nN; i++) tally.onlyN.push(i);
}

/**
 * Rows first+x .. first+e-1 are tied on all ordering keys in both outputs:
 * compare them as a multiset. `full` holds the row hashes of rows first.. .
 */
function tieRun(
  tally: Tally,
  full: readonly [HashLanes, HashLanes],
  first: number,
  x: number,
  e: number,
): void {
  const sub = (h: HashLanes): HashLanes => ({ a: h.a.subarray(x, e), b: h.b.subarray(x, e) });
  const [leftL, leftN] = matchHashes(tally, sub(full[0]), sub(full[1]));
  // the leftovers are tied on the ordering keys: pair them in order
  const start = first + x;
  for (let y = 0; y < leftL.length; y++) tally.comparePair(start + leftL[y]!, start + leftN[y]!);
}

function rowObject(
  table: Table,
  chunks: readonly Chunks[],
  row: number,
): { [column: string]: Json } {
  const out: { [column: string]: Json } = {};
  table.schema.fields.forEach((f, k) => {
    const c = chunks[k]!;
    const at = chunkOf(c, row);
    out[f.name] = cellJson(c.data[at]!, row - c.starts[at]!);
  });
  return out;
}

function keyObject(
  keyCols: readonly Col[],
  side: "lc" | "nc",
  row: number,
): { [column: string]: Json } {
  const out: { [column: string]: Json } = {};
  for (const col of keyCols) {
    const c = col[side];
    const at = chunkOf(c, row);
    out[col.name] = cellJson(c.data[at]!, row - c.starts[at]!);
  }
  return out;
}

/** Positions of the `k` smallest values of `keys` (ties: lower position), ascending by value. */
function smallest(keys: Int32Array, k: number): number[] {
  const picked: number[] = [];
  for (let p = 0; p < keys.length; p++) {
    if (picked.length === k && keys[p]! >= keys[picked[k - 1]!]!) continue;
    let at = picked.length;
    while (at > 0 && keys[picked[at - 1]!]! > keys[p]!) at--;
    picked.splice(at, 0, p);
    if (picked.length > k) picked.pop();
  }
  return picked;
}

function buildSamples(
  tally: Tally,
  legacy: Table,
  next: Table,
  keyCols: readonly Col[],
  limit: number,
): DiffSample[] {
  const lists = [tally.changedL.view(), tally.onlyL.view(), tally.onlyN.view()] as const;
  const take = [0, 0, 0];
  let left = limit;
  while (left > 0) {
    let progressed = false;
    for (let k = 0; k < 3 && left > 0; k++) {
      if (take[k]! < lists[k]!.length) {
        take[k] = take[k]! + 1;
        left--;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  const lChunks = legacy.schema.fields.map((_, k) => chunksOf(legacy.getChildAt(k) as Vector));
  const nChunks = next.schema.fields.map((_, k) => chunksOf(next.getChildAt(k) as Vector));
  const keyed = keyCols.length > 0;
  const samples: DiffSample[] = [];
  const changedN = tally.changedN.view();
  for (const p of smallest(lists[0], take[0]!)) {
    const li = lists[0][p]!;
    const ni = changedN[p]!;
    samples.push({
      kind: "changed",
      ...(keyed ? { key: keyObject(keyCols, "lc", li) } : {}),
      legacy_row: li,
      legacy: rowObject(legacy, lChunks, li),
      new_row: ni,
      new: rowObject(next, nChunks, ni),
      changed_columns: tally.changedColumns(li, ni),
    });
  }
  for (const p of smallest(lists[1], take[1]!)) {
    const li = lists[1][p]!;
    samples.push({
      kind: "only_legacy",
      ...(keyed ? { key: keyObject(keyCols, "lc", li) } : {}),
      legacy_row: li,
      legacy: rowObject(legacy, lChunks, li),
    });
  }
  for (const p of smallest(lists[2], take[2]!)) {
    const ni = lists[2][p]!;
    samples.push({
      kind: "only_new",
      ...(keyed ? { key: keyObject(keyCols, "nc", ni) } : {}),
      new_row: ni,
      new: rowObject(next, nChunks, ni),
    });
  }
  return samples;
}
