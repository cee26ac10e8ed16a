/**
 * The CLI entry: command dispatch, `--help`, and exit codes (SPEC section
 * 11): 0 success / gate open, 1 gate closed, 2 invalid input or usage (one
 * clear message, no stack trace), 3 internal error.
 *
 * @module
 */
import { formatProblem, RelgateError } from "../errors.ts";
import { parseCommandArgs, renderOptions } from "./args.ts";
import type { Command, Io } from "./command.ts";
import { initCommand } from "./init.ts";
import { migrateCommand } from "./migrate.ts";
import { auditCommand, gateCommand } from "./audit.ts";
import { explainCommand } from "./explain.ts";
import { diffCommand } from "./diff.ts";
import { mergeCommand } from "./merge.ts";
import { runCommand } from "./run_plan.ts";
import { checkCommand, snapshotCommand } from "./snapshot.ts";
import { RELGATE_VERSION } from "../version.ts";

export { RELGATE_VERSION };

/** Every command, in help order. */
export const COMMANDS: readonly Command[] = [
  auditCommand,
  gateCommand,
  checkCommand,
  snapshotCommand,
  runCommand,
  diffCommand,
  explainCommand,
  migrateCommand,
  initCommand,
  mergeCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `relgate ${RELGATE_VERSION} - retire a legacy relational plan lane safely`,
    "",
    "usage: relgate <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    'run "relgate <command> --help" for a command\'s options',
    "exit codes: 0 ok/gate open, 1 gate closed, 2 invalid input or usage, 3 internal error",
    "",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return [
    `usage: relgate ${c.usage}`,
    "",
    c.summary,
    ...(c.description ? ["", c.description] : []),
    "",
    "options:",
    renderOptions(c.options),
    "",
  ].join("\n");
}

/** The process's real I/O. */
export function processIo(): Io {
  const enc = new TextEncoder();
  return {
    stdout: (t) => {
      Deno.stdout.writeSync(enc.encode(t));
    },
    stderr: (t) => {
      Deno.stderr.writeSync(enc.encode(t));
    },
    stderrIsTty: Deno.stderr.isTerminal(),
    stdoutIsTty: Deno.stdout.isTerminal(),
  };
}

/**
 * Run the CLI on `argv`; returns the exit code (never throws).
 *
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * Deno.exit(await main(Deno.args));
 * ```
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    const [name, ...rest] = argv;
    if (!name || name === "--help" || name === "-h" || name === "help") {
      io.stdout(mainHelp());
      return 0;
    }
    if (name === "--version" || name === "-V") {
      io.stdout(`relgate ${RELGATE_VERSION}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new RelgateError({
        code: "usage",
        message: `unknown command "${name}"`,
        hint: `commands: ${COMMANDS.map((c) => c.name).join(", ")}`,
      });
    }
    const args = parseCommandArgs(name, rest, command.options);
    if (args.values.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof RelgateError) {
      const lines = e.problems.map(formatProblem);
      io.stderr(`relgate: error: ${lines.join("\nrelgate: error: ")}\n`);
      return 2;
    }
    const err = e as Error;
    io.stderr(`relgate: internal error: ${err?.message ?? String(e)}\n`);
    if (debug) io.stderr(`${err?.stack ?? ""}\n`);
    else io.stderr("  hint: rerun with --debug for the stack trace, and report it\n");
    return 3;
  }
}
