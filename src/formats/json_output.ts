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
const RULE_ORDER = ["name", "legacy", "relplan", "output", "key", "tolerance", "allow"];
const DATASET_ORDER = ["path", "format", "partitioning", "read_options", "scan", "schema"];
const MANIFEST_TAIL = ["policy", "engine", "runtime"];

/** Rank of a key inside its object; rules and datasets have their own order. */
function rankOf(obj: object, key: string): number {
  if ("legacy" in obj && "output" in obj) {
    const i = RULE_ORDER.indexOf(key);
    if (i >= 0) return i;
  }
  if ("path" in obj && "format" in obj) {
    const i = DATASET_ORDER.indexOf(key);
    if (i >= 0) return i;
  }
  const tail = MANIFEST_TAIL.indexOf(key);
  if (tail >= 0 && "migration" in obj) return 5_000 + tail;
  return RANK.get(key) ?? (key.startsWith("x-") ? 10_000 : 1_000);
}

function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).sort((a, b) => {
    const ra = rankOf(value, a);
    const rb = rankOf(value, b);
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
 * stableJson({ ops: [], relplan: 1, name: "p" }); // '{"relplan": 1, "name": "p", "ops": []}\n'
 * ```
 */
export function stableJson(value: unknown): string {
  return pretty(orderKeys(value), "") + "\n";
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return `{${parts.join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Two-space JSON where small arrays and objects stay on one line. */
function pretty(value: unknown, indent: string): string {
  const flat = inline(value);
  if (value === null || typeof value !== "object" || indent.length + flat.length <= 80) {
    return flat;
  }
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + pretty(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`);
  return `{\n${body.join(",\n")}\n${indent}}`;
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
