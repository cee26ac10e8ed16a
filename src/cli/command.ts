/**
 * The shape of a CLI command and the I/O it gets.
 *
 * @module
 */
import type { OptionSpec, ParsedArgs } from "./args.ts";

/** Where a command writes. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal (progress, colour). */
  readonly stderrIsTty: boolean;
  /** True when stdout is a terminal (colour). */
  readonly stdoutIsTty: boolean;
}

/** A command of the CLI. */
export interface Command {
  readonly name: string;
  /** One line for `relgate --help`. */
  readonly summary: string;
  /** Usage line(s), without the leading `relgate `. */
  readonly usage: string;
  /** Longer description for `relgate <command> --help`. */
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Run; returns the exit code. */
  readonly run: (args: ParsedArgs, io: Io) => Promise<number>;
}
