// Hand-built reports for the renderer tests: one rule per verdict and
// allowance state, and one with hostile text for the escaping tests.
import { bundleInput, equalDiff, ruleInput, runInput } from "../../gate/_test_utils.ts";
import { buildReport } from "../../gate/build.ts";
import type { OutputDiffSummary, RunReport } from "../../gate/model.ts";

/** The day the fixtures are judged on. */
export const TODAY = "2026-11-01";

const SCORES: OutputDiffSummary = {
  equal: false,
  schema: [{ kind: "type", column: "score", legacy: "float64", new: "float32" }],
  rows: { legacy: 4, new: 5, equal: 2, only_legacy: 0, only_new: 1, changed: 2 },
  columns: [{ column: "score", mismatches: 2 }],
  samples: [
    {
      kind: "changed",
      key: ["e1"],
      columns: ["edge_id", "score", "label"],
      legacy: ["e1", 0.5, "x"],
      new: ["e1", 0.25, "x"],
      changed: ["score"],
    },
    {
      kind: "changed",
      key: ["e2"],
      columns: ["edge_id", "score", "label"],
      legacy: ["e2", 1.5, null],
      new: ["e2", 1, null],
      changed: ["score"],
    },
    {
      kind: "only_new",
      key: ["e9"],
      columns: ["edge_id", "score", "label"],
      legacy: null,
      new: ["e9", 2, "new"],
      changed: [],
    },
  ],
};

const EXCUSED: OutputDiffSummary = {
  equal: false,
  schema: [],
  rows: { legacy: 3, new: 3, equal: 2, only_legacy: 0, only_new: 0, changed: 1 },
  columns: [{ column: "name", mismatches: 1 }],
  samples: [{
    kind: "changed",
    key: ["f1"],
    columns: ["id", "name"],
    legacy: ["f1", "Main"],
    new: ["f1", "main"],
    changed: ["name"],
  }],
};

/** A closed gate: one rule per verdict, allowances used/expired, snapshots pending and obsolete. */
export function fixtureReport(): RunReport {
  const rules = [
    ruleInput("cpg.nodes.functions", {
      lineage: [
        { column: "function_id", sources: ["functions.function_id"] },
        { column: "name", sources: ["functions.name"] },
      ],
      timings: { legacy: 10, new: 5, diff: 1 },
    }),
    ruleInput("cpg.edges.calls", {
      upstream: ["cpg.nodes.functions"],
      ast_equal: false,
      signatures: { legacy: "1".repeat(64), new: "2".repeat(64), snapshot: "2".repeat(64) },
      ast_edits: [
        {
          kind: "update",
          left_path: "$.ops[0].predicate.args[1].lit",
          right_path: "$.ops[0].predicate.args[1].lit",
          left: 0.5,
          right: "0.5",
        },
        { kind: "move", left_path: "$.ops[2]", right_path: "$.ops[1]" },
      ],
      ast_rendered:
        ' {\n   "ops": [\n~    {"lit": 0.5} -> {"lit": "0.5"}\n>    ops[2] -> ops[1]\n   ]\n }\n',
      output_diff: equalDiff(7),
      timings: { legacy: 20, new: 7 },
    }),
    ruleInput("cpg.edges.scores", {
      upstream: ["cpg.edges.calls"],
      key: ["edge_id"],
      ast_equal: false,
      ast_edits: [
        { kind: "insert", left_path: null, right_path: "$.ops[3]", right: { op: "filter" } },
        {
          kind: "delete",
          left_path: "$.ops[4]",
          right_path: null,
          left: { op: "limit", count: 10 },
        },
      ],
      output_diff: SCORES,
      warnings: ["op 2: round(half_up) lifted to round (half away from zero)"],
      allow: [{ diff: "rows.only_new", reason: "legacy dropped e9", until: "2027-01-31" }],
    }),
    ruleInput("cpg.edges.excused", {
      ast_equal: false,
      output_diff: EXCUSED,
      allow: [
        { diff: "column:name", reason: "case folded on purpose", until: null },
        { diff: "schema.metadata", reason: "old metadata", until: "2026-10-31" },
      ],
    }),
    ruleInput("cpg.types.broken", {
      output_diff: null,
      snapshot: null,
      ast_equal: null,
      errors: [{
        lane: "new",
        code: "int-overflow",
        message: "add overflows int32",
        file: "relplans/broken.json",
        path: "$.ops[1].columns[0].expr",
        hint: "cast to int64 first",
      }],
    }),
    ruleInput("cpg.legacy.only", {
      relplan: null,
      output_diff: null,
      snapshot: null,
      ast_equal: null,
      signatures: { legacy: "3".repeat(64), new: null, snapshot: null },
    }),
    ruleInput("cpg.snap.drift", {
      snapshot: {
        status: "changed",
        path: "snapshots/cpg/cpg.snap.drift.snap.json",
        pending_path: null,
        fields: ["row_count", "digest"],
      },
    }),
    ruleInput("cpg.snap.pending", {
      snapshot: {
        status: "pending",
        path: "snapshots/cpg/cpg.snap.pending.snap.json",
        pending_path: "snapshots/.pending/cpg/cpg.snap.pending.snap.json",
        fields: [],
      },
    }),
  ];
  return buildReport(
    runInput([bundleInput(rules, {
      snapshots: {
        dir: "snapshots/cpg",
        pending_dir: "snapshots/.pending/cpg",
        obsolete: ["cpg.old.rule"],
      },
    })]),
    { today: TODAY },
  );
}

/** An open gate with two green rules. */
export function greenReport(): RunReport {
  return buildReport(
    runInput([bundleInput([
      ruleInput("cpg.a"),
      ruleInput("cpg.b", { upstream: ["cpg.a"], ast_equal: false, output_diff: equalDiff(2) }),
    ])]),
    { today: TODAY },
  );
}

/** Rule names and messages with every character that needs escaping somewhere. */
export const NASTY_NAME = `a&b<c>"d"'e' f:g,h%i\u0001\u001b[31m\uFFFF\uD800`;

/** A report whose rule name, paths, messages and samples hold hostile text. */
export function nastyReport(): RunReport {
  const rules = [
    ruleInput(NASTY_NAME, {
      relplan: "relplans/a&b,c:d.json",
      ast_equal: false,
      ast_rendered: "::error::injected\n- <script>alert(1)</script>\n+ ``` & </details>",
      output_diff: {
        equal: false,
        schema: [],
        rows: { legacy: 1, new: 1, equal: 0, only_legacy: 1, only_new: 1, changed: 0 },
        columns: [],
        samples: [{
          kind: "only_legacy",
          key: null,
          columns: ["x|y"],
          legacy: ["<b>\r\n::warning::x</b>"],
          new: null,
          changed: [],
        }],
      },
      errors: [],
    }),
  ];
  return buildReport(
    runInput([bundleInput(rules, { name: "b&<>", dir: "migrations/b&<>" })]),
    { today: TODAY },
  );
}
