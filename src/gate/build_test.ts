import assert from "node:assert/strict";
import { RelgateError } from "../errors.ts";
import { bundleInput, ruleInput, runInput } from "./_test_utils.ts";
import { buildBundle, buildReport, compareCodePoints, mergeReports, ruleInputOf } from "./build.ts";
import { stripTimings } from "./model.ts";

const TODAY = "2026-11-01";

function rules() {
  return [
    ruleInput("cpg.a", { allow: [{ diff: "ast", reason: "r", until: "2026-01-01" }] }),
    ruleInput("cpg.b", {
      upstream: ["cpg.a"],
      snapshot: { status: "pending", path: null, pending_path: "p/cpg.b.snap.json", fields: [] },
    }),
    ruleInput("cpg.c", { relplan: null, output_diff: null, snapshot: null }),
    ruleInput("cpg.d", {
      snapshot: { status: "missing", path: null, pending_path: null, fields: [] },
    }),
    ruleInput("cpg.e", {
      snapshot: { status: "changed", path: null, pending_path: null, fields: ["digest"] },
    }),
  ];
}

Deno.test("build: bundle counts, allowances and snapshot lists", () => {
  const b = buildBundle(
    bundleInput(rules(), {
      snapshots: { dir: "snapshots/cpg", pending_dir: "p", obsolete: ["z", "ä", "b"] },
    }),
    { today: TODAY },
  );
  assert.deepEqual(b.counts, {
    identical: 3,
    equivalent: 0,
    divergent: 0,
    drifted: 1,
    broken: 0,
    unmigrated: 1,
  });
  assert.deepEqual(b.allowances, [
    { rule: "cpg.a", diff: "ast", reason: "r", until: "2026-01-01", status: "expired" },
  ]);
  assert.deepEqual(b.snapshots, {
    dir: "snapshots/cpg",
    pending_dir: "p",
    pending: ["cpg.b"],
    missing: ["cpg.d"],
    changed: ["cpg.e"],
    obsolete: ["b", "z", "ä"],
  });
  assert.deepEqual(b.rules.map((r) => [r.name, r.verdict]), [
    ["cpg.a", "identical"],
    ["cpg.b", "identical"],
    ["cpg.c", "unmigrated"],
    ["cpg.d", "identical"],
    ["cpg.e", "drifted"],
  ]);
  assert.equal(b.gate.open, false);
});

Deno.test("build: rules are listed in manifest order", () => {
  const input = bundleInput([ruleInput("cpg.x"), ruleInput("cpg.y")]);
  const swapped = { ...input, rules: [input.rules[1]!, input.rules[0]!] };
  assert.deepEqual(buildBundle(swapped, { today: TODAY }).rules.map((r) => r.name), [
    "cpg.x",
    "cpg.y",
  ]);
});

Deno.test("build: the run gate is closed when one bundle is", () => {
  const open = bundleInput([ruleInput("cpg.a")]);
  const closed = bundleInput(rules(), { name: "other" });
  const report = buildReport(runInput([open, closed]), { today: TODAY });
  assert.deepEqual(report.gate, { open: false, closed_bundles: ["other"] });
  assert.deepEqual(buildReport(runInput([open]), { today: TODAY }).gate, {
    open: true,
    closed_bundles: [],
  });
});

Deno.test("build: merging shard reports equals one run, timings summed", () => {
  const all = bundleInput(rules(), {
    snapshots: { dir: "snapshots/cpg", pending_dir: "p", obsolete: ["gone"] },
  });
  const single = buildReport(runInput([all]), { today: TODAY });
  const shard = (keep: (i: number) => boolean, pending: string | null) =>
    buildReport(
      runInput([{
        ...all,
        rules: all.rules.filter((_, i) => keep(i)),
        snapshots: { ...all.snapshots, pending_dir: pending },
      }]),
      { today: TODAY },
    );
  const merged = mergeReports([shard((i) => i % 2 === 1, null), shard((i) => i % 2 === 0, "p")], {
    today: TODAY,
  });
  const expected = {
    ...stripTimings(single),
    invocation: { ...single.invocation, command: "merge" },
  };
  assert.deepEqual(stripTimings(merged), expected);
  assert.deepEqual(merged.timings, { total: 80 });
  assert.deepEqual(merged.bundles[0]!.timings, { total: 60 });
  assert.deepEqual(merged.bundles[0]!.rules[0]!.timings, { legacy: 12, new: 8 });
});

Deno.test("build: merge refuses reports that do not fit", () => {
  const a = buildReport(runInput([bundleInput([ruleInput("cpg.a")])]), { today: TODAY });
  const otherSig = buildReport(runInput([bundleInput([], { signature: "c".repeat(64) })]), {
    today: TODAY,
  });
  const codes: string[] = [];
  for (const reports of [[], [a, a], [a, otherSig], [a, { ...a, relgate_version: "0.2.0" }]]) {
    try {
      mergeReports(reports, { today: TODAY });
      codes.push("none");
    } catch (e) {
      assert.ok(e instanceof RelgateError);
      codes.push(e.message);
    }
  }
  assert.deepEqual(codes, [
    "Cannot merge: no reports given [merge-mismatch]",
    "Cannot merge report 2: rule cpg.a of bundle cpg is in two reports [merge-mismatch]\n" +
    "  hint: merge only the shard reports of one run (same relgate version and bundles)",
    `Cannot merge report 2: bundle cpg has signature ${"c".repeat(64)}, another report has ${
      "b".repeat(64)
    } [merge-mismatch]\n` +
    "  hint: merge only the shard reports of one run (same relgate version and bundles)",
    "Cannot merge report 2: relgate 0.2.0 (canon 1) differs from relgate 0.1.0 (canon 1) [merge-mismatch]\n" +
    "  hint: merge only the shard reports of one run (same relgate version and bundles)",
  ]);
});

Deno.test("build: ruleInputOf round-trips the runner's input", () => {
  const input = {
    ...ruleInput("cpg.a", { allow: [{ diff: "rows", reason: "r", until: null }] }),
    index: 4,
  };
  const r = buildBundle({ ...bundleInput([]), rules: [input] }, { today: TODAY }).rules[0]!;
  assert.deepEqual(ruleInputOf(r), input);
});

Deno.test("build: stripTimings empties every timings record", () => {
  const report = buildReport(runInput([bundleInput([ruleInput("cpg.a")])]), { today: TODAY });
  const s = stripTimings(report);
  assert.deepEqual([s.timings, s.bundles[0]!.timings, s.bundles[0]!.rules[0]!.timings], [
    {},
    {},
    {},
  ]);
  assert.deepEqual(report.timings, { total: 40 });
});

Deno.test("build: compareCodePoints orders by code point", () => {
  const words = ["\u{1F600}", "\uFF5E", "b", "a", "ab", ""];
  assert.deepEqual(words.sort(compareCodePoints), ["", "a", "ab", "b", "\uFF5E", "\u{1F600}"]);
});
