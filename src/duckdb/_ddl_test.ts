import assert from "node:assert/strict";
import {
  BIGINT,
  DECIMAL,
  DuckDBInstance,
  LIST,
  STRUCT,
  TIMESTAMPTZ,
  VARCHAR,
} from "@duckdb/node-api";
import { _createTableSql, _dropTableSql } from "./_ddl.ts";

Deno.test("_createTableSql quotes identifiers, doubling embedded quotes", () => {
  assert.equal(
    _createTableSql('a"b', [
      { name: 'x"; DROP TABLE y; --', type: BIGINT, nullable: false },
      { name: "s", type: STRUCT({ 'k"k': LIST(VARCHAR), "n": DECIMAL(12, 2) }), nullable: true },
      { name: "t", type: TIMESTAMPTZ, nullable: true },
    ]),
    'CREATE TABLE "a""b" ("x""; DROP TABLE y; --" BIGINT NOT NULL, ' +
      '"s" STRUCT("k""k" VARCHAR[], "n" DECIMAL(12, 2)), "t" TIMESTAMPTZ)',
  );
  assert.equal(_dropTableSql('q"'), 'DROP TABLE IF EXISTS "q"""');
});

Deno.test("_createTableSql output runs on DuckDB and creates exactly the named columns", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    await c.run(
      _createTableSql('we"ird', [{ name: 'x"; --', type: LIST(LIST(BIGINT)), nullable: true }]),
    );
    // Literal SQL in a test (exempt): read the catalog back.
    const r = await c.runAndReadAll(
      "SELECT table_name, column_name, data_type FROM information_schema.columns",
    );
    assert.deepStrictEqual(r.getRowsJS(), [['we"ird', 'x"; --', "BIGINT[][]"]]);
    await c.run(_dropTableSql('we"ird'));
    const n = await c.runAndReadAll("SELECT count(*) FROM information_schema.tables");
    assert.deepStrictEqual(n.getRowsJS(), [[0n]]);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
});
