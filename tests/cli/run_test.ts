import assert from "node:assert/strict";
import { join } from "node:path";
import { readArrowFile } from "../../src/arrow/ipc.ts";
import { diffOutputs } from "../../src/diff/output_diff.ts";
import { relgate } from "../_cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("run writes the same rows from both lanes (upstream rules run first)", async () => {
  const dir = await Deno.makeTempDir();
  const out = (lane: string) => join(dir, `${lane}.arrow`);
  for (const lane of ["legacy", "new"]) {
    const r = await relgate([
      "run",
      "migrations/cpg/legacy/calls_per_caller.json",
      "--bundle",
      "migrations/cpg",
      "--lane",
      lane,
      "--out",
      out(lane),
    ], { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `wrote 13 rows to ${out(lane)}\n`);
  }
  // Float sums differ in the last bits (summation order), as the rule's tolerance allows.
  const d = diffOutputs(await readArrowFile(out("legacy")), await readArrowFile(out("new")), {
    ordering: { level: "unordered" },
    key: ["caller_id"],
    tolerance: { abs: 1e-9, rel: 0 },
  });
  assert.deepEqual(d.rows, {
    legacy: 13,
    new: 13,
    equal: 13,
    only_legacy: 0,
    only_new: 0,
    changed: 0,
  });
});

Deno.test("run rejects a RelPlan on the legacy lane and an unknown extension, writing nothing", async () => {
  const dir = await Deno.makeTempDir();
  const a = await relgate([
    "run",
    "migrations/cpg/relplans/edges_calls.json",
    "--bundle",
    "migrations/cpg",
    "--lane",
    "legacy",
    "--out",
    join(dir, "x.arrow"),
  ], { cwd: ROOT });
  assert.equal(a.code, 2);
  assert.match(
    a.stderr,
    /the legacy lane runs legacy plans \(pipeline_ops\), not RelPlans \[usage\]/,
  );
  const b = await relgate([
    "run",
    "migrations/cpg/relplans/edges_calls.json",
    "--bundle",
    "migrations/cpg",
    "--lane",
    "new",
    "--out",
    join(dir, "x.xlsx"),
  ], { cwd: ROOT });
  assert.equal(b.code, 2);
  assert.match(b.stderr, /unknown extension "\.xlsx" \[bad-output\]/);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
});
