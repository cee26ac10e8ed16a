import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { bundleInput, ruleInput, runInput } from "../gate/_test_utils.ts";
import { buildReport } from "../gate/build.ts";
import { escapeData, escapeProperty, githubAnnotations, stopCommands } from "./github.ts";
import { fixtureReport, greenReport, nastyReport, TODAY } from "./testdata/fixture.ts";
import { assertGolden } from "./testdata/golden.ts";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

Deno.test("github: golden annotations", () => {
  assertGolden("annotations.txt.golden", githubAnnotations(fixtureReport()).join("\n") + "\n");
});

Deno.test("github: nothing for an open gate", () => {
  assert.deepEqual(githubAnnotations(greenReport()), []);
});

Deno.test("github: escaping exact", () => {
  assert.equal(escapeData("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad:e,f");
  assert.equal(escapeProperty("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad%3Ae%2Cf");
  assert.equal(escapeData("%0A"), "%250A");
});

Deno.test("github: hostile names and echoed text", () => {
  const lines = githubAnnotations(nastyReport());
  const detail = [
    `── a&b<c>"d"'e' f:g,h%i\\u0001\\u001B[31m\uFFFF\uD800: divergent`,
    "outputs differ: 1 row only in legacy; 1 row only in new",
    "relplan: relplans/a&b,c:d.json",
    `legacy plan: legacy/a&b<c>"d"'e' f:g,h%i\\u0001\\u001B[31m\uFFFF\uD800.json`,
    "AST diff:",
    "  ::error::injected",
    "  - <script>alert(1)</script>",
    "  + ``` & </details>",
    "output diff:",
    "  rows: legacy 1, new 1, equal 0, only legacy 1, only new 1, changed 0",
    "  kind         key  x|y",
    `  only_legacy       "<b>\\r\\n::warning::x</b>"`,
  ];
  const token = sha(detail.join("\n"));
  assert.deepEqual(lines, [
    `::error file=migrations/b&<>/relplans/a&b%2Cc%3Ad.json,` +
    `title=a&b<c>"d"'e' f%3Ag%2Ch%25i\\u0001\\u001B[31m\uFFFF\uD800::` +
    "divergent: outputs differ: 1 row only in legacy; 1 row only in new",
    `::group::a&b<c>"d"'e' f:g,h%25i\\u0001\\u001B[31m\uFFFF\uD800: divergent`,
    `::stop-commands::${token}`,
    ...detail,
    `::${token}::`,
    "::endgroup::",
  ]);
});

Deno.test("github: at most 10 annotations, then a notice", () => {
  const rules = Array.from(
    { length: 13 },
    (_, i) =>
      ruleInput(`cpg.r${String(i).padStart(2, "0")}`, {
        relplan: null,
        output_diff: null,
        snapshot: null,
      }),
  );
  const report = buildReport(runInput([bundleInput(rules)]), { today: TODAY });
  const plain = githubAnnotations(report, { details: false });
  assert.equal(plain.length, 11);
  assert.equal(
    plain[0],
    "::error file=migrations/cpg/legacy/r00.json,title=cpg.r00::unmigrated: no RelPlan",
  );
  assert.equal(
    plain[9],
    "::error file=migrations/cpg/legacy/r09.json,title=cpg.r09::unmigrated: no RelPlan",
  );
  assert.equal(plain[10], "::notice::3 more blocking rules");
  const withDetails = githubAnnotations(report);
  assert.equal(withDetails.filter((l) => l.startsWith("::error ")).length, 10);
  assert.equal(withDetails.at(-1), "::notice::3 more blocking rules");
  assert.deepEqual(
    githubAnnotations(report, { max: 12, details: false }).at(-1),
    "::notice::1 more blocking rule",
  );
});

Deno.test("github: several blockers of one rule are one annotation", () => {
  const report = buildReport(
    runInput([bundleInput([
      ruleInput("cpg.a", {
        snapshot: { status: "missing", path: null, pending_path: null, fields: [] },
        allow: [{ diff: "rows", reason: "r", until: null }],
      }),
    ])]),
    { today: TODAY },
  );
  assert.deepEqual(githubAnnotations(report, { details: false }), [
    "::error file=migrations/cpg/relplans/a.json,title=cpg.a::" +
    'allowance-stale: allowance "rows" excuses nothing; remove it%0A' +
    "snapshot-missing: no snapshot (write it with `snapshot --update`)",
  ]);
});

Deno.test("github: stop-commands token is the sha256 of the echoed text", () => {
  assert.deepEqual(stopCommands(["::error::x", "y"]), [
    `::stop-commands::${sha("::error::x\ny")}`,
    "::error::x",
    "y",
    `::${sha("::error::x\ny")}::`,
  ]);
});

Deno.test("github: escaped properties and data decode back and hold no separators (property)", () => {
  const decode = (s: string) =>
    s.replace(/%(25|0D|0A|3A|2C)/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
      const p = escapeProperty(s);
      assert.equal(/[\r\n:,]/.test(p), false);
      assert.equal(decode(p), s);
      const d = escapeData(s);
      assert.equal(/[\r\n]/.test(d), false);
      assert.equal(decode(d), s);
    }),
    { numRuns: 500 },
  );
});
