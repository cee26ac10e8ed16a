import assert from "node:assert/strict";
import { join } from "node:path";
import { stableJson, writeFileAtomic } from "./json_output.ts";

Deno.test("stableJson: fixed key order, small nodes inline, trailing newline", () => {
  assert.equal(
    stableJson({
      ordering: { level: "unordered" },
      ops: [{ dataset: "d", op: "scan" }],
      relplan: 1,
      name: "p",
    }),
    '{\n  "relplan": 1,\n  "name": "p",\n  "ops": [{"op": "scan", "dataset": "d"}],\n' +
      '  "ordering": {"level": "unordered"}\n}\n',
  );
  const long = stableJson({
    name: "x".repeat(40),
    rules: [{ output: "o", name: "r", legacy: "l.json" }],
  });
  assert.equal(
    long,
    '{\n  "name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",\n  "rules": [{"name": "r", "legacy": "l.json", "output": "o"}]\n}\n',
  );
  // x- keys come last, other unknown keys sorted before them
  assert.equal(stableJson({ "x-b": 1, zed: 2, name: "n" }), '{"name": "n", "zed": 2, "x-b": 1}\n');
});

Deno.test("writeFileAtomic replaces the file and leaves no temp file, also on failure", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "sub", "f.json");
  await writeFileAtomic(path, "one");
  await writeFileAtomic(path, "two");
  assert.equal(await Deno.readTextFile(path), "two");
  assert.deepEqual([...Deno.readDirSync(join(dir, "sub"))].map((e) => e.name), ["f.json"]);
  // a folder where the file should go: the rename fails, the temp file is removed
  await Deno.mkdir(join(dir, "taken"));
  await Deno.mkdir(join(dir, "taken", "f.json"));
  await assert.rejects(writeFileAtomic(join(dir, "taken", "f.json"), "x"));
  assert.deepEqual([...Deno.readDirSync(join(dir, "taken"))].map((e) => e.name), ["f.json"]);
});
