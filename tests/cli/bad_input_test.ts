import assert from "node:assert/strict";
import { relgate } from "../_cli.ts";
import { legacyScan, makeBundle, minimalBundle, minimalManifest, relScan } from "../_fixtures.ts";

/** Each case: files overriding the minimal bundle, and the expected first error line. */
const CASES: [string, Record<string, unknown>, string][] = [
  [
    "wrong type",
    { "migration.json": minimalManifest({ rules: "none" }) },
    'migration.json: $.rules: expected array, got "none" [wrong-type]',
  ],
  [
    "unknown key",
    { "migration.json": minimalManifest({ polcy: {} }) },
    'migration.json: $.polcy: unknown key "polcy" [unknown-key]',
  ],
  [
    "missing file",
    { "relplans/a.json": undefined },
    "relplans/a.json: Cannot read relplans/a.json: no such file [missing-file]",
  ],
  [
    "path outside the bundle",
    {
      "migration.json": minimalManifest({
        datasets: { items: { path: "../../etc/passwd", format: "csv" } },
      }),
    },
    'migration.json: $.datasets["items"].path: path "../../etc/passwd" leaves the bundle folder [path-outside-bundle]',
  ],
  [
    "rule cycle",
    {
      "migration.json": minimalManifest({
        rules: [
          { name: "r.a", legacy: "legacy/a.json", output: "a" },
          { name: "r.b", legacy: "legacy/b.json", output: "b" },
        ],
      }),
      "legacy/a.json": legacyScan("b", "r.a"),
      "legacy/b.json": legacyScan("a", "r.b"),
    },
    "migration.json: $.rules: rules form a cycle: r.a -> r.b -> r.a [rule-cycle]",
  ],
  [
    "duplicate rule names",
    {
      "migration.json": minimalManifest({
        rules: [
          { name: "t.a", legacy: "legacy/a.json", output: "a" },
          { name: "t.a", legacy: "legacy/a.json", output: "b" },
        ],
      }),
    },
    'migration.json: $.rules[1].name: rule name "t.a" is already used by $.rules[0] [duplicate-rule]',
  ],
  [
    "duplicate output names",
    {
      "migration.json": minimalManifest({
        rules: [
          { name: "t.a", legacy: "legacy/a.json", output: "a" },
          { name: "t.b", legacy: "legacy/a.json", output: "a" },
        ],
      }),
    },
    'migration.json: $.rules[1].output: output "a" is already written by $.rules[0] [duplicate-output]',
  ],
  [
    "unknown function",
    {
      "relplans/a.json": {
        ...relScan("items"),
        ops: [{ op: "scan", dataset: "items" }, {
          op: "filter",
          predicate: { fn: "frob", args: [] },
        }],
      },
    },
    'relplans/a.json: $.ops[1].predicate.fn: unknown function "frob" [unknown-function]',
  ],
  [
    "wrong arity",
    {
      "relplans/a.json": {
        ...relScan("items"),
        ops: [{ op: "scan", dataset: "items" }, {
          op: "filter",
          predicate: { fn: "not", args: [] },
        }],
      },
    },
    "relplans/a.json: $.ops[1].predicate.args: not takes 1 argument(s), got 0 [wrong-arity]",
  ],
  [
    "unresolved column",
    {
      "relplans/a.json": {
        ...relScan("items"),
        ops: [{ op: "scan", dataset: "items", columns: ["id", "nmae"] }],
      },
    },
    'relplans/a.json: $.ops[0].columns[1]: unknown column "nmae" [unknown-column]',
  ],
  [
    "undeclared param",
    {
      "relplans/a.json": {
        ...relScan("items"),
        ops: [{
          op: "scan",
          dataset: "items",
          predicate: { fn: "eq", args: [{ col: "id" }, { param: "x" }] },
        }],
      },
    },
    'relplans/a.json: $.ops[0].predicate.args[1].param: param "x" is not declared [undeclared-param]',
  ],
  [
    "unbound param",
    {
      "relplans/a.json": {
        ...relScan("items"),
        params: { x: { type: "int64" } },
        ops: [{
          op: "scan",
          dataset: "items",
          predicate: { fn: "eq", args: [{ col: "id" }, { param: "x" }] },
        }],
      },
    },
    'relplans/a.json: $.params.x: param "x" has no value [unbound-param]',
  ],
];

for (const [name, overrides, first] of CASES) {
  Deno.test(`bad input: ${name} exits 2 naming the file and JSON path`, async () => {
    const files: Record<string, unknown> = { ...minimalBundle(), ...overrides };
    for (const [k, v] of Object.entries(files)) if (v === undefined) delete files[k];
    const dir = await makeBundle(files);
    const r = await relgate(["audit", dir]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.split("\n")[0], `relgate: error: ${first}`);
    assert.equal(r.stdout, "");
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
}
