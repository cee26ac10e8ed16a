/**
 * Running the CLI as a subprocess in tests.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** Result of one CLI run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));

/** Run `deno run -A mod.ts ...args` in `cwd`. */
export async function relgate(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", MOD, ...args],
    cwd: options.cwd,
    // CI="" so that tests behave the same inside CI (which sets CI=true);
    // tests of CI mode pass it explicitly.
    env: { NO_COLOR: "1", CI: "", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
