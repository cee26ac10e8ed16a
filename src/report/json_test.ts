import assert from "node:assert/strict";
import { stripTimings } from "../gate/model.ts";
import type { RunReport } from "../gate/model.ts";
import { normalizeReport, renderJson } from "./json.ts";
import { fixtureReport } from "./testdata/fixture.ts";
import { assertGolden } from "./testdata/golden.ts";

/** Rebuild every object with its keys in reverse order (a runner that builds objects differently). */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  }
  return v;
}

Deno.test("json: golden report", () => {
  assertGolden("report.json.golden", renderJson(fixtureReport()));
});

Deno.test("json: byte-identical whatever the key order of the input", () => {
  const report = fixtureReport();
  const shuffled = reverseKeys(report) as RunReport;
  assert.notEqual(JSON.stringify(shuffled), JSON.stringify(report));
  assert.equal(renderJson(shuffled), renderJson(report));
  assert.equal(renderJson(fixtureReport()), renderJson(report));
});

Deno.test("json: 2-space indent, trailing newline, parses back to the normalized report", () => {
  const text = renderJson(fixtureReport());
  assert.equal(text.endsWith("}\n"), true);
  assert.equal(text.startsWith('{\n  "relgate_version": "0.1.0",\n  "canon_version": 1,\n'), true);
  assert.deepEqual(JSON.parse(text), normalizeReport(fixtureReport()));
});

Deno.test("json: every field SPEC section 11 lists", () => {
  const json = JSON.parse(renderJson(fixtureReport()));
  assert.deepEqual(Object.keys(json), [
    "relgate_version",
    "canon_version",
    "invocation",
    "gate",
    "bundles",
    "timings",
  ]);
  const b = json.bundles[0];
  assert.deepEqual(Object.keys(b), [
    "name",
    "dir",
    "signature",
    "policy",
    "runtime",
    "params",
    "counts",
    "gate",
    "allowances",
    "snapshots",
    "rules",
    "timings",
  ]);
  assert.deepEqual(Object.keys(b.runtime), [
    "duckdb_version",
    "threads",
    "memory_limit",
    "temp_dir",
    "database",
    "read_only",
    "batch_size",
    "config",
  ]);
  assert.deepEqual(Object.keys(b.gate), ["open", "blockers", "retirable", "not_retirable"]);
  const rule = b.rules.find((r: { verdict: string }) => r.verdict === "divergent");
  assert.deepEqual(Object.keys(rule), [
    "name",
    "index",
    "verdict",
    "message",
    "output",
    "legacy",
    "relplan",
    "upstream",
    "key",
    "tolerance",
    "signatures",
    "ast_equal",
    "ast_edits",
    "ast_rendered",
    "output_diff",
    "differences",
    "allowances",
    "snapshot",
    "errors",
    "warnings",
    "lineage",
    "timings",
  ]);
  assert.deepEqual(Object.keys(rule.signatures), ["legacy", "new", "snapshot"]);
  assert.deepEqual(Object.keys(rule.output_diff), [
    "equal",
    "schema",
    "rows",
    "columns",
    "samples",
  ]);
  assert.deepEqual(Object.keys(rule.output_diff.rows), [
    "legacy",
    "new",
    "equal",
    "only_legacy",
    "only_new",
    "changed",
  ]);
});

Deno.test("json: timings are sorted and the only thing stripTimings changes", () => {
  const report = fixtureReport();
  const json = JSON.parse(renderJson(report));
  assert.deepEqual(Object.keys(json.bundles[0].rules[0].timings), ["diff", "legacy", "new"]);
  const stripped = JSON.parse(renderJson(stripTimings(report)));
  json.timings = {};
  json.bundles[0].timings = {};
  for (const r of json.bundles[0].rules) r.timings = {};
  assert.deepEqual(stripped, json);
});
