/**
 * Renders an AST edit script for people, like a unified diff of the two pretty-printed trees.
 *
 * @module
 */

import {
  type AstDiffOptions,
  type AstEdit,
  defaultUnorderedChildren,
  type JsonObject,
  type JsonValue,
} from "./ast_diff.ts";
import { formatSegment } from "./_ast_path.ts";

/** Options of {@link renderAstDiff}. */
export interface RenderAstDiffOptions {
  /** Color the marks with ANSI codes (default false: plain text). */
  readonly color?: boolean;
  /** Unchanged lines shown around each change (default 3). */
  readonly context?: number;
  /** Name of the left tree in the `---` header (default "left"). */
  readonly leftLabel?: string;
  /** Name of the right tree in the `+++` header (default "right"). */
  readonly rightLabel?: string;
  /**
   * The set-valued arrays, as given to `diffAst` (default: the same default). Their elements are
   * shown sorted on both sides, so a mere reorder shows no change; edits still name the original
   * indices.
   */
  readonly unorderedChildren?: AstDiffOptions["unorderedChildren"];
}

/** One line of a pretty-printed tree with its mark. */
interface Line {
  text: string;
  mark: " " | "-" | "+" | "~";
  notes: string[];
}

/**
 * Renders `edits` (from `diffAst(left, right)`) as a unified diff of the two trees printed as
 * 2-space JSON: `-` marks lines of deleted subtrees and old values of updates, `+` lines of
 * inserted subtrees and new values, `~` lines of moved subtrees on both sides, whose first line
 * ends with `// moved to <path>` (left side) or `// moved from <path>` (right side). Hunks show
 * `context` unchanged lines around changes, under `@@ -l,n +r,m @@` headers as in `diff -u`.
 * No edits give the empty string. No ANSI codes unless `color` is true.
 *
 * @example One update
 * ```ts
 * import assert from "node:assert/strict";
 * import { diffAst } from "./ast_diff.ts";
 * import { renderAstDiff } from "./ast_render.ts";
 *
 * const left = { op: "limit", count: 10 };
 * const right = { op: "limit", count: 20 };
 * assert.equal(
 *   renderAstDiff(left, right, diffAst(left, right)),
 *   '--- left\n+++ right\n@@ -1,4 +1,4 @@\n {\n   "op": "limit",\n-  "count": 10\n+  "count": 20\n }\n',
 * );
 * ```
 */
export function renderAstDiff(
  left: JsonValue,
  right: JsonValue,
  edits: readonly AstEdit[],
  options: RenderAstDiffOptions = {},
): string {
  if (edits.length === 0) return "";
  const unordered = options.unorderedChildren ?? defaultUnorderedChildren;
  const context = Math.max(0, options.context ?? 3);
  const l = prettyPrint(left, unordered);
  const r = prettyPrint(right, unordered);

  const paintL: Paint[] = [];
  const paintR: Paint[] = [];
  for (const e of edits) {
    switch (e.kind) {
      case "delete":
        paintL.push(paint(l, e.leftPath, "-", null, 1));
        break;
      case "insert":
        paintR.push(paint(r, e.rightPath, "+", null, 1));
        break;
      case "update":
        paintL.push(paint(l, e.leftPath, "-", null, 1));
        paintR.push(paint(r, e.rightPath, "+", null, 1));
        break;
      case "move":
        paintL.push(paint(l, e.leftPath, "~", `moved to ${e.rightPath}`, 0));
        paintR.push(paint(r, e.rightPath, "~", `moved from ${e.leftPath}`, 0));
        break;
      default:
        throw new Error(
          `Cannot render AST diff: unknown edit kind ${JSON.stringify((e as AstEdit).kind)}`,
        );
    }
  }
  applyPaint(l.lines, paintL);
  applyPaint(r.lines, paintR);

  const a = l.lines;
  const b = r.lines;
  const ops = diffLines(a.length, b.length, (i, j) => {
    const x = a[i] as Line;
    const y = b[j] as Line;
    return x.mark === " " && y.mark === " " && stripComma(x.text) === stripComma(y.text);
  });

  // Render each op as one output line.
  interface Out {
    change: boolean;
    text: string;
    leftLine: boolean;
    rightLine: boolean;
  }
  const out: Out[] = ops.map((op): Out => {
    if (op.kind === "=") {
      return { change: false, text: " " + (b[op.j] as Line).text, leftLine: true, rightLine: true };
    }
    const line = (op.kind === "-" ? a[op.i] : b[op.j]) as Line;
    const mark = line.mark === " " ? op.kind : line.mark;
    const notes = line.notes.length > 0 ? "  // " + line.notes.join("; ") : "";
    return {
      change: true,
      text: mark + line.text + notes,
      leftLine: op.kind === "-",
      rightLine: op.kind === "+",
    };
  });

  // Group changes into hunks with context.
  const hunks: [number, number][] = [];
  for (let i = 0; i < out.length; i++) {
    if (!(out[i] as Out).change) continue;
    const lo = Math.max(0, i - context);
    const hi = Math.min(out.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = hi;
    else hunks.push([lo, hi]);
  }
  if (hunks.length === 0) return "";

  const color = options.color === true;
  const lines: string[] = [
    paintText(`--- ${options.leftLabel ?? "left"}`, "\x1b[1m", color),
    paintText(`+++ ${options.rightLabel ?? "right"}`, "\x1b[1m", color),
  ];
  let before = 0;
  let leftSeen = 0;
  let rightSeen = 0;
  for (const [lo, hi] of hunks) {
    for (; before < lo; before++) {
      const o = out[before] as Out;
      if (o.leftLine) leftSeen++;
      if (o.rightLine) rightSeen++;
    }
    let lc = 0;
    let rc = 0;
    for (let i = lo; i <= hi; i++) {
      const o = out[i] as Out;
      if (o.leftLine) lc++;
      if (o.rightLine) rc++;
    }
    const ls = lc > 0 ? leftSeen + 1 : leftSeen;
    const rs = rc > 0 ? rightSeen + 1 : rightSeen;
    lines.push(paintText(`@@ -${ls},${lc} +${rs},${rc} @@`, "\x1b[36m", color));
    for (let i = lo; i <= hi; i++) {
      const text = (out[i] as Out).text;
      const code = text[0] === "-"
        ? "\x1b[31m"
        : text[0] === "+"
        ? "\x1b[32m"
        : text[0] === "~"
        ? "\x1b[35m"
        : "";
      lines.push(code === "" ? text : paintText(text, code, color));
    }
  }
  return lines.join("\n") + "\n";
}

function paintText(text: string, code: string, color: boolean): string {
  return color ? code + text + "\x1b[0m" : text;
}

function stripComma(text: string): string {
  return text.endsWith(",") ? text.slice(0, -1) : text;
}

// ---------------------------------------------------------------------------------------------
// pretty printing with the line range of every path

interface Printed {
  readonly lines: Line[];
  /** path -> [first line, last line] */
  readonly ranges: Map<string, [number, number]>;
}

function prettyPrint(
  root: JsonValue,
  unordered: (node: JsonObject, key: string) => boolean,
): Printed {
  const lines: Line[] = [];
  const ranges = new Map<string, [number, number]>();

  function push(text: string): void {
    lines.push({ text, mark: " ", notes: [] });
  }

  function emit(
    v: JsonValue,
    path: string,
    indent: string,
    prefix: string,
    comma: string,
    isSet: boolean,
  ): void {
    const start = lines.length;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        push(`${indent}${prefix}[]${comma}`);
      } else {
        push(`${indent}${prefix}[`);
        const order = v.map((_, i) => i);
        if (isSet) {
          const keys = v.map(sortKey);
          order.sort((x, y) =>
            (keys[x] as string) < (keys[y] as string) ? -1 : keys[x] === keys[y] ? x - y : 1
          );
        }
        order.forEach((i, k) => {
          const c = v[i] as JsonValue;
          emit(
            c,
            path + formatSegment(i),
            indent + "  ",
            "",
            k < order.length - 1 ? "," : "",
            false,
          );
        });
        push(`${indent}]${comma}`);
      }
    } else if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      if (keys.length === 0) {
        push(`${indent}${prefix}{}${comma}`);
      } else {
        push(`${indent}${prefix}{`);
        keys.forEach((key, k) => {
          const c = v[key] as JsonValue;
          emit(
            c,
            path + formatSegment(key),
            indent + "  ",
            `${JSON.stringify(key)}: `,
            k < keys.length - 1 ? "," : "",
            Array.isArray(c) && unordered(v, key),
          );
        });
        push(`${indent}}${comma}`);
      }
    } else {
      push(`${indent}${prefix}${JSON.stringify(v)}${comma}`);
    }
    ranges.set(path, [start, lines.length - 1]);
  }

  emit(root, "$", "", "", "", false);
  return { lines, ranges };
}

/** JSON text with object keys sorted: the display order of set elements. */
function sortKey(v: JsonValue): string {
  if (Array.isArray(v)) return "[" + v.map(sortKey).join(",") + "]";
  if (v !== null && typeof v === "object") {
    return "{" + Object.keys(v).sort().map((k) =>
      JSON.stringify(k) + ":" + sortKey(v[k] as JsonValue)
    ).join(",") +
      "}";
  }
  return JSON.stringify(v);
}

interface Paint {
  readonly first: number;
  readonly last: number;
  readonly mark: Line["mark"];
  readonly note: string | null;
  readonly order: number;
}

function paint(
  p: Printed,
  path: string | null,
  mark: Line["mark"],
  note: string | null,
  order: number,
): Paint {
  const range = path === null ? undefined : p.ranges.get(path);
  if (range === undefined) throw new Error(`Cannot render AST diff: ${path} is not in the tree`);
  return { first: range[0], last: range[1], mark, note, order };
}

/** Paints outer ranges first, so the innermost edit decides a line's mark. */
function applyPaint(lines: Line[], paints: Paint[]): void {
  paints.sort((x, y) =>
    x.first - y.first || (y.last - y.first) - (x.last - x.first) || x.order - y.order
  );
  for (const p of paints) {
    for (let i = p.first; i <= p.last; i++) (lines[i] as Line).mark = p.mark;
    if (p.note !== null) (lines[p.first] as Line).notes.push(p.note);
  }
}

// ---------------------------------------------------------------------------------------------
// Myers line diff

type LineOp = { kind: "="; i: number; j: number } | { kind: "-"; i: number; j: -1 } | {
  kind: "+";
  i: -1;
  j: number;
};

/** Past this many differences, the remaining lines are shown as all removed then all added. */
const MAX_DIFF_STEPS = 4000;

function diffLines(n: number, m: number, eq: (i: number, j: number) => boolean): LineOp[] {
  const trace: Int32Array[] = [];
  let prev = new Int32Array(0);
  let found = -1;
  for (let d = 0; d <= n + m && d <= MAX_DIFF_STEPS; d++) {
    const cur = new Int32Array(2 * d + 1);
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (d === 0) x = 0;
      else if (
        k === -d || (k !== d && (prev[k - 1 + d - 1] as number) < (prev[k + 1 + d - 1] as number))
      ) {
        x = prev[k + 1 + d - 1] as number;
      } else x = (prev[k - 1 + d - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && eq(x, y)) {
        x++;
        y++;
      }
      cur[k + d] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(cur);
    prev = cur;
    if (found >= 0) break;
  }
  const ops: LineOp[] = [];
  if (found < 0) {
    for (let i = 0; i < n; i++) ops.push({ kind: "-", i, j: -1 });
    for (let j = 0; j < m; j++) ops.push({ kind: "+", i: -1, j });
    return ops;
  }
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const pv = trace[d - 1] as Int32Array;
    const off = d - 1;
    const k = x - y;
    const down = k === -d || (k !== d && (pv[k - 1 + off] as number) < (pv[k + 1 + off] as number));
    const pk = down ? k + 1 : k - 1;
    const px = pv[pk + off] as number;
    const py = px - pk;
    const sx = down ? px : px + 1;
    while (x > sx) {
      ops.push({ kind: "=", i: x - 1, j: y - 1 });
      x--;
      y--;
    }
    if (down) ops.push({ kind: "+", i: -1, j: py });
    else ops.push({ kind: "-", i: px, j: -1 });
    x = px;
    y = py;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: "=", i: x - 1, j: y - 1 });
    x--;
    y--;
  }
  return ops.reverse();
}
