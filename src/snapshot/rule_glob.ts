/**
 * `--rule GLOB` matching: `*` matches any run of characters (dots included,
 * rule names have no folders), `?` one character, `[abc]`, `[a-z]` and
 * `[!abc]` a character class; every other character matches itself. A name
 * is selected when it matches any of the globs; no globs select every name.
 *
 * @module
 */

import { RelgateError } from "../errors.ts";

const cache = new Map<string, RegExp>();

/** Escape a character outside a class. */
function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Escape a character inside a class. */
function escapeClassChar(c: string): string {
  return /[\\^\]\[-]/.test(c) ? `\\${c}` : c;
}

/** The anchored regular expression of one glob. */
function globRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit !== undefined) return hit;
  const chars = [...glob];
  let src = "^";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "*") {
      src += "[\\s\\S]*";
    } else if (c === "?") {
      src += "[\\s\\S]";
    } else if (c === "[") {
      const close = chars.indexOf("]", i + 2);
      if (close < 0) {
        src += "\\[";
        continue;
      }
      let body = chars.slice(i + 1, close);
      let negate = false;
      if (body[0] === "!" || body[0] === "^") {
        negate = true;
        body = body.slice(1);
      }
      const parts = body.map((b, k) =>
        b === "-" && k > 0 && k < body.length - 1 ? "-" : escapeClassChar(b)
      );
      src += `[${negate ? "^" : ""}${parts.join("")}]`;
      i = close;
    } else {
      src += escapeChar(c);
    }
  }
  let re: RegExp;
  try {
    re = new RegExp(src + "$", "u");
  } catch {
    throw new RelgateError({
      code: "invalid-glob",
      message: `Cannot use rule glob ${JSON.stringify(glob)}: malformed character class`,
      hint: "write a class as [abc], [a-z] or [!abc] (ranges from low to high)",
    });
  }
  cache.set(glob, re);
  return re;
}

/**
 * True when `name` matches one of `globs` (or `globs` is empty).
 *
 * @example
 * ```ts
 * import { matchesRuleGlobs } from "./rule_glob.ts";
 * matchesRuleGlobs("cpg.edges.calls", ["cpg.*"]); // true
 * matchesRuleGlobs("cpg.edges.calls", ["cpg.nodes.?"]); // false
 * matchesRuleGlobs("anything", []); // true
 * ```
 */
export function matchesRuleGlobs(name: string, globs: readonly string[]): boolean {
  return globs.length === 0 || globs.some((g) => globRegExp(g).test(name));
}
