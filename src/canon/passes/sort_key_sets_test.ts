import assert from "node:assert/strict";
import { sortedSet, sortKeySets } from "./sort_key_sets.ts";
import { assertIdempotentOnFixtures, plan, runPass, scan } from "../_test_fixtures.ts";

Deno.test("sort_key_sets: join on, distinct columns and kernel keys become sorted sets", () => {
  const p = plan([
    scan("t"),
    {
      op: "join",
      kind: "inner",
      on: [["b", "y"], ["a", "x"], ["b", "y"]],
      right: { ops: [scan("r")] },
    },
    { op: "kernel", name: "dedupe", options: { keys: ["b", "a"] } },
    { op: "kernel", name: "interval_align", options: { on: [["z", "z"], ["y", "y"]] } },
    { op: "distinct", columns: ["b", "a"] },
    { op: "aggregate", group_by: ["b", "a"], measures: [] },
  ]);
  assert.deepEqual(
    runPass(sortKeySets, p),
    plan([
      scan("t"),
      { op: "join", kind: "inner", on: [["a", "x"], ["b", "y"]], right: { ops: [scan("r")] } },
      { op: "kernel", name: "dedupe", options: { keys: ["a", "b"] } },
      { op: "kernel", name: "interval_align", options: { on: [["y", "y"], ["z", "z"]] } },
      { op: "distinct", columns: ["a", "b"] },
      { op: "aggregate", group_by: ["b", "a"], measures: [] },
    ]),
  );
});

Deno.test("sort_key_sets: distinct columns keep their order where it shows", () => {
  for (
    const p of [
      plan([scan("t"), { op: "distinct", columns: ["b", "a"] }]),
      plan([scan("t"), { op: "distinct", columns: ["b", "a", "b"] }, {
        op: "project",
        columns: [],
      }]),
    ]
  ) {
    assert.equal(runPass(sortKeySets, p), p);
  }
});

Deno.test("sort_key_sets: sortedSet drops repeats", () => {
  assert.deepEqual(sortedSet(["b", "a", "b"], (x) => x), ["a", "b"]);
});

Deno.test("sort_key_sets: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(sortKeySets), 1);
});
