import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { relgate } from "../_cli.ts";
import { assertGolden } from "../_golden.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function report(format: string): Promise<string> {
  const r = await relgate(["audit", "migrations/demo_divergent", "--format", format], {
    cwd: ROOT,
  });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** JUnit carries per-test times; everything else must match byte for byte. */
function withoutTimes(xml: string): string {
  return xml.replace(/ time="[0-9.]+"/g, ' time="T"');
}

for (const format of ["text", "markdown", "html"]) {
  Deno.test(`${format} report of demo_divergent, exact bytes`, async () => {
    const out = await report(format);
    assert.equal(out.includes("\u001b["), false);
    await assertGolden(`demo_divergent.${format}.golden`, out);
  });
}

Deno.test("junit report of demo_divergent: exact bytes (times masked) and counts parsed back", async () => {
  const xml = await report("junit");
  await assertGolden("demo_divergent.junit.golden", withoutTimes(xml));
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
  const suite = doc.testsuites.testsuite;
  assert.equal(suite.name, "demo_divergent");
  assert.deepEqual(
    [suite.tests, suite.failures, suite.errors].map(Number),
    [7, 3, 1],
  );
  const cases = suite.testcase as {
    name: string;
    classname: string;
    failure?: unknown;
    error?: unknown;
  }[];
  assert.deepEqual(cases.map((c) => c.name), [
    "demo.totals",
    "demo.amounts",
    "demo.status",
    "demo.customers",
    "demo.status_code",
    "demo.big_orders",
    "demo.open_orders",
  ]);
  assert.ok(cases.every((c) => c.classname === "demo_divergent"));
  assert.deepEqual(cases.filter((c) => c.failure !== undefined).map((c) => c.name), [
    "demo.totals",
    "demo.customers",
    "demo.big_orders",
  ]);
  assert.deepEqual(cases.filter((c) => c.error !== undefined).map((c) => c.name), [
    "demo.status_code",
  ]);
});
