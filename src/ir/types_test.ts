import assert from "node:assert/strict";
import fc from "fast-check";
import {
  commonType,
  type DataType,
  formatType,
  listOf,
  parseType,
  T,
  TypeParseError,
} from "./types.ts";

Deno.test("parseType/formatType round-trip every SPEC type string", () => {
  const all = [
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "utf8",
    "binary",
    "date32",
    "timestamp[us]",
    "timestamp[us, tz=UTC]",
    "decimal(10,2)",
    "decimal(38,0)",
    "list<int64>",
    "list<list<utf8>>",
    "struct<a: int64, b: list<utf8>>",
    "struct<>",
  ];
  for (const s of all) assert.equal(formatType(parseType(s)), s);
});

Deno.test("parseType tolerates spacing and rejects bad strings", () => {
  assert.equal(
    formatType(parseType(" list< struct<x :int32 ,y: utf8> > ")),
    "list<struct<x: int32, y: utf8>>",
  );
  assert.equal(formatType(parseType("timestamp[us,tz=UTC]")), "timestamp[us, tz=UTC]");
  for (
    const bad of [
      "int",
      "list<int64",
      "decimal(40,2)",
      "decimal(5,6)",
      "timestamp[ns]",
      "utf8 x",
      "",
    ]
  ) {
    assert.throws(() => parseType(bad), TypeParseError, bad);
  }
});

const typeArb: fc.Arbitrary<DataType> = fc.letrec<{ t: DataType }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(
      T.bool,
      T.int8,
      T.int32,
      T.int64,
      T.uint16,
      T.float64,
      T.utf8,
      T.binary,
      T.date32,
      T.timestamp,
      T.timestampTz,
    ),
    fc.record({ p: fc.integer({ min: 1, max: 38 }), s: fc.integer({ min: 0, max: 38 }) })
      .filter(({ p, s }) => s <= p)
      .map(({ p, s }) => ({ kind: "decimal", precision: p, scale: s }) as DataType),
    tie("t").map((t) => listOf(t)),
    fc.array(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/), type: tie("t") }), {
      maxLength: 3,
    })
      .map((fields) => ({ kind: "struct", fields }) as DataType),
  ),
})).t;

Deno.test("property: formatType(parseType(formatType(t))) is stable", () => {
  fc.assert(fc.property(typeArb, (t) => {
    const s = formatType(t);
    assert.equal(formatType(parseType(s)), s);
  }));
});

Deno.test("commonType promotes as SPEC section 2 says", () => {
  const f = (a: DataType, b: DataType) => {
    const c = commonType(a, b);
    return c ? formatType(c) : undefined;
  };
  assert.equal(f(T.int32, T.int64), "int64");
  assert.equal(f(T.int8, T.int16), "int16");
  assert.equal(f(T.int32, T.float32), "float64");
  assert.equal(f(T.uint8, T.int8), "int16");
  assert.equal(f(T.uint64, T.int64), "int64");
  assert.equal(f(T.null, T.utf8), "utf8");
  assert.equal(f(T.utf8, T.int64), undefined);
  assert.equal(f(listOf(T.int32), listOf(T.int64)), "list<int64>");
});
