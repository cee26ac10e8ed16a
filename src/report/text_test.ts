import assert from "node:assert/strict";
import { renderText } from "./text.ts";
import { fixtureReport, greenReport, nastyReport } from "./testdata/fixture.ts";
import { assertGolden } from "./testdata/golden.ts";

Deno.test("text: golden report without colour", () => {
  const text = renderText(fixtureReport(), { color: false });
  assertGolden("report.txt.golden", text);
  assert.equal(text.includes("\x1b"), false);
});

Deno.test("text: colour only when asked", () => {
  assert.equal(
    renderText(greenReport(), { color: true }),
    [
      "\x1b[1mrelgate 0.1.0\x1b[0m: gate \x1b[1m\x1b[32mOPEN\x1b[0m\x1b[0m",
      "",
      "\x1b[1mbundle cpg\x1b[0m (migrations/cpg)",
      `signature ${"b".repeat(64)}`,
      "gate \x1b[1m\x1b[32mOPEN\x1b[0m\x1b[0m, policy ast=report snapshots=require",
      "duckdb v1.5.5, threads 2, memory 2GB",
      "",
      "\x1b[1mrule \x1b[0m  \x1b[1mverdict   \x1b[0m  \x1b[1mlegacy\x1b[0m  \x1b[1mnew\x1b[0m  \x1b[1mnotes\x1b[0m",
      "cpg.a  \x1b[32midentical \x1b[0m       3    3",
      "cpg.b  \x1b[32mequivalent\x1b[0m       2    2  0 AST edits",
      "",
      "2 rules: 1 identical, 1 equivalent",
      "",
      "retirable: cpg.a, cpg.b",
      "",
    ].join("\n"),
  );
});

Deno.test("text: control characters in report data are shown, not sent to the terminal", () => {
  for (const color of [false, true]) {
    const text = renderText(nastyReport(), { color });
    assert.equal(text.includes("\u0001"), false);
    assert.equal(text.includes("\\u0001\x1b"), false, "injected colour sequence");
    assert.equal(text.includes("\\u0001\\u001B[31m"), true);
    assert.equal(text.includes("\r"), false);
  }
});
