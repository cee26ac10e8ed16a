/**
 * Dates (`date32`, days since 1970-01-01) and timestamps (`timestamp[us]`,
 * microseconds) as DuckDB's `CAST` treats them: their text, the casts among
 * them and from text, and which casts do not exist.
 *
 * - text: `YYYY-MM-DD` (at least 4 year digits; years <= 0 as `0001-01-01 (BC)`),
 *   timestamps `YYYY-MM-DD hh:mm:ss[.ffffff without trailing zeros]` (the
 *   `(BC)` after the date), `+00` after a `tz=UTC` timestamp; DuckDB's
 *   infinities (date ±(2^31-1), timestamp ±(2^63-1)) print `infinity` and
 *   `-infinity`; the proleptic Gregorian calendar over the whole range;
 * - date -> timestamp: midnight (an error past the timestamp range);
 *   timestamp -> date: the day (floor); between timestamp types: the same
 *   instant; the infinities map to each other;
 * - utf8 -> date / timestamp: DuckDB's parser (`Date::TryConvertDate`,
 *   `Timestamp::TryConvertTimestampTZ`): leading spaces, `-`, `/`, `\` or space
 *   between the fields, one- or two-digit month and day, `(BC)`, `infinity`
 *   (or `inf`), `-infinity`, `epoch`; a date ignores any text after the day
 *   that does not start with a digit; a timestamp takes ` ` or `T`, then
 *   `h:m[:s[.fraction]]` (24:00:00 at most), then `Z`, an offset `±h[h][[:]mm[:ss]]`
 *   (applied for `tz=UTC`, ignored otherwise, as DuckDB), or ` UTC`, and
 *   trailing spaces;
 * - between date/timestamp and numbers or bool there is no cast: an error,
 *   or null for every row with `safe: true` (DuckDB's `TRY_CAST`).
 *
 * Not followed: time zone names other than UTC in text cast to
 * `timestamp[us, tz=UTC]` (DuckDB resolves them with ICU) are an error.
 *
 * @module
 */
import { type DataType, formatType } from "../ir/types.ts";
import { type Col, nullCol, strAt } from "./column.ts";
import { ComputeError } from "./compute_error.ts";

/** DuckDB's `infinity` date (days). */
export const DATE_INFINITY = 2147483647;
/** DuckDB's `-infinity` date (days). */
export const DATE_NINFINITY = -2147483647;
/** DuckDB's `infinity` timestamp (microseconds). */
export const TS_INFINITY = 9223372036854775807n;
/** DuckDB's `-infinity` timestamp (microseconds). */
export const TS_NINFINITY = -9223372036854775807n;

const US_PER_DAY = 86400000000n;

/**
 * Year, month, day of a day number (proleptic Gregorian; exact for every int32).
 *
 * @example
 * ```ts
 * import { civilFromDays } from "./temporal.ts";
 * civilFromDays(19724); // [2024, 1, 2]
 * ```
 */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/**
 * The day number of a year, month, day (proleptic Gregorian).
 *
 * @example
 * ```ts
 * import { daysFromCivil } from "./temporal.ts";
 * daysFromCivil(1969, 12, 31); // -1
 * ```
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

function dateText(days: number): { date: string; bc: boolean } {
  const [y, m, d] = civilFromDays(days);
  const bc = y <= 0;
  return { date: `${pad(bc ? 1 - y : y, 4)}-${pad(m, 2)}-${pad(d, 2)}`, bc };
}

/**
 * DuckDB's text of a date (`CAST(d AS VARCHAR)`).
 *
 * @example
 * ```ts
 * import { formatDate } from "./temporal.ts";
 * formatDate(-719163); // "0001-12-31 (BC)"
 * ```
 */
export function formatDate(days: number): string {
  if (days === DATE_INFINITY) return "infinity";
  if (days === DATE_NINFINITY) return "-infinity";
  const t = dateText(days);
  return t.bc ? `${t.date} (BC)` : t.date;
}

/**
 * DuckDB's text of a timestamp in microseconds (`+00` appended for `tz=UTC`).
 *
 * @example
 * ```ts
 * import { formatTimestamp } from "./temporal.ts";
 * formatTimestamp(1704164645000001n, true); // "2024-01-02 03:04:05.000001+00"
 * ```
 */
export function formatTimestamp(us: bigint, tz: boolean): string {
  if (us === TS_INFINITY) return "infinity";
  if (us === TS_NINFINITY) return "-infinity";
  let days = us / US_PER_DAY;
  let rest = us % US_PER_DAY;
  if (rest < 0n) {
    days -= 1n;
    rest += US_PER_DAY;
  }
  const t = dateText(Number(days));
  const r = Number(rest);
  const secs = Math.floor(r / 1e6);
  const frac = r % 1e6;
  let s = `${t.date}${t.bc ? " (BC)" : ""} ${pad(Math.floor(secs / 3600), 2)}:${
    pad(Math.floor(secs / 60) % 60, 2)
  }:${pad(secs % 60, 2)}`;
  if (frac !== 0) s += "." + pad(frac, 6).replace(/0+$/, "");
  return tz ? s + "+00" : s;
}

// ---------------------------------------------------------------------------
// Parsing (ports of DuckDB's Date::TryConvertDate / Timestamp::TryConvertTimestampTZ)

/** Why a text is not a date or timestamp. */
type Bad = "format" | "range";

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Date::IsValid: a real day inside DuckDB's date range. */
function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (y < -5877641 || (y === -5877641 && (m < 6 || (m === 6 && d < 25)))) return false;
  if (y > 5881580 || (y === 5881580 && (m > 7 || (m === 7 && d > 10)))) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m]!);
}

/** Date::TryConvertDateSpecial: `word` (lowercase) or its first `abbr` characters. */
function special(s: string, pos: number, word: string, abbr: number): number {
  let p = pos;
  let k = 0;
  for (; p < s.length && k < word.length; p++, k++) {
    if (s[p]!.toLowerCase() !== word[k]) return -1;
  }
  if (k < word.length && p - pos !== abbr) return -1;
  return p;
}

interface DateParse {
  readonly days: number;
  /** Where parsing stopped (the rest is not part of the date). */
  readonly pos: number;
}

/** Date::TryConvertDate in non-strict mode (what `CAST(text AS DATE)` uses). */
function parseDatePrefix(s: string): DateParse | Bad {
  const len = s.length;
  let pos = 0;
  if (len === 0) return "format";
  while (pos < len && isSpace(s.charCodeAt(pos))) pos++;
  if (pos >= len) return "format";
  let neg = false;
  if (s[pos] === "-") {
    neg = true;
    pos++;
    if (pos >= len) return "format";
  }
  if (!isDigit(s.charCodeAt(pos))) {
    let days: number;
    let p = special(s, pos, "infinity", 3);
    if (p >= 0) days = neg ? DATE_NINFINITY : DATE_INFINITY;
    else {
      p = special(s, pos, "epoch", 5);
      if (p < 0) return "format";
      days = 0;
    }
    while (p < len && isSpace(s.charCodeAt(p))) p++;
    return p === len ? { days, pos: p } : "format";
  }
  let year = 0;
  for (; pos < len && isDigit(s.charCodeAt(pos)); pos++) {
    if (year >= 100000000) return "range";
    year = year * 10 + s.charCodeAt(pos) - 48;
  }
  if (neg) year = -year;
  if (pos >= len) return "format";
  const sep = s[pos++]!;
  if (sep !== " " && sep !== "-" && sep !== "/" && sep !== "\\") return "format";
  const two = (): number => {
    if (pos >= len || !isDigit(s.charCodeAt(pos))) return -1;
    let v = s.charCodeAt(pos++) - 48;
    if (pos < len && isDigit(s.charCodeAt(pos))) v = v * 10 + s.charCodeAt(pos++) - 48;
    return v;
  };
  const month = two();
  if (month < 0 || pos >= len || s[pos++] !== sep || pos >= len) return "format";
  const day = two();
  if (day < 0) return "format";
  if (
    len - pos >= 5 && isSpace(s.charCodeAt(pos)) && s[pos + 1] === "(" &&
    s[pos + 2]!.toLowerCase() === "b" && s[pos + 3]!.toLowerCase() === "c" && s[pos + 4] === ")"
  ) {
    if (neg || year === 0) return "format";
    year = -year + 1;
    pos += 5;
  }
  if (pos < len && isDigit(s.charCodeAt(pos))) return "format";
  if (!validDate(year, month, day)) return "range";
  return { days: daysFromCivil(year, month, day), pos };
}

/**
 * Parse text as `CAST(text AS DATE)` does: the day number, or why not.
 *
 * @example
 * ```ts
 * import { parseDate } from "./temporal.ts";
 * parseDate(" 2024/1/2 anything"); // 19724
 * ```
 */
export function parseDate(s: string): number | Bad {
  const r = parseDatePrefix(s);
  return typeof r === "string" ? r : r.days;
}

/** Time::TryConvertInternal (non-strict) from `start`: [microseconds, end], or null. */
function parseTime(s: string, start: number): [number, number] | null {
  const len = s.length;
  let pos = start;
  if (pos >= len) return null;
  while (pos < len && isSpace(s.charCodeAt(pos))) pos++;
  if (pos >= len || !isDigit(s.charCodeAt(pos))) return null;
  let hour = 0;
  for (let digits = 9; pos < len && isDigit(s.charCodeAt(pos)); pos++) {
    if (digits-- <= 0) return null;
    hour = hour * 10 + s.charCodeAt(pos) - 48;
  }
  if (pos >= len || s[pos++] !== ":") return null;
  const two = (): number => {
    if (pos >= len || !isDigit(s.charCodeAt(pos))) return -1;
    let v = s.charCodeAt(pos++) - 48;
    if (pos < len && isDigit(s.charCodeAt(pos))) v = v * 10 + s.charCodeAt(pos++) - 48;
    return v;
  };
  let min = 0;
  if (pos < len) {
    min = two();
    if (min < 0 || min >= 60) return null;
  }
  let sec = 0;
  if (pos < len) {
    if (s[pos++] !== ":") return null;
    if (pos < len) {
      sec = two();
      if (sec < 0 || sec >= 60) return null;
    }
  }
  let micros = 0;
  if (pos < len && s[pos] === ".") {
    pos++;
    for (
      let mult = 100000;
      pos < len && isDigit(s.charCodeAt(pos));
      pos++, mult = Math.trunc(mult / 10)
    ) {
      micros += (s.charCodeAt(pos) - 48) * mult;
    }
  }
  return [((hour * 60 + min) * 60 + sec) * 1e6 + micros, pos];
}

/** Timestamp::TryParseUTCOffset (DuckDB 1.5): [end, offset seconds] or null. */
function parseOffset(s: string, pos: number): [number, number] | null {
  const len = s.length;
  const dig2 = (k: number): boolean =>
    k + 2 <= len && isDigit(s.charCodeAt(k)) && isDigit(s.charCodeAt(k + 1));
  const num2 = (k: number): number => (s.charCodeAt(k) - 48) * 10 + s.charCodeAt(k + 1) - 48;
  if (pos + 3 > len) return null;
  const sign = s[pos];
  if (sign !== "+" && sign !== "-") return null;
  let p = pos + 1;
  if (!dig2(p)) return null;
  const hh = num2(p);
  p += 2;
  let mm = 0;
  let ss = 0;
  const done = (): [number, number] => [p, (sign === "-" ? -1 : 1) * (hh * 3600 + mm * 60 + ss)];
  if (p >= len) return done();
  const colons = s[p] === ":";
  if (colons) p++;
  if (!dig2(p)) return done();
  mm = num2(p);
  p += 2;
  if (p >= len || !colons || s[p] !== ":") return done();
  p++;
  if (!dig2(p)) return done();
  ss = num2(p);
  p += 2;
  return done();
}

function isTzChar(c: string): boolean {
  return /^[A-Za-z0-9/_+:-]$/.test(c);
}

/**
 * Parse text as `CAST(text AS TIMESTAMP)` (or `TIMESTAMPTZ` with `tz`) does
 * (DuckDB 1.5): microseconds, or why not.
 *
 * @example
 * ```ts
 * import { parseTimestamp } from "./temporal.ts";
 * parseTimestamp("2024-01-02T03:04:05.5+01", true); // 1704161045500000n
 * ```
 */
export function parseTimestamp(s: string, tz: boolean): bigint | Bad {
  const d = parseDatePrefix(s);
  if (typeof d === "string") return d;
  const len = s.length;
  let pos = d.pos;
  if (pos === len) {
    if (d.days === DATE_INFINITY) return TS_INFINITY;
    if (d.days === DATE_NINFINITY) return TS_NINFINITY;
    return fromDatetime(d.days, 0);
  }
  if (s[pos] === " " || s[pos] === "T") pos++;
  const time = parseTime(s, pos);
  if (time === null) return "format";
  if (time[0] > 86400e6) return "range";
  pos = time[1];
  let us = fromDatetime(d.days, time[0]);
  if (typeof us === "string") return us;
  if (pos < len) {
    const off = s[pos] === "Z" ? null : parseOffset(s, pos);
    if (s[pos] === "Z") pos++;
    else if (off !== null) {
      pos = off[0];
      if (tz) {
        us -= BigInt(off[1]) * 1000000n;
        if (us > TS_INFINITY - 1n || us < TS_NINFINITY + 1n) return "range";
      }
    } else {
      if (s[pos++] !== " ") return "format";
      const at = pos;
      while (pos < len && isTzChar(s[pos]!)) pos++;
      const name = s.slice(at, pos);
      if (name !== "" && name.toLowerCase() !== "utc") return "format";
    }
    while (pos < len && isSpace(s.charCodeAt(pos))) pos++;
    if (pos < len) return "format";
  }
  return us;
}

/** Timestamp::TryFromDatetime: days * 86400e6 + time, inside the finite range. */
function fromDatetime(days: number, time: number): bigint | Bad {
  const us = BigInt(days) * US_PER_DAY + BigInt(time);
  return us > TS_NINFINITY && us < TS_INFINITY ? us : "range";
}

// ---------------------------------------------------------------------------
// Casts

/** True when a cast from `from` to `to` involves a date or timestamp (and is not to utf8). */
export function isTemporalCast(from: DataType, to: DataType): boolean {
  const t = (x: DataType) => x.kind === "date32" || x.kind === "timestamp";
  return (t(from) || t(to)) && to.kind !== "utf8";
}

/**
 * Cast among date32, timestamp and utf8 as DuckDB does; any other cast to or
 * from a date or timestamp does not exist (an error, or all nulls in `"null"` mode).
 * `"unsafe"` mode fails like `"error"`.
 *
 * @example
 * ```ts
 * import { castTemporal } from "./temporal.ts";
 * import { colValues } from "./column.ts";
 * import { T } from "../ir/types.ts";
 * const d = { type: T.date32, length: 1, valid: null, values: Int32Array.of(1) };
 * colValues(castTemporal(d, T.timestamp, "error")); // [86400000000n]
 * ```
 */
export function castTemporal(c: Col, to: DataType, mode: "error" | "null" | "unsafe"): Col {
  const from = c.type;
  const n = c.length;
  const valid = new Uint8Array(n);
  if (c.valid === null) valid.fill(1);
  else valid.set(c.valid.subarray(0, n));
  let bad = false;
  const fail = (i: number, what: string, why: string): void => {
    if (mode !== "null") {
      throw new ComputeError("bad-cast", `cannot cast ${what} to ${formatType(to)}: ${why}`);
    }
    valid[i] = 0;
    bad = true;
  };
  const done = (values: Int32Array | BigInt64Array): Col => ({
    type: to,
    length: n,
    valid: c.valid !== null || bad ? valid : null,
    values,
  });
  if (from.kind === "date32" && to.kind === "timestamp") {
    const v = c.values as Int32Array;
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const x = v[i]!;
      if (x === DATE_INFINITY) out[i] = TS_INFINITY;
      else if (x === DATE_NINFINITY) out[i] = TS_NINFINITY;
      else {
        const us = fromDatetime(x, 0);
        if (typeof us === "string") fail(i, formatDate(x), "out of the timestamp range");
        else out[i] = us;
      }
    }
    return done(out);
  }
  if (from.kind === "timestamp" && to.kind === "date32") {
    const v = c.values as BigInt64Array;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const x = v[i]!;
      if (x === TS_INFINITY) out[i] = DATE_INFINITY;
      else if (x === TS_NINFINITY) out[i] = DATE_NINFINITY;
      else {
        const q = x / US_PER_DAY;
        out[i] = Number(x < 0n && q * US_PER_DAY !== x ? q - 1n : q);
      }
    }
    return done(out);
  }
  if (from.kind === "timestamp" && to.kind === "timestamp") {
    return { ...c, type: to };
  }
  if (from.kind === "utf8" && (to.kind === "date32" || to.kind === "timestamp")) {
    const out = to.kind === "date32" ? new Int32Array(n) : new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const s = strAt(c, i);
      const r = to.kind === "date32" ? parseDate(s) : parseTimestamp(s, to.tz !== null);
      if (typeof r === "string") {
        fail(i, JSON.stringify(s), r === "range" ? "field value out of range" : "invalid format");
      } else out[i] = r as never;
    }
    return done(out);
  }
  if (mode === "null") return nullCol(to, n);
  throw new ComputeError(
    "bad-cast",
    `cannot cast ${formatType(from)} to ${formatType(to)}: no such cast (as DuckDB)`,
  );
}
