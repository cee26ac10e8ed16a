import assert from "node:assert/strict";
import { RelgateError } from "../errors.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";
import { render, REPORT_FORMATS } from "./render.ts";
import { renderText } from "./text.ts";
import { fixtureReport } from "./testdata/fixture.ts";

Deno.test("render: dispatches to each renderer", () => {
  const r = fixtureReport();
  assert.deepEqual([...REPORT_FORMATS], ["text", "json", "junit", "markdown", "html"]);
  assert.equal(render(r, "text"), renderText(r));
  assert.equal(render(r, "text", { color: true }), renderText(r, { color: true }));
  assert.equal(render(r, "json"), renderJson(r));
  assert.equal(render(r, "junit"), renderJunit(r));
  assert.equal(render(r, "markdown", { maxBytes: 5000 }), renderMarkdown(r, { maxBytes: 5000 }));
  assert.equal(render(r, "html"), renderHtml(r));
});

Deno.test("render: an unknown format is a user error", () => {
  assert.throws(() => render(fixtureReport(), "yaml"), (e: unknown) => {
    assert.ok(e instanceof RelgateError);
    assert.equal(e.code, "unknown-format");
    assert.equal(
      e.message,
      '--format: Cannot render the report: unknown format "yaml" [unknown-format]\n' +
        "  hint: use one of text, json, junit, markdown, html",
    );
    return true;
  });
});

Deno.test("render: same input, same bytes", () => {
  for (const f of REPORT_FORMATS) {
    assert.equal(render(fixtureReport(), f), render(fixtureReport(), f));
  }
});
