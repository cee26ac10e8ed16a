// Tests may write literal SQL to query DuckDB (exempt from the one-renderer rule).
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { arrowTypeToDuckdb, loadArrowTable } from "./from_arrow.ts";
import { resultToArrow } from "./to_arrow.ts";
import {
  decimalData,
  type Exact,
  exactColumns,
  fixedData,
  schemaKey,
  tableOf,
  typeKey,
} from "../arrow/_test_exact.ts";
import { RelgateError } from "../errors.ts";

async function withConnection(fn: (c: DuckDBConnection) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Load `table` as t, read `SELECT * FROM t` back. */
async function roundTrip(table: arrow.Table, name = "t"): Promise<arrow.Table> {
  let out: arrow.Table | undefined;
  await withConnection(async (c) => {
    await loadArrowTable(c, name, table);
    out = await resultToArrow(await c.stream(`SELECT * FROM "${name.replaceAll('"', '""')}"`));
  });
  return out!;
}

function assertSameTable(actual: arrow.Table, expected: arrow.Table): void {
  assert.deepStrictEqual(schemaKey(actual.schema), schemaKey(expected.schema));
  assert.equal(actual.numRows, expected.numRows);
  assert.deepStrictEqual(exactColumns(actual), exactColumns(expected));
}

function vec<T extends arrow.DataType>(type: T, values: readonly unknown[]): arrow.Data<T> {
  return arrow.vectorFromArray(values as unknown[], type).data[0]! as arrow.Data<T>;
}

const i64 = new arrow.Int64();
const utf8 = new arrow.Utf8();

function list<T extends arrow.DataType>(t: T): arrow.List<T> {
  return new arrow.List(new arrow.Field("item", t, true));
}

const STRINGS = [
  "",
  "a",
  "exactly12byt",
  "thirteen byte",
  "e\u0301 combining acute",
  "😀",
  "👩‍👩‍👧 family emoji, long enough to leave the inline form",
  "nul\u0000inside",
  null,
];

function everyTypeTable(): arrow.Table {
  const n = STRINGS.length; // 9 rows
  const pick = <T>(xs: readonly T[]) => Array.from({ length: n }, (_, i) => xs[i % xs.length]!);
  return tableOf({
    b: vec(new arrow.Bool(), pick([true, false, null])),
    i8: fixedData(new arrow.Int8(), pick([-128, 127, 0, null])),
    i16: fixedData(new arrow.Int16(), pick([-32768, 32767, null])),
    i32: fixedData(new arrow.Int32(), pick([-2147483648, 2147483647, null, 7])),
    i64: fixedData(i64, pick([-9223372036854775808n, 9223372036854775807n, 0n, null])),
    u8: fixedData(new arrow.Uint8(), pick([0, 255, null])),
    u16: fixedData(new arrow.Uint16(), pick([0, 65535, null])),
    u32: fixedData(new arrow.Uint32(), pick([0, 4294967295, null])),
    u64: fixedData(new arrow.Uint64(), pick([0n, 18446744073709551615n, null])),
    f32: fixedData(new arrow.Float32(), pick([NaN, -0, Infinity, Math.fround(0.1), null])),
    f64: fixedData(new arrow.Float64(), pick([NaN, -0, -Infinity, 0.1, 5e-324, null])),
    s: vec(utf8, STRINGS),
    bin: vec(
      new arrow.Binary(),
      pick([new Uint8Array([0, 255]), new Uint8Array(20).fill(7), null]),
    ),
    d: fixedData(new arrow.DateDay(), pick([-1, -719528, 0, 2932896, null])),
    ts: fixedData(new arrow.TimestampMicrosecond(), pick([-1n, 1577934245123456n, null])),
    tstz: fixedData(new arrow.TimestampMicrosecond("UTC"), pick([-302486400000000n, 1n, null])),
    tm: fixedData(new arrow.TimeMicrosecond(), pick([0n, 86399999999n, null])),
    ts_s: fixedData(new arrow.TimestampSecond(), pick([-1n, 1700000000n, null])),
    ts_ms: fixedData(new arrow.TimestampMillisecond(), pick([-1n, 1700000000123n, null])),
    ts_ns: fixedData(new arrow.TimestampNanosecond(), pick([-1n, 1700000000123456789n, null])),
    dec4: decimalData(4, 2, pick([-1234n, 9999n, null])),
    dec9: decimalData(9, 3, pick([-999999999n, 123456789n, null])),
    dec18: decimalData(18, 6, pick([-123456789012345678n, 999999999999999999n, null])),
    dec38: decimalData(38, 10, pick([-12345678901234567890123456789012345678n, 1n, null])),
    ll: vec(
      list(list(i64)),
      pick([[[1n, 2n], [], null, [-9223372036854775808n]], null, [], [[9223372036854775807n]]]),
    ),
    lu: vec(list(utf8), pick([["a", null, "a string longer than twelve"], [], null, [null]])),
    st: vec(
      new arrow.Struct([
        new arrow.Field("x", new arrow.Int32(), true),
        new arrow.Field("s", utf8, true),
        new arrow.Field("l", list(i64), true),
      ]),
      pick([{ x: 1, s: "p", l: [1n] }, { x: null, s: null, l: null }, null, {
        x: 3,
        s: "ünïcödé long enough",
        l: [],
      }]),
    ),
  });
}

Deno.test("round trip: every type with nulls comes back identical", async () => {
  const table = everyTypeTable();
  const back = await roundTrip(table);
  assertSameTable(back, table);
  // Spot-check a few exact values so the comparison above is not vacuous.
  const cols = exactColumns(back);
  assert.deepStrictEqual(cols.i64!.slice(0, 4), [
    -9223372036854775808n,
    9223372036854775807n,
    0n,
    null,
  ]);
  assert.deepStrictEqual(cols.f64!.slice(0, 3), [NaN, -0, -Infinity]);
  assert.equal(cols.s![6], "👩‍👩‍👧 family emoji, long enough to leave the inline form");
  assert.equal(cols.s![7], "nul\u0000inside");
  assert.deepStrictEqual(cols.dec38!.slice(0, 2), [-12345678901234567890123456789012345678n, 1n]);
  assert.deepStrictEqual(cols.ll![0], [[1n, 2n], [], null, [-9223372036854775808n]]);
  assert.deepStrictEqual(cols.st![2], null);
  assert.deepStrictEqual(cols.st![1], { x: null, s: null, l: null });
});

Deno.test("loaded columns have the mapped DuckDB types; non-nullable fields become NOT NULL", async () => {
  await withConnection(async (c) => {
    const schema = new arrow.Schema([
      new arrow.Field("id", i64, false),
      new arrow.Field('we"ird name', list(new arrow.Struct([new arrow.Field("a b", utf8)])), true),
      new arrow.Field("amount", new arrow.Decimal(2, 12, 128), true),
      new arrow.Field("at", new arrow.TimestampMicrosecond("UTC"), true),
    ]);
    const data = arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: 1,
      nullCount: 0,
      children: [
        fixedData(i64, [1n]),
        vec(schema.fields[1]!.type, [[{ "a b": "x" }]]),
        decimalData(12, 2, [-5n]),
        fixedData(new arrow.TimestampMicrosecond("UTC"), [0n]),
      ],
    });
    await loadArrowTable(c, "T x", new arrow.Table(schema, [new arrow.RecordBatch(schema, data)]));
    const info = await c.runAndReadAll(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = 'T x' ORDER BY ordinal_position`,
    );
    assert.deepStrictEqual(info.getRowsJS(), [
      ["id", "BIGINT", "NO"],
      ['we"ird name', 'STRUCT("a b" VARCHAR)[]', "YES"],
      ["amount", "DECIMAL(12,2)", "YES"],
      ["at", "TIMESTAMP WITH TIME ZONE", "YES"],
    ]);
    const rows = await c.runAndReadAll(
      `SELECT amount::VARCHAR, "we""ird name"[1]."a b" FROM "T x"`,
    );
    assert.deepStrictEqual(rows.getRowsJS(), [["-0.05", "x"]]);
  });
});

Deno.test("round trip: empty tables keep their schema", async () => {
  const schema = new arrow.Schema([
    new arrow.Field("a", i64, true),
    new arrow.Field("s", utf8, true),
    new arrow.Field("l", list(list(i64)), true),
    new arrow.Field("d", new arrow.Decimal(3, 20, 128), true),
  ]);
  const empty = new arrow.Table(schema);
  const back = await roundTrip(empty);
  assert.equal(back.numRows, 0);
  assert.deepStrictEqual(schemaKey(back.schema), schemaKey(schema));
});

Deno.test("round trip: many chunks, several batches, sliced input with unaligned offsets", async () => {
  const n = 5000;
  const ints = Array.from(
    { length: n },
    (_, i) => (i % 11 === 0 ? null : BigInt(i) * 1000003n - 7n),
  );
  const strs = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : "é".repeat(i % 17)));
  const lists = Array.from(
    { length: n },
    (_, i) => (i % 5 === 0 ? null : Array.from({ length: i % 4 }, (_, k) => `${i}-${k}`)),
  );
  const bools = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i % 2 === 0));
  const structs = Array.from(
    { length: n },
    (_, i) => (i % 6 === 0 ? null : { v: i % 4 === 0 ? null : i }),
  );
  const full = tableOf({
    i: fixedData(i64, ints),
    s: vec(utf8, strs),
    l: vec(list(utf8), lists),
    b: vec(new arrow.Bool(), bools),
    st: vec(new arrow.Struct([new arrow.Field("v", new arrow.Int32(), true)]), structs),
  });
  // Two batches: a slice starting at an odd row (bit offsets not multiples of 8) and the rest.
  const a = full.slice(3, 2900);
  const b = full.slice(2900, n);
  const table = new arrow.Table([...a.batches, ...b.batches]);
  assert.equal(table.batches.length, 2);
  assert.equal(table.batches[0]!.data.children[0]!.offset, 3);
  const back = await roundTrip(table);
  assert.equal(back.numRows, n - 3);
  assertSameTable(back, new arrow.Table(table.schema, table.batches));
  assert.deepStrictEqual(exactColumns(back).s!.slice(0, 3), [
    "é".repeat(3),
    "é".repeat(4),
    "é".repeat(5),
  ]);
});

Deno.test("round trip property: int64, float64, utf8, list<int64> with nulls", async () => {
  const i64Arb = fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null });
  const f64Arb = fc.option(fc.double(), { nil: null });
  const strArb = fc.option(fc.string({ unit: "grapheme", maxLength: 30 }), { nil: null });
  const listArb = fc.option(
    fc.array(fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }), {
      maxLength: 4,
    }),
    { nil: null },
  );
  const rowsArb = fc.array(fc.tuple(i64Arb, f64Arb, strArb, listArb), { maxLength: 3000 });
  await fc.assert(
    fc.asyncProperty(rowsArb, async (rows) => {
      const table = tableOf({
        i: fixedData(i64, rows.map((r) => r[0])),
        f: fixedData(new arrow.Float64(), rows.map((r) => r[1])),
        s: vec(utf8, rows.map((r) => r[2])),
        l: vec(list(i64), rows.map((r) => r[3])),
      });
      const back = await roundTrip(table);
      assertSameTable(back, table);
    }),
    { numRuns: 25 },
  );
});

Deno.test("loaded strings behave in DuckDB: equality, ordering by code point, length, prefix", async () => {
  const words = [
    "zeta is a long string here",
    "alpha is a long string here",
    "short",
    "alpha is a long string there",
    "é accented long string value",
    "😀 emoji leading long string",
    "",
    "alpha",
  ];
  const n = 3000; // several chunks, mixed inline and out-of-line strings
  const values = Array.from(
    { length: n },
    (_, i) => (i % 9 === 8 ? null : words[i % words.length]! + (i % 3 === 0 ? ` #${i}` : "")),
  );
  await withConnection(async (c) => {
    await loadArrowTable(c, "s", tableOf({ s: vec(utf8, values) }));
    const eq = await c.runAndReadAll(
      "SELECT count(*) FROM s WHERE s = 'alpha is a long string here'",
    );
    const expectedEq = values.filter((v) => v === "alpha is a long string here").length;
    assert.ok(expectedEq > 0);
    assert.deepStrictEqual(eq.getRowsJS(), [[BigInt(expectedEq)]]);
    const sorted = await c.runAndReadAll(
      "SELECT s, length(s) FROM s WHERE s IS NOT NULL ORDER BY s",
    );
    const present = values.filter((v): v is string => v !== null);
    const byCodePoint = [...present].sort((a, b) => {
      const x = new TextEncoder().encode(a);
      const y = new TextEncoder().encode(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        if (x[i] !== y[i]) return x[i]! - y[i]!;
      }
      return x.length - y.length;
    });
    assert.deepStrictEqual(sorted.getRowsJS(), byCodePoint.map((v) => [v, BigInt([...v].length)]));
    const like = await c.runAndReadAll("SELECT count(*) FROM s WHERE s LIKE 'alpha is%'");
    assert.deepStrictEqual(like.getRowsJS(), [[
      BigInt(present.filter((v) => v.startsWith("alpha is")).length),
    ]]);
  });
});

Deno.test("arrowTypeToDuckdb maps SPEC types and refuses others", () => {
  assert.equal(arrowTypeToDuckdb(list(list(i64))).toString(), "BIGINT[][]");
  assert.equal(arrowTypeToDuckdb(new arrow.Decimal(2, 12, 128)).toString(), "DECIMAL(12,2)");
  assert.equal(
    arrowTypeToDuckdb(new arrow.TimestampMicrosecond("UTC")).toString(),
    "TIMESTAMP WITH TIME ZONE",
  );
  assert.equal(arrowTypeToDuckdb(new arrow.TimestampMicrosecond()).toString(), "TIMESTAMP");
  assert.equal(arrowTypeToDuckdb(new arrow.DateDay()).toString(), "DATE");
  for (
    const t of [
      new arrow.Dictionary(utf8, new arrow.Int32()),
      new arrow.TimestampMicrosecond("Europe/Paris"),
      new arrow.DateMillisecond(),
      new arrow.Float16(),
      new arrow.Decimal(0, 40, 256),
    ]
  ) {
    assert.throws(
      () => arrowTypeToDuckdb(t),
      (e: unknown) => e instanceof RelgateError && e.code === "unsupported-type",
      String(t),
    );
  }
});

Deno.test("errors: duplicate columns, decimal beyond precision (table dropped), unsupported types", async () => {
  await withConnection(async (c) => {
    const dup = new arrow.Table(
      new arrow.Schema([new arrow.Field("a", i64), new arrow.Field("a", i64)]),
    );
    await assert.rejects(
      loadArrowTable(c, "dup", dup),
      (e: unknown) => e instanceof RelgateError && e.code === "duplicate-column",
    );
    const bad = tableOf({ d: decimalData(4, 0, [1n, 123456n]) });
    await assert.rejects(
      loadArrowTable(c, "bad", bad),
      (e: unknown) => e instanceof RelgateError && e.code === "value-out-of-range",
    );
    const left = await c.runAndReadAll(
      "SELECT count(*) FROM information_schema.tables WHERE table_name = 'bad'",
    );
    assert.deepStrictEqual(left.getRowsJS(), [[0n]]);
    const dict = tableOf({
      d: vec(new arrow.Dictionary(utf8, new arrow.Int32()), ["a", "b", "a"]),
    });
    await assert.rejects(
      loadArrowTable(c, "dict", dict),
      (e: unknown) => e instanceof RelgateError && e.code === "unsupported-type",
    );
  });
});

Deno.test("invalid UTF-8 in a utf8 column is refused (inline, one long, many long) and the table dropped", async () => {
  const long = (b: number[]) => [...new TextEncoder().encode("a long enough prefix "), ...b];
  const cases: number[][][] = [
    [[0x61], [0xff, 0x61]],
    [[0x61], long([0xc3])],
    [long([0x61]), long([0xed, 0xa0, 0x80]), long([0x62])],
    // Each string is invalid, their concatenation is valid ("é" split in two).
    [long([0xc3]), [0xa9, ...long([0x61])]],
  ];
  await withConnection(async (c) => {
    for (const rows of cases) {
      const values = new Uint8Array(rows.flat());
      const offsets = new Int32Array(rows.length + 1);
      rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
      const data = new arrow.Data(utf8, 0, rows.length, 0, [offsets, values, undefined]);
      await assert.rejects(
        loadArrowTable(c, "u", tableOf({ s: data })),
        (e: unknown) => e instanceof RelgateError && e.code === "invalid-utf8",
      );
      const left = await c.runAndReadAll(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'u'",
      );
      assert.deepStrictEqual(left.getRowsJS(), [[0n]]);
    }
    // The same bytes as binary load fine.
    const bin = tableOf({
      b: vec(new arrow.Binary(), [new Uint8Array([0xff]), new Uint8Array(long([0xc3]))]),
    });
    assertSameTable(await roundTrip(bin), bin);
  });
});

Deno.test("columns without value buffers (all null) load as nulls", async () => {
  const n = 3000;
  const allNull = (type: arrow.DataType) => {
    const bitmap = new Uint8Array(Math.ceil(n / 8));
    return arrow.makeData(
      { type, length: n, nullCount: n, nullBitmap: bitmap } as never,
    ) as arrow.Data;
  };
  const table = tableOf({
    i: allNull(i64),
    f: allNull(new arrow.Float32()),
    d: allNull(new arrow.DateDay()),
  });
  const back = await roundTrip(table);
  assert.deepStrictEqual(exactColumns(back), {
    i: Array(n).fill(null),
    f: Array(n).fill(null),
    d: Array(n).fill(null),
  });
});

Deno.test("exact helper sanity: Exact values distinguish -0 and NaN", () => {
  const a: Exact[] = [-0, NaN];
  assert.deepStrictEqual(a, [-0, NaN]);
  assert.notDeepStrictEqual(a, [0, NaN]);
  assert.equal(typeKey(new arrow.Int64()), "Int bitWidth=64 isSigned=true");
});
