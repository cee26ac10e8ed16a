import assert from "node:assert/strict";
import { diffAst, type JsonValue } from "./ast_diff.ts";
import { renderAstDiff } from "./ast_render.ts";

const LEFT: JsonValue = {
  ops: [
    { op: "scan", dataset: "t" },
    { op: "filter", predicate: { col: "a" } },
    { op: "limit", count: 1 },
  ],
  x: true,
};
const RIGHT: JsonValue = {
  ops: [
    { op: "scan", dataset: "t" },
    { op: "limit", count: 2 },
    { op: "filter", predicate: { col: "a" } },
    { op: "distinct" },
  ],
};

Deno.test("renderAstDiff: move, update inside the move, insert and delete", () => {
  const edits = diffAst(LEFT, RIGHT);
  assert.deepEqual(edits.map((e) => `${e.kind} ${e.leftPath} -> ${e.rightPath}`), [
    "move $.ops[2] -> $.ops[1]",
    "update $.ops[2].count -> $.ops[1].count",
    "insert null -> $.ops[3]",
    "delete $.x -> null",
  ]);
  assert.equal(
    renderAstDiff(LEFT, RIGHT, edits, { context: 1, leftLabel: "legacy", rightLabel: "new" }),
    [
      "--- legacy",
      "+++ new",
      "@@ -6,2 +6,6 @@",
      "     },",
      "~    {  // moved from $.ops[2]",
      '~      "op": "limit",',
      '+      "count": 2',
      "~    },",
      "     {",
      "@@ -12,8 +16,6 @@",
      "     },",
      "~    {  // moved to $.ops[1]",
      '~      "op": "limit",',
      '-      "count": 1',
      "~    }",
      "+    {",
      '+      "op": "distinct"',
      "+    }",
      "   ]",
      '-  "x": true',
      " }",
      "",
    ].join("\n"),
  );
});

Deno.test("renderAstDiff: default context merges nearby changes into one hunk", () => {
  const left: JsonValue = { a: 1, b: 2, c: 3 };
  const right: JsonValue = { a: 1, b: 20, c: 3 };
  assert.equal(
    renderAstDiff(left, right, diffAst(left, right)),
    '--- left\n+++ right\n@@ -1,5 +1,5 @@\n {\n   "a": 1,\n-  "b": 2,\n+  "b": 20,\n   "c": 3\n }\n',
  );
});

Deno.test("renderAstDiff: no edits render as the empty string", () => {
  assert.equal(renderAstDiff(LEFT, LEFT, []), "");
});

Deno.test("renderAstDiff: ANSI colors only when asked", () => {
  const edits = diffAst(LEFT, RIGHT);
  assert.ok(!renderAstDiff(LEFT, RIGHT, edits).includes("\x1b"));
  const colored = renderAstDiff(LEFT, RIGHT, edits, { color: true }).split("\n");
  assert.equal(colored[0], "\x1b[1m--- left\x1b[0m");
  assert.equal(colored[2], "\x1b[36m@@ -4,16 +4,18 @@\x1b[0m");
  assert.ok(colored.includes('\x1b[31m-      "count": 1\x1b[0m'));
  assert.ok(colored.includes('\x1b[32m+      "count": 2\x1b[0m'));
  assert.ok(colored.includes("\x1b[35m~    {  // moved to $.ops[1]\x1b[0m"));
  assert.ok(colored.includes("   ]"));
});

Deno.test("renderAstDiff: set elements are shown sorted, so a reorder shows nothing", () => {
  const left: JsonValue = { op: "scan", columns: ["b", "a"], dataset: "t" };
  const right: JsonValue = { op: "scan", columns: ["a", "b"], dataset: "u" };
  assert.equal(
    renderAstDiff(left, right, diffAst(left, right), { context: 0 }),
    '--- left\n+++ right\n@@ -7,1 +7,1 @@\n-  "dataset": "t"\n+  "dataset": "u"\n',
  );
});

Deno.test("renderAstDiff: whole-tree replacement and unknown paths", () => {
  assert.equal(
    renderAstDiff([1], "x", diffAst([1], "x")),
    '--- left\n+++ right\n@@ -1,3 +1,1 @@\n-[\n-  1\n-]\n+"x"\n',
  );
  assert.throws(
    () => renderAstDiff({}, {}, [{ kind: "delete", leftPath: "$.a", rightPath: null, left: 1 }]),
    /\$\.a is not in the tree/,
  );
});
