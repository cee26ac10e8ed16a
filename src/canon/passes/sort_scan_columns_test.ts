import assert from "node:assert/strict";
import { sortScanColumns } from "./sort_scan_columns.ts";
import { assertIdempotentOnFixtures, col, plan, runPass, scan } from "../_test_fixtures.ts";
import type { RelOp } from "../../ir/plan.ts";

const project: RelOp = { op: "project", columns: [{ name: "a", expr: col("a") }] };

Deno.test("sort_scan_columns: sorted when a later project or aggregate fixes the order", () => {
  assert.deepEqual(
    runPass(
      sortScanColumns,
      plan([scan("t", ["c", "a", "b"]), { op: "limit", count: 1 }, project]),
    ),
    plan([scan("t", ["a", "b", "c"]), { op: "limit", count: 1 }, project]),
  );
  const agg: RelOp = { op: "aggregate", group_by: ["a"], measures: [] };
  assert.deepEqual(
    runPass(sortScanColumns, plan([scan("t", ["b", "a"]), agg])),
    plan([scan("t", ["a", "b"]), agg]),
  );
});

Deno.test("sort_scan_columns: kept where the order shows", () => {
  for (
    const p of [
      plan([scan("t", ["b", "a"])]),
      plan([
        scan("t", ["b", "a"]),
        { op: "kernel", name: "dedupe", options: { keys: ["a"] } },
        project,
      ]),
      plan([scan("t", ["b", "a", "b"]), project]),
      plan([scan("t"), {
        op: "join",
        kind: "inner",
        on: [],
        right: { ops: [scan("r", ["y", "x"])] },
      }]),
    ]
  ) {
    assert.equal(runPass(sortScanColumns, p), p);
  }
});

Deno.test("sort_scan_columns: union inputs and semi-join right sides are matched by name", () => {
  const p = plan([
    scan("t"),
    { op: "union", inputs: [{ ops: [scan("u", ["b", "a"])] }] },
    { op: "join", kind: "semi", on: [], right: { ops: [scan("r", ["y", "x"])] } },
  ]);
  assert.deepEqual(
    runPass(sortScanColumns, p),
    plan([
      scan("t"),
      { op: "union", inputs: [{ ops: [scan("u", ["a", "b"])] }] },
      { op: "join", kind: "semi", on: [], right: { ops: [scan("r", ["x", "y"])] } },
    ]),
  );
});

Deno.test("sort_scan_columns: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(sortScanColumns), 2);
});
