/**
 * Semantic validation and typing of RelPlans (SPEC section 3, "Validation"):
 * the output schema after every op and the type of every expression, with
 * every problem found reported at once, each with its JSON path.
 *
 * @module
 */
import type { Problem } from "../errors.ts";
import { type CaseExpr, type Expr, exprKind, type FnExpr, type LitValue } from "./expr.ts";
import type { RelOp, RelPlan, SubPlan } from "./plan.ts";
import { AGGREGATES, comparable, lookupFn } from "./registry.ts";
import {
  commonType,
  type DataType,
  type Field,
  formatType,
  listOf,
  parseType,
  type Schema,
  T,
  TypeParseError,
} from "./types.ts";
import { KERNELS } from "../kernels/registry.ts";

/** Where input schemas come from. */
export interface TypeEnv {
  /** Schema of a manifest dataset or an earlier rule's output; undefined if unknown. */
  readonly dataset: (name: string) => Schema | undefined;
  /** File name used in problems. */
  readonly file?: string;
}

/** Result of typing a plan. */
export interface TypedPlan {
  /** Output schema after each top-level op (same length as `ops`). */
  readonly schemas: readonly Schema[];
  /** The plan's output schema (empty when the plan could not be typed). */
  readonly output: Schema;
  /** Declared params (plan-level and `param` ops) with their types. */
  readonly params: ReadonlyMap<string, DataType>;
  /** Every problem found. */
  readonly problems: readonly Problem[];
}

/** Context threaded through typing. */
interface Ctx {
  readonly env: TypeEnv;
  readonly params: Map<string, DataType>;
  readonly problems: Problem[];
}

function problem(ctx: Ctx, code: string, path: string, message: string, hint?: string): void {
  ctx.problems.push({ code, file: ctx.env.file, path, message, hint });
}

/** Parse a type string, reporting a problem instead of throwing. */
function typeAt(ctx: Ctx, text: string, path: string): DataType | undefined {
  try {
    return parseType(text);
  } catch (e) {
    if (e instanceof TypeParseError) {
      problem(ctx, "bad-type", path, e.message, "see SPEC section 1 for type strings");
      return undefined;
    }
    throw e;
  }
}

/** Pick the closest names, for hints. */
function suggest(name: string, choices: readonly string[]): string {
  const lower = name.toLowerCase();
  const close = choices.filter((c) =>
    c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())
  );
  const list = (close.length ? close : choices).slice(0, 8);
  return list.length ? `available: ${list.join(", ")}` : "the input has no columns";
}

/** Infer a literal's type (SPEC section 2 typing). */
export function literalType(value: LitValue, declared?: string): DataType | string {
  if (declared !== undefined) {
    try {
      return parseType(declared);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (value === null) return 'a null literal needs a "type"';
  if (typeof value === "boolean") return T.bool;
  if (typeof value === "number") return Number.isInteger(value) ? T.int64 : T.float64;
  if (typeof value === "string") return T.utf8;
  if (Array.isArray(value)) {
    let item: DataType = T.null;
    for (const v of value) {
      if (v === null) continue;
      const t = literalType(v);
      if (typeof t === "string") return t;
      const c = commonType(item, t);
      if (!c) return "list literal elements have no common type";
      item = c;
    }
    return listOf(item.kind === "null" ? T.int64 : item);
  }
  return "unsupported literal";
}

/**
 * The type of an expression over an input schema. Problems go to `problems`;
 * the result is `null` type where typing failed.
 */
export function typeOfExpr(
  e: Expr,
  input: Schema,
  options: {
    params: ReadonlyMap<string, DataType>;
    path: string;
    problems: Problem[];
    file?: string;
  },
): DataType {
  const ctx: Ctx = {
    env: { dataset: () => undefined, file: options.file },
    params: new Map(options.params),
    problems: options.problems,
  };
  return exprType(ctx, e, input, options.path);
}

function exprType(ctx: Ctx, e: Expr, input: Schema, path: string): DataType {
  switch (exprKind(e)) {
    case "col": {
      const name = (e as { col: string }).col;
      const f = input.find((x) => x.name === name);
      if (!f) {
        problem(
          ctx,
          "unknown-column",
          `${path}.col`,
          `unknown column "${name}"`,
          suggest(name, input.map((x) => x.name)),
        );
        return T.null;
      }
      return f.type;
    }
    case "lit": {
      const l = e as { lit: LitValue; type?: string };
      const t = literalType(l.lit, l.type);
      if (typeof t === "string") {
        problem(ctx, "bad-literal", path, t, 'write e.g. {"lit": null, "type": "int64"}');
        return T.null;
      }
      return t;
    }
    case "param": {
      const name = (e as { param: string }).param;
      const t = ctx.params.get(name);
      if (!t) {
        problem(
          ctx,
          "undeclared-param",
          `${path}.param`,
          `param "${name}" is not declared`,
          `declare it in the plan's "params" or with a "param" op; declared: ${
            [...ctx.params.keys()].join(", ") || "none"
          }`,
        );
        return T.null;
      }
      return t;
    }
    case "fn":
      return fnType(ctx, e as FnExpr, input, path);
    case "cast": {
      const c = e as { cast: Expr; to: string };
      exprType(ctx, c.cast, input, `${path}.cast`);
      return typeAt(ctx, c.to, `${path}.to`) ?? T.null;
    }
    case "case": {
      const c = e as CaseExpr;
      let out: DataType = T.null;
      c.case.forEach((w, i) => {
        const wt = exprType(ctx, w.when, input, `${path}.case[${i}].when`);
        if (wt.kind !== "bool" && wt.kind !== "null") {
          problem(
            ctx,
            "type-mismatch",
            `${path}.case[${i}].when`,
            `a case condition must be bool, got ${formatType(wt)}`,
          );
        }
        const tt = exprType(ctx, w.then, input, `${path}.case[${i}].then`);
        const u = commonType(out, tt);
        if (!u) {
          problem(
            ctx,
            "type-mismatch",
            `${path}.case[${i}].then`,
            `branch type ${formatType(tt)} does not match ${formatType(out)}`,
          );
        } else out = u;
      });
      if (c.else) {
        const et = exprType(ctx, c.else, input, `${path}.else`);
        const u = commonType(out, et);
        if (!u) {
          problem(
            ctx,
            "type-mismatch",
            `${path}.else`,
            `else type ${formatType(et)} does not match ${formatType(out)}`,
          );
        } else out = u;
      }
      return out;
    }
  }
}

function fnType(ctx: Ctx, e: FnExpr, input: Schema, path: string): DataType {
  const spec = lookupFn(e.fn);
  const args = e.args.map((a, i) => exprType(ctx, a, input, `${path}.args[${i}]`));
  if (!spec) {
    problem(
      ctx,
      "unknown-function",
      `${path}.fn`,
      `unknown function "${e.fn}"`,
      "see the function registry in README.md (SPEC section 2)",
    );
    return T.null;
  }
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    const want = spec.maxArgs === Infinity
      ? `at least ${spec.minArgs}`
      : spec.minArgs === spec.maxArgs
      ? `${spec.minArgs}`
      : `${spec.minArgs} to ${spec.maxArgs}`;
    problem(
      ctx,
      "wrong-arity",
      `${path}.args`,
      `${e.fn} takes ${want} argument(s), got ${args.length}`,
    );
    return T.null;
  }
  const r = spec.result(args);
  if (typeof r === "string") {
    problem(ctx, "type-mismatch", path, `${e.fn}: ${r}`);
    return T.null;
  }
  return r;
}

function field(name: string, type: DataType, nullable = true): Field {
  return { name, type, nullable };
}

/**
 * Type a plan: output schema after each op, every problem with its path.
 *
 * @example
 * ```ts
 * import { typePlan } from "./typecheck.ts";
 * import { T } from "./types.ts";
 * const r = typePlan(
 *   { relplan: 1, name: "p", ops: [{ op: "scan", dataset: "d" }] },
 *   { dataset: () => [{ name: "x", type: T.int64, nullable: true }] },
 * );
 * r.output.map((f) => f.name); // ["x"]
 * ```
 */
export function typePlan(plan: RelPlan, env: TypeEnv): TypedPlan {
  const ctx: Ctx = { env, params: new Map(), problems: [] };
  for (const [name, decl] of Object.entries(plan.params ?? {})) {
    const t = typeAt(ctx, decl.type, `$.params.${name}.type`);
    if (t) ctx.params.set(name, t);
  }
  // `param` ops declare params for the whole plan.
  collectParamOps(ctx, plan.ops, "$.ops");
  const schemas = typeOps(ctx, plan.ops, "$.ops");
  const output = schemas.length === plan.ops.length ? schemas[schemas.length - 1] ?? [] : [];
  const ordering = plan.ordering;
  if (ordering && ordering.level !== "unordered" && ordering.keys && output.length) {
    ordering.keys.forEach(([k], i) => {
      if (!output.some((f) => f.name === k)) {
        problem(
          ctx,
          "unknown-column",
          `$.ordering.keys[${i}][0]`,
          `ordering key "${k}" is not an output column`,
          suggest(k, output.map((f) => f.name)),
        );
      }
    });
  }
  return { schemas, output, params: ctx.params, problems: ctx.problems };
}

function collectParamOps(ctx: Ctx, ops: readonly RelOp[], path: string): void {
  ops.forEach((op, i) => {
    if (op.op === "param") {
      const t = typeAt(ctx, op.type, `${path}[${i}].type`);
      if (t) ctx.params.set(op.name, t);
    }
    if (op.op === "join") collectParamOps(ctx, op.right.ops, `${path}[${i}].right.ops`);
    if (op.op === "union") {
      op.inputs.forEach((s, j) => collectParamOps(ctx, s.ops, `${path}[${i}].inputs[${j}].ops`));
    }
  });
}

/** Type a sub-plan (join right, union input, kernel right); returns its output schema. */
function typeSub(ctx: Ctx, sub: SubPlan, path: string): Schema | undefined {
  const schemas = typeOps(ctx, sub.ops, `${path}.ops`);
  return schemas.length === sub.ops.length ? schemas[schemas.length - 1] : undefined;
}

function typeOps(ctx: Ctx, ops: readonly RelOp[], path: string): Schema[] {
  const out: Schema[] = [];
  if (ops.length === 0) {
    problem(ctx, "empty-plan", path, "a plan needs at least a scan op");
    return out;
  }
  if (ops[0]!.op !== "scan") {
    problem(
      ctx,
      "scan-first",
      `${path}[0].op`,
      `the first op must be "scan", got "${ops[0]!.op}"`,
      'start the ops with {"op": "scan", "dataset": "..."}',
    );
    return out;
  }
  let current: Schema = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const p = `${path}[${i}]`;
    if (i > 0 && op.op === "scan") {
      problem(ctx, "scan-first", `${p}.op`, "only the first op may be a scan");
      return out;
    }
    const next = typeOp(ctx, op, current, p);
    if (!next) return out;
    current = next;
    out.push(current);
  }
  return out;
}

function checkBool(ctx: Ctx, e: Expr, input: Schema, path: string): void {
  const t = exprType(ctx, e, input, path);
  if (t.kind !== "bool" && t.kind !== "null") {
    problem(ctx, "type-mismatch", path, `a predicate must be bool, got ${formatType(t)}`);
  }
}

function checkColumns(
  ctx: Ctx,
  names: readonly string[],
  input: Schema,
  path: string,
): boolean {
  let ok = true;
  names.forEach((n, i) => {
    if (!input.some((f) => f.name === n)) {
      ok = false;
      problem(
        ctx,
        "unknown-column",
        `${path}[${i}]`,
        `unknown column "${n}"`,
        suggest(n, input.map((f) => f.name)),
      );
    }
  });
  return ok;
}

function checkDuplicateNames(ctx: Ctx, names: readonly string[], path: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) {
      problem(ctx, "duplicate-column", `${path}[${i}].name`, `column "${n}" is defined twice`);
    }
    seen.add(n);
  });
}

/** Join output columns: left, then right with the suffix on clashing names. */
export function joinOutput(
  left: Schema,
  right: Schema,
  kind: string,
  suffix: string,
): { schema: Schema; clashes: string[] } {
  if (kind === "semi" || kind === "anti") return { schema: left, clashes: [] };
  const leftNullable = kind === "right" || kind === "full";
  const rightNullable = kind === "left" || kind === "full";
  const names = new Set(left.map((f) => f.name));
  const clashes: string[] = [];
  const rightFields: Field[] = right.map((f) => {
    let name = f.name;
    if (names.has(name)) name = `${name}${suffix}`;
    if (names.has(name)) clashes.push(name);
    names.add(name);
    return { ...f, name, nullable: f.nullable || rightNullable };
  });
  const leftFields = left.map((f) => (leftNullable ? { ...f, nullable: true } : f));
  return { schema: [...leftFields, ...rightFields], clashes };
}

function typeOp(ctx: Ctx, op: RelOp, input: Schema, p: string): Schema | undefined {
  switch (op.op) {
    case "scan": {
      const schema = ctx.env.dataset(op.dataset);
      if (!schema) {
        problem(
          ctx,
          "unknown-dataset",
          `${p}.dataset`,
          `unknown dataset "${op.dataset}"`,
          'declare it under "datasets" in migration.json or name an earlier rule\'s output',
        );
        return undefined;
      }
      let out = schema;
      if (op.columns) {
        if (!checkColumns(ctx, op.columns, schema, `${p}.columns`)) return undefined;
        out = op.columns.map((c) => schema.find((f) => f.name === c)!);
      }
      // The pushdown predicate sees the dataset's columns.
      if (op.predicate) checkBool(ctx, op.predicate, schema, `${p}.predicate`);
      return out;
    }
    case "filter":
      checkBool(ctx, op.predicate, input, `${p}.predicate`);
      return input;
    case "project": {
      checkDuplicateNames(ctx, op.columns.map((c) => c.name), `${p}.columns`);
      return op.columns.map((c, i) =>
        field(c.name, exprType(ctx, c.expr, input, `${p}.columns[${i}].expr`))
      );
    }
    case "derive": {
      checkDuplicateNames(ctx, op.columns.map((c) => c.name), `${p}.columns`);
      const out: Field[] = [...input];
      op.columns.forEach((c, i) => {
        const f = field(c.name, exprType(ctx, c.expr, input, `${p}.columns[${i}].expr`));
        const at = out.findIndex((x) => x.name === c.name);
        if (at >= 0) out[at] = f;
        else out.push(f);
      });
      return out;
    }
    case "join": {
      const right = typeSub(ctx, op.right, `${p}.right`);
      if (!right) return undefined;
      op.on.forEach(([l, r], i) => {
        const lf = input.find((f) => f.name === l);
        const rf = right.find((f) => f.name === r);
        if (!lf) {
          problem(
            ctx,
            "unknown-column",
            `${p}.on[${i}][0]`,
            `unknown left join key "${l}"`,
            suggest(l, input.map((f) => f.name)),
          );
        }
        if (!rf) {
          problem(
            ctx,
            "unknown-column",
            `${p}.on[${i}][1]`,
            `unknown right join key "${r}"`,
            suggest(r, right.map((f) => f.name)),
          );
        }
        if (lf && rf && !comparable(lf.type, rf.type)) {
          problem(
            ctx,
            "type-mismatch",
            `${p}.on[${i}]`,
            `join keys ${formatType(lf.type)} and ${formatType(rf.type)} cannot be compared`,
          );
        }
      });
      const suffix = op.suffix ?? "_right";
      const { schema, clashes } = joinOutput(input, right, op.kind, suffix);
      for (const c of clashes) {
        problem(
          ctx,
          "name-clash",
          `${p}.suffix`,
          `join output has two columns named "${c}"`,
          "choose another suffix or project the right side's columns",
        );
      }
      if (op.predicate) {
        const visible = joinOutput(input, right, "inner", suffix).schema;
        checkBool(ctx, op.predicate, visible, `${p}.predicate`);
      }
      return schema;
    }
    case "aggregate": {
      checkColumns(ctx, op.group_by, input, `${p}.group_by`);
      const out: Field[] = op.group_by.flatMap((g) => {
        const f = input.find((x) => x.name === g);
        return f ? [f] : [];
      });
      checkDuplicateNames(
        ctx,
        [...op.group_by, ...op.measures.map((m) => m.name)],
        `${p}.measures`,
      );
      op.measures.forEach((m, i) => {
        const mp = `${p}.measures[${i}]`;
        const typing = AGGREGATES.get(m.fn);
        if (!typing) {
          problem(ctx, "unknown-function", `${mp}.fn`, `unknown aggregate "${m.fn}"`);
          return;
        }
        if (m.fn !== "count_all" && !m.arg) {
          problem(ctx, "missing-arg", `${mp}.arg`, `${m.fn} needs an "arg"`);
          return;
        }
        const at = m.arg ? exprType(ctx, m.arg, input, `${mp}.arg`) : undefined;
        if (m.filter) checkBool(ctx, m.filter, input, `${mp}.filter`);
        m.order_by?.forEach((k, j) => exprType(ctx, k.expr, input, `${mp}.order_by[${j}].expr`));
        const r = typing(at);
        if (typeof r === "string") problem(ctx, "type-mismatch", mp, r);
        else {
          out.push(
            field(m.name, r, !(m.fn === "count" || m.fn === "count_all")),
          );
        }
      });
      return out;
    }
    case "union": {
      op.inputs.forEach((s, i) => {
        const sp = `${p}.inputs[${i}]`;
        const schema = typeSub(ctx, s, sp);
        if (!schema) return;
        const a = input.map((f) => f.name).sort();
        const b = schema.map((f) => f.name).sort();
        if (a.join("\u0000") !== b.join("\u0000")) {
          problem(
            ctx,
            "union-mismatch",
            sp,
            `union input columns [${b.join(", ")}] differ from [${a.join(", ")}]`,
            "all union inputs must have the same column names and types",
          );
          return;
        }
        for (const f of input) {
          const g = schema.find((x) => x.name === f.name)!;
          if (formatType(g.type) !== formatType(f.type)) {
            problem(
              ctx,
              "union-mismatch",
              sp,
              `union column "${f.name}" is ${formatType(g.type)} here but ${
                formatType(f.type)
              } before`,
            );
          }
        }
      });
      return input;
    }
    case "order_by":
      op.keys.forEach((k, i) => exprType(ctx, k.expr, input, `${p}.keys[${i}].expr`));
      return input;
    case "limit":
      return input;
    case "distinct":
      if (op.columns) {
        if (!checkColumns(ctx, op.columns, input, `${p}.columns`)) return undefined;
        return op.columns.map((c) => input.find((f) => f.name === c)!);
      }
      return input;
    case "param":
      return input;
    case "kernel": {
      const k = KERNELS.get(op.name);
      if (!k) {
        problem(
          ctx,
          "unknown-kernel",
          `${p}.name`,
          `unknown kernel "${op.name}"`,
          `kernels: ${[...KERNELS.keys()].join(", ")}`,
        );
        return undefined;
      }
      return k.outputSchema(op.options, input, {
        path: `${p}.options`,
        report: (code, path, message, hint) => problem(ctx, code, path, message, hint),
        typeExpr: (e, schema, path) => exprType(ctx, e, schema, path),
        typeSubPlan: (sub, path) => typeSub(ctx, sub, path),
      });
    }
  }
}
