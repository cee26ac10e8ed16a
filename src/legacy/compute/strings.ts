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
