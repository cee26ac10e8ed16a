import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RelgateError } from "../errors.ts";
import { obsoleteMessage, snapshotCiMode, snapshotMessage, SnapshotStore } from "./store.ts";
import { parseSnapshot, serializeSnapshot } from "./snapshot_file.ts";
import type { Snapshot } from "./snapshot.ts";
import { fixtureSnapshot, outputTable } from "./_test_fixtures.ts";

/** Every file under `dir` (relative path -> text), dotfiles included. */
async function folderText(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(sub: string): Promise<void> {
    for await (const e of Deno.readDir(join(dir, sub))) {
      const rel = sub === "" ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory) await walk(rel);
      else out[rel] = await Deno.readTextFile(join(dir, rel));
    }
  }
  await walk("");
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function withTempDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "relgate_snap_" });
  try {
    await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function snap(rule: string, ids: readonly bigint[] = [2n, 3n, 5n]): Snapshot {
  return { ...fixtureSnapshot({ table: outputTable(ids) }), rule };
}

const OLD = snap("r1");
const CHANGED = snap("r1", [2n, 3n, 5n, 7n]);
const P = "snapshots/shop/r1.snap.json";

function isRelgate(code: string) {
  return (e: unknown) => e instanceof RelgateError && e.code === code;
}

Deno.test("SnapshotStore: paths are reported relative to the working directory", () => {
  const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd: "/repo" });
  assert.equal(store.snapshotFile("shop", "r1"), "/repo/snapshots/shop/r1.snap.json");
  assert.equal(store.pendingFile("shop", "r1"), "/repo/snapshots/shop/r1.snap.json.new");
  assert.equal(store.reportPath("/repo/snapshots/shop/r1.snap.json"), P);
  assert.equal(store.reportPath("/elsewhere/x"), "../elsewhere/x");
  assert.deepEqual(store.folders("shop"), {
    dir: "snapshots/shop",
    pending_dir: "snapshots/shop",
  });
  const ci = new SnapshotStore({ dir: "/repo/snaps", ci: true, cwd: "/repo" });
  assert.deepEqual(ci.folders("shop"), { dir: "snaps/shop", pending_dir: null });
  const ciPending = new SnapshotStore({
    dir: "snapshots",
    pendingDir: "out/pending",
    ci: true,
    cwd: "/repo",
  });
  assert.equal(ciPending.pendingFile("shop", "r1"), "/repo/out/pending/shop/r1.snap.json.new");
  assert.deepEqual(ciPending.folders("shop"), {
    dir: "snapshots/shop",
    pending_dir: "out/pending/shop",
  });
});

Deno.test("check: missing -> pending file; accept -> match", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    const first = await store.check(OLD);
    assert.deepEqual(first.check, {
      status: "pending",
      path: P,
      pending_path: P + ".new",
      fields: [],
    });
    assert.equal(first.old, undefined);
    assert.equal(first.diff, null);
    assert.equal(
      first.message,
      'no snapshot for rule "r1" yet; new snapshot written to snapshots/shop/r1.snap.json.new ' +
        "(accept it with `relgate snapshot --accept --rule r1`, or reject it with " +
        "`relgate snapshot --reject --rule r1`)",
    );
    assert.deepEqual(await folderText(cwd), {
      "snapshots/shop/r1.snap.json.new": serializeSnapshot(OLD),
    });
    assert.deepEqual(await store.pending("shop"), ["r1"]);

    assert.deepEqual(await store.accept("shop"), ["r1"]);
    assert.deepEqual(await folderText(cwd), { [P]: serializeSnapshot(OLD) });
    assert.deepEqual(await store.pending("shop"), []);

    const again = await store.check(OLD);
    assert.deepEqual(again.check, { status: "match", path: P, pending_path: null, fields: [] });
    assert.equal(again.message, null);
    assert.equal(again.diff, null);
    assert.deepEqual(again.old, OLD);
  });
});

Deno.test("check: changed -> pending file and a diff; reject deletes it", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    await store.write(OLD);
    const out = await store.check(CHANGED);
    assert.deepEqual(out.check, {
      status: "changed",
      path: P,
      pending_path: P + ".new",
      fields: ["rows", "digest"],
    });
    assert.equal(
      out.message,
      'snapshot of rule "r1" changed (rows, digest): snapshots/shop/r1.snap.json; new snapshot ' +
        "written to snapshots/shop/r1.snap.json.new (accept it with " +
        "`relgate snapshot --accept --rule r1`, or reject it with " +
        "`relgate snapshot --reject --rule r1`)",
    );
    assert.equal(
      out.diff,
      'snapshot of rule "r1" (bundle "shop") changed: rows, digest\nrows:\n  - 3\n  + 4\n' +
        `digest:\n  - ${OLD.digest}\n  + ${CHANGED.digest}`,
    );
    assert.deepEqual(await folderText(cwd), {
      [P]: serializeSnapshot(OLD),
      [P + ".new"]: serializeSnapshot(CHANGED),
    });
    // a second check leaves the same pending bytes
    await store.check(CHANGED);
    assert.equal(await Deno.readTextFile(join(cwd, P + ".new")), serializeSnapshot(CHANGED));

    assert.deepEqual(await store.reject("shop"), ["r1"]);
    assert.deepEqual(await folderText(cwd), { [P]: serializeSnapshot(OLD) });
  });
});

Deno.test("check: a match removes a leftover pending file of the rule", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    await store.write(OLD);
    await store.check(CHANGED);
    assert.deepEqual(await store.pending("shop"), ["r1"]);
    assert.equal((await store.check(OLD)).check.status, "match");
    assert.deepEqual(await folderText(cwd), { [P]: serializeSnapshot(OLD) });
  });
});

Deno.test("check: an older canon version is re-record with the command", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: true, cwd });
    await Deno.mkdir(join(cwd, "snapshots/shop"), { recursive: true });
    const older = { ...OLD, canon_version: 0, rows: 1 };
    await Deno.writeTextFile(join(cwd, P), serializeSnapshot(older));
    const out = await store.check(OLD);
    assert.deepEqual(out.check, {
      status: "re-record",
      path: P,
      pending_path: null,
      fields: ["canon_version"],
    });
    assert.equal(
      out.message,
      'snapshot of rule "r1" was recorded with another canon version: re-record needed, run ' +
        "`relgate snapshot --update --rule r1` (snapshots/shop/r1.snap.json)",
    );
    assert.equal(
      out.diff,
      'snapshot of rule "r1" (bundle "shop") was recorded with canon version 0; this relgate ' +
        "uses canon version 1: re-record it with `relgate snapshot --update --rule r1`",
    );
  });
});

Deno.test("check: a corrupt snapshot is a RelgateError naming the file", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    await Deno.mkdir(join(cwd, "snapshots/shop"), { recursive: true });
    await Deno.writeTextFile(join(cwd, P), '{"relgate_snapshot": 1, "rule": ');
    await assert.rejects(
      () => store.check(OLD),
      (e: unknown) =>
        e instanceof RelgateError && e.code === "malformed-json" && e.problems[0]!.file === P &&
        e.problems[0]!.hint ===
          "re-record it with `relgate snapshot --update --rule r1` (or restore it from version control)",
    );
    // update overwrites a corrupt snapshot
    await store.write(OLD);
    assert.equal((await store.check(OLD)).check.status, "match");
  });
});

Deno.test("ci: check writes nothing (folder bytes unchanged); writers refuse", async () => {
  await withTempDir(async (cwd) => {
    const writer = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    await writer.write(OLD);
    await writer.check(snap("r2", [1n])); // leaves a pending file for r2
    const before = await folderText(cwd);
    const ci = new SnapshotStore({ dir: "snapshots", ci: true, cwd });

    const missing = await ci.check(snap("r3"));
    assert.deepEqual(missing.check, {
      status: "missing",
      path: "snapshots/shop/r3.snap.json",
      pending_path: null,
      fields: [],
    });
    assert.equal(
      missing.message,
      'no snapshot for rule "r3": snapshots/shop/r3.snap.json does not exist ' +
        "(write it with `relgate snapshot --update --rule r3`)",
    );
    const changed = await ci.check(CHANGED);
    assert.deepEqual(changed.check, {
      status: "changed",
      path: P,
      pending_path: null,
      fields: ["rows", "digest"],
    });
    assert.equal(
      changed.message,
      'snapshot of rule "r1" changed (rows, digest): snapshots/shop/r1.snap.json ' +
        "(if the change is intended, run `relgate snapshot --update --rule r1`)",
    );
    // a pending file from an earlier run is not this run's: still missing under CI
    assert.deepEqual((await ci.check(snap("r2", [1n, 2n]))).check, {
      status: "missing",
      path: "snapshots/shop/r2.snap.json",
      pending_path: null,
      fields: [],
    });
    assert.equal((await ci.check(OLD)).check.status, "match");

    await assert.rejects(() => ci.write(OLD), isRelgate("snapshot-ci"));
    await assert.rejects(
      () => ci.update("shop", [OLD], { rules: ["r1"], complete: true }),
      isRelgate("snapshot-ci"),
    );
    await assert.rejects(() => ci.accept("shop"), isRelgate("snapshot-ci"));
    await assert.rejects(() => ci.reject("shop"), isRelgate("snapshot-ci"));
    assert.deepEqual(await ci.pending("shop"), ["r2"]);
    assert.deepEqual(await folderText(cwd), before);
  });
});

Deno.test("ci with a pending folder: pending files go there only", async () => {
  await withTempDir(async (cwd) => {
    await new SnapshotStore({ dir: "snapshots", ci: false, cwd }).write(OLD);
    const ci = new SnapshotStore({ dir: "snapshots", pendingDir: "pending", ci: true, cwd });
    const out = await ci.check(CHANGED);
    assert.deepEqual(out.check, {
      status: "changed",
      path: P,
      pending_path: "pending/shop/r1.snap.json.new",
      fields: ["rows", "digest"],
    });
    const missing = await ci.check(snap("r2"));
    assert.deepEqual(missing.check, {
      status: "pending",
      path: "snapshots/shop/r2.snap.json",
      pending_path: "pending/shop/r2.snap.json.new",
      fields: [],
    });
    assert.deepEqual(await folderText(cwd), {
      "pending/shop/r1.snap.json.new": serializeSnapshot(CHANGED),
      "pending/shop/r2.snap.json.new": serializeSnapshot(snap("r2")),
      [P]: serializeSnapshot(OLD),
    });
    assert.deepEqual(await ci.pending("shop"), ["r1", "r2"]);
    // accepting (no longer CI) promotes from the pending folder
    const local = new SnapshotStore({ dir: "snapshots", pendingDir: "pending", ci: false, cwd });
    assert.deepEqual(await local.accept("shop", { ruleGlobs: ["r1"] }), ["r1"]);
    assert.deepEqual(await folderText(cwd), {
      "pending/shop/r2.snap.json.new": serializeSnapshot(snap("r2")),
      [P]: serializeSnapshot(CHANGED),
    });
  });
});

Deno.test("accept / reject: only the rules matching the globs", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    for (const r of ["a.x", "a.y", "b.x"]) await store.check(snap(r));
    assert.deepEqual(await store.pending("shop", { ruleGlobs: ["*.x"] }), ["a.x", "b.x"]);
    assert.deepEqual(await store.accept("shop", { ruleGlobs: ["a.*"] }), ["a.x", "a.y"]);
    assert.deepEqual(await store.reject("shop", { ruleGlobs: ["a.*"] }), []);
    assert.deepEqual(await store.reject("shop", { ruleGlobs: ["b.?"] }), ["b.x"]);
    assert.deepEqual(Object.keys(await folderText(cwd)), [
      "snapshots/shop/a.x.snap.json",
      "snapshots/shop/a.y.snap.json",
    ]);
    assert.deepEqual(await store.accept("other"), []);
  });
});

Deno.test("accept: a corrupt pending file is a RelgateError and nothing is promoted", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    await store.write(OLD);
    await Deno.writeTextFile(join(cwd, P + ".new"), "{}");
    await assert.rejects(
      () => store.accept("shop"),
      (e: unknown) =>
        e instanceof RelgateError && e.code === "invalid-snapshot" &&
        e.problems[0]!.file === P + ".new",
    );
    assert.equal(await Deno.readTextFile(join(cwd, P)), serializeSnapshot(OLD));
  });
});

Deno.test("update: created / updated / unchanged; pending files cleared", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    const rules = ["r1", "r2"];
    const first = await store.update("shop", [OLD, snap("r2")], { rules, complete: true });
    assert.deepEqual(first, {
      written: [
        { rule: "r1", path: P, change: "created" },
        { rule: "r2", path: "snapshots/shop/r2.snap.json", change: "created" },
      ],
      removed: [],
    });
    await store.check(CHANGED); // pending for r1
    const second = await store.update("shop", [CHANGED, snap("r2")], { rules, complete: true });
    assert.deepEqual(second.written.map((w) => w.change), ["updated", "unchanged"]);
    assert.deepEqual(await folderText(cwd), {
      [P]: serializeSnapshot(CHANGED),
      "snapshots/shop/r2.snap.json": serializeSnapshot(snap("r2")),
    });
  });
});

Deno.test("obsolete: only on a complete run, only among the selected rules", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    const all = ["r1", "gone.a", "gone.b", "keep"];
    await store.update("shop", all.map((r) => snap(r)), { rules: all, complete: true });
    await store.check(snap("gone.a", [9n])); // a pending file of a rule about to go away
    const rules = ["r1", "keep"];

    assert.deepEqual(await store.obsolete("shop", { rules, complete: false }), []);
    assert.deepEqual(await store.obsolete("shop", { rules, complete: true }), ["gone.a", "gone.b"]);
    assert.deepEqual(
      await store.obsolete("shop", { rules, complete: true, ruleGlobs: ["*.b"] }),
      ["gone.b"],
    );
    assert.deepEqual(await store.obsolete("nobundle", { rules, complete: true }), []);
    assert.equal(
      obsoleteMessage("shop", "gone.a", "snapshots/shop/gone.a.snap.json"),
      'obsolete snapshot snapshots/shop/gone.a.snap.json: bundle "shop" has no rule "gone.a" ' +
        "(remove it with `relgate snapshot --update`)",
    );

    // a partial or failed run keeps them
    const partial = await store.update("shop", [snap("r1")], { rules, complete: false });
    assert.deepEqual(partial.removed, []);
    assert.equal(Object.keys(await folderText(cwd)).length, 5);

    // a complete run selected by globs removes only the selected ones
    const some = await store.update("shop", [], { rules, complete: true, ruleGlobs: ["gone.a"] });
    assert.deepEqual(some.removed, ["gone.a"]);
    const rest = await store.update("shop", [snap("r1"), snap("keep")], { rules, complete: true });
    assert.deepEqual(rest.removed, ["gone.b"]);
    assert.deepEqual(Object.keys(await folderText(cwd)), [
      "snapshots/shop/keep.snap.json",
      "snapshots/shop/r1.snap.json",
    ]);
  });
});

Deno.test("update: snapshots of another bundle or twice the same rule are bugs", async () => {
  await withTempDir(async (cwd) => {
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    await assert.rejects(
      () => store.update("other", [OLD], { rules: ["r1"], complete: true }),
      /Cannot update bundle "other" with a snapshot of bundle "shop"/,
    );
    await assert.rejects(
      () => store.update("shop", [OLD, OLD], { rules: ["r1"], complete: true }),
      /rule "r1" given twice/,
    );
  });
});

Deno.test("snapshotMessage: one wording per status", () => {
  const base = { path: P, pending_path: null, fields: [] };
  assert.equal(snapshotMessage("r1", { ...base, status: "match" }), null);
  assert.equal(snapshotMessage("r1", { ...base, status: "off" }), null);
  assert.equal(
    snapshotMessage("r1", { ...base, status: "re-record", fields: ["relgate_snapshot"] }),
    'snapshot of rule "r1" was recorded with another snapshot format: re-record needed, run ' +
      "`relgate snapshot --update --rule r1` (snapshots/shop/r1.snap.json)",
  );
});

Deno.test("snapshotCiMode: --ci, the CI variable, and explicit writes", () => {
  const cases: [boolean, boolean, string | undefined, boolean][] = [
    // ci flag, explicit write, CI env, read-only
    [true, false, undefined, true],
    [false, false, undefined, false],
    [false, false, "true", true],
    [false, false, "1", true],
    [false, false, "", false],
    [false, false, "0", false],
    [false, false, "FALSE", false],
    [false, true, "true", false],
  ];
  for (const [ci, explicitWrite, env, want] of cases) {
    assert.equal(snapshotCiMode({ ci, explicitWrite, env }), want, `${ci} ${explicitWrite} ${env}`);
  }
  assert.throws(
    () => snapshotCiMode({ ci: true, explicitWrite: true, env: undefined }),
    isRelgate("usage"),
  );
});

/** A small deterministic PRNG (mulberry32) for the kill delays. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("update killed at random moments leaves every snapshot whole (old or new)", async () => {
  await withTempDir(async (cwd) => {
    const rules = ["k1", "k2", "k3", "k4"];
    // large SQL text so that a write takes long enough to be interrupted
    const version = (ids: bigint[], fill: string): Snapshot[] =>
      rules.map((r) => ({ ...snap(r, ids), sql: fill.repeat(400_000) }));
    const a = version([1n, 2n], "a");
    const b = version([1n, 2n, 3n], "b");
    const allowed = new Set([...a, ...b].map(serializeSnapshot));
    const versionsFile = join(cwd, "versions.json");
    await Deno.writeTextFile(versionsFile, JSON.stringify([a, b]));
    const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
    await store.update("shop", a, { rules, complete: true });

    const script = fileURLToPath(new URL("./_test_kill_writer.ts", import.meta.url));
    const config = fileURLToPath(new URL("../../deno.json", import.meta.url));
    const random = mulberry32(20261101);
    const trials = 24;
    let rounds = 0;
    for (let t = 0; t < trials; t++) {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-write",
          "--config",
          config,
          script,
          cwd,
          versionsFile,
        ],
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const reader = child.stdout.getReader();
      const decoder = new TextDecoder();
      let text = "";
      // kill after 0, 1 or 2 complete rounds, then a random 0-30 ms into the next
      const wait = `ready\n${"round\n".repeat(t % 3)}`;
      while (!text.startsWith(wait)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value);
      }
      assert.ok(
        text.startsWith(wait),
        `trial ${t}: the writer must run (got ${JSON.stringify(text)})`,
      );
      rounds += t % 3;
      await new Promise((resolve) => setTimeout(resolve, random() * 30));
      child.kill("SIGKILL");
      while (!(await reader.read()).done) { /* drain */ }
      const status = await child.status;
      assert.equal(status.signal, "SIGKILL");
      for (const r of rules) {
        const path = join(cwd, "snapshots/shop", `${r}.snap.json`);
        const body = await Deno.readTextFile(path);
        assert.ok(allowed.has(body), `trial ${t}: ${r} is neither the old nor the new snapshot`);
        assert.equal(parseSnapshot(body, path).rule, r);
      }
    }
    assert.equal(rounds, 24);
    // a complete update removes the temp files killed writers left behind
    await store.update("shop", b, { rules, complete: true });
    const names = [];
    for await (const e of Deno.readDir(join(cwd, "snapshots/shop"))) names.push(e.name);
    assert.deepEqual(names.sort(), rules.map((r) => `${r}.snap.json`));
    // leftover temp files of killed writes are never taken for snapshots or pending files
    assert.deepEqual(await store.pending("shop"), []);
    assert.deepEqual(await store.obsolete("shop", { rules, complete: true }), []);
  });
});
