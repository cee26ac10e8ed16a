import assert from "node:assert/strict";
import { join } from "node:path";
import { relgate } from "../_cli.ts";
import { makeBundle } from "../_fixtures.ts";

Deno.test("--help lists the commands and exits 0", async () => {
  const r = await relgate(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^relgate \d+\.\d+\.\d+ - /);
  assert.match(r.stdout, /\n {2}migrate +lift a legacy plan/);
  assert.equal(r.stderr, "");
});

Deno.test("<command> --help shows the usage and options", async () => {
  const r = await relgate(["migrate", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: relgate migrate LEGACY.json \[--out FILE\]\n/);
  assert.match(r.stdout, /--out FILE/);
});

Deno.test("unknown command and unknown option exit 2 with one clear line", async () => {
  const a = await relgate(["frobnicate"]);
  assert.equal(a.code, 2);
  assert.match(
    a.stderr,
    /^relgate: error: unknown command "frobnicate" \[usage\]\n {2}hint: commands: /,
  );
  const b = await relgate(["migrate", "--bogus"]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /^relgate: error: migrate: Unknown option '--bogus'/);
  assert.doesNotMatch(a.stderr + b.stderr, /\n\s+at /);
});

Deno.test("migrate lifts a legacy plan; malformed JSON and unknown functions exit 2 with file and path", async () => {
  const dir = await makeBundle({
    "ok.json": {
      name: "p",
      pipeline_ops: [{
        kind: "scan",
        dataset: "d",
        filter: { call: "greater", args: [{ field: "x" }, { scalar: 1 }] },
      }],
    },
    "bad.json": '{"name": "p",\n "pipeline_ops": [}',
    "unknown.json": {
      name: "p",
      pipeline_ops: [{ kind: "scan", dataset: "d" }, {
        kind: "filter",
        expression: { call: "nope", args: [] },
      }],
    },
    "kind.json": {
      name: "p",
      pipeline_ops: [{ kind: "scan", dataset: "d" }, { kind: "teleport" }],
    },
  });
  const ok = await relgate(["migrate", "ok.json"], { cwd: dir });
  assert.equal(ok.code, 0);
  assert.equal(
    ok.stdout,
    '{\n  "relplan": 1,\n  "name": "p",\n  "ops": [\n    {\n      "op": "scan",\n      "dataset": "d",\n' +
      '      "predicate": {"fn": "gt", "args": [{"col": "x"}, {"lit": 1}]}\n    }\n  ],\n' +
      '  "ordering": {"level": "unordered"}\n}\n',
  );
  const out = await relgate(["migrate", "ok.json", "--out", "out/p.json"], { cwd: dir });
  assert.equal(out.code, 0);
  assert.equal(await Deno.readTextFile(join(dir, "out/p.json")), ok.stdout);

  const bad = await relgate(["migrate", "bad.json"], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /^relgate: error: bad\.json: \$: Cannot parse JSON at line 2, column 19: unexpected "}", expected a value/,
  );
  const unknown = await relgate(["migrate", "unknown.json"], { cwd: dir });
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /^relgate: error: unknown\.json: \$\.pipeline_ops\[1\]\.expression\.call: unknown function "nope" \[unknown-function\]/,
  );
  const kind = await relgate(["migrate", "kind.json"], { cwd: dir });
  assert.equal(kind.code, 2);
  assert.match(
    kind.stderr,
    /kind\.json: \$\.pipeline_ops\[1\]\.kind: unknown kind "teleport" \[unknown-kind\]/,
  );
  const missing = await relgate(["migrate", "nothere.json"], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /nothere\.json: Cannot read nothere\.json: no such file \[missing-file\]/,
  );
});

Deno.test("init scaffolds a bundle that loads, and refuses a non-empty folder", async () => {
  const root = await Deno.makeTempDir();
  const r = await relgate(["init", "b"], { cwd: root });
  assert.equal(r.code, 0);
  const lifted = await relgate(["migrate", "b/legacy/items_priced.json"], { cwd: root });
  assert.equal(lifted.stdout, await Deno.readTextFile(join(root, "b/relplans/items_priced.json")));
  // the scaffold is a working bundle: record its snapshot, then the gate opens
  assert.equal((await relgate(["snapshot", "b", "--update"], { cwd: root })).code, 0);
  const gate = await relgate(["gate", "b", "--format", "json"], { cwd: root });
  assert.equal(gate.code, 0, gate.stderr);
  assert.equal(JSON.parse(gate.stdout).bundles[0].rules[0].verdict, "identical");
  const again = await relgate(["init", "b"], { cwd: root });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /the folder is not empty \[exists\]/);
});
