import assert from "node:assert/strict";
import { jsonSchemaFiles } from "./json_schemas.ts";

Deno.test("the committed schemas/ files are current (deno task schemas)", async () => {
  for (const [name, text] of Object.entries(jsonSchemaFiles())) {
    const committed = await Deno.readTextFile(new URL(`../../schemas/${name}`, import.meta.url));
    assert.equal(committed, text, name);
  }
});

Deno.test("the manifest schema allows x- keys and rejects other unknown keys", () => {
  const schema = JSON.parse(jsonSchemaFiles()["migration.schema.json"]!);
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.patternProperties, { "^x-": {} });
  assert.deepEqual(schema.required, ["migration", "name", "datasets", "rules"]);
});
