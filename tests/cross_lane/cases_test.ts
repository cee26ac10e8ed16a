/**
 * Differential cases: every registry function (SPEC section 2), every
 * pyarrow.compute function of the mapping table, every legacy op kind and
 * every kernel (SPEC section 4), run through both lanes on the same typed
 * Arrow tables.
 *
 * One row per case. An expression row gives a pyarrow-style expression
 * (`pc`, run by the legacy lane inside `scan t | project v`, and lifted to a
 * RelPlan run by DuckDB) and/or the registry expression (`ir`, run by DuckDB
 * in a hand-written RelPlan and by the legacy lane's ExprIR compiler). A plan
 * row gives a legacy plan (run by the legacy lane, and lifted) and optionally
 * a hand-written RelPlan. Every run must give exactly the expected values and
 * types, and every pair of runs identical Arrow tables. Where the registry
 * cannot express a pyarrow semantics, the row names the expected
 * `x-migrate-warnings` entry and the legacy lane's own expected result.
 *
 * A new function is one new row.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type * as arrow from "apache-arrow";
import type { Expr } from "../../src/ir/expr.ts";
import type { RelOp, RelPlan } from "../../src/ir/plan.ts";
import { liftLegacyPlan } from "../../src/legacy/lift.ts";
import type { LegacyOp, LegacyPlan, PcExpr } from "../../src/legacy/plan.ts";
import { PC_AGGREGATES, PC_FUNCTIONS } from "../../src/legacy/functions.ts";
import { REGISTRY } from "../../src/ir/registry.ts";
import { KERNELS } from "../../src/kernels/registry.ts";
import {
  arrowTables,
  assertSameTable,
  assertUserError,
  type Cell,
  evalLegacyIr,
  type Exact,
  type Layout,
  outcome,
  rowsOf,
  runLegacy,
  runNew,
  sortedRows,
  type Tables,
  typesOf,
} from "./_lanes.ts";

// ------------------------------------------------------------------ shorthands

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

/** pyarrow-style call. */
function pc(call: string, args: PcExpr[], options?: Record<string, unknown>): PcExpr {
  return options ? { call, args, options } : { call, args };
}
/** pyarrow-style field. */
function fld(field: string): PcExpr {
  return { field };
}
/** pyarrow-style scalar. */
function sc(scalar: unknown, type?: string): PcExpr {
  return type ? { scalar, type } : { scalar };
}
/** Registry call. */
function fn(name: string, ...args: Expr[]): Expr {
  return { fn: name, args };
}
/** Column reference. */
function c(col: string): Expr {
  return { col };
}
/** Literal. */
function l(v: Cell, type?: string): Expr {
  return (type ? { lit: v, type } : { lit: v }) as Expr;
}

/** stable_id oracle: lowercase hex of the first 8 bytes of sha256 over the parts joined by U+001F. */
function sid(...parts: (string | null)[]): string {
  const text = parts.map((p) => p ?? "\u0000").join("\u001f");
  return createHash("sha256").update(new TextEncoder().encode(text)).digest("hex").slice(0, 16);
}

// ------------------------------------------------------------------ case types

/** An expected result: exact values (see `_lanes.ts`) or an error. */
interface Expect {
  /** Output schema as `name: type` (plan rows) or the type of `v` (expression rows). */
  readonly type?: string;
  readonly cols?: readonly string[];
  /** Expression rows: the values of `v`. */
  readonly values?: readonly Exact[];
  /** Plan rows: the rows. */
  readonly rows?: readonly (readonly Exact[])[];
  /** Both lanes must throw a RelgateError matching this. */
  readonly error?: RegExp;
}

interface CaseBase {
  readonly name: string;
  /** Input tables; expression rows read dataset `t`. */
  readonly tables: Tables;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly paramTypes?: Readonly<Record<string, { type: string }>>;
  readonly expect: Expect;
  /** The lift must record an x-migrate-warnings entry matching this... */
  readonly warn?: RegExp;
  /** ...and then the legacy lane (pyarrow semantics) gives this instead. */
  readonly legacy?: Expect;
  /** Also run on inputs cut into `RecordBatch.slice`s (non-zero Data offsets). */
  readonly sliced?: boolean;
}

/** An expression row. */
interface ExprCase extends CaseBase {
  readonly pc?: PcExpr;
  readonly ir?: Expr;
}

/** A plan row. */
interface PlanCase extends CaseBase {
  readonly ops: readonly LegacyOp[];
  /** A hand-written RelPlan with the same meaning. */
  readonly rel?: readonly RelOp[];
  /** Rows come in a defined order (explicit ordering). */
  readonly ordered?: boolean;
  /** Compare -0 as 0 (float sums: SPEC section 8 treats them as equal). */
  readonly loose0?: boolean;
}

// ------------------------------------------------------------------ expression rows

const TF: Cell[] = [true, true, true, false, false, false, null, null, null];
const TF2: Cell[] = [true, false, null, true, false, null, true, false, null];
const BOOLS: Tables = { t: { a: ["bool", TF], b: ["bool", TF2] } };

const EXPR_CASES: readonly ExprCase[] = [
  // ---- compare
  {
    name: "eq/equal: int64 with nulls and extremes",
    tables: {
      t: { x: ["int64", [1n, 2n, null, MIN, MAX]], y: ["int64", [1n, 3n, 1n, MIN, null]] },
    },
    pc: pc("equal", [fld("x"), fld("y")]),
    ir: fn("eq", c("x"), c("y")),
    expect: { type: "bool", values: [true, false, null, true, null] },
  },
  {
    name: "eq/equal: int32 column vs int64 literal promotes",
    tables: { t: { x: ["int32", [1, 2, null, 2147483647]] } },
    pc: pc("equal", [fld("x"), sc(2147483647)]),
    ir: fn("eq", c("x"), l(2147483647)),
    expect: { type: "bool", values: [false, false, null, true] },
  },
  {
    name: "eq/equal: NaN and -0 compare as IEEE (pyarrow)",
    tables: {
      t: { x: ["float64", [NaN, NaN, 1, -0, null]], y: ["float64", [NaN, 1, NaN, 0, NaN]] },
    },
    pc: pc("equal", [fld("x"), fld("y")]),
    ir: fn("eq", c("x"), c("y")),
    expect: { type: "bool", values: [false, false, false, true, null] },
  },
  {
    name: "ne/not_equal: unicode strings are compared by code points, never normalized",
    tables: {
      t: {
        s: ["utf8", ["ß", "ss", "İ", "e\u0301", null, "ﬁ"]],
        u: ["utf8", ["ß", "SS", "i\u0307", "é", "a", "fi"]],
      },
    },
    pc: pc("not_equal", [fld("s"), fld("u")]),
    ir: fn("ne", c("s"), c("u")),
    expect: { type: "bool", values: [false, true, true, true, null, true] },
  },
  {
    name: "lt/less: strings by code point (= UTF-8 byte order)",
    tables: {
      t: {
        s: ["utf8", ["B", "a", "\uffff", "é", "", "ﬁ", null]],
        u: ["utf8", ["a", "B", "\u{1F600}", "z", "a", "fi", "a"]],
      },
    },
    pc: pc("less", [fld("s"), fld("u")]),
    ir: fn("lt", c("s"), c("u")),
    expect: { type: "bool", values: [true, false, true, false, true, false, null] },
  },
  {
    name: "le/less_equal: floats with -0, infinities",
    tables: {
      t: {
        x: ["float64", [-0, 1.5, null, -Infinity, Infinity]],
        y: ["float64", [0, 1.5, 2, -1e308, Infinity]],
      },
    },
    pc: pc("less_equal", [fld("x"), fld("y")]),
    ir: fn("le", c("x"), c("y")),
    expect: { type: "bool", values: [true, true, null, true, true] },
  },
  {
    name: "le/less_equal: NaN compares false (IEEE, pyarrow)",
    tables: { t: { x: ["float64", [NaN, NaN, 1]], y: ["float64", [NaN, 1, NaN]] } },
    pc: pc("less_equal", [fld("x"), fld("y")]),
    ir: fn("le", c("x"), c("y")),
    expect: { type: "bool", values: [false, false, false] },
  },
  {
    name: "gt/greater: timestamps",
    tables: {
      t: {
        x: ["timestamp[us]", [1704164645123456n, 0n, null, -1n]],
        y: ["timestamp[us]", [1704164645123455n, 0n, 0n, 0n]],
      },
    },
    pc: pc("greater", [fld("x"), fld("y")]),
    ir: fn("gt", c("x"), c("y")),
    expect: { type: "bool", values: [true, false, null, false] },
  },
  {
    name: "ge/greater_equal: decimals of one type",
    tables: {
      t: {
        x: ["decimal(10,2)", [150n, -1n, null, 99999n]],
        y: ["decimal(10,2)", [150n, 0n, 1n, 100000n]],
      },
    },
    pc: pc("greater_equal", [fld("x"), fld("y")]),
    ir: fn("ge", c("x"), c("y")),
    expect: { type: "bool", values: [true, false, null, false] },
  },
  {
    name: "ge/greater_equal: dates and int8 vs float",
    tables: {
      t: {
        d: ["date32", [19724, 0, null]],
        i: ["int8", [-128, 127, 1]],
        f: ["float32", [-128.5, 127, 1]],
      },
    },
    pc: pc("and_kleene", [
      pc("greater_equal", [fld("d"), fld("d")]),
      pc("greater_equal", [fld("i"), fld("f")]),
    ]),
    ir: fn("and", fn("ge", c("d"), c("d")), fn("ge", c("i"), c("f"))),
    expect: { type: "bool", values: [true, true, null] },
  },
  {
    name: "eq ne lt le gt ge (registry names) in a legacy plan",
    tables: { t: { x: ["int64", [1n, 2n, null, 3n]], y: ["int32", [1, 3, 1, 2]] } },
    pc: pc(
      "concat_ws",
      [
        sc(","),
        ...["eq", "ne", "lt", "le", "gt", "ge"].map((f) =>
          pc("cast", [pc(f, [fld("x"), fld("y")])], { target_type: "utf8" })
        ),
      ],
    ),
    ir: fn(
      "concat_ws",
      l(","),
      ...["eq", "ne", "lt", "le", "gt", "ge"].map((f): Expr => ({
        cast: fn(f, c("x"), c("y")),
        to: "utf8",
      })),
    ),
    expect: {
      type: "utf8",
      values: [
        "true,false,false,true,false,true",
        "false,true,true,true,false,false",
        "",
        "false,true,false,false,true,true",
      ],
    },
  },
  {
    name: "eq_null_safe (registry name): nulls are equal to each other",
    tables: { t: { x: ["int64", [1n, null, null, 2n]], y: ["int32", [1, null, 3, 3]] } },
    pc: pc("eq_null_safe", [fld("x"), fld("y")]),
    ir: fn("eq_null_safe", c("x"), c("y")),
    expect: { type: "bool", values: [true, true, false, false] },
  },
  {
    name: "eq/lt on lists: element-wise, null elements compare equal to each other",
    tables: {
      t: {
        a: ["list<int64>", [[1n, 2n], [1n, null], [], [1n], null]],
        b: ["list<int64>", [[1n, 2n], [1n, null], [0n], [1n, 0n], [1n]]],
      },
    },
    pc: pc("binary_join_element_wise", [
      pc("cast", [pc("equal", [fld("a"), fld("b")])], { target_type: "utf8" }),
      pc("cast", [pc("less", [fld("a"), fld("b")])], { target_type: "utf8" }),
      sc(","),
    ]),
    ir: fn(
      "concat",
      { cast: fn("eq", c("a"), c("b")), to: "utf8" },
      l(","),
      { cast: fn("lt", c("a"), c("b")), to: "utf8" },
    ),
    expect: {
      type: "utf8",
      values: ["true,false", "true,false", "false,true", "false,true", null],
    },
  },
  // ---- logic
  {
    name: "and/and_kleene: Kleene AND",
    tables: BOOLS,
    pc: pc("and_kleene", [fld("a"), fld("b")]),
    ir: fn("and", c("a"), c("b")),
    expect: { type: "bool", values: [true, false, null, false, false, false, null, false, null] },
  },
  {
    name: "or/or_kleene: Kleene OR",
    tables: BOOLS,
    pc: pc("or_kleene", [fld("a"), fld("b")]),
    ir: fn("or", c("a"), c("b")),
    expect: { type: "bool", values: [true, true, true, true, false, null, true, null, null] },
  },
  {
    name: "and (n-ary registry): three operands",
    tables: {
      t: { a: ["bool", [true, true, false, null]], b: ["bool", [true, null, null, true]] },
    },
    ir: fn("and", c("a"), c("b"), l(true)),
    expect: { type: "bool", values: [true, null, false, null] },
  },
  {
    name: "or (n-ary registry): one operand",
    tables: { t: { a: ["bool", [true, false, null]] } },
    ir: fn("or", c("a")),
    expect: { type: "bool", values: [true, false, null] },
  },
  {
    name: "pyarrow and: any null gives null",
    tables: BOOLS,
    pc: pc("and", [fld("a"), fld("b")]),
    expect: { type: "bool", values: [true, false, null, false, false, null, null, null, null] },
  },
  {
    name: "pyarrow or: any null gives null",
    tables: BOOLS,
    pc: pc("or", [fld("a"), fld("b")]),
    expect: { type: "bool", values: [true, true, null, true, false, null, null, null, null] },
  },
  {
    name: "not/invert",
    tables: { t: { a: ["bool", [true, false, null]] } },
    pc: pc("invert", [fld("a")]),
    ir: fn("not", c("a")),
    expect: { type: "bool", values: [false, true, null] },
  },
  {
    name: "not (registry name)",
    tables: { t: { a: ["bool", [true, false, null]] } },
    pc: pc("not", [fld("a")]),
    expect: { type: "bool", values: [false, true, null] },
  },
  // ---- null
  {
    name: "is_null: NaN is not null",
    tables: { t: { x: ["float64", [1, null, NaN]] } },
    pc: pc("is_null", [fld("x")]),
    ir: fn("is_null", c("x")),
    expect: { type: "bool", values: [false, true, false] },
  },
  {
    name: "is_null with nan_is_null=true: warned, NaN stays not null in the registry",
    tables: { t: { x: ["float64", [1, null, NaN]] } },
    pc: pc("is_null", [fld("x")], { nan_is_null: true }),
    expect: { type: "bool", values: [false, true, false] },
    warn: /nan_is_null/,
    legacy: { type: "bool", values: [false, true, true] },
  },
  {
    name: "is_not_null/is_valid",
    tables: { t: { x: ["utf8", ["", null, " "]] } },
    pc: pc("is_valid", [fld("x")]),
    ir: fn("is_not_null", c("x")),
    expect: { type: "bool", values: [true, false, true] },
  },
  {
    name: "is_not_null (registry name)",
    tables: { t: { x: ["list<int64>", [[], null, [null]]] } },
    pc: pc("is_not_null", [fld("x")]),
    expect: { type: "bool", values: [true, false, true] },
  },
  {
    name: "coalesce: int32, int64 and a literal promote to int64",
    tables: { t: { x: ["int32", [null, 1, null]], y: ["int64", [2n, null, null]] } },
    pc: pc("coalesce", [fld("x"), fld("y"), sc(3)]),
    ir: fn("coalesce", c("x"), c("y"), l(3)),
    expect: { type: "int64", values: [2n, 1n, 3n] },
  },
  {
    name: "coalesce: int with float gives float64",
    tables: { t: { x: ["int32", [null, 1]], y: ["float64", [2.5, 7]] } },
    pc: pc("coalesce", [fld("x"), fld("y")]),
    ir: fn("coalesce", c("x"), c("y")),
    expect: { type: "float64", values: [2.5, 1] },
  },
  {
    name: "nullif (registry name)",
    tables: { t: { x: ["int64", [1n, 2n, null, 4n]], y: ["int64", [1n, 3n, 1n, null]] } },
    pc: pc("nullif", [fld("x"), fld("y")]),
    ir: fn("nullif", c("x"), c("y")),
    expect: { type: "int64", values: [null, 2n, null, 4n] },
  },
  {
    name: "nullif: strings",
    tables: { t: { s: ["utf8", ["", "a", null]] } },
    pc: pc("nullif", [fld("s"), sc("")]),
    ir: fn("nullif", c("s"), l("")),
    expect: { type: "utf8", values: [null, "a", null] },
  },
  // ---- arithmetic
  {
    name: "add/add_checked: int64 with nulls up to the maximum",
    tables: {
      t: { x: ["int64", [1n, -5n, null, MAX - 1n, MIN]], y: ["int64", [2n, 3n, 4n, 1n, 0n]] },
    },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: { type: "int64", values: [3n, -2n, null, MAX, MIN] },
  },
  {
    name: "add/add_checked: int64 overflow is an error in both lanes",
    tables: { t: { x: ["int64", [1n, MAX]], y: ["int64", [1n, 1n]] } },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "if_else: errors are eager, a branch that overflows raises even where not taken",
    tables: { t: { k: ["bool", [true, true]], x: ["int64", [1n, MAX]] } },
    pc: pc("if_else", [fld("k"), fld("x"), pc("add_checked", [fld("x"), sc(1)])]),
    ir: fn("if_else", c("k"), c("x"), fn("add", c("x"), l(1))),
    expect: { error: /overflow/i },
  },
  {
    name: "case and coalesce: errors are eager",
    tables: { t: { x: ["int64", [1n, MAX]] } },
    ir: fn("coalesce", c("x"), fn("add", c("x"), l(1))),
    expect: { error: /overflow/i },
  },
  {
    name: "case: a branch that overflows raises even where not taken",
    tables: { t: { x: ["int64", [1n, MAX]] } },
    ir: { case: [{ when: fn("gt", c("x"), l(0)), then: c("x") }], else: fn("add", c("x"), l(1)) },
    expect: { error: /overflow/i },
  },
  {
    name: "add: int32 + int32 overflows in int32",
    tables: { t: { x: ["int32", [2147483647]], y: ["int32", [1]] } },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "add: int32 + int64 literal is int64 (no overflow)",
    tables: { t: { x: ["int32", [2147483647, null]] } },
    pc: pc("add_checked", [fld("x"), sc(1)]),
    ir: fn("add", c("x"), l(1)),
    expect: { type: "int64", values: [2147483648n, null] },
  },
  {
    name: "add: uint8 + int8 promotes to int16",
    tables: { t: { x: ["uint8", [255, 0]], y: ["int8", [127, -128]] } },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: { type: "int16", values: [382, -128] },
  },
  {
    name: "add: floats, -0 + -0 is -0, inf",
    tables: { t: { x: ["float64", [-0, 1e308, 0.1, NaN]], y: ["float64", [-0, 1e308, 0.2, 1]] } },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: { type: "float64", values: [-0, Infinity, 0.30000000000000004, NaN] },
  },
  {
    name: "add: decimals keep their type",
    tables: {
      t: { x: ["decimal(10,2)", [150n, null, -1n]], y: ["decimal(10,2)", [225n, 1n, 1n]] },
    },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: { type: "decimal(10,2)", values: [375n, null, 0n] },
  },
  {
    name: "add: float32 + float32 stays float32; float32 + int64 is float64",
    tables: { t: { x: ["float32", [0.1, -0, null]], y: ["float32", [0.2, -0, 1]] } },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: {
      type: "float32",
      values: [Math.fround(Math.fround(0.1) + Math.fround(0.2)), -0, null],
    },
  },
  {
    name: "add: float32 + int64 literal is float64",
    tables: { t: { x: ["float32", [0.5, null]] } },
    pc: pc("add_checked", [fld("x"), sc(1)]),
    ir: fn("add", c("x"), l(1)),
    expect: { type: "float64", values: [1.5, null] },
  },
  {
    name: "add: uint64 maximum + 1 overflows",
    tables: { t: { x: ["uint64", [18446744073709551615n]], y: ["uint64", [1n]] } },
    pc: pc("add_checked", [fld("x"), fld("y")]),
    ir: fn("add", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "sub: uint8 0 - 1 overflows in uint8",
    tables: { t: { x: ["uint8", [0]], y: ["uint8", [1]] } },
    pc: pc("subtract_checked", [fld("x"), fld("y")]),
    ir: fn("sub", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "mul: int32 * int32 overflows in int32",
    tables: { t: { x: ["int32", [65536]], y: ["int32", [32768]] } },
    pc: pc("multiply_checked", [fld("x"), fld("y")]),
    ir: fn("mul", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "pyarrow add wraps on overflow: warned, the registry raises",
    tables: { t: { x: ["int64", [MAX]], y: ["int64", [1n]] } },
    pc: pc("add", [fld("x"), fld("y")]),
    expect: { error: /overflow/i },
    warn: /add wraps/,
    legacy: { type: "int64", values: [MIN] },
  },
  {
    name: "pyarrow add without overflow: warned, same values",
    tables: { t: { x: ["int64", [1n, null]], y: ["int64", [2n, 2n]] } },
    pc: pc("add", [fld("x"), fld("y")]),
    expect: { type: "int64", values: [3n, null] },
    warn: /add wraps/,
    legacy: { type: "int64", values: [3n, null] },
  },
  {
    name: "sub/subtract_checked",
    tables: { t: { x: ["int64", [5n, null, MIN + 1n]], y: ["int64", [7n, 1n, 1n]] } },
    pc: pc("subtract_checked", [fld("x"), fld("y")]),
    ir: fn("sub", c("x"), c("y")),
    expect: { type: "int64", values: [-2n, null, MIN] },
  },
  {
    name: "sub/subtract_checked: overflow is an error",
    tables: { t: { x: ["int64", [MIN]], y: ["int64", [1n]] } },
    pc: pc("subtract_checked", [fld("x"), fld("y")]),
    ir: fn("sub", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "sub (registry name): int16 - int16 overflows in int16",
    tables: { t: { x: ["int16", [-32768]], y: ["int16", [1]] } },
    pc: pc("sub", [fld("x"), fld("y")]),
    expect: { error: /overflow/i },
  },
  {
    name: "pyarrow subtract wraps: warned",
    tables: { t: { x: ["int64", [MIN]], y: ["int64", [1n]] } },
    pc: pc("subtract", [fld("x"), fld("y")]),
    expect: { error: /overflow/i },
    warn: /subtract wraps/,
    legacy: { type: "int64", values: [MAX] },
  },
  {
    name: "mul/multiply_checked",
    tables: { t: { x: ["int64", [3n, null, 4611686018427387903n]], y: ["int64", [-4n, 2n, 2n]] } },
    pc: pc("multiply_checked", [fld("x"), fld("y")]),
    ir: fn("mul", c("x"), c("y")),
    expect: { type: "int64", values: [-12n, null, MAX - 1n] },
  },
  {
    name: "mul/multiply_checked: overflow is an error",
    tables: { t: { x: ["int64", [4611686018427387904n]], y: ["int64", [2n]] } },
    pc: pc("multiply_checked", [fld("x"), fld("y")]),
    ir: fn("mul", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "mul (registry name): floats with -0",
    tables: { t: { x: ["float64", [-0, 2.5, -1]], y: ["float64", [5, 2, 0]] } },
    pc: pc("mul", [fld("x"), fld("y")]),
    ir: fn("mul", c("x"), c("y")),
    expect: { type: "float64", values: [-0, 5, -0] },
  },
  {
    name: "pyarrow multiply wraps: warned",
    tables: { t: { x: ["int64", [4611686018427387904n]], y: ["int64", [2n]] } },
    pc: pc("multiply", [fld("x"), fld("y")]),
    expect: { error: /overflow/i },
    warn: /multiply wraps/,
    legacy: { type: "int64", values: [MIN] },
  },
  {
    name: "neg/negate_checked: int64",
    tables: { t: { x: ["int64", [1n, -3n, null, MAX, 0n]] } },
    pc: pc("negate_checked", [fld("x")]),
    ir: fn("neg", c("x")),
    expect: { type: "int64", values: [-1n, 3n, null, -MAX, 0n] },
  },
  {
    name: "neg/negate_checked: int64 minimum overflows",
    tables: { t: { x: ["int64", [MIN]] } },
    pc: pc("negate_checked", [fld("x")]),
    ir: fn("neg", c("x")),
    expect: { error: /overflow/i },
  },
  {
    name: "neg (registry name): floats give -0",
    tables: { t: { x: ["float64", [0, -0, 1.5, null]] } },
    pc: pc("neg", [fld("x")]),
    ir: fn("neg", c("x")),
    expect: { type: "float64", values: [-0, 0, -1.5, null] },
  },
  {
    name: "pyarrow negate wraps: warned",
    tables: { t: { x: ["int64", [MIN]] } },
    pc: pc("negate", [fld("x")]),
    expect: { error: /overflow/i },
    warn: /negate wraps/,
    legacy: { type: "int64", values: [MIN] },
  },
  {
    name: "abs/abs_checked: ints",
    tables: { t: { x: ["int32", [-3, 0, null, 2147483647]] } },
    pc: pc("abs_checked", [fld("x")]),
    ir: fn("abs", c("x")),
    expect: { type: "int32", values: [3, 0, null, 2147483647] },
  },
  {
    name: "neg/abs: int8 minimum overflows in int8",
    tables: { t: { x: ["int8", [-128]] } },
    pc: pc("abs_checked", [fld("x")]),
    ir: fn("abs", c("x")),
    expect: { error: /overflow/i },
  },
  {
    name: "neg: int8 minimum overflows in int8",
    tables: { t: { x: ["int8", [-128]] } },
    pc: pc("negate_checked", [fld("x")]),
    ir: fn("neg", c("x")),
    expect: { error: /overflow/i },
  },
  {
    name: "abs/abs_checked: int64 minimum overflows",
    tables: { t: { x: ["int64", [MIN]] } },
    pc: pc("abs_checked", [fld("x")]),
    ir: fn("abs", c("x")),
    expect: { error: /overflow/i },
  },
  {
    name: "abs/abs_checked: floats, -0 gives 0",
    tables: { t: { x: ["float64", [-0, -1.5, -Infinity, NaN]] } },
    pc: pc("abs_checked", [fld("x")]),
    ir: fn("abs", c("x")),
    expect: { type: "float64", values: [0, 1.5, Infinity, NaN] },
  },
  {
    name: "pyarrow abs wraps: warned",
    tables: { t: { x: ["int64", [MIN]] } },
    pc: pc("abs", [fld("x")]),
    expect: { error: /overflow/i },
    warn: /abs wraps/,
    legacy: { type: "int64", values: [MIN] },
  },
  {
    name: "div (registry name): always float64, by zero gives null",
    tables: { t: { x: ["int64", [7n, -7n, 1n, null, 0n]], y: ["int64", [2n, 2n, 0n, 1n, 0n]] } },
    pc: pc("div", [fld("x"), fld("y")]),
    ir: fn("div", c("x"), c("y")),
    expect: { type: "float64", values: [3.5, -3.5, null, null, null] },
  },
  {
    name: "div: float by zero (and -0) gives null",
    tables: { t: { x: ["float64", [1, -1, 0, 6]], y: ["float64", [0, -0, 0, 4]] } },
    pc: pc("div", [fld("x"), fld("y")]),
    ir: fn("div", c("x"), c("y")),
    expect: { type: "float64", values: [null, null, null, 1.5] },
  },
  {
    name: "pyarrow divide: integers truncate (warned)",
    tables: { t: { x: ["int64", [7n, -7n]], y: ["int64", [2n, 2n]] } },
    pc: pc("divide", [fld("x"), fld("y")]),
    expect: { type: "float64", values: [3.5, -3.5] },
    warn: /divide/,
    legacy: { type: "int64", values: [3n, -3n] },
  },
  {
    name: "pyarrow divide: integer by zero raises (warned)",
    tables: { t: { x: ["int64", [7n]], y: ["int64", [0n]] } },
    pc: pc("divide", [fld("x"), fld("y")]),
    expect: { type: "float64", values: [null] },
    warn: /divide/,
    legacy: { error: /zero/i },
  },
  {
    name: "pyarrow divide: float by zero is inf/nan (warned)",
    tables: { t: { x: ["float64", [1, -1, 0, 6]], y: ["float64", [0, 0, 0, 4]] } },
    pc: pc("divide", [fld("x"), fld("y")]),
    expect: { type: "float64", values: [null, null, null, 1.5] },
    warn: /divide/,
    legacy: { type: "float64", values: [Infinity, -Infinity, NaN, 1.5] },
  },
  {
    name: "idiv (registry name): truncates toward zero, by zero gives null",
    tables: {
      t: { x: ["int64", [7n, -7n, 7n, -7n, 5n, null]], y: ["int64", [2n, 2n, -2n, -2n, 0n, 1n]] },
    },
    pc: pc("idiv", [fld("x"), fld("y")]),
    ir: fn("idiv", c("x"), c("y")),
    expect: { type: "int64", values: [3n, -3n, -3n, 3n, null, null] },
  },
  {
    name: "idiv: int64 minimum by -1 overflows",
    tables: { t: { x: ["int64", [MIN]], y: ["int64", [-1n]] } },
    pc: pc("idiv", [fld("x"), fld("y")]),
    ir: fn("idiv", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "idiv: int8 minimum by -1 overflows in int8",
    tables: { t: { x: ["int8", [-128]], y: ["int8", [-1]] } },
    pc: pc("idiv", [fld("x"), fld("y")]),
    ir: fn("idiv", c("x"), c("y")),
    expect: { error: /overflow/i },
  },
  {
    name: "idiv: int32 keeps int32",
    tables: { t: { x: ["int32", [-9, 9]], y: ["int32", [4, -4]] } },
    pc: pc("idiv", [fld("x"), fld("y")]),
    ir: fn("idiv", c("x"), c("y")),
    expect: { type: "int32", values: [-2, -2] },
  },
  {
    name: "mod (registry name): sign of the dividend, by zero null, MIN mod -1 is 0",
    tables: {
      t: {
        x: ["int64", [7n, -7n, 7n, -7n, 5n, MIN, null]],
        y: ["int64", [2n, 2n, -2n, -2n, 0n, -1n, 3n]],
      },
    },
    pc: pc("mod", [fld("x"), fld("y")]),
    ir: fn("mod", c("x"), c("y")),
    expect: { type: "int64", values: [1n, -1n, 1n, -1n, null, 0n, null] },
  },
  // ---- math
  {
    name: "round (half away from zero) / pyarrow round half_towards_infinity",
    tables: { t: { x: ["float64", [2.5, -2.5, 0.5, 1.5, -0.5, null, 0.49999999999999994]] } },
    pc: pc("round", [fld("x")], { round_mode: "half_towards_infinity" }),
    ir: fn("round", c("x"), l(0, "int32")),
    expect: { type: "float64", values: [3, -3, 1, 2, -1, null, 0] },
  },
  {
    name: "round: digits decided on the double's exact binary value",
    tables: { t: { x: ["float64", [2.675, 1.005, 0.125, -0.125, 1.5e300]] } },
    pc: pc("round", [fld("x")], { round_mode: "half_towards_infinity", ndigits: 2 }),
    ir: fn("round", c("x"), l(2, "int32")),
    expect: { type: "float64", values: [2.67, 1, 0.13, -0.13, 1.5e300] },
  },
  {
    name: "round: negative digits",
    tables: { t: { x: ["float64", [15, 25, -15, 149.9]] } },
    pc: pc("round", [fld("x")], { round_mode: "half_towards_infinity", ndigits: -1 }),
    ir: fn("round", c("x"), l(-1, "int32")),
    expect: { type: "float64", values: [20, 30, -20, 150] },
  },
  {
    name: "round: -0.4 rounds to -0",
    tables: { t: { x: ["float64", [-0.4, -0]] } },
    pc: pc("round", [fld("x")], { round_mode: "half_towards_infinity" }),
    ir: fn("round", c("x"), l(0, "int32")),
    expect: { type: "float64", values: [-0, -0] },
  },
  {
    name: "round: int64 with negative digits keeps int64",
    tables: { t: { x: ["int64", [15n, 25n, -25n, null]] } },
    pc: pc("round", [fld("x")], { round_mode: "half_towards_infinity", ndigits: -1 }),
    ir: fn("round", c("x"), l(-1, "int32")),
    expect: { type: "int64", values: [20n, 30n, -30n, null] },
  },
  {
    name: "round (registry, one argument)",
    tables: { t: { x: ["float64", [2.5, -3.5]] } },
    ir: fn("round", c("x")),
    expect: { type: "float64", values: [3, -4] },
  },
  {
    name: "round_half_even / pyarrow round (default mode)",
    tables: { t: { x: ["float64", [2.5, -2.5, 0.5, 1.5, 3.5, null, -0.5]] } },
    pc: pc("round", [fld("x")]),
    ir: fn("round_half_even", c("x"), l(0, "int32")),
    expect: { type: "float64", values: [2, -2, 0, 2, 4, null, -0] },
  },
  {
    name: "round_half_even: digits on exact binary values",
    tables: { t: { x: ["float64", [0.125, 0.375, 2.675, 0.285]] } },
    pc: pc("round", [fld("x")], { ndigits: 2 }),
    ir: fn("round_half_even", c("x"), l(2, "int32")),
    expect: { type: "float64", values: [0.12, 0.38, 2.67, 0.28] },
  },
  {
    name: "round_half_even (registry name): int64 with negative digits",
    tables: { t: { x: ["int64", [15n, 25n, -25n, 35n]] } },
    pc: pc("round_half_even", [fld("x"), sc(-1, "int32")]),
    ir: fn("round_half_even", c("x"), l(-1, "int32")),
    expect: { type: "int64", values: [20n, 20n, -20n, 40n] },
  },
  {
    name: "round: decimal keeps its type",
    tables: { t: { x: ["decimal(10,3)", [1255n, -1255n, 1245n, null]] } },
    ir: fn("round", c("x"), l(2, "int32")),
    expect: { type: "decimal(10,3)", values: [1260n, -1260n, 1250n, null] },
  },
  {
    name: "pyarrow round with another mode: warned, lifted to round_half_even",
    tables: { t: { x: ["float64", [2.5, 2.1]] } },
    pc: pc("round", [fld("x")], { round_mode: "up" }),
    expect: { type: "float64", values: [2, 2] },
    warn: /round_mode "up"/,
    legacy: { type: "float64", values: [3, 3] },
  },
  {
    name: "floor/ceil: floats",
    tables: { t: { x: ["float64", [1.5, -1.5, -0.5, null, -0]] } },
    pc: pc("floor", [fld("x")]),
    ir: fn("floor", c("x")),
    expect: { type: "float64", values: [1, -2, -1, null, -0] },
  },
  {
    name: "ceil: -0.5 gives -0",
    tables: { t: { x: ["float64", [1.5, -1.5, -0.5, null]] } },
    pc: pc("ceil", [fld("x")]),
    ir: fn("ceil", c("x")),
    expect: { type: "float64", values: [2, -1, -0, null] },
  },
  {
    name: "floor/ceil (registry): integers keep their type",
    tables: { t: { x: ["int64", [3n, -3n, null]] } },
    ir: fn("floor", fn("ceil", c("x"))),
    expect: { type: "int64", values: [3n, -3n, null] },
  },
  {
    name: "pyarrow floor on integers gives float64 in both lanes",
    tables: { t: { x: ["int64", [3n, -3n, null]] } },
    pc: pc("floor", [fld("x")]),
    expect: { type: "float64", values: [3, -3, null] },
  },
  // ---- strings
  {
    name: "lower/utf8_lower: simple case mapping (İ -> i, ẞ -> ß, Σ -> σ everywhere)",
    tables: { t: { s: ["utf8", ["ÀB", "İ", "ẞ", "ΣΑΣ", "ﬁ", null, "Ǆ", "ΌΣΟΣ"]] } },
    pc: pc("utf8_lower", [fld("s")]),
    ir: fn("lower", c("s")),
    expect: { type: "utf8", values: ["àb", "i", "ß", "σασ", "ﬁ", null, "ǆ", "όσοσ"] },
  },
  {
    name: "upper/utf8_upper: ß and ﬁ stay, final sigma maps, length never changes",
    tables: { t: { s: ["utf8", ["ß", "ﬁ", "straße", "ǆ", "ς", "ı", "ŉ", "ÿ", null, "i"]] } },
    pc: pc("utf8_upper", [fld("s")]),
    ir: fn("upper", c("s")),
    expect: {
      type: "utf8",
      values: ["ß", "ﬁ", "STRAßE", "Ǆ", "Σ", "I", "ŉ", "Ÿ", null, "I"],
    },
  },
  {
    name: "lower/upper (registry names): emoji and combining marks unchanged",
    tables: { t: { s: ["utf8", ["😀Ab\u0301", "Ǉ"]] } },
    pc: pc("lower", [pc("upper", [fld("s")])]),
    ir: fn("lower", fn("upper", c("s"))),
    expect: { type: "utf8", values: ["😀ab\u0301", "ǉ"] },
  },
  {
    name: "length (registry name): code points, int64",
    tables: { t: { s: ["utf8", ["", "ß", "e\u0301", "😀", "ﬁ", null, "\u3000"]] } },
    pc: pc("length", [fld("s")]),
    ir: fn("length", c("s")),
    expect: { type: "int64", values: [0n, 1n, 2n, 1n, 1n, null, 1n] },
  },
  {
    name: "utf8_length: code points, int32",
    tables: { t: { s: ["utf8", ["", "ß", "e\u0301", "😀", null]] } },
    pc: pc("utf8_length", [fld("s")]),
    ir: { cast: fn("length", c("s")), to: "int32" },
    expect: { type: "int32", values: [0, 1, 2, 1, null] },
  },
  {
    name: "concat (registry name): null if any argument is null",
    tables: { t: { a: ["utf8", ["x", null, "ß", ""]], b: ["utf8", ["y", "z", "😀", ""]] } },
    pc: pc("concat", [fld("a"), fld("b")]),
    ir: fn("concat", c("a"), c("b")),
    expect: { type: "utf8", values: ["xy", null, "ß😀", ""] },
  },
  {
    name: "concat_ws (registry name): skips nulls",
    tables: {
      t: { a: ["utf8", ["x", null, "ß", "", null]], b: ["utf8", ["y", "z", "😀", "", null]] },
    },
    pc: pc("concat_ws", [sc("-"), fld("a"), fld("b")]),
    ir: fn("concat_ws", l("-"), c("a"), c("b")),
    expect: { type: "utf8", values: ["x-y", "z", "ß-😀", "-", ""] },
  },
  {
    name: "binary_join_element_wise emit_null -> concat",
    tables: { t: { a: ["utf8", ["x", null, "ß", ""]], b: ["utf8", ["y", "z", "😀", ""]] } },
    pc: pc("binary_join_element_wise", [fld("a"), fld("b"), sc("-")]),
    ir: fn("concat", c("a"), l("-"), c("b")),
    expect: { type: "utf8", values: ["x-y", null, "ß-😀", "-"] },
  },
  {
    name: "binary_join_element_wise with one part",
    tables: { t: { a: ["utf8", ["x", null]] } },
    pc: pc("binary_join_element_wise", [fld("a"), sc("-")]),
    expect: { type: "utf8", values: ["x", null] },
  },
  {
    name: "binary_join_element_wise skip -> concat_ws",
    tables: { t: { a: ["utf8", ["x", null, null]], b: ["utf8", ["y", "z", null]] } },
    pc: pc("binary_join_element_wise", [fld("a"), fld("b"), sc("+")], { null_handling: "skip" }),
    ir: fn("concat_ws", l("+"), c("a"), c("b")),
    expect: { type: "utf8", values: ["x+y", "z", ""] },
  },
  {
    name: "binary_join_element_wise replace: warned, lifted as emit_null",
    tables: { t: { a: ["utf8", ["x", null]], b: ["utf8", ["y", "z"]] } },
    pc: pc("binary_join_element_wise", [fld("a"), fld("b"), sc("-")], {
      null_handling: "replace",
      null_replacement: "?",
    }),
    expect: { type: "utf8", values: ["x-y", null] },
    warn: /null_handling "replace"/,
    legacy: { type: "utf8", values: ["x-y", "?-z"] },
  },
  {
    name: "substr (registry name): 1-based code points, past the end gives ''",
    tables: { t: { s: ["utf8", ["héllo😀", "héllo😀", "héllo😀", "héllo😀", null, ""]] } },
    pc: pc("substr", [fld("s"), sc(2), sc(3)]),
    ir: fn("substr", c("s"), l(2), l(3)),
    expect: { type: "utf8", values: ["éll", "éll", "éll", "éll", null, ""] },
  },
  {
    name: "substr: start from a column, no length, past the end",
    tables: {
      t: { s: ["utf8", ["héllo😀", "héllo😀", "ab", "ab"]], i: ["int64", [6n, 10n, 1n, 3n]] },
    },
    pc: pc("substr", [fld("s"), fld("i")]),
    ir: fn("substr", c("s"), c("i")),
    expect: { type: "utf8", values: ["😀", "", "ab", ""] },
  },
  {
    name: "substr: start 0 and negative lengths",
    tables: { t: { s: ["utf8", ["hello", "hello", "hello"]], n: ["int64", [2n, -1n, 0n]] } },
    pc: pc("substr", [fld("s"), sc(0), fld("n")]),
    ir: fn("substr", c("s"), l(0), c("n")),
    expect: { type: "utf8", values: ["h", "", ""] },
  },
  {
    // SPEC section 2 is silent on a negative start; DuckDB's own substring
    // counts it from the end, as the legacy lane does.
    name: "substr: negative start counts from the end (as DuckDB's substring)",
    tables: { t: { s: ["utf8", ["hello", "hello"]], n: ["int64", [1n, 3n]] } },
    pc: pc("substr", [fld("s"), sc(-2), fld("n")]),
    ir: fn("substr", c("s"), l(-2), c("n")),
    expect: { type: "utf8", values: ["l", "lo"] },
  },
  {
    name: "substr: negative start without a length",
    tables: { t: { s: ["utf8", ["hello", "hé😀"]] } },
    pc: pc("substr", [fld("s"), sc(-2)]),
    ir: fn("substr", c("s"), l(-2)),
    expect: { type: "utf8", values: ["lo", "é😀"] },
  },
  {
    name: "substr: a null start or length gives null",
    tables: {
      t: {
        s: ["utf8", ["hello", "hello", "hello"]],
        i: ["int64", [null, 2n, null]],
        n: ["int64", [2n, null, null]],
      },
    },
    pc: pc("substr", [fld("s"), fld("i"), fld("n")]),
    ir: fn("substr", c("s"), c("i"), c("n")),
    expect: { type: "utf8", values: [null, null, null] },
  },
  {
    name: "substr: a null start without a length gives null",
    tables: { t: { s: ["utf8", ["hello"]], i: ["int64", [null]] } },
    pc: pc("substr", [fld("s"), fld("i")]),
    ir: fn("substr", c("s"), c("i")),
    expect: { type: "utf8", values: [null] },
  },
  {
    name: "utf8_slice_codeunits [start, stop) -> substr",
    tables: { t: { s: ["utf8", ["héllo😀", "ab", null]] } },
    pc: pc("utf8_slice_codeunits", [fld("s")], { start: 1, stop: 6 }),
    ir: fn("substr", c("s"), l(2, "int64"), l(5, "int64")),
    expect: { type: "utf8", values: ["éllo😀", "b", null] },
  },
  {
    name: "utf8_slice_codeunits without stop",
    tables: { t: { s: ["utf8", ["héllo😀", ""]] } },
    pc: pc("utf8_slice_codeunits", [fld("s")], { start: 5 }),
    expect: { type: "utf8", values: ["😀", ""] },
  },
  {
    name: "utf8_slice_codeunits negative start: warned",
    tables: { t: { s: ["utf8", ["hello"]] } },
    pc: pc("utf8_slice_codeunits", [fld("s")], { start: -2 }),
    expect: { type: "utf8", values: ["hello"] },
    warn: /negative start/,
    legacy: { type: "utf8", values: ["lo"] },
  },
  {
    name: "starts_with (registry, pattern as an argument)",
    tables: {
      t: { s: ["utf8", ["ßa", "sSa", "", null, "😀x"]], p: ["utf8", ["ß", "ß", "", "a", "😀"]] },
    },
    ir: fn("starts_with", c("s"), c("p")),
    expect: { type: "bool", values: [true, false, true, null, true] },
  },
  {
    name: "starts_with (pyarrow, pattern option)",
    tables: { t: { s: ["utf8", ["ßa", "sSa", "", null, "😀x"]] } },
    pc: pc("starts_with", [fld("s")], { pattern: "ß" }),
    ir: fn("starts_with", c("s"), l("ß")),
    expect: { type: "bool", values: [true, false, false, null, false] },
  },
  {
    name: "starts_with ignore_case: warned",
    tables: { t: { s: ["utf8", ["Ab", "ab"]] } },
    pc: pc("starts_with", [fld("s")], { pattern: "a", ignore_case: true }),
    expect: { type: "bool", values: [false, true] },
    warn: /ignore_case/,
    legacy: { type: "bool", values: [true, true] },
  },
  {
    name: "ends_with",
    tables: { t: { s: ["utf8", ["ab\u0301", "ab", "", null]] } },
    pc: pc("ends_with", [fld("s")], { pattern: "b" }),
    ir: fn("ends_with", c("s"), l("b")),
    expect: { type: "bool", values: [false, true, false, null] },
  },
  {
    name: "ends_with (registry): empty suffix",
    tables: { t: { s: ["utf8", ["x", ""]] } },
    ir: fn("ends_with", c("s"), l("")),
    expect: { type: "bool", values: [true, true] },
  },
  {
    name: "contains/match_substring",
    tables: { t: { s: ["utf8", ["straße", "STRASSE", "", null, "a😀b"]] } },
    pc: pc("match_substring", [fld("s")], { pattern: "ß" }),
    ir: fn("contains", c("s"), l("ß")),
    expect: { type: "bool", values: [true, false, false, null, false] },
  },
  {
    name: "contains (registry name): column needle, empty needle",
    tables: { t: { s: ["utf8", ["a😀b", "abc", "x", "x"]], n: ["utf8", ["😀", "", null, "X"]] } },
    pc: pc("contains", [fld("s"), fld("n")]),
    ir: fn("contains", c("s"), c("n")),
    expect: { type: "bool", values: [true, true, null, false] },
  },
  {
    name: "replace/replace_substring: every occurrence, unicode",
    tables: { t: { s: ["utf8", ["aßaß", "", null, "ﬁfi"]] } },
    pc: pc("replace_substring", [fld("s")], { pattern: "ß", replacement: "ss" }),
    ir: fn("replace", c("s"), l("ß"), l("ss")),
    expect: { type: "utf8", values: ["assass", "", null, "ﬁfi"] },
  },
  {
    name: "replace (registry name): overlapping occurrences left to right",
    tables: { t: { s: ["utf8", ["aaa", "abab"]] } },
    pc: pc("replace", [fld("s"), sc("aa"), sc("b")]),
    ir: fn("replace", c("s"), l("aa"), l("b")),
    expect: { type: "utf8", values: ["ba", "abab"] },
  },
  {
    name: "replace: the replacement is literal ($&, $1, \\)",
    tables: { t: { s: ["utf8", ["a.b", "xax"]] } },
    pc: pc("replace_substring", [fld("s")], { pattern: "a", replacement: "$&$1\\" }),
    ir: fn("replace", c("s"), l("a"), l("$&$1\\")),
    expect: { type: "utf8", values: ["$&$1\\.b", "x$&$1\\x"] },
  },
  {
    name: "replace: an empty pattern changes nothing",
    tables: { t: { s: ["utf8", ["abc", ""]] } },
    pc: pc("replace", [fld("s"), sc(""), sc("x")]),
    ir: fn("replace", c("s"), l(""), l("x")),
    expect: { type: "utf8", values: ["abc", ""] },
  },
  {
    name: "contains/starts_with/split: regex characters are literal",
    tables: { t: { s: ["utf8", ["a.b", "axb", "a.b.", "(a)"]] } },
    pc: pc("binary_join_element_wise", [
      pc("cast", [pc("match_substring", [fld("s")], { pattern: "." })], { target_type: "utf8" }),
      pc("cast", [pc("starts_with", [fld("s")], { pattern: "(" })], { target_type: "utf8" }),
      pc("cast", [pc("list_value_length", [pc("split_pattern", [fld("s")], { pattern: "." })])], {
        target_type: "utf8",
      }),
      sc(" "),
    ]),
    ir: fn(
      "concat_ws",
      l(" "),
      { cast: fn("contains", c("s"), l(".")), to: "utf8" },
      { cast: fn("starts_with", c("s"), l("(")), to: "utf8" },
      { cast: fn("list_len", fn("split", c("s"), l("."))), to: "utf8" },
    ),
    expect: {
      type: "utf8",
      values: ["true false 2", "false false 1", "true false 3", "false true 1"],
    },
  },
  {
    name: "replace_substring max_replacements: warned",
    tables: { t: { s: ["utf8", ["aaa"]] } },
    pc: pc("replace_substring", [fld("s")], {
      pattern: "a",
      replacement: "b",
      max_replacements: 1,
    }),
    expect: { type: "utf8", values: ["bbb"] },
    warn: /max_replacements/,
    legacy: { type: "utf8", values: ["baa"] },
  },
  {
    name: "trim/utf8_trim_whitespace: Unicode White_Space (NBSP, U+3000, NEL), not ZWSP",
    tables: {
      t: {
        s: ["utf8", [
          "\u00a0 a\u3000\t",
          "\u0085x\u2028",
          "\u200bq\u200b",
          "",
          null,
          " \n ",
          "\u180ey",
        ]],
      },
    },
    pc: pc("utf8_trim_whitespace", [fld("s")]),
    ir: fn("trim", c("s")),
    expect: { type: "utf8", values: ["a", "x", "\u200bq\u200b", "", null, "", "\u180ey"] },
  },
  {
    name: "ltrim/utf8_ltrim_whitespace",
    tables: { t: { s: ["utf8", ["\u3000a\u3000", "\u2003b ", null]] } },
    pc: pc("utf8_ltrim_whitespace", [fld("s")]),
    ir: fn("ltrim", c("s")),
    expect: { type: "utf8", values: ["a\u3000", "b ", null] },
  },
  {
    name: "rtrim/utf8_rtrim_whitespace",
    tables: { t: { s: ["utf8", ["\u3000a\u3000", " b\u00a0\u202f", null]] } },
    pc: pc("utf8_rtrim_whitespace", [fld("s")]),
    ir: fn("rtrim", c("s")),
    expect: { type: "utf8", values: ["\u3000a", " b", null] },
  },
  {
    name: "trim/ltrim/rtrim (registry names)",
    tables: { t: { s: ["utf8", ["\u00a0x\u00a0"]] } },
    pc: pc("concat", [pc("trim", [fld("s")]), pc("ltrim", [fld("s")]), pc("rtrim", [fld("s")])]),
    ir: fn("concat", fn("trim", c("s")), fn("ltrim", c("s")), fn("rtrim", c("s"))),
    expect: { type: "utf8", values: ["xx\u00a0\u00a0x"] },
  },
  {
    name: "like/match_like: %, _ on one code point, \\ escape, case-sensitive",
    tables: {
      t: { s: ["utf8", ["a😀c", "A😀c", "a%c", "abbc", "ac", null, "a\nc"]] },
    },
    pc: pc("match_like", [fld("s")], { pattern: "a_c" }),
    ir: fn("like", c("s"), l("a_c")),
    expect: { type: "bool", values: [true, false, true, false, false, null, true] },
  },
  {
    name: "like: regex characters in the pattern are literal; empty pattern",
    tables: { t: { s: ["utf8", ["abc", "a.c", "a+c", ""]] } },
    pc: pc("or_kleene", [
      pc("match_like", [fld("s")], { pattern: "a.c" }),
      pc("match_like", [fld("s")], { pattern: "" }),
    ]),
    ir: fn("or", fn("like", c("s"), l("a.c")), fn("like", c("s"), l(""))),
    expect: { type: "bool", values: [false, true, false, true] },
  },
  {
    name: "like: escaped % matches only a percent sign",
    tables: { t: { s: ["utf8", ["a%c", "abc", "a%", "%"]] } },
    pc: pc("match_like", [fld("s")], { pattern: "a\\%%" }),
    ir: fn("like", c("s"), l("a\\%%")),
    expect: { type: "bool", values: [true, false, true, false] },
  },
  {
    name: "like: a pattern ending in a lone escape is an error in both lanes",
    tables: { t: { s: ["utf8", ["a\\"]] } },
    pc: pc("match_like", [fld("s")], { pattern: "a\\" }),
    ir: fn("like", c("s"), l("a\\")),
    expect: { error: /escape/i },
  },
  {
    name: "like (registry name): pattern from a column",
    tables: { t: { s: ["utf8", ["ß", "straße", "x"]], p: ["utf8", ["_", "%ß_", null]] } },
    pc: pc("like", [fld("s"), fld("p")]),
    ir: fn("like", c("s"), c("p")),
    expect: { type: "bool", values: [true, true, null] },
  },
  {
    name: "regexp_matches/match_substring_regex: RE2 search, not anchored",
    tables: { t: { s: ["utf8", ["abbc", "ABC", "é", null, ""]] } },
    pc: pc("match_substring_regex", [fld("s")], { pattern: "b+|^\\p{L}$" }),
    ir: fn("regexp_matches", c("s"), l("b+|^\\p{L}$")),
    expect: { type: "bool", values: [true, false, true, null, false] },
  },
  {
    name: "regexp_matches (registry name): (?i) flag, . matches one code point",
    tables: { t: { s: ["utf8", ["ABC", "a😀c", "a\nc"]] } },
    pc: pc("regexp_matches", [fld("s"), sc("(?i)^a.c$")]),
    ir: fn("regexp_matches", c("s"), l("(?i)^a.c$")),
    expect: { type: "bool", values: [true, true, false] },
  },
  {
    // RE2's \s is ASCII whitespace only and its . matches \r and U+2028
    // (JS RegExp differs on both).
    name: "regexp_matches: RE2 classes (\\s is ASCII, . matches \\r and U+2028)",
    tables: { t: { s: ["utf8", [" ", "\u00a0", "\u3000", "a\rc", "a\u2028c", "a\nc"]] } },
    pc: pc("or_kleene", [
      pc("match_substring_regex", [fld("s")], { pattern: "^\\s$" }),
      pc("match_substring_regex", [fld("s")], { pattern: "^a.c$" }),
    ]),
    ir: fn(
      "or",
      fn("regexp_matches", c("s"), l("^\\s$")),
      fn("regexp_matches", c("s"), l("^a.c$")),
    ),
    expect: { type: "bool", values: [true, false, false, true, true, false] },
  },
  {
    name: "regexp_matches: an invalid pattern is an error in both lanes",
    tables: { t: { s: ["utf8", ["a"]] } },
    pc: pc("regexp_matches", [fld("s"), sc("(")]),
    ir: fn("regexp_matches", c("s"), l("(")),
    expect: { error: /regular expression|regex|missing \)/i },
  },
  {
    name: "match_substring_regex ignore_case: warned",
    tables: { t: { s: ["utf8", ["ABC"]] } },
    pc: pc("match_substring_regex", [fld("s")], { pattern: "b", ignore_case: true }),
    expect: { type: "bool", values: [false] },
    warn: /ignore_case/,
    legacy: { type: "bool", values: [true] },
  },
  {
    name: "split/split_pattern: keeps empty parts",
    tables: { t: { s: ["utf8", ["a,,b", "", ",", null, "ß,😀"]] } },
    pc: pc("split_pattern", [fld("s")], { pattern: "," }),
    ir: fn("split", c("s"), l(",")),
    expect: { type: "list<utf8>", values: [["a", "", "b"], [""], ["", ""], null, ["ß", "😀"]] },
  },
  {
    name: "split (registry name): multi-character separator",
    tables: { t: { s: ["utf8", ["a--b---c"]] } },
    pc: pc("split", [fld("s"), sc("--")]),
    ir: fn("split", c("s"), l("--")),
    expect: { type: "list<utf8>", values: [["a", "b", "-c"]] },
  },
  {
    name: "split (registry): a null separator gives null",
    tables: { t: { s: ["utf8", ["a,b", "", null]], p: ["utf8", [null, null, ","]] } },
    pc: pc("split", [fld("s"), fld("p")]),
    ir: fn("split", c("s"), c("p")),
    expect: { type: "list<utf8>", values: [null, null, null] },
  },
  {
    // SPEC section 2 is silent on an empty separator; DuckDB splits into code
    // points and keeps the one empty part of ''.
    name: "split (registry): an empty separator splits into code points",
    tables: { t: { s: ["utf8", ["aß😀", ""]] } },
    pc: pc("split", [fld("s"), sc("")]),
    ir: fn("split", c("s"), l("")),
    expect: { type: "list<utf8>", values: [["a", "ß", "😀"], [""]] },
  },
  {
    name: "split_pattern max_splits: warned",
    tables: { t: { s: ["utf8", ["a,b,c"]] } },
    pc: pc("split_pattern", [fld("s")], { pattern: ",", max_splits: 1 }),
    expect: { type: "list<utf8>", values: [["a", "b", "c"]] },
    warn: /max_splits/,
    legacy: { type: "list<utf8>", values: [["a", "b,c"]] },
  },
  // ---- lists
  {
    name: "list_len (registry name): int64",
    tables: { t: { l: ["list<int64>", [[1n, 2n], [], null, [null]]] } },
    pc: pc("list_len", [fld("l")]),
    ir: fn("list_len", c("l")),
    expect: { type: "int64", values: [2n, 0n, null, 1n] },
  },
  {
    name: "list_value_length: int32",
    tables: { t: { l: ["list<utf8>", [["a", "b"], [], null, [null]]] } },
    pc: pc("list_value_length", [fld("l")]),
    expect: { type: "int32", values: [2, 0, null, 1] },
  },
  {
    name: "list_contains (registry name): null elements never match",
    tables: {
      t: {
        l: ["list<int64>", [[1n, 2n], [], null, [null, 3n], [null], [1n]]],
        x: ["int64", [2n, 1n, 1n, 3n, 1n, null]],
      },
    },
    pc: pc("list_contains", [fld("l"), fld("x")]),
    ir: fn("list_contains", c("l"), c("x")),
    expect: { type: "bool", values: [true, false, null, true, false, null] },
  },
  {
    name: "list_contains: strings, int literal against int32 elements",
    tables: {
      t: { l: ["list<utf8>", [["ß", "SS"], ["ss"]]], m: ["list<int32>", [[1, 2], [3]]] },
    },
    pc: pc("and_kleene", [
      pc("list_contains", [fld("l"), sc("ß")]),
      pc("list_contains", [fld("m"), sc(2)]),
    ]),
    ir: fn("and", fn("list_contains", c("l"), l("ß")), fn("list_contains", c("m"), l(2))),
    expect: { type: "bool", values: [true, false] },
  },
  {
    name: "list_get (registry name): out of range or negative gives null",
    tables: {
      t: {
        l: ["list<int64>", [[10n, 20n], [10n], null, [null, 5n], [1n]]],
        i: ["int64", [1n, 1n, 0n, 0n, -1n]],
      },
    },
    pc: pc("list_get", [fld("l"), fld("i")]),
    ir: fn("list_get", c("l"), c("i")),
    expect: { type: "int64", values: [20n, null, null, null, null] },
  },
  {
    name: "list_element in range: warned (out of range differs)",
    tables: { t: { l: ["list<utf8>", [["a", "b"], ["c"], null]] } },
    pc: pc("list_element", [fld("l"), sc(0)]),
    ir: fn("list_get", c("l"), l(0)),
    expect: { type: "utf8", values: ["a", "c", null] },
    warn: /list_element raises/,
  },
  {
    name: "list_element out of range: the legacy lane raises (warned)",
    tables: { t: { l: ["list<utf8>", [["a"], []]] } },
    pc: pc("list_element", [fld("l"), sc(0)]),
    expect: { type: "utf8", values: ["a", null] },
    warn: /list_element raises/,
    legacy: { error: /index|range|bound/i },
  },
  // ---- id
  {
    name: "stable_id: utf8 and int64 parts, null parts as U+0000",
    tables: {
      t: { x: ["int64", [1n, -5n, null, MAX]], s: ["utf8", ["ß", null, "😀", ""]] },
    },
    pc: pc("stable_id", [sc("fn"), fld("x"), fld("s")]),
    ir: fn("stable_id", l("fn"), c("x"), c("s")),
    expect: {
      type: "utf8",
      values: [
        sid("fn", "1", "ß"),
        sid("fn", "-5", null),
        sid("fn", null, "😀"),
        sid("fn", "9223372036854775807", ""),
      ],
    },
  },
  {
    name: "stable_id: floats as DuckDB writes them",
    tables: { t: { f: ["float64", [1.5, -0, 1e20, NaN, 0.1, 100, Infinity, 1e-7]] } },
    pc: pc("stable_id", [sc("p"), fld("f")]),
    ir: fn("stable_id", l("p"), c("f")),
    expect: {
      type: "utf8",
      values: ["1.5", "-0.0", "1e+20", "nan", "0.1", "100.0", "inf", "1e-07"].map((t) =>
        sid("p", t)
      ),
    },
  },
  {
    name: "stable_id: bool, date, timestamp, decimal, int32 parts",
    tables: {
      t: {
        b: ["bool", [true, false]],
        d: ["date32", [19724, 0]],
        ts: ["timestamp[us]", [1704164645123456n, 1704153600000000n]],
        m: ["decimal(10,2)", [150n, -5n]],
        i: ["int32", [-7, 0]],
      },
    },
    pc: pc("stable_id", [sc("p"), fld("b"), fld("d"), fld("ts"), fld("m"), fld("i")]),
    ir: fn("stable_id", l("p"), c("b"), c("d"), c("ts"), c("m"), c("i")),
    expect: {
      type: "utf8",
      values: [
        sid("p", "true", "2024-01-02", "2024-01-02 03:04:05.123456", "1.50", "-7"),
        sid("p", "false", "1970-01-01", "2024-01-02 00:00:00", "-0.05", "0"),
      ],
    },
  },
  {
    name: "stable_id: float32, negative and tz timestamps, uint64 parts",
    tables: {
      t: {
        f: ["float32", [1.100000023841858, 16777216]],
        ts: ["timestamp[us]", [-1n, 253402300799999999n]],
        tz: ["timestamp[us, tz=UTC]", [0n, 1704164645000001n]],
        u: ["uint64", [18446744073709551615n, 0n]],
      },
    },
    pc: pc("stable_id", [sc("p"), fld("f"), fld("ts"), fld("tz"), fld("u")]),
    ir: fn("stable_id", l("p"), c("f"), c("ts"), c("tz"), c("u")),
    expect: {
      type: "utf8",
      values: [
        sid(
          "p",
          "1.1",
          "1969-12-31 23:59:59.999999",
          "1970-01-01 00:00:00+00",
          "18446744073709551615",
        ),
        sid("p", "16777216.0", "9999-12-31 23:59:59.999999", "2024-01-02 03:04:05.000001+00", "0"),
      ],
    },
  },
  {
    name: "stable_id: prefix from a column, null prefix",
    tables: { t: { p: ["utf8", ["a", null]], s: ["utf8", ["b", "b"]] } },
    pc: pc("stable_id", [fld("p"), fld("s")]),
    ir: fn("stable_id", c("p"), c("s")),
    expect: { type: "utf8", values: [sid("a", "b"), sid(null, "b")] },
  },
  // ---- set
  {
    name: "in (registry name): SQL IN with a null in the list",
    tables: { t: { x: ["int64", [1n, 3n, null]] } },
    pc: pc("in", [fld("x"), sc(1), sc(2), sc(null, "int64")]),
    ir: fn("in", c("x"), l(1), l(2), l(null, "int64")),
    expect: { type: "bool", values: [true, null, null] },
  },
  {
    name: "in: no null in the list",
    tables: { t: { x: ["int32", [1, 3, null]] } },
    pc: pc("in", [fld("x"), sc(1), sc(2)]),
    ir: fn("in", c("x"), l(1), l(2)),
    expect: { type: "bool", values: [true, false, null] },
  },
  {
    name: "in: strings, unicode not normalized",
    tables: { t: { s: ["utf8", ["é", "e\u0301", "ß"]] } },
    pc: pc("in", [fld("s"), sc("é"), sc("ss")]),
    ir: fn("in", c("s"), l("é"), l("ss")),
    expect: { type: "bool", values: [true, false, false] },
  },
  {
    name: "in(x, L): a list param with a null element",
    tables: { t: { s: ["utf8", ["a", "b", null]] } },
    params: { kinds: ["a", null] },
    paramTypes: { kinds: { type: "list<utf8>" } },
    pc: pc("in", [fld("s"), { param: "kinds" }]),
    ir: fn("in", c("s"), { param: "kinds" }),
    expect: { type: "bool", values: [true, null, null] },
  },
  {
    name: "in(x, L): an empty list param gives false",
    tables: { t: { s: ["utf8", ["a", null]] } },
    params: { kinds: [] },
    paramTypes: { kinds: { type: "list<utf8>" } },
    pc: pc("in", [fld("s"), { param: "kinds" }]),
    ir: fn("in", c("s"), { param: "kinds" }),
    expect: { type: "bool", values: [false, false] },
  },
  {
    name: "in(x, L): a list column",
    tables: {
      t: { x: ["int64", [1n, 2n, 3n, null]], l: ["list<int64>", [[1n], [null], null, [1n]]] },
    },
    pc: pc("in", [fld("x"), fld("l")]),
    ir: fn("in", c("x"), c("l")),
    expect: { type: "bool", values: [true, null, null, null] },
  },
  {
    name: "is_in: a null x does not match (no null in value_set)",
    tables: { t: { x: ["int64", [1n, 3n, null]] } },
    pc: pc("is_in", [fld("x")], { value_set: [1, 2] }),
    ir: fn("coalesce", fn("in", c("x"), l(1), l(2)), l(false, "bool")),
    expect: { type: "bool", values: [true, false, false] },
  },
  {
    name: "is_in with a null in value_set: a null x matches it (exact lift)",
    tables: { t: { x: ["int64", [1n, 3n, null]] } },
    pc: pc("is_in", [fld("x")], { value_set: [1, null] }),
    expect: { type: "bool", values: [true, false, true] },
  },
  {
    name: "is_in with skip_nulls: a null x never matches",
    tables: { t: { x: ["utf8", ["a", null]] } },
    pc: pc("is_in", [fld("x")], { value_set: ["a", null], skip_nulls: true }),
    expect: { type: "bool", values: [true, false] },
  },
  // ---- conditional
  {
    name: "if_else (registry): null condition gives b",
    tables: {
      t: {
        k: ["bool", [true, false, null]],
        a: ["int32", [1, 2, 3]],
        b: ["float64", [10, 20, 30]],
      },
    },
    ir: fn("if_else", c("k"), c("a"), c("b")),
    expect: { type: "float64", values: [1, 20, 30] },
  },
  {
    name: "pyarrow if_else: null condition gives null",
    tables: {
      t: {
        k: ["bool", [true, false, null]],
        a: ["int32", [1, 2, 3]],
        b: ["float64", [10, 20, 30]],
      },
    },
    pc: pc("if_else", [fld("k"), fld("a"), fld("b")]),
    expect: { type: "float64", values: [1, 20, null] },
  },
  {
    name: "case (ExprIR): first true branch, null when is not true",
    tables: { t: { x: ["int64", [5n, 1n, null]] } },
    ir: {
      case: [
        { when: fn("gt", c("x"), l(1)), then: l("big") },
        { when: fn("is_null", c("x")), then: l("none") },
      ],
      else: l("small"),
    },
    expect: { type: "utf8", values: ["big", "small", "none"] },
  },
  {
    name: "case without else gives null",
    tables: { t: { x: ["int64", [5n, 1n]] } },
    ir: { case: [{ when: fn("gt", c("x"), l(1)), then: c("x") }] },
    expect: { type: "int64", values: [5n, null] },
  },
  // ---- casts
  {
    name: "cast: int64 to int32 in range",
    tables: { t: { x: ["int64", [1n, null, -2147483648n]] } },
    pc: pc("cast", [fld("x")], { target_type: "int32" }),
    ir: { cast: c("x"), to: "int32" },
    expect: { type: "int32", values: [1, null, -2147483648] },
  },
  {
    name: "cast: int64 to int32 out of range is an error",
    tables: { t: { x: ["int64", [3000000000n]] } },
    pc: pc("cast", [fld("x")], { target_type: "int32" }),
    ir: { cast: c("x"), to: "int32" },
    expect: { error: /cast|range|overflow/i },
  },
  {
    name: "cast: utf8 to int64 parses decimal text only",
    tables: { t: { s: ["utf8", ["12", "-7", "+3", null]] } },
    pc: pc("cast", [fld("s")], { target_type: "int64" }),
    ir: { cast: c("s"), to: "int64" },
    expect: { type: "int64", values: [12n, -7n, 3n, null] },
  },
  {
    name: "cast: utf8 ' 3' to int64 is an error",
    tables: { t: { s: ["utf8", [" 3"]] } },
    pc: pc("cast", [fld("s")], { target_type: "int64" }),
    ir: { cast: c("s"), to: "int64" },
    expect: { error: /cast|parse|decimal/i },
  },
  {
    name: "cast safe=true (ExprIR): bad text, fractional floats and out of range give null",
    tables: {
      t: {
        s: ["utf8", ["12", " 3", "1e3", "0x10", "1_0", null]],
        f: ["float64", [1, 2.5, NaN, 3e10, -0, null]],
      },
    },
    ir: fn("concat_ws", l("|"), {
      cast: { cast: c("s"), to: "int64", safe: true },
      to: "utf8",
    }, { cast: { cast: c("f"), to: "int32", safe: true }, to: "utf8" }),
    expect: { type: "utf8", values: ["12|1", "", "", "", "0", ""] },
  },
  {
    name: "cast: float64 to int64 fractional is an error",
    tables: { t: { f: ["float64", [1, 2.5]] } },
    pc: pc("cast", [fld("f")], { target_type: "int64" }),
    ir: { cast: c("f"), to: "int64" },
    expect: { error: /cast|integral|truncat/i },
  },
  {
    name: "cast: utf8 to float64 and decimal",
    tables: { t: { s: ["utf8", ["1.5", "-2e3", ".5", null]] } },
    ir: fn("concat_ws", l(","), { cast: { cast: c("s"), to: "float64" }, to: "utf8" }, {
      cast: { cast: c("s"), to: "decimal(10,2)" },
      to: "utf8",
    }),
    expect: { type: "utf8", values: ["1.5,1.50", "-2000.0,-2000.00", "0.5,0.50", ""] },
  },
  {
    name: "cast to utf8 writes DuckDB's text (ints, floats, bool, date, timestamp, decimal)",
    tables: {
      t: {
        i: ["int64", [-5n]],
        f: ["float64", [100]],
        g: ["float64", [1e20]],
        b: ["bool", [true]],
        d: ["date32", [19724]],
        ts: ["timestamp[us, tz=UTC]", [1704164645000000n]],
        m: ["decimal(10,2)", [-5n]],
      },
    },
    ir: fn(
      "concat_ws",
      l(" | "),
      ...["i", "f", "g", "b", "d", "ts", "m"].map((n): Expr => ({ cast: c(n), to: "utf8" })),
    ),
    expect: {
      type: "utf8",
      values: ["-5 | 100.0 | 1e+20 | true | 2024-01-02 | 2024-01-02 03:04:05+00 | -0.05"],
    },
  },
  {
    name: "cast: int64 and float64 to decimal",
    tables: { t: { i: ["int64", [1n, -5n, null]], f: ["float64", [1.25, -0.5, null]] } },
    ir: fn(
      "concat_ws",
      l(","),
      { cast: { cast: c("i"), to: "decimal(10,2)" }, to: "utf8" },
      { cast: { cast: c("f"), to: "decimal(10,2)" }, to: "utf8" },
    ),
    expect: { type: "utf8", values: ["1.00,1.25", "-5.00,-0.50", ""] },
  },
  {
    name: "cast: date32 <-> timestamp[us] convert days and microseconds",
    tables: {
      t: { d: ["date32", [1, -1, null]], ts: ["timestamp[us]", [1n, -1n, 86400000000n]] },
    },
    ir: fn(
      "concat_ws",
      l(" / "),
      { cast: { cast: c("d"), to: "timestamp[us]" }, to: "utf8" },
      { cast: { cast: c("ts"), to: "date32" }, to: "utf8" },
    ),
    expect: {
      type: "utf8",
      values: [
        "1970-01-02 00:00:00 / 1970-01-01",
        "1969-12-31 00:00:00 / 1969-12-31",
        "1970-01-02",
      ],
    },
  },
  {
    name: "cast: date32 to int32 is an error (DuckDB has no such cast)",
    tables: { t: { d: ["date32", [1]] } },
    ir: { cast: c("d"), to: "int32" },
    expect: { error: /cast/i },
  },
  {
    name: "cast (pyarrow) int to utf8",
    tables: { t: { i: ["int32", [-5, 0, null]] } },
    pc: pc("cast", [fld("i")], { target_type: "string" }),
    ir: { cast: c("i"), to: "utf8" },
    expect: { type: "utf8", values: ["-5", "0", null] },
  },
  {
    name: "cast safe=false (pyarrow truncating): warned",
    tables: { t: { f: ["float64", [2.5]] } },
    pc: pc("cast", [fld("f")], { target_type: "int64", safe: false }),
    expect: { error: /cast|integral/i },
    warn: /safe=false/,
    legacy: { type: "int64", values: [2n] },
  },
  // ---- params and literals
  {
    name: "param in an expression (declared float64)",
    tables: { t: { x: ["float64", [0.4, 0.5, null]] } },
    params: { min: 0.5 },
    paramTypes: { min: { type: "float64" } },
    pc: pc("greater_equal", [fld("x"), { param: "min" }]),
    ir: fn("ge", c("x"), { param: "min" }),
    expect: { type: "bool", values: [false, true, null] },
  },
  {
    name: "int64 literal beyond 2^53 as a decimal string",
    tables: { t: { x: ["int64", [MAX, 1n]] } },
    pc: pc("equal", [fld("x"), sc("9223372036854775807", "int64")]),
    ir: fn("eq", c("x"), l("9223372036854775807", "int64")),
    expect: { type: "bool", values: [true, false] },
  },
  {
    name: "expressions over an empty table",
    tables: { t: { x: ["int64", []], s: ["utf8", []] } },
    pc: pc("stable_id", [sc("p"), fld("x"), pc("utf8_upper", [fld("s")])]),
    ir: fn("stable_id", l("p"), c("x"), fn("upper", c("s"))),
    expect: { type: "utf8", values: [] },
  },
];

// ------------------------------------------------------------------ plan rows

const scan = (dataset: string, extra: Partial<Extract<LegacyOp, { kind: "scan" }>> = {}) =>
  ({ kind: "scan", dataset, ...extra }) as const;

const JOIN_L: Tables[string] = {
  k: ["int64", [1n, null, 2n, 2n, 4n]],
  v: ["utf8", ["a", "b", "c", "d", "e"]],
};
const JOIN_R: Tables[string] = {
  k: ["int32", [1, null, 2, 3]],
  v: ["utf8", ["R1", "Rn", "R2", "R3"]],
};
const JOINS: Tables = { l: JOIN_L, r: JOIN_R };
const joinOps = (
  join_type: Extract<LegacyOp, { kind: "hashjoin" }>["join_type"],
  extra: Partial<Extract<LegacyOp, { kind: "hashjoin" }>> = {},
): LegacyOp[] => [scan("l"), {
  kind: "hashjoin",
  join_type,
  left_keys: ["k"],
  right_keys: ["k"],
  right: { pipeline_ops: [scan("r")] },
  ...extra,
}];
const JOIN_COLS = ["k: int64", "v: utf8", "k_right: int32", "v_right: utf8"];

const AGG: Tables = {
  t: {
    g: ["utf8", ["a", "b", null, "a", null, "b", "a"]],
    v: ["int64", [1n, null, 3n, 4n, null, null, 1n]],
    f: ["float64", [0.5, NaN, -0, 2.5, null, null, -1]],
    b: ["bool", [true, null, false, false, null, null, true]],
    s: ["utf8", ["ß", "x", null, "SS", "😀", null, "a"]],
  },
};

const INTERVALS: Tables = {
  l: {
    id: ["int32", [1, 2, 3, 4, 5]],
    k: ["utf8", ["x", "x", "y", "x", null]],
    s: ["int64", [2n, 10n, 0n, 5n, 1n]],
    e: ["int64", [4n, 12n, 1n, 6n, 2n]],
  },
  r: {
    k: ["utf8", ["x", "x", "x", "y", null]],
    rs: ["int64", [0n, 1n, 11n, 5n, 0n]],
    re: ["int64", [10n, 5n, 20n, 9n, 9n]],
    id: ["utf8", ["wide", "narrow", "late", "other", "nullkey"]],
  },
};
const intervalOps = (mode: "contains" | "overlaps", select: "best" | "all"): LegacyOp[] => [
  scan("l"),
  {
    kind: "kernel",
    name: "interval_align",
    options: {
      right: { pipeline_ops: [scan("r")] },
      on: [["k", "k"]],
      left_start: "s",
      left_end: "e",
      right_start: "rs",
      right_end: "re",
      mode,
      select,
    },
  },
];
const INTERVAL_COLS = [
  "id: int32",
  "k: utf8",
  "s: int64",
  "e: int64",
  "k_right: utf8",
  "rs: int64",
  "re: int64",
  "id_right: utf8",
];

const PLAN_CASES: readonly PlanCase[] = [
  // ---- scan, filter, project
  {
    name: "scan with columns and a pushdown filter (nulls and NaN dropped)",
    tables: {
      calls: {
        id: ["int64", [1n, 2n, 3n, 4n, 5n]],
        score: ["float64", [0.5, null, 0.1, NaN, 0.9]],
        who: ["utf8", ["a", "b", "c", "d", "e"]],
      },
    },
    ops: [scan("calls", {
      columns: ["score", "id"],
      filter: pc("greater_equal", [fld("score"), sc(0.5)]),
    })],
    expect: { cols: ["score: float64", "id: int64"], rows: [[0.5, 1n], [0.9, 5n]] },
  },
  {
    name: "scan with a param in the filter",
    tables: { t: { x: ["int64", [1n, 5n, null]] } },
    params: { lo: 2 },
    paramTypes: { lo: { type: "int64" } },
    ops: [scan("t", { filter: pc("greater", [fld("x"), { param: "lo" }]) })],
    expect: { cols: ["x: int64"], rows: [[5n]] },
  },
  {
    name: "filter keeps only true rows (Kleene null dropped); project computes",
    tables: {
      t: {
        a: ["bool", [true, null, false, true]],
        x: ["int32", [1, 2, 3, null]],
        s: ["utf8", ["ß", "b", "c", "ﬁ"]],
      },
    },
    ops: [
      scan("t"),
      { kind: "filter", expression: pc("or_kleene", [fld("a"), pc("is_null", [fld("x")])]) },
      {
        kind: "project",
        expressions: [fld("s"), pc("add_checked", [fld("x"), sc(1)]), pc("utf8_upper", [fld("s")])],
        names: ["s", "x1", "u"],
      },
    ],
    rel: [
      { op: "scan", dataset: "t" },
      { op: "filter", predicate: fn("or", c("a"), fn("is_null", c("x"))) },
      { op: "derive", columns: [{ name: "x1", expr: fn("add", c("x"), l(1)) }] },
      { op: "derive", columns: [{ name: "u", expr: fn("upper", c("s")) }] },
      {
        op: "project",
        columns: [{ name: "s", expr: c("s") }, { name: "x1", expr: c("x1") }, {
          name: "u",
          expr: c("u"),
        }],
      },
    ],
    expect: { cols: ["s: utf8", "x1: int64", "u: utf8"], rows: [["ß", 2n, "ß"], ["ﬁ", null, "ﬁ"]] },
  },
  {
    name: "filter and project over an empty table",
    tables: { t: { x: ["int64", []], s: ["utf8", []] } },
    ops: [
      scan("t"),
      { kind: "filter", expression: pc("greater", [fld("x"), sc(0)]) },
      { kind: "project", expressions: [pc("utf8_lower", [fld("s")])], names: ["s"] },
    ],
    expect: { cols: ["s: utf8"], rows: [] },
  },
  {
    name: "project overflow is an error in both lanes",
    tables: { t: { x: ["int64", [1n, MAX]] } },
    ops: [scan("t"), {
      kind: "project",
      expressions: [pc("multiply_checked", [fld("x"), sc(2)])],
      names: ["y"],
    }],
    expect: { error: /overflow/i },
  },
  {
    name: "project of every input type passes values through unchanged",
    tables: {
      t: {
        b: ["bool", [true, null, false]],
        i8: ["int8", [-128, null, 127]],
        u64: ["uint64", [18446744073709551615n, null, 0n]],
        f32: ["float32", [-0, NaN, -Infinity]],
        d: ["date32", [-1, null, 2932896]],
        ts: ["timestamp[us]", [-1n, null, 253402300799999999n]],
        tz: ["timestamp[us, tz=UTC]", [1704164645123456n, null, 0n]],
        m: ["decimal(38,10)", [-(10n ** 37n), null, 10n ** 38n - 1n]],
        l: ["list<list<int32>>", [[[1], [], null], null, []]],
        bin: ["binary", [
          new Uint8Array([0, 255]) as unknown as Cell,
          null,
          new Uint8Array([]) as unknown as Cell,
        ]],
        s: ["utf8", ["\u0000\u{10FFFF}", null, ""]],
      },
    },
    ops: [scan("t"), {
      kind: "project",
      expressions: ["b", "i8", "u64", "f32", "d", "ts", "tz", "m", "l", "bin", "s"].map(fld),
      names: ["b", "i8", "u64", "f32", "d", "ts", "tz", "m", "l", "bin", "s"],
    }],
    expect: {
      cols: [
        "b: bool",
        "i8: int8",
        "u64: uint64",
        "f32: float32",
        "d: date32",
        "ts: timestamp[us]",
        "tz: timestamp[us, tz=UTC]",
        "m: decimal(38,10)",
        "l: list<list<int32>>",
        "bin: binary",
        "s: utf8",
      ],
      rows: [
        [
          true,
          -128,
          18446744073709551615n,
          -0,
          -1,
          -1n,
          1704164645123456n,
          -(10n ** 37n),
          [[1], [], null],
          [0, 255],
          "\u0000\u{10FFFF}",
        ],
        [null, null, null, NaN, null, null, null, null, null, null, null],
        [false, 127, 0n, -Infinity, 2932896, 253402300799999999n, 0n, 10n ** 38n - 1n, [], [], ""],
      ],
    },
  },
  {
    name: "sliced input batches: filter, string and list functions, bool bitmaps",
    sliced: true,
    tables: {
      t: {
        b: ["bool", [true, null, false, true, true, false, null]],
        i: ["int64", [1n, 2n, null, 4n, 5n, 6n, 7n]],
        s: ["utf8", ["ß", "ab", null, "😀x", "", "ﬁ", "z"]],
        l: ["list<int32>", [[1], [], null, [2, 3], [null], [4], [5, 6, 7]]],
      },
    },
    ops: [
      scan("t"),
      { kind: "filter", expression: pc("or_kleene", [fld("b"), pc("greater", [fld("i"), sc(5)])]) },
      {
        kind: "project",
        expressions: [
          fld("i"),
          pc("utf8_upper", [fld("s")]),
          pc("list_value_length", [fld("l")]),
          pc("invert", [fld("b")]),
        ],
        names: ["i", "u", "n", "nb"],
      },
    ],
    expect: {
      cols: ["i: int64", "u: utf8", "n: int32", "nb: bool"],
      rows: [[1n, "ß", 1, false], [4n, "😀X", 2, false], [5n, "", 1, false], [6n, "ﬁ", 1, true], [
        7n,
        "Z",
        3,
        null,
      ]],
    },
  },
  {
    name: "sliced input batches: aggregate and order_by",
    sliced: true,
    tables: {
      t: {
        g: ["utf8", ["a", "b", null, "a", "b", "a", null]],
        v: ["int64", [1n, 2n, 3n, null, 5n, 6n, 7n]],
      },
    },
    ops: [
      scan("t"),
      {
        kind: "aggregate",
        keys: ["g"],
        aggregates: [["v", "hash_sum", null, "s"], [[], "hash_count_all", null, "n"]],
      },
      { kind: "order_by", sort_keys: [["g", "descending"]], null_placement: "at_start" },
    ],
    ordered: true,
    expect: {
      cols: ["g: utf8", "s: int64", "n: int64"],
      rows: [[null, 10n, 2n], ["b", 7n, 2n], ["a", 7n, 3n]],
    },
  },
  // ---- joins
  {
    name: "hashjoin inner: null keys never match, int64 vs int32 keys, suffixes",
    tables: JOINS,
    ops: joinOps("inner"),
    expect: {
      cols: JOIN_COLS,
      rows: [[1n, "a", 1, "R1"], [2n, "c", 2, "R2"], [2n, "d", 2, "R2"]],
    },
  },
  {
    name: "hashjoin left outer",
    tables: JOINS,
    ops: joinOps("left outer"),
    expect: {
      cols: JOIN_COLS,
      rows: [
        [1n, "a", 1, "R1"],
        [null, "b", null, null],
        [2n, "c", 2, "R2"],
        [2n, "d", 2, "R2"],
        [4n, "e", null, null],
      ],
    },
  },
  {
    name: "hashjoin right outer",
    tables: JOINS,
    ops: joinOps("right outer"),
    expect: {
      cols: JOIN_COLS,
      rows: [
        [1n, "a", 1, "R1"],
        [2n, "c", 2, "R2"],
        [2n, "d", 2, "R2"],
        [null, null, null, "Rn"],
        [null, null, 3, "R3"],
      ],
    },
  },
  {
    name: "hashjoin full outer",
    tables: JOINS,
    ops: joinOps("full outer"),
    expect: {
      cols: JOIN_COLS,
      rows: [
        [1n, "a", 1, "R1"],
        [null, "b", null, null],
        [2n, "c", 2, "R2"],
        [2n, "d", 2, "R2"],
        [4n, "e", null, null],
        [null, null, null, "Rn"],
        [null, null, 3, "R3"],
      ],
    },
  },
  {
    name: "hashjoin left semi: each left row once",
    tables: JOINS,
    ops: joinOps("left semi"),
    expect: { cols: ["k: int64", "v: utf8"], rows: [[1n, "a"], [2n, "c"], [2n, "d"]] },
  },
  {
    name: "hashjoin left semi: duplicate right keys do not duplicate left rows",
    tables: {
      l: { k: ["utf8", ["a", "b", null]] },
      r: { k: ["utf8", ["a", "a", null, null]] },
    },
    ops: [scan("l"), {
      kind: "hashjoin",
      join_type: "left semi",
      left_keys: ["k"],
      right_keys: ["k"],
      right: { pipeline_ops: [scan("r")] },
    }],
    expect: { cols: ["k: utf8"], rows: [["a"]] },
  },
  {
    name: "hashjoin left anti: the null-key row is kept",
    tables: JOINS,
    ops: joinOps("left anti"),
    expect: { cols: ["k: int64", "v: utf8"], rows: [[null, "b"], [4n, "e"]] },
  },
  {
    name: "hashjoin custom suffix and multi-key unicode keys (ß != SS)",
    tables: {
      l: {
        a: ["utf8", ["ß", "SS", "é", null]],
        b: ["int64", [1n, 1n, 2n, 1n]],
        x: ["int32", [1, 2, 3, 4]],
      },
      r: {
        a: ["utf8", ["ß", "ss", "e\u0301", null]],
        b: ["int64", [1n, 1n, 2n, 1n]],
        x: ["int32", [10, 20, 30, 40]],
      },
    },
    ops: [scan("l"), {
      kind: "hashjoin",
      join_type: "left outer",
      left_keys: ["a", "b"],
      right_keys: ["a", "b"],
      right: { pipeline_ops: [scan("r")] },
      output_suffix_for_right: "_r",
    }],
    expect: {
      cols: ["a: utf8", "b: int64", "x: int32", "a_r: utf8", "b_r: int64", "x_r: int32"],
      rows: [
        ["ß", 1n, 1, "ß", 1n, 10],
        ["SS", 1n, 2, null, null, null],
        ["é", 2n, 3, null, null, null],
        [null, 1n, 4, null, null, null],
      ],
    },
  },
  {
    name: "hashjoin: a suffix that still clashes is an error in both lanes",
    tables: {
      l: { k: ["int64", [1n]], k_right: ["int64", [2n]] },
      r: { k: ["int64", [1n]] },
    },
    ops: [scan("l"), {
      kind: "hashjoin",
      join_type: "inner",
      left_keys: ["k"],
      right_keys: ["k"],
      right: { pipeline_ops: [scan("r")] },
    }],
    expect: { error: /k_right/ },
  },
  {
    name: "hashjoin with a residual filter over right columns",
    tables: JOINS,
    ops: joinOps("inner", { filter: pc("not_equal", [fld("v"), sc("d")]) }),
    expect: { cols: JOIN_COLS, rows: [[1n, "a", 1, "R1"], [2n, "c", 2, "R2"]] },
  },
  {
    name: "hashjoin on float keys: -0 matches 0",
    tables: {
      l: { f: ["float64", [-0, 1.5, null]] },
      r: { g: ["float64", [0, 1.5, null]] },
    },
    ops: [scan("l"), {
      kind: "hashjoin",
      join_type: "inner",
      left_keys: ["f"],
      right_keys: ["g"],
      right: { pipeline_ops: [scan("r")] },
    }],
    expect: { cols: ["f: float64", "g: float64"], rows: [[-0, 0], [1.5, 1.5]] },
  },
  {
    name: "hashjoin with an empty right side",
    tables: { l: JOIN_L, r: { k: ["int32", []], v: ["utf8", []] } },
    ops: joinOps("left outer"),
    expect: {
      cols: JOIN_COLS,
      rows: [
        [1n, "a", null, null],
        [null, "b", null, null],
        [2n, "c", null, null],
        [2n, "d", null, null],
        [4n, "e", null, null],
      ],
    },
  },
  // ---- aggregates
  {
    name: "aggregate: every hash_* aggregate, null group keys form one group",
    tables: AGG,
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [
        ["v", "hash_count", null, "n"],
        [[], "hash_count_all", null, "n_all"],
        ["v", "hash_count_distinct", null, "n_distinct"],
        ["v", "hash_sum", null, "sum"],
        ["v", "hash_min", null, "min"],
        ["v", "hash_max", null, "max"],
        ["v", "hash_mean", null, "mean"],
        ["b", "hash_any", null, "any"],
        ["b", "hash_all", null, "all"],
      ],
    }],
    expect: {
      cols: [
        "g: utf8",
        "n: int64",
        "n_all: int64",
        "n_distinct: int64",
        "sum: int64",
        "min: int64",
        "max: int64",
        "mean: float64",
        "any: bool",
        "all: bool",
      ],
      rows: [
        ["a", 3n, 3n, 2n, 6n, 1n, 4n, 2, true, false],
        ["b", 0n, 2n, 0n, null, null, null, null, null, null],
        [null, 1n, 2n, 1n, 3n, 3n, 3n, 3, false, false],
      ],
    },
  },
  {
    name: "aggregate: hash_count modes all and only_null",
    tables: AGG,
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [
        ["v", "hash_count", { mode: "all" }, "n_all"],
        ["v", "hash_count", { mode: "only_null" }, "n_null"],
      ],
    }],
    expect: {
      cols: ["g: utf8", "n_all: int64", "n_null: int64"],
      rows: [["a", 3n, 0n], ["b", 2n, 2n], [null, 2n, 1n]],
    },
  },
  {
    name: "aggregate: float min/max/sum/mean with NaN and -0",
    tables: AGG,
    loose0: true,
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [
        ["f", "hash_min", null, "min"],
        ["f", "hash_max", null, "max"],
        ["f", "hash_sum", null, "sum"],
        ["f", "hash_mean", null, "mean"],
      ],
    }],
    expect: {
      cols: ["g: utf8", "min: float64", "max: float64", "sum: float64", "mean: float64"],
      rows: [
        ["a", -1, 2.5, 2, 2 / 3],
        ["b", NaN, NaN, NaN, NaN],
        [null, -0, -0, -0, -0],
      ],
    },
  },
  {
    name: "aggregate: utf8 min/max by code point",
    tables: AGG,
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [["s", "hash_min", null, "min"], ["s", "hash_max", null, "max"]],
    }],
    expect: {
      cols: ["g: utf8", "min: utf8", "max: utf8"],
      rows: [["a", "SS", "ß"], ["b", "x", "x"], [null, "😀", "😀"]],
    },
  },
  {
    name: "aggregate: hash_list / hash_first / hash_last follow input order (warned)",
    tables: AGG,
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [
        ["v", "hash_list", null, "list"],
        ["v", "hash_first", null, "first"],
        ["v", "hash_last", null, "last"],
      ],
    }],
    warn: /input order/,
    expect: {
      cols: ["g: utf8", "list: list<int64>", "first: int64", "last: int64"],
      rows: [
        ["a", [1n, 4n, 1n], 1n, 1n],
        ["b", [null, null], null, null],
        [null, [3n, null], 3n, 3n],
      ],
    },
  },
  {
    name: "aggregate: no keys gives one row",
    tables: AGG,
    ops: [scan("t"), {
      kind: "aggregate",
      keys: [],
      aggregates: [
        [[], "hash_count_all", null, "n"],
        ["v", "hash_sum", null, "sum"],
        ["s", "hash_max", null, "max"],
        ["b", "hash_all", null, "all"],
      ],
    }],
    expect: {
      cols: ["n: int64", "sum: int64", "max: utf8", "all: bool"],
      rows: [[7n, 9n, "😀", false]],
    },
  },
  {
    name: "aggregate: no keys over an empty table gives one row",
    tables: { t: { v: ["int64", []], f: ["float64", []] } },
    ops: [scan("t"), {
      kind: "aggregate",
      keys: [],
      aggregates: [
        [[], "hash_count_all", null, "n"],
        ["v", "hash_count", null, "nv"],
        ["v", "hash_sum", null, "sum"],
        ["f", "hash_mean", null, "mean"],
        ["v", "hash_min", null, "min"],
      ],
    }],
    expect: {
      cols: ["n: int64", "nv: int64", "sum: int64", "mean: float64", "min: int64"],
      rows: [[0n, 0n, null, null, null]],
    },
  },
  {
    name: "aggregate: with keys over an empty table gives no rows",
    tables: { t: { g: ["utf8", []], v: ["int64", []] } },
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [["v", "hash_sum", null, "s"]],
    }],
    expect: { cols: ["g: utf8", "s: int64"], rows: [] },
  },
  {
    name: "aggregate: int64 sum overflow is an error in both lanes",
    tables: { t: { v: ["int64", [MAX, 1n]] } },
    ops: [scan("t"), { kind: "aggregate", keys: [], aggregates: [["v", "hash_sum", null, "s"]] }],
    expect: { error: /overflow|out of range/i },
  },
  {
    name: "aggregate: an int64 sum whose running total overflows but whose result fits",
    tables: { t: { v: ["int64", [MAX, 1n, -1n, MIN, -MIN - 1n]] } },
    ops: [scan("t"), {
      kind: "aggregate",
      keys: [],
      aggregates: [["v", "hash_sum", null, "s"], ["v", "hash_mean", null, "m"]],
    }],
    expect: { cols: ["s: int64", "m: float64"], rows: [[MAX - 1n, (Number(MAX) - 1) / 5]] },
  },
  {
    name: "aggregate: int32 sum is int64; multi-key groups with timestamps",
    tables: {
      t: {
        k: ["int32", [1, 1, 2, 2]],
        ts: ["timestamp[us]", [5n, 5n, 5n, null]],
        i: ["int32", [2147483647, 1, -1, null]],
      },
    },
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["k", "ts"],
      aggregates: [["i", "hash_sum", null, "si"], ["ts", "hash_max", null, "mx"]],
    }],
    expect: {
      cols: ["k: int32", "ts: timestamp[us]", "si: int64", "mx: timestamp[us]"],
      rows: [[1, 5n, 2147483648n, 5n], [2, 5n, -1n, 5n], [2, null, null, null]],
    },
  },
  {
    name: "aggregate: decimal sum is decimal(38,s), min/max keep the type",
    tables: {
      t: { k: ["int32", [1, 1, 2]], m: ["decimal(10,2)", [150n, 225n, null]] },
    },
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["k"],
      aggregates: [["m", "hash_sum", null, "sm"], ["m", "hash_min", null, "mn"]],
    }],
    expect: {
      cols: ["k: int32", "sm: decimal(38,2)", "mn: decimal(10,2)"],
      rows: [[1, 375n, 150n], [2, null, null]],
    },
  },
  {
    name: "aggregate: hash_sum with skip_nulls=false (warned)",
    tables: { t: { g: ["int32", [1, 1, 2]], v: ["int64", [1n, null, 2n]] } },
    ops: [scan("t"), {
      kind: "aggregate",
      keys: ["g"],
      aggregates: [["v", "hash_sum", { skip_nulls: false }, "s"]],
    }],
    warn: /skip_nulls=false/,
    expect: { cols: ["g: int32", "s: int64"], rows: [[1, 1n], [2, 2n]] },
    legacy: { cols: ["g: int32", "s: int64"], rows: [[1, null], [2, 2n]] },
  },
  {
    name: "aggregate measures with order_by and filter (hand-written RelPlan)",
    tables: AGG,
    ops: [
      scan("t"),
      { kind: "filter", expression: pc("is_valid", [fld("v")]) },
      {
        kind: "aggregate",
        keys: ["g"],
        aggregates: [[[], "hash_count_all", null, "n"]],
      },
    ],
    rel: [
      { op: "scan", dataset: "t" },
      {
        op: "aggregate",
        group_by: ["g"],
        measures: [{ name: "n", fn: "count_all", filter: fn("is_not_null", c("v")) }],
      },
      { op: "filter", predicate: fn("gt", c("n"), l(0)) },
    ],
    expect: { cols: ["g: utf8", "n: int64"], rows: [["a", 3n], [null, 1n]] },
  },
  // ---- order_by, limit
  {
    name: "order_by multi-key: unicode by code point, desc, nulls at end",
    tables: {
      t: {
        s: ["utf8", ["é", "Z", null, "a", "😀", "ﬁ", "a", "\uffff", null]],
        n: ["float64", [1, 2, 3, 7, 5, 6, -0.5, 8, -Infinity]],
      },
    },
    ops: [scan("t"), {
      kind: "order_by",
      sort_keys: [["s", "ascending"], ["n", "descending"]],
      null_placement: "at_end",
    }],
    ordered: true,
    expect: {
      cols: ["s: utf8", "n: float64"],
      rows: [
        ["Z", 2],
        ["a", 7],
        ["a", -0.5],
        ["é", 1],
        ["ﬁ", 6],
        ["\uffff", 8],
        ["😀", 5],
        [null, 3],
        [null, -Infinity],
      ],
    },
  },
  {
    name: "order_by: NaN sorts next to the nulls (nulls first: nulls, NaN, numbers)",
    tables: { t: { x: ["float64", [NaN, 1, null, -Infinity, Infinity, -1]] } },
    ops: [scan("t"), {
      kind: "order_by",
      sort_keys: [["x", "ascending"]],
      null_placement: "at_start",
    }],
    ordered: true,
    expect: { cols: ["x: float64"], rows: [[null], [NaN], [-Infinity], [-1], [1], [Infinity]] },
  },
  {
    name: "order_by descending: NaN stays after the numbers, before the nulls",
    tables: { t: { x: ["float64", [NaN, 1, null, -1]] } },
    ops: [scan("t"), { kind: "order_by", sort_keys: [["x", "descending"]] }],
    ordered: true,
    expect: { cols: ["x: float64"], rows: [[1], [-1], [NaN], [null]] },
  },
  {
    name: "order_by: timestamps, dates and booleans ascending with nulls at start",
    tables: {
      t: {
        ts: ["timestamp[us, tz=UTC]", [5n, null, -5n, 0n]],
        d: ["date32", [1, 2, 3, 4]],
        b: ["bool", [true, false, null, false]],
      },
    },
    ops: [scan("t"), {
      kind: "order_by",
      sort_keys: [["b", "ascending"], ["ts", "descending"]],
      null_placement: "at_start",
    }],
    ordered: true,
    expect: {
      cols: ["ts: timestamp[us, tz=UTC]", "d: date32", "b: bool"],
      rows: [[-5n, 3, null], [null, 2, false], [0n, 4, false], [5n, 1, true]],
    },
  },
  {
    name: "order_by descending with nulls at start, then limit with offset",
    tables: {
      t: {
        k: ["int64", [3n, null, 1n, MAX, MIN, 2n]],
        d: ["decimal(10,2)", [1n, 2n, 3n, 4n, 5n, 6n]],
      },
    },
    ops: [
      scan("t"),
      { kind: "order_by", sort_keys: [["k", "descending"]], null_placement: "at_start" },
      { kind: "limit", count: 3, offset: 1 },
    ],
    ordered: true,
    expect: { cols: ["k: int64", "d: decimal(10,2)"], rows: [[MAX, 4n], [3n, 1n], [2n, 6n]] },
  },
  {
    name: "limit: offset past the end, count 0",
    tables: { t: { k: ["int64", [1n, 2n]] } },
    ops: [
      scan("t"),
      { kind: "order_by", sort_keys: [["k", "ascending"]] },
      { kind: "limit", count: 5, offset: 5 },
    ],
    ordered: true,
    expect: { cols: ["k: int64"], rows: [] },
  },
  {
    name: "limit larger than the input keeps every row",
    tables: { t: { k: ["int64", [1n, 2n, 3n]] } },
    ops: [scan("t"), { kind: "limit", count: 10 }],
    expect: { cols: ["k: int64"], rows: [[1n], [2n], [3n]] },
  },
  {
    name: "limit count 0",
    tables: { t: { k: ["int64", [1n, 2n]] } },
    ops: [scan("t"), { kind: "limit", count: 0 }],
    expect: { cols: ["k: int64"], rows: [] },
  },
  // ---- union
  {
    name: "union: columns matched by name, duplicates kept",
    tables: {
      a: { x: ["int64", [1n, null]], s: ["utf8", ["ß", "a"]] },
      b: { s: ["utf8", ["ß", "😀"]], x: ["int64", [1n, 3n]] },
      e: { x: ["int64", []], s: ["utf8", []] },
    },
    ops: [scan("a"), {
      kind: "union",
      inputs: [{ pipeline_ops: [scan("b")] }, { pipeline_ops: [scan("e")] }],
    }],
    expect: {
      cols: ["x: int64", "s: utf8"],
      rows: [[1n, "ß"], [null, "a"], [1n, "ß"], [3n, "😀"]],
    },
  },
  {
    name: "union distinct (hand-written) vs legacy union + aggregate",
    tables: {
      a: { x: ["int64", [1n, null, null]] },
      b: { x: ["int64", [1n, 3n]] },
    },
    ops: [
      scan("a"),
      { kind: "union", inputs: [{ pipeline_ops: [scan("b")] }] },
      { kind: "aggregate", keys: ["x"], aggregates: [] },
    ],
    rel: [
      { op: "scan", dataset: "a" },
      { op: "union", inputs: [{ ops: [{ op: "scan", dataset: "b" }] }], distinct: true },
    ],
    expect: { cols: ["x: int64"], rows: [[1n], [null], [3n]] },
  },
  {
    name: "distinct (hand-written) vs legacy aggregate with keys only",
    tables: { t: { x: ["utf8", ["ß", "SS", "ß", null, null]], y: ["int32", [1, 1, 1, 2, 2]] } },
    ops: [scan("t"), { kind: "aggregate", keys: ["x", "y"], aggregates: [] }],
    rel: [{ op: "scan", dataset: "t" }, { op: "distinct" }],
    expect: { cols: ["x: utf8", "y: int32"], rows: [["ß", 1], ["SS", 1], [null, 2]] },
  },
  // ---- kernels
  {
    name: "explode_list: list replaced in place, empty and null lists dropped",
    tables: {
      t: {
        id: ["int32", [1, 2, 3, 4]],
        tags: ["list<utf8>", [["a", "ß"], [], null, [null, "😀"]]],
        z: ["utf8", ["p", "q", "r", "s"]],
      },
    },
    ops: [scan("t"), {
      kind: "kernel",
      name: "explode_list",
      options: { column: "tags", as: "tag" },
    }],
    expect: {
      cols: ["id: int32", "tag: utf8", "z: utf8"],
      rows: [[1, "a", "p"], [1, "ß", "p"], [4, null, "s"], [4, "😀", "s"]],
    },
  },
  {
    name: "explode_list: keep_empty and index_as",
    tables: {
      t: {
        id: ["int32", [1, 2, 3, 4]],
        tags: ["list<int64>", [[5n, 6n], [], null, [null, MAX]]],
      },
    },
    ops: [scan("t"), {
      kind: "kernel",
      name: "explode_list",
      options: { column: "tags", as: "tag", index_as: "i", keep_empty: true },
    }],
    expect: {
      cols: ["id: int32", "tag: int64", "i: int64"],
      rows: [
        [1, 5n, 0n],
        [1, 6n, 1n],
        [2, null, null],
        [3, null, null],
        [4, null, 0n],
        [4, MAX, 1n],
      ],
    },
  },
  {
    name: "explode_list over an empty table",
    tables: { t: { id: ["int32", []], tags: ["list<utf8>", []] } },
    ops: [scan("t"), {
      kind: "kernel",
      name: "explode_list",
      options: { column: "tags", as: "tag", index_as: "i" },
    }],
    expect: { cols: ["id: int32", "tag: utf8", "i: int64"], rows: [] },
  },
  {
    name: "dedupe: first by order_by per key, ties by remaining columns, null keys one group",
    tables: {
      t: {
        k: ["utf8", ["a", "b", "a", "a", "b", null, null]],
        ts: ["int32", [5, 1, 9, 9, 1, 3, 4]],
        v: ["utf8", ["x", "z", "d", "c", "y", "n1", "n2"]],
      },
    },
    ops: [scan("t"), {
      kind: "kernel",
      name: "dedupe",
      options: { keys: ["k"], order_by: [{ expr: { col: "ts" }, dir: "desc" }], keep: "first" },
    }],
    expect: {
      cols: ["k: utf8", "ts: int32", "v: utf8"],
      rows: [["a", 9, "c"], ["b", 1, "y"], [null, 4, "n2"]],
    },
  },
  {
    name: "dedupe: order_by an expression with nulls first, ties on unicode",
    tables: {
      t: {
        k: ["int64", [1n, 1n, 1n, 2n, 2n]],
        p: ["float64", [null, 2, null, 1, 1]],
        v: ["utf8", ["ß", "a", "SS", "é", "e\u0301"]],
      },
    },
    ops: [scan("t"), {
      kind: "kernel",
      name: "dedupe",
      options: {
        keys: ["k"],
        order_by: [{ expr: fn("neg", c("p")), dir: "asc", nulls: "first" }],
        keep: "first",
      },
    }],
    expect: {
      cols: ["k: int64", "p: float64", "v: utf8"],
      rows: [[1n, null, "SS"], [2n, 1, "e\u0301"]],
    },
  },
  {
    name: "interval_align contains/best: narrowest, unmatched and null keys kept with nulls",
    tables: INTERVALS,
    ops: intervalOps("contains", "best"),
    expect: {
      cols: INTERVAL_COLS,
      rows: [
        [1, "x", 2n, 4n, "x", 1n, 5n, "narrow"],
        [2, "x", 10n, 12n, null, null, null, null],
        [3, "y", 0n, 1n, null, null, null, null],
        [4, "x", 5n, 6n, "x", 0n, 10n, "wide"],
        [5, null, 1n, 2n, null, null, null, null],
      ],
    },
  },
  {
    name: "interval_align contains/all",
    tables: INTERVALS,
    ops: intervalOps("contains", "all"),
    expect: {
      cols: INTERVAL_COLS,
      rows: [
        [1, "x", 2n, 4n, "x", 0n, 10n, "wide"],
        [1, "x", 2n, 4n, "x", 1n, 5n, "narrow"],
        [2, "x", 10n, 12n, null, null, null, null],
        [3, "y", 0n, 1n, null, null, null, null],
        [4, "x", 5n, 6n, "x", 0n, 10n, "wide"],
        [5, null, 1n, 2n, null, null, null, null],
      ],
    },
  },
  {
    name: "interval_align overlaps/all",
    tables: INTERVALS,
    ops: intervalOps("overlaps", "all"),
    expect: {
      cols: INTERVAL_COLS,
      rows: [
        [1, "x", 2n, 4n, "x", 0n, 10n, "wide"],
        [1, "x", 2n, 4n, "x", 1n, 5n, "narrow"],
        [2, "x", 10n, 12n, "x", 11n, 20n, "late"],
        [3, "y", 0n, 1n, null, null, null, null],
        [4, "x", 5n, 6n, "x", 0n, 10n, "wide"],
        [5, null, 1n, 2n, null, null, null, null],
      ],
    },
  },
  {
    name: "interval_align overlaps/best: ties on width broken by right_start",
    tables: {
      l: { s: ["int64", [5n]], e: ["int64", [6n]] },
      r: {
        rs: ["int64", [4n, 3n, 5n, 5n]],
        re: ["int64", [7n, 6n, 8n, 8n]],
        tag: ["utf8", ["b", "a", "d", "c"]],
      },
    },
    ops: [scan("l"), {
      kind: "kernel",
      name: "interval_align",
      options: {
        right: { pipeline_ops: [scan("r")] },
        on: [],
        left_start: "s",
        left_end: "e",
        right_start: "rs",
        right_end: "re",
        mode: "overlaps",
        select: "best",
        suffix: "_r",
      },
    }],
    expect: {
      cols: ["s: int64", "e: int64", "rs: int64", "re: int64", "tag: utf8"],
      rows: [[5n, 6n, 3n, 6n, "a"]],
    },
  },
];

// ------------------------------------------------------------------ runners

function exprPlan(e: PcExpr, tc: CaseBase): LegacyPlan {
  return {
    name: "cross.expr",
    ...(tc.paramTypes ? { params: tc.paramTypes } : {}),
    pipeline_ops: [scan("t"), { kind: "project", expressions: [e], names: ["v"] }],
  };
}

function relPlan(ops: readonly RelOp[], tc: CaseBase, ordered: boolean): RelPlan {
  return {
    relplan: 1,
    name: "cross.rel",
    ...(tc.paramTypes ? { params: tc.paramTypes } : {}),
    ops,
    ordering: ordered ? { level: "implicit" } : { level: "unordered" },
  };
}

/** Collects the failures of one row so that every lane is checked and reported. */
class Failures {
  readonly #items: string[] = [];
  /** Run `f`; record its failure under `what`. */
  try<T>(what: string, f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      this.#items.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }
  /** Throw every recorded failure at once. */
  throwIfAny(): void {
    if (this.#items.length) throw new Error(this.#items.join("\n\n"));
  }
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (typeof x === "bigint") return `${x}n`;
    if (typeof x === "number" && !Number.isFinite(x)) return String(x);
    if (Object.is(x, -0)) return "-0";
    return x;
  });
}

/** Replace -0 by 0 (rows whose sums may legitimately differ in the sign of zero). */
function unsignZero(rows: Exact[][]): Exact[][] {
  return rows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v)));
}

/** Check one lane's outcome against the expectation; returns the table when it ran. */
function check(
  fails: Failures,
  got: { ok: arrow.Table } | { err: unknown },
  want: Expect,
  ordered: boolean,
  what: string,
  expr: boolean,
  loose0 = false,
): arrow.Table | undefined {
  return fails.try(what, () => {
    if (want.error) {
      assert.ok("err" in got, `expected an error, got ${"ok" in got ? show(rowsOf(got.ok)) : ""}`);
      assertUserError(got.err, want.error, what);
      return undefined;
    }
    if ("err" in got) throw new Error(`failed: ${String(got.err)}`);
    const t = got.ok;
    if (expr) {
      assert.deepEqual(typesOf(t), [`v: ${want.type}`], "type");
      assert.deepEqual(rowsOf(t).map((r) => r[0]), want.values, "values");
    } else {
      assert.deepEqual(typesOf(t), want.cols, "schema");
      let rows = ordered ? rowsOf(t) : sortedRows(rowsOf(t));
      let exp = ordered ? want.rows!.map((r) => [...r]) : sortedRows(want.rows!);
      if (loose0) [rows, exp] = [sortedRows(unsignZero(rows)), sortedRows(unsignZero(exp))];
      assert.deepEqual(rows, exp, "rows");
    }
    return t;
  });
}

function checkWarnings(fails: Failures, plan: RelPlan, tc: CaseBase): void {
  fails.try("lift", () => {
    const w = (plan["x-migrate-warnings"] ?? []) as string[];
    if (tc.warn) {
      assert.ok(w.some((x) => tc.warn!.test(x)), `must warn ${tc.warn}, got ${show(w)}`);
    } else {
      assert.deepEqual(w.filter((x) => !/input order/.test(x)), [], "must not warn");
    }
  });
}

/** Assert every pair of successful runs gives identical Arrow tables. */
function crossCheck(
  fails: Failures,
  runs: readonly [string, arrow.Table | undefined][],
  ordered: boolean,
  loose0 = false,
): void {
  const ok = runs.filter((r): r is [string, arrow.Table] => r[1] !== undefined);
  for (let i = 1; i < ok.length; i++) {
    const what = `${ok[0]![0]} vs ${ok[i]![0]}`;
    fails.try(what, () => assertSameTable(ok[0]![1], ok[i]![1], ordered, what, loose0));
  }
}

/** Input layouts every row runs on: one batch, and batches of 2 rows. */
const LAYOUTS: readonly [string, Layout | undefined][] = [
  ["", undefined],
  [" [2-row batches]", { rows: 2, mode: "separate" }],
];
/** Extra layout of rows marked `sliced`: 2-row `RecordBatch.slice`s of one batch. */
const SLICED: [string, Layout] = [" [2-row slices]", { rows: 2, mode: "sliced" }];

for (const tc of EXPR_CASES) {
  Deno.test(`expr: ${tc.name}`, async () => {
    assert.ok(tc.pc || tc.ir, "a row needs pc or ir");
    if (!tc.pc) assert.equal(tc.warn, undefined, "only a pc expression is lifted");
    const fails = new Failures();
    const params = tc.params ?? {};
    const paramTypes = Object.fromEntries(
      Object.entries(tc.paramTypes ?? {}).map(([k, v]) => [k, v.type]),
    );
    for (const [layout, how] of tc.sliced ? [...LAYOUTS, SLICED] : LAYOUTS) {
      const tables = arrowTables(tc.tables, how);
      const runs: [string, arrow.Table | undefined][] = [];
      const run = async (
        what: string,
        want: Expect,
        f: () => Promise<arrow.Table> | arrow.Table,
        compare = true,
      ) => {
        const t = check(fails, await outcome(f), want, true, what + layout, true);
        if (compare) runs.push([what + layout, t]);
      };
      if (tc.pc) {
        const legacyPlan = exprPlan(tc.pc, tc);
        const lifted = liftLegacyPlan(legacyPlan).plan;
        if (!layout) checkWarnings(fails, lifted, tc);
        await run(
          "legacy lane (pyarrow expr)",
          tc.legacy ?? tc.expect,
          () => runLegacy(legacyPlan, tables, params),
          !tc.legacy,
        );
        await run("new lane (lifted)", tc.expect, () => runNew(lifted, tables, params));
      }
      if (tc.ir) {
        const ops: RelOp[] = [
          { op: "scan", dataset: "t" },
          { op: "project", columns: [{ name: "v", expr: tc.ir }] },
        ];
        await run(
          "new lane (registry expr)",
          tc.expect,
          () => runNew(relPlan(ops, tc, true), tables, params),
        );
        await run(
          "legacy lane (registry expr)",
          tc.expect,
          () => evalLegacyIr(tc.ir!, tables.get("t")!, params, paramTypes),
        );
      }
      crossCheck(fails, runs, true);
    }
    fails.throwIfAny();
  });
}

for (const tc of PLAN_CASES) {
  Deno.test(`plan: ${tc.name}`, async () => {
    const fails = new Failures();
    const params = tc.params ?? {};
    const ordered = tc.ordered ?? false;
    const loose0 = tc.loose0 ?? false;
    const legacyPlan: LegacyPlan = {
      name: "cross.plan",
      ...(tc.paramTypes ? { params: tc.paramTypes } : {}),
      pipeline_ops: tc.ops,
    };
    const lifted = liftLegacyPlan(legacyPlan).plan;
    checkWarnings(fails, lifted, tc);
    for (const [layout, how] of tc.sliced ? [...LAYOUTS, SLICED] : LAYOUTS) {
      const tables = arrowTables(tc.tables, how);
      const runs: [string, arrow.Table | undefined][] = [];
      const run = async (
        what: string,
        want: Expect,
        f: () => Promise<arrow.Table>,
        compare = true,
      ) => {
        const t = check(fails, await outcome(f), want, ordered, what + layout, false, loose0);
        if (compare) runs.push([what + layout, t]);
      };
      await run(
        "legacy lane",
        tc.legacy ?? tc.expect,
        () => runLegacy(legacyPlan, tables, params),
        !tc.legacy,
      );
      await run("new lane (lifted)", tc.expect, () => runNew(lifted, tables, params));
      if (tc.rel) {
        await run(
          "new lane (hand-written)",
          tc.expect,
          () => runNew(relPlan(tc.rel!, tc, ordered), tables, params),
        );
      }
      crossCheck(fails, runs, ordered, loose0);
    }
    fails.throwIfAny();
  });
}

// ------------------------------------------------------------------ coverage

Deno.test("coverage: every registry function, pyarrow function, aggregate, op kind and kernel has a row", () => {
  const fnNames = new Set<string>();
  const pcNames = new Set<string>();
  const aggNames = new Set<string>();
  const kinds = new Set<string>();
  const kernels = new Set<string>();
  const joinTypes = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.fn === "string" && Array.isArray(o.args)) fnNames.add(o.fn);
      if (typeof o.call === "string") pcNames.add(o.call);
      if (typeof o.kind === "string") kinds.add(o.kind);
      if (o.kind === "kernel") kernels.add(String(o.name));
      if (o.kind === "hashjoin") joinTypes.add(String(o.join_type));
      if (o.kind === "aggregate") {
        for (const a of o.aggregates as unknown[][]) aggNames.add(String(a[1]));
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(EXPR_CASES.map((x) => [x.pc, x.ir]));
  walk(PLAN_CASES.map((x) => [x.ops, x.rel]));
  const missing = (all: Iterable<string>, have: Set<string>) =>
    [...all].filter((n) => !have.has(n));
  assert.deepEqual(missing(REGISTRY.keys(), fnNames), [], "registry functions without a row");
  assert.deepEqual(
    missing([...REGISTRY.keys()].filter((n) => !PC_FUNCTIONS.has(n)), pcNames),
    [],
    "registry functions never called by their registry name from a legacy plan",
  );
  assert.deepEqual(missing(PC_FUNCTIONS.keys(), pcNames), [], "pyarrow functions without a row");
  assert.deepEqual(missing(PC_AGGREGATES.keys(), aggNames), [], "aggregates without a row");
  assert.deepEqual(
    missing([
      "scan",
      "filter",
      "project",
      "hashjoin",
      "aggregate",
      "order_by",
      "union",
      "limit",
      "kernel",
    ], kinds),
    [],
    "op kinds without a row",
  );
  assert.deepEqual(missing(KERNELS.keys(), kernels), [], "kernels without a row");
  assert.deepEqual(
    missing(
      ["inner", "left outer", "right outer", "full outer", "left semi", "left anti"],
      joinTypes,
    ),
    [],
    "join types without a row",
  );
});
