import assert from "node:assert/strict";
import { validateStructure } from "../formats/json_input.ts";
import { col, count, countAll, ge, lit, max, param, scan, upper } from "./builder.ts";
import { relPlanSchema } from "./schema.ts";

const SPEC_JSON = `{"relplan": 1, "name": "cpg.edges.calls",
 "params": {"min_score": {"type": "float64"}},
 "ops": [
   {"op": "scan", "dataset": "calls", "columns": ["call_id", "caller_id", "callee", "score"],
    "predicate": {"fn": "ge", "args": [{"col": "score"}, {"param": "min_score"}]}},
   {"op": "join", "kind": "left", "on": [["callee", "name"]],
    "right": {"ops": [{"op": "scan", "dataset": "functions", "columns": ["function_id", "name"]}]}},
   {"op": "aggregate", "group_by": ["caller_id"],
    "measures": [{"name": "n_calls", "fn": "count_all"},
                 {"name": "resolved", "fn": "count", "arg": {"col": "function_id"}},
                 {"name": "best", "fn": "max", "arg": {"col": "score"}}]}],
 "ordering": {"level": "unordered"}}`;

Deno.test("a plan built in code deep-equals the same plan read from JSON", () => {
  const built = scan("calls", {
    columns: ["call_id", "caller_id", "callee", "score"],
    predicate: ge(col("score"), param("min_score")),
  })
    .join("left", scan("functions", { columns: ["function_id", "name"] }), [["callee", "name"]])
    .aggregate(["caller_id"], [
      countAll("n_calls"),
      count("resolved", col("function_id")),
      max("best", col("score")),
    ])
    .build("cpg.edges.calls", {
      params: { min_score: { type: "float64" } },
      ordering: { level: "unordered" },
    });
  const loaded = validateStructure(relPlanSchema, JSON.parse(SPEC_JSON), "spec.json");
  assert.deepEqual(built, loaded);
});

Deno.test("builder chains are immutable", () => {
  const base = scan("d");
  const a = base.filter(ge(col("x"), lit(1)));
  const b = base.derive([{ name: "u", expr: upper(col("s")) }]).limit(5, 2);
  assert.equal(base.ops.length, 1);
  assert.deepEqual(a.ops[1], {
    op: "filter",
    predicate: { fn: "ge", args: [{ col: "x" }, { lit: 1 }] },
  });
  assert.deepEqual(b.ops.slice(1), [
    { op: "derive", columns: [{ name: "u", expr: { fn: "upper", args: [{ col: "s" }] } }] },
    { op: "limit", count: 5, offset: 2 },
  ]);
});
