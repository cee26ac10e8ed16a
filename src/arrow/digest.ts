/**
 * Output digests for snapshots (SPEC section 9): one lowercase hex sha256 per
 * Arrow table that changes when any value changes.
 *
 * Rows are first hashed column-wise to 64 bits by the output diff's row hash
 * (`src/arrow/row_hash.ts`: typed arrays and validity bitmaps, no per-row
 * objects; -0 equals 0, every NaN equals every NaN, all integer widths hash
 * their value). The sha256 then runs over those row hashes:
 *
 * - `unordered` (unordered and implicit outputs): the row hashes sorted, so
 *   the digest is that of the multiset of rows and ignores row order;
 * - `ordered` (explicit ordering): the row hashes in output order, except
 *   that rows tied on every ordering key (a run of adjacent rows with equal
 *   key values) are sorted among themselves, since their order is not
 *   defined. When an ordering key is not a column, rows are taken strictly in
 *   order.
 *
 * The digest covers row values only; column names, types and metadata are
 * compared through the snapshot's schema. Columns are seeded by position, so
 * swapping two columns' values changes the digest.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type * as arrow from "apache-arrow";
import type { Ordering } from "../ir/plan.ts";
import { addVectorHashes, type HashLanes, maxChunkLength, seedsFor } from "./row_hash.ts";

/** How a digest treats row order. */
export type DigestOrder = "unordered" | "ordered";

/** Version of the digest algorithm; part of the hashed bytes. */
export const DIGEST_VERSION = 1;

/**
 * The digest order that an output ordering calls for: `ordered` for explicit
 * ordering, `unordered` otherwise.
 *
 * @example
 * ```ts
 * import { digestOrder } from "./digest.ts";
 * digestOrder({ level: "explicit", keys: [["x", "asc"]] }); // "ordered"
 * digestOrder({ level: "implicit" }); // "unordered"
 * ```
 */
export function digestOrder(ordering: Ordering): DigestOrder {
  return ordering.level === "explicit" ? "ordered" : "unordered";
}

/** Per-row 64-bit hashes (two 32-bit lanes) of the given columns of a table. */
function rowHashes(table: arrow.Table, columns: readonly number[]): HashLanes {
  const n = table.numRows;
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  const vectors = columns.map((i) => {
    const v = table.getChildAt(i);
    if (v === null) throw new Error(`Cannot digest: column ${i} missing`);
    return v;
  });
  const size = maxChunkLength(vectors);
  const scratch = { a: new Uint32Array(size), b: new Uint32Array(size) };
  vectors.forEach((v, k) => addVectorHashes(v, seedsFor(columns[k]!), a, b, scratch));
  return { a, b };
}

/** Pack lanes into 64-bit words (`a` high, `b` low) that sort numerically. */
function packed(h: HashLanes): BigUint64Array {
  const n = h.a.length;
  const out = new BigUint64Array(n);
  const words = new Uint32Array(out.buffer);
  const little = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const hi = little ? 1 : 0;
  const lo = 1 - hi;
  for (let i = 0; i < n; i++) {
    words[2 * i + hi] = h.a[i]!;
    words[2 * i + lo] = h.b[i]!;
  }
  return out;
}

/** Bytes of the words in little-endian order, whatever the machine. */
function littleEndianBytes(words: BigUint64Array): Uint8Array {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setBigUint64(8 * i, words[i]!, true);
  return out;
}

/**
 * The sha256 digest (lowercase hex) of a table's rows; see the module
 * documentation for what it covers.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { tableDigest } from "./digest.ts";
 * const a = arrow.tableFromArrays({ x: Int32Array.of(1, 2, 3) });
 * const b = arrow.tableFromArrays({ x: Int32Array.of(3, 1, 2) });
 * tableDigest(a, { level: "unordered" }) === tableDigest(b, { level: "unordered" }); // true
 * ```
 */
export function tableDigest(table: arrow.Table, ordering: Ordering): string {
  const n = table.numRows;
  const width = table.numCols;
  const order = digestOrder(ordering);
  const all = Array.from({ length: width }, (_, i) => i);
  const words = packed(rowHashes(table, all));
  if (ordering.level !== "explicit") {
    words.sort();
  } else {
    const names = table.schema.fields.map((f) => f.name);
    const keyCols = ordering.keys.map(([name]) => names.indexOf(name));
    if (n > 1 && keyCols.length > 0 && keyCols.every((i) => i >= 0)) {
      sortTies(words, rowHashes(table, [...new Set(keyCols)]));
    }
  }
  const head = `relgate-digest ${DIGEST_VERSION} ${order} columns=${width} rows=${n}\n`;
  return createHash("sha256").update(head, "utf8").update(littleEndianBytes(words)).digest("hex");
}

/** Sort each run of rows whose key hashes are equal (ties of the ordering). */
function sortTies(words: BigUint64Array, keys: HashLanes): void {
  const n = words.length;
  const ka = keys.a;
  const kb = keys.b;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || ka[i] !== ka[start] || kb[i] !== kb[start]) {
      if (i - start > 1) words.subarray(start, i).sort();
      start = i;
    }
  }
}
