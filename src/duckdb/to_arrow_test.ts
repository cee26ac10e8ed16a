// Tests may write literal SQL to query DuckDB (exempt from the one-renderer rule).
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import {
  DECIMAL,
  type DuckDBConnection,
  DuckDBInstance,
  HUGEINT,
  INTERVAL,
  LIST,
  STRUCT,
  TIMESTAMPTZ,
  VARCHAR,
} from "@duckdb/node-api";
import { duckdbTypeToArrow, resultToArrow } from "./to_arrow.ts";
import { exactColumns, schemaKey, typeKey } from "../arrow/_test_exact.ts";
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

async function query(c: DuckDBConnection, sql: string): Promise<arrow.Table> {
  return await resultToArrow(await c.stream(sql));
}

Deno.test("integers: every width, extremes and nulls", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT * FROM (VALUES
        (true, (-128)::TINYINT, (-32768)::SMALLINT, (-2147483648)::INTEGER, (-9223372036854775808)::BIGINT,
         0::UTINYINT, 0::USMALLINT, 0::UINTEGER, 0::UBIGINT),
        (false, 127::TINYINT, 32767::SMALLINT, 2147483647::INTEGER, 9223372036854775807::BIGINT,
         255::UTINYINT, 65535::USMALLINT, 4294967295::UINTEGER, 18446744073709551615::UBIGINT),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      ) t(b, i8, i16, i32, i64, u8, u16, u32, u64)`,
    );
    assert.deepStrictEqual(schemaKey(t.schema), [
      "b: Bool",
      "i8: Int bitWidth=8 isSigned=true",
      "i16: Int bitWidth=16 isSigned=true",
      "i32: Int bitWidth=32 isSigned=true",
      "i64: Int bitWidth=64 isSigned=true",
      "u8: Int bitWidth=8 isSigned=false",
      "u16: Int bitWidth=16 isSigned=false",
      "u32: Int bitWidth=32 isSigned=false",
      "u64: Int bitWidth=64 isSigned=false",
    ]);
    assert.deepStrictEqual(exactColumns(t), {
      b: [true, false, null],
      i8: [-128, 127, null],
      i16: [-32768, 32767, null],
      i32: [-2147483648, 2147483647, null],
      i64: [-9223372036854775808n, 9223372036854775807n, null],
      u8: [0, 255, null],
      u16: [0, 65535, null],
      u32: [0, 4294967295, null],
      u64: [0n, 18446744073709551615n, null],
    });
    assert.equal(t.getChild("i64")!.nullCount, 1);
    assert.equal(t.getChild("b")!.get(0), true);
    assert.equal(t.getChild("i64")!.get(1), 9223372036854775807n);
    assert.equal(t.schema.fields.every((f) => f.nullable), true);
  });
});

Deno.test("floats: NaN, -0, infinities, float32", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT * FROM (VALUES
        ('nan'::DOUBLE, 1.5::FLOAT), (CAST('-0' AS DOUBLE), CAST('-0' AS FLOAT)),
        ('inf'::DOUBLE, '-inf'::FLOAT), (0.1::DOUBLE, NULL), (NULL, 0.1::FLOAT)
      ) t(f64, f32)`,
    );
    assert.deepStrictEqual(schemaKey(t.schema), [
      "f64: Float precision=2",
      "f32: Float precision=1",
    ]);
    assert.deepStrictEqual(exactColumns(t), {
      f64: [NaN, -0, Infinity, 0.1, null],
      f32: [1.5, -0, -Infinity, null, Math.fround(0.1)],
    });
  });
});

Deno.test("strings and blobs: unicode, emoji, combining marks, inline and long, nulls", async () => {
  const values = [
    "",
    "a",
    "exactly12byt",
    "thirteen byte",
    "e\u0301 combining",
    "😀",
    "👩‍👩‍👧 family emoji sequence, long enough to leave the inline form",
    "日本語テキスト",
  ];
  await withConnection(async (c) => {
    const literals = values.map((v) => `('${v.replaceAll("'", "''")}')`).join(", ");
    const t = await query(
      c,
      `SELECT s FROM (VALUES ${literals}, (NULL), ('nul' || chr(0) || 'inside')) t(s)`,
    );
    assert.deepStrictEqual(schemaKey(t.schema), ["s: Utf8"]);
    assert.deepStrictEqual(exactColumns(t).s, [...values, null, "nul\u0000inside"]);
    assert.equal(t.getChild("s")!.get(6), values[6]);

    const b = await query(
      c,
      `SELECT * FROM (VALUES ('\\xAA\\x00\\xFF'::BLOB), (NULL), ('0123456789abcdefXYZ'::BLOB), (''::BLOB)) t(b)`,
    );
    assert.deepStrictEqual(schemaKey(b.schema), ["b: Binary"]);
    assert.deepStrictEqual(exactColumns(b).b, [
      [0xaa, 0x00, 0xff],
      null,
      Array.from(new TextEncoder().encode("0123456789abcdefXYZ")),
      [],
    ]);
  });
});

Deno.test("dates, times and timestamps with and without time zone", async () => {
  await withConnection(async (c) => {
    await c.run("SET TimeZone = 'UTC'");
    const t = await query(
      c,
      `SELECT * FROM (VALUES
        (DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMPTZ '2020-01-02 03:04:05.123456+02',
         TIME '23:59:59.999999', TIMESTAMP_MS '2020-01-01 00:00:00.123', TIMESTAMP_NS '1970-01-01 00:00:00.000000001',
         TIMESTAMP_S '1970-01-01 00:00:01'),
        (DATE '1900-01-01', TIMESTAMP '2020-01-02 03:04:05.123456', TIMESTAMPTZ '1960-06-01 00:00:00+00',
         TIME '00:00:00', NULL, NULL, NULL),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      ) t(d, ts, tstz, tm, tms, tns, ts_s)`,
    );
    assert.deepStrictEqual(schemaKey(t.schema), [
      "d: Date unit=0",
      `ts: Timestamp unit=${arrow.TimeUnit.MICROSECOND} timezone=null`,
      `tstz: Timestamp unit=${arrow.TimeUnit.MICROSECOND} timezone=UTC`,
      `tm: Time bitWidth=64 unit=${arrow.TimeUnit.MICROSECOND}`,
      `tms: Timestamp unit=${arrow.TimeUnit.MILLISECOND} timezone=null`,
      `tns: Timestamp unit=${arrow.TimeUnit.NANOSECOND} timezone=null`,
      `ts_s: Timestamp unit=${arrow.TimeUnit.SECOND} timezone=null`,
    ]);
    assert.deepStrictEqual(exactColumns(t), {
      d: [-1, -25567, null],
      ts: [-1n, 1577934245123456n, null],
      tstz: [1577927045123456n, -302486400000000n, null],
      tm: [86399999999n, 0n, null],
      tms: [1577836800123n, null, null],
      tns: [1n, null, null],
      ts_s: [1n, null, null],
    });
    // DateDay reads back as epoch milliseconds through apache-arrow's getter.
    assert.equal(t.getChild("d")!.get(0), -86400000);
  });
});

Deno.test("decimals: every storage width, negative and positive with scale", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT * FROM (VALUES
        ((-12.34)::DECIMAL(4,2), 1234567.89::DECIMAL(9,2), (-123456789012.345678)::DECIMAL(18,6),
         1234567890123456789012345678.9012345678::DECIMAL(38,10)),
        (99.99::DECIMAL(4,2), (-9999999.99)::DECIMAL(9,2), 999999999999.999999::DECIMAL(18,6),
         (-1234567890123456789012345678.9012345678)::DECIMAL(38,10)),
        (0.01::DECIMAL(4,2), (-0.01)::DECIMAL(9,2), (-0.000001)::DECIMAL(18,6), 0.0000000001::DECIMAL(38,10)),
        (NULL, NULL, NULL, NULL)
      ) t(d4, d9, d18, d38)`,
    );
    assert.deepStrictEqual(schemaKey(t.schema), [
      "d4: Decimal bitWidth=128 precision=4 scale=2",
      "d9: Decimal bitWidth=128 precision=9 scale=2",
      "d18: Decimal bitWidth=128 precision=18 scale=6",
      "d38: Decimal bitWidth=128 precision=38 scale=10",
    ]);
    assert.deepStrictEqual(exactColumns(t), {
      d4: [-1234n, 9999n, 1n, null],
      d9: [123456789n, -999999999n, -1n, null],
      d18: [-123456789012345678n, 999999999999999999n, -1n, null],
      d38: [
        12345678901234567890123456789012345678n,
        -12345678901234567890123456789012345678n,
        1n,
        null,
      ],
    });
  });
});

Deno.test("hugeint: decimal(38,0) up to 38 digits, refused beyond", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT * FROM (VALUES ((-99999999999999999999999999999999999999)::HUGEINT),
        (99999999999999999999999999999999999999::HUGEINT), ((-1)::HUGEINT), (NULL),
        (12345678901234567890123::HUGEINT)) t(h)`,
    );
    assert.deepStrictEqual(schemaKey(t.schema), ["h: Decimal bitWidth=128 precision=38 scale=0"]);
    assert.deepStrictEqual(exactColumns(t).h, [
      -99999999999999999999999999999999999999n,
      99999999999999999999999999999999999999n,
      -1n,
      null,
      12345678901234567890123n,
    ]);
    for (
      const v of [
        "100000000000000000000000000000000000000",
        "(-170141183460469231731687303715884105728)",
      ]
    ) {
      await assert.rejects(
        query(c, `SELECT * FROM (VALUES (1::HUGEINT), (NULL), (${v}::HUGEINT)) t(h)`),
        (e: unknown) => e instanceof RelgateError && e.code === "value-out-of-range",
      );
    }
  });
});

Deno.test("nested: list<list<int64>>, list<utf8> with null elements, struct with nulls", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT * FROM (VALUES
        ([[1, 2], [], NULL, [-9223372036854775807]]::BIGINT[][], ['a', NULL, 'a string longer than twelve'],
         {'x': 1, 's': 'p'}),
        (NULL, [], {'x': NULL, 's': NULL}),
        ([]::BIGINT[][], NULL, NULL),
        ([[3]]::BIGINT[][], [NULL], {'x': 3, 's': 'ünïcödé long enough'})
      ) t(ll, lu, st)`,
    );
    assert.deepStrictEqual(schemaKey(t.schema), [
      "ll: List <item:List <item:Int bitWidth=64 isSigned=true>>",
      "lu: List <item:Utf8>",
      "st: Struct <x:Int bitWidth=32 isSigned=true,s:Utf8>",
    ]);
    assert.deepStrictEqual(exactColumns(t), {
      ll: [[[1n, 2n], [], null, [-9223372036854775807n]], null, [], [[3n]]],
      lu: [["a", null, "a string longer than twelve"], [], null, [null]],
      st: [{ x: 1, s: "p" }, { x: null, s: null }, null, { x: 3, s: "ünïcödé long enough" }],
    });
  });
});

Deno.test("lists whose elements are not laid out in order (constant vectors) are gathered", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT [1, 2, 3] AS l, ['x', NULL] AS s, {'k': [10, 20]} AS st FROM range(3)`,
    );
    assert.deepStrictEqual(exactColumns(t), {
      l: [[1, 2, 3], [1, 2, 3], [1, 2, 3]],
      s: [["x", null], ["x", null], ["x", null]],
      st: [{ k: [10, 20] }, { k: [10, 20] }, { k: [10, 20] }],
    });
    const r = await query(
      c,
      `SELECT CASE WHEN i % 2 = 0 THEN list_reverse([i, i + 1]) ELSE NULL END AS l FROM range(4) t(i)`,
    );
    assert.deepStrictEqual(exactColumns(r).l, [[1n, 0n], null, [3n, 2n], null]);
  });
});

Deno.test("many chunks: one contiguous Data per column, values in order", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT i::BIGINT AS i, CASE WHEN i % 7 = 0 THEN NULL ELSE i::DOUBLE / 2 END AS f,
              CASE WHEN i % 5 = 0 THEN NULL ELSE repeat('x', (i % 20)::INTEGER) END AS s,
              CASE WHEN i % 3 = 0 THEN NULL ELSE [i, i] END AS l, i % 2 = 0 AS b
       FROM range(10000) t(i) ORDER BY i`,
    );
    assert.equal(t.numRows, 10000);
    assert.equal(t.batches.length, 1);
    const cols = exactColumns(t);
    for (let i = 0; i < 10000; i++) {
      assert.equal(cols.i![i], BigInt(i));
      assert.equal(cols.f![i], i % 7 === 0 ? null : i / 2);
      assert.equal(cols.s![i], i % 5 === 0 ? null : "x".repeat(i % 20));
      assert.deepStrictEqual(cols.l![i], i % 3 === 0 ? null : [BigInt(i), BigInt(i)]);
      assert.equal(cols.b![i], i % 2 === 0);
    }
    assert.equal(t.getChild("f")!.nullCount, Math.ceil(10000 / 7));
  });
});

Deno.test("long strings in any heap layout (shuffled, repeated, mixed lengths) read exactly", async () => {
  await withConnection(async (c) => {
    const t = await query(
      c,
      `SELECT i, CASE WHEN i % 3 = 0 THEN 'long string number ' || i
                      WHEN i % 3 = 1 THEN 's' || (i % 10)
                      ELSE repeat('é', (i % 50)::INTEGER) || '#' END AS s,
              'constant long string value' AS k
       FROM range(6000) t(i) ORDER BY hash(i)`,
    );
    const cols = exactColumns(t);
    assert.equal(cols.i!.length, 6000);
    cols.i!.forEach((v, row) => {
      const i = Number(v);
      const expected = i % 3 === 0
        ? `long string number ${i}`
        : i % 3 === 1
        ? `s${i % 10}`
        : "é".repeat(i % 50) + "#";
      assert.equal(cols.s![row], expected);
      assert.equal(cols.k![row], "constant long string value");
    });
  });
});

Deno.test("maxBatchBytes splits the output into several batches with the same values", async () => {
  await withConnection(async (c) => {
    const sql =
      `SELECT i::INTEGER AS i, CASE WHEN i % 4 = 0 THEN NULL ELSE 'value number ' || i END AS s,
                 [i, i]::INTEGER[] AS l, {'t': 'x' || i} AS st
                 FROM range(7000) t(i) ORDER BY i`;
    const whole = await resultToArrow(await c.stream(sql));
    const split = await resultToArrow(await c.stream(sql), { maxBatchBytes: 20000 });
    assert.equal(whole.batches.length, 1);
    assert.ok(split.batches.length >= 3, `got ${split.batches.length} batches`);
    assert.deepStrictEqual(split.batches.map((b) => b.numRows).reduce((a, b) => a + b), 7000);
    assert.deepStrictEqual(schemaKey(split.schema), schemaKey(whole.schema));
    assert.deepStrictEqual(exactColumns(split), exactColumns(whole));
    for (const b of split.batches) {
      const s = b.getChildAt(1)!.data[0]!;
      assert.equal((s.valueOffsets as Int32Array)[0], 0);
      assert.equal(
        s.nullCount,
        exactColumns(new arrow.Table(b)).s!.filter((v) => v === null).length,
      );
    }
  });
});

Deno.test("empty result keeps the schema; metadata option; materialized results", async () => {
  await withConnection(async (c) => {
    const meta = new Map([["relgate.ordering.level", "unordered"]]);
    const t = await resultToArrow(
      await c.stream("SELECT 1::BIGINT AS a, 'x' AS b, [1]::INTEGER[] AS l WHERE false"),
      { metadata: meta },
    );
    assert.equal(t.numRows, 0);
    assert.deepStrictEqual(schemaKey(t.schema), [
      "a: Int bitWidth=64 isSigned=true",
      "b: Utf8",
      "l: List <item:Int bitWidth=32 isSigned=true>",
    ]);
    assert.deepStrictEqual(t.schema.metadata, meta);
    assert.equal(t.batches.length, 1);
    assert.equal(t.getChild("a")!.length, 0);

    const m = await resultToArrow(await c.run("SELECT 42::BIGINT AS a, NULL AS n"));
    assert.deepStrictEqual(exactColumns(m), { a: [42n], n: [null] });
  });
});

Deno.test("duckdbTypeToArrow maps types and refuses unsupported ones", () => {
  assert.equal(
    typeKey(duckdbTypeToArrow(DECIMAL(10, 2))),
    "Decimal bitWidth=128 precision=10 scale=2",
  );
  assert.equal(typeKey(duckdbTypeToArrow(HUGEINT)), "Decimal bitWidth=128 precision=38 scale=0");
  assert.equal(
    typeKey(duckdbTypeToArrow(TIMESTAMPTZ)),
    `Timestamp unit=${arrow.TimeUnit.MICROSECOND} timezone=UTC`,
  );
  assert.equal(
    typeKey(duckdbTypeToArrow(STRUCT({ "a b": LIST(VARCHAR) }))),
    "Struct <a b:List <item:Utf8>>",
  );
  assert.throws(
    () => duckdbTypeToArrow(INTERVAL),
    (e: unknown) => e instanceof RelgateError && e.code === "unsupported-type",
  );
});

Deno.test("unsupported result column types are a RelgateError", async () => {
  await withConnection(async (c) => {
    await assert.rejects(
      query(c, "SELECT INTERVAL 1 DAY AS i"),
      (e: unknown) =>
        e instanceof RelgateError && e.code === "unsupported-type" && /INTERVAL/.test(e.message),
    );
  });
});
