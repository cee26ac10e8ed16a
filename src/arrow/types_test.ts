import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { RelgateError } from "../errors.ts";
import { formatType, parseType } from "../ir/types.ts";
import { arrowTypeString, fromArrowType, toArrowType } from "./types.ts";

Deno.test("every SPEC type string round-trips through Arrow", () => {
  for (
    const s of [
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
      "list<int64>",
      "struct<a: int32, b: list<utf8>>",
      "null",
    ]
  ) {
    assert.equal(formatType(fromArrowType(toArrowType(parseType(s)))), s);
  }
});

Deno.test("Arrow-only types: dictionary maps to its values, large utf8 to utf8, others are errors", () => {
  assert.equal(arrowTypeString(new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())), "utf8");
  assert.equal(arrowTypeString(new arrow.LargeUtf8()), "utf8");
  assert.throws(
    () => fromArrowType(new arrow.TimestampMillisecond(), "ts"),
    (e: unknown) =>
      e instanceof RelgateError && e.code === "unsupported-type" && /field "ts"/.test(e.message),
  );
});
