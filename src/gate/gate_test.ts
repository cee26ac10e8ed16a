import assert from "node:assert/strict";
import { ruleInput } from "./_test_utils.ts";
import { decideGate, ruleBlockers } from "./gate.ts";
import type { PolicyJson, RuleInput, RuleResult } from "./model.ts";
import { judgeRule } from "./verdict.ts";

const REQUIRE: PolicyJson = { ast: "report", snapshots: "require" };
const TODAY = "2026-11-01";

function judged(rules: RuleInput[], policy: PolicyJson = REQUIRE): RuleResult[] {
  return rules.map((r) => judgeRule(r, { policy, today: TODAY }));
}

const DIVERGENT = {
  equal: false,
  schema: [],
  rows: { legacy: 2, new: 2, equal: 1, only_legacy: 1, only_new: 1, changed: 0 },
  columns: [],
  samples: [],
};

Deno.test("gate: retirable follows the upstream chain", () => {
  // raw -> a -> b -> c ; a -> d ; e alone (divergent) -> f
  const rules = judged([
    ruleInput("cpg.a"),
    ruleInput("cpg.b", { upstream: ["cpg.a"], ast_equal: false }),
    ruleInput("cpg.c", { upstream: ["cpg.b", "cpg.e"] }),
    ruleInput("cpg.d", { upstream: ["cpg.a"] }),
    ruleInput("cpg.e", { output_diff: DIVERGENT }),
    ruleInput("cpg.f", { upstream: ["cpg.e"] }),
    ruleInput("cpg.g", { upstream: ["cpg.f"] }),
    ruleInput("cpg.h", { upstream: ["cpg.zzz"] }),
  ]);
  const gate = decideGate(rules, { policy: REQUIRE });
  assert.equal(gate.open, false);
  assert.deepEqual(gate.retirable, ["cpg.a", "cpg.b", "cpg.d"]);
  assert.deepEqual(gate.not_retirable, [
    { rule: "cpg.c", reason: "upstream cpg.e not retirable" },
    { rule: "cpg.e", reason: "divergent" },
    { rule: "cpg.f", reason: "upstream cpg.e not retirable" },
    { rule: "cpg.g", reason: "upstream cpg.f not retirable" },
    { rule: "cpg.h", reason: "upstream cpg.zzz not audited" },
  ]);
  assert.deepEqual(gate.blockers, [{
    rule: "cpg.e",
    reason: "divergent",
    message: "outputs differ: 1 row only in legacy; 1 row only in new",
  }]);
});

Deno.test("gate: upstream order does not depend on manifest order", () => {
  const rules = judged([
    ruleInput("cpg.late", { upstream: ["cpg.early"] }),
    ruleInput("cpg.early", { relplan: null, output_diff: null, snapshot: null }),
  ]);
  const gate = decideGate(rules, { policy: REQUIRE });
  assert.deepEqual(gate.retirable, []);
  assert.deepEqual(gate.not_retirable, [
    { rule: "cpg.late", reason: "upstream cpg.early not retirable" },
    { rule: "cpg.early", reason: "unmigrated" },
  ]);
});

Deno.test("gate: open when everything is green", () => {
  const rules = judged([
    ruleInput("cpg.a"),
    ruleInput("cpg.b", { ast_equal: false, upstream: ["cpg.a"] }),
  ]);
  assert.deepEqual(decideGate(rules, { policy: REQUIRE }), {
    open: true,
    blockers: [],
    retirable: ["cpg.a", "cpg.b"],
    not_retirable: [],
  });
});

Deno.test("gate: every kind of blocker, in rule order", () => {
  const snap = (status: "missing" | "pending" | "re-record" | "changed") => ({
    status,
    path: null,
    pending_path: null,
    fields: [],
  });
  const rules = judged([
    ruleInput("cpg.eq", { ast_equal: false, ast_edits: [] }),
    ruleInput("cpg.allow", {
      allow: [
        { diff: "rows.only_new", reason: "old bug", until: "2026-10-31" },
        { diff: "rows.only_legacy", reason: "old bug", until: null },
      ],
      output_diff: { ...DIVERGENT, rows: { ...DIVERGENT.rows, only_legacy: 0 } },
    }),
    ruleInput("cpg.miss", { snapshot: snap("missing") }),
    ruleInput("cpg.pend", { snapshot: snap("pending") }),
    ruleInput("cpg.rerec", { snapshot: snap("re-record") }),
    ruleInput("cpg.drift", { snapshot: snap("changed") }),
    ruleInput("cpg.broken", {
      output_diff: null,
      snapshot: null,
      errors: [{ lane: "legacy", code: "c", message: "m", file: null, path: null, hint: null }],
    }),
    ruleInput("cpg.un", { relplan: null, output_diff: null, snapshot: null }),
  ], { ast: "require_equal", snapshots: "require" });
  const gate = decideGate(rules, {
    policy: { ast: "require_equal", snapshots: "require" },
    obsoleteSnapshots: ["cpg.gone"],
  });
  assert.deepEqual(gate.blockers.map((b) => [b.rule, b.reason, b.message]), [
    [
      "cpg.eq",
      "require-equal",
      "policy ast: require_equal needs identical ASTs: canonical ASTs differ (0 edits)",
    ],
    [
      "cpg.allow",
      "allowance-expired",
      'allowance "rows.only_new" expired (until 2026-10-31): old bug',
    ],
    ["cpg.allow", "allowance-stale", 'allowance "rows.only_legacy" excuses nothing; remove it'],
    ["cpg.miss", "snapshot-missing", "no snapshot (write it with `snapshot --update`)"],
    [
      "cpg.pend",
      "snapshot-pending",
      "new snapshot pending review (accept it with `snapshot --accept`)",
    ],
    [
      "cpg.rerec",
      "snapshot-re-record",
      "snapshot written by another relgate version (re-record it with `snapshot --update`)",
    ],
    ["cpg.drift", "drifted", "new output differs from its snapshot"],
    ["cpg.broken", "broken", "legacy lane failed: m [c]"],
    ["cpg.un", "unmigrated", "no RelPlan"],
    [
      "cpg.gone",
      "snapshot-obsolete",
      "snapshot of a rule that no longer exists (remove it with `snapshot --update`)",
    ],
  ]);
  assert.deepEqual(gate.retirable, []);
  assert.deepEqual(gate.not_retirable.map((n) => n.reason), [
    "require-equal",
    "allowance-expired",
    "snapshot-missing",
    "snapshot-pending",
    "snapshot-re-record",
    "drifted",
    "broken",
    "unmigrated",
  ]);
});

Deno.test("gate: snapshot problems do not block when snapshots are off", () => {
  const off: PolicyJson = { ast: "report", snapshots: "off" };
  const rules = judged([
    ruleInput("cpg.a", {
      snapshot: { status: "missing", path: null, pending_path: null, fields: [] },
    }),
  ], off);
  assert.deepEqual(ruleBlockers(rules[0]!, off), []);
  const gate = decideGate(rules, { policy: off, obsoleteSnapshots: ["cpg.gone"] });
  assert.equal(gate.open, true);
});

Deno.test("gate: an ast allowance lets an equivalent rule pass require_equal", () => {
  const strict: PolicyJson = { ast: "require_equal", snapshots: "require" };
  const rules = judged([
    ruleInput("cpg.a", {
      ast_equal: false,
      allow: [{ diff: "ast", reason: "reordered joins", until: null }],
    }),
  ], strict);
  assert.deepEqual(decideGate(rules, { policy: strict }), {
    open: true,
    blockers: [],
    retirable: ["cpg.a"],
    not_retirable: [],
  });
});
