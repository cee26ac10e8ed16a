import assert from "node:assert/strict";
import { excuses, isValidDiffKind, parseDiffKind } from "./diff_kinds.ts";

Deno.test("diff kinds: parse splits at the first colon", () => {
  assert.deepEqual(parseDiffKind("rows.changed"), { base: "rows.changed", column: null });
  assert.deepEqual(parseDiffKind("column:a:b"), { base: "column", column: "a:b" });
  assert.deepEqual(parseDiffKind("schema.type:"), { base: "schema.type", column: "" });
});

Deno.test("diff kinds: validity", () => {
  const valid = [
    "schema",
    "schema.columns",
    "schema.columns:x",
    "schema.type:score",
    "schema.nullability",
    "schema.metadata:id",
    "rows",
    "rows.only_legacy",
    "rows.only_new",
    "rows.changed",
    "column",
    "column:a:b",
    "ast",
    "output",
  ];
  const invalid = [
    "",
    "rows.changed:x",
    "ast:x",
    "schema.type:",
    "column:",
    "migrate-warning",
    "Rows",
    "schema.types",
  ];
  assert.deepEqual(valid.filter((k) => !isValidDiffKind(k)), []);
  assert.deepEqual(invalid.filter((k) => isValidDiffKind(k)), []);
});

Deno.test("diff kinds: matching", () => {
  const cases: [string, string, boolean][] = [
    ["rows.changed", "rows.changed", true],
    ["rows", "rows.changed", true],
    ["rows", "rows_extra", false],
    ["row", "rows.changed", false],
    ["schema", "schema.type:score", true],
    ["schema.type", "schema.type:score", true],
    ["schema.type:score", "schema.type:score", true],
    ["schema.type:score", "schema.type:id", false],
    ["schema.type:score", "schema.type", false],
    ["schema.metadata", "schema.metadata:id", true],
    ["schema.metadata", "schema.metadata", true],
    ["schema.metadata:id", "schema.metadata", false],
    ["column:a", "column:a:b", false],
    ["column:a:b", "column:a:b", true],
    ["column", "column:x", true],
    ["schema.columns", "schema.columns:x", true],
    ["ast", "ast", true],
    ["ast", "output", false],
  ];
  for (const [a, d, want] of cases) assert.equal(excuses(a, d), want, `${a} excuses ${d}`);
});
