import assert from "node:assert/strict";
import { ComputeError } from "../../arrow/compute_error.ts";
import { re2ToJs } from "./re2.ts";

/** Which of `strs` the RE2 pattern finds a match in (a search, not anchored). */
function matches(pattern: string, strs: readonly string[], ignoreCase = false): boolean[] {
  const js = re2ToJs(pattern, ignoreCase);
  const re = new RegExp(js.source, js.flags);
  return strs.map((s) => re.test(s));
}

function rejects(pattern: string, message: string): void {
  assert.throws(
    () => re2ToJs(pattern, false),
    (e: unknown) =>
      e instanceof ComputeError && e.code === "bad-regex" &&
      e.message ===
        `regexp_matches: invalid regular expression ${JSON.stringify(pattern)}: ${message}`,
    pattern,
  );
}

Deno.test("re2: . is any code point but \\n; (?s) adds \\n", () => {
  const s = ["abc", "a\nc", "a\rc", "a\u2028c", "a\u2029c", "a😀c", "ac"];
  assert.deepEqual(matches("^a.c$", s), [true, false, true, true, true, true, false]);
  assert.deepEqual(matches("(?s)^a.c$", s), [true, true, true, true, true, true, false]);
});

Deno.test("re2: \\s is [\\t\\n\\f\\r ], \\S its complement, \\d \\w ASCII", () => {
  const s = [" ", "\t", "\n", "\f", "\r", "\v", "\u00a0", "\u3000", "\u2028", "x"];
  assert.deepEqual(matches("^\\s$", s), [
    true,
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
  ]);
  assert.deepEqual(matches("^\\S$", s), [
    false,
    false,
    false,
    false,
    false,
    true,
    true,
    true,
    true,
    true,
  ]);
  assert.deepEqual(matches("^[\\s]$", s), matches("^\\s$", s));
  assert.deepEqual(matches("^[^\\s]$", s), matches("^\\S$", s));
  assert.deepEqual(matches("^[\\S]$", s), matches("^\\S$", s));
  assert.deepEqual(matches("\\d|\\w", ["٣", "é", "5", "_"]), [false, false, true, true]);
  assert.deepEqual(matches("^[[:alpha:]]+$", ["abZ", "é", "a1"]), [true, false, false]);
  assert.deepEqual(matches("^[[:^digit:]x]$", ["a", "1", "x"]), [true, false, true]);
});

Deno.test("re2: ^ and $ at the ends of the text; (?m) at \\n only", () => {
  const s = ["a\nb", "a\rb", "a\u2028b", "b"];
  assert.deepEqual(matches("^b", s), [false, false, false, true]);
  assert.deepEqual(matches("(?m)^b", s), [true, false, false, true]);
  assert.deepEqual(matches("(?m)a$", s), [true, false, false, false]);
  assert.deepEqual(matches("a$", ["a\n", "a"]), [false, true]);
  assert.deepEqual(matches("\\Aa", ["ba", "ab"]), [false, true]);
  assert.deepEqual(matches("a\\z", ["a\n", "ba"]), [false, true]);
  // RE2 can repeat an empty-width assertion
  assert.deepEqual(matches("^*a", ["ba"]), [true]);
});

Deno.test("re2: flags anywhere, scoped to their group; (?U) swaps greediness", () => {
  assert.deepEqual(matches("(?i)a(?-i)b", ["AB", "Ab", "aB"]), [false, true, false]);
  assert.deepEqual(matches("x(?i)a|b", ["xA", "B", "XA"]), [true, true, false]);
  assert.deepEqual(matches("(?i:a)b", ["Ab", "AB"]), [true, false]);
  assert.deepEqual(matches("(a(?i)b)c", ["aBc", "aBC"]), [true, false]);
  assert.deepEqual(matches("A", ["a"], true), [true]);
  const lazy = re2ToJs("(?U)a+b*?", false);
  assert.equal(lazy.source, "a+?b*");
  assert.deepEqual(matches("(?P<word>ab)+", ["abab", "ba"]), [true, false]);
});

Deno.test("re2: escapes, literal braces and brackets", () => {
  assert.deepEqual(matches("\\Q.*\\E", [".*", "ab"]), [true, false]);
  assert.deepEqual(matches("^\\x41\\x{263a}\\101\\0$", ["A\u263aA\u0000"]), [true]);
  assert.deepEqual(matches("\\#\\:\\_\\-\\a", ["#:_-\u0007"]), [true]);
  assert.deepEqual(matches("^a{$", ["a{"]), [true]);
  assert.deepEqual(matches("^a{,2}$", ["a{,2}", "aa"]), [true, false]);
  assert.deepEqual(matches("^a]}$", ["a]}"]), [true]);
  assert.deepEqual(matches("^[]a]+$", ["]a]"]), [true]);
  assert.deepEqual(matches("^[a-]+$", ["-a-"]), [true]);
  assert.deepEqual(matches("^a{2,3}$", ["a", "aa", "aaaa"]), [false, true, false]);
  assert.deepEqual(matches("^\\pL\\p{Greek}\\PL\\p{^N}$", ["aα1x", "aα1"]), [true, false]);
  assert.deepEqual(matches("^[\\p{Lu}\\d]+$", ["A1", "a"]), [true, false]);
});

Deno.test("re2: what RE2 rejects is an error with RE2's message", () => {
  rejects("(?=a)", "invalid perl operator: (?=");
  rejects("(?!a)", "invalid perl operator: (?!");
  rejects("(?<=a)b", "invalid perl operator: (?<=");
  rejects("(?<!a)b", "invalid perl operator: (?<!");
  rejects("(?<n>a)", "invalid perl operator: (?<");
  rejects("(a)\\1", "invalid escape sequence: \\1");
  rejects("(?P<n>a)(?P=n)", "invalid perl operator: (?P");
  rejects("\\k<n>", "invalid escape sequence: \\k");
  rejects("\\Z", "invalid escape sequence: \\Z");
  rejects("[\\b]", "invalid escape sequence: \\b");
  rejects("a**", "bad repetition operator: **");
  rejects("a+*", "bad repetition operator: +*");
  rejects("*a", "no argument for repetition operator: *");
  rejects("a{1001}", "invalid repetition size: {1001}");
  rejects("a{3,2}", "invalid repetition size: {3,2}");
  rejects("(", "missing ): (");
  rejects("a)", "unexpected ): a)");
  rejects("[a", "missing ]: [a");
  rejects("[z-a]", "invalid character class range: z-a");
  rejects("[[:foo:]]", "invalid character class range: [:foo:]");
  rejects("\\p{Foo}", "invalid character class range: \\p{Foo}");
  rejects("a\\", "trailing \\");
  rejects("(?x)a", "invalid perl operator: (?x");
  rejects("(?i-)a", "invalid perl operator: (?i-)");
});

Deno.test("re2: assertions never match inside a surrogate pair", () => {
  assert.deepEqual(matches("^$", ["😀", ""]), [false, true]);
  assert.deepEqual(matches("(?m)^$", ["😀", "a\n"]), [false, true]);
  assert.deepEqual(matches("\\A\\z", ["😀", ""]), [false, true]);
  assert.deepEqual(matches("(?m)$^", ["😀😀", "\n"]), [false, true]);
});
