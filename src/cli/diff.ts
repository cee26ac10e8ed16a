/**
 * `relgate diff RULE --bundle DIR`: the full AST diff and output diff of one
 * rule (its upstream rules run as needed, unreported), with more samples.
 *
 * @module
 */
import { RelgateError } from "../errors.ts";
import { stableJson } from "../formats/json_output.ts";
import { astLines, outputSummaryLines, sampleTable } from "../report/_util.ts";
import { render } from "../report/render.ts";
import { COMMON_OPTIONS, stringOpt } from "./args.ts";
import { auditReport } from "./audit.ts";
import type { Command } from "./command.ts";
import { emit, reportFormat } from "./run_options.ts";

/** The diff command. */
export const diffCommand: Command = {
  name: "diff",
  summary: "the full AST diff and output diff of one rule",
  usage: "diff RULE --bundle DIR [options]",
  options: {
    ...COMMON_OPTIONS,
    bundle: { type: "string", value: "DIR", help: "the bundle of the rule" },
  },
  async run(args, io) {
    const [rule, ...rest] = args.positionals;
    const bundle = stringOpt(args, "bundle");
    if (!rule || rest.length || !bundle) {
      throw new RelgateError({
        code: "usage",
        message: "diff takes one RULE and --bundle DIR",
        hint: "e.g. relgate diff cpg.edges.calls --bundle migrations/cpg",
      });
    }
    const format = reportFormat(args);
    const glob = rule.replace(/[*?]/g, "?");
    const report = await auditReport(
      {
        positionals: [bundle],
        values: { ...args.values, rule: [glob], samples: stringOpt(args, "samples") ?? "50" },
      },
      io,
      "diff",
    );
    const b = report.bundles[0]!;
    const r = b.rules.find((x) => x.name === rule);
    if (!r) {
      throw new RelgateError({
        code: "unknown-rule",
        file: `${bundle}/migration.json`,
        path: "$.rules",
        message: `no rule named "${rule}"`,
        hint: "rule names are listed by relgate audit",
      });
    }
    if (format === "json") {
      await emit(args, io, stableJson(r));
      return 0;
    }
    if (format !== "text") {
      await emit(args, io, render(report, format, {}));
      return 0;
    }
    const lines = [`${r.name}: ${r.verdict} - ${r.message}`, ""];
    lines.push(
      r.ast_equal === null
        ? "AST diff: not compared"
        : r.ast_edits.length === 0
        ? "AST diff: canonical plans are equal"
        : `AST diff (${r.ast_edits.length} edits, legacy -> new):`,
    );
    if (r.ast_edits.length) lines.push(...astLines(r));
    lines.push("", "output diff:");
    if (r.output_diff === null) lines.push("  not compared");
    else {
      lines.push(...outputSummaryLines(r).map((l) => `  ${l}`));
      const samples = r.output_diff.samples;
      if (samples.length) {
        const t = sampleTable(samples, 40);
        const all = [t.header, ...t.rows];
        const widths = t.header.map((_, i) =>
          Math.max(...all.map((row) => [...(row[i] ?? "")].length))
        );
        for (const row of all) {
          lines.push(
            "  " +
              row.map((c, i) => c + " ".repeat(widths[i]! - [...c].length)).join("  ").trimEnd(),
          );
        }
      }
    }
    for (const e of r.errors) lines.push(`${e.lane} error [${e.code}]: ${e.message}`);
    await emit(args, io, lines.join("\n") + "\n");
    return 0;
  },
};
