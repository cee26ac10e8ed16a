/**
 * String helpers with code point semantics: Unicode simple case mapping,
 * White_Space trimming, LIKE patterns, RE2 regular expressions, slicing.
 *
 * Regular expressions are RE2 patterns translated to JS `RegExp` (see
 * `re2.ts`): RE2's meaning of `.`, `\s`, `^`, `$` and flags, and RE2's errors.
 *
 * @module
 */
import { ComputeError } from "../../arrow/compute_error.ts";
import { re2ToJs } from "./re2.ts";
import type { Col } from "../../arrow/column.ts";
import { T } from "../../ir/types.ts";

const UPPER = new Map<number, number>();
const LOWER = new Map<number, number>();

// Code points whose full mapping has several code points but whose simple
// mapping (UnicodeData.txt) is a single different code point.
const SIMPLE_UPPER_EXTRA: ReadonlyMap<number, number> = new Map([
  ...[0x1f80, 0x1f90, 0x1fa0].flatMap((b) =>
    Array.from({ length: 8 }, (_, k) => [b + k, b + k + 8] as [number, number])
  ),
  [0x1fb3, 0x1fbc],
  [0x1fc3, 0x1fcc],
  [0x1ff3, 0x1ffc],
]);
const SIMPLE_LOWER_EXTRA: ReadonlyMap<number, number> = new Map([[0x130, 0x69]]);

function simpleMap(cp: number, upper: boolean): number {
  const cache = upper ? UPPER : LOWER;
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const extra = (upper ? SIMPLE_UPPER_EXTRA : SIMPLE_LOWER_EXTRA).get(cp);
  let r = cp;
  if (extra !== undefined) r = extra;
  else {
    const s = String.fromCodePoint(cp);
    const m = upper ? s.toUpperCase() : s.toLowerCase();
    const first = m.codePointAt(0)!;
    if (m.length === (first > 0xffff ? 2 : 1)) r = first;
  }
  cache.set(cp, r);
  return r;
}

/**
 * Map each code point by Unicode's simple case mapping (length never changes).
 *
 * @example
 * ```ts
 * import { caseMap } from "./strings.ts";
 * caseMap("straße", true); // "STRAßE"
 * ```
 */
export function caseMap(s: string, upper: boolean): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = "";
  for (const ch of s) out += String.fromCodePoint(simpleMap(ch.codePointAt(0)!, upper));
  return out;
}

/** Unicode White_Space code points. */
export function isWhiteSpace(cp: number): boolean {
  return (cp >= 0x9 && cp <= 0xd) || cp === 0x20 || cp === 0x85 || cp === 0xa0 ||
    cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 ||
    cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/**
 * Strip Unicode White_Space at the start and/or end.
 *
 * @example
 * ```ts
 * import { trimWs } from "./strings.ts";
 * trimWs("\u3000 a \u0085", true, true); // "a"
 * ```
 */
export function trimWs(s: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  if (left) { while (a < b && isWhiteSpace(s.charCodeAt(a))) a++; }
  if (right) { while (b > a && isWhiteSpace(s.charCodeAt(b - 1))) b--; }
  return s.slice(a, b);
}

/** Code points of a string. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/**
 * SQL substr: 1-based start in code points, optional length; past the end gives ''.
 * Start 0 counts as the position before the first character; a negative
 * start counts from the end (DuckDB).
 *
 * @example
 * ```ts
 * import { substr } from "./strings.ts";
 * substr("h€llo", 2, 3); // "€ll"
 * ```
 */
export function substr(s: string, start: number, len: number | null): string {
  const cps = codePoints(s);
  const n = cps.length;
  let begin: number;
  if (start > 0) begin = start - 1;
  else if (start === 0) begin = -1;
  else begin = n + start;
  let end = len === null ? n : begin + len;
  if (len !== null && len < 0) return "";
  if (begin < 0) begin = 0;
  if (end > n) end = n;
  if (begin >= end) return "";
  return cps.slice(begin, end).join("");
}

/**
 * Python-style slice over code points (pyarrow utf8_slice_codeunits).
 *
 * @example
 * ```ts
 * import { sliceCodepoints } from "./strings.ts";
 * sliceCodepoints("abcdef", -3, null, 1); // "def"
 * ```
 */
export function sliceCodepoints(
  s: string,
  start: number,
  stop: number | null,
  step: number,
): string {
  if (step === 0) throw new ComputeError("bad-option", "utf8_slice_codeunits: step must not be 0");
  const cps = codePoints(s);
  const n = cps.length;
  const norm = (x: number): number => {
    if (x < 0) x += n;
    if (step > 0) return Math.min(Math.max(x, 0), n);
    return Math.min(Math.max(x, -1), n - 1);
  };
  const a = norm(start);
  const b = stop === null ? (step > 0 ? n : -1) : norm(stop);
  let out = "";
  if (step > 0) { for (let i = a; i < b; i += step) out += cps[i]!; }
  else for (let i = a; i > b; i += step) out += cps[i]!;
  return out;
}

const RE_CACHE = new Map<string, RegExp>();

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? "\\" + ch : ch;
}

/**
 * A RegExp for a SQL LIKE pattern: `%` any sequence, `_` one code point,
 * `\` escapes the next character; anchored at both ends. A pattern ending in
 * a lone `\` is an error (as DuckDB's LIKE).
 *
 * @example
 * ```ts
 * import { likeRegExp } from "./strings.ts";
 * likeRegExp("a\\%_", false).test("a%😀"); // true
 * ```
 */
export function likeRegExp(pattern: string, ignoreCase: boolean, fn = "like"): RegExp {
  const key = `L${ignoreCase ? "i" : ""}:${pattern}`;
  const hit = RE_CACHE.get(key);
  if (hit) return hit;
  let src = "^";
  const cps = codePoints(pattern);
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (ch === "\\" && i + 1 === cps.length) {
      throw new ComputeError(
        "bad-pattern",
        `${fn}: LIKE pattern ${JSON.stringify(pattern)} must not end with the escape character \\`,
      );
    }
    if (ch === "\\") src += escapeRe(cps[++i]!);
    else if (ch === "%") src += "[\\s\\S]*";
    else if (ch === "_") src += "[\\s\\S]";
    else src += escapeRe(ch);
  }
  src += "$";
  const re = new RegExp(src, ignoreCase ? "ui" : "u");
  RE_CACHE.set(key, re);
  return re;
}

/**
 * A RegExp for an RE2 pattern (search, not anchored).
 *
 * @example
 * ```ts
 * import { re2RegExp } from "./strings.ts";
 * re2RegExp("b+", false, "regexp_matches").test("abbc"); // true
 * ```
 */
export function re2RegExp(pattern: string, ignoreCase: boolean, fn: string): RegExp {
  const key = `R${ignoreCase ? "i" : ""}:${pattern}`;
  const hit = RE_CACHE.get(key);
  if (hit) return hit;
  const js = re2ToJs(pattern, ignoreCase, fn);
  const re = new RegExp(js.source, js.flags);
  RE_CACHE.set(key, re);
  return re;
}

/**
 * Split on a literal separator, keeping empty parts. An empty separator
 * splits into code points. `maxSplits` (pyarrow) limits the number of
 * splits, from the right when `reverse`.
 *
 * @example
 * ```ts
 * import { splitLiteral } from "./strings.ts";
 * splitLiteral("a,,b", ",", null, false); // ["a", "", "b"]
 * ```
 */
export function splitLiteral(
  s: string,
  sep: string,
  maxSplits: number | null,
  reverse: boolean,
): string[] {
  if (sep === "") return codePoints(s);
  const parts = s.split(sep);
  if (maxSplits === null || maxSplits < 0 || parts.length - 1 <= maxSplits) return parts;
  if (!reverse) return [...parts.slice(0, maxSplits), parts.slice(maxSplits).join(sep)];
  const keep = parts.length - maxSplits;
  return [parts.slice(0, keep).join(sep), ...parts.slice(keep)];
}

/** Replace occurrences of a literal (all, or at most `max`); an empty pattern changes nothing. */
export function replaceLiteral(s: string, from: string, to: string, max: number | null): string {
  if (from === "") return s;
  if (max === null || max < 0) return s.split(from).join(to);
  let out = "";
  let pos = 0;
  for (let k = 0; k < max; k++) {
    const at = s.indexOf(from, pos);
    if (at < 0) break;
    out += s.slice(pos, at) + to;
    pos = at + from.length;
  }
  return out + s.slice(pos);
}

const UTF8_ENCODER = new TextEncoder();

/**
 * UTF-8 bytes of a string for byte-level matching, or null when the string
 * holds a lone surrogate (its UTF-8 form would not match as the string does).
 */
export function utf8Pattern(s: string): Uint8Array | null {
  return s.isWellFormed() ? UTF8_ENCODER.encode(s) : null;
}

/** True when bytes `[s, e)` of `d` are all ASCII. */
export function isAsciiRange(d: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (d[k]! >= 0x80) return false;
  return true;
}

/**
 * Position of the bytes `p` in `d[from, to)`, or -1. With well-formed UTF-8
 * on both sides, a byte match is a code point match.
 */
export function findBytes(d: Uint8Array, p: Uint8Array, from: number, to: number): number {
  const m = p.length;
  if (m === 0) return from <= to ? from : -1;
  const first = p[0]!;
  const last = to - m;
  let i = from;
  while (i <= last) {
    i = d.indexOf(first, i);
    if (i < 0 || i > last) return -1;
    let k = 1;
    while (k < m && d[i + k] === p[k]) k++;
    if (k === m) return i;
    i++;
  }
  return -1;
}

/** True when `d[at, at + p.length)` equals `p` (within `[at, to)`). */
export function bytesAt(d: Uint8Array, at: number, to: number, p: Uint8Array): boolean {
  const m = p.length;
  if (at < 0 || at + m > to) return false;
  for (let k = 0; k < m; k++) if (d[at + k] !== p[k]) return false;
  return true;
}

/**
 * Builds a utf8 column of a known number of rows from byte ranges: a row is
 * appended piece by piece ({@link Utf8Builder.add}) and closed by
 * {@link Utf8Builder.end} or {@link Utf8Builder.endNull}. Short ranges are
 * copied without allocating subarrays.
 *
 * @example
 * ```ts
 * import { Utf8Builder } from "./strings.ts";
 * const b = new Utf8Builder(1, 4);
 * b.add(new Uint8Array([104, 105]), 0, 2);
 * b.end();
 * b.finish().offsets; // Int32Array [0, 2]
 * ```
 */
export class Utf8Builder {
  #data: Uint8Array;
  #len = 0;
  #offsets: Int32Array;
  #valid: Uint8Array;
  #n = 0;
  #nulls = 0;
  /** Reserve `n` rows (more grow) and about `bytes` bytes. */
  constructor(n: number, bytes: number) {
    this.#data = new Uint8Array(Math.max(16, bytes));
    this.#offsets = new Int32Array(n + 1);
    this.#valid = new Uint8Array(n);
  }
  #grow(extra: number): void {
    let cap = this.#data.length * 2;
    while (cap < this.#len + extra) cap *= 2;
    const d = new Uint8Array(cap);
    d.set(this.#data.subarray(0, this.#len));
    this.#data = d;
  }
  /** Append bytes `[s, e)` of `src` to the current row. */
  add(src: Uint8Array, s: number, e: number): void {
    const k = e - s;
    if (this.#len + k > this.#data.length) this.#grow(k);
    const d = this.#data;
    if (k < 32) {
      let o = this.#len;
      for (let i = s; i < e; i++) d[o++] = src[i]!;
    } else d.set(src.subarray(s, e), this.#len);
    this.#len += k;
  }
  /**
   * Extend the current row by `k` bytes, to be written by the caller at
   * {@link Utf8Builder.bytes} from the returned position.
   */
  reserve(k: number): number {
    if (this.#len + k > this.#data.length) this.#grow(k);
    const at = this.#len;
    this.#len += k;
    return at;
  }
  /** The data buffer (valid until the next append). */
  get bytes(): Uint8Array {
    return this.#data;
  }
  /** Append a JS string (UTF-8 encoded) to the current row. */
  addString(s: string): void {
    if (this.#len + s.length * 3 > this.#data.length) this.#grow(s.length * 3);
    this.#len += UTF8_ENCODER.encodeInto(s, this.#data.subarray(this.#len)).written;
  }
  #rowGrow(): void {
    const o = new Int32Array(this.#offsets.length * 2);
    o.set(this.#offsets);
    this.#offsets = o;
    const v = new Uint8Array(o.length);
    v.set(this.#valid);
    this.#valid = v;
  }
  /** Close the current row as valid. */
  end(): void {
    if (this.#n + 1 >= this.#offsets.length) this.#rowGrow();
    this.#valid[this.#n] = 1;
    this.#offsets[++this.#n] = this.#len;
  }
  /** Close the current row as null (drops anything added to it). */
  endNull(): void {
    if (this.#n + 1 >= this.#offsets.length) this.#rowGrow();
    this.#len = this.#offsets[this.#n]!;
    this.#nulls++;
    this.#offsets[++this.#n] = this.#len;
  }
  /** Rows closed so far. */
  get rows(): number {
    return this.#n;
  }
  /** The utf8 column (validity null when no row is null). */
  finish(): Col {
    const n = this.#n;
    return {
      type: T.utf8,
      length: n,
      valid: this.#nulls > 0 ? this.#valid.subarray(0, n) : null,
      offsets: this.#offsets.subarray(0, n + 1),
      data: this.#data.subarray(0, this.#len),
    };
  }
}

const FATAL_DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decode rows `[0, n)` of a utf8 column with one decoder call: returns a
 * reader of row strings (slices of the whole text), or null when the bytes
 * are not well-formed UTF-8 (then rows must be decoded one by one, where
 * bad bytes become U+FFFD row by row).
 *
 * @example
 * ```ts
 * import { colFromValues } from "../../arrow/column.ts";
 * import { T } from "../../ir/types.ts";
 * import { decodeRows } from "./strings.ts";
 * decodeRows(colFromValues(T.utf8, ["h€", "😀x"]), 2)!(1); // "😀x"
 * ```
 */
export function decodeRows(c: Col, n: number): ((i: number) => string) | null {
  const o = c.offsets!;
  const d = c.data!;
  const base = o[0]!;
  const end = o[n]!;
  let text: string;
  try {
    text = FATAL_DECODER.decode(d.subarray(base, end));
  } catch {
    return null;
  }
  if (text.length === end - base) return (i) => text.slice(o[i]! - base, o[i + 1]! - base);
  // UTF-16 offsets: one unit per code point, two for 4-byte sequences
  const u = new Int32Array(n + 1);
  let units = 0;
  let k = base;
  for (let i = 0; i < n; i++) {
    const e = o[i + 1]!;
    for (; k < e; k++) {
      const ch = d[k]!;
      if ((ch & 0xc0) !== 0x80) units += ch >= 0xf0 ? 2 : 1;
    }
    u[i + 1] = units;
  }
  return (i) => text.slice(u[i]!, u[i + 1]!);
}
