import assert from "node:assert/strict";
import { join } from "node:path";
import { RelgateError } from "../errors.ts";
import { fixtureSnapshot } from "./_test_fixtures.ts";
import {
  parseSnapshot,
  pendingPath,
  readSnapshot,
  serializeSnapshot,
  snapshotPath,
  writeSnapshot,
} from "./snapshot_file.ts";

function expectedText(signature: string, digest: string): string {
  return `{
  "relgate_snapshot": 1,
  "rule": "orders.big",
  "bundle": "shop",
  "relgate_version": "0.1.0",
  "duckdb_version": "v1.5.5",
  "canon_version": 1,
  "signature": "${signature}",
  "rows": 3,
  "digest_order": "ordered",
  "digest": "${digest}",
  "schema": [
    {
      "name": "id",
      "type": "int64",
      "nullable": false,
      "metadata": {"doc": "key", "unit": "count"}
    },
    {"name": "name", "type": "utf8", "nullable": true, "metadata": {}}
  ],
  "schema_metadata": {
    "relgate.ordering.keys": "[[\\"id\\",\\"asc\\"]]",
    "relgate.ordering.level": "explicit"
  },
  "lineage": [
    {
      "column": "id",
      "sources": [
        {"kind": "value-direct", "dataset": "orders", "column": "id"},
        {"kind": "filter", "dataset": "orders", "column": "id"}
      ]
    },
    {
      "column": "name",
      "sources": [
        {"kind": "filter", "dataset": "orders", "column": "id"},
        {"kind": "value-direct", "dataset": "orders", "column": "name"}
      ]
    }
  ],
  "sql": "SELECT \\"id\\", \\"name\\" FROM \\"orders\\" WHERE CAST($1 AS BIGINT) < \\"id\\" ORDER BY \\"id\\" ASC",
  "parameters": [{"type": "BIGINT", "value": "1"}],
  "plan": {
    "relplan": 1,
    "params": {"min_id": {"type": "int64"}},
    "ops": [
      {
        "op": "scan",
        "dataset": "orders",
        "columns": ["name", "id"],
        "predicate": {"fn": "lt", "args": [{"param": "min_id"}, {"col": "id"}]}
      }
    ],
    "ordering": {"keys": [["id", "asc"]], "level": "explicit"}
  }
}
`;
}

/** The RelgateError `f` throws (fails when it throws something else or nothing). */
function relgateErrorOf(f: () => unknown): RelgateError {
  try {
    f();
  } catch (e) {
    if (e instanceof RelgateError) return e;
    throw e;
  }
  assert.fail("expected a RelgateError");
}

const FILE = "snapshots/shop/orders.big.snap.json";

/** The fixture's file text with one top-level key replaced (or removed when value is undefined). */
function edited(key: string, value: unknown): string {
  const obj = JSON.parse(serializeSnapshot(fixtureSnapshot()));
  if (value === undefined) delete obj[key];
  else obj[key] = value;
  return JSON.stringify(obj);
}

Deno.test("serializeSnapshot: exact bytes of the fixture snapshot", () => {
  const snap = fixtureSnapshot();
  assert.equal(serializeSnapshot(snap), expectedText(snap.signature, snap.digest));
});

Deno.test("parseSnapshot: round trip to the same value and the same bytes", () => {
  const snap = fixtureSnapshot();
  const text = serializeSnapshot(snap);
  const back = parseSnapshot(text, FILE);
  assert.deepEqual(back, snap);
  assert.equal(serializeSnapshot(back), text);
});

Deno.test("writeSnapshot + readSnapshot: round trip through a file (exact bytes)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const snap = fixtureSnapshot();
    const path = snapshotPath(dir, "shop", "orders.big");
    assert.equal(path, join(dir, "shop", "orders.big.snap.json"));
    await writeSnapshot(path, snap);
    assert.equal(await Deno.readTextFile(path), expectedText(snap.signature, snap.digest));
    assert.deepEqual(await readSnapshot(path), snap);
    assert.equal(await readSnapshot(join(dir, "shop", "nope.snap.json")), undefined);
    // only the snapshot itself is left in the folder (no temp files)
    const names = [];
    for await (const e of Deno.readDir(join(dir, "shop"))) names.push(e.name);
    assert.deepEqual(names, ["orders.big.snap.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("snapshotPath / pendingPath: layout and rejected names", () => {
  assert.equal(snapshotPath("snapshots", "cpg", "a.b-c_d"), "snapshots/cpg/a.b-c_d.snap.json");
  assert.equal(pendingPath("pending", "cpg", "r"), "pending/cpg/r.snap.json.new");
  for (const [bundle, rule] of [["a/b", "r"], ["b", ".."], ["..", "r"], ["b", ""], ["b", "x\\y"]]) {
    const e = relgateErrorOf(() => snapshotPath("s", bundle!, rule!));
    assert.equal(e.code, "invalid-snapshot-name");
  }
});

Deno.test("parseSnapshot: x- keys are kept and ignored", () => {
  const snap = parseSnapshot(edited("x-note", "reviewed"), FILE);
  assert.equal((snap as unknown as Record<string, unknown>)["x-note"], "reviewed");
  assert.ok(serializeSnapshot(snap).endsWith(`  "x-note": "reviewed"\n}\n`));
});

Deno.test("parseSnapshot: an older canon version parses (even with an old plan shape)", () => {
  const obj = JSON.parse(serializeSnapshot(fixtureSnapshot()));
  obj.canon_version = 0;
  obj.plan = { relplan: 1, ops: [{ op: "retired_op" }] };
  const snap = parseSnapshot(JSON.stringify(obj), FILE);
  assert.equal(snap.canon_version, 0);
});

Deno.test("parseSnapshot: corrupt or hand-edited files are RelgateErrors naming the file", () => {
  const cases: [string, string, string, string][] = [
    // text, code, JSON path, message start
    ['{"relgate_snapshot": 1,', "malformed-json", "$", "Cannot parse JSON at line 1, column 24"],
    ["[1, 2]", "invalid-snapshot", "$", "Cannot read snapshot: not a JSON object"],
    [
      '{"rule": "r"}',
      "invalid-snapshot",
      "$.relgate_snapshot",
      "Cannot read snapshot: not a relgate",
    ],
    [
      edited("relgate_snapshot", 2),
      "snapshot-version",
      "$.relgate_snapshot",
      "Cannot read snapshot: format version 2",
    ],
    [
      edited("canon_version", 99),
      "snapshot-version",
      "$.canon_version",
      "Cannot read snapshot: unknown canon version 99",
    ],
    [edited("canon_version", 1.5), "wrong-type", "$.canon_version", "Cannot read snapshot: "],
    [edited("rows", "3"), "wrong-type", "$.rows", "Cannot read snapshot: expected number"],
    [
      edited("digest", "abc"),
      "wrong-type",
      "$.digest",
      "Cannot read snapshot: expected 64 lowercase hex",
    ],
    [
      edited("sql", undefined),
      "missing-key",
      "$.sql",
      'Cannot read snapshot: missing required key "sql"',
    ],
    [
      edited("surprise", 1),
      "unknown-key",
      "$.surprise",
      'Cannot read snapshot: unknown key "surprise"',
    ],
    [
      edited("digest_order", "sorted"),
      "invalid-value",
      "$.digest_order",
      "Cannot read snapshot: must be one of",
    ],
    [
      edited("schema", [{ name: "x", type: "int65", nullable: true, metadata: {} }]),
      "unknown-type",
      "$.schema[0].type",
      "Cannot read snapshot: expected an Arrow type string",
    ],
    [
      edited("plan", {
        relplan: 1,
        params: {},
        ops: [{ op: "teleport" }],
        ordering: { level: "unordered" },
      }),
      "unknown-op",
      "$.plan.ops[0].op",
      'Cannot read snapshot: unknown op "teleport"',
    ],
  ];
  for (const [text, code, path, start] of cases) {
    const e = relgateErrorOf(() => parseSnapshot(text, FILE));
    const p = e.problems[0]!;
    assert.deepEqual([p.code, p.file, p.path], [code, FILE, path], text);
    assert.ok(p.message.startsWith(start), `${p.message} should start with ${start}`);
    assert.ok(p.hint !== undefined && p.hint.length > 0);
  }
});

Deno.test("readSnapshot: a corrupt file is a RelgateError naming the file given", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "r.snap.json");
    await Deno.writeTextFile(path, "not json");
    await assert.rejects(
      () => readSnapshot(path, { file: "snapshots/b/r.snap.json" }),
      (e: unknown) =>
        e instanceof RelgateError && e.problems[0]!.file === "snapshots/b/r.snap.json" &&
        e.code === "malformed-json",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
