import assert from "node:assert/strict";
import { equalDiff, ruleInput } from "./_test_utils.ts";
import type { OutputDiffSummary, PolicyJson, RuleInput } from "./model.ts";
import { judgeRule, plural, utcToday } from "./verdict.ts";

const REPORT: PolicyJson = { ast: "report", snapshots: "require" };
const STRICT: PolicyJson = { ast: "require_equal", snapshots: "require" };
const TODAY = "2026-11-01";

const CHANGED: OutputDiffSummary = {
  equal: false,
  schema: [],
  rows: { legacy: 5, new: 6, equal: 3, only_legacy: 0, only_new: 1, changed: 2 },
  columns: [{ column: "score", mismatches: 2 }, { column: "name", mismatches: 1 }],
  samples: [],
};

function judge(rule: RuleInput, policy: PolicyJson = REPORT) {
  const r = judgeRule(rule, { policy, today: TODAY });
  return {
    verdict: r.verdict,
    message: r.message,
    allowances: r.allowances.map((a) => `${a.diff}=${a.status}[${a.excused.join(",")}]`),
  };
}

Deno.test("verdict: one case per verdict and allowance state", () => {
  const cases: [string, RuleInput, PolicyJson, ReturnType<typeof judge>][] = [
    ["identical", ruleInput("cpg.a"), REPORT, {
      verdict: "identical",
      message: "canonical ASTs equal, outputs equal",
      allowances: [],
    }],
    [
      "equivalent",
      ruleInput("cpg.a", {
        ast_equal: false,
        ast_edits: [{
          kind: "update",
          left_path: "$.ops[1]",
          right_path: "$.ops[1]",
          left: 1,
          right: 2,
        }],
      }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (1 edit), outputs equal",
        allowances: [],
      },
    ],
    [
      "recorded legacy: ASTs not compared",
      ruleInput("cpg.a", { ast_equal: null, legacy: { kind: "recorded", path: "rec/a.arrow" } }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs not compared, outputs equal",
        allowances: [],
      },
    ],
    ["divergent", ruleInput("cpg.a", { ast_equal: false, output_diff: CHANGED }), REPORT, {
      verdict: "divergent",
      message: "outputs differ: 1 row only in new; 2 rows changed (score: 2, name: 1)",
      allowances: [],
    }],
    [
      "divergent excused by allowances",
      ruleInput("cpg.a", {
        ast_equal: false,
        output_diff: CHANGED,
        allow: [
          { diff: "rows.only_new", reason: "dedupe fixed", until: "2027-01-31" },
          { diff: "rows.changed", reason: "rounding", until: null },
        ],
      }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (0 edits), outputs equal after allowances",
        allowances: ["rows.only_new=used[rows.only_new]", "rows.changed=used[rows.changed]"],
      },
    ],
    [
      "changed rows excused by column allowances",
      ruleInput("cpg.a", {
        ast_equal: false,
        output_diff: CHANGED,
        allow: [
          { diff: "rows.only_new", reason: "r", until: null },
          { diff: "column:score", reason: "r", until: null },
          { diff: "column:name", reason: "r", until: TODAY },
        ],
      }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (0 edits), outputs equal after allowances",
        allowances: [
          "rows.only_new=used[rows.only_new]",
          "column:score=used[column:score]",
          "column:name=used[column:name]",
        ],
      },
    ],
    [
      "the `rows` prefix covers every rows.* kind",
      ruleInput("cpg.a", {
        ast_equal: false,
        output_diff: CHANGED,
        allow: [{ diff: "rows", reason: "r", until: null }, {
          diff: "column:score",
          reason: "r",
          until: null,
        }],
      }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (0 edits), outputs equal after allowances",
        allowances: ["rows=used[rows.only_new,rows.changed]", "column:score=used[column:score]"],
      },
    ],
    [
      "partly excused stays divergent",
      ruleInput("cpg.a", {
        ast_equal: false,
        output_diff: CHANGED,
        allow: [{ diff: "column:score", reason: "r", until: null }],
      }),
      REPORT,
      {
        verdict: "divergent",
        message: "outputs differ: 1 row only in new; 2 rows changed (score: 2, name: 1)",
        allowances: ["column:score=used[column:score]"],
      },
    ],
    [
      "expired allowance (until before today)",
      ruleInput("cpg.a", {
        ast_equal: false,
        output_diff: { ...CHANGED, rows: { ...CHANGED.rows, only_new: 0 } },
        allow: [{ diff: "rows.changed", reason: "r", until: "2026-10-31" }],
      }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (0 edits), outputs equal after allowances",
        allowances: ["rows.changed=expired[rows.changed]"],
      },
    ],
    [
      "stale allowance",
      ruleInput("cpg.a", { allow: [{ diff: "rows.only_legacy", reason: "r", until: null }] }),
      REPORT,
      {
        verdict: "identical",
        message: "canonical ASTs equal, outputs equal",
        allowances: ["rows.only_legacy=stale[]"],
      },
    ],
    [
      "ast allowance is stale under policy report",
      ruleInput("cpg.a", { ast_equal: false, allow: [{ diff: "ast", reason: "r", until: null }] }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (0 edits), outputs equal",
        allowances: ["ast=stale[]"],
      },
    ],
    [
      "ast allowance is used under require_equal",
      ruleInput("cpg.a", { ast_equal: false, allow: [{ diff: "ast", reason: "r", until: null }] }),
      STRICT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (0 edits), outputs equal",
        allowances: ["ast=used[ast]"],
      },
    ],
    [
      "broken",
      ruleInput("cpg.a", {
        output_diff: null,
        snapshot: null,
        errors: [
          {
            lane: "new",
            code: "int-overflow",
            message: "add overflows int32",
            file: null,
            path: null,
            hint: null,
          },
          { lane: "legacy", code: "x", message: "y", file: null, path: null, hint: null },
        ],
        allow: [{ diff: "rows", reason: "r", until: null }, {
          diff: "ast",
          reason: "r",
          until: "2020-01-01",
        }],
      }),
      REPORT,
      {
        verdict: "broken",
        message: "new lane failed: add overflows int32 [int-overflow] (and 1 more error)",
        allowances: ["rows=unchecked[]", "ast=expired[]"],
      },
    ],
    [
      "broken by the snapshot check",
      ruleInput("cpg.a", {
        errors: [{
          lane: "snapshot",
          code: "bad-json",
          message: "m",
          file: null,
          path: null,
          hint: null,
        }],
      }),
      REPORT,
      { verdict: "broken", message: "snapshot check failed: m [bad-json]", allowances: [] },
    ],
    [
      "unmigrated",
      ruleInput("cpg.a", { relplan: null, output_diff: null, snapshot: null, ast_equal: null }),
      REPORT,
      { verdict: "unmigrated", message: "no RelPlan", allowances: [] },
    ],
    [
      "drifted",
      ruleInput("cpg.a", {
        snapshot: {
          status: "changed",
          path: "s.json",
          pending_path: null,
          fields: ["signature", "digest"],
        },
      }),
      REPORT,
      {
        verdict: "drifted",
        message: "new output differs from its snapshot (signature, digest)",
        allowances: [],
      },
    ],
    [
      "not drifted when snapshots are off",
      ruleInput("cpg.a", {
        snapshot: { status: "changed", path: null, pending_path: null, fields: [] },
      }),
      { ast: "report", snapshots: "off" },
      { verdict: "identical", message: "canonical ASTs equal, outputs equal", allowances: [] },
    ],
    [
      "divergent wins over drifted",
      ruleInput("cpg.a", {
        output_diff: CHANGED,
        snapshot: { status: "changed", path: null, pending_path: null, fields: [] },
      }),
      REPORT,
      {
        verdict: "divergent",
        message: "outputs differ: 1 row only in new; 2 rows changed (score: 2, name: 1)",
        allowances: [],
      },
    ],
    [
      "migrate warnings are listed, verdict by outputs",
      ruleInput("cpg.a", { ast_equal: false, warnings: ["op 2: round half_up has no exact lift"] }),
      REPORT,
      {
        verdict: "equivalent",
        message: "canonical ASTs differ (0 edits), outputs equal (1 migrate warning)",
        allowances: [],
      },
    ],
  ];
  for (const [title, rule, policy, expected] of cases) {
    assert.deepEqual(judge(rule, policy), expected, title);
  }
});

Deno.test("verdict: schema differences and their kinds", () => {
  const diff: OutputDiffSummary = {
    equal: false,
    schema: [
      { kind: "column_only_legacy", column: "old", legacy: "int64", new: null },
      { kind: "column_only_new", column: "extra", legacy: null, new: "utf8" },
      { kind: "column_order", column: null, legacy: ["a", "b"], new: ["b", "a"] },
      { kind: "type", column: "score", legacy: "float64", new: "float32" },
      { kind: "nullability", column: "id", legacy: true, new: false },
      { kind: "field_metadata", column: "id", legacy: { k: "v" }, new: {} },
      {
        kind: "schema_metadata",
        column: null,
        legacy: {},
        new: { "relgate.ordering.level": "unordered" },
      },
    ],
    rows: { legacy: 1, new: 1, equal: 1, only_legacy: 0, only_new: 0, changed: 0 },
    columns: [],
    samples: [],
  };
  const r = judgeRule(
    ruleInput("cpg.a", {
      output_diff: diff,
      allow: [
        { diff: "schema.metadata", reason: "r", until: null },
        { diff: "schema.type:score", reason: "r", until: null },
      ],
    }),
    { policy: REPORT, today: TODAY },
  );
  assert.deepEqual(r.differences, [
    { kind: "schema.columns:old", message: 'column "old" only in legacy', excused_by: [] },
    { kind: "schema.columns:extra", message: 'column "extra" only in new', excused_by: [] },
    {
      kind: "schema.columns",
      message: 'column order differs: legacy ["a","b"], new ["b","a"]',
      excused_by: [],
    },
    {
      kind: "schema.type:score",
      message: 'column "score" type: legacy float64, new float32',
      excused_by: ["schema.type:score"],
    },
    {
      kind: "schema.nullability:id",
      message: 'column "id" nullable: legacy true, new false',
      excused_by: [],
    },
    {
      kind: "schema.metadata:id",
      message: 'column "id" metadata: legacy {"k":"v"}, new {}',
      excused_by: ["schema.metadata"],
    },
    {
      kind: "schema.metadata",
      message: 'schema metadata: legacy {}, new {"relgate.ordering.level":"unordered"}',
      excused_by: ["schema.metadata"],
    },
  ]);
  assert.equal(r.verdict, "divergent");
  assert.equal(
    r.message,
    'outputs differ: column "old" only in legacy; column "extra" only in new; ' +
      'column order differs: legacy ["a","b"], new ["b","a"]; column "id" nullable: legacy true, new false',
  );
});

Deno.test("verdict: an unequal diff with nothing classified is an `output` difference", () => {
  const diff: OutputDiffSummary = { ...equalDiff(2), equal: false };
  const r = judgeRule(ruleInput("cpg.a", { output_diff: diff }), { policy: REPORT, today: TODAY });
  assert.deepEqual(r.differences, [{ kind: "output", message: "outputs differ", excused_by: [] }]);
  assert.equal(r.verdict, "divergent");
});

Deno.test("verdict: the result keeps the runner's fields and drops `allow`", () => {
  const input = ruleInput("cpg.a", { allow: [{ diff: "ast", reason: "r", until: null }] });
  const r = judgeRule(input, { policy: STRICT, today: TODAY });
  assert.equal("allow" in r, false);
  assert.equal(r.relplan, "relplans/a.json");
  assert.deepEqual(r.timings, { legacy: 12, new: 8 });
  // identical under require_equal: the ast allowance excuses nothing
  assert.equal(r.verdict, "identical");
  assert.deepEqual(r.allowances, [{
    diff: "ast",
    reason: "r",
    until: null,
    status: "stale",
    excused: [],
  }]);
});

Deno.test("verdict: helpers", () => {
  assert.equal(utcToday(new Date(Date.UTC(2026, 0, 31, 23, 59, 59))), "2026-01-31");
  assert.equal(plural(1, "row"), "1 row");
  assert.equal(plural(0, "row"), "0 rows");
  assert.equal(plural(2, "mismatch", "mismatches"), "2 mismatches");
});
