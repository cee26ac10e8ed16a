/**
 * `relgate merge REPORT.json...`: combine shard JSON reports into one report
 * and one gate, exactly as a single run would have decided it. The exit code
 * is the merged gate (0 open, 1 closed).
 *
 * @module
 */
import { resolve } from "node:path";
import { RelgateError } from "../errors.ts";
import { readJsonFile } from "../formats/json_input.ts";
import { mergeReports } from "../gate/build.ts";
import type { RunReport } from "../gate/model.ts";
import { render } from "../report/render.ts";
import type { Command } from "./command.ts";
import { emit, reportFormat } from "./run_options.ts";

function looksLikeReport(v: unknown): v is RunReport {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return typeof o.relgate_version === "string" && Array.isArray(o.bundles) &&
    typeof o.gate === "object" && typeof o.invocation === "object";
}

/** The merge command. */
export const mergeCommand: Command = {
  name: "merge",
  summary: "combine shard JSON reports (--shard I/N runs) into one report and gate",
  usage: "merge REPORT.json... [--format F] [--out FILE]",
  options: {
    format: { type: "string", value: "F", help: "report format: text|json|junit|markdown|html" },
    out: { type: "string", value: "FILE", help: "write the report to FILE instead of stdout" },
  },
  async run(args, io) {
    if (!args.positionals.length) {
      throw new RelgateError({ code: "usage", message: "merge takes one or more REPORT.json" });
    }
    const format = reportFormat(args);
    const reports: RunReport[] = [];
    for (const file of args.positionals) {
      const v = await readJsonFile(resolve(file), file);
      if (!looksLikeReport(v)) {
        throw new RelgateError({
          code: "not-a-report",
          file,
          path: "$",
          message: "not a relgate JSON report",
          hint: "give reports written by relgate audit --format json",
        });
      }
      reports.push(v);
    }
    const merged = mergeReports(reports);
    await emit(args, io, render(merged, format, {}));
    return merged.gate.open ? 0 : 1;
  },
};
