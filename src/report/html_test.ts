import assert from "node:assert/strict";
import { renderHtml } from "./html.ts";
import { fixtureReport, greenReport, nastyReport } from "./testdata/fixture.ts";
import { assertGolden } from "./testdata/golden.ts";

Deno.test("html: golden report", () => {
  assertGolden("report.html.golden", renderHtml(fixtureReport()));
});

Deno.test("html: self-contained, one inline style and script, no network", () => {
  for (const html of [renderHtml(fixtureReport()), renderHtml(greenReport())]) {
    assert.equal(
      html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">'),
      true,
    );
    assert.equal(html.endsWith("</body>\n</html>\n"), true);
    assert.equal(html.match(/<script\b/g)?.length, 1);
    assert.equal(html.match(/<style\b/g)?.length, 1);
    assert.deepEqual(html.match(/https?:|\/\/[a-z]|\bsrc=|<link\b|@import|url\(/gi), null);
    const script = html.slice(html.indexOf("<script>") + 8, html.indexOf("</script>"));
    assert.equal(typeof new Function(script), "function"); // parses
  }
});

Deno.test("html: rows and details carry the hooks a browser test uses", () => {
  const html = renderHtml(fixtureReport());
  const rows = [
    ...html.matchAll(/<tr data-rule="([^"]*)" data-verdict="([^"]*)" data-detail="([^"]*)"/g),
  ]
    .map((m) => [m[1], m[2], m[3]]);
  assert.deepEqual(rows, [
    ["cpg.nodes.functions", "identical", "rule-0-0"],
    ["cpg.edges.calls", "equivalent", "rule-0-1"],
    ["cpg.edges.scores", "divergent", "rule-0-2"],
    ["cpg.edges.excused", "equivalent", "rule-0-3"],
    ["cpg.types.broken", "broken", "rule-0-4"],
    ["cpg.legacy.only", "unmigrated", "rule-0-5"],
    ["cpg.snap.drift", "drifted", "rule-0-6"],
    ["cpg.snap.pending", "identical", "rule-0-7"],
  ]);
  const details = [
    ...html.matchAll(/<details id="([^"]*)" data-rule="([^"]*)" data-verdict="([^"]*)">/g),
  ]
    .map((m) => [m[2], m[3], m[1]]);
  assert.deepEqual(details, rows);
  assert.equal(html.includes('<header id="gate" class="banner closed" data-gate="closed">'), true);
  assert.equal(
    renderHtml(greenReport()).includes('<header id="gate" class="banner open" data-gate="open">'),
    true,
  );
  // edits coloured by kind, in the edit table and the rendered diff
  assert.equal(html.includes('<tr class="ins"><td>insert</td>'), true);
  assert.equal(html.includes('<tr class="del"><td>delete</td>'), true);
  assert.equal(
    html.includes(
      '<span class="mov">~    {&quot;lit&quot;: 0.5} -&gt; {&quot;lit&quot;: &quot;0.5&quot;}</span>',
    ),
    true,
  );
  assert.equal(html.includes('<span class="mov">&gt;    ops[2] -&gt; ops[1]</span>'), true);
  // lineage
  assert.equal(html.includes("<tr><td>function_id</td><td>functions.function_id</td></tr>"), true);
});

Deno.test("html: every text is escaped", () => {
  const html = renderHtml(nastyReport());
  const body = html.slice(html.indexOf("<body>"), html.indexOf("<script>"));
  assert.equal(body.includes("<script"), false);
  assert.equal(body.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), true);
  assert.equal(
    body.includes(
      `<tr data-rule="a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39; f:g,h%i\\u0001\\u001B[31m\uFFFF\uD800" data-verdict="divergent"`,
    ),
    true,
  );
  assert.equal(body.includes('data-bundle="b&amp;&lt;&gt;"'), true);
  assert.equal(body.includes("\u0001"), false);
  assert.equal(body.includes("\r"), false);
  // every tag is well formed: attribute values quoted, no stray quote or angle bracket
  const tags = body.match(/<[^>]*>/g) ?? [];
  assert.equal(tags.length > 50, true);
  const bad = tags.filter((t) => !/^<\/?[a-z0-9]+(\s+[a-z-]+="[^"<>]*")*\s*>$/.test(t));
  assert.deepEqual(bad, []);
});
