/**
 * Snapshot files: where they live, their exact text, reading them back with
 * clear errors, and writing them atomically.
 *
 * A snapshot is pretty-printed JSON with its top-level keys in
 * {@link SNAPSHOT_KEYS} order and nested values in relgate's stable key order
 * (`src/formats/json_output.ts`), ending in a newline, so the same snapshot
 * is always the same bytes and a change reads well in a git diff.
 *
 * @module
 */
import { join } from "node:path";
import { z } from "zod";
import { RelgateError } from "../errors.ts";
import { parseJsonText, strictObject, validateStructure } from "../formats/json_input.ts";
import { stableJson, writeFileAtomic } from "../formats/json_output.ts";
import { LINEAGE_KINDS, RELGATE_CANON_VERSION } from "../canon/mod.ts";
import { orderingSchema, paramsSchema, relOpSchema, schemaFieldSchema } from "../ir/schema.ts";
import { parseType } from "../ir/types.ts";
import { type Snapshot, SNAPSHOT_FORMAT_VERSION, SNAPSHOT_KEYS } from "./snapshot.ts";
import { rerecordCommand } from "./compare.ts";

/** File name suffix of a snapshot. */
export const SNAPSHOT_SUFFIX = ".snap.json";
/** File name suffix of a pending snapshot (waiting for `snapshot --accept`). */
export const PENDING_SUFFIX = ".snap.json.new";

/** Throw unless `name` can be one file or folder name. */
function checkSegment(name: string, what: "bundle" | "rule"): void {
  if (name === "" || name === "." || name === ".." || /[/\\]/.test(name) || name.includes("\0")) {
    throw new RelgateError({
      code: "invalid-snapshot-name",
      message: `Cannot name a snapshot file after ${what} ${JSON.stringify(name)}: ` +
        `it must be a single file name (no "/", "\\", "." or "..")`,
      hint: `rename the ${what}`,
    });
  }
}

/**
 * Path of a rule's snapshot: `<dir>/<bundle>/<rule>.snap.json`.
 *
 * @throws {RelgateError} `invalid-snapshot-name` when the bundle or rule name is not a file name.
 *
 * @example
 * ```ts
 * import { snapshotPath } from "./snapshot_file.ts";
 * snapshotPath("snapshots", "cpg", "cpg.edges.calls"); // "snapshots/cpg/cpg.edges.calls.snap.json"
 * ```
 */
export function snapshotPath(dir: string, bundle: string, rule: string): string {
  checkSegment(bundle, "bundle");
  checkSegment(rule, "rule");
  return join(dir, bundle, rule + SNAPSHOT_SUFFIX);
}

/**
 * Path of a rule's pending snapshot: `<dir>/<bundle>/<rule>.snap.json.new`,
 * where `dir` is the pending folder (the snapshot folder by default).
 *
 * @example
 * ```ts
 * import { pendingPath } from "./snapshot_file.ts";
 * pendingPath("snapshots", "cpg", "r"); // "snapshots/cpg/r.snap.json.new"
 * ```
 */
export function pendingPath(dir: string, bundle: string, rule: string): string {
  return snapshotPath(dir, bundle, rule) + ".new";
}

/**
 * The exact file text of a snapshot. `x-...` keys, if any, follow the known
 * keys in code point order.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { buildSnapshot } from "./snapshot.ts";
 * const old = buildSnapshot({
 *   rule: "r", bundle: "b", relgateVersion: "0.1.0", duckdbVersion: "v1.5.5",
 *   signature: "0".repeat(64),
 *   canonical: { relplan: 1, params: {}, ops: [{ op: "scan", dataset: "t" }], ordering: { level: "unordered" } },
 *   sql: 'SELECT * FROM "t"',
 *   table: arrow.tableFromArrays({ x: Int32Array.of(1, 2, 3) }),
 *   lineage: {},
 * });
 * import { serializeSnapshot } from "./snapshot_file.ts";
 * serializeSnapshot(old).slice(0, 42); // '{\n  "relgate_snapshot": 1,\n  "rule": "r",\n'
 * ```
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  const record = snapshot as unknown as Readonly<Record<string, unknown>>;
  const extra = Object.keys(record).filter((k) => k.startsWith("x-")).sort();
  const body = [...SNAPSHOT_KEYS, ...extra].map((key) => {
    const value = stableJson(record[key] ?? null).trimEnd().replaceAll("\n", "\n  ");
    return `  ${JSON.stringify(key)}: ${value}`;
  });
  return `{\n${body.join(",\n")}\n}\n`;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex digits");
const typeString = z.string().refine((s) => {
  try {
    parseType(s);
    return true;
  } catch {
    return false;
  }
}, {
  message: "expected an Arrow type string (SPEC section 1)",
  params: { code: "unknown-type" },
});

const canonicalPlanSchema = strictObject({
  relplan: z.literal(1),
  params: paramsSchema,
  ops: z.array(relOpSchema).min(1),
  ordering: orderingSchema,
  schema: z.array(schemaFieldSchema).optional(),
});

function snapshotShape(plan: z.ZodType) {
  return strictObject({
    relgate_snapshot: z.number().int().min(1).max(SNAPSHOT_FORMAT_VERSION),
    rule: z.string().min(1),
    bundle: z.string().min(1),
    relgate_version: z.string(),
    duckdb_version: z.string(),
    canon_version: z.number().int().min(0).max(RELGATE_CANON_VERSION),
    signature: hex64,
    rows: z.number().int().min(0),
    digest_order: z.enum(["unordered", "ordered"]),
    digest: hex64,
    schema: z.array(strictObject({
      name: z.string(),
      type: typeString,
      nullable: z.boolean(),
      metadata: z.record(z.string(), z.string()),
    })),
    schema_metadata: z.record(z.string(), z.string()),
    lineage: z.array(strictObject({
      column: z.string(),
      sources: z.array(strictObject({
        dataset: z.string(),
        column: z.string(),
        kind: z.enum(LINEAGE_KINDS as [string, ...string[]]),
      })),
    })),
    sql: z.string(),
    parameters: z.array(strictObject({ type: z.string(), value: z.json() })),
    plan,
  });
}

/** Shape of a snapshot of the current canon version (the plan fully checked). */
const currentShape = snapshotShape(canonicalPlanSchema);
/** Shape of a snapshot of an older canon version (its plan only needs to be an object). */
const olderShape = snapshotShape(z.record(z.string(), z.unknown()));

/**
 * The JSON Schema-able zod schema of a snapshot file (current canon version),
 * for publishing under `schemas/`.
 */
export const snapshotSchema: z.ZodType = currentShape;

/** How to repair a bad snapshot file: re-record its rule (named by the file) or restore it. */
function repairHint(file: string): string {
  const base = file.split(/[/\\]/).pop() ?? "";
  const suffix = [PENDING_SUFFIX, SNAPSHOT_SUFFIX].find((s) => base.endsWith(s));
  const rule = suffix === undefined ? "" : base.slice(0, -suffix.length);
  const command = rule === "" ? "relgate snapshot --update" : rerecordCommand(rule);
  return `re-record it with \`${command}\` (or restore it from version control)`;
}

function corrupt(file: string, path: string, message: string, code = "invalid-snapshot"): never {
  throw new RelgateError({ code, file, path, message, hint: repairHint(file) });
}

/**
 * Parse snapshot text. A snapshot of an older canon version or snapshot
 * format parses (its plan is only checked to be an object): compare it to get
 * status `re-record`.
 *
 * @throws {RelgateError} naming `file`: `malformed-json`; `invalid-snapshot`
 * (not a snapshot object, wrong shape, with the JSON path); `snapshot-version`
 * (a newer snapshot format or an unknown canon version).
 *
 * @example
 * ```ts
 * import { parseSnapshot } from "./snapshot_file.ts";
 * try {
 *   parseSnapshot("{}", "snapshots/b/r.snap.json");
 * } catch (e) {
 *   // RelgateError: snapshots/b/r.snap.json: $: not a relgate snapshot ...
 * }
 * ```
 */
export function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = parseJsonText(text, file);
  } catch (e) {
    if (e instanceof RelgateError) {
      throw new RelgateError(e.problems.map((p) => ({ ...p, hint: repairHint(file) })));
    }
    throw e;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    corrupt(file, "$", "Cannot read snapshot: not a JSON object");
  }
  const obj = value as Record<string, unknown>;
  const format = obj.relgate_snapshot;
  if (typeof format !== "number" || !Number.isInteger(format) || format < 1) {
    corrupt(
      file,
      "$.relgate_snapshot",
      `Cannot read snapshot: not a relgate snapshot (expected "relgate_snapshot": ${SNAPSHOT_FORMAT_VERSION})`,
    );
  }
  if (format > SNAPSHOT_FORMAT_VERSION) {
    corrupt(
      file,
      "$.relgate_snapshot",
      `Cannot read snapshot: format version ${format} is newer than this relgate reads ` +
        `(${SNAPSHOT_FORMAT_VERSION}); upgrade relgate`,
      "snapshot-version",
    );
  }
  const canon = obj.canon_version;
  if (typeof canon === "number" && Number.isInteger(canon) && canon > RELGATE_CANON_VERSION) {
    corrupt(
      file,
      "$.canon_version",
      `Cannot read snapshot: unknown canon version ${canon} (this relgate knows versions ` +
        `up to ${RELGATE_CANON_VERSION}); upgrade relgate`,
      "snapshot-version",
    );
  }
  const older = format < SNAPSHOT_FORMAT_VERSION ||
    (typeof canon === "number" && canon < RELGATE_CANON_VERSION);
  try {
    return validateStructure(older ? olderShape : currentShape, value, file) as Snapshot;
  } catch (e) {
    if (e instanceof RelgateError) {
      throw new RelgateError(
        e.problems.map((p) => ({
          ...p,
          message: `Cannot read snapshot: ${p.message}`,
          hint: p.hint ?? repairHint(file),
        })),
      );
    }
    throw e;
  }
}

/**
 * Read a snapshot file; `undefined` when it does not exist.
 *
 * @param path File to read.
 * @param options.file Name used in errors (default: `path`).
 * @throws {RelgateError} for a corrupt, hand-broken or too-new snapshot (see {@link parseSnapshot}).
 *
 * @example
 * ```ts
 * import { readSnapshot } from "./snapshot_file.ts";
 * await readSnapshot("/nonexistent/r.snap.json"); // undefined
 * ```
 */
export async function readSnapshot(
  path: string,
  options: { readonly file?: string } = {},
): Promise<Snapshot | undefined> {
  const file = options.file ?? path;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof Deno.errors.IsADirectory) {
      corrupt(file, "$", "Cannot read snapshot: it is a directory", "invalid-snapshot");
    }
    throw e;
  }
  return parseSnapshot(text, file);
}

/**
 * Write a snapshot atomically (temp file in the same folder, fsync, rename):
 * a killed process leaves the old file or the new one, never a torn one.
 * Creates the folder.
 */
export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, serializeSnapshot(snapshot));
}
