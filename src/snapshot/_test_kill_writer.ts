// Test helper, run as a subprocess by store_test.ts (not a test itself):
// rewrites a bundle's snapshots through SnapshotStore.update in a loop,
// alternating between two versions, until it is killed.
//
// Usage: deno run -A _test_kill_writer.ts CWD VERSIONS.json
// VERSIONS.json holds [snapshotsA, snapshotsB]; "ready" is printed once the
// modules are loaded and the loop starts, "round" after each full update.
import { SnapshotStore } from "./store.ts";
import type { Snapshot } from "./snapshot.ts";

const [cwd, versionsFile] = Deno.args;
if (cwd === undefined || versionsFile === undefined) {
  throw new Error("usage: _test_kill_writer.ts CWD VERSIONS.json");
}
const versions = JSON.parse(await Deno.readTextFile(versionsFile)) as Snapshot[][];
const store = new SnapshotStore({ dir: "snapshots", ci: false, cwd });
const bundle = versions[0]![0]!.bundle;
const rules = versions[0]!.map((s) => s.rule);
await Deno.stdout.write(new TextEncoder().encode("ready\n"));
const round = new TextEncoder().encode("round\n");
for (let i = 1;; i++) {
  await store.update(bundle, versions[i % 2]!, { rules, complete: false });
  await Deno.stdout.write(round);
}
