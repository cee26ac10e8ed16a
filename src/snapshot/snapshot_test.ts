import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { tableDigest } from "../arrow/digest.ts";
import { RELGATE_CANON_VERSION } from "../canon/mod.ts";
import {
  buildSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  SNAPSHOT_KEYS,
  snapshotParam,
} from "./snapshot.ts";
import { fixtureInput, fixtureSnapshot, outputTable } from "./_test_fixtures.ts";

Deno.test("buildSnapshot: every field of the fixture rule", () => {
  const input = fixtureInput();
  const snap = fixtureSnapshot();
  assert.deepEqual(snap, {
    relgate_snapshot: 1,
    rule: "orders.big",
    bundle: "shop",
    relgate_version: "0.1.0",
    duckdb_version: "v1.5.5",
    canon_version: 1,
    signature: input.signature,
    rows: 3,
    digest_order: "ordered",
    // pinned in src/arrow/digest_test.ts; here: the digest of the output under the plan's ordering
    digest: tableDigest(input.table, input.canonical.ordering),
    schema: [
      { name: "id", type: "int64", nullable: false, metadata: { doc: "key", unit: "count" } },
      { name: "name", type: "utf8", nullable: true, metadata: {} },
    ],
    schema_metadata: {
      "relgate.ordering.keys": '[["id","asc"]]',
      "relgate.ordering.level": "explicit",
    },
    lineage: [
      {
        column: "id",
        sources: [
          { dataset: "orders", column: "id", kind: "value-direct" },
          { dataset: "orders", column: "id", kind: "filter" },
        ],
      },
      {
        column: "name",
        sources: [
          { dataset: "orders", column: "id", kind: "filter" },
          { dataset: "orders", column: "name", kind: "value-direct" },
        ],
      },
    ],
    sql: 'SELECT "id", "name" FROM "orders" WHERE CAST($1 AS BIGINT) < "id" ORDER BY "id" ASC',
    parameters: [{ type: "BIGINT", value: "1" }],
    plan: input.canonical,
  });
  assert.equal(SNAPSHOT_FORMAT_VERSION, 1);
  assert.equal(snap.canon_version, RELGATE_CANON_VERSION);
  assert.deepEqual([...SNAPSHOT_KEYS].sort(), Object.keys(snap).sort());
});

Deno.test("buildSnapshot: an explicit ordering argument wins over the plan's", () => {
  const unordered = fixtureSnapshot({ ordering: { level: "unordered" } });
  assert.equal(unordered.digest_order, "unordered");
  assert.equal(unordered.digest, tableDigest(outputTable(), { level: "unordered" }));
  assert.notEqual(unordered.digest, fixtureSnapshot().digest);
});

Deno.test("buildSnapshot: type strings of nested and parameterized types", () => {
  const fields = [
    new arrow.Field("l", new arrow.List(new arrow.Field("item", new arrow.Int32())), true),
    new arrow.Field(
      "s",
      new arrow.Struct([
        new arrow.Field("a", new arrow.Utf8()),
        new arrow.Field("b", new arrow.Float64()),
      ]),
      true,
    ),
    new arrow.Field("d", new arrow.Decimal(2, 10, 128), true),
    new arrow.Field("t", new arrow.TimestampMicrosecond("UTC"), true),
    new arrow.Field("day", new arrow.DateDay(), false),
  ];
  const schema = new arrow.Schema(fields);
  const table = new arrow.Table(schema);
  const snap = buildSnapshot({ ...fixtureInput(), table, lineage: {} });
  assert.deepEqual(snap.schema.map((f) => [f.name, f.type, f.nullable]), [
    ["l", "list<int32>", true],
    ["s", "struct<a: utf8, b: float64>", true],
    ["d", "decimal(10,2)", true],
    ["t", "timestamp[us, tz=UTC]", true],
    ["day", "date32", false],
  ]);
  assert.equal(snap.rows, 0);
  assert.deepEqual(snap.lineage, []);
  assert.deepEqual(snap.schema_metadata, {});
});

Deno.test("buildSnapshot: lineage follows the output column order, then other keys", () => {
  const edge = (column: string) => [{ dataset: "t", column, kind: "value-direct" as const }];
  const snap = fixtureSnapshot({ lineage: { extra: edge("x"), name: edge("n"), id: edge("i") } });
  assert.deepEqual(snap.lineage.map((l) => l.column), ["id", "name", "extra"]);
});

Deno.test("snapshotParam: every bound value kind as JSON", () => {
  const simple = (name: "BIGINT" | "DOUBLE" | "BLOB" | "DATE" | "TIMESTAMP" | "VARCHAR") =>
    ({ kind: "type_simple", name }) as const;
  const cases: [Parameters<typeof snapshotParam>[0], unknown][] = [
    [{ value: null, type: simple("VARCHAR") }, { type: "VARCHAR", value: null }],
    [{ value: "x", type: simple("VARCHAR") }, { type: "VARCHAR", value: "x" }],
    [{ value: true, type: { kind: "type_simple", name: "BOOLEAN" } }, {
      type: "BOOLEAN",
      value: true,
    }],
    [{ value: 1.5, type: simple("DOUBLE") }, { type: "DOUBLE", value: 1.5 }],
    [{ value: NaN, type: simple("DOUBLE") }, { type: "DOUBLE", value: "NaN" }],
    [{ value: -Infinity, type: simple("DOUBLE") }, { type: "DOUBLE", value: "-Infinity" }],
    [{ value: -9007199254740993n, type: simple("BIGINT") }, {
      type: "BIGINT",
      value: "-9007199254740993",
    }],
    [{ value: Uint8Array.of(0, 15, 255), type: simple("BLOB") }, { type: "BLOB", value: "000fff" }],
    [{ value: { kind: "date", days: 19724 }, type: simple("DATE") }, {
      type: "DATE",
      value: "2024-01-02",
    }],
    [{ value: { kind: "date", days: -1 }, type: simple("DATE") }, {
      type: "DATE",
      value: "1969-12-31",
    }],
    [{ value: { kind: "timestamp", micros: 1704164645123456n }, type: simple("TIMESTAMP") }, {
      type: "TIMESTAMP",
      value: "2024-01-02 03:04:05.123456",
    }],
    [{ value: { kind: "timestamp", micros: -1n }, type: simple("TIMESTAMP") }, {
      type: "TIMESTAMP",
      value: "1969-12-31 23:59:59.999999",
    }],
    [
      {
        value: { kind: "decimal", unscaled: -5n },
        type: { kind: "type_decimal", precision: 10, scale: 3 },
      },
      { type: "DECIMAL(10, 3)", value: "-0.005" },
    ],
    [
      {
        value: { kind: "decimal", unscaled: 12345n },
        type: { kind: "type_decimal", precision: 5, scale: 0 },
      },
      { type: "DECIMAL(5, 0)", value: "12345" },
    ],
    [
      {
        value: [{ kind: "date", days: 0 }, null],
        type: { kind: "type_list", item: simple("DATE") },
      },
      { type: "DATE[]", value: ["1970-01-01", null] },
    ],
  ];
  for (const [param, expected] of cases) assert.deepEqual(snapshotParam(param), expected);
});
