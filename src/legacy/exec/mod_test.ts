import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { ExecutionError } from "../../errors.ts";
import { rows, runOps, schemaOf } from "./_test_util.ts";

const calls = arrow.tableFromArrays({
  id: BigInt64Array.of(1n, 2n, 3n, 4n),
  callee: ["f", "g", "f", "h"],
  score: Float64Array.of(0.5, 0.9, 0.1, 0.7),
});
const fns = arrow.tableFromArrays({ name: ["f", "g", "x"], fid: Int32Array.of(10, 20, 30) });

Deno.test("scan with columns and pushdown filter", async () => {
  const t = await runOps([{
    kind: "scan",
    dataset: "calls",
    columns: ["score", "id"],
    filter: { call: "greater_equal", args: [{ field: "score" }, { scalar: 0.5 }] },
  }], { calls });
  assert.deepEqual(schemaOf(t), ["score:Float64", "id:Int64"]);
  assert.deepEqual(rows(t), [[0.5, 1n], [0.9, 2n], [0.7, 4n]]);
  assert.equal(t.schema.metadata.get("relgate.ordering.level"), "unordered");
});

Deno.test("filter and project", async () => {
  const t = await runOps([
    { kind: "scan", dataset: "calls" },
    { kind: "filter", expression: { call: "equal", args: [{ field: "callee" }, { scalar: "f" }] } },
    {
      kind: "project",
      expressions: [{ call: "add_checked", args: [{ field: "id" }, { scalar: 10 }] }, {
        call: "utf8_upper",
        args: [{ field: "callee" }],
      }],
      names: ["x", "u"],
    },
  ], { calls });
  assert.deepEqual(schemaOf(t), ["x:Int64", "u:Utf8"]);
  assert.deepEqual(rows(t), [[11n, "F"], [13n, "F"]]);
});

Deno.test("hashjoin inner/left/right/full/semi/anti", async () => {
  const right = { pipeline_ops: [{ kind: "scan" as const, dataset: "fns" }] };
  const j = (
    join_type: "inner" | "left outer" | "right outer" | "full outer" | "left semi" | "left anti",
  ) =>
    runOps([
      { kind: "scan", dataset: "calls", columns: ["id", "callee"] },
      { kind: "hashjoin", join_type, left_keys: ["callee"], right_keys: ["name"], right },
    ], { calls, fns });
  assert.deepEqual(rows(await j("inner")), [[1n, "f", "f", 10], [2n, "g", "g", 20], [
    3n,
    "f",
    "f",
    10,
  ]]);
  assert.deepEqual(rows(await j("left outer")), [
    [1n, "f", "f", 10],
    [2n, "g", "g", 20],
    [3n, "f", "f", 10],
    [4n, "h", null, null],
  ]);
  assert.deepEqual(rows(await j("right outer")), [
    [1n, "f", "f", 10],
    [2n, "g", "g", 20],
    [3n, "f", "f", 10],
    [null, null, "x", 30],
  ]);
  assert.equal((await j("full outer")).numRows, 5);
  assert.deepEqual(rows(await j("left semi")), [[1n, "f"], [2n, "g"], [3n, "f"]]);
  assert.deepEqual(rows(await j("left anti")), [[4n, "h"]]);
});

Deno.test("hashjoin suffix, null keys never match, residual filter, multi-key", async () => {
  const l = arrow.tableFromArrays({
    a: [1, null, 2, 2] as (number | null)[],
    b: ["x", "y", "z", "z"],
  });
  const r = arrow.tableFromArrays({ a: [1, null, 2] as (number | null)[], b: ["x", "y", "w"] });
  const t = await runOps([
    { kind: "scan", dataset: "l" },
    {
      kind: "hashjoin",
      join_type: "left outer",
      left_keys: ["a"],
      right_keys: ["a"],
      right: { pipeline_ops: [{ kind: "scan", dataset: "r" }] },
      output_suffix_for_right: "_r",
    },
  ], { l, r });
  assert.deepEqual(schemaOf(t), ["a:Float64", "b:Utf8", "a_r:Float64", "b_r:Utf8"]);
  assert.deepEqual(rows(t), [[1, "x", 1, "x"], [null, "y", null, null], [2, "z", 2, "w"], [
    2,
    "z",
    2,
    "w",
  ]]);
  const t2 = await runOps([
    { kind: "scan", dataset: "l" },
    {
      kind: "hashjoin",
      join_type: "left outer",
      left_keys: ["a", "b"],
      right_keys: ["a", "b"],
      right: { pipeline_ops: [{ kind: "scan", dataset: "r" }] },
    },
  ], { l, r });
  assert.deepEqual(rows(t2), [[1, "x", 1, "x"], [null, "y", null, null], [2, "z", null, null], [
    2,
    "z",
    null,
    null,
  ]]);
  const t3 = await runOps([
    { kind: "scan", dataset: "l" },
    {
      kind: "hashjoin",
      join_type: "inner",
      left_keys: ["a"],
      right_keys: ["a"],
      right: { pipeline_ops: [{ kind: "scan", dataset: "r" }] },
      filter: { call: "not_equal", args: [{ field: "b" }, { field: "b_right" }] },
    },
  ], { l, r });
  assert.deepEqual(rows(t3), [[2, "z", 2, "w"], [2, "z", 2, "w"]]);
});

Deno.test("aggregate: every hash_* with nulls, groups in first-appearance order", async () => {
  const t = arrow.tableFromArrays({
    k: ["b", "a", "b", null, "a", "b"] as (string | null)[],
    v: [1, null, 3, 4, null, 1] as (number | null)[],
    f: [true, null, false, true, null, true] as (boolean | null)[],
  });
  const vint = new arrow.Table({
    k: arrow.vectorFromArray(["b", "a", "b", null, "a", "b"], new arrow.Utf8()),
    v: arrow.vectorFromArray([1n, null, 3n, 4n, null, 1n], new arrow.Int64()),
    f: arrow.vectorFromArray([true, null, false, true, null, true], new arrow.Bool()),
  });
  const out = await runOps([
    { kind: "scan", dataset: "t" },
    {
      kind: "aggregate",
      keys: ["k"],
      aggregates: [
        ["v", "hash_count", null, "c"],
        ["v", "hash_count", { mode: "only_null" }, "cn"],
        ["v", "hash_count", { mode: "all" }, "ca"],
        [[], "hash_count_all", null, "n"],
        ["v", "hash_count_distinct", null, "cd"],
        ["v", "hash_sum", null, "s"],
        ["v", "hash_min", null, "mi"],
        ["v", "hash_max", null, "ma"],
        ["v", "hash_mean", null, "me"],
        ["v", "hash_list", null, "l"],
        ["f", "hash_any", null, "an"],
        ["f", "hash_all", null, "al"],
        ["v", "hash_first", null, "fi"],
        ["v", "hash_last", null, "la"],
      ],
    },
  ], { t: vint });
  assert.deepEqual(schemaOf(out).slice(6, 8), ["s:Int64", "mi:Int64"]);
  assert.deepEqual(rows(out), [
    ["b", 3n, 0n, 3n, 3n, 2n, 5n, 1n, 3n, 5 / 3, [1n, 3n, 1n], true, false, 1n, 1n],
    ["a", 0n, 2n, 2n, 2n, 0n, null, null, null, null, [null, null], null, null, null, null],
    [null, 1n, 0n, 1n, 1n, 1n, 4n, 4n, 4n, 4, [4n], true, true, 4n, 4n],
  ]);
  const f = await runOps([
    { kind: "scan", dataset: "t" },
    {
      kind: "aggregate",
      keys: [],
      aggregates: [["v", "hash_sum", null, "s"], ["v", "hash_mean", null, "m"]],
    },
  ], { t });
  assert.deepEqual(schemaOf(f), ["s:Float64", "m:Float64"]);
  assert.deepEqual(rows(f), [[9, 2.25]]);
});

Deno.test("aggregate over an empty table: no keys gives one row, keys give none", async () => {
  const t = arrow.tableFromArrays({ k: Int32Array.of(), v: Float64Array.of() });
  const a = await runOps([{ kind: "scan", dataset: "t" }, {
    kind: "aggregate",
    keys: [],
    aggregates: [[[], "hash_count_all", null, "n"], ["v", "hash_sum", null, "s"]],
  }], { t });
  assert.deepEqual(rows(a), [[0n, null]]);
  const b = await runOps([{ kind: "scan", dataset: "t" }, {
    kind: "aggregate",
    keys: ["k"],
    aggregates: [[[], "hash_count_all", null, "n"]],
  }], { t });
  assert.equal(b.numRows, 0);
  assert.deepEqual(schemaOf(b), ["k:Int32", "n:Int64"]);
});

Deno.test("hash_sum overflow is an error naming op and rule", async () => {
  const t = arrow.tableFromArrays({ v: BigInt64Array.of(9223372036854775807n, 1n) });
  await assert.rejects(
    () =>
      runOps([{ kind: "scan", dataset: "t" }, {
        kind: "aggregate",
        keys: [],
        aggregates: [["v", "hash_sum", null, "s"]],
      }], { t }),
    (e: unknown) =>
      e instanceof ExecutionError &&
      e.message.startsWith("rule test.rule: $.pipeline_ops[1]: hash_sum overflow"),
  );
});

Deno.test("add_checked overflow names the op", async () => {
  const t = arrow.tableFromArrays({ v: Int32Array.of(2147483647) });
  await assert.rejects(
    () =>
      runOps([{ kind: "scan", dataset: "t" }, {
        kind: "project",
        expressions: [{
          call: "add_checked",
          args: [{ field: "v" }, { scalar: 1, type: "int32" }],
        }],
        names: ["x"],
      }], { t }),
    (e: unknown) =>
      e instanceof ExecutionError &&
      e.message.startsWith("rule test.rule: $.pipeline_ops[1]: add_checked overflow"),
  );
});

Deno.test("order_by: multi-key, stable, nulls, NaN, code point order", async () => {
  const t = arrow.tableFromArrays({
    s: ["\uff61", "\u{1F600}", "a", null, "a", "B"] as (string | null)[],
    x: [1, 2, NaN, 3, null, 0] as (number | null)[],
    i: Int32Array.of(0, 1, 2, 3, 4, 5),
  });
  const asc = await runOps([{ kind: "scan", dataset: "t" }, {
    kind: "order_by",
    sort_keys: [["s", "ascending"]],
  }], { t });
  // UTF-8 byte order: "B" < "a" < U+FF61 < U+1F600 (UTF-16 order would put U+1F600 first)
  assert.deepEqual(rows(asc).map((r) => r[2]), [5, 2, 4, 0, 1, 3]);
  const desc = await runOps([{ kind: "scan", dataset: "t" }, {
    kind: "order_by",
    sort_keys: [["x", "descending"]],
    null_placement: "at_start",
  }], { t });
  assert.deepEqual(rows(desc).map((r) => r[2]), [4, 2, 3, 1, 0, 5]);
  const two = await runOps([{ kind: "scan", dataset: "t" }, {
    kind: "order_by",
    sort_keys: [["s", "descending"], ["x", "ascending"]],
  }], { t });
  assert.deepEqual(rows(two).map((r) => r[2]), [1, 0, 2, 4, 5, 3]);
});

Deno.test("union matches columns by name; limit with offset", async () => {
  const a = arrow.tableFromArrays({ x: Int32Array.of(1, 2), y: ["a", "b"] });
  const b = arrow.tableFromArrays({ y: ["c"], x: Int32Array.of(3) });
  const t = await runOps([
    { kind: "scan", dataset: "a" },
    { kind: "union", inputs: [{ pipeline_ops: [{ kind: "scan", dataset: "b" }] }] },
    { kind: "limit", count: 2, offset: 1 },
  ], { a, b });
  assert.deepEqual(rows(t), [[2, "b"], [3, "c"]]);
});

Deno.test("unknown kind and function are errors naming the op index", async () => {
  const t = arrow.tableFromArrays({ x: Int32Array.of(1) });
  await assert.rejects(
    () => runOps([{ kind: "scan", dataset: "t" }, { kind: "bogus" } as never], { t }),
    (e: unknown) =>
      e instanceof ExecutionError &&
      /\$\.pipeline_ops\[1\]\.kind: unknown op kind "bogus"/.test(e.message),
  );
  await assert.rejects(
    () =>
      runOps([{ kind: "scan", dataset: "t" }, {
        kind: "filter",
        expression: { call: "nope", args: [] },
      }], { t }),
    (e: unknown) =>
      e instanceof ExecutionError &&
      /\$\.pipeline_ops\[1\]\.expression: unknown function "nope"/.test(e.message),
  );
  await assert.rejects(
    () =>
      runOps([{ kind: "scan", dataset: "t" }, { kind: "filter", expression: { field: "zz" } }], {
        t,
      }),
    (e: unknown) =>
      e instanceof ExecutionError &&
      /pipeline_ops\[1\]\.expression\.field: unknown column "zz"/.test(e.message),
  );
});

Deno.test("params and schema contract", async () => {
  const t = arrow.tableFromArrays({ x: Int32Array.of(1, 5, 9) });
  const out = await runOps(
    [
      {
        kind: "scan",
        dataset: "t",
        filter: { call: "greater", args: [{ field: "x" }, { param: "min" }] },
      },
    ],
    { t },
    {
      schema: [{ name: "x", type: "int64" }],
      ordering: { level: "explicit", keys: [["x", "asc"]] },
    },
    { min: 2 },
  );
  assert.deepEqual(rows(out), [[5n], [9n]]);
  assert.equal(out.schema.metadata.get("relgate.ordering.keys"), '[["x","asc"]]');
});
