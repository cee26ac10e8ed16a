/**
 * The kernel capability registry (SPEC section 4): each kernel's options and
 * output typing. Both lanes look their implementations up by these names
 * (`src/kernels/arrow.ts` for the legacy lane, `src/kernels/duckdb.ts` for
 * the new lane), and a test checks both cover every kernel here.
 *
 * @module
 */
import type { Expr } from "../ir/expr.ts";
import type { OrderKey, SubPlan } from "../ir/plan.ts";
import { type DataType, type Field, type Schema, T } from "../ir/types.ts";

/** Callbacks the type checker gives a kernel to validate its options. */
export interface KernelTyping {
  /** JSON path of the options object. */
  readonly path: string;
  /** Report a problem. */
  readonly report: (code: string, path: string, message: string, hint?: string) => void;
  /** Type an expression over a schema. */
  readonly typeExpr: (e: Expr, schema: Schema, path: string) => DataType;
  /** Type a sub-plan; undefined if it has problems. */
  readonly typeSubPlan: (sub: SubPlan, path: string) => Schema | undefined;
}

/** A kernel's declared capability. */
export interface KernelSpec {
  readonly name: string;
  /** Allowed option keys (others are an error). */
  readonly optionKeys: readonly string[];
  /** Output schema for the options and input, or undefined after reporting problems. */
  readonly outputSchema: (
    options: Readonly<Record<string, unknown>>,
    input: Schema,
    t: KernelTyping,
  ) => Schema | undefined;
  /** One line for README. */
  readonly doc: string;
}

/** Options of `explode_list`. */
export interface ExplodeListOptions {
  readonly column: string;
  readonly as: string;
  readonly index_as?: string;
  readonly keep_empty?: boolean;
}
/** Options of `dedupe`. */
export interface DedupeOptions {
  readonly keys: readonly string[];
  readonly order_by: readonly OrderKey[];
  readonly keep: "first";
}
/** Options of `interval_align` (RelPlan form: `right` is `{ops}`). */
export interface IntervalAlignOptions {
  readonly right: SubPlan;
  readonly on: readonly (readonly [string, string])[];
  readonly left_start: string;
  readonly left_end: string;
  readonly right_start: string;
  readonly right_end: string;
  readonly mode: "contains" | "overlaps";
  readonly select: "best" | "all";
  readonly suffix?: string;
}

function unknownKeys(
  o: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  t: KernelTyping,
): boolean {
  let ok = true;
  for (const k of Object.keys(o)) {
    if (!keys.includes(k) && !k.startsWith("x-")) {
      t.report(
        "unknown-key",
        `${t.path}.${k}`,
        `unknown kernel option "${k}"`,
        `allowed: ${keys.join(", ")}`,
      );
      ok = false;
    }
  }
  return ok;
}

function requireString(
  o: Readonly<Record<string, unknown>>,
  key: string,
  t: KernelTyping,
): string | undefined {
  const v = o[key];
  if (typeof v !== "string") {
    t.report("bad-option", `${t.path}.${key}`, `option "${key}" must be a string`);
    return undefined;
  }
  return v;
}

function columnOf(schema: Schema, name: string, path: string, t: KernelTyping): Field | undefined {
  const f = schema.find((x) => x.name === name);
  if (!f) {
    t.report(
      "unknown-column",
      path,
      `unknown column "${name}"`,
      `available: ${schema.map((x) => x.name).join(", ")}`,
    );
  }
  return f;
}

const explodeList: KernelSpec = {
  name: "explode_list",
  optionKeys: ["column", "as", "index_as", "keep_empty"],
  doc:
    "one row per list element; the list column replaced by `as`, `index_as` (int64, 0-based) appended",
  outputSchema(o, input, t) {
    if (!unknownKeys(o, this.optionKeys, t)) return undefined;
    const column = requireString(o, "column", t);
    const as = requireString(o, "as", t);
    if (o.index_as !== undefined && typeof o.index_as !== "string") {
      t.report("bad-option", `${t.path}.index_as`, `option "index_as" must be a string`);
      return undefined;
    }
    if (o.keep_empty !== undefined && typeof o.keep_empty !== "boolean") {
      t.report("bad-option", `${t.path}.keep_empty`, `option "keep_empty" must be a boolean`);
      return undefined;
    }
    if (column === undefined || as === undefined) return undefined;
    const f = columnOf(input, column, `${t.path}.column`, t);
    if (!f) return undefined;
    if (f.type.kind !== "list") {
      t.report(
        "type-mismatch",
        `${t.path}.column`,
        `explode_list needs a list column, "${column}" is not`,
      );
      return undefined;
    }
    const out: Field[] = input.map((x) =>
      x.name === column
        ? { name: as, type: (f.type as { item: DataType }).item, nullable: true }
        : x
    );
    if (typeof o.index_as === "string") {
      out.push({ name: o.index_as, type: T.int64, nullable: o.keep_empty === true });
    }
    const names = out.map((x) => x.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) {
      t.report("name-clash", t.path, `explode_list output has two columns named "${dup}"`);
      return undefined;
    }
    return out;
  },
};

const dedupe: KernelSpec = {
  name: "dedupe",
  optionKeys: ["keys", "order_by", "keep"],
  doc:
    "one row per key group: the first by order_by; ties broken by all remaining columns ascending",
  outputSchema(o, input, t) {
    if (!unknownKeys(o, this.optionKeys, t)) return undefined;
    if (!Array.isArray(o.keys) || !o.keys.every((k) => typeof k === "string")) {
      t.report("bad-option", `${t.path}.keys`, `option "keys" must be a list of column names`);
      return undefined;
    }
    if (o.keep !== "first") {
      t.report("bad-option", `${t.path}.keep`, `option "keep" must be "first"`);
      return undefined;
    }
    let ok = true;
    (o.keys as string[]).forEach((k, i) => {
      if (!columnOf(input, k, `${t.path}.keys[${i}]`, t)) ok = false;
    });
    if (!Array.isArray(o.order_by)) {
      t.report(
        "bad-option",
        `${t.path}.order_by`,
        `option "order_by" must be a list of {expr, dir?, nulls?}`,
      );
      return undefined;
    }
    (o.order_by as OrderKey[]).forEach((k, i) => {
      if (typeof k !== "object" || k === null || !("expr" in k)) {
        t.report("bad-option", `${t.path}.order_by[${i}]`, 'an order key needs an "expr"');
        ok = false;
        return;
      }
      t.typeExpr(k.expr, input, `${t.path}.order_by[${i}].expr`);
    });
    return ok ? input : undefined;
  },
};

const intervalAlign: KernelSpec = {
  name: "interval_align",
  optionKeys: [
    "right",
    "on",
    "left_start",
    "left_end",
    "right_start",
    "right_end",
    "mode",
    "select",
    "suffix",
  ],
  doc:
    "for each left row, right rows on the same keys whose [start,end) contains/overlaps it; best = narrowest",
  outputSchema(o, input, t) {
    if (!unknownKeys(o, this.optionKeys, t)) return undefined;
    const r = o.right as SubPlan | undefined;
    if (!r || typeof r !== "object" || !Array.isArray((r as SubPlan).ops)) {
      t.report("bad-option", `${t.path}.right`, `option "right" must be a sub-plan {"ops": [...]}`);
      return undefined;
    }
    const right = t.typeSubPlan(r, `${t.path}.right`);
    if (!right) return undefined;
    if (o.mode !== "contains" && o.mode !== "overlaps") {
      t.report("bad-option", `${t.path}.mode`, `option "mode" must be "contains" or "overlaps"`);
      return undefined;
    }
    if (o.select !== "best" && o.select !== "all") {
      t.report("bad-option", `${t.path}.select`, `option "select" must be "best" or "all"`);
      return undefined;
    }
    let ok = true;
    const on = o.on ?? [];
    if (
      !Array.isArray(on) ||
      !on.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === "string"))
    ) {
      t.report(
        "bad-option",
        `${t.path}.on`,
        `option "on" must be a list of ["left", "right"] column pairs`,
      );
      return undefined;
    }
    (on as [string, string][]).forEach(([l, rr], i) => {
      if (!columnOf(input, l, `${t.path}.on[${i}][0]`, t)) ok = false;
      if (!columnOf(right, rr, `${t.path}.on[${i}][1]`, t)) ok = false;
    });
    for (
      const [key, schema] of [["left_start", input], ["left_end", input], ["right_start", right], [
        "right_end",
        right,
      ]] as const
    ) {
      const name = requireString(o, key, t);
      if (name === undefined || !columnOf(schema, name, `${t.path}.${key}`, t)) ok = false;
    }
    if (o.suffix !== undefined && typeof o.suffix !== "string") {
      t.report("bad-option", `${t.path}.suffix`, `option "suffix" must be a string`);
      ok = false;
    }
    if (!ok) return undefined;
    const suffix = (o.suffix as string | undefined) ?? "_right";
    const names = new Set(input.map((f) => f.name));
    const out: Field[] = [...input];
    for (const f of right) {
      const name = names.has(f.name) ? `${f.name}${suffix}` : f.name;
      if (names.has(name)) {
        t.report(
          "name-clash",
          `${t.path}.suffix`,
          `interval_align output has two columns named "${name}"`,
        );
        return undefined;
      }
      names.add(name);
      out.push({ ...f, name, nullable: true });
    }
    return out;
  },
};

/** Every kernel, by name. */
export const KERNELS: ReadonlyMap<string, KernelSpec> = new Map(
  [explodeList, dedupe, intervalAlign].map((k) => [k.name, k]),
);
