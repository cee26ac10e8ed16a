/**
 * Keeps the generated tables of README.md current: the function registry and
 * the pyarrow.compute mapping. `deno task readme` rewrites them in place;
 * `tests/readme_test.ts` fails when they are stale.
 *
 * @module
 */
import { renderRegistryTable } from "../src/ir/registry.ts";
import { renderMappingTable } from "../src/legacy/functions.ts";

/** Generated sections by marker name. */
export function generatedSections(): Record<string, string> {
  return { registry: renderRegistryTable(), mapping: renderMappingTable() };
}

/** README text with every generated section replaced. */
export function updateReadme(text: string): string {
  let out = text;
  for (const [name, body] of Object.entries(generatedSections())) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
    out = out.slice(0, a + start.length) + "\n" + body + "\n" + out.slice(b);
  }
  return out;
}

if (import.meta.main) {
  const url = new URL("../README.md", import.meta.url);
  await Deno.writeTextFile(url, updateReadme(await Deno.readTextFile(url)));
}
