/**
 * Turning common command-line options into runner options, and writing a
 * rendered report to `--out` or stdout.
 *
 * @module
 */
import { resolve } from "node:path";
import { RelgateError } from "../errors.ts";
import { writeFileAtomic } from "../formats/json_output.ts";
import type { CliOverrides } from "../duckdb/config.ts";
import { type Progress, SILENT, terminalProgress } from "../migration/progress.ts";
import { REPORT_FORMATS } from "../report/render.ts";
import { snapshotCiMode, SnapshotStore } from "../snapshot/mod.ts";
import { intOpt, listOpt, paramOpts, type ParsedArgs, stringOpt } from "./args.ts";
import type { Io } from "./command.ts";

/** Engine/runtime overrides from `--threads`, `--memory-limit`, `--temp-dir`, `--database`. */
export function cliOverrides(args: ParsedArgs): CliOverrides {
  const threads = intOpt(args, "threads");
  const memory = stringOpt(args, "memory-limit");
  const temp = stringOpt(args, "temp-dir");
  const database = stringOpt(args, "database");
  return {
    ...(threads !== undefined ? { threads } : {}),
    ...(memory !== undefined ? { memory_limit: memory } : {}),
    ...(temp !== undefined ? { temp_dir: resolve(temp) } : {}),
    ...(database !== undefined ? { database } : {}),
  };
}

/** `--format`, validated before any work starts. */
export function reportFormat(args: ParsedArgs, fallback = "text"): string {
  const f = stringOpt(args, "format") ?? fallback;
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
    throw new RelgateError({
      code: "unknown-format",
      path: "--format",
      message: `unknown format ${JSON.stringify(f)}`,
      hint: `use one of ${REPORT_FORMATS.join(", ")}`,
    });
  }
  return f;
}

/** `--shard I/N`. */
export function shardOpt(args: ParsedArgs): { index: number; count: number } | undefined {
  const s = stringOpt(args, "shard");
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
    throw new RelgateError({
      code: "usage",
      path: "--shard",
      message: `--shard expects I/N with 1 <= I <= N, got "${s}"`,
    });
  }
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** Progress on stderr when it is a terminal, unless `--quiet`. */
export function progressOf(args: ParsedArgs, io: Io): Progress {
  return args.values.quiet || !io.stderrIsTty ? SILENT : terminalProgress(io.stderr);
}

/** `--param` values. */
export function paramsOf(args: ParsedArgs): Record<string, unknown> {
  return paramOpts(args);
}

/** Everything the runner takes from the command line. */
export function runnerOptions(args: ParsedArgs, io: Io) {
  return {
    ruleGlobs: listOpt(args, "rule"),
    params: paramOpts(args),
    isolate: args.values.isolate === true,
    cli: cliOverrides(args),
    samples: intOpt(args, "samples", 0) ?? 10,
    ...(shardOpt(args) ? { shard: shardOpt(args)! } : {}),
    progress: progressOf(args, io),
  };
}

/**
 * The snapshot store of a run: `--snapshot-dir` (default `snapshots`),
 * `--pending-dir`, and CI mode from `--ci` or the `CI` environment variable
 * (like insta and Jest), unless the command writes explicitly.
 */
export function snapshotStore(args: ParsedArgs, explicitWrite: boolean): SnapshotStore {
  const pending = stringOpt(args, "pending-dir");
  return new SnapshotStore({
    dir: stringOpt(args, "snapshot-dir") ?? "snapshots",
    ...(pending ? { pendingDir: pending } : {}),
    ci: snapshotCiMode({ ci: args.values.ci === true, explicitWrite }),
  });
}

/** Write text to `--out` (atomically) or stdout. */
export async function emit(args: ParsedArgs, io: Io, text: string): Promise<void> {
  const out = stringOpt(args, "out");
  if (out) await writeFileAtomic(resolve(out), text);
  else io.stdout(text);
}

/** Bundle folders from the positionals; default: every folder of `./migrations`. */
export async function bundleDirs(args: ParsedArgs): Promise<string[]> {
  if (args.positionals.length) return [...args.positionals];
  const found: string[] = [];
  try {
    for await (const e of Deno.readDir("migrations")) {
      if (e.isDirectory) found.push(`migrations/${e.name}`);
    }
  } catch {
    // no ./migrations folder
  }
  if (!found.length) {
    throw new RelgateError({
      code: "usage",
      message: "no bundle given and no ./migrations folder with bundles",
      hint: "give the bundle folder, e.g. relgate audit migrations/cpg",
    });
  }
  return found.sort();
}
