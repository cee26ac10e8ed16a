/**
 * The one argument-parsing seam (`node:util` parseArgs; JSR's @std/cli is
 * not reachable from the build machines). Every command's options are
 * declared here, so `--help` and errors come from one place.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { RelgateError } from "../errors.ts";

/** An option of a command. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** Value name shown in help, e.g. `FILE`. */
  readonly value?: string;
  readonly help: string;
}

/** Options most commands take (SPEC section 11). */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  rule: {
    type: "string",
    multiple: true,
    value: "GLOB",
    help: "only rules matching GLOB (repeatable)",
  },
  format: { type: "string", value: "F", help: "report format: text|json|junit|markdown|html" },
  out: { type: "string", value: "FILE", help: "write the report to FILE instead of stdout" },
  param: {
    type: "string",
    multiple: true,
    value: "NAME=VALUE",
    help: "bind a plan param (repeatable)",
  },
  threads: { type: "string", value: "N", help: "DuckDB threads" },
  "memory-limit": { type: "string", value: "SIZE", help: "DuckDB memory limit, e.g. 2GB" },
  "temp-dir": { type: "string", value: "DIR", help: "DuckDB spill folder" },
  database: { type: "string", value: "PATH", help: "DuckDB database file (default in-memory)" },
  ci: { type: "boolean", help: "CI mode: never write snapshots, a missing snapshot fails" },
  isolate: { type: "boolean", help: "feed both lanes the legacy upstream outputs" },
  shard: {
    type: "string",
    value: "I/N",
    help: "run the I-th of N deterministic shares of the rules",
  },
  quiet: { type: "boolean", short: "q", help: "no progress on stderr" },
  samples: { type: "string", value: "N", help: "sample rows per diff (default 10)" },
  "snapshot-dir": { type: "string", value: "DIR", help: "snapshots folder (default ./snapshots)" },
  "pending-dir": {
    type: "string",
    value: "DIR",
    help: "write pending snapshots (.snap.json.new) under DIR, also with --ci",
  },
};

/** Options every command takes. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", help: "show help" },
  debug: { type: "boolean", help: "print stack traces of internal errors" },
};

/** Parsed command line of one command. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
}

/**
 * Parse `argv` against a command's options; unknown options are a
 * RelgateError (exit 2).
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
): ParsedArgs {
  const all = { ...options, ...GLOBAL_OPTIONS };
  const config: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> =
    {};
  for (const [k, o] of Object.entries(all)) {
    config[k] = {
      type: o.type,
      ...(o.multiple ? { multiple: true } : {}),
      ...(o.short ? { short: o.short } : {}),
    };
  }
  try {
    const r = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
    return { positionals: r.positionals, values: r.values as ParsedArgs["values"] };
  } catch (e) {
    throw new RelgateError({
      code: "usage",
      message: `${command}: ${(e as Error).message.replace(/\. To specify.*$/s, "")}`,
      hint: `run "relgate ${command} --help"`,
    });
  }
}

/** Render the options block of a help text. */
export function renderOptions(options: Readonly<Record<string, OptionSpec>>): string {
  const rows = Object.entries({ ...options, ...GLOBAL_OPTIONS }).map(([k, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${k}${o.value ? ` ${o.value}` : ""}`;
    return `  ${flag.padEnd(30)} ${o.help}`;
  });
  return rows.join("\n");
}

/** A string option's value, if given. */
export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

/** A repeatable option's values. */
export function listOpt(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

/** An integer option's value, validated. */
export function intOpt(args: ParsedArgs, name: string, min = 1): number | undefined {
  const v = stringOpt(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) {
    throw new RelgateError({
      code: "usage",
      message: `--${name} must be a whole number >= ${min}, got "${v}"`,
    });
  }
  return Number(v);
}

/** `--param name=value` pairs; values parse as JSON when they can, else as strings. */
export function paramOpts(args: ParsedArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of listOpt(args, "param")) {
    const eq = p.indexOf("=");
    if (eq <= 0) {
      throw new RelgateError({
        code: "usage",
        message: `--param expects NAME=VALUE, got "${p}"`,
        hint: 'e.g. --param min_score=0.5 or --param \'kinds=["a","b"]\'',
      });
    }
    const raw = p.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    out[p.slice(0, eq)] = value;
  }
  return out;
}
