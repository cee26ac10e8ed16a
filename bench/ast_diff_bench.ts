/**
 * Benchmark of the AST diff (SPEC 8) on plan pairs of about 1,000 nodes each.
 * Target: well under 100 ms per pair. Run: `deno bench -A bench/ast_diff_bench.ts`.
 *
 * @module
 */

import { applyAstEdits, diffAst, type JsonValue } from "../src/diff/ast_diff.ts";
import { renderAstDiff } from "../src/diff/ast_render.ts";

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLS = ["call_id", "caller_id", "callee", "score", "kind", "path", "line", "col"];
const FNS = ["and", "or", "gt", "ge", "lt", "eq", "ne", "add", "sub", "mul", "coalesce"];

function expr(r: () => number, depth: number): JsonValue {
  const pick = r();
  if (depth <= 0 || pick < 0.3) return { col: COLS[Math.floor(r() * COLS.length)] as string };
  if (pick < 0.45) return { lit: Math.floor(r() * 100), type: "int64" };
  const n = 2 + Math.floor(r() * 2);
  const args: JsonValue[] = [];
  for (let i = 0; i < n; i++) args.push(expr(r, depth - 1));
  return { fn: FNS[Math.floor(r() * FNS.length)] as string, args };
}

function op(r: () => number, i: number): JsonValue {
  switch (i % 4) {
    case 0:
      return { op: "filter", predicate: expr(r, 3) };
    case 1:
      return {
        op: "derive",
        columns: [{ name: `d${i}`, expr: expr(r, 3) }, { name: `e${i}`, expr: expr(r, 2) }],
      };
    case 2:
      return {
        op: "join",
        kind: "left",
        on: [["callee", "name"]],
        right: {
          ops: [{ op: "scan", dataset: `functions_${i}`, columns: ["function_id", "name"] }],
        },
      };
    default:
      return { op: "order_by", keys: [{ expr: expr(r, 1), dir: "asc", nulls: "last" }] };
  }
}

function countNodes(v: JsonValue): number {
  if (Array.isArray(v)) return 1 + v.reduce((s: number, c) => s + countNodes(c), 0);
  if (v !== null && typeof v === "object") {
    return 1 + Object.values(v).reduce((s: number, c) => s + countNodes(c), 0);
  }
  return 1;
}

/** A RelPlan-shaped tree of at least `target` nodes. */
function makePlan(
  seed: number,
  target: number,
): { relplan: number; name: string; ops: JsonValue[] } {
  const r = rng(seed);
  const ops: JsonValue[] = [{
    op: "scan",
    dataset: "calls",
    columns: [...COLS],
    predicate: expr(r, 3),
  }];
  const plan = { relplan: 1, name: "bench.plan", ops, ordering: { level: "unordered" } };
  for (let i = 1; countNodes(plan) < target; i++) ops.push(op(r, i));
  return plan;
}

const LEFT = makePlan(1, 1000);
/** The same plan after a typical revision: a moved op, a removed op, an added filter,
 * changed literals and function names, reordered scan columns. */
const RIGHT = (() => {
  const right = structuredClone(LEFT);
  const ops = right.ops;
  const moved = ops.splice(3, 1)[0] as JsonValue;
  ops.splice(ops.length - 2, 0, moved);
  ops.splice(7, 1);
  ops.splice(5, 0, { op: "filter", predicate: { fn: "is_not_null", args: [{ col: "score" }] } });
  (ops[0] as { columns: string[] }).columns.reverse();
  let changed = 0;
  (function walk(v: JsonValue): void {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      if (typeof v.lit === "number" && changed++ % 5 === 0) v.lit = v.lit + 1;
      if (v.fn === "gt" && changed++ % 3 === 0) v.fn = "ge";
    }
    if (v !== null && typeof v === "object") { for (const c of Object.values(v)) walk(c); }
  })(right);
  return right;
})();
const OTHER = makePlan(2, 1000);

// Sanity, outside the timed code: the scripts apply.
for (const right of [RIGHT, OTHER]) {
  const edits = diffAst(LEFT, right);
  const applied = applyAstEdits(LEFT, edits);
  if (countNodes(applied) !== countNodes(right)) {
    throw new Error("bench: the edit script does not apply");
  }
}
console.log(
  `nodes: left ${countNodes(LEFT)}, revised ${countNodes(RIGHT)} (${
    diffAst(LEFT, RIGHT).length
  } edits), ` +
    `unrelated ${countNodes(OTHER)} (${diffAst(LEFT, OTHER).length} edits)`,
);

Deno.bench("diffAst: 1,000-node plan vs a revision of it", { group: "ast", baseline: true }, () => {
  diffAst(LEFT, RIGHT);
});

Deno.bench("diffAst: 1,000-node plan vs an unrelated plan", { group: "ast" }, () => {
  diffAst(LEFT, OTHER);
});

Deno.bench("diffAst: 1,000-node plan vs itself", { group: "ast" }, () => {
  diffAst(LEFT, structuredClone(LEFT));
});

const EDITS = diffAst(LEFT, RIGHT);
Deno.bench("applyAstEdits: 1,000-node revision", { group: "ast" }, () => {
  applyAstEdits(LEFT, EDITS);
});

Deno.bench("renderAstDiff: 1,000-node revision", { group: "ast" }, () => {
  renderAstDiff(LEFT, RIGHT, EDITS);
});
