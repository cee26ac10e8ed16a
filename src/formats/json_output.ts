/**
 * Writing JSON a person reads and a git diff shows well: two-space indent,
 * keys in a fixed order, files replaced atomically.
 *
 * @module
 */
import { dirname, join } from "node:path";

const KEY_ORDER = [
  "$schema",
  "relgate_snapshot",
  "migration",
  "relplan",
  "name",
  "datasets",
  "params",
  "rules",
  "op",
  "kind",
  "dataset",
  "columns",
  "predicate",
  "right",
  "on",
  "group_by",
  "measures",
  "inputs",
  "keys",
  "count",
  "offset",
  "options",
  "fn",
  "args",
  "col",
  "lit",
  "param",
  "cast",
  "to",
  "safe",
  "case",
  "when",
  "then",
  "else",
  "expr",
  "arg",
  "distinct",
  "filter",
  "order_by",
  "dir",
  "nulls",
  "suffix",
  "ops",
  "ordering",
  "level",
  "type",
  "nullable",
  "metadata",
  "schema",
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).sort((a, b) => {
    const ra = RANK.get(a) ?? (a.startsWith("x-") ? 10_000 : 1_000);
    const rb = RANK.get(b) ?? (b.startsWith("x-") ? 10_000 : 1_000);
    return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
  });
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = orderKeys((value as Record<string, unknown>)[k]);
  return out;
}

/**
 * Pretty JSON with keys in relgate's fixed order and a trailing newline.
 *
 * @example
 * ```ts
 * import { stableJson } from "./json_output.ts";
 * stableJson({ ops: [], relplan: 1, name: "p" }); // '{\n  "relplan": 1,\n  "name": "p",\n  "ops": []\n}\n'
 * ```
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(orderKeys(value), null, 2) + "\n";
}

/**
 * Write a file atomically: a temp file in the same folder, fsync, rename.
 * On failure the temp file is removed and the old file is untouched.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${crypto.randomUUID()}.tmp`);
  try {
    const f = await Deno.open(tmp, { write: true, create: true, truncate: true });
    try {
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      let off = 0;
      while (off < bytes.length) off += await f.write(bytes.subarray(off));
      await f.sync();
    } finally {
      f.close();
    }
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}
