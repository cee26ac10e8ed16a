// Private: the indexed form of a JSON tree that the AST matcher works on.
// Nodes are numbered in pre-order, so the descendants of node i are i+1 .. end[i]-1.

import type { JsonObject, JsonValue } from "./ast_diff.ts";
import { formatSegment, type PathSegment } from "./_ast_path.ts";

/** Node kinds. */
export const OBJ = 0;
/** Node kinds. */
export const ARR = 1;
/** Node kinds. */
export const SCALAR = 2;

/** Interns structural signatures and labels to small integers shared by both trees of a diff. */
export class Interner {
  #ids = new Map<string, number>();
  /** The id of `text`, allocating a new one the first time. */
  id(text: string): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(text, id);
    }
    return id;
  }
}

/** Decides whether the array at `node[key]` is a set (its order carries no meaning). */
export type UnorderedPredicate = (node: JsonObject, key: string) => boolean;
/** Gives an object node's label; only nodes with equal labels are matched by similarity. */
export type LabelFunction = (node: JsonObject) => string;

/** An indexed JSON tree. */
export interface IndexedTree {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly parent: Int32Array;
  /** Key or index of each node in its parent (root: ""). */
  readonly edge: PathSegment[];
  readonly children: number[][];
  /** Structural hash (exact: interned signature): equal iff the subtrees are equal as sets/lists. */
  readonly hash: Int32Array;
  readonly label: Int32Array;
  readonly height: Int32Array;
  readonly end: Int32Array;
  /** 1 for arrays whose order carries no meaning. */
  readonly unordered: Uint8Array;
  readonly value: JsonValue[];
  /** For object nodes: key -> child id. */
  readonly childByKey: (Map<string, number> | undefined)[];
  readonly postOrder: Int32Array;
  /** The JSON path of node i (cached). */
  path(i: number): string;
}

/** Builds the indexed form of `root`. */
export function indexTree(
  root: JsonValue,
  interner: Interner,
  unorderedChildren: UnorderedPredicate,
  objectLabel: LabelFunction,
): IndexedTree {
  const kind: number[] = [];
  const parent: number[] = [];
  const edge: PathSegment[] = [];
  const children: number[][] = [];
  const hash: number[] = [];
  const label: number[] = [];
  const height: number[] = [];
  const end: number[] = [];
  const unordered: number[] = [];
  const value: JsonValue[] = [];
  const childByKey: (Map<string, number> | undefined)[] = [];
  const post: number[] = [];

  function visit(v: JsonValue, p: number, e: PathSegment, isSet: boolean): number {
    const id = kind.length;
    parent.push(p);
    edge.push(e);
    value.push(v);
    kind.push(SCALAR);
    const kids: number[] = [];
    children.push(kids);
    hash.push(0);
    label.push(0);
    height.push(1);
    end.push(0);
    unordered.push(0);
    childByKey.push(undefined);
    if (Array.isArray(v)) {
      kind[id] = ARR;
      unordered[id] = isSet ? 1 : 0;
      let h = 0;
      for (let i = 0; i < v.length; i++) {
        const c = visit(v[i] as JsonValue, id, i, false);
        kids.push(c);
        h = Math.max(h, height[c] as number);
      }
      height[id] = h + 1;
      const hs = kids.map((c) => hash[c] as number);
      if (isSet) hs.sort((a, b) => a - b);
      hash[id] = interner.id((isSet ? "u" : "a") + hs.join(","));
      label[id] = interner.id("#array");
    } else if (v !== null && typeof v === "object") {
      kind[id] = OBJ;
      const obj = v as JsonObject;
      const byKey = new Map<string, number>();
      let h = 0;
      for (const key of Object.keys(obj)) {
        const child = obj[key] as JsonValue;
        const c = visit(child, id, key, Array.isArray(child) && unorderedChildren(obj, key));
        kids.push(c);
        byKey.set(key, c);
        h = Math.max(h, height[c] as number);
      }
      childByKey[id] = byKey;
      height[id] = h + 1;
      const parts = [...byKey.keys()].sort().map((k) =>
        `${JSON.stringify(k)}:${hash[byKey.get(k) as number]}`
      );
      hash[id] = interner.id("o" + parts.join(","));
      label[id] = interner.id("#object:" + objectLabel(obj));
    } else {
      hash[id] = interner.id(scalarSignature(v));
      label[id] = interner.id("#scalar");
    }
    end[id] = kind.length;
    post.push(id);
    return id;
  }

  visit(root, -1, "", false);
  const paths: (string | undefined)[] = new Array(kind.length);
  const tree: IndexedTree = {
    count: kind.length,
    kind: Uint8Array.from(kind),
    parent: Int32Array.from(parent),
    edge,
    children,
    hash: Int32Array.from(hash),
    label: Int32Array.from(label),
    height: Int32Array.from(height),
    end: Int32Array.from(end),
    unordered: Uint8Array.from(unordered),
    value,
    childByKey,
    postOrder: Int32Array.from(post),
    path(i: number): string {
      const cached = paths[i];
      if (cached !== undefined) return cached;
      const p = tree.parent[i] as number;
      const text = p < 0 ? "$" : tree.path(p) + formatSegment(tree.edge[i] as PathSegment);
      paths[i] = text;
      return text;
    },
  };
  return tree;
}

/** A signature that tells apart every JSON scalar, including -0 from 0. */
export function scalarSignature(v: JsonValue): string {
  if (v === null) return "z";
  if (typeof v === "number") return Object.is(v, -0) ? "n-0" : "n" + String(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  if (typeof v === "string") return "s" + v;
  throw new Error(`Cannot diff AST: unexpected ${typeof v} value in a JSON tree`);
}
