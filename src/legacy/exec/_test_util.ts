/**
 * Test helpers: run a legacy plan over in-memory tables and read the output
 * as plain rows.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import type { LegacyOp, LegacyPlan } from "../plan.ts";
import { runLegacyPlan } from "./mod.ts";

/** Run `ops` over named tables; returns the output table. */
export function runOps(
  ops: readonly LegacyOp[],
  tables: Readonly<Record<string, arrow.Table>>,
  extra: Partial<LegacyPlan> = {},
  params: Record<string, unknown> = {},
): Promise<arrow.Table> {
  const rest = extra;
  return runLegacyPlan({ name: "t", pipeline_ops: ops, ...rest }, {
    scan: (d) => {
      const t = tables[d];
      if (!t) throw new Error(`no table ${d}`);
      return Promise.resolve(t);
    },
    params,
    rule: "test.rule",
  });
}

/** Rows of a table as arrays of JS values (lists as arrays). */
export function rows(t: arrow.Table): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < t.numRows; i++) {
    out.push(t.schema.fields.map((_, k) => plain(t.getChildAt(k)!.get(i))));
  }
  return out;
}

function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof arrow.Vector) return [...v].map(plain);
  if (typeof v === "object" && v !== null && "toJSON" in v && !(v instanceof Uint8Array)) {
    return (v as { toJSON(): unknown }).toJSON();
  }
  return v;
}

/** Column names and type strings of a table. */
export function schemaOf(t: arrow.Table): string[] {
  return t.schema.fields.map((f) => `${f.name}:${String(f.type)}`);
}
