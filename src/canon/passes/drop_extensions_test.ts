import assert from "node:assert/strict";
import { dropExtensions } from "./drop_extensions.ts";
import { assertIdempotentOnFixtures, runPass } from "../_test_fixtures.ts";
import type { WorkPlan } from "../types.ts";

Deno.test("drop_extensions: removes name and x- keys everywhere, keeps metadata", () => {
  const p = {
    relplan: 1,
    name: "n",
    "x-top": 1,
    params: { k: { type: "int64", "x-p": 1 } },
    ordering: { level: "unordered", "x-o": 1 },
    schema: [{ name: "a", type: "int64", "x-f": 1, metadata: { "x-meta": "kept" } }],
    ops: [
      {
        op: "scan",
        dataset: "t",
        "x-s": 1,
        predicate: { fn: "not", args: [{ col: "a", "x-c": 1 }] },
      },
      {
        op: "derive",
        columns: [{
          name: "c",
          "x-n": 1,
          expr: { case: [{ when: { col: "a" }, then: { lit: 1 }, "x-w": 1 }] },
        }],
      },
      {
        op: "aggregate",
        group_by: [],
        measures: [{
          name: "m",
          fn: "first",
          "x-m": 1,
          order_by: [{ expr: { col: "a" }, "x-k": 1 }],
        }],
      },
      { op: "order_by", keys: [{ expr: { col: "a" }, "x-k": 1 }] },
      {
        op: "join",
        kind: "inner",
        on: [],
        right: { ops: [{ op: "scan", dataset: "r", "x-r": 1 }], "x-sp": 1 },
      },
      {
        op: "kernel",
        name: "dedupe",
        options: { keys: ["a"], "x-opt": 1, order_by: [{ expr: { col: "a" }, "x-k": 1 }] },
      },
    ],
  } as unknown as WorkPlan;
  assert.deepEqual(runPass(dropExtensions, p), {
    relplan: 1,
    params: { k: { type: "int64" } },
    ordering: { level: "unordered" },
    schema: [{ name: "a", type: "int64", metadata: { "x-meta": "kept" } }],
    ops: [
      { op: "scan", dataset: "t", predicate: { fn: "not", args: [{ col: "a" }] } },
      {
        op: "derive",
        columns: [{ name: "c", expr: { case: [{ when: { col: "a" }, then: { lit: 1 } }] } }],
      },
      {
        op: "aggregate",
        group_by: [],
        measures: [{ name: "m", fn: "first", order_by: [{ expr: { col: "a" } }] }],
      },
      { op: "order_by", keys: [{ expr: { col: "a" } }] },
      { op: "join", kind: "inner", on: [], right: { ops: [{ op: "scan", dataset: "r" }] } },
      {
        op: "kernel",
        name: "dedupe",
        options: { keys: ["a"], order_by: [{ expr: { col: "a" } }] },
      },
    ],
  });
});

Deno.test("drop_extensions: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(dropExtensions), 12);
});
