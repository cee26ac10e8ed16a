/** Exact SQL + parameters per node kind (Kysely-style), each also run through DuckDB. */
import assert from "node:assert/strict";
import { DuckDBInstance } from "@duckdb/node-api";
import * as q from "./sql_ast.ts";
import { quoteIdent, renderSql } from "./sql_render.ts";
import { bindings } from "./config.ts";
import { RelgateError } from "../errors.ts";

const instance = await DuckDBInstance.create(":memory:");
const conn = await instance.connect();
const BIGINT = q.simpleType("BIGINT");
const V = q.simpleType("VARCHAR");

async function runs(node: q.StatementNode): Promise<unknown[][]> {
  const { sql, parameters } = renderSql(node);
  const [values, types] = bindings(parameters);
  return (await conn.runAndReadAll(sql, values, types)).getRowsJS();
}

Deno.test("quoteIdent doubles quotes; any text is a name", () => {
  assert.equal(quoteIdent("a"), '"a"');
  assert.equal(quoteIdent('we"ird'), '"we""ird"');
  assert.equal(quoteIdent("select"), '"select"');
  assert.equal(quoteIdent("é 字; --"), '"é 字; --"');
  assert.throws(() => quoteIdent("a\u0000b"), RelgateError);
});

Deno.test("select with where, group by, order, limit: exact SQL and parameters", async () => {
  const node = q.select({
    with: [
      q.cte(
        "t",
        q.select({ columns: [q.selectItem(q.call("range", [q.param(5n, BIGINT)]), 'x"y')] }),
      ),
    ],
    columns: [
      q.selectItem(q.call("len", [q.col('x"y')]), "n"),
      q.selectItem(
        q.aggregate("count", [q.star()], {
          filter: q.binary(">", q.param(1n, BIGINT), q.param(0n, BIGINT)),
        }),
        "c",
      ),
    ],
    from: q.table("t"),
    where: q.binary("AND", q.isNull(q.col('x"y'), true), q.param(true, q.simpleType("BOOLEAN"))),
    groupBy: [q.call("len", [q.col('x"y')])],
    orderBy: [q.orderItem(q.col("n"), "DESC", "FIRST")],
    limit: q.param(10n, BIGINT),
  });
  const { sql, parameters } = renderSql(node);
  assert.equal(
    sql,
    'WITH "t" AS (SELECT range(CAST($1 AS BIGINT)) AS "x""y") SELECT len("x""y") AS "n", count(*) FILTER (WHERE (CAST($2 AS BIGINT) > CAST($3 AS BIGINT))) AS "c" FROM "t" WHERE (("x""y" IS NOT NULL) AND CAST($4 AS BOOLEAN)) GROUP BY len("x""y") ORDER BY "n" DESC NULLS FIRST LIMIT CAST($5 AS BIGINT)',
  );
  assert.deepEqual(parameters.map((p) => p.value), [5n, 1n, 0n, true, 10n]);
  assert.ok(Object.isFrozen(parameters));
  assert.deepEqual(await runs(node), [[5n, 1n]]);
});

Deno.test("keyed params share a placeholder; lists, casts, case, in, like, lambda, window", async () => {
  const p = q.param("a'b", V, "param:p");
  const node = q.select({
    columns: [
      q.selectItem(q.binary("||", p, p), "twice"),
      q.selectItem(q.param(["x", null], q.listType(V)), "l"),
      q.selectItem(q.cast(q.nullNode(), q.decimalType(10, 2)), "d"),
      q.selectItem(
        q.caseWhen(
          [q.when(q.param(false, q.simpleType("BOOLEAN")), q.param(1n, BIGINT))],
          q.param(2n, BIGINT),
        ),
        "c",
      ),
      q.selectItem(q.inList(q.param(2n, BIGINT), [q.param(1n, BIGINT), q.param(2n, BIGINT)]), "i"),
      q.selectItem(q.like(q.param("a_c", V), q.param("a\\_c", V), q.param("\\", V)), "lk"),
      q.selectItem(
        q.call("list_transform", [
          q.listExpr([q.param(1n, BIGINT)]),
          q.lambda(["v"], q.binary("+", q.col("v"), q.param(1n, BIGINT))),
        ]),
        "lt",
      ),
      q.selectItem(q.windowCall("row_number", [], [], []), "rn"),
      q.selectItem(q.cast(q.param("7", V), q.simpleType("INTEGER"), true), "tc"),
    ],
  });
  const { sql, parameters } = renderSql(node);
  assert.equal(
    sql,
    'SELECT (CAST($1 AS VARCHAR) || CAST($1 AS VARCHAR)) AS "twice", CAST($2 AS VARCHAR[]) AS "l", CAST(NULL AS DECIMAL(10, 2)) AS "d", CASE WHEN CAST($3 AS BOOLEAN) THEN CAST($4 AS BIGINT) ELSE CAST($5 AS BIGINT) END AS "c", (CAST($6 AS BIGINT) IN (CAST($7 AS BIGINT), CAST($8 AS BIGINT))) AS "i", (CAST($9 AS VARCHAR) LIKE CAST($10 AS VARCHAR) ESCAPE CAST($11 AS VARCHAR)) AS "lk", list_transform([CAST($12 AS BIGINT)], (lambda "v": ("v" + CAST($13 AS BIGINT)))) AS "lt", row_number() OVER () AS "rn", TRY_CAST(CAST($14 AS VARCHAR) AS INTEGER) AS "tc"',
  );
  assert.equal(parameters.length, 14);
  assert.deepEqual(await runs(node), [["a'ba'b", ["x", null], null, 2n, true, true, [2n], 1n, 7]]);
});

Deno.test("joins, set operations, statements", async () => {
  const t = (v: bigint, alias: string) =>
    q.subquery(q.select({ columns: [q.selectItem(q.param(v, BIGINT), "k")] }), alias);
  const j = q.select({
    columns: [q.selectItem(q.col("k", "a")), q.selectItem(q.col("k", "b"), "k2")],
    from: q.join("LEFT", t(1n, "a"), t(2n, "b"), q.binary("=", q.col("k", "a"), q.col("k", "b"))),
  });
  assert.equal(
    renderSql(j).sql,
    'SELECT "a"."k", "b"."k" AS "k2" FROM (SELECT CAST($1 AS BIGINT) AS "k") AS "a" LEFT JOIN (SELECT CAST($2 AS BIGINT) AS "k") AS "b" ON ("a"."k" = "b"."k")',
  );
  assert.deepEqual(await runs(j), [[1n, null]]);
  const u = q.setOp("UNION ALL BY NAME", [
    q.select({ columns: [q.selectItem(q.param(1n, BIGINT), "a")] }),
    q.select({ columns: [q.selectItem(q.param(2n, BIGINT), "a")] }),
  ]);
  assert.equal(
    renderSql(u).sql,
    '(SELECT CAST($1 AS BIGINT) AS "a") UNION ALL BY NAME (SELECT CAST($2 AS BIGINT) AS "a")',
  );
  assert.deepEqual(await runs(u), [[1n], [2n]]);
  const ct = q.createTable('t"1', [
    q.columnDef("x", BIGINT, false),
    q.columnDef("s", q.structType([{ name: "a b", type: q.listType(V) }])),
  ], { temp: true });
  assert.equal(
    renderSql(ct).sql,
    'CREATE TEMP TABLE "t""1" ("x" BIGINT NOT NULL, "s" STRUCT("a b" VARCHAR[]))',
  );
  await runs(ct);
  const ca = q.createAs(
    "TABLE",
    "t2",
    q.select({ columns: [q.selectItem(q.param(1n, BIGINT), "x")] }),
    { orReplace: true },
  );
  assert.equal(
    renderSql(ca).sql,
    'CREATE OR REPLACE TABLE "t2" AS SELECT CAST($1 AS BIGINT) AS "x"',
  );
  await runs(ca);
  const set = q.set("threads", q.param(1n, BIGINT));
  assert.equal(renderSql(set).sql, "SET threads = $1");
  await runs(set);
  assert.equal(renderSql(q.drop("TABLE", "t2")).sql, 'DROP TABLE IF EXISTS "t2"');
  await runs(q.drop("TABLE", "t2"));
  const d = q.describe(q.select({ columns: [q.selectItem(q.param(1n, BIGINT), "x")] }));
  assert.equal(renderSql(d).sql, 'DESCRIBE SELECT CAST($1 AS BIGINT) AS "x"');
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  const copy = q.copyTo(
    q.select({ columns: [q.selectItem(q.param(1n, BIGINT), "x")] }),
    q.param(path, V),
    [q.copyOption("format", q.param("csv", V))],
  );
  assert.equal(renderSql(copy).sql, 'COPY (SELECT CAST($1 AS BIGINT) AS "x") TO $2 (FORMAT $3)');
  await runs(copy);
  assert.equal(await Deno.readTextFile(path), "x\n1\n");
  const tf = q.select({
    columns: [q.selectItem(q.star())],
    from: q.tableFunction("read_csv", [q.param(path, V)], [
      q.namedArg("header", q.param(true, q.simpleType("BOOLEAN"))),
    ], "r"),
  });
  assert.equal(renderSql(tf).sql, 'SELECT * FROM read_csv($1, header = $2) AS "r"');
  assert.deepEqual(await runs(tf), [[1n]]);
});

Deno.test("unsupported constructs fail instead of emitting wrong SQL", () => {
  assert.throws(
    () => renderSql(q.select({ columns: [q.selectItem(q.call("x(); DROP TABLE t; --", []))] })),
    /not a plain SQL keyword/,
  );
  assert.throws(
    () => renderSql(q.set("threads; DROP", q.param(1n, BIGINT))),
    /not a plain SQL keyword/,
  );
  assert.throws(() => renderSql(q.set("threads", q.col("x"))), /only a bound value/);
  assert.throws(
    () =>
      renderSql(q.select({ columns: [q.selectItem(q.cast(q.nullNode(), q.decimalType(40, 2)))] })),
    /DECIMAL\(40, 2\)/,
  );
  assert.throws(() => renderSql(q.createTable("t", [])), /without columns/);
});
