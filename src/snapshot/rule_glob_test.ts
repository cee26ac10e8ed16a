import assert from "node:assert/strict";
import { RelgateError } from "../errors.ts";
import { matchesRuleGlobs } from "./rule_glob.ts";

Deno.test("matchesRuleGlobs: *, ?, classes and literal characters", () => {
  const cases: [string, string, boolean][] = [
    ["cpg.*", "cpg.edges.calls", true],
    ["cpg.*", "cpgXedges", false],
    ["*.calls", "cpg.edges.calls", true],
    ["*", "", true],
    ["cpg.edges.?", "cpg.edges.a", true],
    ["cpg.edges.?", "cpg.edges.ab", false],
    ["r[0-9]", "r7", true],
    ["r[0-9]", "rx", false],
    ["r[!0-9]", "rx", true],
    ["r[!0-9]", "r7", false],
    ["a-b_c", "a-b_c", true],
    ["a-b_c", "a-bxc", false],
    ["r[-x]", "r-", true],
    ["(x)+", "(x)+", true],
    ["r[", "r[", true],
  ];
  for (const [glob, name, want] of cases) {
    assert.equal(matchesRuleGlobs(name, [glob]), want, `${glob} ~ ${name}`);
  }
});

Deno.test("matchesRuleGlobs: any of several globs; none selects everything", () => {
  assert.equal(matchesRuleGlobs("b", ["a", "b"]), true);
  assert.equal(matchesRuleGlobs("c", ["a", "b"]), false);
  assert.equal(matchesRuleGlobs("c", []), true);
});

Deno.test("matchesRuleGlobs: a malformed class is a RelgateError", () => {
  assert.throws(
    () => matchesRuleGlobs("x", ["[z-a]"]),
    (e: unknown) => e instanceof RelgateError && e.code === "invalid-glob",
  );
});
