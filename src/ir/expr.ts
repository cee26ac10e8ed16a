/**
 * ExprIR (SPEC section 2): the JSON form of expressions, typed. The TypeScript
 * types mirror the JSON exactly, so a plan built in code and the same plan
 * read from a file are deep-equal.
 *
 * @module
 */

/** A JSON literal value (int64 beyond 2^53 is a decimal string). */
export type LitValue = null | boolean | number | string | readonly LitValue[];

/** Column of the op's input. */
export interface ColExpr {
  readonly col: string;
}
/** A literal; `type` optional except for null. */
export interface LitExpr {
  readonly lit: LitValue;
  readonly type?: string;
}
/** A plan parameter. */
export interface ParamExpr {
  readonly param: string;
}
/** A call of a registry function. */
export interface FnExpr {
  readonly fn: string;
  readonly args: readonly Expr[];
}
/** A cast; `safe` gives null instead of an error. */
export interface CastExpr {
  readonly cast: Expr;
  readonly to: string;
  readonly safe?: boolean;
}
/** One branch of a case expression. */
export interface CaseWhen {
  readonly when: Expr;
  readonly then: Expr;
}
/** A searched case expression. */
export interface CaseExpr {
  readonly case: readonly CaseWhen[];
  readonly else?: Expr;
}

/** Any ExprIR node. */
export type Expr = ColExpr | LitExpr | ParamExpr | FnExpr | CastExpr | CaseExpr;

/** The discriminating key of an expression. */
export type ExprKind = "col" | "lit" | "param" | "fn" | "cast" | "case";

/**
 * Which kind of node an expression is (by its distinguishing key).
 *
 * @example
 * ```ts
 * import { exprKind } from "./expr.ts";
 * exprKind({ fn: "add", args: [] }); // "fn"
 * ```
 */
export function exprKind(e: Expr): ExprKind {
  if ("col" in e) return "col";
  if ("lit" in e) return "lit";
  if ("param" in e) return "param";
  if ("fn" in e) return "fn";
  if ("cast" in e) return "cast";
  if ("case" in e) return "case";
  throw new Error(`not an expression: ${JSON.stringify(e)}`);
}

/** Column names an expression reads, in first-seen order. */
export function exprColumns(e: Expr, out: string[] = []): string[] {
  visitExpr(e, (x) => {
    if ("col" in x && !out.includes(x.col)) out.push(x.col);
  });
  return out;
}

/** Call `f` on every node of `e`, parents first. */
export function visitExpr(e: Expr, f: (x: Expr) => void): void {
  f(e);
  switch (exprKind(e)) {
    case "fn":
      for (const a of (e as FnExpr).args) visitExpr(a, f);
      break;
    case "cast":
      visitExpr((e as CastExpr).cast, f);
      break;
    case "case": {
      const c = e as CaseExpr;
      for (const w of c.case) {
        visitExpr(w.when, f);
        visitExpr(w.then, f);
      }
      if (c.else) visitExpr(c.else, f);
      break;
    }
    default:
      break;
  }
}
