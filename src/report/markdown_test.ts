import assert from "node:assert/strict";
import { bundleInput, ruleInput, runInput } from "../gate/_test_utils.ts";
import { buildReport } from "../gate/build.ts";
import { escapeMarkdown, renderMarkdown } from "./markdown.ts";
import { fixtureReport, greenReport, nastyReport, TODAY } from "./testdata/fixture.ts";
import { assertGolden } from "./testdata/golden.ts";

const bytes = (s: string) => new TextEncoder().encode(s).length;

Deno.test("markdown: golden report", () => {
  assertGolden("report.md.golden", renderMarkdown(fixtureReport()));
});

Deno.test("markdown: an open gate", () => {
  assert.equal(
    renderMarkdown(greenReport()),
    [
      "**relgate gate: OPEN** ✅ 2 rules in 1 bundle",
      "",
      "| bundle | gate | identical | equivalent | divergent | drifted | broken | unmigrated |",
      "|---|---|--:|--:|--:|--:|--:|--:|",
      "| cpg | open | 1 | 1 | 0 | 0 | 0 | 0 |",
      "",
      "### cpg",
      "",
      `Signature \`${"b".repeat(64)}\`, policy ast=report snapshots=require.`,
      "",
      "Retirable now: cpg.a, cpg.b.",
      "",
    ].join("\n"),
  );
});

Deno.test("markdown: truncated under the byte limit with a pointer to the HTML report", () => {
  const big = "x".repeat(5000);
  const rules = Array.from(
    { length: 40 },
    (_, i) =>
      ruleInput(`cpg.r${String(i).padStart(2, "0")}`, {
        ast_equal: false,
        ast_rendered: Array.from({ length: 20 }, (_, j) => `+ line ${j} ${big}`).join("\n"),
        output_diff: {
          equal: false,
          schema: [],
          rows: { legacy: 1, new: 1, equal: 0, only_legacy: 1, only_new: 1, changed: 0 },
          columns: [],
          samples: [],
        },
      }),
  );
  const report = buildReport(runInput([bundleInput(rules)]), { today: TODAY });
  const full = renderMarkdown(report, { maxBytes: 100 * 1024 * 1024 });
  assert.equal(bytes(full) > 4_000_000, true);
  for (const maxBytes of [1024 * 1024, 300_000, 120_000]) {
    const md = renderMarkdown(report, { maxBytes, htmlReport: "out/report.html" });
    assert.equal(bytes(md) <= maxBytes, true, `${bytes(md)} <= ${maxBytes}`);
    const shown = (md.match(/<details>/g) ?? []).length;
    assert.equal(shown < 40, true);
    assert.equal(
      md.endsWith(
        `\n_${40 - shown} more rule details left out to fit the job summary; ` +
          `see the HTML report (out/report.html)._\n`,
      ),
      true,
    );
    assert.equal(md.startsWith(full.slice(0, bytes(md) - 200)), true);
  }
  const oneMiB = renderMarkdown(report);
  assert.equal(bytes(oneMiB) <= 1024 * 1024, true);
  assert.equal(oneMiB.includes("see the HTML report (`--format html`)"), true);
});

Deno.test("markdown: pending snapshots and the accept command", () => {
  const md = renderMarkdown(fixtureReport());
  assert.equal(
    md.includes(
      "Pending snapshots: cpg.snap.pending.\n\nAccept them with:\n\n```sh\n" +
        "deno task relgate snapshot migrations/cpg --accept\n```\n",
    ),
    true,
  );
  const custom = buildReport(
    runInput([bundleInput([
      ruleInput("cpg.a", {
        snapshot: { status: "pending", path: null, pending_path: "p/x", fields: [] },
      }),
    ], {
      dir: "my bundles/cpg",
      snapshots: { dir: "golden/cpg", pending_dir: "p", obsolete: [] },
    })]),
    { today: TODAY },
  );
  assert.equal(
    renderMarkdown(custom).includes(
      "deno task relgate snapshot 'my bundles/cpg' --accept --snapshot-dir golden\n",
    ),
    true,
  );
});

Deno.test("markdown: hostile text cannot break out", () => {
  const md = renderMarkdown(nastyReport());
  // the AST diff is kept verbatim in a code block fenced longer than the backticks inside it
  const fenced =
    "````diff\n::error::injected\n- <script>alert(1)</script>\n+ ``` & </details>\n````";
  assert.equal(md.includes(fenced), true);
  const outside = md.replace(fenced, "");
  assert.equal(outside.includes("<script>"), false);
  assert.equal(outside.includes("<b>\\r"), false);
  assert.deepEqual(outside.split("\n").filter((l) => l.includes("</details>")), ["</details>"]);
  assert.equal(md.includes("\u0001"), false);
  assert.equal(md.includes("\r"), false);
  assert.equal(
    md.includes('| only\\_legacy |  | "&lt;b&gt;\\\\r\\\\n::warning::x&lt;/b&gt;" |'),
    true,
  );
});

Deno.test("markdown: escaping exact", () => {
  assert.equal(
    escapeMarkdown("a|b *c* _d_ [e](f) `g` ~h~ \\ <i>&"),
    "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\~h\\~ \\\\ &lt;i&gt;&amp;",
  );
  assert.equal(escapeMarkdown("one\ntwo\r\nthree"), "one two three");
});
