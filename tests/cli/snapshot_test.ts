import assert from "node:assert/strict";
import { join } from "node:path";
import { relgate } from "../_cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A copy of the cpg bundle in a temp folder (cwd), with its own snapshots folder. */
async function workspace(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "relgate_snap_" });
  const cp = await new Deno.Command("cp", { args: ["-r", join(ROOT, "migrations"), dir] }).output();
  assert.equal(cp.code, 0);
  return dir;
}

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, rel: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p, `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = await Deno.readTextFile(p);
    }
  };
  try {
    await walk(dir, "");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}

const NO_CI = { CI: "" };

Deno.test("insta-like flow: update, change a RelPlan, check fails and writes .new, accept, check passes", async () => {
  const ws = await workspace();
  const run = (args: string[], env: Record<string, string> = NO_CI) =>
    relgate(args, { cwd: ws, env });
  const up = await run(["snapshot", "migrations/cpg", "--update"]);
  assert.equal(up.code, 0, up.stderr);
  assert.equal(up.stdout, "cpg: wrote 8 snapshot(s)\n");
  // the committed golden snapshots are what --update writes
  assert.deepEqual(await tree(join(ws, "snapshots")), await tree(join(ROOT, "snapshots")));
  assert.equal((await run(["check", "migrations/cpg"])).code, 0);

  const plan = join(ws, "migrations/cpg/relplans/units_ranked.json");
  // A redundant predicate: the output stays the same, the plan (and so the snapshot) changes.
  const json = JSON.parse(await Deno.readTextFile(plan));
  json.ops[0].predicate = {
    fn: "and",
    args: [json.ops[0].predicate, { fn: "is_not_null", args: [{ col: "unit_id" }] }],
  };
  await Deno.writeTextFile(plan, JSON.stringify(json));
  const check = await run(["check", "migrations/cpg"]);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /^changed +cpg\.units_ranked$/m);
  assert.match(check.stdout, /check: FAILED\n$/);
  const pending = join(ws, "snapshots/cpg/cpg.units_ranked.snap.json.new");
  assert.ok((await Deno.stat(pending)).isFile);

  // --ci never writes: the snapshots folder is byte-identical before and after
  await Deno.remove(pending);
  const before = await tree(join(ws, "snapshots"));
  const ci = await run(["check", "migrations/cpg", "--ci"]);
  assert.equal(ci.code, 1);
  const ciEnv = await run(["check", "migrations/cpg"], { CI: "true" });
  assert.equal(ciEnv.code, 1);
  assert.deepEqual(await tree(join(ws, "snapshots")), before);

  // the gate sees the drift
  const gate = await run(["gate", "migrations/cpg", "--format", "json"]);
  assert.equal(gate.code, 1);
  const rule = JSON.parse(gate.stdout).bundles[0].rules.find((r: { name: string }) =>
    r.name === "cpg.units_ranked"
  );
  assert.equal(rule.verdict, "drifted");

  const accept = await run(["snapshot", "migrations/cpg", "--accept"]);
  assert.equal(accept.code, 0, accept.stderr);
  assert.equal(accept.stdout, "cpg: accepted 1 pending snapshot(s)\n  cpg.units_ranked\n");
  assert.equal((await run(["check", "migrations/cpg"])).code, 0);
});

Deno.test("obsolete snapshots are reported, and removed by a complete --update", async () => {
  const ws = await workspace();
  const run = (args: string[]) => relgate(args, { cwd: ws, env: NO_CI });
  assert.equal((await run(["snapshot", "migrations/cpg", "--update"])).code, 0);
  const stale = join(ws, "snapshots/cpg/cpg.gone.snap.json");
  await Deno.copyFile(join(ws, "snapshots/cpg/cpg.defs_uses.snap.json"), stale);
  const check = await run(["check", "migrations/cpg"]);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /obsolete snapshot snapshots\/cpg\/cpg\.gone\.snap\.json/);
  // a partial run (--rule) never removes it
  await run(["snapshot", "migrations/cpg", "--update", "--rule", "cpg.defs_uses"]);
  assert.ok((await Deno.stat(stale)).isFile);
  const up = await run(["snapshot", "migrations/cpg", "--update"]);
  assert.equal(up.stdout, "cpg: wrote 8 snapshot(s), removed 1 obsolete\n  removed cpg.gone\n");
  await assert.rejects(Deno.stat(stale), Deno.errors.NotFound);
});

Deno.test("a corrupt snapshot is a clear error naming the file (exit 2)", async () => {
  const ws = await workspace();
  const run = (args: string[]) => relgate(args, { cwd: ws, env: NO_CI });
  assert.equal((await run(["snapshot", "migrations/cpg", "--update"])).code, 0);
  await Deno.writeTextFile(
    join(ws, "snapshots/cpg/cpg.defs_uses.snap.json"),
    '{"relgate_snapshot": 1,',
  );
  const r = await run(["check", "migrations/cpg"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^relgate: error: snapshots\/cpg\/cpg\.defs_uses\.snap\.json: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
