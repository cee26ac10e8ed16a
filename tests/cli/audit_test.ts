import assert from "node:assert/strict";
import { join } from "node:path";
import { relgate } from "../_cli.ts";
import { makeBundle } from "../_fixtures.ts";
import { assertGolden, withoutTimings } from "../_golden.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function verdicts(reportJson: string): Record<string, string> {
  const r = JSON.parse(reportJson);
  return Object.fromEntries(
    r.bundles.flatMap((b: { rules: { name: string; verdict: string }[] }) =>
      b.rules.map((x) => [x.name, x.verdict])
    ),
  );
}

Deno.test("audit of the cpg example: gate open, exact JSON report", async () => {
  const r = await relgate(["audit", "migrations/cpg", "--format", "json"], { cwd: ROOT });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(verdicts(r.stdout), {
    "cpg.defs_uses": "identical",
    "cpg.edges.calls": "identical",
    "cpg.calls_per_caller": "identical",
    "cpg.block_instrs": "identical",
    "cpg.symbols_latest": "identical",
    "cpg.uses_in_blocks": "equivalent",
    "cpg.units_ranked": "identical",
    "cpg.symbol_names": "identical",
  });
  assert.equal(JSON.parse(r.stdout).gate.open, true);
  await assertGolden("cpg_audit.json", withoutTimings(r.stdout));
  const gate = await relgate(["gate", "migrations/cpg", "--quiet"], { cwd: ROOT });
  assert.equal(gate.code, 0, gate.stderr);
});

Deno.test("audit of demo_divergent shows every non-green verdict; gate exits 1", async () => {
  const r = await relgate(["audit", "migrations/demo_divergent", "--format", "json"], {
    cwd: ROOT,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(verdicts(r.stdout), {
    "demo.totals": "divergent",
    "demo.amounts": "equivalent",
    "demo.status": "equivalent",
    "demo.customers": "unmigrated",
    "demo.status_code": "broken",
    "demo.big_orders": "equivalent",
    "demo.open_orders": "identical",
  });
  const report = JSON.parse(r.stdout);
  assert.equal(report.gate.open, false);
  assert.deepEqual(
    report.bundles[0].gate.blockers.map((b: { rule: string; reason: string }) =>
      `${b.rule} ${b.reason}`
    ),
    [
      "demo.totals divergent",
      "demo.customers unmigrated",
      "demo.status_code broken",
      "demo.big_orders allowance-expired",
    ],
  );
  await assertGolden("demo_divergent_audit.json", withoutTimings(r.stdout));
  const gate = await relgate(["gate", "migrations/demo_divergent"], { cwd: ROOT });
  assert.equal(gate.code, 1);
});

Deno.test("the report is byte-identical across runs and across --threads 1 vs 4", async () => {
  const run = async (threads: string) => {
    const r = await relgate(
      ["audit", "migrations/demo_divergent", "--format", "json", "--threads", threads],
      { cwd: ROOT },
    );
    assert.equal(r.code, 0, r.stderr);
    return withoutTimings(r.stdout);
  };
  const a = await run("1");
  const b = await run("1");
  const c = await run("4");
  assert.equal(a, b);
  assert.equal(a, c);
});

Deno.test("--isolate reports a divergence only where it starts", async () => {
  const dir = await makeBundle({
    "migration.json": {
      migration: 1,
      name: "chain",
      datasets: { t: { path: "t.csv", format: "csv" } },
      rules: [
        { name: "chain.up", legacy: "legacy/up.json", relplan: "relplans/up.json", output: "up" },
        {
          name: "chain.down",
          legacy: "legacy/down.json",
          relplan: "relplans/down.json",
          output: "down",
        },
      ],
      policy: { snapshots: "off" },
    },
    "t.csv": "x\n1\n2\n3\n",
    "legacy/up.json": {
      name: "chain.up",
      pipeline_ops: [{ kind: "scan", dataset: "t" }],
    },
    "relplans/up.json": {
      relplan: 1,
      name: "chain.up",
      ops: [{ op: "scan", dataset: "t" }, {
        op: "derive",
        columns: [{ name: "x", expr: { fn: "add", args: [{ col: "x" }, { lit: 1 }] } }],
      }],
    },
    "legacy/down.json": { name: "chain.down", pipeline_ops: [{ kind: "scan", dataset: "up" }] },
    "relplans/down.json": { relplan: 1, name: "chain.down", ops: [{ op: "scan", dataset: "up" }] },
  });
  const plain = await relgate(["audit", dir, "--format", "json"]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.deepEqual(verdicts(plain.stdout), { "chain.up": "divergent", "chain.down": "divergent" });
  const isolated = await relgate(["audit", dir, "--format", "json", "--isolate"]);
  assert.deepEqual(verdicts(isolated.stdout), {
    "chain.up": "divergent",
    "chain.down": "identical",
  });
});

Deno.test("--rule runs upstream rules but reports only the selected ones", async () => {
  const r = await relgate(
    ["audit", "migrations/cpg", "--rule", "cpg.calls_per_caller", "--format", "json"],
    { cwd: ROOT },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(verdicts(r.stdout), { "cpg.calls_per_caller": "identical" });
});

Deno.test("unknown --format exits 2 before running anything", async () => {
  const r = await relgate(["audit", "migrations/cpg", "--format", "yaml"], { cwd: ROOT });
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    'relgate: error: --format: unknown format "yaml" [unknown-format]\n  hint: use one of text, json, junit, markdown, html\n',
  );
});

Deno.test("semantic plan errors exit 2 listing every problem with file and JSON path", async () => {
  const dir = await makeBundle({
    "migration.json": {
      migration: 1,
      name: "bad",
      datasets: { t: { path: "t.csv", format: "csv" } },
      rules: [{ name: "bad.a", legacy: "legacy/a.json", relplan: "relplans/a.json", output: "a" }],
    },
    "t.csv": "x,s\n1,a\n",
    "legacy/a.json": { name: "bad.a", pipeline_ops: [{ kind: "scan", dataset: "t" }] },
    "relplans/a.json": {
      relplan: 1,
      name: "bad.a",
      ops: [
        { op: "scan", dataset: "t" },
        { op: "filter", predicate: { fn: "gt", args: [{ col: "y" }, { param: "p" }] } },
        {
          op: "project",
          columns: [{ name: "z", expr: { fn: "upper", args: [{ col: "x" }, { col: "s" }] } }],
        },
      ],
    },
  });
  const r = await relgate(["audit", dir]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    [
      'relgate: error: relplans/a.json: $.ops[1].predicate.args[0].col: unknown column "y" [unknown-column]',
      "  hint: available: x, s",
      'relgate: error: relplans/a.json: $.ops[1].predicate.args[1].param: param "p" is not declared [undeclared-param]',
      `  hint: declare it in the plan's "params" or with a "param" op; declared: none`,
      "relgate: error: relplans/a.json: $.ops[2].columns[0].expr.args: upper takes 1 argument(s), got 2 [wrong-arity]",
      "",
    ].join("\n"),
  );
  assert.equal(await Deno.readTextFile(join(dir, "t.csv")), "x,s\n1,a\n");
});

Deno.test("gate under GitHub Actions prints escaped annotations on stderr", async () => {
  const r = await relgate(["gate", "migrations/demo_divergent", "--format", "json"], {
    cwd: ROOT,
    env: { GITHUB_ACTIONS: "true" },
  });
  assert.equal(r.code, 1);
  JSON.parse(r.stdout);
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("::error "));
  assert.deepEqual(errors.map((l) => l.slice(0, l.indexOf("::", 2))), [
    "::error file=migrations/demo_divergent/relplans/totals.json,title=demo.totals",
    "::error file=migrations/demo_divergent/legacy/customers.json,title=demo.customers",
    "::error file=migrations/demo_divergent/relplans/status_code.json,title=demo.status_code",
    "::error file=migrations/demo_divergent/relplans/big_orders.json,title=demo.big_orders",
  ]);
});

Deno.test("--shard I/N runs merged give the report a single run gives", async () => {
  const dir = await Deno.makeTempDir();
  const strip = (json: string) => {
    const r = JSON.parse(withoutTimings(json));
    delete r.invocation;
    return r;
  };
  const full = await relgate(["audit", "migrations/cpg", "--format", "json"], { cwd: ROOT });
  const shards: string[] = [];
  for (const i of [1, 2, 3]) {
    const out = `${dir}/shard-${i}.json`;
    const r = await relgate(
      ["audit", "migrations/cpg", "--shard", `${i}/3`, "--format", "json", "--out", out],
      { cwd: ROOT },
    );
    assert.equal(r.code, 0, r.stderr);
    shards.push(out);
  }
  const merged = await relgate(["merge", ...shards, "--format", "json"], { cwd: ROOT });
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(strip(merged.stdout), strip(full.stdout));
});
