/**
 * The function registry of SPEC section 2, as data: arity, argument and
 * result typing, and the properties that license canonical rewrites.
 *
 * @module
 */
import {
  commonType,
  type DataType,
  formatType,
  isInteger,
  isNumeric,
  listOf,
  T,
  typeEquals,
} from "./types.ts";

/** Properties that license rewrites in the canonicalizer. */
export interface FnProps {
  /** Operand order never changes the result (value or type). */
  readonly commutative: boolean;
  /** f(f(a,b),c) == f(a,f(b,c)) == f(a,b,c): nesting may be flattened. */
  readonly associative: boolean;
  /** Duplicate operands may be dropped (and/or). */
  readonly idempotent: boolean;
  /** Same inputs always give the same output. */
  readonly deterministic: boolean;
  /** Can raise an error at run time (overflow, bad regex); never folded when it would. */
  readonly canError: boolean;
  /** Any null argument gives a null result. */
  readonly nullPropagating: boolean;
}

/** A registry entry. */
export interface FnSpec extends FnProps {
  readonly name: string;
  readonly group: string;
  /** Minimum number of arguments. */
  readonly minArgs: number;
  /** Maximum number of arguments (Infinity for n-ary). */
  readonly maxArgs: number;
  /** Result type for the argument types, or an error message. */
  readonly result: (args: readonly DataType[]) => DataType | string;
  /** One-line semantics, rendered into README. */
  readonly doc: string;
}

const P0: FnProps = {
  commutative: false,
  associative: false,
  idempotent: false,
  deterministic: true,
  canError: false,
  nullPropagating: true,
};

function isStringish(t: DataType): boolean {
  return t.kind === "utf8" || t.kind === "null";
}
function isBoolish(t: DataType): boolean {
  return t.kind === "bool" || t.kind === "null";
}
function isNumish(t: DataType): boolean {
  return isNumeric(t) || t.kind === "null";
}
function isIntish(t: DataType): boolean {
  return isInteger(t) || t.kind === "null";
}
function show(args: readonly DataType[]): string {
  return args.map(formatType).join(", ");
}

/** Whether two types may be compared (eq, lt, in, ...). */
export function comparable(a: DataType, b: DataType): boolean {
  if (a.kind === "null" || b.kind === "null") return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a.kind === "timestamp" && b.kind === "timestamp") return a.tz === b.tz;
  if (a.kind === "list" && b.kind === "list") return comparable(a.item, b.item);
  return typeEquals(a, b);
}

function compare(args: readonly DataType[]): DataType | string {
  const [a, b] = args as [DataType, DataType];
  return comparable(a, b) ? T.bool : `cannot compare ${formatType(a)} with ${formatType(b)}`;
}
function allBool(args: readonly DataType[]): DataType | string {
  return args.every(isBoolish) ? T.bool : `expects bool arguments, got ${show(args)}`;
}
function unify(args: readonly DataType[]): DataType | string {
  let t: DataType = T.null;
  for (const a of args) {
    const c = commonType(t, a);
    if (!c) return `arguments have no common type: ${show(args)}`;
    t = c;
  }
  return t;
}
function arith(args: readonly DataType[]): DataType | string {
  if (!args.every(isNumish)) return `expects numeric arguments, got ${show(args)}`;
  const t = unify(args);
  return typeof t === "string" || t.kind !== "null" ? t : T.int64;
}
function intArith(args: readonly DataType[]): DataType | string {
  if (!args.every(isIntish)) return `expects integer arguments, got ${show(args)}`;
  const t = unify(args);
  return typeof t === "string" || t.kind !== "null" ? t : T.int64;
}
function sameNumeric(args: readonly DataType[]): DataType | string {
  const a = args[0]!;
  if (!isNumish(a)) return `expects a numeric argument, got ${show(args)}`;
  return a.kind === "null" ? T.float64 : a;
}
function rounding(args: readonly DataType[]): DataType | string {
  const a = args[0]!;
  if (!isNumish(a)) return `expects a numeric first argument, got ${show(args)}`;
  if (args.length > 1 && !isIntish(args[1]!)) return `digits must be an integer, got ${show(args)}`;
  return a.kind === "null" ? T.float64 : a;
}
function strings(result: DataType) {
  return (args: readonly DataType[]): DataType | string =>
    args.every(isStringish) ? result : `expects utf8 arguments, got ${show(args)}`;
}

function fn(
  name: string,
  group: string,
  arity: [number, number],
  result: FnSpec["result"],
  doc: string,
  props: Partial<FnProps> = {},
): FnSpec {
  return Object.freeze({
    ...P0,
    ...props,
    name,
    group,
    minArgs: arity[0],
    maxArgs: arity[1],
    result,
    doc,
  });
}

const N = Infinity;
const COMM = { commutative: true };
const LOGIC = {
  commutative: true,
  associative: true,
  idempotent: true,
  nullPropagating: false,
};

const ENTRIES: readonly FnSpec[] = [
  fn("eq", "compare", [2, 2], compare, "a = b; null in -> null out", COMM),
  fn("ne", "compare", [2, 2], compare, "a <> b; null in -> null out", COMM),
  fn("lt", "compare", [2, 2], compare, "a < b"),
  fn("le", "compare", [2, 2], compare, "a <= b"),
  fn("gt", "compare", [2, 2], compare, "a > b"),
  fn("ge", "compare", [2, 2], compare, "a >= b"),
  fn("eq_null_safe", "compare", [2, 2], compare, "a IS NOT DISTINCT FROM b; never null", {
    commutative: true,
    nullPropagating: false,
  }),
  fn("and", "logic", [1, N], allBool, "Kleene AND", LOGIC),
  fn("or", "logic", [1, N], allBool, "Kleene OR", LOGIC),
  fn("not", "logic", [1, 1], allBool, "Kleene NOT"),
  fn("is_null", "null", [1, 1], () => T.bool, "true when null", { nullPropagating: false }),
  fn("is_not_null", "null", [1, 1], () => T.bool, "true when not null", {
    nullPropagating: false,
  }),
  fn("coalesce", "null", [1, N], unify, "first non-null argument", { nullPropagating: false }),
  fn(
    "nullif",
    "null",
    [2, 2],
    (a) => {
      const u = unify(a);
      return typeof u === "string" ? u : a[0]!.kind === "null" ? u : a[0]!;
    },
    "null when a = b, else a",
    { nullPropagating: false },
  ),
  fn("add", "arithmetic", [2, 2], arith, "a + b; int overflow is an error", {
    commutative: true,
    canError: true,
  }),
  fn("sub", "arithmetic", [2, 2], arith, "a - b; int overflow is an error", { canError: true }),
  fn("mul", "arithmetic", [2, 2], arith, "a * b; int overflow is an error", {
    commutative: true,
    canError: true,
  }),
  fn("neg", "arithmetic", [1, 1], sameNumeric, "-a; int overflow is an error", { canError: true }),
  fn("abs", "arithmetic", [1, 1], sameNumeric, "|a|; int overflow is an error", {
    canError: true,
  }),
  fn("div", "arithmetic", [2, 2], (a) => {
    const r = arith(a);
    return typeof r === "string" ? r : T.float64;
  }, "a / b as float64; division by zero gives null"),
  fn(
    "idiv",
    "arithmetic",
    [2, 2],
    intArith,
    "integer a / b truncated toward zero; division by zero gives null",
    { canError: true },
  ),
  fn(
    "mod",
    "arithmetic",
    [2, 2],
    intArith,
    "remainder of truncated division, sign of the dividend; by zero gives null",
  ),
  fn(
    "round",
    "math",
    [1, 2],
    rounding,
    "round(x, digits) half away from zero, on the double's exact value",
    { canError: true },
  ),
  fn(
    "round_half_even",
    "math",
    [1, 2],
    rounding,
    "round(x, digits) half to even, on the double's exact value",
    { canError: true },
  ),
  fn("floor", "math", [1, 1], sameNumeric, "largest integral value <= x"),
  fn("ceil", "math", [1, 1], sameNumeric, "smallest integral value >= x"),
  fn("lower", "string", [1, 1], strings(T.utf8), "Unicode simple lowercase mapping"),
  fn("upper", "string", [1, 1], strings(T.utf8), "Unicode simple uppercase mapping"),
  fn("length", "string", [1, 1], strings(T.int64), "number of code points"),
  fn("concat", "string", [1, N], strings(T.utf8), "concatenation; null if any arg is null"),
  fn("concat_ws", "string", [2, N], strings(T.utf8), "join with a separator, skipping nulls", {
    nullPropagating: false,
  }),
  fn("substr", "string", [2, 3], (a) => {
    if (!isStringish(a[0]!) || !a.slice(1).every(isIntish)) {
      return `expects (utf8, int, int?), got ${show(a)}`;
    }
    return T.utf8;
  }, "1-based substring in code points; past the end gives ''"),
  fn("starts_with", "string", [2, 2], strings(T.bool), "prefix test"),
  fn("ends_with", "string", [2, 2], strings(T.bool), "suffix test"),
  fn("contains", "string", [2, 2], strings(T.bool), "substring test"),
  fn("replace", "string", [3, 3], strings(T.utf8), "replace every occurrence"),
  fn("trim", "string", [1, 1], strings(T.utf8), "strip Unicode White_Space both ends"),
  fn("ltrim", "string", [1, 1], strings(T.utf8), "strip Unicode White_Space at the start"),
  fn("rtrim", "string", [1, 1], strings(T.utf8), "strip Unicode White_Space at the end"),
  fn("like", "string", [2, 2], strings(T.bool), "case-sensitive LIKE with % _ and \\ escape"),
  fn("regexp_matches", "string", [2, 2], strings(T.bool), "RE2 search, not anchored", {
    canError: true,
  }),
  fn("split", "string", [2, 2], strings(listOf(T.utf8)), "split on a separator, keeping empties"),
  fn("list_len", "list", [1, 1], (a) => {
    const l = a[0]!;
    return l.kind === "list" || l.kind === "null" ? T.int64 : `expects a list, got ${show(a)}`;
  }, "number of elements"),
  fn("list_contains", "list", [2, 2], (a) => {
    const l = a[0]!;
    if (l.kind === "null") return T.bool;
    if (l.kind !== "list") return `expects a list, got ${show(a)}`;
    return comparable(l.item, a[1]!) ? T.bool : `element type ${formatType(l.item)} vs ${show(a)}`;
  }, "true if some element equals the value; null elements never match"),
  fn("list_get", "list", [2, 2], (a) => {
    const l = a[0]!;
    if (!isIntish(a[1]!)) return `index must be an integer, got ${show(a)}`;
    if (l.kind === "null") return T.null;
    return l.kind === "list" ? l.item : `expects a list, got ${show(a)}`;
  }, "0-based element; out of range or negative gives null"),
  fn(
    "stable_id",
    "id",
    [2, N],
    (a) => {
      return a.every((t) => t.kind !== "list" && t.kind !== "struct")
        ? T.utf8
        : `parts must be scalars, got ${show(a)}`;
    },
    "hex of first 8 bytes of sha256(prefix \\x1f part ...); null part -> \\x00",
    {
      nullPropagating: false,
    },
  ),
  fn(
    "in",
    "set",
    [2, N],
    (a) => {
      const x = a[0]!;
      if (a.length === 2 && a[1]!.kind === "list") {
        const l = a[1] as Extract<DataType, { kind: "list" }>;
        return comparable(x, l.item) ? T.bool : `cannot compare ${formatType(x)} with ${show(a)}`;
      }
      return a.slice(1).every((v) => comparable(x, v))
        ? T.bool
        : `cannot compare ${formatType(x)} with ${show(a.slice(1))}`;
    },
    "SQL IN with nulls",
    { nullPropagating: false },
  ),
  fn(
    "if_else",
    "conditional",
    [3, 3],
    (a) => {
      if (!isBoolish(a[0]!)) return `condition must be bool, got ${formatType(a[0]!)}`;
      return unify(a.slice(1));
    },
    "a if cond is true, else b (null cond -> b)",
    { nullPropagating: false },
  ),
];

/** The registry, by function name. */
export const REGISTRY: ReadonlyMap<string, FnSpec> = new Map(ENTRIES.map((e) => [e.name, e]));

/** Look up a function; undefined if unknown. */
export function lookupFn(name: string): FnSpec | undefined {
  return REGISTRY.get(name);
}

/** Aggregate functions of the aggregate op, with their result typing. */
export const AGGREGATES: ReadonlyMap<string, (arg: DataType | undefined) => DataType | string> =
  new Map<string, (arg: DataType | undefined) => DataType | string>([
    ["count", () => T.int64],
    ["count_all", () => T.int64],
    ["sum", (t) => {
      if (!t || !isNumish(t)) return "sum needs a numeric argument";
      if (t.kind === "int" || t.kind === "null") return T.int64;
      if (t.kind === "decimal") return { kind: "decimal", precision: 38, scale: t.scale };
      return T.float64;
    }],
    ["mean", (t) => (t && isNumish(t) ? T.float64 : "mean needs a numeric argument")],
    ["min", (t) => t ?? "min needs an argument"],
    ["max", (t) => t ?? "max needs an argument"],
    ["first", (t) => t ?? "first needs an argument"],
    ["last", (t) => t ?? "last needs an argument"],
    ["list", (t) => (t ? listOf(t) : "list needs an argument")],
    ["bool_and", (t) => (t && isBoolish(t) ? T.bool : "bool_and needs a bool argument")],
    ["bool_or", (t) => (t && isBoolish(t) ? T.bool : "bool_or needs a bool argument")],
  ]);

/** Render the registry as a Markdown table (kept in README.md). */
export function renderRegistryTable(): string {
  const rows = ["| group | function | arity | semantics |", "|---|---|---|---|"];
  for (const f of REGISTRY.values()) {
    const arity = f.maxArgs === Infinity
      ? `${f.minArgs}+`
      : f.minArgs === f.maxArgs
      ? `${f.minArgs}`
      : `${f.minArgs}-${f.maxArgs}`;
    rows.push(`| ${f.group} | \`${f.name}\` | ${arity} | ${f.doc.replaceAll("|", "\\|")} |`);
  }
  return rows.join("\n");
}
