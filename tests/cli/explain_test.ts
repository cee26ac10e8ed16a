import assert from "node:assert/strict";
import { relgate } from "../_cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("explain --json: a legacy plan and its faithful RelPlan share the signature", async () => {
  const run = async (file: string) => {
    const r = await relgate(["explain", file, "--bundle", "migrations/cpg", "--json"], {
      cwd: ROOT,
    });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const legacy = await run("migrations/cpg/legacy/edges_calls.json");
  const rel = await run("migrations/cpg/relplans/edges_calls.json");
  assert.equal(legacy.source, "legacy");
  assert.equal(rel.source, "relplan");
  assert.match(rel.signature, /^[0-9a-f]{64}$/);
  assert.equal(legacy.signature, rel.signature);
  assert.deepEqual(legacy.canonical, rel.canonical);
  assert.equal(rel.canon_version, 1);
  assert.ok(rel.passes_fired.includes("merge_filters"));
  assert.match(rel.sql, /^WITH "_r0" AS \(SELECT /);
  assert.deepEqual(
    rel.lineage.find((l: { column: string }) => l.column === "callee_id").sources,
    [
      "calls.callee (join-key)",
      "calls.kind (filter)",
      "calls.score (filter)",
      "functions.function_id (value-derived)",
      "functions.name (join-key)",
    ],
  );
});

Deno.test("explain without a bundle shows the plan side and says where the SQL needs schemas", async () => {
  const r = await relgate(["explain", "migrations/cpg/relplans/defs_uses.json"], { cwd: ROOT });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^plan: cpg\.defs_uses \(RelPlan\) migrations\/cpg\/relplans\/defs_uses\.json\n/,
  );
  assert.match(r.stdout, /\nsignature: [0-9a-f]{64}\n/);
  assert.match(
    r.stdout,
    /\nsql:\n {2}\(give --bundle DIR: the SQL needs the datasets' schemas\)\n/,
  );
});
