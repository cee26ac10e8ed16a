import assert from "node:assert/strict";
import { join } from "node:path";
import { RelgateError } from "../errors.ts";
import {
  legacyScan,
  makeBundle,
  minimalBundle,
  minimalManifest,
  relScan,
} from "../../tests/_fixtures.ts";
import { loadBundle, selectRules } from "./load.ts";

async function problems(files: Record<string, unknown>) {
  const dir = await makeBundle(files);
  try {
    await loadBundle(dir);
  } catch (e) {
    if (e instanceof RelgateError) {
      return e.problems.map((p) => ({ code: p.code, file: p.file, path: p.path }));
    }
    throw e;
  }
  return [];
}

Deno.test("a minimal bundle loads with resolved paths and defaults", async () => {
  const dir = await makeBundle(minimalBundle());
  const b = await loadBundle(dir);
  assert.equal(b.name, "t");
  assert.deepEqual(b.rules.map((r) => r.name), ["t.a"]);
  assert.equal(b.datasets.get("items")?.absPath, join(dir, "data/items.csv"));
  assert.deepEqual(b.policy, { ast: "report", snapshots: "require" });
  assert.deepEqual(b.rules[0]!.tolerance, { abs: 0, rel: 0 });
  assert.deepEqual(b.rules[0]!.upstream, []);
});

Deno.test("malformed manifest JSON names line and column", async () => {
  const dir = await makeBundle({ "migration.json": '{\n  "migration": 1,\n  "name" "x"\n}' });
  await assert.rejects(loadBundle(dir), (e: RelgateError) => {
    assert.equal(e.code, "malformed-json");
    assert.equal(e.problems[0]!.file, "migration.json");
    assert.match(e.message, /line 3, column 10/);
    return true;
  });
});

Deno.test("wrong types and unknown keys are reported together with paths", async () => {
  const got = await problems({
    ...minimalBundle(),
    "migration.json": minimalManifest({ bogus: 1, "x-note": "kept", migration: 2 }),
  });
  assert.deepEqual(got, [
    { code: "invalid-value", file: "migration.json", path: "$.migration" },
    { code: "unknown-key", file: "migration.json", path: "$.bogus" },
  ]);
});

Deno.test("plan files are validated with their own file name and path", async () => {
  const got = await problems({
    ...minimalBundle(),
    "relplans/a.json": {
      relplan: 1,
      name: "t.a",
      ops: [{ op: "scan", dataset: "items" }, { op: "frob" }],
    },
    "legacy/a.json": { name: "t.a", pipeline_ops: [{ kind: "scan", dataset: "items", filtr: {} }] },
  });
  assert.deepEqual(got, [
    { code: "unknown-key", file: "legacy/a.json", path: "$.pipeline_ops[0].filtr" },
    { code: "unknown-op", file: "relplans/a.json", path: "$.ops[1].op" },
  ]);
});

Deno.test("missing plan file", async () => {
  const files = minimalBundle();
  delete files["relplans/a.json"];
  assert.deepEqual(await problems(files), [
    { code: "missing-file", file: "relplans/a.json", path: undefined },
  ]);
});

Deno.test("a path outside the bundle is an error, also through a symlink", async () => {
  const got = await problems({
    ...minimalBundle(),
    "migration.json": minimalManifest({
      datasets: { items: { path: "../elsewhere.csv", format: "csv" } },
    }),
  });
  assert.deepEqual(got, [
    { code: "path-outside-bundle", file: "migration.json", path: '$.datasets["items"].path' },
  ]);
  const outside = await Deno.makeTempDir();
  const dir = await makeBundle(minimalBundle());
  await Deno.symlink(outside, join(dir, "link"));
  await Deno.writeTextFile(
    join(dir, "migration.json"),
    JSON.stringify(minimalManifest({ datasets: { items: { path: "link/x.csv", format: "csv" } } })),
  );
  await assert.rejects(loadBundle(dir), (e: RelgateError) => {
    assert.equal(e.code, "path-outside-bundle");
    assert.match(e.message, /through a symlink/);
    return true;
  });
});

Deno.test("rule cycle names the cycle", async () => {
  const dir = await makeBundle({
    "migration.json": minimalManifest({
      rules: [
        { name: "r.a", legacy: "legacy/a.json", output: "a" },
        { name: "r.b", legacy: "legacy/b.json", output: "b" },
      ],
    }),
    "data/items.csv": "id\n1\n",
    "legacy/a.json": legacyScan("b", "r.a"),
    "legacy/b.json": legacyScan("a", "r.b"),
  });
  await assert.rejects(loadBundle(dir), (e: RelgateError) => {
    assert.equal(e.code, "rule-cycle");
    assert.equal(e.problems[0]!.path, "$.rules");
    assert.match(e.message, /rules form a cycle: r\.a -> r\.b -> r\.a/);
    return true;
  });
});

Deno.test("duplicate rule names and duplicate outputs", async () => {
  const got = await problems({
    ...minimalBundle(),
    "migration.json": minimalManifest({
      rules: [
        { name: "t.a", legacy: "legacy/a.json", output: "a" },
        { name: "t.a", legacy: "legacy/a.json", output: "a" },
        { name: "t.c", legacy: "legacy/a.json", output: "items" },
      ],
    }),
  });
  assert.deepEqual(got, [
    { code: "duplicate-rule", file: "migration.json", path: "$.rules[1].name" },
    { code: "duplicate-output", file: "migration.json", path: "$.rules[1].output" },
    { code: "duplicate-output", file: "migration.json", path: "$.rules[2].output" },
  ]);
});

Deno.test("rules are ordered upstream first; --rule globs select", async () => {
  const dir = await makeBundle({
    "migration.json": minimalManifest({
      rules: [
        { name: "cpg.b", legacy: "legacy/b.json", relplan: "relplans/b.json", output: "b" },
        { name: "cpg.a", legacy: "legacy/a.json", output: "a" },
      ],
    }),
    "data/items.csv": "id\n1\n",
    "legacy/a.json": legacyScan("items", "cpg.a"),
    "legacy/b.json": legacyScan("a", "cpg.b"),
    "relplans/b.json": relScan("a", "cpg.b"),
  });
  const b = await loadBundle(dir);
  assert.deepEqual(b.rules.map((r) => [r.name, r.upstream]), [["cpg.a", []], ["cpg.b", ["cpg.a"]]]);
  assert.deepEqual(selectRules(b, ["cpg.*"]).map((r) => r.name), ["cpg.a", "cpg.b"]);
  assert.deepEqual(selectRules(b, ["*.b"]).map((r) => r.name), ["cpg.b"]);
  assert.deepEqual(selectRules(b, ["nope"]).map((r) => r.name), []);
});

Deno.test("a scan of an unknown dataset is reported", async () => {
  const got = await problems({ ...minimalBundle(), "relplans/a.json": relScan("nothere") });
  assert.deepEqual(got, [{ code: "unknown-dataset", file: "relplans/a.json", path: "$" }]);
});

Deno.test("an allowance with an unknown difference kind is reported", async () => {
  const m = minimalManifest();
  const rules = m.rules as Record<string, unknown>[];
  rules[0]!.allow = [{ diff: "rows.sideways", reason: "x" }, { diff: "column:score", reason: "y" }];
  assert.deepEqual(await problems({ ...minimalBundle(), "migration.json": m }), [
    { code: "invalid-value", file: "migration.json", path: "$.rules[0].allow[0].diff" },
  ]);
});
