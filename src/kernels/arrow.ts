/**
 * Arrow forms of the kernels of SPEC section 4, run by the legacy lane over
 * in-memory batches. Keyed by the names of `src/kernels/registry.ts`.
 *
 * @module
 */
import type { Expr } from "../ir/expr.ts";
import type { OrderKey } from "../ir/plan.ts";
import { type DataType, T } from "../ir/types.ts";
import { castCol } from "../arrow/cast.ts";
import { type Col, type Frame, layoutOf, take, valueAt } from "../arrow/column.ts";
import { ComputeError, PlanError } from "../arrow/compute_error.ts";
import { compileExpr, evalCol } from "../legacy/compute/expr.ts";
import { unify } from "../legacy/compute/functions.ts";
import { buildJoinTable, groupIds, IntBuf } from "../legacy/exec/hash.ts";
import { type Rel, relFrame, relOf } from "../legacy/exec/rel.ts";
import { keysComparator, type SortKey } from "../legacy/exec/sort.ts";

/** What a kernel gets besides its input and options. */
export interface ArrowKernelContext {
  /** JSON path of the kernel's options (for errors). */
  readonly path: string;
  /** Run a sub-plan option (`right`) of the enclosing plan's form. */
  readonly runSubPlan: (sub: unknown, path: string) => Promise<Rel>;
  /** Param values for expressions in options. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Declared param types. */
  readonly paramTypes?: Readonly<Record<string, string>>;
}

/** An Arrow kernel. */
export type ArrowKernel = (
  input: Rel,
  options: Readonly<Record<string, unknown>>,
  ctx: ArrowKernelContext,
) => Promise<Rel>;

function opt<T>(
  o: Readonly<Record<string, unknown>>,
  key: string,
  check: (v: unknown) => boolean,
  what: string,
): T {
  const v = o[key];
  if (!check(v)) {
    throw new PlanError("bad-option", `.${key}`, `kernel option "${key}" must be ${what}`);
  }
  return v as T;
}
const isStr = (v: unknown): boolean => typeof v === "string";

/** 1 where both columns are valid, or null when both have no nulls. */
function bothValid(x: Col, y: Col): Uint8Array | null {
  if (x.valid === null && y.valid === null) return null;
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    out[i] = (x.valid === null || x.valid[i] === 1) && (y.valid === null || y.valid[i] === 1)
      ? 1
      : 0;
  }
  return out;
}

function colIndex(r: Rel, name: string, path: string): number {
  const k = r.names.indexOf(name);
  if (k < 0) {
    throw new PlanError(
      "unknown-column",
      path,
      `unknown column "${name}" (available: ${r.names.join(", ")})`,
    );
  }
  return k;
}

/** `explode_list`: one row per list element. */
async function explodeList(
  input: Rel,
  o: Readonly<Record<string, unknown>>,
  _ctx: ArrowKernelContext,
): Promise<Rel> {
  await Promise.resolve();
  const column = opt<string>(o, "column", isStr, "a string");
  const as = opt<string>(o, "as", isStr, "a string");
  const indexAs = o.index_as === undefined
    ? undefined
    : opt<string>(o, "index_as", isStr, "a string");
  const keepEmpty = o.keep_empty === undefined
    ? false
    : opt<boolean>(o, "keep_empty", (v) => typeof v === "boolean", "a boolean");
  const k = colIndex(input, column, ".column");
  const lt = input.types[k]!;
  if (lt.kind !== "list") {
    throw new PlanError(
      "type-mismatch",
      ".column",
      `explode_list needs a list column, "${column}" is not`,
    );
  }
  const f = relFrame(input);
  const lc = f.cols[k]!;
  const rows = new IntBuf(f.length);
  const elems = new IntBuf(f.length);
  const index = new IntBuf(f.length);
  const off = lc.offsets!;
  for (let i = 0; i < f.length; i++) {
    const isNull = lc.valid !== null && lc.valid[i] === 0;
    const len = isNull ? 0 : off[i + 1]! - off[i]!;
    if (len === 0) {
      if (keepEmpty) {
        rows.push(i);
        elems.push(-1);
        index.push(-1);
      }
      continue;
    }
    for (let e = 0; e < len; e++) {
      rows.push(i);
      elems.push(off[i]! + e);
      index.push(e);
    }
  }
  const r = rows.view();
  const cols: Col[] = f.cols.map((c, j) => (j === k ? take(lc.child!, elems.view()) : take(c, r)));
  const names = input.names.map((n, j) => (j === k ? as : n));
  const types: DataType[] = input.types.map((t, j) => (j === k ? lt.item : t));
  if (indexAs !== undefined) {
    const iv = index.view();
    const vals = new BigInt64Array(iv.length);
    let anyNull = false;
    const valid = new Uint8Array(iv.length);
    for (let p = 0; p < iv.length; p++) {
      if (iv[p]! < 0) anyNull = true;
      else {
        vals[p] = BigInt(iv[p]!);
        valid[p] = 1;
      }
    }
    cols.push({ type: T.int64, length: iv.length, valid: anyNull ? valid : null, values: vals });
    names.push(indexAs);
    types.push(T.int64);
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) {
    throw new PlanError("name-clash", "", `explode_list output has two columns named "${dup}"`);
  }
  return relOf(names, types, { names, cols, length: r.length });
}

/** `dedupe`: the first row per key group by `order_by`, ties by all other columns ascending. */
async function dedupe(
  input: Rel,
  o: Readonly<Record<string, unknown>>,
  ctx: ArrowKernelContext,
): Promise<Rel> {
  await Promise.resolve();
  const keys = opt<string[]>(
    o,
    "keys",
    (v) => Array.isArray(v) && v.every(isStr),
    "a list of column names",
  );
  if (o.keep !== undefined && o.keep !== "first") {
    throw new PlanError("bad-option", ".keep", `option "keep" must be "first"`);
  }
  const orderBy = opt<OrderKey[]>(
    o,
    "order_by",
    (v) => Array.isArray(v),
    "a list of {expr, dir?, nulls?}",
  );
  const f = relFrame(input);
  const env = {
    names: input.names,
    types: input.types,
    params: ctx.params,
    paramTypes: ctx.paramTypes,
  };
  const keyIdx = keys.map((k, i) => colIndex(input, k, `.keys[${i}]`));
  const sortKeys: SortKey[] = orderBy.map((k, i) => {
    if (typeof k !== "object" || k === null || !("expr" in k)) {
      throw new PlanError("bad-option", `.order_by[${i}]`, 'an order key needs an "expr"');
    }
    const c = compileExpr(k.expr as Expr, env, `.order_by[${i}].expr`);
    return { col: evalCol(c, f), descending: k.dir === "desc", nullsFirst: k.nulls === "first" };
  });
  input.names.forEach((_, j) => {
    if (!keyIdx.includes(j)) {
      sortKeys.push({ col: f.cols[j]!, descending: false, nullsFirst: false });
    }
  });
  const groups = groupIds(keyIdx.map((j) => f.cols[j]!), f.length);
  const g = keyIdx.length === 0 && f.length === 0 ? 0 : groups.count;
  const best = new Int32Array(g).fill(-1);
  const cmp = keysComparator(sortKeys);
  for (let i = 0; i < f.length; i++) {
    const k = groups.ids[i]!;
    const b = best[k]!;
    if (b < 0 || cmp(i, b) < 0) best[k] = i;
  }
  return relOf(input.names, input.types, {
    names: input.names,
    cols: f.cols.map((c) => take(c, best)),
    length: g,
  });
}

/**
 * The values of a column as numbers (what `Number(valueAt(c, i))` gives, read
 * once per row): typed-array reads for fixed-width numbers, 64-bit integers
 * from their two words (one rounding, as `Number(bigint)`).
 */
function numbers(c: Col): Float64Array {
  const n = c.length;
  const out = new Float64Array(n);
  const lay = layoutOf(c.type);
  if (lay === "num" || lay === "bool") {
    const v = c.values as Float64Array;
    for (let i = 0; i < n; i++) out[i] = v[i]!;
  } else if (lay === "big") {
    const v = c.values!;
    const w = new Int32Array(v.buffer, v.byteOffset, n * 2);
    const uns = c.type.kind === "int" && !c.type.signed;
    for (let i = 0; i < n; i++) {
      const hi = w[2 * i + 1]!;
      out[i] = (uns ? hi >>> 0 : hi) * 4294967296 + (w[2 * i]! >>> 0);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = valueAt(c, i);
      out[i] = x === null ? NaN : Number(x);
    }
  }
  return out;
}

/** `interval_align`: right rows on the same keys whose interval contains / overlaps the left one. */
async function intervalAlign(
  input: Rel,
  o: Readonly<Record<string, unknown>>,
  ctx: ArrowKernelContext,
): Promise<Rel> {
  const mode = o.mode;
  if (mode !== "contains" && mode !== "overlaps") {
    throw new PlanError("bad-option", ".mode", `option "mode" must be "contains" or "overlaps"`);
  }
  const select = o.select;
  if (select !== "best" && select !== "all") {
    throw new PlanError("bad-option", ".select", `option "select" must be "best" or "all"`);
  }
  const on = (o.on ?? []) as [string, string][];
  if (
    !Array.isArray(on) || !on.every((p) => Array.isArray(p) && p.length === 2 && p.every(isStr))
  ) {
    throw new PlanError(
      "bad-option",
      ".on",
      `option "on" must be a list of ["left", "right"] column pairs`,
    );
  }
  const suffix = o.suffix === undefined ? "_right" : opt<string>(o, "suffix", isStr, "a string");
  const right = await ctx.runSubPlan(o.right, `${ctx.path}.right`);
  const ls = colIndex(input, opt<string>(o, "left_start", isStr, "a string"), ".left_start");
  const le = colIndex(input, opt<string>(o, "left_end", isStr, "a string"), ".left_end");
  const rs = colIndex(right, opt<string>(o, "right_start", isStr, "a string"), ".right_start");
  const re = colIndex(right, opt<string>(o, "right_end", isStr, "a string"), ".right_end");
  const L = relFrame(input);
  const R = relFrame(right);
  const lk = on.map(([l], i) => colIndex(input, l, `.on[${i}][0]`));
  const rk = on.map(([, r], i) => colIndex(right, r, `.on[${i}][1]`));
  const keyTypes = lk.map((j, i) =>
    unify([input.types[j]!, right.types[rk[i]!]!], "interval_align")
  );
  const lkc = lk.map((j, i) => castCol(L.cols[j]!, keyTypes[i]!, "error"));
  const rkc = rk.map((j, i) => castCol(R.cols[j]!, keyTypes[i]!, "error"));
  const table = buildJoinTable(rkc, R.length);
  const lS = L.cols[ls]!;
  const lE = L.cols[le]!;
  const rS = R.cols[rs]!;
  const rE = R.cols[re]!;
  const a = numbers(lS);
  const b = numbers(lE);
  const c = numbers(rS);
  const d = numbers(rE);
  // a row takes part only when both of its bounds are valid
  const lOk = bothValid(lS, lE);
  const rOk = bothValid(rS, rE);
  const contains = mode === "contains";
  const rightOrder = keysComparator(R.cols.map((col) => ({
    col,
    descending: false,
    nullsFirst: false,
  })));
  const better = (x: number, y: number): number => {
    const wx = d[x]! - c[x]!;
    const wy = d[y]! - c[y]!;
    if (wx !== wy) return wx < wy ? -1 : 1;
    const sx = c[x]!;
    const sy = c[y]!;
    if (sx !== sy) return sx < sy ? -1 : 1;
    return rightOrder(x, y) || x - y;
  };
  const { left: PL, right: PR } = table.pairs(lkc, L.length, false);
  const li = new IntBuf(L.length);
  const ri = new IntBuf(L.length);
  const cands: number[] = [];
  let p = 0;
  for (let i = 0; i < L.length; i++) {
    cands.length = 0;
    if (lOk === null || lOk[i] === 1) {
      const ai = a[i]!;
      const bi = b[i]!;
      for (; p < PL.length && PL[p] === i; p++) {
        const j = PR[p]!;
        if (rOk !== null && rOk[j] === 0) continue;
        const ok = contains ? c[j]! <= ai && bi <= d[j]! : c[j]! < bi && ai < d[j]!;
        if (ok) cands.push(j);
      }
    } else while (p < PL.length && PL[p] === i) p++;
    if (cands.length === 0) {
      li.push(i);
      ri.push(-1);
      continue;
    }
    if (cands.length > 1) cands.sort(better);
    const take1 = select === "best" ? 1 : cands.length;
    for (let q = 0; q < take1; q++) {
      li.push(i);
      ri.push(cands[q]!);
    }
  }
  const names = [...input.names];
  for (const n of right.names) {
    const name = names.includes(n) ? `${n}${suffix}` : n;
    if (names.includes(name)) {
      throw new PlanError(
        "name-clash",
        ".suffix",
        `interval_align output has two columns named "${name}"`,
      );
    }
    names.push(name);
  }
  const lv = li.view();
  const rv = ri.view();
  const cols = [...L.cols.map((c) => take(c, lv)), ...R.cols.map((c) => take(c, rv))];
  const frame: Frame = { names, cols, length: lv.length };
  return relOf(names, [...input.types, ...right.types], frame);
}

/** Arrow kernels by registry name. */
export const ARROW_KERNELS: ReadonlyMap<string, ArrowKernel> = new Map<string, ArrowKernel>([
  ["explode_list", explodeList],
  ["dedupe", dedupe],
  ["interval_align", intervalAlign],
]);

/** Re-exported so callers can recognise kernel failures. */
export { ComputeError };
