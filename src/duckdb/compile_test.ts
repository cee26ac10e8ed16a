/**
 * Every function of SPEC section 2 and every op of section 3 on DuckDB, value
 * by value, on edge-case data. Test tables are made with hand-written SQL
 * (allowed in tests only); plans go through compile + render + run.
 */
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import type { Expr } from "../ir/expr.ts";
import type { RelOp, RelPlan } from "../ir/plan.ts";
import { openSession, type Session } from "./config.ts";
import { runRelPlan } from "./run.ts";
import { LOWER_FIXES, UPPER_FIXES } from "./compile.ts";
import { RelgateError } from "../errors.ts";

const S: Session = await openSession({ cli: { threads: 1 } });
const TABLES = new Map<string, string>();

/** Hand-written test fixture SQL (tests only). */
async function table(name: string, sql: string): Promise<void> {
  await S.connection.run(`CREATE OR REPLACE TABLE "${name}" AS ${sql}`);
  TABLES.set(name, name);
}

await table("one", "SELECT 1::BIGINT AS k");

function plain(v: unknown): unknown {
  if (v instanceof arrow.Vector) return [...v].map(plain);
  if (v && typeof v === "object" && "toJSON" in v && !(Array.isArray(v))) {
    const o = (v as { toJSON(): Record<string, unknown> }).toJSON();
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

async function rows(
  ops: readonly RelOp[],
  extra: Partial<RelPlan> = {},
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const plan: RelPlan = { relplan: 1, name: "t", ops, ...extra };
  const r = await runRelPlan(S, plan, { params, relations: TABLES });
  return r.table.toArray().map((row) => {
    const o = (row as { toJSON(): Record<string, unknown> }).toJSON();
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
  });
}

/** Values of one expression over a table (default: one row). */
async function vals(e: Expr, from = "one", params: RelPlan["params"] = undefined, values = {}) {
  const r = await rows(
    [{ op: "scan", dataset: from }, { op: "project", columns: [{ name: "v", expr: e }] }],
    params ? { params } : {},
    values,
  );
  return r.map((x) => x.v);
}
async function val(e: Expr): Promise<unknown> {
  return (await vals(e))[0];
}
const lit = (v: unknown, type?: string): Expr => (type ? { lit: v, type } : { lit: v }) as Expr;
const fn = (name: string, ...args: Expr[]): Expr => ({ fn: name, args });
const col = (c: string): Expr => ({ col: c });

async function rejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RelgateError, `expected RelgateError, got ${e}`);
    assert.match(e.message, re);
    return true;
  });
}

Deno.test("compare and logic: null in -> null out, Kleene and/or", async () => {
  await table(
    "tf",
    "SELECT * FROM (VALUES (true), (false), (NULL::BOOLEAN)) t(a), (VALUES (true), (false), (NULL::BOOLEAN)) u(b)",
  );
  const and = await vals(fn("and", col("a"), col("b")), "tf");
  const or = await vals(fn("or", col("a"), col("b")), "tf");
  // a in (T,F,N) x b in (T,F,N), DuckDB keeps this cross product's row order here.
  assert.deepEqual(and, [true, false, null, false, false, false, null, false, null]);
  assert.deepEqual(or, [true, true, true, true, false, null, true, null, null]);
  assert.deepEqual(await vals(fn("not", col("a")), "tf"), [
    false,
    true,
    null,
    false,
    true,
    null,
    false,
    true,
    null,
  ]);
  assert.equal(await val(fn("eq", lit(1), lit(null, "int64"))), null);
  assert.equal(await val(fn("eq_null_safe", lit(null, "int64"), lit(null, "int64"))), true);
  assert.equal(await val(fn("eq_null_safe", lit(1), lit(null, "int64"))), false);
  assert.equal(await val(fn("lt", lit("B"), lit("a"))), true); // code point order
  assert.equal(await val(fn("lt", lit("\uffff"), lit("\u{1F600}"))), true); // UTF-8 byte order
  assert.equal(await val(fn("eq", lit(1), lit(1.0))), true);
  assert.equal(await val(fn("ge", lit(3), lit(2.5))), true);
});

Deno.test("null functions", async () => {
  assert.equal(await val(fn("coalesce", lit(null, "int64"), lit(2), lit(3))), 2n);
  assert.equal(await val(fn("coalesce", lit(null, "int32"), lit(2.5))), 2.5);
  assert.equal(await val(fn("nullif", lit(2), lit(2))), null);
  assert.equal(await val(fn("nullif", lit(2), lit(3))), 2n);
  assert.equal(await val(fn("is_null", lit(null, "utf8"))), true);
  assert.equal(await val(fn("is_not_null", lit(null, "utf8"))), false);
});

Deno.test("integer arithmetic: overflow is an error in the promoted type", async () => {
  await table(
    "ints",
    "SELECT 2147483647::INTEGER AS i32, 1::INTEGER AS one32, 9223372036854775807::BIGINT AS max64, (-9223372036854775808)::BIGINT AS min64, (-1)::BIGINT AS m1, 127::TINYINT AS i8",
  );
  await rejects(vals(fn("add", col("i32"), col("one32")), "ints"), /Overflow in addition of INT32/);
  assert.deepEqual(
    await vals(fn("add", col("i32"), lit(1)), "ints"),
    [2147483648n],
    "int32 + int64 promotes to int64",
  );
  await rejects(vals(fn("add", col("max64"), lit(1)), "ints"), /Overflow/);
  await rejects(vals(fn("sub", col("min64"), lit(1)), "ints"), /Overflow/);
  await rejects(vals(fn("mul", col("max64"), lit(2)), "ints"), /Overflow/);
  await rejects(vals(fn("neg", col("min64")), "ints"), /out of range|Overflow/);
  await rejects(vals(fn("abs", col("min64")), "ints"), /out of range|Overflow/);
  await rejects(vals(fn("add", col("i8"), col("i8")), "ints"), /Overflow|out of range/);
  assert.deepEqual(await vals(fn("sub", col("min64"), col("m1")), "ints"), [-9223372036854775807n]);
  assert.deepEqual(await vals(fn("abs", col("m1")), "ints"), [1n]);
  assert.deepEqual(await vals(fn("neg", col("i32")), "ints"), [-2147483647]);
});

Deno.test("div, idiv, mod: float64 div, truncation, sign of the dividend, zero -> null", async () => {
  assert.equal(await val(fn("div", lit(7), lit(2))), 3.5);
  assert.equal(await val(fn("div", lit(1), lit(0))), null);
  assert.equal(await val(fn("div", lit(0, "float64"), lit(0, "float64"))), null);
  assert.equal(await val(fn("div", lit(1, "float64"), lit(-0, "float64"))), null);
  assert.equal(await val(fn("div", lit(-7), lit(2))), -3.5);
  assert.equal(await val(fn("idiv", lit(-7), lit(2))), -3n);
  assert.equal(await val(fn("idiv", lit(7), lit(-2))), -3n);
  assert.equal(await val(fn("idiv", lit(7), lit(0))), null);
  assert.equal(await val(fn("mod", lit(-7), lit(2))), -1n);
  assert.equal(await val(fn("mod", lit(7), lit(-2))), 1n);
  assert.equal(await val(fn("mod", lit(7), lit(0))), null);
  assert.equal(await val(fn("mod", lit("-9223372036854775808", "int64"), lit(-1))), 0n);
  await rejects(
    val(fn("idiv", lit("-9223372036854775808", "int64"), lit(-1))),
    /out of range|Overflow/,
  );
  assert.equal(await val(fn("mod", lit(null, "int64"), lit(-1))), null);
  // floats: IEEE results
  assert.equal(await val(fn("mul", lit(1e308, "float64"), lit(10, "float64"))), Infinity);
  assert.ok(
    Number.isNaN(
      await val(
        fn(
          "sub",
          fn("mul", lit(1e308, "float64"), lit(10, "float64")),
          fn("mul", lit(1e308, "float64"), lit(10, "float64")),
        ),
      ) as number,
    ),
  );
});

/** Exact reference: round a double (exact binary value) to d digits. */
function refRound(x: number, d: number, even: boolean): number {
  if (!Number.isFinite(x)) return x;
  // exact rational x = num / den (den a power of 2)
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e2: number;
  if (exp === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = exp - 1075;
  }
  let num = mant;
  let den = 1n;
  if (e2 >= 0) num <<= BigInt(e2);
  else den <<= BigInt(-e2);
  // scale by 10^d
  if (d >= 0) num *= 10n ** BigInt(d);
  else den *= 10n ** BigInt(-d);
  const k = num / den;
  const r = num - k * den; // 0 <= r < den
  let up: boolean;
  if (2n * r > den) up = true;
  else if (2n * r < den) up = false;
  else up = even ? k % 2n === 1n : true;
  const kk = up ? k + 1n : k;
  const mag = d >= 0 ? Number(`${kk}e-${d}`) : Number(`${kk}e${-d}`);
  if (mag === 0) return sign < 0n ? -0 : 0;
  return sign < 0n ? -mag : mag;
}

Deno.test("round / round_half_even decide on the double's exact binary value", async () => {
  const cases: [number, number][] = [
    [2.675, 2],
    [2.5, 0],
    [-2.5, 0],
    [0.5, 0],
    [1.5, 0],
    [0.125, 2],
    [0.375, 2],
    [1.005, 2],
    [-0.4, 0],
    [-0, 0],
    [1234.5, -1],
    [1250, -2],
    [1350, -2],
    [-1250, -2],
    [4503599627370497.5, 0],
    [9007199254740993, 0],
    [1e300, 2],
    [5e-324, 2],
    [0.285, 2],
    [1.0000000000000002, 15],
    [123456.785, 2],
    [2.5e-7, 7],
    [5.5, 0],
    [6.5, 0],
  ];
  const xs = cases.map(([x]) => x);
  const ds = cases.map(([, d]) => d);
  await table(
    "rnd",
    `SELECT unnest([${
      xs.map((x) => Object.is(x, -0) ? "'-0.0'::DOUBLE" : `${x}::DOUBLE`).join(", ")
    }]) AS x, unnest([${ds.join(", ")}]) AS d`,
  );
  const away = await vals(fn("round", col("x"), col("d")), "rnd");
  const even = await vals(fn("round_half_even", col("x"), col("d")), "rnd");
  cases.forEach(([x, d], i) => {
    assert.ok(
      Object.is(away[i], refRound(x, d, false)),
      `round(${x}, ${d}) = ${away[i]}, want ${refRound(x, d, false)}`,
    );
    assert.ok(Object.is(even[i], refRound(x, d, true)), `round_half_even(${x}, ${d}) = ${even[i]}`);
  });
  assert.equal(away[0], 2.67);
});

Deno.test("round matches the exact reference on random doubles and digits", async () => {
  const samples = fc.sample(
    fc.tuple(
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.integer({ min: -100000, max: 100000 }).map((i) => i / 8),
        fc.integer({ min: -100000, max: 100000 }).map((i) => i / 1000),
        fc.double({ noNaN: true }),
      ),
      fc.integer({ min: -5, max: 12 }),
    ),
    { numRuns: 600, seed: 42 },
  );
  await table(
    "rnd2",
    `SELECT unnest([${
      samples.map(([x]) => `'${Object.is(x, -0) ? "-0.0" : x}'::DOUBLE`).join(", ")
    }]) AS x, unnest([${samples.map(([, d]) => d).join(", ")}]) AS d`,
  );
  const away = await vals(fn("round", col("x"), col("d")), "rnd2");
  const even = await vals(fn("round_half_even", col("x"), col("d")), "rnd2");
  samples.forEach(([x, d], i) => {
    assert.ok(Object.is(away[i], refRound(x, d, false)), `round(${x}, ${d}) = ${away[i]}`);
    assert.ok(Object.is(even[i], refRound(x, d, true)), `round_half_even(${x}, ${d}) = ${even[i]}`);
  });
});

Deno.test("round on integers and decimals, floor and ceil keep types", async () => {
  assert.equal(await val(fn("round", lit(15), lit(-1))), 20n);
  assert.equal(await val(fn("round", lit(-15), lit(-1))), -20n);
  assert.equal(await val(fn("round_half_even", lit(25), lit(-1))), 20n);
  assert.equal(await val(fn("round_half_even", lit(35), lit(-1))), 40n);
  assert.equal(await val(fn("round_half_even", lit(-25), lit(-1))), -20n);
  assert.equal(await val(fn("round", lit(1234), lit(2))), 1234n);
  assert.equal(await val(fn("round", lit(1234.5))), 1235);
  assert.equal(await val(fn("round", lit(-1234.5))), -1235);
  assert.equal(
    await val({ cast: fn("round", { cast: lit("2.25"), to: "decimal(5,2)" }, lit(1)), to: "utf8" }),
    "2.30",
  );
  assert.equal(
    await val({
      cast: fn("round_half_even", { cast: lit("2.25"), to: "decimal(5,2)" }, lit(1)),
      to: "utf8",
    }),
    "2.20",
  );
  assert.equal(
    await val({
      cast: fn("round_half_even", { cast: lit("-2.35"), to: "decimal(5,2)" }, lit(1)),
      to: "utf8",
    }),
    "-2.40",
  );
  assert.equal(await val(fn("floor", lit(-0.5))), -1);
  assert.equal(await val(fn("ceil", lit(-0.5))), -0);
  assert.equal(await val(fn("floor", lit(7))), 7n);
  assert.equal(await val(fn("round", lit(null, "float64"), lit(2))), null);
  assert.equal(await val(fn("round", lit(2.5), lit(null, "int64"))), null);
});

Deno.test("strings: code points, case mapping, trim of Unicode White_Space", async () => {
  assert.equal(await val(fn("upper", lit("straße"))), "STRAßE");
  assert.equal(await val(fn("lower", lit("ẞ"))), "ß");
  assert.equal(await val(fn("upper", lit("ﬀ ǆ ᾳ ı ſ"))), "ﬀ Ǆ ᾼ I S");
  assert.equal(await val(fn("lower", lit("İ Σ ǅ"))), "i σ ǆ");
  assert.equal(await val(fn("upper", lit("\u{10D70}ɤa"))), "\u{10D50}\uA7CBA");
  assert.equal(await val(fn("lower", lit("\u{10D50}\uA7CBA"))), "\u{10D70}ɤa");
  assert.equal(await val(fn("length", lit("e\u0301😀"))), 3n);
  assert.equal(await val(fn("trim", lit("\u3000\t a b \u00a0\u2028\n"))), "a b");
  assert.equal(await val(fn("ltrim", lit("\u2003 x "))), "x ");
  assert.equal(await val(fn("rtrim", lit(" x \u0085"))), " x");
  assert.equal(await val(fn("trim", lit("\u200b x"))), "\u200b x"); // ZWSP is not White_Space
  assert.equal(await val(fn("concat", lit("a"), lit(null, "utf8"))), null);
  assert.equal(await val(fn("concat", lit("a"), lit("é"), lit("😀"))), "aé😀");
  assert.equal(await val(fn("concat_ws", lit(","), lit("a"), lit(null, "utf8"), lit("b"))), "a,b");
  assert.equal(await val(fn("substr", lit("héllo"), lit(2), lit(3))), "éll");
  assert.equal(await val(fn("substr", lit("abc"), lit(5))), "");
  assert.equal(await val(fn("substr", lit("abc"), lit(3), lit(5))), "c");
  assert.equal(await val(fn("substr", lit("abc"), lit(0), lit(2))), "a");
  assert.equal(await val(fn("substr", lit("abc"), lit(-1), lit(3))), "a");
  assert.equal(await val(fn("substr", lit("abc"), lit(2), lit(-1))), "");
  assert.equal(await val(fn("substr", lit("😀b"), lit(2))), "b");
  assert.equal(await val(fn("starts_with", lit("abc"), lit(""))), true);
  assert.equal(await val(fn("ends_with", lit("abc"), lit("bc"))), true);
  assert.equal(await val(fn("contains", lit("abc"), lit("d"))), false);
  assert.equal(await val(fn("replace", lit("a.b.c"), lit("."), lit("--"))), "a--b--c");
  assert.equal(await val(fn("like", lit("a_c"), lit("a\\_c"))), true);
  assert.equal(await val(fn("like", lit("abc"), lit("a\\_c"))), false);
  assert.equal(await val(fn("like", lit("ABC"), lit("a%"))), false);
  assert.equal(await val(fn("like", lit("a%c"), lit("a\\%c"))), true);
  assert.equal(await val(fn("like", lit("éx"), lit("_x"))), true);
  assert.equal(await val(fn("regexp_matches", lit("abc"), lit("b"))), true);
  assert.equal(await val(fn("regexp_matches", lit("abc"), lit("^b"))), false);
  assert.deepEqual(await val(fn("split", lit("a,,b,"), lit(","))), ["a", "", "b", ""]);
  await rejects(val(fn("regexp_matches", lit("abc"), lit("("))), /missing \)/);
});

Deno.test("upper/lower agree with the simple case mapping on every code point", async () => {
  // Reference: JS's mapping when it is one code point, the SpecialCasing
  // simple mappings otherwise (what the legacy lane uses).
  const specialUp = new Map<number, number>();
  for (const [a, b] of [[0x1f80, 0x1f88], [0x1f90, 0x1f98], [0x1fa0, 0x1fa8]]) {
    for (let i = 0; i < 8; i++) specialUp.set(a! + i, b! + i);
  }
  specialUp.set(0x1fb3, 0x1fbc).set(0x1fc3, 0x1fcc).set(0x1ff3, 0x1ffc);
  const simple = (cp: number, up: boolean): string => {
    const c = String.fromCodePoint(cp);
    if (up && specialUp.has(cp)) return String.fromCodePoint(specialUp.get(cp)!);
    if (!up && cp === 0x130) return "i";
    const m = up ? c.toUpperCase() : c.toLowerCase();
    return [...m].length === 1 ? m : c;
  };
  const cps: number[] = [];
  for (let cp = 1; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (
      simple(cp, true) !== c || simple(cp, false) !== c || UPPER_FIXES.has(c) || LOWER_FIXES.has(c)
    ) {
      cps.push(cp);
    }
  }
  // All cased code points in one string per chunk, separated by '|'.
  const text = cps.map((cp) => String.fromCodePoint(cp)).join("|");
  const up = (await val(fn("upper", lit(text)))) as string;
  const low = (await val(fn("lower", lit(text)))) as string;
  assert.deepEqual(up.split("|"), cps.map((cp) => simple(cp, true)));
  assert.deepEqual(low.split("|"), cps.map((cp) => simple(cp, false)));
});

Deno.test("lists and sets", async () => {
  await table(
    "lists",
    "SELECT * FROM (VALUES ([1, NULL, 3]::BIGINT[], 1), ([]::BIGINT[], 2), (NULL::BIGINT[], 3), ([NULL]::BIGINT[], 4)) t(l, i)",
  );
  assert.deepEqual(await vals(fn("list_len", col("l")), "lists"), [3n, 0n, null, 1n]);
  assert.deepEqual(await vals(fn("list_get", col("l"), lit(0)), "lists"), [1n, null, null, null]);
  assert.deepEqual(await vals(fn("list_get", col("l"), lit(2)), "lists"), [3n, null, null, null]);
  assert.deepEqual(await vals(fn("list_get", col("l"), lit(-1)), "lists"), [
    null,
    null,
    null,
    null,
  ]);
  assert.deepEqual(await vals(fn("list_get", col("l"), lit(3)), "lists"), [null, null, null, null]);
  assert.deepEqual(await vals(fn("list_contains", col("l"), lit(3)), "lists"), [
    true,
    false,
    null,
    false,
  ]);
  assert.deepEqual(await vals(fn("list_contains", col("l"), lit(2)), "lists"), [
    false,
    false,
    null,
    false,
  ]);
  assert.deepEqual(
    await vals(fn("list_contains", col("l"), lit(null, "int64")), "lists"),
    [null, null, null, null],
  );
  // in with a list argument: SQL IN semantics with nulls
  assert.deepEqual(await vals(fn("in", lit(3), col("l")), "lists"), [true, false, null, null]);
  assert.deepEqual(await vals(fn("in", lit(2), col("l")), "lists"), [null, false, null, null]);
  assert.equal(await val(fn("in", lit(2), lit(1), lit(2))), true);
  assert.equal(await val(fn("in", lit(2), lit(1), lit(null, "int64"))), null);
  assert.equal(await val(fn("in", lit(null, "int64"), lit(1))), null);
  assert.deepEqual(
    await vals({ param: "ks" }, "one", { ks: { type: "list<utf8>" } }, { ks: ["a", null] }),
    [["a", null]],
  );
  assert.deepEqual(
    await vals(fn("in", lit("b"), { param: "ks" }), "one", { ks: { type: "list<utf8>" } }, {
      ks: ["a", null],
    }),
    [null],
  );
  assert.deepEqual(
    await vals(fn("in", lit("a"), { param: "ks" }), "one", { ks: { type: "list<utf8>" } }, {
      ks: ["a", null],
    }),
    [true],
  );
});

Deno.test("stable_id, if_else, case", async () => {
  const { createHash } = await import("node:crypto");
  const want = (...parts: (string | null)[]) =>
    createHash("sha256").update(parts.map((p) => p ?? "\u0000").join("\u001f"), "utf8").digest(
      "hex",
    ).slice(0, 16);
  assert.equal(await val(fn("stable_id", lit("edge"), lit("a"), lit(12))), want("edge", "a", "12"));
  assert.equal(
    await val(fn("stable_id", lit("e"), lit(null, "utf8"), lit(1.5), lit(true))),
    want("e", null, "1.5", "true"),
  );
  assert.equal(await val(fn("stable_id", lit("é"), lit("😀"))), want("é", "😀"));
  assert.equal(await val(fn("if_else", lit(null, "bool"), lit(1), lit(2))), 2n);
  assert.equal(await val(fn("if_else", lit(true), lit(1), lit(2.5))), 1);
  assert.equal(
    await val({
      case: [{ when: lit(false), then: lit("a") }, { when: lit(true), then: lit("b") }],
    }),
    "b",
  );
  assert.equal(await val({ case: [{ when: lit(null, "bool"), then: lit(1) }] }), null);
});

Deno.test("casts: float->int exact or error, text->number strict, safe gives null", async () => {
  assert.equal(await val({ cast: lit(3, "float64"), to: "int32" }), 3);
  await rejects(val({ cast: lit(2.5), to: "int64" }), /not an integral value: 2.5/);
  assert.equal(await val({ cast: lit(2.5), to: "int64", safe: true }), null);
  await rejects(val({ cast: lit(1e19, "float64"), to: "int64" }), /out of range/);
  assert.equal(await val({ cast: lit(1e19, "float64"), to: "int64", safe: true }), null);
  assert.equal(await val({ cast: lit("42"), to: "int64" }), 42n);
  assert.equal(await val({ cast: lit("-7"), to: "int16" }), -7);
  for (const bad of [" 12", "1_000", "0x10", "1.5", "", "1e3"]) {
    await rejects(val({ cast: lit(bad), to: "int64" }), /not decimal text/);
    assert.equal(await val({ cast: lit(bad), to: "int64", safe: true }), null);
  }
  assert.equal(await val({ cast: lit("1e3"), to: "float64" }), 1000);
  assert.equal(await val({ cast: lit(".5"), to: "float64" }), 0.5);
  await rejects(val({ cast: lit("nan"), to: "float64" }), /not decimal text/);
  await rejects(
    val({ cast: lit("99999"), to: "int8" }),
    /Could not convert string '99999' to INT8/,
  );
  assert.equal(await val({ cast: lit(-0, "float64"), to: "utf8" }), "-0.0");
  assert.equal(await val({ cast: lit(1e20, "float64"), to: "utf8" }), "1e+20");
  assert.equal(await val({ cast: lit(true), to: "utf8" }), "true");
  assert.equal(await val({ cast: lit(null, "utf8"), to: "int64" }), null);
});

Deno.test("scan, filter, project, derive", async () => {
  await table(
    "t1",
    "SELECT * FROM (VALUES (1::BIGINT, 'a', 1.5::DOUBLE), (2, NULL, 'nan'::DOUBLE), (3, 'c', -0.0::DOUBLE), (NULL, 'd', NULL)) t(id, name, x)",
  );
  assert.deepEqual(
    await rows([
      {
        op: "scan",
        dataset: "t1",
        columns: ["name", "id"],
        predicate: fn("gt", col("x"), lit(0)),
      },
    ]),
    [{ name: "a", id: 1n }, { name: null, id: 2n }], // NaN sorts/compares above every number in DuckDB
  );
  assert.deepEqual(
    await rows([
      { op: "scan", dataset: "t1" },
      { op: "filter", predicate: fn("is_not_null", col("name")) },
      {
        op: "derive",
        columns: [{ name: "id", expr: fn("mul", col("id"), lit(10)) }, {
          name: "z",
          expr: fn("upper", col("name")),
        }],
      },
      { op: "project", columns: [{ name: "z", expr: col("z") }, { name: "id", expr: col("id") }] },
    ]),
    [{ z: "A", id: 10n }, { z: "C", id: 30n }, { z: "D", id: null }],
  );
});

Deno.test("joins: every kind, null keys never match, suffix, predicate on output names", async () => {
  await table("jl", "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (NULL, 'n')) t(k, v)");
  await table("jr", "SELECT * FROM (VALUES (1, 'x'), (3, 'y'), (NULL, 'm')) t(k, v)");
  const join = async (kind: string, extra: Record<string, unknown> = {}) => (await rows([
    { op: "scan", dataset: "jl" },
    {
      op: "join",
      kind,
      on: [["k", "k"]],
      right: { ops: [{ op: "scan", dataset: "jr" }] },
      ...extra,
    } as RelOp,
    { op: "order_by", keys: [{ expr: col("v") }, { expr: col("v_right") }] },
  ]));
  assert.deepEqual(await join("inner"), [{ k: 1, v: "a", k_right: 1, v_right: "x" }]);
  assert.deepEqual(await join("left"), [
    { k: 1, v: "a", k_right: 1, v_right: "x" },
    { k: 2, v: "b", k_right: null, v_right: null },
    { k: null, v: "n", k_right: null, v_right: null },
  ]);
  assert.deepEqual(await join("full"), [
    { k: 1, v: "a", k_right: 1, v_right: "x" },
    { k: 2, v: "b", k_right: null, v_right: null },
    { k: null, v: "n", k_right: null, v_right: null },
    { k: null, v: null, k_right: null, v_right: "m" },
    { k: null, v: null, k_right: 3, v_right: "y" },
  ]);
  assert.deepEqual(await join("right"), [
    { k: 1, v: "a", k_right: 1, v_right: "x" },
    { k: null, v: null, k_right: null, v_right: "m" },
    { k: null, v: null, k_right: 3, v_right: "y" },
  ]);
  const semi = async (kind: string, predicate?: Expr) =>
    await rows([
      { op: "scan", dataset: "jl" },
      {
        op: "join",
        kind,
        on: [["k", "k"]],
        right: { ops: [{ op: "scan", dataset: "jr" }] },
        ...(predicate ? { predicate } : {}),
      } as RelOp,
      { op: "order_by", keys: [{ expr: col("v") }] },
    ]);
  assert.deepEqual(await semi("semi"), [{ k: 1, v: "a" }]);
  assert.deepEqual(await semi("anti"), [{ k: 2, v: "b" }, { k: null, v: "n" }]);
  assert.deepEqual(await semi("semi", fn("eq", col("v_right"), lit("y"))), []);
  assert.deepEqual(await semi("anti", fn("eq", col("v_right"), lit("x"))), [
    { k: 2, v: "b" },
    { k: null, v: "n" },
  ]);
  assert.deepEqual(
    await rows([
      { op: "scan", dataset: "jl" },
      {
        op: "join",
        kind: "left",
        on: [["k", "k"]],
        suffix: "_r2",
        predicate: fn("ne", col("v_r2"), col("v")),
        right: { ops: [{ op: "scan", dataset: "jr" }] },
      },
      { op: "filter", predicate: fn("eq", col("k"), lit(1)) },
    ]),
    [{ k: 1, v: "a", k_r2: 1, v_r2: "x" }],
  );
});

Deno.test("aggregate: types, null groups, skip nulls, distinct, filter, order_by, no group_by", async () => {
  await table(
    "agg",
    "SELECT * FROM (VALUES ('a', 1::INTEGER, 1.5::DOUBLE, true, 1), ('a', NULL, 2.5, NULL, 2), ('b', 2147483647::INTEGER, NULL, false, 3), (NULL, 5, 0.5, true, 4), (NULL, 5, NULL, NULL, 5)) t(g, i, f, b, o)",
  );
  const r = await rows([
    { op: "scan", dataset: "agg" },
    {
      op: "aggregate",
      group_by: ["g"],
      measures: [
        { name: "n", fn: "count_all" },
        { name: "ni", fn: "count", arg: col("i") },
        { name: "nd", fn: "count", arg: col("i"), distinct: true },
        { name: "si", fn: "sum", arg: col("i") },
        { name: "sf", fn: "sum", arg: col("f") },
        { name: "mi", fn: "min", arg: col("i") },
        { name: "mx", fn: "max", arg: col("f") },
        { name: "avg", fn: "mean", arg: col("i") },
        { name: "l", fn: "list", arg: col("i"), order_by: [{ expr: col("o"), dir: "desc" }] },
        { name: "ba", fn: "bool_and", arg: col("b") },
        { name: "bo", fn: "bool_or", arg: col("b") },
        { name: "fi", fn: "first", arg: col("f"), order_by: [{ expr: col("o") }] },
        { name: "la", fn: "last", arg: col("f"), order_by: [{ expr: col("o") }] },
        { name: "flt", fn: "count_all", filter: fn("gt", col("o"), lit(1)) },
      ],
    },
    { op: "order_by", keys: [{ expr: col("g") }] },
  ]);
  assert.deepEqual(r, [
    {
      g: "a",
      n: 2n,
      ni: 1n,
      nd: 1n,
      si: 1n,
      sf: 4,
      mi: 1,
      mx: 2.5,
      avg: 1,
      l: [null, 1],
      ba: true,
      bo: true,
      fi: 1.5,
      la: 2.5,
      flt: 1n,
    },
    {
      g: "b",
      n: 1n,
      ni: 1n,
      nd: 1n,
      si: 2147483647n,
      sf: null,
      mi: 2147483647,
      mx: null,
      avg: 2147483647,
      l: [2147483647],
      ba: false,
      bo: false,
      fi: null,
      la: null,
      flt: 1n,
    },
    {
      g: null,
      n: 2n,
      ni: 2n,
      nd: 1n,
      si: 10n,
      sf: 0.5,
      mi: 5,
      mx: 0.5,
      avg: 5,
      l: [5, 5],
      ba: true,
      bo: true,
      fi: 0.5,
      la: 0.5,
      flt: 2n,
    },
  ]);
  // no group_by: one row, even on empty input
  assert.deepEqual(
    await rows([
      { op: "scan", dataset: "agg", predicate: lit(false) },
      {
        op: "aggregate",
        group_by: [],
        measures: [{ name: "n", fn: "count_all" }, { name: "s", fn: "sum", arg: col("i") }],
      },
    ]),
    [{ n: 0n, s: null }],
  );
  await table("big", "SELECT * FROM (VALUES (9223372036854775807::BIGINT), (1::BIGINT)) t(x)");
  await rejects(
    rows([{ op: "scan", dataset: "big" }, {
      op: "aggregate",
      group_by: [],
      measures: [{ name: "s", fn: "sum", arg: col("x") }],
    }]),
    /out of range/,
  );
});

Deno.test("union by name, order_by nulls, limit/offset, distinct", async () => {
  await table("u1", "SELECT * FROM (VALUES (1, 'a'), (NULL, 'b')) t(x, y)");
  await table("u2", "SELECT * FROM (VALUES ('c', 3), ('a', 1)) t(y, x)");
  const u = (distinct: boolean) =>
    rows([
      { op: "scan", dataset: "u1" },
      { op: "union", inputs: [{ ops: [{ op: "scan", dataset: "u2" }] }], distinct },
      { op: "order_by", keys: [{ expr: col("x"), dir: "desc", nulls: "first" }] },
    ]);
  assert.deepEqual(await u(false), [
    { x: null, y: "b" },
    { x: 3, y: "c" },
    { x: 1, y: "a" },
    { x: 1, y: "a" },
  ]);
  assert.deepEqual(await u(true), [{ x: null, y: "b" }, { x: 3, y: "c" }, { x: 1, y: "a" }]);
  assert.deepEqual(
    await rows([
      { op: "scan", dataset: "u1" },
      { op: "union", inputs: [{ ops: [{ op: "scan", dataset: "u2" }] }] },
      { op: "order_by", keys: [{ expr: col("x") }] },
      { op: "limit", count: 2, offset: 1 },
    ]),
    [{ x: 1, y: "a" }, { x: 3, y: "c" }],
  );
  assert.deepEqual(
    await rows([
      { op: "scan", dataset: "u2" },
      { op: "union", inputs: [{ ops: [{ op: "scan", dataset: "u2" }] }] },
      { op: "distinct", columns: ["x"] },
      { op: "order_by", keys: [{ expr: col("x") }] },
    ]),
    [{ x: 1 }, { x: 3 }],
  );
});

Deno.test("kernels: explode_list, dedupe, interval_align", async () => {
  await table(
    "ex",
    "SELECT * FROM (VALUES (1, ['a', 'b']), (2, []::VARCHAR[]), (3, NULL::VARCHAR[]), (4, [NULL]::VARCHAR[])) t(id, tags)",
  );
  const explode = (keep: boolean) =>
    rows([
      { op: "scan", dataset: "ex" },
      {
        op: "kernel",
        name: "explode_list",
        options: { column: "tags", as: "tag", index_as: "i", keep_empty: keep },
      },
      { op: "order_by", keys: [{ expr: col("id") }, { expr: col("i") }] },
    ]);
  assert.deepEqual(await explode(false), [
    { id: 1, tag: "a", i: 0n },
    { id: 1, tag: "b", i: 1n },
    { id: 4, tag: null, i: 0n },
  ]);
  assert.deepEqual(await explode(true), [
    { id: 1, tag: "a", i: 0n },
    { id: 1, tag: "b", i: 1n },
    { id: 2, tag: null, i: null },
    { id: 3, tag: null, i: null },
    { id: 4, tag: null, i: 0n },
  ]);
  await table(
    "dd",
    "SELECT * FROM (VALUES (1, 5, 'x'), (1, 5, 'a'), (1, 3, 'z'), (2, NULL, 'q'), (2, 1, 'r')) t(k, score, name)",
  );
  assert.deepEqual(
    await rows([
      { op: "scan", dataset: "dd" },
      {
        op: "kernel",
        name: "dedupe",
        options: { keys: ["k"], order_by: [{ expr: col("score"), dir: "desc" }], keep: "first" },
      },
      { op: "order_by", keys: [{ expr: col("k") }] },
    ]),
    [{ k: 1, score: 5, name: "a" }, { k: 2, score: 1, name: "r" }],
  );
  await table(
    "ivl",
    "SELECT * FROM (VALUES ('f', 10, 12), ('f', 0, 3), ('g', 5, 6), (NULL, 1, 2)) t(file, s, e)",
  );
  await table(
    "ivr",
    "SELECT * FROM (VALUES ('f', 0, 100, 'file'), ('f', 8, 20, 'class'), ('f', 9, 13, 'fn'), ('f', 10, 14, 'fn2'), (NULL, 0, 10, 'nul')) t(file, s, e, kind)",
  );
  const align = (mode: string, select: string) =>
    rows([
      { op: "scan", dataset: "ivl" },
      {
        op: "kernel",
        name: "interval_align",
        options: {
          right: { ops: [{ op: "scan", dataset: "ivr" }] },
          on: [["file", "file"]],
          left_start: "s",
          left_end: "e",
          right_start: "s",
          right_end: "e",
          mode,
          select,
        },
      },
      { op: "order_by", keys: [{ expr: col("s") }, { expr: col("kind") }] },
    ]);
  assert.deepEqual(await align("contains", "best"), [
    { file: "f", s: 0, e: 3, file_right: "f", s_right: 0, e_right: 100, kind: "file" },
    { file: null, s: 1, e: 2, file_right: null, s_right: null, e_right: null, kind: null },
    { file: "g", s: 5, e: 6, file_right: null, s_right: null, e_right: null, kind: null },
    { file: "f", s: 10, e: 12, file_right: "f", s_right: 9, e_right: 13, kind: "fn" },
  ]);
  assert.deepEqual((await align("contains", "all")).map((r) => r.kind), [
    "file",
    null,
    null,
    "class",
    "file",
    "fn",
    "fn2",
  ]);
});
