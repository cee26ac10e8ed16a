import assert from "node:assert/strict";
import { canonicalTypeName, normalizeTypes } from "./normalize_types.ts";
import { assertIdempotentOnFixtures, plan, runPass, scan } from "../_test_fixtures.ts";

Deno.test("normalize_types: canonical spelling of literal, cast, param and schema types", () => {
  const p = plan([
    scan("t", ["a"], { cast: { lit: null, type: "list< int64 >" }, to: "struct<a:int32,b: utf8>" }),
    { op: "param", name: "q", type: "timestamp[ us ]" },
  ], {
    params: { k: { type: "list<list< utf8>>" } },
    schema: [{ name: "a", type: "decimal( 10 , 2 )" }],
  });
  assert.deepEqual(
    runPass(normalizeTypes, p),
    plan([
      scan("t", ["a"], {
        cast: { lit: null, type: "list<int64>" },
        to: "struct<a: int32, b: utf8>",
      }),
      { op: "param", name: "q", type: "timestamp[us]" },
    ], {
      params: { k: { type: "list<list<utf8>>" } },
      schema: [{ name: "a", type: "decimal(10,2)" }],
    }),
  );
});

Deno.test("normalize_types: a type that does not parse is left alone", () => {
  assert.equal(canonicalTypeName("int65"), "int65");
  const p = plan([scan("t", ["a"], { lit: 1, type: "int65" })]);
  assert.equal(runPass(normalizeTypes, p), p);
});

Deno.test("normalize_types: idempotent on fixtures", () => {
  assert.equal(assertIdempotentOnFixtures(normalizeTypes), 2);
});
