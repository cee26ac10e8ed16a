/**
 * RE2 patterns on JS `RegExp`: a translator from RE2 syntax (as DuckDB's
 * `regexp_matches` and pyarrow's `match_substring_regex` parse it) to a JS
 * pattern with the `v` flag that matches the same strings.
 *
 * Where the two differ it writes RE2's meaning out explicitly:
 *
 * - `.` is any code point but `\n` (JS also excludes `\r`, U+2028, U+2029);
 *   with `(?s)` any code point;
 * - `\s` is `[\t\n\f\r ]` and `\S` its complement (JS: Unicode White_Space);
 *   `\d` `\w` and POSIX classes (`[[:alpha:]]`) are ASCII;
 * - `^` `$` match only at the ends of the text; with `(?m)` also after / before
 *   `\n` only (JS also at `\r`, U+2028, U+2029); `\A` `\z`;
 * - flags `(?i)` `(?m)` `(?s)` `(?U)` anywhere, scoped to the enclosing group,
 *   and `(?flags:re)`; `(?P<name>re)` (DuckDB's RE2 rejects `(?<name>re)`);
 * - escapes: `\Q...\E`, octal `\123`, `\x7f`, `\x{10FFFF}`, `\a`, any escaped
 *   ASCII punctuation; `\pL`, `\p{Greek}`, `\p{^L}`, `\PL`;
 * - a literal `{` that does not start a repetition, a literal `]`.
 *
 * What RE2 rejects is an error ({@link ComputeError} `bad-regex`) with RE2's
 * message: lookaround, backreferences (`\1`, `\k<x>`), unknown escapes,
 * stacked repetition (`a**`), repetition sizes over 1000, unbalanced groups
 * and brackets, bad group names, bad ranges and class names.
 *
 * Empty-width assertions are written with JS `^` `$` and positive
 * lookarounds only: V8 tries a search inside a surrogate pair, where a
 * negative lookaround (`(?![\s\S])`) would match.
 *
 * Known differences: RE2 works on UTF-8 bytes, so its `\C` matches one byte
 * (here one code point) and its `\B` also holds inside a multi-byte
 * character (`\B` alone finds a match in "a\u2028b"; here it does not);
 * RE2's limit on nested repetition sizes is not checked. DuckDB itself
 * rewrites some patterns with `^`/`$` in the middle (`$A`, `a^`) into a
 * substring test; those are not followed.
 *
 * @module
 */
import { ComputeError } from "../../arrow/compute_error.ts";

/** A JS pattern and flags that match what an RE2 pattern matches. */
export interface JsPattern {
  readonly source: string;
  readonly flags: string;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

class Re2Error extends Error {}

function fail(msg: string): never {
  throw new Re2Error(msg);
}

const SYNTAX = new Set("^$\\.*+?()[]{}|/".split(""));

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A code point as a literal outside a class. */
function lit(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (SYNTAX.has(ch)) return "\\" + ch;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return hex(cp);
  return ch;
}

/** A code point inside a `v`-mode class. */
function classLit(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
    return String.fromCodePoint(cp);
  }
  return hex(cp);
}

const WS = "\\t\\n\\f\\r\\u{20}";
/** RE2's Perl classes, as the inside of a class. */
const PERL: Readonly<Record<string, [string, boolean]>> = {
  d: ["0-9", false],
  D: ["0-9", true],
  s: [WS, false],
  S: [WS, true],
  w: ["0-9A-Za-z_", false],
  W: ["0-9A-Za-z_", true],
};
/** RE2's POSIX classes, as the inside of a class. */
const POSIX: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\u{0}-\\u{7f}",
  blank: "\\t\\u{20}",
  cntrl: "\\u{0}-\\u{1f}\\u{7f}",
  digit: "0-9",
  graph: "\\u{21}-\\u{7e}",
  lower: "a-z",
  print: "\\u{20}-\\u{7e}",
  punct: "\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}",
  space: "\\t\\n\\u{b}\\f\\r\\u{20}",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
const CATEGORIES = new Set(
  (
    "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps " +
    "S Sc Sk Sm So Z Zl Zp Zs"
  ).split(" "),
);

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}
function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c);
}
function isAsciiAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

class Translator {
  readonly #cps: string[];
  #pos = 0;
  #out = "";
  #flags: Flags;
  readonly #stack: Flags[] = [];
  /** The JS pattern is compiled with the `i` flag. */
  readonly #globalI: boolean;
  /** What the last item was: an atom (repeatable), a repetition, or nothing. */
  #last: "atom" | "rep" | "none" = "none";
  /** Where the last repetition operator started (for RE2's message). */
  #lastRep = 0;
  /** Where the output of the last atom (what a repetition applies to) starts. */
  #atomAt = 0;
  /** Output positions of the open groups. */
  readonly #opens: number[] = [];

  constructor(pattern: string, ignoreCase: boolean) {
    this.#cps = Array.from(pattern);
    this.#flags = { i: ignoreCase, m: false, s: false, U: false };
    // compile with `i` when the pattern starts case-insensitive (the common case)
    const lead = /^\(\?([imsU]*)\)/.exec(pattern);
    this.#globalI = ignoreCase || (lead !== null && lead[1]!.includes("i"));
  }

  #peek(k = 0): string | undefined {
    return this.#cps[this.#pos + k];
  }
  #next(): string {
    const c = this.#cps[this.#pos++];
    if (c === undefined) throw new Error("unreachable: past the end");
    return c;
  }
  #rest(from: number): string {
    return this.#cps.slice(from, this.#pos).join("");
  }

  /** Emit an atom, wrapped in a modifier group when its case flag differs from the global one. */
  #atom(src: string, caseSensitive = true): void {
    if (caseSensitive && this.#flags.i !== this.#globalI) {
      src = `(?${this.#flags.i ? "i" : "-i"}:${src})`;
    }
    this.#atomAt = this.#out.length;
    this.#out += src;
    this.#last = "atom";
  }

  translate(): JsPattern {
    while (this.#pos < this.#cps.length) this.#step();
    if (this.#stack.length > 0) fail(`missing ): ${this.#cps.join("")}`);
    return { source: this.#out, flags: this.#globalI ? "vi" : "v" };
  }

  #step(): void {
    const start = this.#pos;
    const c = this.#next();
    switch (c) {
      case "(":
        return this.#group(start);
      case ")":
        if (this.#stack.length === 0) fail(`unexpected ): ${this.#cps.join("")}`);
        this.#flags = this.#stack.pop()!;
        this.#atomAt = this.#opens.pop()!;
        this.#out += ")";
        this.#last = "atom";
        return;
      case "|":
        this.#out += "|";
        this.#last = "none";
        return;
      case "^":
        return this.#atom(this.#flags.m ? "(?:^|(?<=\\n))" : "(?:^)", false);
      case "$":
        return this.#atom(this.#flags.m ? "(?:$|(?=\\n))" : "(?:$)", false);
      case ".":
        return this.#atom(this.#flags.s ? "[\\s\\S]" : "[^\\n]", false);
      case "[":
        return this.#atom(this.#charClass(start));
      case "*":
      case "+":
      case "?":
        return this.#repeat(start, c);
      case "{": {
        const rep = this.#repetition();
        if (rep === null) return this.#atom("\\{");
        return this.#repeat(start, rep);
      }
      case "\\":
        return this.#escape(start);
      default:
        return this.#atom(lit(c.codePointAt(0)!));
    }
  }

  #repeat(start: number, op: string): void {
    let lazy = false;
    if (this.#peek() === "?") {
      this.#next();
      lazy = true;
    }
    const text = this.#rest(start);
    if (this.#last === "rep") fail(`bad repetition operator: ${this.#rest(this.#lastRep)}`);
    if (this.#last === "none") fail(`no argument for repetition operator: ${text}`);
    if (this.#flags.U) lazy = !lazy;
    if (/[*+?}]\??$/.test(this.#out) && this.#out.length > this.#atomAt) {
      // a repetition of a repetition (after a flag group): JS needs a group
      this.#out = `${this.#out.slice(0, this.#atomAt)}(?:${this.#out.slice(this.#atomAt)})`;
    }
    this.#out += op + (lazy ? "?" : "");
    this.#last = "rep";
    this.#lastRep = start;
  }

  /** After `{`: `n}`, `n,}` or `n,m}` (sizes <= 1000), else null (a literal `{`). */
  #repetition(): string | null {
    const save = this.#pos;
    const num = (): number | null => {
      let s = "";
      while (isDigit(this.#peek())) s += this.#next();
      return s === "" ? null : Number(s.length > 8 ? "1e9" : s);
    };
    const lo = num();
    let hi: number | null | undefined = lo;
    if (lo !== null && this.#peek() === ",") {
      this.#next();
      hi = this.#peek() === "}" ? undefined : num();
    }
    if (lo === null || hi === null || this.#peek() !== "}") {
      this.#pos = save;
      return null;
    }
    this.#next();
    if (lo > 1000 || (hi !== undefined && (hi > 1000 || hi < lo))) {
      fail(`invalid repetition size: ${this.#rest(save - 1)}`);
    }
    return hi === undefined ? `{${lo},}` : hi === lo ? `{${lo}}` : `{${lo},${hi}}`;
  }

  #group(start: number): void {
    if (this.#peek() !== "?") {
      this.#stack.push({ ...this.#flags });
      this.#opens.push(this.#out.length);
      this.#out += "(";
      this.#last = "none";
      return;
    }
    this.#next();
    const a = this.#peek();
    const b = this.#peek(1);
    if (a === "=" || a === "!" || (a === "<" && (b === "=" || b === "!"))) {
      fail(`invalid perl operator: (?${a === "<" ? a + b : a}`);
    }
    if (a === "<") fail("invalid perl operator: (?<"); // DuckDB's RE2 has only (?P<name>re)
    if (a === "P" && b === "<") {
      this.#pos += 2;
      let name = "";
      while (this.#peek() !== undefined && this.#peek() !== ">") name += this.#next();
      if (this.#peek() !== ">") fail(`invalid named capture group: ${this.#rest(start)}`);
      this.#next();
      if (
        name === "" ||
        !/^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]+$/u.test(name)
      ) {
        fail(`invalid named capture group: ${this.#rest(start)}`);
      }
      this.#stack.push({ ...this.#flags });
      this.#opens.push(this.#out.length);
      this.#out += "("; // unnamed: only matching matters, and RE2 names need not be JS identifiers
      this.#last = "none";
      return;
    }
    const nf = { ...this.#flags };
    let negated = false;
    let saw = false;
    for (;;) {
      const f = this.#peek();
      if (f === undefined) fail(`missing ): ${this.#cps.join("")}`);
      this.#next();
      if (f === "i" || f === "m" || f === "s" || f === "U") {
        nf[f] = !negated;
        saw = true;
      } else if (f === "-" && !negated) {
        negated = true;
        saw = false;
      } else if (f === ":" || f === ")") {
        if (negated && !saw) fail(`invalid perl operator: ${this.#rest(start)}`);
        if (f === ":") {
          this.#stack.push(this.#flags);
          this.#opens.push(this.#out.length);
          this.#out += "(?:";
          this.#last = "none";
        } else if (this.#last === "rep") {
          // RE2: a flag group ends a run of repetition operators (`a*(?s)*` is allowed)
          this.#last = "atom";
        }
        this.#flags = nf;
        return;
      } else fail(`invalid perl operator: ${this.#rest(start)}`);
    }
  }

  #escape(start: number): void {
    const c = this.#peek();
    if (c === undefined) fail("trailing \\");
    switch (c) {
      case "b":
      case "B":
        this.#next();
        return this.#atom(`(?:\\${c})`, false);
      case "A":
        this.#next();
        return this.#atom("(?:^)", false);
      case "z":
        this.#next();
        return this.#atom("(?:$)", false);
      case "C":
        this.#next();
        return this.#atom("[\\s\\S]", false);
      case "Q": {
        this.#next();
        while (this.#peek() !== undefined) {
          if (this.#peek() === "\\" && this.#peek(1) === "E") {
            this.#pos += 2;
            break;
          }
          this.#atom(lit(this.#next().codePointAt(0)!));
        }
        return;
      }
      case "p":
      case "P":
        return this.#atom(`[${this.#unicodeGroup(start)}]`);
    }
    const perl = PERL[c];
    if (perl) {
      this.#next();
      return this.#atom(perl[1] ? `[^${perl[0]}]` : `[${perl[0]}]`);
    }
    this.#atom(lit(this.#escapedRune(start)));
  }

  /** After `\`: the code point of a plain escape (RE2's ParseEscape). */
  #escapedRune(start: number): number {
    const c = this.#peek();
    if (c === undefined) fail("trailing \\");
    this.#next();
    const bad = (): never => fail(`invalid escape sequence: ${this.#rest(start)}`);
    const oct = (d: string | undefined): boolean => d !== undefined && d >= "0" && d <= "7";
    if (c >= "1" && c <= "7" && !oct(this.#peek())) return bad();
    if (c >= "0" && c <= "7") {
      let code = c.charCodeAt(0) - 48;
      for (let k = 0; k < 2 && oct(this.#peek()); k++) {
        code = code * 8 + this.#next().charCodeAt(0) - 48;
      }
      return code;
    }
    switch (c) {
      case "x": {
        if (this.#peek() === "{") {
          this.#next();
          let h = "";
          while (isHex(this.#peek())) h += this.#next();
          if (h === "" || this.#peek() !== "}") return bad();
          this.#next();
          const code = parseInt(h, 16);
          return h.length > 8 || code > 0x10ffff ? bad() : code;
        }
        const h1 = this.#peek();
        const h2 = this.#peek(1);
        if (!isHex(h1) || !isHex(h2)) {
          if (h1 !== undefined) this.#next();
          if (h2 !== undefined && isHex(h1)) this.#next();
          return bad();
        }
        this.#pos += 2;
        return parseInt(h1! + h2!, 16);
      }
      case "n":
        return 10;
      case "r":
        return 13;
      case "t":
        return 9;
      case "a":
        return 7;
      case "f":
        return 12;
      case "v":
        return 11;
    }
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !isAsciiAlnum(c)) return cp;
    return bad();
  }

  /** `\p{Name}`, `\pL`, `\P...`, `\p{^Name}` -> the inside of a class. */
  #unicodeGroup(start: number): string {
    const kind = this.#next(); // p or P
    let neg = kind === "P";
    let name: string;
    const c = this.#peek();
    if (c === undefined) fail(`invalid character class range: ${this.#rest(start)}`);
    this.#next();
    if (c === "{") {
      name = "";
      while (this.#peek() !== undefined && this.#peek() !== "}") name += this.#next();
      if (this.#peek() !== "}") fail(`invalid character class range: ${this.#rest(start)}`);
      this.#next();
    } else name = c;
    if (name.startsWith("^")) {
      neg = !neg;
      name = name.slice(1);
    }
    let prop: string;
    if (name === "Any") prop = "Any";
    else if (CATEGORIES.has(name)) prop = `General_Category=${name}`;
    else if (/^[A-Z][A-Za-z_]*$/.test(name)) prop = `Script=${name}`;
    else fail(`invalid character class range: ${this.#rest(start)}`);
    try {
      new RegExp(`\\p{${prop}}`, "v");
    } catch {
      fail(`invalid character class range: ${this.#rest(start)}`);
    }
    return `\\${neg ? "P" : "p"}{${prop}}`;
  }

  /** After `[`: a class, as a `v`-mode class. */
  #charClass(start: number): string {
    let negated = false;
    if (this.#peek() === "^") {
      this.#next();
      negated = true;
    }
    const parts: string[] = [];
    let first = true;
    const whole = (): string => this.#cps.slice(start).join("");
    while (this.#peek() !== undefined && (this.#peek() !== "]" || first)) {
      const c = this.#peek()!;
      first = false;
      if (c === "[" && this.#peek(1) === ":") {
        const save = this.#pos;
        this.#pos += 2;
        let name = "";
        while (this.#peek() !== undefined && !(this.#peek() === ":" && this.#peek(1) === "]")) {
          name += this.#next();
        }
        if (this.#peek() === ":") {
          this.#pos += 2;
          const neg = name.startsWith("^");
          const set = POSIX[neg ? name.slice(1) : name];
          if (set === undefined) fail(`invalid character class range: [:${name}:]`);
          parts.push(neg ? `[^${set}]` : set);
          continue;
        }
        this.#pos = save;
      }
      if (c === "\\" && (this.#peek(1) === "p" || this.#peek(1) === "P")) {
        const s = this.#pos;
        this.#next();
        parts.push(this.#unicodeGroup(s));
        continue;
      }
      if (c === "\\" && this.#peek(1) !== undefined && PERL[this.#peek(1)!]) {
        const perl = PERL[this.#peek(1)!]!;
        this.#pos += 2;
        parts.push(perl[1] ? `[^${perl[0]}]` : perl[0]);
        continue;
      }
      const rs = this.#pos;
      const lo = this.#classChar(whole);
      if (this.#peek() === "-" && this.#peek(1) !== undefined && this.#peek(1) !== "]") {
        this.#next();
        const hi = this.#classChar(whole);
        if (hi < lo) fail(`invalid character class range: ${this.#rest(rs)}`);
        parts.push(`${classLit(lo)}-${classLit(hi)}`);
      } else parts.push(classLit(lo));
    }
    if (this.#peek() === undefined) fail(`missing ]: ${whole()}`);
    this.#next();
    return `[${negated ? "^" : ""}${parts.join("")}]`;
  }

  #classChar(whole: () => string): number {
    const c = this.#peek();
    if (c === undefined) fail(`missing ]: ${whole()}`);
    if (c === "\\") {
      const s = this.#pos;
      this.#next();
      return this.#escapedRune(s);
    }
    this.#next();
    return c.codePointAt(0)!;
  }
}

/**
 * Translate an RE2 pattern to a JS pattern (flags include `v`) matching the
 * same strings; throws {@link ComputeError} `bad-regex` with RE2's message
 * for a pattern RE2 rejects.
 *
 * @example
 * ```ts
 * import { re2ToJs } from "./re2.ts";
 * re2ToJs("a.c", false).source; // "a[^\\n]c"
 * ```
 */
export function re2ToJs(pattern: string, ignoreCase: boolean, fn = "regexp_matches"): JsPattern {
  try {
    const p = new Translator(pattern, ignoreCase).translate();
    new RegExp(p.source, p.flags);
    return p;
  } catch (e) {
    if (e instanceof Re2Error || e instanceof SyntaxError) {
      throw new ComputeError(
        "bad-regex",
        `${fn}: invalid regular expression ${JSON.stringify(pattern)}: ${e.message}`,
      );
    }
    throw e;
  }
}
