import assert from "node:assert/strict";
import type { RelgateError } from "../errors.ts";
import { components, globMatch, topoOrder, withUpstream } from "./graph.ts";

const NODES = [
  { name: "c", upstream: ["b"] },
  { name: "a", upstream: [] },
  { name: "b", upstream: ["a"] },
  { name: "x", upstream: [] },
];

Deno.test("topoOrder puts upstream first and keeps manifest order otherwise", () => {
  assert.deepEqual(topoOrder(NODES, "m.json"), ["a", "b", "c", "x"]);
  assert.throws(
    () => topoOrder([{ name: "s", upstream: ["s"] }], "m.json"),
    (e: RelgateError) => e.code === "rule-cycle" && /s -> s/.test(e.message),
  );
});

Deno.test("withUpstream and components", () => {
  assert.deepEqual([...withUpstream(NODES, ["c"])].sort(), ["a", "b", "c"]);
  assert.deepEqual(components(NODES), [["c", "a", "b"], ["x"]]);
});

Deno.test("globMatch: * any run (dots too), ? one character, the rest literal", () => {
  assert.equal(globMatch("cpg.*", "cpg.edges.calls"), true);
  assert.equal(globMatch("cpg.?dges.*", "cpg.edges.calls"), true);
  assert.equal(globMatch("cpg.e", "cpg.edges"), false);
  assert.equal(globMatch("a+b", "a+b"), true);
  assert.equal(globMatch("a+b", "aab"), false);
});
