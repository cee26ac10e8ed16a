/**
 * Pass `type_literals`: give every literal its type explicitly (SPEC section
 * 2: an untyped integral JSON number is int64, any other number float64, a
 * string utf8, a boolean bool) and write literal values one way:
 *
 * - integer-typed values as JSON numbers when they are safe integers, as
 *   decimal strings beyond 2^53 (`"7"` with an integer type becomes `7`);
 * - `-0` of an integer or decimal type becomes `0`;
 * - `-0` of a float type becomes `neg(0)`, because RFC 8785 writes `-0` as
 *   `0` and the two differ (e.g. cast to utf8). Folding never produces `-0`.
 *
 * Untyped nulls, untyped lists and integral numbers beyond 2^53 without a type
 * are left alone (their type is not certain).
 *
 * @module
 */
import type { Expr, LitExpr } from "../../ir/expr.ts";
import { parseTypeCached } from "../_type_cache.ts";
import type { CanonPass, WorkPlan } from "../types.ts";
import { mapPlanExprs } from "../_walk.ts";

const INT_TEXT = /^-?(0|[1-9][0-9]*)$/;

function typeKind(type: string): string | undefined {
  return parseTypeCached(type)?.kind;
}

function lit(e: LitExpr): Expr {
  const v = e.lit;
  if (e.type === undefined) {
    if (typeof v === "number") {
      if (Number.isInteger(v)) {
        if (!Number.isSafeInteger(v)) return e;
        return { ...e, lit: Object.is(v, -0) ? 0 : v, type: "int64" };
      }
      return { ...e, type: "float64" };
    }
    if (typeof v === "string") return { ...e, type: "utf8" };
    if (typeof v === "boolean") return { ...e, type: "bool" };
    return e;
  }
  const kind = typeKind(e.type);
  if (kind === "int") {
    if (Object.is(v, -0)) return { ...e, lit: 0 };
    if (typeof v === "string" && INT_TEXT.test(v)) {
      const n = Number(v);
      if (Number.isSafeInteger(n)) return { ...e, lit: n };
    }
    return e;
  }
  if (kind === "decimal" && Object.is(v, -0)) return { ...e, lit: 0 };
  if (kind === "float" && Object.is(v, -0)) {
    return { fn: "neg", args: [{ ...e, lit: 0 }] };
  }
  return e;
}

function run(plan: WorkPlan): WorkPlan {
  return mapPlanExprs(plan, (e) => ("lit" in e ? lit(e) : e));
}

/** Writes literal types out and literal values one way. */
export const typeLiterals: CanonPass = Object.freeze({ name: "type_literals", run });
