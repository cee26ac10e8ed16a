import assert from "node:assert/strict";
import { hoistParams } from "./hoist_params.ts";
import { assertIdempotentOnFixtures, plan, runPass, scan } from "../_test_fixtures.ts";

Deno.test("hoist_params: inline params move to plan params, from sub-plans too", () => {
  const p = plan([
    { op: "param", name: "a", type: "int64" },
    scan("t"),
    {
      op: "union",
      inputs: [{ ops: [scan("u"), { op: "param", name: "b", type: "utf8" }] }],
    },
  ], { params: { c: { type: "bool" } } });
  assert.deepEqual(
    runPass(hoistParams, p),
    plan([scan("t"), { op: "union", inputs: [{ ops: [scan("u")] }] }], {
      params: { c: { type: "bool" }, b: { type: "utf8" }, a: { type: "int64" } },
    }),
  );
});

Deno.test("hoist_params: a repeated identical declaration goes, a conflicting one stays", () => {
  const p = plan([
    scan("t"),
    { op: "param", name: "a", type: "int64" },
    { op: "param", name: "a", type: "int32" },
  ], { params: { a: { type: "int64" } } });
  assert.deepEqual(
    runPass(hoistParams, p),
    plan([scan("t"), { op: "param", name: "a", type: "int32" }], {
      params: { a: { type: "int64" } },
    }),
  );
});

Deno.test("hoist_params: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(hoistParams), 1);
});
