import assert from "node:assert/strict";
import { canonicalJson } from "./canonical_json.ts";

Deno.test("canonicalJson: RFC 8785 key order, numbers and strings", () => {
  assert.equal(
    canonicalJson({ b: 1, a: [true, null, "x"], c: { z: 1e21, y: 0.1 } }),
    '{"a":[true,null,"x"],"b":1,"c":{"y":0.1,"z":1e+21}}',
  );
  assert.equal(
    canonicalJson({ "\u20ac": 1, "\r": 2, "\u{1f600}": 3, "\ufb33": 4 }),
    '{"\\r":2,"\u20ac":1,"\u{1f600}":3,"\ufb33":4}',
  );
});

Deno.test("canonicalJson: values JSON cannot hold throw", () => {
  assert.throws(() => canonicalJson(NaN));
  assert.throws(() => canonicalJson({ a: Infinity }));
});
