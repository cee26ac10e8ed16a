import assert from "node:assert/strict";
import { RelgateError } from "../errors.ts";
import {
  columnLineage,
  type Lineage,
  type LineageEdge,
  type LineageKind,
  type LineageOptions,
} from "./lineage.ts";
import { col, filter, fn, lit, scan } from "./_test_fixtures.ts";
import type { RelOp } from "../ir/plan.ts";

function e(dataset: string, column: string, kind: LineageKind): LineageEdge {
  return { dataset, column, kind };
}
const noSchemas: LineageOptions = { datasetColumns: () => undefined };
function lineage(ops: RelOp[], options: LineageOptions = noSchemas): Lineage {
  return columnLineage({ ops }, options);
}

Deno.test("lineage: project and derive over a filtered scan", () => {
  const l = lineage([
    scan("t", ["a", "b", "c"], fn("gt", col("c"), lit(0))),
    {
      op: "project",
      columns: [{ name: "x", expr: col("a") }, { name: "y", expr: fn("add", col("a"), col("b")) }],
    },
    {
      op: "derive",
      columns: [{ name: "x", expr: { cast: col("x"), to: "utf8" } }, { name: "z", expr: lit(1) }],
    },
  ]);
  assert.deepEqual(Object.keys(l), ["x", "y", "z"]);
  assert.deepEqual(l, {
    x: [e("t", "a", "value-derived"), e("t", "c", "filter")],
    y: [e("t", "a", "value-derived"), e("t", "b", "value-derived"), e("t", "c", "filter")],
    z: [e("t", "c", "filter")],
  });
});

Deno.test("lineage: left join pads the right side and suffixes clashing names", () => {
  const l = lineage([
    scan("l", ["id", "v"]),
    {
      op: "join",
      kind: "left",
      on: [["id", "id"]],
      right: { ops: [scan("r", ["id", "w"])] },
      predicate: fn("lt", col("v"), col("id_right")),
    },
  ]);
  assert.deepEqual(Object.keys(l), ["id", "v", "id_right", "w"]);
  const shared = (first: LineageEdge[], rest: LineageEdge[] = []) => [
    ...first,
    e("l", "v", "filter"),
    e("r", "id", "filter"),
    e("r", "id", "join-key"),
    ...rest,
  ];
  assert.deepEqual(l, {
    id: shared([e("l", "id", "value-direct"), e("l", "id", "join-key")]),
    v: [
      e("l", "id", "join-key"),
      e("l", "v", "value-direct"),
      e("l", "v", "filter"),
      e("r", "id", "filter"),
      e("r", "id", "join-key"),
    ],
    id_right: [
      e("l", "id", "join-key"),
      e("l", "v", "filter"),
      e("r", "id", "value-derived"),
      e("r", "id", "filter"),
      e("r", "id", "join-key"),
    ],
    w: shared([e("l", "id", "join-key")], [e("r", "w", "value-derived")]),
  });
});

Deno.test("lineage: semi join keeps the left columns only", () => {
  const l = lineage([
    scan("l", ["id"]),
    { op: "join", kind: "semi", on: [["id", "k"]], right: { ops: [scan("r", ["k", "w"])] } },
  ]);
  assert.deepEqual(l, {
    id: [e("l", "id", "value-direct"), e("l", "id", "join-key"), e("r", "k", "join-key")],
  });
});

Deno.test("lineage: aggregate groups, measures, measure filters and orderings", () => {
  const l = lineage([
    scan("t", ["g", "x", "y"]),
    {
      op: "aggregate",
      group_by: ["g"],
      measures: [
        { name: "n", fn: "count_all" },
        { name: "s", fn: "sum", arg: col("x"), filter: fn("gt", col("y"), lit(0)) },
        { name: "f", fn: "first", arg: col("x"), order_by: [{ expr: col("y") }] },
      ],
    },
  ]);
  assert.deepEqual(Object.keys(l), ["g", "n", "s", "f"]);
  assert.deepEqual(l, {
    g: [e("t", "g", "value-direct"), e("t", "g", "group-key")],
    n: [e("t", "g", "group-key")],
    s: [e("t", "g", "group-key"), e("t", "x", "aggregated"), e("t", "y", "filter")],
    f: [e("t", "g", "group-key"), e("t", "x", "aggregated"), e("t", "y", "order-limit")],
  });
});

Deno.test("lineage: composed through an upstream rule's output", () => {
  const upstream: Lineage = {
    k: [e("src", "flag", "filter"), e("src", "id", "value-direct")],
    total: [
      e("src", "amount", "aggregated"),
      e("src", "flag", "filter"),
      e("src", "id", "group-key"),
    ],
  };
  const l = lineage([
    scan("up"),
    filter(fn("gt", col("total"), lit(10))),
    { op: "project", columns: [{ name: "k2", expr: fn("concat", col("k"), lit("x")) }] },
  ], { datasetColumns: () => undefined, upstream: (d) => (d === "up" ? upstream : undefined) });
  assert.deepEqual(l, {
    k2: [
      e("src", "amount", "filter"),
      e("src", "flag", "filter"),
      e("src", "id", "value-derived"),
      e("src", "id", "group-key"),
    ],
  });
});

Deno.test("lineage: explode_list, union by name and order_by", () => {
  const l = lineage([
    scan("t"),
    { op: "kernel", name: "explode_list", options: { column: "tags", as: "tag", index_as: "i" } },
    { op: "union", inputs: [{ ops: [scan("u", ["i", "id", "tag", "ts"])] }] },
    { op: "order_by", keys: [{ expr: col("ts"), dir: "desc" }] },
    { op: "limit", count: 3 },
  ], { datasetColumns: (d) => (d === "t" ? ["id", "tags", "ts"] : undefined) });
  assert.deepEqual(Object.keys(l), ["id", "tag", "ts", "i"]);
  const ol = [e("t", "ts", "order-limit"), e("u", "ts", "order-limit")] as const;
  assert.deepEqual(l, {
    id: [e("t", "id", "value-direct"), ol[0], e("u", "id", "value-direct"), ol[1]],
    tag: [e("t", "tags", "value-derived"), ol[0], e("u", "tag", "value-direct"), ol[1]],
    ts: [e("t", "ts", "value-direct"), ol[0], e("u", "ts", "value-direct"), ol[1]],
    i: [e("t", "tags", "value-derived"), ol[0], e("u", "i", "value-direct"), ol[1]],
  });
});

Deno.test("lineage: interval_align and dedupe", () => {
  const l = lineage([
    scan("l", ["id", "ts"]),
    {
      op: "kernel",
      name: "interval_align",
      options: {
        right: { ops: [scan("r", ["id", "s", "e"])] },
        on: [["id", "id"]],
        left_start: "ts",
        left_end: "ts",
        right_start: "s",
        right_end: "e",
        mode: "contains",
        select: "best",
      },
    },
    { op: "kernel", name: "dedupe", options: { keys: ["id"], order_by: [{ expr: col("s") }] } },
  ]);
  assert.deepEqual(Object.keys(l), ["id", "ts", "id_right", "s", "e"]);
  const lId = [e("l", "id", "join-key"), e("l", "id", "group-key")];
  const lTs = [e("l", "ts", "join-key")];
  const rE = [e("r", "e", "join-key")];
  const rId = [e("r", "id", "join-key")];
  const rS = [e("r", "s", "join-key"), e("r", "s", "order-limit")];
  assert.deepEqual(l, {
    id: [e("l", "id", "value-direct"), ...lId, ...lTs, ...rE, ...rId, ...rS],
    ts: [...lId, e("l", "ts", "value-direct"), ...lTs, ...rE, ...rId, ...rS],
    id_right: [...lId, ...lTs, ...rE, e("r", "id", "value-derived"), ...rId, ...rS],
    s: [...lId, ...lTs, ...rE, ...rId, e("r", "s", "value-derived"), ...rS],
    e: [...lId, ...lTs, e("r", "e", "value-derived"), ...rE, ...rId, ...rS],
  });
});

Deno.test("lineage: distinct with columns keeps exactly those columns", () => {
  const l = lineage([scan("t", ["a", "b", "c"]), { op: "distinct", columns: ["c", "a"] }]);
  assert.deepEqual(Object.keys(l), ["c", "a"]);
  assert.deepEqual(l, {
    c: [e("t", "a", "group-key"), e("t", "c", "value-direct"), e("t", "c", "group-key")],
    a: [e("t", "a", "value-direct"), e("t", "a", "group-key"), e("t", "c", "group-key")],
  });
  assert.deepEqual(Object.keys(lineage([scan("t", ["a", "b"]), { op: "distinct" }])), ["a", "b"]);
});

Deno.test("lineage: unresolved columns are user errors with a path", () => {
  assert.throws(
    () => lineage([scan("t")]),
    (err: unknown) =>
      err instanceof RelgateError && err.code === "lineage-unresolved" &&
      err.problems[0]!.path === "$.ops[0]",
  );
  assert.throws(
    () => lineage([scan("t", ["a"]), filter(col("zz"))]),
    (err: unknown) => err instanceof RelgateError && err.problems[0]!.path === "$.ops[1].predicate",
  );
});
