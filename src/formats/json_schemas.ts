/**
 * The JSON Schema files published under `schemas/` so editors can complete
 * and check `migration.json` and plan files. Generated from the same zod
 * schemas relgate validates with; a test keeps the committed files current.
 * Regenerate with `deno task schemas`.
 *
 * @module
 */
import { relPlanSchema } from "../ir/schema.ts";
import { legacyPlanSchema } from "../legacy/schema.ts";
import { manifestSchema } from "../migration/schema.ts";
import { stableJson } from "./json_output.ts";
import { toJsonSchema } from "./json_input.ts";

const BASE = "urn:relgate:schema:";

/** File name -> JSON Schema text. */
export function jsonSchemaFiles(): Record<string, string> {
  return {
    "migration.schema.json": stableJson(
      toJsonSchema(manifestSchema, `${BASE}migration.schema.json`, "relgate migration manifest"),
    ),
    "relplan.schema.json": stableJson(
      toJsonSchema(relPlanSchema, `${BASE}relplan.schema.json`, "relgate RelPlan"),
    ),
    "legacy_plan.schema.json": stableJson(
      toJsonSchema(legacyPlanSchema, `${BASE}legacy_plan.schema.json`, "relgate legacy plan"),
    ),
  };
}

if (import.meta.main) {
  const dir = new URL("../../schemas/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(jsonSchemaFiles())) {
    await Deno.writeTextFile(new URL(name, dir), text);
  }
}
