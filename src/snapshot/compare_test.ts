import assert from "node:assert/strict";
import {
  COMPARED_FIELDS,
  compareSnapshot,
  INFORMATIONAL_FIELDS,
  renderSnapshotDiff,
  rerecordCommand,
} from "./compare.ts";
import type { Snapshot } from "./snapshot.ts";
import { SNAPSHOT_KEYS } from "./snapshot.ts";
import { fixtureSnapshot, outputTable } from "./_test_fixtures.ts";

const old = fixtureSnapshot();

/** A value different from `v` of the same shape. */
const CHANGES: { readonly [K in typeof COMPARED_FIELDS[number]]: (s: Snapshot) => Snapshot[K] } = {
  rule: () => "orders.small",
  bundle: () => "shop2",
  signature: () => "f".repeat(64),
  rows: (s) => s.rows + 1,
  digest_order: () => "unordered",
  digest: () => "0".repeat(64),
  schema: (s) => [s.schema[0]!, { ...s.schema[1]!, nullable: false }],
  schema_metadata: () => ({ "relgate.ordering.level": "unordered" }),
  lineage: (s) => [s.lineage[0]!],
  sql: (s) => s.sql + " LIMIT 1",
  parameters: () => [{ type: "BIGINT", value: "2" }],
  plan: (s) => ({ ...s.plan, ordering: { level: "unordered" } }),
};

Deno.test("compareSnapshot: equal snapshots match", () => {
  assert.deepEqual(compareSnapshot(old, fixtureSnapshot()), { status: "match", fields: [] });
});

Deno.test("compareSnapshot: each compared field is detected on its own", () => {
  for (const field of COMPARED_FIELDS) {
    const fresh = { ...old, [field]: CHANGES[field](old) } as Snapshot;
    assert.deepEqual(compareSnapshot(old, fresh), { status: "changed", fields: [field] }, field);
  }
});

Deno.test("compareSnapshot: every snapshot key is compared, informational, or a version", () => {
  const known = new Set<string>([
    ...COMPARED_FIELDS,
    ...INFORMATIONAL_FIELDS,
    "relgate_snapshot",
    "canon_version",
  ]);
  assert.deepEqual(SNAPSHOT_KEYS.filter((k) => !known.has(k)), []);
  assert.equal(known.size, SNAPSHOT_KEYS.length);
});

Deno.test("compareSnapshot: several fields at once, in file order", () => {
  const fresh = fixtureSnapshot({ table: outputTable([2n, 3n, 5n, 7n]) });
  assert.deepEqual(compareSnapshot(old, fresh), { status: "changed", fields: ["rows", "digest"] });
});

Deno.test("compareSnapshot: informational fields never decide drift", () => {
  const fresh = { ...old, relgate_version: "9.0.0", duckdb_version: "v2.0.0" };
  assert.deepEqual(compareSnapshot(old, fresh), { status: "match", fields: [] });
});

Deno.test("compareSnapshot: key order inside structured fields does not matter", () => {
  const reordered = {
    ...old,
    plan: Object.fromEntries(Object.entries(old.plan).reverse()) as Snapshot["plan"],
    schema: old.schema.map((f) => ({
      metadata: f.metadata,
      nullable: f.nullable,
      type: f.type,
      name: f.name,
    })),
  };
  assert.deepEqual(compareSnapshot(old, reordered), { status: "match", fields: [] });
});

Deno.test("compareSnapshot: an older canon version or format is re-record, not drift", () => {
  const older = { ...old, canon_version: 0, rows: 99 };
  assert.deepEqual(compareSnapshot(older, old), { status: "re-record", fields: ["canon_version"] });
  const newer = { ...old, canon_version: 2 };
  assert.deepEqual(compareSnapshot(old, newer), { status: "re-record", fields: ["canon_version"] });
  const format = { ...old, relgate_snapshot: 0 };
  assert.deepEqual(compareSnapshot(format, old), {
    status: "re-record",
    fields: ["relgate_snapshot"],
  });
});

Deno.test("rerecordCommand: the command to re-record one rule", () => {
  assert.equal(rerecordCommand("cpg.edges"), "relgate snapshot --update --rule cpg.edges");
});

Deno.test("renderSnapshotDiff: scalar fields and informational changes", () => {
  const fresh = fixtureSnapshot({ table: outputTable([2n, 3n, 5n, 7n]), relgateVersion: "0.2.0" });
  assert.equal(
    renderSnapshotDiff(old, fresh),
    [
      'snapshot of rule "orders.big" (bundle "shop") changed: rows, digest',
      "rows:",
      "  - 3",
      "  + 4",
      "digest:",
      `  - ${old.digest}`,
      `  + ${fresh.digest}`,
      "not compared (informational):",
      "  relgate_version: 0.1.0 -> 0.2.0",
    ].join("\n"),
  );
});

Deno.test("renderSnapshotDiff: structured fields as line diffs with context", () => {
  const fresh = {
    ...old,
    schema: [{ ...old.schema[0]!, type: "int32" }, old.schema[1]!],
    sql: old.sql.replace("ASC", "DESC"),
  };
  assert.equal(
    renderSnapshotDiff(old, fresh),
    [
      'snapshot of rule "orders.big" (bundle "shop") changed: schema, sql',
      "schema:",
      "    ...",
      "      {",
      '        "name": "id",',
      '  -     "type": "int64",',
      '  +     "type": "int32",',
      '        "nullable": false,',
      '        "metadata": {"doc": "key", "unit": "count"}',
      "    ...",
      "sql:",
      '  - SELECT "id", "name" FROM "orders" WHERE CAST($1 AS BIGINT) < "id" ORDER BY "id" ASC',
      '  + SELECT "id", "name" FROM "orders" WHERE CAST($1 AS BIGINT) < "id" ORDER BY "id" DESC',
    ].join("\n"),
  );
});

Deno.test("renderSnapshotDiff: a plan change shows only the changed lines", () => {
  const fresh = { ...old, plan: { ...old.plan, ordering: { level: "unordered" as const } } };
  assert.equal(
    renderSnapshotDiff(old, fresh),
    [
      'snapshot of rule "orders.big" (bundle "shop") changed: plan',
      "plan:",
      "    ...",
      "        }",
      "      ],",
      '  -   "ordering": {"keys": [["id", "asc"]], "level": "explicit"}',
      '  +   "ordering": {"level": "unordered"}',
      "    }",
    ].join("\n"),
  );
});

Deno.test("renderSnapshotDiff: re-record and match", () => {
  assert.equal(
    renderSnapshotDiff({ ...old, canon_version: 0 }, old),
    'snapshot of rule "orders.big" (bundle "shop") was recorded with canon version 0; this ' +
      "relgate uses canon version 1: re-record it with `relgate snapshot --update --rule orders.big`",
  );
  assert.equal(
    renderSnapshotDiff(old, { ...old, duckdb_version: "v1.6.0" }),
    'snapshot of rule "orders.big" (bundle "shop") matches\n' +
      "not compared (informational):\n  duckdb_version: v1.5.5 -> v1.6.0",
  );
});
