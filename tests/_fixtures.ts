/**
 * Test helpers: temporary bundles written from a map of files.
 *
 * @module
 */
import { dirname, join } from "node:path";

/** Write `files` (path -> text or JSON value) into a new temp folder; returns its path. */
export async function makeBundle(files: Record<string, unknown>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "relgate_test_" });
  for (const [path, content] of Object.entries(files)) {
    const abs = join(dir, path);
    await Deno.mkdir(dirname(abs), { recursive: true });
    await Deno.writeTextFile(
      abs,
      typeof content === "string" ? content : JSON.stringify(content, null, 2),
    );
  }
  return dir;
}

/** A minimal valid manifest with one CSV dataset and one rule. */
export function minimalManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    migration: 1,
    name: "t",
    datasets: { items: { path: "data/items.csv", format: "csv" } },
    rules: [{ name: "t.a", legacy: "legacy/a.json", relplan: "relplans/a.json", output: "a" }],
    ...overrides,
  };
}

/** A minimal legacy plan scanning `dataset`. */
export function legacyScan(dataset: string, name = "t.a"): Record<string, unknown> {
  return { name, pipeline_ops: [{ kind: "scan", dataset }] };
}

/** A minimal RelPlan scanning `dataset`. */
export function relScan(dataset: string, name = "t.a"): Record<string, unknown> {
  return { relplan: 1, name, ops: [{ op: "scan", dataset }] };
}

/** Files of a minimal valid bundle. */
export function minimalBundle(): Record<string, unknown> {
  return {
    "migration.json": minimalManifest(),
    "data/items.csv": "id,name\n1,a\n",
    "legacy/a.json": legacyScan("items"),
    "relplans/a.json": relScan("items"),
  };
}
