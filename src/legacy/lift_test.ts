import assert from "node:assert/strict";
import type { RelgateError } from "../errors.ts";
import { validateStructure } from "../formats/json_input.ts";
import { relPlanSchema } from "../ir/schema.ts";
import { PC_AGGREGATES, PC_FUNCTIONS, renderMappingTable } from "./functions.ts";
import { liftLegacyPlan } from "./lift.ts";
import type { LegacyPlan } from "./plan.ts";

const SPEC_EXAMPLE: LegacyPlan = {
  name: "cpg.edges.calls",
  params: { min_score: { type: "float64" } },
  pipeline_ops: [
    {
      kind: "scan",
      dataset: "calls",
      columns: ["call_id", "caller_id", "callee", "score"],
      filter: { call: "greater_equal", args: [{ field: "score" }, { param: "min_score" }] },
    },
    {
      kind: "hashjoin",
      join_type: "left outer",
      left_keys: ["callee"],
      right_keys: ["name"],
      right: {
        pipeline_ops: [{ kind: "scan", dataset: "functions", columns: ["function_id", "name"] }],
      },
    },
    {
      kind: "aggregate",
      keys: ["caller_id"],
      aggregates: [
        [[], "hash_count_all", null, "n_calls"],
        ["function_id", "hash_count", null, "resolved"],
        ["score", "hash_max", null, "best"],
      ],
    },
  ],
  ordering: { level: "unordered" },
};

Deno.test("the SPEC's legacy example lifts to the SPEC's RelPlan example", () => {
  const { plan, warnings } = liftLegacyPlan(SPEC_EXAMPLE);
  assert.deepEqual(warnings, []);
  assert.deepEqual(plan, {
    relplan: 1,
    name: "cpg.edges.calls",
    params: { min_score: { type: "float64" } },
    ops: [
      {
        op: "scan",
        dataset: "calls",
        columns: ["call_id", "caller_id", "callee", "score"],
        predicate: { fn: "ge", args: [{ col: "score" }, { param: "min_score" }] },
      },
      {
        op: "join",
        kind: "left",
        right: { ops: [{ op: "scan", dataset: "functions", columns: ["function_id", "name"] }] },
        on: [["callee", "name"]],
      },
      {
        op: "aggregate",
        group_by: ["caller_id"],
        measures: [
          { name: "n_calls", fn: "count_all" },
          { name: "resolved", fn: "count", arg: { col: "function_id" } },
          { name: "best", fn: "max", arg: { col: "score" } },
        ],
      },
    ],
    ordering: { level: "unordered" },
  });
  validateStructure(relPlanSchema, plan, "lifted.json");
});

Deno.test("round defaults to half_to_even; unchecked add warns", () => {
  const { plan, warnings } = liftLegacyPlan({
    name: "p",
    pipeline_ops: [
      { kind: "scan", dataset: "d" },
      {
        kind: "project",
        expressions: [
          { call: "round", args: [{ field: "x" }], options: { ndigits: 2 } },
          {
            call: "round",
            args: [{ field: "x" }],
            options: { round_mode: "half_towards_infinity" },
          },
          { call: "add", args: [{ field: "x" }, { scalar: 1 }] },
        ],
        names: ["a", "b", "c"],
      },
    ],
  });
  const project = plan.ops[1]!;
  assert.deepEqual(project, {
    op: "project",
    columns: [
      {
        name: "a",
        expr: { fn: "round_half_even", args: [{ col: "x" }, { lit: 2, type: "int32" }] },
      },
      { name: "b", expr: { fn: "round", args: [{ col: "x" }, { lit: 0, type: "int32" }] } },
      { name: "c", expr: { fn: "add", args: [{ col: "x" }, { lit: 1 }] } },
    ],
  });
  assert.deepEqual(warnings, [
    "$.pipeline_ops[1].expressions[2]: add wraps on integer overflow in the legacy lane; the registry raises",
  ]);
  assert.deepEqual(plan["x-migrate-warnings"], warnings);
});

Deno.test("unknown functions, aggregates and options name the op index", () => {
  assert.throws(
    () =>
      liftLegacyPlan({
        name: "p",
        pipeline_ops: [
          { kind: "scan", dataset: "d" },
          { kind: "filter", expression: { call: "frobnicate", args: [] } },
          { kind: "aggregate", keys: [], aggregates: [["x", "hash_median", null, "m"]] },
          {
            kind: "project",
            expressions: [{ call: "utf8_upper", args: [], options: { x: 1 } }],
            names: ["u"],
          },
        ],
      }, { file: "legacy/p.json" }),
    (e: RelgateError) => {
      assert.deepEqual(e.problems.map((p) => [p.code, p.file, p.path]), [
        ["unknown-function", "legacy/p.json", "$.pipeline_ops[1].expression.call"],
        ["unknown-function", "legacy/p.json", "$.pipeline_ops[2].aggregates[0][1]"],
        ["unknown-option", "legacy/p.json", "$.pipeline_ops[3].expressions[0].options.x"],
        ["wrong-arity", "legacy/p.json", "$.pipeline_ops[3].expressions[0].args"],
      ]);
      return true;
    },
  );
});

Deno.test("registry names are callable directly; kernels' right sub-plans lift", () => {
  const { plan } = liftLegacyPlan({
    name: "p",
    pipeline_ops: [
      { kind: "scan", dataset: "d" },
      {
        kind: "project",
        expressions: [{ call: "stable_id", args: [{ scalar: "f" }, { field: "x" }] }],
        names: ["id"],
      },
      {
        kind: "kernel",
        name: "interval_align",
        options: { right: { pipeline_ops: [{ kind: "scan", dataset: "e" }] }, mode: "contains" },
      },
      { kind: "order_by", sort_keys: [["id", "descending"]], null_placement: "at_start" },
    ],
  });
  assert.deepEqual(plan.ops.slice(1), [
    {
      op: "project",
      columns: [{ name: "id", expr: { fn: "stable_id", args: [{ lit: "f" }, { col: "x" }] } }],
    },
    {
      op: "kernel",
      name: "interval_align",
      options: { right: { ops: [{ op: "scan", dataset: "e" }] }, mode: "contains" },
    },
    { op: "order_by", keys: [{ expr: { col: "id" }, dir: "desc", nulls: "first" }] },
  ]);
});

Deno.test("the mapping table covers every function and aggregate", () => {
  const table = renderMappingTable();
  for (const name of [...PC_FUNCTIONS.keys(), ...PC_AGGREGATES.keys()]) {
    assert.ok(table.includes(`| \`${name}\` |`), name);
  }
  assert.equal(PC_AGGREGATES.size, 12);
});

Deno.test("pyarrow if_else lifts to a case whose null condition gives null (it types)", () => {
  const { plan, warnings } = liftLegacyPlan({
    name: "p",
    pipeline_ops: [
      { kind: "scan", dataset: "d" },
      {
        kind: "project",
        expressions: [{ call: "if_else", args: [{ field: "c" }, { field: "a" }, { field: "b" }] }],
        names: ["x"],
      },
    ],
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(plan.ops[1], {
    op: "project",
    columns: [{
      name: "x",
      expr: {
        case: [
          { when: { col: "c" }, then: { col: "a" } },
          { when: { fn: "not", args: [{ col: "c" }] }, then: { col: "b" } },
        ],
      },
    }],
  });
});

Deno.test("exact lifts: is_in, floor on integers, a one-part join, pyarrow type names, registry forms", () => {
  const { plan, warnings } = liftLegacyPlan({
    name: "p",
    pipeline_ops: [
      { kind: "scan", dataset: "d" },
      {
        kind: "project",
        expressions: [
          { call: "is_in", args: [{ field: "x" }], options: { value_set: [1, null] } },
          { call: "floor", args: [{ field: "i" }] },
          { call: "binary_join_element_wise", args: [{ field: "s" }, { field: "sep" }] },
          { call: "cast", args: [{ field: "s" }], options: { target_type: "string" } },
          { call: "round", args: [{ field: "f" }, { scalar: 2 }] },
        ],
        names: ["a", "b", "c", "d", "e"],
      },
    ],
  });
  assert.deepEqual(warnings, []);
  const cols = (plan.ops[1] as unknown as { columns: { expr: unknown }[] }).columns.map((c) =>
    c.expr
  );
  assert.deepEqual(cols, [
    {
      fn: "if_else",
      args: [
        { fn: "is_null", args: [{ col: "x" }] },
        { lit: true, type: "bool" },
        { fn: "in", args: [{ col: "x" }, { lit: 1 }] },
      ],
    },
    { fn: "floor", args: [{ cast: { col: "i" }, to: "float64" }] },
    {
      fn: "concat",
      args: [{ col: "s" }, {
        fn: "substr",
        args: [{ col: "sep" }, { lit: 1, type: "int64" }, { lit: 0, type: "int64" }],
      }],
    },
    { cast: { col: "s" }, to: "utf8", safe: false },
    { fn: "round", args: [{ col: "f" }, { lit: 2 }] },
  ]);
});
