import assert from "node:assert/strict";
import { mapArray, mapExpr, pipelineInfo } from "./_walk.ts";
import type { Expr } from "../ir/expr.ts";
import type { RelOp } from "../ir/plan.ts";

Deno.test("walk: mapArray and mapExpr share structure when nothing changes", () => {
  const xs = [1, 2, 3];
  assert.equal(mapArray(xs, (x) => x), xs);
  assert.deepEqual(mapArray(xs, (x) => (x === 2 ? 20 : x)), [1, 20, 3]);
  const e: Expr = {
    case: [{ when: { fn: "not", args: [{ col: "a" }] }, then: { lit: 1 } }],
    else: { cast: { col: "b" }, to: "int64" },
  };
  assert.equal(mapExpr(e, (x) => x), e);
  const renamed = mapExpr(e, (x) => ("col" in x ? { col: x.col.toUpperCase() } : x));
  assert.deepEqual(renamed, {
    case: [{ when: { fn: "not", args: [{ col: "A" }] }, then: { lit: 1 } }],
    else: { cast: { col: "B" }, to: "int64" },
  });
});

Deno.test("walk: pipelineInfo marks where row and column order can show", () => {
  const ops: RelOp[] = [
    { op: "scan", dataset: "t" },
    { op: "union", inputs: [] },
    { op: "limit", count: 1 },
    { op: "project", columns: [] },
    { op: "kernel", name: "dedupe", options: {} },
    { op: "aggregate", group_by: [], measures: [] },
  ];
  assert.deepEqual(pipelineInfo(ops, { row: false, col: true }), {
    rowAfter: [true, true, false, false, false, false],
    colAfter: [false, false, false, true, false, true],
  });
});
