// Golden files of the renderer tests (`*.golden`, so `deno fmt` leaves them alone).
// (then review the diff: the files are the expected bytes).
import assert from "node:assert/strict";

/** Assert `actual` equals the bytes of `testdata/<name>` (or write them when updating). */
export function assertGolden(name: string, actual: string): void {
  const url = new URL(name, import.meta.url);
  if (Deno.env.get("RELGATE_UPDATE_GOLDEN") === "1") {
    Deno.writeTextFileSync(url, actual);
    return;
  }
  assert.equal(actual, Deno.readTextFileSync(url), `golden ${name}`);
}
