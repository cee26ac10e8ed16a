/**
 * Golden files for end-to-end tests: compared byte for byte; rewritten when
 * the test runs with `RELGATE_UPDATE_GOLDEN=1` (then review the git diff).
 *
 * @module
 */
import assert from "node:assert/strict";

/** Assert `actual` equals the golden file `tests/golden/<name>` (or rewrite it). */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const url = new URL(`./golden/${name}`, import.meta.url);
  if (Deno.env.get("RELGATE_UPDATE_GOLDEN") === "1") {
    await Deno.writeTextFile(url, actual);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(url);
  } catch {
    throw new Error(
      `golden file tests/golden/${name} is missing: run with RELGATE_UPDATE_GOLDEN=1`,
    );
  }
  assert.equal(actual, expected);
}

/**
 * A JSON report with its timings (the only run-dependent fields) removed and
 * the machine-dependent defaults of the runtime profile (threads and memory
 * limit, which DuckDB derives from the cores and RAM) written as "<machine>".
 */
export function withoutTimings(reportJson: string): string {
  const strip = (v: unknown, key = ""): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (v === null || typeof v !== "object") {
      return key === "threads" || key === "memory_limit" ? "<machine>" : v;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k !== "timings") {
        out[k] = k === "runtime" ? strip(x, "runtime") : strip(x, key === "runtime" ? k : "");
      }
    }
    return out;
  };
  return JSON.stringify(strip(JSON.parse(reportJson)), null, 2) + "\n";
}
