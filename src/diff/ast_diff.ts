/**
 * AST diff (SPEC section 8): an edit script between two canonical plan trees.
 *
 * Trees are plain JSON values. Nodes are matched GumTree-style (identical subtrees top-down by
 * structural hash, the rest bottom-up by the dice similarity of matched descendants, then
 * children of matched nodes by key or position), and the edit script is derived from the
 * matching the way Chawathe et al. do: `insert`, `delete`, `update` (a matched scalar whose
 * value changed) and `move` (a matched subtree whose parent or place changed).
 *
 * @module
 */

import { longestIncreasing, matchTrees } from "./_ast_match.ts";
import { compareSegments, formatPath, parsePath, type PathSegment } from "./_ast_path.ts";
import { ARR, type IndexedTree, indexTree, Interner, OBJ, SCALAR } from "./_ast_tree.ts";

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** A JSON object, as handed to the diff's callbacks. */
export type JsonObject = { readonly [k: string]: JsonValue };

/**
 * One edit. Paths are JSON paths (`$.ops[2].predicate.args[1]`, keys that are not
 * identifiers as `["key"]`): `leftPath` in the left (old) tree, `rightPath` in the right (new)
 * tree, both as they are in the original trees (not after earlier edits).
 *
 * - `insert`: `rightPath` and `right`, the whole new subtree as it is in the right tree
 *   (nodes moved into it are also reported as moves).
 * - `delete`: `leftPath` and `left`, the whole removed subtree as it was in the left tree
 *   (nodes moved out of it are also reported as moves).
 * - `update`: a scalar that kept its identity but changed value; `left` old, `right` new.
 * - `move`: a subtree whose parent, key or place among its kept siblings changed; `left` and
 *   `right` are the subtree before and after (they differ when edits happened inside it).
 *
 * Inserts and moves also carry `parentLeftPath`, the left-tree path of the node they are placed
 * into, when that node was in the left tree (it is absent when the subtree lands in an inserted
 * node or is the root). It lets {@link applyAstEdits} find the destination even where set-valued
 * arrays (see {@link AstDiffOptions.unorderedChildren}) were reordered, so that an index in
 * `rightPath` names another element on the left.
 */
export interface AstEdit {
  /** What happened to the node. */
  readonly kind: "insert" | "delete" | "update" | "move";
  /** Path of the node in the left tree; null for an insert. */
  readonly leftPath: string | null;
  /** Path of the node in the right tree; null for a delete. */
  readonly rightPath: string | null;
  /** The old value or subtree (delete, update, move). */
  readonly left?: JsonValue;
  /** The new value or subtree (insert, update, move). */
  readonly right?: JsonValue;
  /** Insert and move: left-tree path of the node placed into, when it was in the left tree. */
  readonly parentLeftPath?: string;
}

/** Options of {@link diffAst}. */
export interface AstDiffOptions {
  /**
   * Whether the array `node[key]` is a set: reordering its elements is no edit.
   * Default: {@link defaultUnorderedChildren}. An array counts as a set when it is one on
   * both sides.
   */
  readonly unorderedChildren?: (node: JsonObject, key: string) => boolean;
  /**
   * Label of an object node; only objects with equal labels are matched by similarity or
   * position (identical subtrees always match). Default: {@link defaultObjectLabel}.
   */
  readonly objectLabel?: (node: JsonObject) => string;
  /** Smallest height of an identical subtree matched top-down (default 2: leaves are not). */
  readonly minHeight?: number;
  /** Smallest dice similarity for a bottom-up match (default 0.5). */
  readonly minDice?: number;
}

const COMMUTATIVE = new Set(["and", "or", "eq", "ne", "add", "mul", "eq_null_safe"]);

/**
 * The default set-valued arrays of a RelPlan: `args` of the commutative functions
 * (`and or eq ne add mul eq_null_safe`) and `columns` of a `scan` op.
 *
 * @example Which arrays are sets
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultUnorderedChildren } from "./ast_diff.ts";
 *
 * assert.equal(defaultUnorderedChildren({ fn: "and", args: [] }, "args"), true);
 * assert.equal(defaultUnorderedChildren({ fn: "sub", args: [] }, "args"), false);
 * assert.equal(defaultUnorderedChildren({ op: "scan", columns: [] }, "columns"), true);
 * ```
 */
export function defaultUnorderedChildren(node: JsonObject, key: string): boolean {
  const fn = node.fn;
  if (key === "args" && typeof fn === "string" && COMMUTATIVE.has(fn)) return true;
  return key === "columns" && node.op === "scan";
}

/**
 * The default object label: `op:<name>` for RelOps; `fn`, `col`, `lit`, `param`, `cast` or
 * `case` for ExprIR nodes; `""` for any other object.
 *
 * @example Labels
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultObjectLabel } from "./ast_diff.ts";
 *
 * assert.equal(defaultObjectLabel({ op: "filter", predicate: { col: "a" } }), "op:filter");
 * assert.equal(defaultObjectLabel({ fn: "gt", args: [] }), "fn");
 * assert.equal(defaultObjectLabel({ name: "x" }), "");
 * ```
 */
export function defaultObjectLabel(node: JsonObject): string {
  if (typeof node.op === "string") return "op:" + node.op;
  for (const key of EXPR_KEYS) if (Object.hasOwn(node, key)) return key;
  return "";
}

const EXPR_KEYS = ["fn", "col", "lit", "param", "cast", "case"] as const;

/**
 * Computes the edit script that turns `left` into `right`.
 *
 * Deterministic: the same inputs give the same edits in the same order. Order: first, in
 * pre-order of the right tree, each node's `move`, then its `update`, and the `insert` of each
 * inserted subtree; then the `delete`s in pre-order of the left tree. Edits (and the values in
 * them) are frozen copies; the inputs are not changed.
 *
 * @example A changed literal is one update
 * ```ts
 * import assert from "node:assert/strict";
 * import { diffAst, type JsonValue } from "./ast_diff.ts";
 *
 * const left: JsonValue = { op: "filter", predicate: { fn: "gt", args: [{ col: "a" }, { lit: 1 }] } };
 * const right: JsonValue = { op: "filter", predicate: { fn: "gt", args: [{ col: "a" }, { lit: 2 }] } };
 * assert.deepEqual(diffAst(left, right), [{
 *   kind: "update",
 *   leftPath: "$.predicate.args[1].lit",
 *   rightPath: "$.predicate.args[1].lit",
 *   left: 1,
 *   right: 2,
 * }]);
 * ```
 */
export function diffAst(
  left: JsonValue,
  right: JsonValue,
  options: AstDiffOptions = {},
): readonly AstEdit[] {
  const interner = new Interner();
  const unordered = options.unorderedChildren ?? defaultUnorderedChildren;
  const label = options.objectLabel ?? defaultObjectLabel;
  const l = indexTree(left, interner, unordered, label);
  const r = indexTree(right, interner, unordered, label);
  const m = matchTrees(l, r, {
    minHeight: options.minHeight ?? 2,
    minDice: options.minDice ?? 0.5,
  });
  return Object.freeze(editScript(l, r, m.left, m.right));
}

function editScript(l: IndexedTree, r: IndexedTree, ml: Int32Array, mr: Int32Array): AstEdit[] {
  // stay[y] = 1 when matched right node y is where its partner was: same parent pair, same key,
  // and (in ordered arrays) on the longest in-order run of kept siblings.
  const stay = new Uint8Array(r.count);
  for (let y = 0; y < r.count; y++) {
    const x = mr[y] as number;
    if (x < 0) continue;
    const py = r.parent[y] as number;
    const px = l.parent[x] as number;
    if (py < 0 || px < 0) {
      if (py < 0 && px < 0) stay[y] = 1;
      continue;
    }
    if (ml[px] !== py) continue;
    if (r.kind[py] === OBJ) {
      if (r.edge[y] === l.edge[x]) stay[y] = 1;
    } else if (l.unordered[px] && r.unordered[py]) {
      stay[y] = 1;
    }
  }
  for (let py = 0; py < r.count; py++) {
    const px = mr[py] as number;
    if (px < 0 || r.kind[py] !== ARR || (l.unordered[px] && r.unordered[py])) continue;
    const order: number[] = [];
    const weight: number[] = [];
    const ys: number[] = [];
    for (const c1 of l.children[px] as number[]) {
      const c2 = ml[c1] as number;
      if (c2 >= 0 && r.parent[c2] === py) {
        order.push(r.edge[c2] as number);
        weight.push((r.end[c2] as number) - c2);
        ys.push(c2);
      }
    }
    const keep = longestIncreasing(order, weight);
    for (let i = 0; i < ys.length; i++) if (keep[i]) stay[ys[i] as number] = 1;
  }

  function parentOnLeft(y: number): string | undefined {
    const py = r.parent[y] as number;
    const px = py < 0 ? -1 : mr[py] as number;
    return px < 0 ? undefined : l.path(px);
  }

  const edits: AstEdit[] = [];
  for (let y = 0; y < r.count; y++) {
    const x = mr[y] as number;
    if (x < 0) {
      const py = r.parent[y] as number;
      if (py < 0 || (mr[py] as number) >= 0) {
        edits.push(
          makeEdit("insert", null, r.path(y), undefined, r.value[y] as JsonValue, parentOnLeft(y)),
        );
      }
      continue;
    }
    if (!stay[y]) {
      edits.push(
        makeEdit(
          "move",
          l.path(x),
          r.path(y),
          l.value[x] as JsonValue,
          r.value[y] as JsonValue,
          parentOnLeft(y),
        ),
      );
    }
    if (r.kind[y] === SCALAR && !sameScalar(l.value[x] as JsonValue, r.value[y] as JsonValue)) {
      edits.push(
        makeEdit("update", l.path(x), r.path(y), l.value[x] as JsonValue, r.value[y] as JsonValue),
      );
    }
  }
  for (let x = 0; x < l.count; x++) {
    if ((ml[x] as number) >= 0) continue;
    const px = l.parent[x] as number;
    if (px < 0 || (ml[px] as number) >= 0) {
      edits.push(makeEdit("delete", l.path(x), null, l.value[x] as JsonValue, undefined));
    }
  }
  return edits;
}

function sameScalar(a: JsonValue, b: JsonValue): boolean {
  return a === b && (typeof a !== "number" || Object.is(a, b));
}

function makeEdit(
  kind: AstEdit["kind"],
  leftPath: string | null,
  rightPath: string | null,
  left: JsonValue | undefined,
  right: JsonValue | undefined,
  parentLeftPath?: string,
): AstEdit {
  const edit: { -readonly [K in keyof AstEdit]: AstEdit[K] } = { kind, leftPath, rightPath };
  if (left !== undefined) edit.left = frozenCopy(left);
  if (right !== undefined) edit.right = frozenCopy(right);
  if (parentLeftPath !== undefined) edit.parentLeftPath = parentLeftPath;
  return Object.freeze(edit);
}

function frozenCopy(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return Object.freeze(v.map(frozenCopy)) as JsonValue[];
  if (v !== null && typeof v === "object") {
    return Object.freeze(
      Object.fromEntries(Object.keys(v).map((k) => [k, frozenCopy(v[k] as JsonValue)])),
    );
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// apply

type Node =
  | { t: 0; o: Map<string, Node> }
  | { t: 1; a: Node[] }
  | { t: 2; v: JsonValue };

function wrap(v: JsonValue): Node {
  if (Array.isArray(v)) return { t: 1, a: v.map(wrap) };
  if (v !== null && typeof v === "object") {
    return { t: 0, o: new Map(Object.keys(v).map((k) => [k, wrap(v[k] as JsonValue)])) };
  }
  return { t: 2, v };
}

function unwrap(n: Node): JsonValue {
  if (n.t === 2) return n.v;
  if (n.t === 1) return n.a.map(unwrap);
  return Object.fromEntries([...n.o].map(([k, c]) => [k, unwrap(c)]));
}

function child(n: Node, seg: PathSegment): Node | undefined {
  if (n.t === 0 && typeof seg === "string") return n.o.get(seg);
  if (n.t === 1 && typeof seg === "number") return n.a[seg];
  return undefined;
}

/**
 * Applies an edit script from {@link diffAst} to `left` and returns the new tree (`left` is not
 * changed). The result deep-equals the `right` tree the script was computed against, except
 * that elements of set-valued arrays may be in another order.
 *
 * Edits may come in any order, because every path refers to the original trees. They are
 * processed in this documented order: (1) every `leftPath` is resolved in `left`; (2) updates
 * set their scalars; (3) deleted and moved subtrees are cut out; (4) inserted and moved
 * subtrees are placed at their `rightPath`s in depth-first path order (a parent before its
 * children, lower indices first), which makes every index land where the right tree has it.
 * The node placed into is the one `parentLeftPath` names in `left` when it is given, else the
 * one `rightPath` leads to in the tree built so far. Placements inside an inserted subtree are
 * skipped, since an insert carries its whole subtree.
 *
 * Throws a plain Error when a path does not resolve or the script is inconsistent.
 *
 * @example Apply what diffAst reported
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyAstEdits, diffAst } from "./ast_diff.ts";
 *
 * const left = { ops: [{ op: "scan" }, { op: "filter" }, { op: "limit" }] };
 * const right = { ops: [{ op: "scan" }, { op: "limit" }, { op: "filter" }] };
 * assert.deepEqual(applyAstEdits(left, diffAst(left, right)), right);
 * ```
 */
export function applyAstEdits(left: JsonValue, edits: readonly AstEdit[]): JsonValue {
  let root: Node | undefined = wrap(left);
  const start = root;

  function resolve(path: string): { node: Node; parent: Node | undefined; seg: PathSegment } {
    const segs = parsePath(path);
    let node: Node = start;
    let parent: Node | undefined;
    for (const seg of segs) {
      const next = child(node, seg);
      if (next === undefined) {
        throw new Error(`Cannot apply AST edits: ${path} is not in the left tree`);
      }
      parent = node;
      node = next;
    }
    return { node, parent, seg: segs.length > 0 ? segs[segs.length - 1] as PathSegment : "" };
  }

  // 1. resolve
  const updates: { node: Node; value: JsonValue; path: string }[] = [];
  const cuts: { node: Node; parent: Node | undefined; seg: PathSegment }[] = [];
  const placements: {
    segs: PathSegment[];
    node: Node | undefined;
    value: JsonValue | undefined;
    parent: Node | undefined;
  }[] = [];
  for (const e of edits) {
    switch (e.kind) {
      case "update": {
        const at = resolve(requirePath(e.leftPath, e));
        if (e.right === undefined) {
          throw new Error("Cannot apply AST edits: an update without `right`");
        }
        updates.push({ node: at.node, value: e.right, path: e.leftPath as string });
        break;
      }
      case "delete":
        cuts.push(resolve(requirePath(e.leftPath, e)));
        break;
      case "move": {
        const at = resolve(requirePath(e.leftPath, e));
        cuts.push(at);
        placements.push({
          segs: parsePath(requirePath(e.rightPath, e)),
          node: at.node,
          value: undefined,
          parent: e.parentLeftPath === undefined ? undefined : resolve(e.parentLeftPath).node,
        });
        break;
      }
      case "insert":
        if (e.right === undefined) {
          throw new Error("Cannot apply AST edits: an insert without `right`");
        }
        placements.push({
          segs: parsePath(requirePath(e.rightPath, e)),
          node: undefined,
          value: e.right,
          parent: e.parentLeftPath === undefined ? undefined : resolve(e.parentLeftPath).node,
        });
        break;
      default:
        throw new Error(
          `Cannot apply AST edits: unknown edit kind ${JSON.stringify((e as AstEdit).kind)}`,
        );
    }
  }

  // 2. updates
  for (const u of updates) {
    if (u.node.t !== 2) throw new Error(`Cannot apply AST edits: ${u.path} is not a scalar`);
    u.node.v = u.value;
  }

  // 3. cuts
  const removed = new Map<Node, Set<Node>>();
  for (const c of cuts) {
    if (c.parent === undefined) {
      root = undefined;
    } else if (c.parent.t === 0) {
      c.parent.o.delete(c.seg as string);
    } else {
      let set = removed.get(c.parent);
      if (set === undefined) removed.set(c.parent, set = new Set());
      set.add(c.node);
    }
  }
  for (const [parent, gone] of removed) {
    if (parent.t === 1) parent.a = parent.a.filter((n) => !gone.has(n));
  }

  // 4. placements, depth-first by right path
  placements.sort((a, b) => compareSegments(a.segs, b.segs));
  const inserted = new Set<string>();
  for (const p of placements) {
    let covered = false;
    for (let k = 0; k < p.segs.length && !covered; k++) {
      covered = inserted.has(formatPath(p.segs.slice(0, k)));
    }
    if (covered) continue;
    const node = p.node ?? wrap(p.value as JsonValue);
    if (p.node === undefined) inserted.add(formatPath(p.segs));
    const text = formatPath(p.segs);
    if (p.segs.length === 0) {
      if (root !== undefined) throw new Error("Cannot apply AST edits: the root is placed twice");
      root = node;
      continue;
    }
    if (root === undefined) {
      throw new Error(`Cannot apply AST edits: no root to place ${text} into`);
    }
    let parent: Node = p.parent ?? root;
    for (let k = 0; k < p.segs.length - 1 && p.parent === undefined; k++) {
      const next = child(parent, p.segs[k] as PathSegment);
      if (next === undefined) {
        throw new Error(`Cannot apply AST edits: the parent of ${text} is missing`);
      }
      parent = next;
    }
    const seg = p.segs[p.segs.length - 1] as PathSegment;
    if (parent.t === 0 && typeof seg === "string") {
      if (parent.o.has(seg)) throw new Error(`Cannot apply AST edits: ${text} is already present`);
      parent.o.set(seg, node);
    } else if (parent.t === 1 && typeof seg === "number" && seg <= parent.a.length) {
      parent.a.splice(seg, 0, node);
    } else {
      throw new Error(`Cannot apply AST edits: cannot place ${text} into its parent`);
    }
  }
  if (root === undefined) throw new Error("Cannot apply AST edits: the script deletes the root");
  return unwrap(root);
}

function requirePath(path: string | null, e: AstEdit): string {
  if (path === null) throw new Error(`Cannot apply AST edits: a ${e.kind} without its path`);
  return path;
}

/**
 * The edits as a plain JSON array (for JSON reports): `{kind, leftPath, rightPath, left?,
 * right?, parentLeftPath?}` per edit, absent values left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { astEditsToJson, diffAst } from "./ast_diff.ts";
 *
 * assert.deepEqual(astEditsToJson(diffAst({ a: 1 }, { a: 1, b: 2 })), [
 *   { kind: "insert", leftPath: null, rightPath: "$.b", right: 2, parentLeftPath: "$" },
 * ]);
 * ```
 */
export function astEditsToJson(edits: readonly AstEdit[]): JsonValue {
  return edits.map((e) => {
    const out: { [k: string]: JsonValue } = {
      kind: e.kind,
      leftPath: e.leftPath,
      rightPath: e.rightPath,
    };
    if (e.left !== undefined) out.left = e.left;
    if (e.right !== undefined) out.right = e.right;
    if (e.parentLeftPath !== undefined) out.parentLeftPath = e.parentLeftPath;
    return out;
  });
}
