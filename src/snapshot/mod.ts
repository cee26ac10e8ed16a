/**
 * Golden snapshots of each rule's new lane (SPEC section 9):
 * `snapshots/<bundle>/<rule>.snap.json`, one per rule, pretty-printed with a
 * fixed key order and written atomically.
 *
 * - {@link buildSnapshot}: a rule's snapshot from its run (signature,
 *   canonical plan, SQL and parameters, output schema, row count, digest,
 *   lineage);
 * - {@link snapshotPath}, {@link readSnapshot}, {@link writeSnapshot},
 *   {@link serializeSnapshot}, {@link parseSnapshot}: the files (corrupt
 *   files are a `RelgateError` naming the file);
 * - {@link compareSnapshot}, {@link renderSnapshotDiff}: drift (compared
 *   fields only) and the field-by-field diff people read;
 * - {@link SnapshotStore}: the insta-like workflow: check with pending
 *   `.snap.json.new` files, accept, reject, update, obsolete snapshots, CI mode.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { buildSnapshot, SnapshotStore } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const snap = buildSnapshot({
 *   rule: "r", bundle: "b", relgateVersion: "0.1.0", duckdbVersion: "v1.5.5",
 *   signature: "0".repeat(64),
 *   canonical: { relplan: 1, params: {}, ops: [{ op: "scan", dataset: "t" }], ordering: { level: "unordered" } },
 *   sql: 'SELECT * FROM "t"',
 *   table: arrow.tableFromArrays({ x: Int32Array.of(1, 2) }),
 *   lineage: {},
 * });
 * const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd: dir });
 * (await store.check(snap)).check.status; // "pending" (no snapshot yet; pending file written)
 * await store.accept("b"); // ["r"]
 * (await store.check(snap)).check.status; // "match"
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export {
  buildSnapshot,
  type Snapshot,
  SNAPSHOT_FORMAT_VERSION,
  SNAPSHOT_KEYS,
  type SnapshotField,
  type SnapshotInput,
  type SnapshotLineage,
  type SnapshotLineageSource,
  type SnapshotParam,
  snapshotParam,
} from "./snapshot.ts";
export {
  parseSnapshot,
  PENDING_SUFFIX,
  pendingPath,
  readSnapshot,
  serializeSnapshot,
  SNAPSHOT_SUFFIX,
  snapshotPath,
  snapshotSchema,
  writeSnapshot,
} from "./snapshot_file.ts";
export {
  COMPARED_FIELDS,
  type ComparedField,
  compareSnapshot,
  INFORMATIONAL_FIELDS,
  renderSnapshotDiff,
  rerecordCommand,
  type SnapshotComparison,
} from "./compare.ts";
export {
  type CheckOutcome,
  type CiModeOptions,
  obsoleteMessage,
  type ObsoleteOptions,
  type SelectOptions,
  snapshotCiMode,
  snapshotMessage,
  SnapshotStore,
  type SnapshotStoreOptions,
  type UpdateOutcome,
  type WriteOutcome,
} from "./store.ts";
export { matchesRuleGlobs } from "./rule_glob.ts";
export { type DigestOrder, tableDigest } from "../arrow/digest.ts";
