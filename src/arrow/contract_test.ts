import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { applyContract } from "./contract.ts";
import { RelgateError } from "../errors.ts";

Deno.test("applyContract casts, reorders, sets metadata and ordering", () => {
  const t = arrow.tableFromArrays({ b: ["x", "y"], a: Int32Array.of(1, 2) });
  const out = applyContract(t, {
    schema: [{ name: "a", type: "int64", nullable: false, metadata: { unit: "s" } }, {
      name: "b",
      type: "utf8",
    }],
    ordering: { level: "explicit", keys: [["a", "asc"]] },
  });
  assert.deepEqual(out.schema.fields.map((f) => [f.name, String(f.type), f.nullable]), [
    ["a", "Int64", false],
    ["b", "Utf8", true],
  ]);
  assert.equal(out.schema.fields[0]!.metadata.get("unit"), "s");
  assert.deepEqual(out.getChild("a")!.toArray(), BigInt64Array.of(1n, 2n));
  assert.equal(out.schema.metadata.get("relgate.ordering.level"), "explicit");
  assert.equal(out.schema.metadata.get("relgate.ordering.keys"), '[["a","asc"]]');
});

Deno.test("applyContract without schema keeps columns and adds unordered metadata", () => {
  const t = arrow.tableFromArrays({ a: Float64Array.of(1.5) });
  const out = applyContract(t, {});
  assert.equal(out.schema.metadata.get("relgate.ordering.level"), "unordered");
  assert.equal(out.schema.metadata.get("relgate.ordering.keys"), "[]");
  assert.equal(out.getChild("a")!.get(0), 1.5);
});

Deno.test("applyContract errors name the field", () => {
  const t = arrow.tableFromArrays({ a: Float64Array.of(1.5), b: ["1"] });
  assert.throws(
    () => applyContract(t, { schema: [{ name: "a", type: "int64" }, { name: "b", type: "utf8" }] }),
    (e: unknown) =>
      e instanceof RelgateError && /field "a"/.test(e.message) && e.code === "contract-unmet",
  );
  assert.throws(
    () => applyContract(t, { schema: [{ name: "a", type: "float64" }] }),
    (e: unknown) => e instanceof RelgateError && /"b" is not in the contract/.test(e.message),
  );
  assert.throws(
    () =>
      applyContract(t, {
        schema: [{ name: "a", type: "float64" }, { name: "c", type: "utf8" }, {
          name: "b",
          type: "utf8",
        }],
      }),
    (e: unknown) => e instanceof RelgateError && /field "c"/.test(e.message),
  );
  const n = arrow.tableFromArrays({ a: [1, null] as (number | null)[] });
  assert.throws(
    () => applyContract(n, { schema: [{ name: "a", type: "float64", nullable: false }] }),
    (e: unknown) => e instanceof RelgateError && /not nullable/.test(e.message),
  );
});

Deno.test("applyContract casts utf8 to int64 and empty tables", () => {
  const t = arrow.tableFromArrays({ a: ["12", "-3"] });
  const out = applyContract(t, { schema: [{ name: "a", type: "int64" }] });
  assert.deepEqual([...out.getChild("a")!], [12n, -3n]);
  const e = new arrow.Table(new arrow.Schema([new arrow.Field("a", new arrow.Int32())]));
  const o2 = applyContract(e, { schema: [{ name: "a", type: "int64" }] });
  assert.equal(o2.numRows, 0);
  assert.equal(String(o2.schema.fields[0]!.type), "Int64");
});
