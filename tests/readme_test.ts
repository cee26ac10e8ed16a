import assert from "node:assert/strict";
import { updateReadme } from "../tools/readme_tables.ts";

const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));

Deno.test("README starts with exactly the two commands", () => {
  const first = readme.split("\n").slice(0, 6).join("\n");
  assert.equal(
    first,
    "# relgate\n\n```sh\nnpx -y deno@2.9.6 task relgate audit migrations/cpg\nnpx -y deno@2.9.6 task test\n```",
  );
});

Deno.test("README's generated tables are current (deno task readme)", () => {
  assert.equal(updateReadme(readme), readme);
});

Deno.test(".ci/run calls the README's test command", async () => {
  const ci = await Deno.readTextFile(new URL("../.ci/run", import.meta.url));
  assert.ok(ci.includes("npx -y deno@2.9.6 task test"));
});
