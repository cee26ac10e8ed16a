/**
 * The snapshot workflow (SPEC section 9), modelled on insta:
 *
 * - {@link SnapshotStore.check} compares a fresh snapshot with the recorded
 *   one; on a mismatch (or when there is none) it writes a pending
 *   `<rule>.snap.json.new` beside it, or under the pending folder;
 * - {@link SnapshotStore.accept} promotes pending files,
 *   {@link SnapshotStore.reject} deletes them;
 * - {@link SnapshotStore.update} rewrites snapshots and, after a complete run,
 *   removes obsolete ones (files of rules that no longer exist);
 * - with `ci: true` nothing is ever written or deleted (a pending folder, when
 *   given, still receives pending files), and the writing operations refuse.
 *
 * Every write is atomic (temp file in the same folder, fsync, rename).
 * Paths in results are relative to the working directory, with `/`.
 *
 * @module
 */
import { join, relative, resolve, sep } from "node:path";
import { RelgateError } from "../errors.ts";
import { writeFileAtomic } from "../formats/json_output.ts";
import type { SnapshotCheck } from "../gate/model.ts";
import { compareSnapshot, renderSnapshotDiff, rerecordCommand } from "./compare.ts";
import { matchesRuleGlobs } from "./rule_glob.ts";
import type { Snapshot } from "./snapshot.ts";
import {
  parseSnapshot,
  PENDING_SUFFIX,
  pendingPath,
  readSnapshot,
  serializeSnapshot,
  SNAPSHOT_SUFFIX,
  snapshotPath,
} from "./snapshot_file.ts";

/** Where snapshots live and whether writing is allowed. */
export interface SnapshotStoreOptions {
  /** Snapshot root (`snapshots`, or `--snapshot-dir DIR`); relative to `cwd`. */
  readonly dir: string;
  /** Pending root (`--pending-dir DIR`); default: pending files go beside the snapshots. */
  readonly pendingDir?: string | undefined;
  /** `--ci` (or the `CI` environment variable): never write anything (except under `pendingDir`). */
  readonly ci: boolean;
  /** Working directory (default `Deno.cwd()`): base of relative folders and of reported paths. */
  readonly cwd?: string | undefined;
}

/** Result of {@link SnapshotStore.check}. */
export interface CheckOutcome {
  /** The report entry (gate/model.ts). */
  readonly check: SnapshotCheck;
  /** The recorded snapshot, if there is one. */
  readonly old: Snapshot | undefined;
  /** The field-by-field diff when the status is `changed` or `re-record`, else `null`. */
  readonly diff: string | null;
  /** One line for people (see {@link snapshotMessage}); `null` on a match. */
  readonly message: string | null;
}

/** What writing one snapshot did. */
export interface WriteOutcome {
  readonly rule: string;
  /** Snapshot file, relative to the working directory. */
  readonly path: string;
  /** `unchanged`: the file already held exactly these bytes and was not touched. */
  readonly change: "created" | "updated" | "unchanged";
}

/** Which rules a bundle has and what the run covered. */
export interface ObsoleteOptions {
  /** Every rule name of the bundle. */
  readonly rules: readonly string[];
  /** `--rule` globs: snapshot files are looked at only when their name matches (empty: all). */
  readonly ruleGlobs?: readonly string[] | undefined;
  /**
   * True only for a complete, successful run (no shard, no failed rule): a
   * partial or failed run never reports or removes obsolete snapshots.
   */
  readonly complete: boolean;
}

/** Result of {@link SnapshotStore.update}. */
export interface UpdateOutcome {
  /** One per given snapshot, in the given order. */
  readonly written: readonly WriteOutcome[];
  /** Obsolete snapshots removed (rule names, sorted); empty unless the run was complete. */
  readonly removed: readonly string[];
}

/** Options of accept, reject and pending listings. */
export interface SelectOptions {
  /** `--rule` globs (empty or absent: all). */
  readonly ruleGlobs?: readonly string[] | undefined;
}

/**
 * One line for people about a rule's snapshot check; `null` for `match` and
 * `off`. Missing, pending, changed and re-record each have their own wording.
 *
 * @example
 * ```ts
 * import { snapshotMessage } from "./store.ts";
 * snapshotMessage("r", { status: "missing", path: "snapshots/b/r.snap.json", pending_path: null, fields: [] });
 * // 'no snapshot for rule "r": snapshots/b/r.snap.json does not exist (write it with `relgate snapshot --update --rule r`)'
 * ```
 */
export function snapshotMessage(rule: string, check: SnapshotCheck): string | null {
  const name = JSON.stringify(rule);
  const review = check.pending_path === null
    ? ""
    : `; new snapshot written to ${check.pending_path}` +
      ` (accept it with \`relgate snapshot --accept --rule ${rule}\`, or reject it with ` +
      `\`relgate snapshot --reject --rule ${rule}\`)`;
  switch (check.status) {
    case "match":
    case "off":
      return null;
    case "missing":
      return `no snapshot for rule ${name}: ${check.path} does not exist ` +
        `(write it with \`${rerecordCommand(rule)}\`)`;
    case "pending":
      return `no snapshot for rule ${name} yet${review}`;
    case "changed":
      return `snapshot of rule ${name} changed (${check.fields.join(", ")}): ${check.path}` +
        (review || ` (if the change is intended, run \`${rerecordCommand(rule)}\`)`);
    case "re-record":
      return `snapshot of rule ${name} was recorded with another ${
        check.fields[0] === "relgate_snapshot" ? "snapshot format" : "canon version"
      }: re-record needed, run \`${rerecordCommand(rule)}\` (${check.path})${review}`;
  }
}

/**
 * One line for people about an obsolete snapshot.
 *
 * @example
 * ```ts
 * import { obsoleteMessage } from "./store.ts";
 * obsoleteMessage("b", "gone", "snapshots/b/gone.snap.json");
 * // 'obsolete snapshot snapshots/b/gone.snap.json: bundle "b" has no rule "gone" (remove it with `relgate snapshot --update`)'
 * ```
 */
export function obsoleteMessage(bundle: string, rule: string, path: string): string {
  return `obsolete snapshot ${path}: bundle ${JSON.stringify(bundle)} has no rule ` +
    `${JSON.stringify(rule)} (remove it with \`relgate snapshot --update\`)`;
}

/** What decides CI mode for `check` and `snapshot`. */
export interface CiModeOptions {
  /** `--ci` given. */
  readonly ci: boolean;
  /** `--update`, `--accept` or `--reject` given explicitly. */
  readonly explicitWrite: boolean;
  /** Value of the `CI` environment variable (default: read from the environment). */
  readonly env?: string | undefined;
}

/**
 * Whether snapshots are read-only for this invocation: `--ci`, or the `CI`
 * environment variable set (to anything but `""`, `0` or `false`) unless
 * `--update`, `--accept` or `--reject` is given explicitly.
 *
 * @throws {RelgateError} `usage` when `--ci` is combined with an explicit write.
 *
 * @example
 * ```ts
 * import { snapshotCiMode } from "./store.ts";
 * snapshotCiMode({ ci: false, explicitWrite: false, env: "true" }); // true
 * snapshotCiMode({ ci: false, explicitWrite: true, env: "true" }); // false
 * snapshotCiMode({ ci: false, explicitWrite: false, env: "false" }); // false
 * ```
 */
export function snapshotCiMode(options: CiModeOptions): boolean {
  if (options.ci && options.explicitWrite) {
    throw new RelgateError({
      code: "usage",
      message: "Cannot combine --ci with --update, --accept or --reject: --ci never writes",
      hint: "drop --ci to write snapshots",
    });
  }
  if (options.ci) return true;
  if (options.explicitWrite) return false;
  const env = "env" in options ? options.env : Deno.env.get("CI");
  return env !== undefined && env !== "" && env !== "0" && env.toLowerCase() !== "false";
}

async function removeIfExists(path: string): Promise<boolean> {
  try {
    await Deno.remove(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Rule names of the files in `folder` ending in `suffix`, sorted; none when the folder is missing. */
async function rulesIn(folder: string, suffix: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(folder)) {
      if (!e.isFile || e.name.startsWith(".") || !e.name.endsWith(suffix)) continue;
      const rule = e.name.slice(0, -suffix.length);
      if (rule !== "") out.push(rule);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return out.sort();
}

/** Name of the temp files `writeFileAtomic` leaves behind when killed mid-write. */
const TEMP_NAME = /^\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

/** Remove temp files that killed writers left in `folder`. */
async function removeStaleTemps(folder: string): Promise<void> {
  try {
    for await (const e of Deno.readDir(folder)) {
      if (e.isFile && TEMP_NAME.test(e.name)) await removeIfExists(join(folder, e.name));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

function readOnly(what: string): never {
  throw new RelgateError({
    code: "snapshot-ci",
    message: `Cannot ${what}: snapshots are read-only under --ci (or when CI is set)`,
    hint: "run without --ci, or give --update / --accept explicitly",
  });
}

/**
 * Snapshot files of every bundle under one snapshot folder.
 *
 * @example
 * ```ts
 * import { SnapshotStore } from "./store.ts";
 * const store = new SnapshotStore({ dir: "snapshots", ci: true, cwd: "/repo" });
 * store.snapshotFile("cpg", "r"); // "/repo/snapshots/cpg/r.snap.json"
 * store.reportPath(store.snapshotFile("cpg", "r")); // "snapshots/cpg/r.snap.json"
 * ```
 */
export class SnapshotStore {
  readonly #cwd: string;
  readonly #dir: string;
  readonly #pendingDir: string | undefined;
  readonly #ci: boolean;

  /** A store over `options.dir`. */
  constructor(options: SnapshotStoreOptions) {
    this.#cwd = resolve(options.cwd ?? Deno.cwd());
    this.#dir = resolve(this.#cwd, options.dir);
    this.#pendingDir = options.pendingDir === undefined
      ? undefined
      : resolve(this.#cwd, options.pendingDir);
    this.#ci = options.ci;
  }

  /** True under `--ci`. */
  get ci(): boolean {
    return this.#ci;
  }

  /** True when this store may write pending files (not CI, or a pending folder was given). */
  get writesPending(): boolean {
    return !this.#ci || this.#pendingDir !== undefined;
  }

  /** An absolute path as reported: relative to the working directory, `/`-separated. */
  reportPath(path: string): string {
    const rel = relative(this.#cwd, path);
    const shown = rel === "" ? "." : rel;
    return sep === "/" ? shown : shown.split(sep).join("/");
  }

  /** Absolute path of a rule's snapshot. */
  snapshotFile(bundle: string, rule: string): string {
    return snapshotPath(this.#dir, bundle, rule);
  }

  /** Absolute path of a rule's pending snapshot (under the pending folder when there is one). */
  pendingFile(bundle: string, rule: string): string {
    return pendingPath(this.#pendingDir ?? this.#dir, bundle, rule);
  }

  /**
   * The `snapshots` block of the runner's `BundleInput` (gate/model.ts):
   * the bundle's snapshot folder and the pending folder this run writes to
   * (`null` when it writes none), relative to the working directory.
   */
  folders(bundle: string): { dir: string; pending_dir: string | null } {
    const dir = this.reportPath(join(this.#dir, bundle));
    if (!this.writesPending) return { dir, pending_dir: null };
    return { dir, pending_dir: this.reportPath(join(this.#pendingDir ?? this.#dir, bundle)) };
  }

  /**
   * Check a fresh snapshot against the recorded one (bundle and rule are
   * taken from the snapshot). On a mismatch, a missing snapshot or a needed
   * re-record, the fresh snapshot is written as pending (unless CI without a
   * pending folder); a missing snapshot with a pending file written has status
   * `pending`. On a match, a leftover pending file of the rule is removed
   * (unless CI).
   *
   * @throws {RelgateError} when the recorded snapshot is corrupt (names the file).
   */
  async check(fresh: Snapshot): Promise<CheckOutcome> {
    const file = this.snapshotFile(fresh.bundle, fresh.rule);
    const path = this.reportPath(file);
    const old = await readSnapshot(file, { file: path });
    let status: SnapshotCheck["status"] = "missing";
    let fields: readonly string[] = [];
    let diff: string | null = null;
    if (old !== undefined) {
      const cmp = compareSnapshot(old, fresh);
      status = cmp.status;
      fields = cmp.fields;
      if (status !== "match") diff = renderSnapshotDiff(old, fresh);
    }
    let pending: string | null = null;
    if (this.writesPending) {
      const pendingFile = this.pendingFile(fresh.bundle, fresh.rule);
      if (status === "match") {
        await removeIfExists(pendingFile);
      } else {
        const text = serializeSnapshot(fresh);
        if (await readTextIfExists(pendingFile) !== text) await writeFileAtomic(pendingFile, text);
        pending = this.reportPath(pendingFile);
        if (status === "missing") status = "pending";
      }
    }
    const check: SnapshotCheck = { status, path, pending_path: pending, fields };
    return { check, old, diff, message: snapshotMessage(fresh.rule, check) };
  }

  /**
   * Write one snapshot (atomically; not at all when the file already holds
   * exactly these bytes) and remove the rule's pending file.
   *
   * @throws {RelgateError} `snapshot-ci` under CI.
   */
  async write(snapshot: Snapshot): Promise<WriteOutcome> {
    if (this.#ci) readOnly("write snapshots");
    const file = this.snapshotFile(snapshot.bundle, snapshot.rule);
    const text = serializeSnapshot(snapshot);
    const before = await readTextIfExists(file);
    if (before !== text) await writeFileAtomic(file, text);
    await removeIfExists(this.pendingFile(snapshot.bundle, snapshot.rule));
    const change = before === undefined ? "created" : before === text ? "unchanged" : "updated";
    return { rule: snapshot.rule, path: this.reportPath(file), change };
  }

  /**
   * `snapshot --update`: write every given snapshot of `bundle`, then, when
   * the run was complete, remove the obsolete snapshots (and their pending
   * files) among the selected names, and temp files that killed writers left
   * in the bundle's snapshot folder.
   *
   * @throws {RelgateError} `snapshot-ci` under CI.
   */
  async update(
    bundle: string,
    snapshots: readonly Snapshot[],
    options: ObsoleteOptions,
  ): Promise<UpdateOutcome> {
    if (this.#ci) readOnly("update snapshots");
    const seen = new Set<string>();
    for (const s of snapshots) {
      if (s.bundle !== bundle) {
        throw new Error(`Cannot update bundle "${bundle}" with a snapshot of bundle "${s.bundle}"`);
      }
      if (seen.has(s.rule)) throw new Error(`Cannot update: rule "${s.rule}" given twice`);
      seen.add(s.rule);
    }
    const written: WriteOutcome[] = [];
    for (const s of snapshots) written.push(await this.write(s));
    const removed = await this.obsolete(bundle, options);
    for (const rule of removed) {
      await removeIfExists(this.snapshotFile(bundle, rule));
      await removeIfExists(this.pendingFile(bundle, rule));
    }
    if (options.complete) await removeStaleTemps(join(this.#dir, bundle));
    return { written, removed };
  }

  /**
   * Rules named by `*.snap.json` files of `bundle` that the bundle does not
   * have, among the names matching the globs (sorted). Always empty for an
   * incomplete run.
   */
  async obsolete(bundle: string, options: ObsoleteOptions): Promise<string[]> {
    if (!options.complete) return [];
    const known = new Set(options.rules);
    const globs = options.ruleGlobs ?? [];
    const files = await rulesIn(join(this.#dir, bundle), SNAPSHOT_SUFFIX);
    return files.filter((r) => !known.has(r) && matchesRuleGlobs(r, globs));
  }

  /** Rules of `bundle` with a pending snapshot file, matching the globs (sorted). */
  async pending(bundle: string, options: SelectOptions = {}): Promise<string[]> {
    const folder = join(this.#pendingDir ?? this.#dir, bundle);
    const rules = await rulesIn(folder, PENDING_SUFFIX);
    return rules.filter((r) => matchesRuleGlobs(r, options.ruleGlobs ?? []));
  }

  /**
   * `snapshot --accept`: promote the matching pending files of `bundle` to
   * snapshots (each checked to be a valid snapshot first). Returns the rules.
   *
   * @throws {RelgateError} `snapshot-ci` under CI; a corrupt pending file (names it).
   */
  async accept(bundle: string, options: SelectOptions = {}): Promise<string[]> {
    if (this.#ci) readOnly("accept pending snapshots");
    const rules = await this.pending(bundle, options);
    for (const rule of rules) {
      const from = this.pendingFile(bundle, rule);
      const text = await Deno.readTextFile(from);
      parseSnapshot(text, this.reportPath(from));
      await writeFileAtomic(this.snapshotFile(bundle, rule), text);
      await removeIfExists(from);
    }
    return rules;
  }

  /**
   * `snapshot --reject`: delete the matching pending files of `bundle`.
   * Returns the rules.
   *
   * @throws {RelgateError} `snapshot-ci` under CI.
   */
  async reject(bundle: string, options: SelectOptions = {}): Promise<string[]> {
    if (this.#ci) readOnly("reject pending snapshots");
    const rules = await this.pending(bundle, options);
    for (const rule of rules) await removeIfExists(this.pendingFile(bundle, rule));
    return rules;
  }
}
