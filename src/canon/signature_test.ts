import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { RelgateError } from "../errors.ts";
import { canonicalize } from "./canonicalize.ts";
import {
  bundleSignature,
  planSignature,
  RELGATE_CANON_VERSION,
  signCanonical,
} from "./signature.ts";

function sha(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

Deno.test("signature: sha256 of the canonical JSON of {relgate_canon, plan}", () => {
  assert.equal(RELGATE_CANON_VERSION, 1);
  const plan = canonicalize({ relplan: 1, name: "n", ops: [{ op: "scan", dataset: "t" }] }).plan;
  const expected = sha(
    '{"plan":{"ops":[{"dataset":"t","op":"scan"}],"ordering":{"level":"unordered"},"params":{},"relplan":1},"relgate_canon":1}',
  );
  assert.equal(signCanonical(plan), expected);
  assert.match(expected, /^[0-9a-f]{64}$/);
  assert.equal(
    planSignature({ relplan: 1, name: "other", ops: [{ op: "scan", dataset: "t" }] }),
    expected,
  );
});

Deno.test("bundle signature: rules sorted by name, upstream sorted", () => {
  const a = { name: "a", signature: "s1", upstream: [] };
  const b = { name: "b", signature: "s2", upstream: ["c", "a", "c"] };
  const expected = sha(
    '[{"name":"a","signature":"s1","upstream":[]},{"name":"b","signature":"s2","upstream":["a","c"]}]',
  );
  assert.equal(bundleSignature([a, b]), expected);
  assert.equal(bundleSignature([b, a]), expected);
  assert.notEqual(bundleSignature([a, { ...b, upstream: ["a"] }]), expected);
  assert.notEqual(bundleSignature([a, { ...b, signature: "s3" }]), expected);
  assert.equal(bundleSignature([]), sha("[]"));
});

Deno.test("bundle signature: a repeated rule name is a user error", () => {
  assert.throws(
    () =>
      bundleSignature([{ name: "a", signature: "1", upstream: [] }, {
        name: "a",
        signature: "2",
        upstream: [],
      }]),
    (e: unknown) => e instanceof RelgateError && e.code === "duplicate-rule",
  );
});
