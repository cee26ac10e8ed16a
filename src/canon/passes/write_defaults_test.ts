import assert from "node:assert/strict";
import { writeDefaults } from "./write_defaults.ts";
import { assertIdempotentOnFixtures, col, plan, runPass, scan } from "../_test_fixtures.ts";

Deno.test("write_defaults: every default is written out", () => {
  const p = plan([
    scan("t", ["a"], { cast: col("a"), to: "int64" }),
    { op: "join", kind: "left", on: [], right: { ops: [scan("r")] } },
    {
      op: "aggregate",
      group_by: [],
      measures: [
        { name: "m", fn: "first", arg: col("a"), order_by: [{ expr: col("a") }] },
        { name: "n", fn: "min", arg: col("a"), order_by: [] },
      ],
    },
    { op: "union", inputs: [] },
    { op: "order_by", keys: [{ expr: col("a"), dir: "desc" }, { expr: col("b"), nulls: "first" }] },
    { op: "limit", count: 3 },
    { op: "kernel", name: "explode_list", options: { column: "a", as: "b" } },
    { op: "kernel", name: "dedupe", options: { keys: ["a"], order_by: [{ expr: col("a") }] } },
    { op: "kernel", name: "interval_align", options: {} },
  ]);
  assert.deepEqual(
    runPass(writeDefaults, p),
    plan([
      scan("t", ["a"], { cast: col("a"), to: "int64", safe: false }),
      { op: "join", kind: "left", on: [], right: { ops: [scan("r")] }, suffix: "_right" },
      {
        op: "aggregate",
        group_by: [],
        measures: [
          {
            name: "m",
            fn: "first",
            arg: col("a"),
            order_by: [{ expr: col("a"), dir: "asc", nulls: "last" }],
            distinct: false,
          },
          { name: "n", fn: "min", arg: col("a"), distinct: false },
        ],
      },
      { op: "union", inputs: [], distinct: false },
      {
        op: "order_by",
        keys: [
          { expr: col("a"), dir: "desc", nulls: "last" },
          { expr: col("b"), dir: "asc", nulls: "first" },
        ],
      },
      { op: "limit", count: 3, offset: 0 },
      {
        op: "kernel",
        name: "explode_list",
        options: { column: "a", as: "b", keep_empty: false },
      },
      {
        op: "kernel",
        name: "dedupe",
        options: {
          keys: ["a"],
          order_by: [{ expr: col("a"), dir: "asc", nulls: "last" }],
          keep: "first",
        },
      },
      { op: "kernel", name: "interval_align", options: { on: [], suffix: "_right" } },
    ], { ordering: { level: "unordered" }, params: {} }),
  );
});

Deno.test("write_defaults: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(writeDefaults), 12);
});
