/**
 * The mapping from pyarrow.compute functions and `hash_*` aggregates (the
 * legacy lane's vocabulary) to the registry of SPEC section 2. One table,
 * used by the parser (which names are known, which options they take), the
 * lift (`migrate`) and README.md (rendered by {@link renderMappingTable}).
 *
 * @module
 */
import type { Expr } from "../ir/expr.ts";
import type { AggFn } from "../ir/plan.ts";
import { REGISTRY } from "../ir/registry.ts";

/** Options of a call, with defaults filled in. */
export type PcOptions = Readonly<Record<string, unknown>>;

/** The result of lifting one call. */
export interface Lifted {
  readonly expr: Expr;
  /** Set when the registry expression does not give exactly pyarrow's results. */
  readonly warning?: string;
}

/** One row of the mapping table. */
export interface PcFunction {
  /** pyarrow.compute function name. */
  readonly name: string;
  /** Registry expression it lifts to, as shown in README. */
  readonly liftsTo: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Accepted options and their pyarrow defaults. */
  readonly defaults: PcOptions;
  /** pyarrow semantics in one line (README). */
  readonly semantics: string;
  /** Lift to ExprIR given lifted arguments and options (defaults filled in). */
  readonly lift: (args: readonly Expr[], options: PcOptions) => Lifted;
}

function call(name: string, args: readonly Expr[]): Expr {
  return { fn: name, args };
}
function lit(value: string | number | boolean | null, type?: string): Expr {
  return type ? { lit: value, type } : { lit: value };
}
function direct(
  name: string,
  target: string,
  arity: [number, number],
  semantics: string,
  warning?: string,
): PcFunction {
  return Object.freeze({
    name,
    liftsTo: target,
    minArgs: arity[0],
    maxArgs: arity[1],
    defaults: {},
    semantics,
    lift: (
      args: readonly Expr[],
    ) => (warning ? { expr: call(target, args), warning } : { expr: call(target, args) }),
  });
}
function withOptions(
  name: string,
  liftsTo: string,
  arity: [number, number],
  defaults: PcOptions,
  semantics: string,
  lift: PcFunction["lift"],
): PcFunction {
  return Object.freeze({
    name,
    liftsTo,
    minArgs: arity[0],
    maxArgs: arity[1],
    defaults,
    semantics,
    lift,
  });
}

const N = Infinity;

const ROUND_MODES: Readonly<Record<string, string>> = {
  half_to_even: "round_half_even",
  half_towards_infinity: "round",
};

function liftRound(args: readonly Expr[], o: PcOptions): Lifted {
  const mode = String(o.round_mode);
  const digits = lit(Number(o.ndigits ?? 0), "int32");
  const target = ROUND_MODES[mode];
  if (target) return { expr: call(target, [args[0]!, digits]) };
  return {
    expr: call("round_half_even", [args[0]!, digits]),
    warning: `round_mode "${mode}" has no registry function; lifted to round_half_even`,
  };
}

function liftSlice(args: readonly Expr[], o: PcOptions): Lifted {
  const start = Number(o.start ?? 0);
  const stop = o.stop === null || o.stop === undefined ? null : Number(o.stop);
  const step = Number(o.step ?? 1);
  const s = args[0]!;
  if (start >= 0 && step === 1 && (stop === null || stop >= 0)) {
    const rest: Expr[] = [lit(start + 1, "int64")];
    if (stop !== null) rest.push(lit(Math.max(0, stop - start), "int64"));
    return { expr: call("substr", [s, ...rest]) };
  }
  return {
    expr: call("substr", [s, lit(Math.max(0, start) + 1, "int64")]),
    warning: "utf8_slice_codeunits with a negative start/stop or a step other than 1 " +
      "has no registry form; lifted to substr from max(start,0)",
  };
}

function pattern(name: string, target: string, semantics: string): PcFunction {
  return withOptions(
    name,
    `${target}(s, pattern)`,
    [1, 1],
    { pattern: "", ignore_case: false },
    semantics,
    (a, o) => {
      const expr = call(target, [a[0]!, lit(String(o.pattern), "utf8")]);
      return o.ignore_case
        ? { expr, warning: `${name} with ignore_case=true is case-sensitive in the registry` }
        : { expr };
    },
  );
}

const FUNCTIONS: readonly PcFunction[] = [
  direct("equal", "eq", [2, 2], "a == b, null propagates"),
  direct("not_equal", "ne", [2, 2], "a != b, null propagates"),
  direct("less", "lt", [2, 2], "a < b"),
  direct("less_equal", "le", [2, 2], "a <= b"),
  direct("greater", "gt", [2, 2], "a > b"),
  direct("greater_equal", "ge", [2, 2], "a >= b"),
  direct("and_kleene", "and", [2, N], "Kleene AND"),
  direct("or_kleene", "or", [2, N], "Kleene OR"),
  withOptions(
    "and",
    "if_else(is_null(a) or is_null(b), null, and(a, b))",
    [2, 2],
    {},
    "AND; any null gives null",
    (a) => ({
      expr: call("if_else", [
        call("or", [call("is_null", [a[0]!]), call("is_null", [a[1]!])]),
        lit(null, "bool"),
        call("and", [a[0]!, a[1]!]),
      ]),
    }),
  ),
  withOptions(
    "or",
    "if_else(is_null(a) or is_null(b), null, or(a, b))",
    [2, 2],
    {},
    "OR; any null gives null",
    (a) => ({
      expr: call("if_else", [
        call("or", [call("is_null", [a[0]!]), call("is_null", [a[1]!])]),
        lit(null, "bool"),
        call("or", [a[0]!, a[1]!]),
      ]),
    }),
  ),
  direct("invert", "not", [1, 1], "NOT, null propagates"),
  withOptions("is_null", "is_null", [1, 1], { nan_is_null: false }, "true when null", (a, o) => {
    const expr = call("is_null", [a[0]!]);
    return o.nan_is_null
      ? { expr, warning: "is_null with nan_is_null=true: NaN is not null in the registry" }
      : { expr };
  }),
  direct("is_valid", "is_not_null", [1, 1], "true when not null"),
  direct("coalesce", "coalesce", [1, N], "first non-null"),
  withOptions(
    "if_else",
    "case when c then a when not(c) then b end",
    [3, 3],
    {},
    "cond ? a : b; null cond gives null",
    // A null condition matches neither branch, and a case without else gives null.
    (a) => ({
      expr: {
        case: [{ when: a[0]!, then: a[1]! }, { when: call("not", [a[0]!]), then: a[2]! }],
      },
    }),
  ),
  direct("add_checked", "add", [2, 2], "a + b, overflow raises"),
  direct("subtract_checked", "sub", [2, 2], "a - b, overflow raises"),
  direct("multiply_checked", "mul", [2, 2], "a * b, overflow raises"),
  direct("negate_checked", "neg", [1, 1], "-a, overflow raises"),
  direct("abs_checked", "abs", [1, 1], "|a|, overflow raises"),
  direct(
    "add",
    "add",
    [2, 2],
    "a + b, integer overflow wraps",
    "add wraps on integer overflow in the legacy lane; the registry raises",
  ),
  direct(
    "subtract",
    "sub",
    [2, 2],
    "a - b, integer overflow wraps",
    "subtract wraps on integer overflow in the legacy lane; the registry raises",
  ),
  direct(
    "multiply",
    "mul",
    [2, 2],
    "a * b, integer overflow wraps",
    "multiply wraps on integer overflow in the legacy lane; the registry raises",
  ),
  direct(
    "negate",
    "neg",
    [1, 1],
    "-a, integer overflow wraps",
    "negate wraps on integer overflow in the legacy lane; the registry raises",
  ),
  direct(
    "abs",
    "abs",
    [1, 1],
    "|a|, integer overflow wraps",
    "abs wraps on integer overflow in the legacy lane; the registry raises",
  ),
  direct(
    "divide",
    "div",
    [2, 2],
    "a / b; integers truncate and raise on zero; floats give inf/nan on zero",
    "divide: the legacy lane truncates integer division and raises on zero, floats give inf/nan; registry div is float64 with null on zero",
  ),
  withOptions(
    "round",
    "round_half_even(x, ndigits) | round(x, ndigits)",
    [1, 1],
    { ndigits: 0, round_mode: "half_to_even" },
    "round to ndigits; default mode half_to_even",
    liftRound,
  ),
  withOptions(
    "floor",
    "floor(cast(x, float64))",
    [1, 1],
    {},
    "floor; gives float64 for integers (and float32 for float32, which lifts to float64)",
    (a) => ({ expr: call("floor", [{ cast: a[0]!, to: "float64" }]) }),
  ),
  withOptions(
    "ceil",
    "ceil(cast(x, float64))",
    [1, 1],
    {},
    "ceil; gives float64 for integers (and float32 for float32, which lifts to float64)",
    (a) => ({ expr: call("ceil", [{ cast: a[0]!, to: "float64" }]) }),
  ),
  direct("utf8_lower", "lower", [1, 1], "Unicode simple lowercase"),
  direct("utf8_upper", "upper", [1, 1], "Unicode simple uppercase"),
  withOptions(
    "utf8_length",
    "cast(length(s), int32)",
    [1, 1],
    {},
    "length in code points, as int32",
    (a) => ({ expr: { cast: call("length", [a[0]!]), to: "int32" } }),
  ),
  withOptions(
    "binary_join_element_wise",
    "concat(a, sep, b, ...) | concat_ws(sep, ...)",
    [2, N],
    { null_handling: "emit_null", null_replacement: "" },
    "join strings, last argument is the separator",
    (a, o) => {
      const sep = a[a.length - 1]!;
      const parts = a.slice(0, -1);
      if (o.null_handling === "skip") return { expr: call("concat_ws", [sep, ...parts]) };
      const interleaved: Expr[] = [];
      parts.forEach((p, i) => {
        if (i > 0) interleaved.push(sep);
        interleaved.push(p);
      });
      // One part: the part itself, but null when the separator is null.
      const expr = call(
        "concat",
        parts.length === 1
          ? [parts[0]!, call("substr", [sep, lit(1, "int64"), lit(0, "int64")])]
          : interleaved,
      );
      return o.null_handling === "emit_null"
        ? { expr }
        : { expr, warning: `null_handling "${String(o.null_handling)}" lifted as emit_null` };
    },
  ),
  withOptions(
    "utf8_slice_codeunits",
    "substr(s, start + 1, stop - start)",
    [1, 1],
    { start: 0, stop: null, step: 1 },
    "0-based code point slice [start, stop)",
    liftSlice,
  ),
  pattern("starts_with", "starts_with", "prefix test"),
  pattern("ends_with", "ends_with", "suffix test"),
  pattern("match_substring", "contains", "substring test"),
  pattern("match_substring_regex", "regexp_matches", "RE2 search"),
  pattern("match_like", "like", "SQL LIKE"),
  withOptions(
    "replace_substring",
    "replace(s, pattern, replacement)",
    [1, 1],
    { pattern: "", replacement: "", max_replacements: null },
    "replace every occurrence",
    (a, o) => {
      const expr = call("replace", [
        a[0]!,
        lit(String(o.pattern), "utf8"),
        lit(String(o.replacement), "utf8"),
      ]);
      return o.max_replacements === null ? { expr } : {
        expr,
        warning: "replace_substring max_replacements is ignored by the registry's replace",
      };
    },
  ),
  direct("utf8_trim_whitespace", "trim", [1, 1], "strip Unicode whitespace"),
  direct("utf8_ltrim_whitespace", "ltrim", [1, 1], "strip leading Unicode whitespace"),
  direct("utf8_rtrim_whitespace", "rtrim", [1, 1], "strip trailing Unicode whitespace"),
  withOptions(
    "split_pattern",
    "split(s, pattern)",
    [1, 1],
    { pattern: "", max_splits: null, reverse: false },
    "split on a literal pattern",
    (a, o) => {
      const expr = call("split", [a[0]!, lit(String(o.pattern), "utf8")]);
      return o.max_splits === null
        ? { expr }
        : { expr, warning: "split_pattern max_splits is ignored by the registry's split" };
    },
  ),
  withOptions(
    "list_value_length",
    "cast(list_len(l), int32)",
    [1, 1],
    {},
    "number of list elements, as int32",
    (a) => ({ expr: { cast: call("list_len", [a[0]!]), to: "int32" } }),
  ),
  withOptions(
    "list_element",
    "list_get(l, i)",
    [2, 2],
    {},
    "0-based element; out of range raises",
    (a) => ({
      expr: call("list_get", [a[0]!, a[1]!]),
      warning:
        "list_element raises on an out-of-range index in the legacy lane; list_get gives null",
    }),
  ),
  withOptions(
    "is_in",
    "in(x, value_set)",
    [1, 1],
    { value_set: [], skip_nulls: false },
    "membership; a null x matches a null in value_set unless skip_nulls",
    (a, o) => {
      const values =
        (Array.isArray(o.value_set) ? o.value_set : []) as (string | number | boolean | null)[];
      const nonNull = values.filter((v) => v !== null);
      const nullMatches = values.includes(null) && o.skip_nulls !== true;
      // pyarrow's is_in never gives null: a null x is in the set exactly when the
      // set holds a null (and skip_nulls is off).
      const member = nonNull.length
        ? call("in", [a[0]!, ...nonNull.map((v) => lit(v))])
        : lit(false, "bool");
      return {
        expr: call("if_else", [call("is_null", [a[0]!]), lit(nullMatches, "bool"), member]),
      };
    },
  ),
  withOptions(
    "cast",
    "cast(x, to, safe)",
    [1, 1],
    { target_type: "", safe: true },
    "cast; safe=true raises on lossy conversion",
    (a, o) => ({
      expr: { cast: a[0]!, to: relgateTypeName(String(o.target_type)), safe: false },
      ...(o.safe === false
        ? { warning: "cast with safe=false truncates in the legacy lane; the registry raises" }
        : {}),
    }),
  ),
];

/** pyarrow type names that differ from relgate's type strings. */
const PYARROW_TYPES: Readonly<Record<string, string>> = {
  string: "utf8",
  large_string: "utf8",
  large_utf8: "utf8",
  large_binary: "binary",
  double: "float64",
  float: "float32",
  boolean: "bool",
  "date32[day]": "date32",
};

/**
 * A pyarrow type name as relgate's type string (`string` -> `utf8`,
 * `double` -> `float64`, `decimal128(p, s)` -> `decimal(p,s)`); relgate's own
 * names pass through.
 */
export function relgateTypeName(t: string): string {
  const s = t.trim();
  const d = /^decimal(?:128)?\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(s);
  if (d) return `decimal(${d[1]},${d[2]})`;
  return PYARROW_TYPES[s] ?? s;
}

/** The table of pyarrow.compute functions, by name. */
export const PC_FUNCTIONS: ReadonlyMap<string, PcFunction> = new Map(
  FUNCTIONS.map((f) => [f.name, f]),
);

/**
 * Find a legacy function: a pyarrow.compute name from the table, or a
 * registry name called directly (functions with no pyarrow counterpart).
 */
export function lookupPcFunction(name: string, nargs?: number): PcFunction | undefined {
  const f = PC_FUNCTIONS.get(name);
  const r = REGISTRY.get(name);
  // A name in both tables (round, starts_with, ...) is the pyarrow function when
  // the argument count fits it, else the registry function (as the legacy lane runs it).
  const fits = (min: number, max: number) => nargs === undefined || (nargs >= min && nargs <= max);
  if (f && (fits(f.minArgs, f.maxArgs) || !r || !fits(r.minArgs, r.maxArgs))) return f;
  if (!r) return undefined;
  return direct(name, name, [r.minArgs, r.maxArgs], `registry ${name}: ${r.doc}`);
}

/** One `hash_*` aggregate of the legacy lane. */
export interface PcAggregate {
  readonly name: string;
  readonly fn: AggFn;
  readonly distinct: boolean;
  readonly defaults: PcOptions;
  readonly semantics: string;
}

/** The table of `hash_*` aggregates, by name. */
export const PC_AGGREGATES: ReadonlyMap<string, PcAggregate> = new Map(
  ([
    ["hash_count", "count", false, { mode: "only_valid" }, "count of non-null values"],
    ["hash_count_all", "count_all", false, {}, "count of rows (target [])"],
    [
      "hash_count_distinct",
      "count",
      true,
      { mode: "only_valid" },
      "count of distinct non-null values",
    ],
    [
      "hash_sum",
      "sum",
      false,
      { skip_nulls: true, min_count: 1 },
      "sum, skipping nulls; all-null gives null",
    ],
    ["hash_min", "min", false, { skip_nulls: true }, "minimum"],
    ["hash_max", "max", false, { skip_nulls: true }, "maximum"],
    ["hash_mean", "mean", false, { skip_nulls: true, min_count: 1 }, "mean as float64"],
    ["hash_list", "list", false, {}, "all values in input order, nulls included"],
    ["hash_any", "bool_or", false, { skip_nulls: true, min_count: 1 }, "any true"],
    ["hash_all", "bool_and", false, { skip_nulls: true, min_count: 1 }, "all true"],
    ["hash_first", "first", false, { skip_nulls: true }, "first non-null value in input order"],
    ["hash_last", "last", false, { skip_nulls: true }, "last non-null value in input order"],
  ] as const).map(([name, fn, distinct, defaults, semantics]) => [
    name,
    Object.freeze({ name, fn, distinct, defaults, semantics }),
  ]),
);

/** Render the mapping as Markdown tables (kept in README.md). */
export function renderMappingTable(): string {
  const rows = [
    "| pyarrow.compute | options (defaults) | registry | legacy semantics |",
    "|---|---|---|---|",
  ];
  for (const f of FUNCTIONS) {
    const opts = Object.entries(f.defaults).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    rows.push(
      `| \`${f.name}\` | ${opts || "-"} | \`${f.liftsTo}\` | ${
        f.semantics.replaceAll("|", "\\|")
      } |`,
    );
  }
  rows.push(
    "",
    "| aggregate | options (defaults) | registry measure | semantics |",
    "|---|---|---|---|",
  );
  for (const a of PC_AGGREGATES.values()) {
    const opts = Object.entries(a.defaults).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    rows.push(
      `| \`${a.name}\` | ${opts || "-"} | \`${a.fn}${
        a.distinct ? " (distinct)" : ""
      }\` | ${a.semantics} |`,
    );
  }
  return rows.join("\n");
}
