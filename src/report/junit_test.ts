import assert from "node:assert/strict";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { escapeXmlAttr, escapeXmlText, renderJunit } from "./junit.ts";
import { fixtureReport, greenReport, nastyReport } from "./testdata/fixture.ts";
import { assertGolden } from "./testdata/golden.ts";

interface Node {
  readonly [key: string]: unknown;
}

function parse(xml: string): Node {
  assert.equal(XMLValidator.validate(xml), true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ["testsuite", "testcase", "property", "failure", "error"].includes(name),
    processEntities: true,
    htmlEntities: false,
  });
  return parser.parse(xml) as Node;
}

function list(v: unknown): Node[] {
  return (v ?? []) as Node[];
}

Deno.test("junit: golden report", () => {
  assertGolden("report.junit.xml.golden", renderJunit(fixtureReport()));
});

Deno.test("junit: parsed back, counts and test cases", () => {
  const doc = parse(renderJunit(fixtureReport()));
  const suites = doc.testsuites as Node;
  assert.deepEqual(
    ["@name", "@tests", "@failures", "@errors", "@skipped", "@time"].map((k) => suites[k]),
    ["relgate", "9", "6", "1", "0", "0.163"],
  );
  const [suite] = list(suites.testsuite);
  assert.ok(suite);
  assert.deepEqual(
    ["@name", "@tests", "@failures", "@errors", "@skipped", "@time"].map((k) => suite[k]),
    ["cpg", "9", "6", "1", "0", "0.163"],
  );
  const props = list((suite.properties as Node).property).map((p) => [p["@name"], p["@value"]]);
  assert.deepEqual(props, [
    ["relgate.version", "0.1.0"],
    ["duckdb.version", "v1.5.5"],
    ["bundle.signature", "b".repeat(64)],
    ["gate", "closed"],
  ]);
  const cases = list(suite.testcase).map((c) => [
    c["@name"],
    c["@classname"],
    c["@file"] ?? null,
    c["@time"],
    c.failure ? "failure" : c.error ? "error" : "pass",
    (list(c.failure)[0] ?? list(c.error)[0])?.["@type"] ?? null,
  ]);
  assert.deepEqual(cases, [
    ["cpg.nodes.functions", "cpg", "relplans/functions.json", "0.016", "pass", null],
    ["cpg.edges.calls", "cpg", "relplans/calls.json", "0.027", "pass", null],
    ["cpg.edges.scores", "cpg", "relplans/scores.json", "0.020", "failure", "divergent"],
    ["cpg.edges.excused", "cpg", "relplans/excused.json", "0.020", "failure", "allowance-expired"],
    ["cpg.types.broken", "cpg", "relplans/broken.json", "0.020", "error", "broken"],
    ["cpg.legacy.only", "cpg", "legacy/only.json", "0.020", "failure", "unmigrated"],
    ["cpg.snap.drift", "cpg", "relplans/drift.json", "0.020", "failure", "drifted"],
    ["cpg.snap.pending", "cpg", "relplans/pending.json", "0.020", "failure", "snapshot-pending"],
    ["cpg.old.rule (obsolete snapshot)", "cpg", null, "0.000", "failure", "snapshot-obsolete"],
  ]);
  const scores = list(suite.testcase)[2]!;
  const failure = list(scores.failure)[0]!;
  assert.equal(
    failure["@message"],
    'divergent: outputs differ: column "score" type: legacy float64, new float32; 2 rows changed (score: 2) (1 migrate warning)',
  );
  const body = failure["#text"] as string;
  assert.equal(body.includes('  changed   ["e1"]  "e1"     0.5 -> 0.25  "x"'), true);
  assert.equal(body.includes('  - delete $.ops[4]: {"op":"limit","count":10}'), true);
});

Deno.test("junit: an open gate has no failures", () => {
  const doc = parse(renderJunit(greenReport()));
  const suites = doc.testsuites as Node;
  assert.deepEqual([suites["@tests"], suites["@failures"], suites["@errors"]], ["2", "0", "0"]);
});

Deno.test("junit: hostile names are escaped and read back", () => {
  const xml = renderJunit(nastyReport());
  assert.equal(xml.includes("\u0001"), false);
  assert.equal(xml.includes("\x1b"), false);
  const doc = parse(xml);
  const suite = list((doc.testsuites as Node).testsuite)[0]!;
  assert.equal(suite["@name"], "b&<>");
  const c = list(suite.testcase)[0]!;
  assert.equal(c["@name"], String.raw`a&b<c>"d"'e' f:g,h%i\u0001\u001B[31m\uFFFF\uD800`);
  assert.equal(c["@classname"], "b&<>");
  assert.equal(c["@file"], "relplans/a&b,c:d.json");
  const body = list(c.failure)[0]!["#text"] as string;
  assert.equal(body.includes(`"<b>\\r\\n::warning::x</b>"`), true);
  assert.equal(body.includes("- <script>alert(1)</script>"), true);
});

Deno.test("junit: escaping exact", () => {
  assert.equal(
    escapeXmlAttr(`a&b<c>"d"'e'\t\n\r`),
    "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;&#9;&#10;&#13;",
  );
  assert.equal(escapeXmlText(`a&b<c>"d"'e'\t\n\r`), `a&amp;b&lt;c&gt;"d"'e'\t\n&#13;`);
  assert.equal(
    escapeXmlText("\u0000\u0008\u000B\u000C\u001F\u007F"),
    "\\u0000\\u0008\\u000B\\u000C\\u001F\u007F",
  );
  assert.equal(escapeXmlText("\uFFFE\uFFFF\uFFFD"), "\\uFFFE\\uFFFF\uFFFD");
  assert.equal(escapeXmlText("\uD800x\uDC00\u{1F600}"), "\\uD800x\\uDC00\u{1F600}");
  assert.equal(escapeXmlAttr("]]>"), "]]&gt;");
});

Deno.test("junit: any string survives escaping and parsing (property)", () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
  });
  const expected = (s: string) =>
    s.replace(
      // deno-lint-ignore no-control-regex
      /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
    );
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
      const xml = `<r a="${escapeXmlAttr(s)}">x${escapeXmlText(s)}</r>`;
      assert.equal(XMLValidator.validate(xml), true);
      const r = (parser.parse(xml) as Node).r as Node;
      assert.equal(r["@a"], expected(s));
      assert.equal(r["#text"], "x" + expected(s));
    }),
    { numRuns: 500 },
  );
});
