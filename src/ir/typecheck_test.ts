import assert from "node:assert/strict";
import type { RelPlan } from "./plan.ts";
import { typePlan } from "./typecheck.ts";
import { formatType, type Schema, T } from "./types.ts";

const calls: Schema = [
  { name: "call_id", type: T.int64, nullable: false },
  { name: "caller_id", type: T.int64, nullable: true },
  { name: "callee", type: T.utf8, nullable: true },
  { name: "score", type: T.float64, nullable: true },
];
const functions: Schema = [
  { name: "function_id", type: T.int64, nullable: false },
  { name: "name", type: T.utf8, nullable: true },
];
const env = {
  dataset: (n: string) => (n === "calls" ? calls : n === "functions" ? functions : undefined),
  file: "relplans/p.json",
};

function shapes(plan: RelPlan) {
  const r = typePlan(plan, env);
  return {
    output: r.output.map((f) => `${f.name}: ${formatType(f.type)}`),
    problems: r.problems.map((p) => `${p.path} ${p.code}`),
  };
}

Deno.test("the SPEC example plan types to group key then measures", () => {
  const plan: RelPlan = {
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
        on: [["callee", "name"]],
        right: { ops: [{ op: "scan", dataset: "functions", columns: ["function_id", "name"] }] },
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
  };
  assert.deepEqual(shapes(plan), {
    output: ["caller_id: int64", "n_calls: int64", "resolved: int64", "best: float64"],
    problems: [],
  });
});

Deno.test("every problem is reported with its JSON path", () => {
  const plan: RelPlan = {
    relplan: 1,
    name: "p",
    ops: [
      { op: "scan", dataset: "calls" },
      { op: "filter", predicate: { fn: "gt", args: [{ col: "scroe" }, { lit: 1 }] } },
      { op: "filter", predicate: { fn: "frob", args: [] } },
      { op: "filter", predicate: { fn: "not", args: [{ col: "score" }, { col: "score" }] } },
      { op: "filter", predicate: { fn: "eq", args: [{ col: "callee" }, { param: "nope" }] } },
      {
        op: "project",
        columns: [{ name: "x", expr: { fn: "add", args: [{ col: "callee" }, { lit: 1 }] } }],
      },
    ],
  };
  assert.deepEqual(shapes(plan).problems, [
    "$.ops[1].predicate.args[0].col unknown-column",
    "$.ops[2].predicate.fn unknown-function",
    "$.ops[3].predicate.args wrong-arity",
    "$.ops[4].predicate.args[1].param undeclared-param",
    "$.ops[5].columns[0].expr type-mismatch",
  ]);
});

Deno.test("join output suffixes clashing names; a clash left over is an error", () => {
  const self: RelPlan = {
    relplan: 1,
    name: "p",
    ops: [
      { op: "scan", dataset: "functions" },
      {
        op: "join",
        kind: "inner",
        on: [["function_id", "function_id"]],
        right: { ops: [{ op: "scan", dataset: "functions" }] },
      },
    ],
  };
  assert.deepEqual(shapes(self).output, [
    "function_id: int64",
    "name: utf8",
    "function_id_right: int64",
    "name_right: utf8",
  ]);
  const clash: RelPlan = {
    ...self,
    ops: [
      { op: "scan", dataset: "functions" },
      { op: "derive", columns: [{ name: "name_right", expr: { col: "name" } }] },
      {
        op: "join",
        kind: "semi",
        on: [["function_id", "function_id"]],
        right: { ops: [{ op: "scan", dataset: "functions" }] },
      },
      {
        op: "join",
        kind: "inner",
        on: [["function_id", "function_id"]],
        right: { ops: [{ op: "scan", dataset: "functions" }] },
      },
    ],
  };
  assert.deepEqual(shapes(clash).problems, ["$.ops[3].suffix name-clash"]);
});

Deno.test("scan first, ordering keys exist, unknown dataset", () => {
  assert.deepEqual(
    shapes({ relplan: 1, name: "p", ops: [{ op: "filter", predicate: { lit: true } }] }).problems,
    ["$.ops[0].op scan-first"],
  );
  assert.deepEqual(
    shapes({
      relplan: 1,
      name: "p",
      ops: [{ op: "scan", dataset: "calls" }],
      ordering: { level: "explicit", keys: [["nope", "asc"]] },
    }).problems,
    ["$.ordering.keys[0][0] unknown-column"],
  );
  assert.deepEqual(
    shapes({ relplan: 1, name: "p", ops: [{ op: "scan", dataset: "zzz" }] }).problems,
    ["$.ops[0].dataset unknown-dataset"],
  );
});

Deno.test("kernels type their output", () => {
  const plan: RelPlan = {
    relplan: 1,
    name: "p",
    ops: [
      { op: "scan", dataset: "calls" },
      {
        op: "derive",
        columns: [{
          name: "parts",
          expr: { fn: "split", args: [{ col: "callee" }, { lit: "." }] },
        }],
      },
      {
        op: "kernel",
        name: "explode_list",
        options: { column: "parts", as: "part", index_as: "i" },
      },
    ],
  };
  assert.deepEqual(shapes(plan).output, [
    "call_id: int64",
    "caller_id: int64",
    "callee: utf8",
    "score: float64",
    "part: utf8",
    "i: int64",
  ]);
  const bad: RelPlan = {
    ...plan,
    ops: [{ op: "scan", dataset: "calls" }, {
      op: "kernel",
      name: "explode_list",
      options: { column: "callee", as: "x" },
    }],
  };
  assert.deepEqual(shapes(bad).problems, ["$.ops[1].options.column type-mismatch"]);
});

Deno.test("literal typing and integer promotion", () => {
  const plan: RelPlan = {
    relplan: 1,
    name: "p",
    ops: [
      { op: "scan", dataset: "calls" },
      {
        op: "project",
        columns: [
          {
            name: "a",
            expr: { fn: "add", args: [{ lit: 1, type: "int32" }, { lit: 2, type: "int32" }] },
          },
          { name: "b", expr: { fn: "add", args: [{ lit: 1, type: "int32" }, { lit: 2 }] } },
          { name: "c", expr: { fn: "div", args: [{ lit: 1 }, { lit: 2 }] } },
          { name: "d", expr: { fn: "mul", args: [{ lit: 1.5 }, { col: "call_id" }] } },
          { name: "e", expr: { fn: "stable_id", args: [{ lit: "f" }, { col: "call_id" }] } },
          { name: "f", expr: { cast: { col: "callee" }, to: "int32", safe: true } },
        ],
      },
    ],
  };
  assert.deepEqual(shapes(plan).output, [
    "a: int32",
    "b: int64",
    "c: float64",
    "d: float64",
    "e: utf8",
    "f: int32",
  ]);
});
