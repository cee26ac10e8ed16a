import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { join } from "node:path";
import { readArrowFile, writeArrowFile } from "./ipc.ts";
import { RelgateError } from "../errors.ts";
import { decimalData, exactColumns, fixedData, schemaKey, tableOf } from "./_test_exact.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "relgate_ipc_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function sampleTable(): arrow.Table {
  const base = tableOf({
    i: fixedData(new arrow.Int64(), [-9223372036854775808n, null, 9223372036854775807n]),
    f: fixedData(new arrow.Float64(), [NaN, -0, null]),
    s: arrow.vectorFromArray(["😀 e\u0301", null, ""], new arrow.Utf8()).data[0]!,
    d: decimalData(20, 4, [-1n, null, 10n ** 19n]),
    ts: fixedData(new arrow.TimestampMicrosecond("UTC"), [1n, null, -1n]),
    l: arrow.vectorFromArray(
      [[1, null], null, []],
      new arrow.List(new arrow.Field("item", new arrow.Int32(), true)),
    )
      .data[0]!,
  });
  // Put metadata on the schema, on fields and on a nested child field.
  const fields = base.schema.fields.map((f) => {
    if (f.name === "i") {
      return new arrow.Field(f.name, f.type, false, new Map([["unit", "count"], ["é", "ü"]]));
    }
    if (f.name === "l") {
      const child = new arrow.Field("item", new arrow.Int32(), true, new Map([["child", "meta"]]));
      return new arrow.Field(f.name, new arrow.List(child), true, new Map([["k", "v"]]));
    }
    return f;
  });
  const schema = new arrow.Schema(
    fields,
    new Map([["relgate.ordering.level", "explicit"], ["relgate.ordering.keys", '[["i","asc"]]']]),
  );
  const batches = base.batches.map((b) =>
    new arrow.RecordBatch(
      schema,
      arrow.makeData({
        type: new arrow.Struct(fields),
        length: b.numRows,
        nullCount: 0,
        children: b.data.children,
      }),
    )
  );
  return new arrow.Table(schema, batches);
}

function metadataOf(schema: arrow.Schema): unknown {
  const field = (f: arrow.Field): unknown => ({
    name: f.name,
    nullable: f.nullable,
    metadata: [...f.metadata],
    children: (f.type.children ?? []).map(field),
  });
  return { metadata: [...schema.metadata], fields: schema.fields.map(field) };
}

Deno.test("write then read keeps schema, metadata (schema, field, nested) and exact values", async () => {
  await withTempDir(async (dir) => {
    const table = sampleTable();
    for (const format of ["file", "stream"] as const) {
      const path = join(dir, `out.${format}.arrow`);
      await writeArrowFile(path, table, { format });
      const back = await readArrowFile(path);
      assert.deepStrictEqual(schemaKey(back.schema), schemaKey(table.schema));
      assert.deepStrictEqual(metadataOf(back.schema), metadataOf(table.schema));
      assert.deepStrictEqual(exactColumns(back), exactColumns(table));
      assert.equal(back.schema.fields[0]!.nullable, false);
    }
    const head = (await Deno.readFile(join(dir, "out.file.arrow"))).subarray(0, 6);
    assert.equal(new TextDecoder().decode(head), "ARROW1");
    // No temporary files are left behind.
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.deepStrictEqual(names.sort(), ["out.file.arrow", "out.stream.arrow"]);
  });
});

Deno.test("empty tables round-trip with their schema", async () => {
  await withTempDir(async (dir) => {
    const schema = new arrow.Schema(
      [new arrow.Field("a", new arrow.Int64(), true, new Map([["x", "y"]]))],
      new Map([["m", "1"]]),
    );
    const path = join(dir, "empty.arrow");
    await writeArrowFile(path, new arrow.Table(schema));
    const back = await readArrowFile(path);
    assert.equal(back.numRows, 0);
    assert.deepStrictEqual(metadataOf(back.schema), metadataOf(schema));
  });
});

Deno.test("writing replaces an existing file atomically", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "x.arrow");
    await Deno.writeTextFile(path, "old contents");
    await writeArrowFile(path, sampleTable());
    assert.equal((await readArrowFile(path)).numRows, 3);
  });
});

Deno.test("a failed write leaves no temporary file and the old file intact", async () => {
  await withTempDir(async (dir) => {
    // The target is a non-empty directory: the rename fails after the temp file was written.
    const path = join(dir, "target");
    await Deno.mkdir(path);
    await Deno.writeTextFile(join(path, "keep"), "k");
    await assert.rejects(writeArrowFile(path, sampleTable()));
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.deepStrictEqual(names, ["target"]);
    assert.equal(await Deno.readTextFile(join(path, "keep")), "k");
  });
});

Deno.test("reading a missing or non-Arrow file is a RelgateError naming the file", async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, "nope.arrow");
    await assert.rejects(
      readArrowFile(missing),
      (e: unknown) =>
        e instanceof RelgateError && e.code === "missing-file" && e.problems[0]!.file === missing,
    );
    for (
      const [name, bytes] of [[
        "text.arrow",
        new TextEncoder().encode("not arrow at all, just text"),
      ], ["empty.arrow", new Uint8Array(0)]] as const
    ) {
      const path = join(dir, name);
      await Deno.writeFile(path, bytes);
      await assert.rejects(
        readArrowFile(path),
        (e: unknown) =>
          e instanceof RelgateError && e.code === "invalid-arrow-file" &&
          e.problems[0]!.file === path,
      );
    }
  });
});
