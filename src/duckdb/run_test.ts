/**
 * runRelPlan, datasets and writers end to end, and bad input: wrong param
 * types, missing or corrupt files, schema contradictions, out of memory.
 * Fixture files are made with hand-written SQL (tests only).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { RelgateError } from "../errors.ts";
import type { RelPlan } from "../ir/plan.ts";
import type { DatasetSpec } from "../migration/manifest.ts";
import { readArrowFile } from "../arrow/ipc.ts";
import { openSession } from "./config.ts";
import {
  datasetOrdering,
  datasetSchema,
  datasetSource,
  readDatasetArrow,
  registerDataset,
  registerDatasets,
} from "./datasets.ts";
import { explainSql, registerArrowRelation, runRelPlan } from "./run.ts";
import { writeTable } from "./write.ts";

const dir = await Deno.makeTempDir({ prefix: "relgate_run_test_" });
const setup = await openSession({ cli: { threads: 1 } });
// Fixture files (hand-written SQL, tests only).
await setup.connection.run(
  `COPY (SELECT i::BIGINT AS id, 'n' || i AS name, i / 4 AS score FROM range(10) t(i)) TO '${dir}/calls.parquet' (FORMAT parquet)`,
);
await setup.connection.run(
  `COPY (SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)) TO '${dir}/f.csv' (FORMAT csv, HEADER true)`,
);
await setup.connection.run(
  `COPY (SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)) TO '${dir}/f.json' (FORMAT json)`,
);
await Deno.mkdir(join(dir, "hive/year=2023"), { recursive: true });
await Deno.mkdir(join(dir, "hive/year=2024"), { recursive: true });
await setup.connection.run(
  `COPY (SELECT 1::BIGINT AS v) TO '${dir}/hive/year=2023/p.parquet' (FORMAT parquet)`,
);
await setup.connection.run(
  `COPY (SELECT 2::BIGINT AS v) TO '${dir}/hive/year=2024/p.parquet' (FORMAT parquet)`,
);
await setup.connection.run(
  `COPY (SELECT i::INTEGER AS k, i::DOUBLE AS v FROM range(1000000) t(i)) TO '${dir}/big.parquet' (FORMAT parquet)`,
);
setup.close();
await Deno.writeTextFile(join(dir, "corrupt.parquet"), "this is not parquet at all, sorry");

function ds(
  path: string,
  format: DatasetSpec["format"],
  extra: Partial<DatasetSpec> = {},
): DatasetSpec {
  return { path, absPath: join(dir, path), format, ...extra };
}

async function rejectsWith(p: Promise<unknown>, code: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RelgateError, `expected RelgateError, got ${e}`);
    assert.equal(e.code, code);
    assert.match(e.message, re);
    assert.doesNotMatch(e.message, /\n\s+at /); // no stack trace in the message
    return true;
  });
}

const plan: RelPlan = {
  relplan: 1,
  name: "r.calls",
  params: { min: { type: "float64" } },
  ops: [
    {
      op: "scan",
      dataset: "calls",
      predicate: { fn: "ge", args: [{ col: "score" }, { param: "min" }] },
    },
    { op: "aggregate", group_by: [], measures: [{ name: "n", fn: "count_all" }] },
  ],
  ordering: { level: "unordered" },
  schema: [{ name: "n", type: "int64", nullable: false, metadata: { unit: "rows" } }],
};

Deno.test("parquet/csv/json/hive datasets, schema, ordering, Arrow reads", async () => {
  const s = await openSession({ cli: { threads: 1 } });
  try {
    await registerDatasets(
      s,
      new Map([
        ["calls", ds("calls.parquet", "parquet", { scan: { file_sort_order: [["id", "asc"]] } })],
        ["fcsv", ds("f.csv", "csv")],
        ["fjson", ds("f.json", "json")],
        [
          "hive",
          ds("hive/*/*.parquet", "parquet", {
            partitioning: "hive",
            scan: { partition_cols: [["year", "int32"]] },
          }),
        ],
      ]),
    );
    assert.deepEqual(datasetSchema(s, "calls").map((f) => [f.name, f.type.kind]), [
      ["id", "int"],
      ["name", "utf8"],
      ["score", "float"],
    ]);
    assert.deepEqual(
      datasetOrdering(
        ds("calls.parquet", "parquet", { scan: { file_sort_order: [["id", "asc"]] } }),
      ),
      {
        level: "implicit",
        keys: [["id", "asc"]],
      },
    );
    const r = await runRelPlan(s, plan, { params: { min: 1.5 } });
    assert.deepEqual(r.table.getChild("n")!.toArray(), BigInt64Array.of(4n));
    assert.equal(r.table.schema.fields[0]!.metadata.get("unit"), "rows");
    assert.equal(r.table.schema.metadata.get("relgate.ordering.level"), "unordered");
    assert.deepEqual(r.parameters, [join(dir, "calls.parquet"), 1.5]);
    const hive = await runRelPlan(s, {
      relplan: 1,
      name: "h",
      ops: [{ op: "scan", dataset: "hive" }, { op: "order_by", keys: [{ expr: { col: "year" } }] }],
    }, { params: {} });
    assert.deepEqual(hive.table.toArray().map((x) => x.toJSON()), [
      { v: 1n, year: 2023 },
      { v: 2n, year: 2024 },
    ]);
    const csv = await readDatasetArrow(s, { ...ds("f.csv", "csv"), name: "fcsv" }, ["name"]);
    assert.deepEqual(csv.getChild("name")!.toArray(), ["a", "b"]);
    const json = await readDatasetArrow(s, { ...ds("f.json", "json"), name: "fjson" });
    assert.deepEqual(json.toArray().map((x) => x.toJSON()), [{ id: 1n, name: "a" }, {
      id: 2n,
      name: "b",
    }]);
    const ex = explainSql(plan, { source: (n) => datasetSource(s, n), file: "p.json" });
    assert.equal(
      ex.sql,
      'WITH "_r0" AS (SELECT "s"."id" AS "id", "s"."name" AS "name", "s"."score" AS "score" FROM read_parquet($1) AS "s" WHERE (("s"."score" >= CAST($2 AS DOUBLE)) AND (NOT isnan((abs("s"."score") + abs(CAST($2 AS DOUBLE))))))), "_r1" AS (SELECT count(*) AS "n" FROM "_r0") SELECT "n" FROM "_r1"',
    );
    assert.deepEqual(ex.parameters, [join(dir, "calls.parquet"), null]);
  } finally {
    s.close();
  }
});

Deno.test("bad input: param type, missing file, corrupt parquet, schema contradiction", async () => {
  const s = await openSession({ cli: { threads: 1 } });
  try {
    await registerDataset(s, "calls", ds("calls.parquet", "parquet"));
    await rejectsWith(
      runRelPlan(s, plan, { params: { min: "high" } }),
      "bad-param",
      /param "min".*float64/,
    );
    await rejectsWith(runRelPlan(s, plan, { params: {} }), "missing-param", /param "min"/);
    await rejectsWith(
      registerDataset(s, "gone", ds("gone.parquet", "parquet")),
      "missing-file",
      /dataset "gone": file gone.parquet not found/,
    );
    await rejectsWith(
      registerDataset(s, "bad", ds("corrupt.parquet", "parquet")),
      "bad-dataset-file",
      /dataset "bad" from corrupt.parquet/,
    );
    await rejectsWith(
      registerDataset(
        s,
        "typed",
        ds("calls.parquet", "parquet", { schema: [{ name: "id", type: "utf8" }] }),
      ),
      "schema-mismatch",
      /column "id" is utf8 in the manifest but int64 in calls.parquet/,
    );
    await rejectsWith(
      registerDataset(
        s,
        "typed2",
        ds("calls.parquet", "parquet", { schema: [{ name: "nope", type: "utf8" }] }),
      ),
      "schema-mismatch",
      /column "nope" is in the manifest schema but not in calls.parquet/,
    );
    await rejectsWith(
      registerDataset(s, "opt", ds("f.csv", "csv", { read_options: { "x; DROP TABLE t": 1 } })),
      "bad-read-option",
      /read option/,
    );
  } finally {
    s.close();
  }
});

Deno.test("bad input: a memory limit too small is a clear error", async () => {
  const s = await openSession({
    cli: { threads: 1, memory_limit: "2MB" },
    engine: { config: { max_temp_directory_size: "0B" } },
  });
  try {
    await registerDataset(s, "big", ds("big.parquet", "parquet"));
    await rejectsWith(
      runRelPlan(s, {
        relplan: 1,
        name: "rule.big",
        ops: [
          { op: "scan", dataset: "big" },
          {
            op: "aggregate",
            group_by: ["k"],
            measures: [{ name: "l", fn: "list", arg: { col: "v" } }],
          },
        ],
      }, { params: {} }),
      "out-of-memory",
      /rule "rule.big".*out of memory/,
    );
  } finally {
    s.close();
  }
});

Deno.test("injection: identifiers and values with quotes, semicolons and keywords are data", async () => {
  const s = await openSession({ cli: { threads: 1 } });
  try {
    const name = `a"b'; DROP TABLE x; --`;
    await registerArrowRelation(
      s,
      `ds"; SELECT 1; --`,
      new arrow.Table({
        [name]: arrow.vectorFromArray(["it's", `"q"`], new arrow.Utf8()),
        select: arrow.vectorFromArray([1, 2], new arrow.Int32()),
      }),
    );
    const r = await runRelPlan(s, {
      relplan: 1,
      name: "inj",
      params: { p: { type: "utf8" } },
      ops: [
        { op: "scan", dataset: `ds"; SELECT 1; --` },
        {
          op: "derive",
          columns: [
            { name: "from", expr: { fn: "concat", args: [{ col: name }, { param: "p" }] } },
            { name: "é 字 \u{1F600}", expr: { lit: "'); DELETE FROM t; --" } },
          ],
        },
        { op: "order_by", keys: [{ expr: { col: "select" } }] },
      ],
    }, { params: { p: "'; DROP TABLE y; --" } });
    assert.deepEqual(r.table.toArray().map((x) => x.toJSON()), [
      {
        [name]: "it's",
        select: 1,
        from: "it's'; DROP TABLE y; --",
        "é 字 \u{1F600}": "'); DELETE FROM t; --",
      },
      {
        [name]: `"q"`,
        select: 2,
        from: `"q"'; DROP TABLE y; --`,
        "é 字 \u{1F600}": "'); DELETE FROM t; --",
      },
    ]);
    assert.doesNotMatch(r.sql, /DROP TABLE y|DELETE FROM/);
  } finally {
    s.close();
  }
});

Deno.test("writers: arrow, parquet (+ schema sidecar), csv, json; atomic, nothing left on failure", async () => {
  const s = await openSession({ cli: { threads: 1 } });
  try {
    const t = new arrow.Table({
      id: arrow.vectorFromArray([1n, 2n], new arrow.Int64()),
      name: arrow.vectorFromArray(["a", null], new arrow.Utf8()),
    });
    const schema = new arrow.Schema(
      t.schema.fields.map((f) =>
        f.name === "id" ? f.clone({ metadata: new Map([["k", "v"]]) }) : f
      ),
      new Map([["relgate.ordering.level", "unordered"]]),
    );
    const withMeta = new arrow.Table(
      schema,
      t.batches.map((b) => new arrow.RecordBatch(schema, b.data)),
    );
    await writeTable(s, join(dir, "o.arrow"), withMeta);
    const back = await readArrowFile(join(dir, "o.arrow"));
    assert.equal(back.schema.fields[0]!.metadata.get("k"), "v");
    await writeTable(s, join(dir, "o.parquet"), withMeta);
    const side = JSON.parse(await Deno.readTextFile(join(dir, "o.parquet.schema.json")));
    assert.deepEqual(side, {
      schema: [
        { name: "id", type: "int64", nullable: true, metadata: { k: "v" } },
        { name: "name", type: "utf8", nullable: true },
      ],
      metadata: { "relgate.ordering.level": "unordered" },
    });
    const pq = await readDatasetArrow(s, { ...ds("o.parquet", "parquet"), name: "o" });
    assert.deepEqual(pq.toArray().map((x) => x.toJSON()), [{ id: 1n, name: "a" }, {
      id: 2n,
      name: null,
    }]);
    await writeTable(s, join(dir, "o.csv"), t);
    assert.equal(await Deno.readTextFile(join(dir, "o.csv")), "id,name\n1,a\n2,\n");
    await writeTable(s, join(dir, "o.json"), t);
    assert.equal(
      await Deno.readTextFile(join(dir, "o.json")),
      '{"id":1,"name":"a"}\n{"id":2,"name":null}\n',
    );
    // failure: the folder does not exist -> error, no file and no temp file left
    await assert.rejects(writeTable(s, join(dir, "nope/o.parquet"), t), RelgateError);
    await assert.rejects(writeTable(s, join(dir, "o.xlsx"), t), /unknown extension/);
    const left = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".tmp"));
    assert.deepEqual(left, []);
  } finally {
    s.close();
  }
});

Deno.test("float sum and mean are the same bytes on every run and thread count", async () => {
  const n = 300_000;
  const g = new BigInt64Array(n);
  const x = new Float64Array(n);
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    g[i] = BigInt(seed % 50);
    x[i] = (seed / 2147483648) * 1e6 - 3e5 + 1 / (i + 3);
  }
  const table = arrow.tableFromArrays({ g, x });
  const plan: RelPlan = {
    relplan: 1,
    name: "sums",
    ops: [
      { op: "scan", dataset: "t" },
      {
        op: "aggregate",
        group_by: ["g"],
        measures: [
          { name: "s", fn: "sum", arg: { col: "x" } },
          { name: "m", fn: "mean", arg: { col: "x" } },
        ],
      },
      { op: "order_by", keys: [{ expr: { col: "g" } }] },
    ],
  };
  const bits = async (threads: number) => {
    const s = await openSession({ cli: { threads } });
    try {
      const rel = await registerArrowRelation(s, "t", table);
      const r = await runRelPlan(s, plan, { params: {}, relations: new Map([["t", rel]]) });
      const out = [];
      for (const c of ["s", "m"]) {
        const v = r.table.getChild(c)!.toArray() as Float64Array;
        out.push(Array.from(new BigUint64Array(Float64Array.from(v).buffer), String).join(","));
      }
      return out;
    } finally {
      s.close();
    }
  };
  const one = await bits(1);
  assert.deepEqual(await bits(4), one);
  assert.deepEqual(await bits(4), one);
});
