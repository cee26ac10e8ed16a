import assert from "node:assert/strict";
import fc from "fast-check";
import { colFromValues } from "../../arrow/column.ts";
import { T } from "../../ir/types.ts";
import { decodeRows, findBytes, Utf8Builder } from "./strings.ts";

Deno.test("decodeRows reads every row as the per-row decoder does", () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: fc.constantFrom("a", "é", "€", "😀", "\u3000", "") })),
      (vs) => {
        const c = colFromValues(T.utf8, vs);
        const rows = decodeRows(c, vs.length)!;
        assert.deepEqual(vs.map((_, i) => rows(i)), vs);
      },
    ),
  );
});

Deno.test("decodeRows gives null on bytes that are not UTF-8", () => {
  const c = {
    type: T.utf8,
    length: 2,
    valid: null,
    offsets: new Int32Array([0, 1, 2]),
    data: new Uint8Array([0x61, 0xff]),
  };
  assert.equal(decodeRows(c, 2), null);
});

Deno.test("findBytes finds the leftmost match inside [from, to)", () => {
  const d = new TextEncoder().encode("abcabc");
  const p = new TextEncoder().encode("bc");
  assert.equal(findBytes(d, p, 0, 6), 1);
  assert.equal(findBytes(d, p, 2, 6), 4);
  assert.equal(findBytes(d, p, 2, 5), -1);
  assert.equal(findBytes(d, new Uint8Array(0), 3, 3), 3);
});

Deno.test("Utf8Builder: pieces, nulls drop pieces, rows grow", () => {
  const b = new Utf8Builder(1, 1);
  const d = new TextEncoder().encode("héllo");
  b.add(d, 0, 1);
  b.addString("€");
  b.end();
  b.add(d, 0, 3);
  b.endNull();
  b.add(d, 1, 6);
  b.end();
  const c = b.finish();
  assert.deepEqual([...c.offsets!], [0, 4, 4, 9]);
  assert.deepEqual([...c.valid!], [1, 0, 1]);
  assert.equal(new TextDecoder().decode(c.data!), "h€éllo");
});
