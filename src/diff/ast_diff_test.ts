import assert from "node:assert/strict";
import fc from "fast-check";
import {
  applyAstEdits,
  type AstEdit,
  astEditsToJson,
  defaultObjectLabel,
  defaultUnorderedChildren,
  diffAst,
  type JsonObject,
  type JsonValue,
} from "./ast_diff.ts";
import { renderAstDiff } from "./ast_render.ts";
import { formatPath, parsePath } from "./_ast_path.ts";

// ---- fixtures -------------------------------------------------------------------------------

function lit(v: number): JsonValue {
  return { lit: v, type: "int64" };
}
function col(name: string): JsonValue {
  return { col: name };
}
function fn(name: string, ...args: JsonValue[]): JsonValue {
  return { fn: name, args };
}

const SCAN: JsonValue = {
  op: "scan",
  dataset: "calls",
  columns: ["a", "b", "c"],
  predicate: fn("and", fn("gt", col("a"), lit(1)), fn("is_not_null", col("b"))),
};
const FILTER: JsonValue = { op: "filter", predicate: fn("lt", col("c"), lit(10)) };
const DERIVE: JsonValue = {
  op: "derive",
  columns: [{ name: "d", expr: fn("sub", col("a"), col("c")) }],
};
const PROJECT: JsonValue = {
  op: "project",
  columns: [{ name: "a", expr: col("a") }, { name: "d", expr: col("d") }],
};
const LIMIT: JsonValue = { op: "limit", count: 10 };

function plan(...ops: JsonValue[]): JsonValue {
  return { relplan: 1, name: "x", ops, ordering: { level: "unordered" } };
}

const LEFT = plan(SCAN, FILTER, DERIVE, PROJECT, LIMIT);

function scanWith(predicate: JsonValue, columns: JsonValue = ["a", "b", "c"]): JsonValue {
  return { op: "scan", dataset: "calls", columns, predicate };
}

// ---- helpers --------------------------------------------------------------------------------

/** A plain copy with the elements of set-valued arrays sorted (the order apply may not keep). */
function normalize(v: JsonValue, isSet = false): JsonValue {
  if (Array.isArray(v)) {
    const items = v.map((c) => normalize(c));
    if (isSet) items.sort((x, y) => compareText(sortKey(x), sortKey(y)));
    return items;
  }
  if (v !== null && typeof v === "object") {
    const obj = v as JsonObject;
    return Object.fromEntries(
      Object.keys(obj).map((k) => {
        const c = obj[k] as JsonValue;
        return [k, normalize(c, Array.isArray(c) && defaultUnorderedChildren(obj, k))];
      }),
    );
  }
  return v;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKey(v: JsonValue): string {
  if (Array.isArray(v)) return "[" + v.map(sortKey).join(",") + "]";
  if (v !== null && typeof v === "object") {
    const obj = v as JsonObject;
    return "{" + Object.keys(obj).sort().map((k) =>
      JSON.stringify(k) + ":" + sortKey(obj[k] as JsonValue)
    ).join(",") +
      "}";
  }
  return Object.is(v, -0) ? "-0" : JSON.stringify(v);
}

function at(tree: JsonValue, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = tree;
  for (const seg of parsePath(path)) {
    if (node === null || typeof node !== "object") return undefined;
    node = Array.isArray(node)
      ? (typeof seg === "number" ? node[seg] : undefined)
      : (typeof seg === "string" && Object.hasOwn(node, seg) ? node[seg] : undefined);
  }
  return node;
}

function kinds(edits: readonly AstEdit[]): string[] {
  return edits.map((e) => `${e.kind} ${e.leftPath} -> ${e.rightPath}`);
}

/** Checks the invariants every script must keep, and that applying it gives `right`. */
function checkScript(left: JsonValue, right: JsonValue): readonly AstEdit[] {
  const edits = diffAst(left, right);
  assert.deepEqual(normalize(applyAstEdits(left, edits)), normalize(right));
  for (const e of edits) {
    assert.equal(e.leftPath === null, e.kind === "insert");
    assert.equal(e.rightPath === null, e.kind === "delete");
    if (e.leftPath !== null) {
      assert.deepEqual(
        normalize(e.left as JsonValue),
        normalize(at(left, e.leftPath) as JsonValue),
      );
    }
    if (e.rightPath !== null) {
      assert.deepEqual(
        normalize(e.right as JsonValue),
        normalize(at(right, e.rightPath) as JsonValue),
      );
    }
  }
  return edits;
}

// ---- single edits ---------------------------------------------------------------------------

Deno.test("diffAst: identical trees give no edits", () => {
  assert.deepEqual(diffAst(LEFT, structuredClone(LEFT)), []);
  assert.deepEqual(diffAst(null, null), []);
  assert.deepEqual(diffAst([], []), []);
});

Deno.test("diffAst: a changed literal value is one update", () => {
  const right = plan(
    scanWith(fn("and", fn("gt", col("a"), lit(2)), fn("is_not_null", col("b")))),
    FILTER,
    DERIVE,
    PROJECT,
    LIMIT,
  );
  assert.deepEqual(checkScript(LEFT, right), [{
    kind: "update",
    leftPath: "$.ops[0].predicate.args[0].args[1].lit",
    rightPath: "$.ops[0].predicate.args[0].args[1].lit",
    left: 1,
    right: 2,
  }]);
});

Deno.test("diffAst: gt -> ge is one update of the function name", () => {
  const right = plan(
    scanWith(fn("and", fn("ge", col("a"), lit(1)), fn("is_not_null", col("b")))),
    FILTER,
    DERIVE,
    PROJECT,
    LIMIT,
  );
  assert.deepEqual(checkScript(LEFT, right), [{
    kind: "update",
    leftPath: "$.ops[0].predicate.args[0].fn",
    rightPath: "$.ops[0].predicate.args[0].fn",
    left: "gt",
    right: "ge",
  }]);
});

Deno.test("diffAst: an added filter op is one insert", () => {
  const added: JsonValue = { op: "filter", predicate: fn("is_null", col("d")) };
  const right = plan(SCAN, FILTER, DERIVE, added, PROJECT, LIMIT);
  assert.deepEqual(checkScript(LEFT, right), [{
    kind: "insert",
    leftPath: null,
    rightPath: "$.ops[3]",
    right: added,
    parentLeftPath: "$.ops",
  }]);
});

Deno.test("diffAst: a removed filter op is one delete", () => {
  const right = plan(SCAN, DERIVE, PROJECT, LIMIT);
  assert.deepEqual(checkScript(LEFT, right), [{
    kind: "delete",
    leftPath: "$.ops[1]",
    rightPath: null,
    left: FILTER,
  }]);
});

Deno.test("diffAst: a filter op moved from index 1 to index 3 is one move", () => {
  const right = plan(SCAN, DERIVE, PROJECT, FILTER, LIMIT);
  assert.deepEqual(checkScript(LEFT, right), [{
    kind: "move",
    leftPath: "$.ops[1]",
    rightPath: "$.ops[3]",
    left: FILTER,
    right: FILTER,
    parentLeftPath: "$.ops",
  }]);
});

Deno.test("diffAst: an unrelated op at another place is a delete and an insert, not a move", () => {
  const other: JsonValue = { op: "filter", predicate: fn("is_null", col("d")) };
  const right = plan(SCAN, DERIVE, other, PROJECT, LIMIT);
  assert.deepEqual(kinds(checkScript(LEFT, right)), [
    "insert null -> $.ops[2]",
    "delete $.ops[1] -> null",
  ]);
});

Deno.test("diffAst: swapped identical scalars in an ordered array are one move", () => {
  assert.deepEqual(kinds(checkScript({ tags: ["a", "b", "c"] }, { tags: ["b", "a", "c"] })), [
    "move $.tags[1] -> $.tags[0]",
  ]);
});

Deno.test("diffAst: a filter moved into a join's sub-plan is one move", () => {
  const join = (ops: JsonValue[]): JsonValue => ({
    op: "join",
    kind: "inner",
    on: [["a", "id"]],
    right: { ops: [{ op: "scan", dataset: "functions" }, ...ops] },
  });
  const left = plan(SCAN, join([]), FILTER, LIMIT);
  const right = plan(SCAN, join([FILTER]), LIMIT);
  assert.deepEqual(kinds(checkScript(left, right)), ["move $.ops[2] -> $.ops[1].right.ops[1]"]);
});

Deno.test("diffAst: a predicate wrapped in `and` is an insert of the wrapper and one move", () => {
  const p = fn("gt", col("a"), lit(1));
  const left: JsonValue = { op: "filter", predicate: p };
  const right: JsonValue = { op: "filter", predicate: fn("and", p, fn("is_null", col("b"))) };
  assert.deepEqual(kinds(checkScript(left, right)), [
    "insert null -> $.predicate",
    "move $.predicate -> $.predicate.args[0]",
  ]);
});

Deno.test("diffAst: swapped args of `and` are no edit, of `sub` are", () => {
  const swappedAnd = plan(
    scanWith(fn("and", fn("is_not_null", col("b")), fn("gt", col("a"), lit(1)))),
    FILTER,
    DERIVE,
    PROJECT,
    LIMIT,
  );
  assert.deepEqual(checkScript(LEFT, swappedAnd), []);

  const swappedSub = plan(
    SCAN,
    FILTER,
    {
      op: "derive",
      columns: [{ name: "d", expr: fn("sub", col("c"), col("a")) }],
    },
    PROJECT,
    LIMIT,
  );
  const edits = checkScript(LEFT, swappedSub);
  assert.notEqual(edits.length, 0);
  assert.deepEqual(applyAstEdits(LEFT, edits), swappedSub);
  assert.deepEqual(kinds(edits), [
    "move $.ops[2].columns[0].expr.args[1] -> $.ops[2].columns[0].expr.args[0]",
  ]);
});

Deno.test("diffAst: reordered scan columns are no edit", () => {
  const right = plan(
    scanWith(SCAN.predicate as JsonValue, ["c", "a", "b"]),
    FILTER,
    DERIVE,
    PROJECT,
    LIMIT,
  );
  assert.deepEqual(checkScript(LEFT, right), []);
});

Deno.test("diffAst: unorderedChildren option decides which arrays are sets", () => {
  assert.deepEqual(diffAst({ tags: ["a", "b"] }, { tags: ["b", "a"] }).length, 1);
  assert.deepEqual(
    diffAst({ tags: ["a", "b"] }, { tags: ["b", "a"] }, {
      unorderedChildren: (_, key) => key === "tags",
    }),
    [],
  );
  // a set only when it is one on both sides: and -> sub with swapped args needs a move
  const edits = checkScript(fn("and", col("a"), col("b")), fn("sub", col("b"), col("a")));
  assert.deepEqual(kinds(edits), ["update $.fn -> $.fn", "move $.args[1] -> $.args[0]"]);
});

Deno.test("diffAst: changed root kind is a delete and an insert of the root", () => {
  assert.deepEqual(checkScript({ a: 1 }, "x"), [
    { kind: "insert", leftPath: null, rightPath: "$", right: "x" },
    { kind: "delete", leftPath: "$", rightPath: null, left: { a: 1 } },
  ]);
  assert.deepEqual(checkScript(1, 2), [{
    kind: "update",
    leftPath: "$",
    rightPath: "$",
    left: 1,
    right: 2,
  }]);
});

Deno.test("diffAst: keys that are not identifiers are quoted in paths", () => {
  assert.deepEqual(
    checkScript({ "a b": { x: 1 }, "x-1": 2 }, { "a b": { x: 2 }, "x-1": 2, "": 3 }),
    [
      { kind: "update", leftPath: '$["a b"].x', rightPath: '$["a b"].x', left: 1, right: 2 },
      { kind: "insert", leftPath: null, rightPath: '$[""]', right: 3, parentLeftPath: "$" },
    ],
  );
});

Deno.test("diffAst: -0 and 0 differ, 1 and '1' differ", () => {
  assert.deepEqual(kinds(checkScript([0, 1], [-0, "1"])), [
    "update $[0] -> $[0]",
    "update $[1] -> $[1]",
  ]);
});

Deno.test("diffAst: edits and their values are frozen copies", () => {
  const left: JsonValue = { a: { b: [1] } };
  const right: JsonValue = { c: { b: [1] } };
  const edits = diffAst(left, right);
  assert.deepEqual(kinds(edits), ["move $.a -> $.c"]);
  assert.ok(Object.isFrozen(edits));
  const e = edits[0] as AstEdit;
  assert.ok(Object.isFrozen(e));
  assert.ok(Object.isFrozen(e.left));
  assert.ok(Object.isFrozen((e.left as { b: JsonValue }).b));
  assert.ok(!Object.isFrozen(left.a));
  assert.deepEqual(left, { a: { b: [1] } });
});

Deno.test("diffAst: deterministic", () => {
  const right = plan(
    scanWith(fn("or", fn("ge", col("a"), lit(5)), col("e")), ["b", "c"]),
    DERIVE,
    LIMIT,
    FILTER,
    { op: "distinct" },
  );
  const first = diffAst(LEFT, right);
  const again = diffAst(structuredClone(LEFT), structuredClone(right));
  assert.deepEqual(again, first);
  assert.equal(JSON.stringify(again), JSON.stringify(first));
  checkScript(LEFT, right);
});

Deno.test("defaults: unordered children and object labels", () => {
  assert.equal(defaultUnorderedChildren({ fn: "eq_null_safe", args: [] }, "args"), true);
  assert.equal(defaultUnorderedChildren({ fn: "and", args: [] }, "other"), false);
  assert.equal(defaultUnorderedChildren({ op: "project", columns: [] }, "columns"), false);
  assert.equal(defaultObjectLabel({ lit: null, type: "int64" }), "lit");
  assert.equal(defaultObjectLabel({ op: "scan", fn: "x" }), "op:scan");
});

Deno.test("astEditsToJson: plain records without absent values", () => {
  assert.deepEqual(astEditsToJson(diffAst({ a: 1, b: 2 }, { a: 3 })), [
    { kind: "update", leftPath: "$.a", rightPath: "$.a", left: 1, right: 3 },
    { kind: "delete", leftPath: "$.b", rightPath: null, left: 2 },
  ]);
});

Deno.test("paths: format and parse round-trip", () => {
  const segs = ["ops", 2, "a b", "", 'q"\\', "$x_1", 10];
  const text = formatPath(segs);
  assert.equal(text, '$.ops[2]["a b"][""]["q\\"\\\\"].$x_1[10]');
  assert.deepEqual(parsePath(text), segs);
  assert.throws(() => parsePath("ops"), /must start with/);
  assert.throws(() => parsePath("$[01]"), /unexpected text/);
});

Deno.test("applyAstEdits: rejects paths that are not in the tree", () => {
  assert.throws(
    () => applyAstEdits({ a: 1 }, [{ kind: "delete", leftPath: "$.b", rightPath: null, left: 1 }]),
    /\$\.b is not in the left tree/,
  );
});

// ---- properties -----------------------------------------------------------------------------

const colName = fc.constantFrom("a", "b", "c", "d");
const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ col: colName }),
    fc.record({ lit: fc.integer({ min: 0, max: 3 }), type: fc.constant("int64") }),
    fc.record({
      fn: fc.constantFrom("and", "or", "add", "sub", "gt", "eq", "not"),
      args: fc.array(tie("expr"), { minLength: 1, maxLength: 3 }),
    }),
  ),
}));
const op = fc.oneof(
  fc.record({ op: fc.constant("filter"), predicate: expr }),
  fc.record({
    op: fc.constant("scan"),
    dataset: fc.constantFrom("x", "y"),
    columns: fc.uniqueArray(colName, { maxLength: 4 }),
  }),
  fc.record({ op: fc.constant("limit"), count: fc.integer({ min: 0, max: 5 }) }),
  fc.record({
    op: fc.constant("derive"),
    columns: fc.array(fc.record({ name: colName, expr }), { maxLength: 2 }),
  }),
);
const planArb = fc.record({
  relplan: fc.constant(1),
  ops: fc.array(op, { maxLength: 6 }),
}) as fc.Arbitrary<
  JsonValue
>;
const jsonArb = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<JsonValue>;

interface Step {
  kind: number;
  a: number;
  b: number;
  c: number;
}
const steps = fc.array(
  fc.record({ kind: fc.nat(4), a: fc.nat(), b: fc.nat(), c: fc.integer({ min: -3, max: 3 }) }),
  { maxLength: 4 },
);

/** Applies random structural changes to a copy: update, delete, move, swap, duplicate. */
function mutate(tree: JsonValue, plan: readonly Step[]): JsonValue {
  const root: { v: JsonValue } = { v: normalize(tree) };
  for (const s of plan) {
    const containers: JsonValue[][] | { [k: string]: JsonValue }[] = [];
    const all: (JsonValue[] | { [k: string]: JsonValue })[] = containers;
    (function walk(v: JsonValue): void {
      if (v !== null && typeof v === "object") {
        all.push(v);
        for (const c of Array.isArray(v) ? v : Object.values(v)) walk(c);
      }
    })(root.v);
    if (all.length === 0) {
      root.v = s.c;
      continue;
    }
    const box = all[s.a % all.length] as JsonValue[] | { [k: string]: JsonValue };
    const keys = Array.isArray(box) ? box.map((_, i) => i) : Object.keys(box);
    if (keys.length === 0) {
      if (Array.isArray(box)) box.push(s.c);
      else box[`k${s.b % 3}`] = s.c;
      continue;
    }
    const key = keys[s.b % keys.length] as string | number;
    const get = (): JsonValue => (box as Record<string | number, JsonValue>)[key] as JsonValue;
    switch (s.kind) {
      case 0: { // update a scalar (or replace a subtree)
        (box as Record<string | number, JsonValue>)[key] = typeof get() === "number"
          ? (get() as number) + 1
          : s.c;
        break;
      }
      case 1: // delete
        if (Array.isArray(box)) box.splice(key as number, 1);
        else delete box[key as string];
        break;
      case 2: { // move an element to another array
        const moved = get();
        if (Array.isArray(box)) box.splice(key as number, 1);
        else delete box[key as string];
        const arrays: JsonValue[][] = [];
        (function walk(v: JsonValue): void {
          if (Array.isArray(v)) arrays.push(v);
          if (v !== null && typeof v === "object") {
            for (
              const c of Array.isArray(v) ? v : Object.values(v)
            ) walk(c);
          }
        })(root.v);
        const target = arrays[(s.a >> 3) % Math.max(1, arrays.length)];
        if (target === undefined) root.v = [root.v, moved];
        else target.splice(s.c < 0 ? 0 : Math.min(target.length, s.c), 0, moved);
        break;
      }
      case 3: // swap within an array / rename a key
        if (Array.isArray(box)) {
          const j = (s.b >> 2) % box.length;
          const x = box[j] as JsonValue;
          box[j] = box[key as number] as JsonValue;
          box[key as number] = x;
        } else {
          const v = get();
          delete box[key as string];
          box[`r${s.c + 3}`] = v;
        }
        break;
      default: { // duplicate a subtree
        const copy = structuredClone(get());
        if (Array.isArray(box)) box.splice(s.c < 0 ? 0 : Math.min(box.length, s.c), 0, copy);
        else box[`d${s.c + 3}`] = copy;
      }
    }
  }
  return root.v;
}

Deno.test("property: applying the script to left gives right (random JSON)", () => {
  fc.assert(
    fc.property(jsonArb, jsonArb, (left, right) => {
      checkScript(left, right);
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: applying the script gives right (plans and their mutations)", () => {
  fc.assert(
    fc.property(planArb, steps, planArb, fc.boolean(), (left, s, other, mutated) => {
      const right = mutated ? mutate(left, s) : other;
      checkScript(left, right);
    }),
    { numRuns: 400 },
  );
});

Deno.test("property: applying the script gives right (random JSON mutations)", () => {
  fc.assert(
    fc.property(jsonArb, steps, (left, s) => {
      checkScript(left, mutate(left, s));
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: deterministic, no edits against itself, rendered iff edits", () => {
  fc.assert(
    fc.property(planArb, steps, (left, s) => {
      const right = mutate(left, s);
      const edits = diffAst(left, right);
      assert.deepEqual(diffAst(left, right), edits);
      assert.deepEqual(diffAst(left, structuredClone(left)), []);
      assert.equal(renderAstDiff(left, right, edits) === "", edits.length === 0);
    }),
    { numRuns: 200 },
  );
});

Deno.test("diffAst: an insert inside a reordered set element names its parent on the left", () => {
  const left = fn("and", fn("gt", col("a"), lit(1)), fn("sub", col("b"), col("c")));
  const right = fn("and", fn("sub", col("b"), col("c"), col("d")), fn("gt", col("a"), lit(1)));
  assert.deepEqual(checkScript(left, right), [{
    kind: "insert",
    leftPath: null,
    rightPath: "$.args[0].args[2]",
    right: { col: "d" },
    parentLeftPath: "$.args[1].args",
  }]);
});
