/**
 * `relgate run PLAN.json --bundle DIR --lane legacy|new --out FILE`: run one
 * plan on one lane and write its output (.arrow, .parquet, .csv, .json by
 * extension). Earlier rules whose outputs the plan scans run first, on the
 * same lane.
 *
 * @module
 */
import { resolve } from "node:path";
import type * as arrow from "apache-arrow";
import { outputFormat, writeTable } from "../duckdb/write.ts";
import { readDatasetArrow } from "../duckdb/datasets.ts";
import { registerArrowRelation, runRelPlan } from "../duckdb/run.ts";
import { RelgateError } from "../errors.ts";
import { runLegacyPlan } from "../legacy/exec/mod.ts";
import { legacyScans, loadBundle, relPlanScans } from "../migration/load.ts";
import { prepareBundle, runBundle } from "../migration/runner.ts";
import { stringOpt } from "./args.ts";
import type { Command } from "./command.ts";
import { readPlanFile } from "./plan_file.ts";
import { cliOverrides, paramsOf } from "./run_options.ts";

/** The run command. */
export const runCommand: Command = {
  name: "run",
  summary: "run one plan on one lane and write its output",
  usage: "run PLAN.json --bundle DIR --lane legacy|new --out FILE [--param NAME=VALUE]",
  description:
    "The output format follows the extension of FILE: .arrow, .parquet, .csv or .json.\n" +
    "A legacy plan runs on the new lane as its lifted RelPlan; a RelPlan cannot run on the legacy lane.",
  options: {
    bundle: { type: "string", value: "DIR", help: "bundle whose datasets the plan scans" },
    lane: { type: "string", value: "LANE", help: "legacy or new" },
    out: { type: "string", value: "FILE", help: "output file" },
    param: { type: "string", multiple: true, value: "NAME=VALUE", help: "bind a plan param" },
    threads: { type: "string", value: "N", help: "DuckDB threads" },
    "memory-limit": { type: "string", value: "SIZE", help: "DuckDB memory limit" },
    "temp-dir": { type: "string", value: "DIR", help: "DuckDB spill folder" },
    database: { type: "string", value: "PATH", help: "DuckDB database file" },
  },
  async run(args, io) {
    const [file, ...rest] = args.positionals;
    const bundleDir = stringOpt(args, "bundle");
    const lane = stringOpt(args, "lane");
    const out = stringOpt(args, "out");
    if (!file || rest.length || !bundleDir || !out || (lane !== "legacy" && lane !== "new")) {
      throw new RelgateError({
        code: "usage",
        message: "run takes PLAN.json, --bundle DIR, --lane legacy|new and --out FILE",
        hint: 'run "relgate run --help"',
      });
    }
    outputFormat(out); // an unknown extension fails before any work
    const pf = await readPlanFile(file);
    if (lane === "legacy" && pf.kind !== "legacy") {
      throw new RelgateError({
        code: "usage",
        file,
        message: "the legacy lane runs legacy plans (pipeline_ops), not RelPlans",
        hint: "use --lane new for a RelPlan",
      });
    }
    const bundle = await loadBundle(bundleDir);
    const scans = pf.kind === "legacy"
      ? legacyScans(pf.legacy.pipeline_ops)
      : relPlanScans(pf.plan.ops);
    const upstream = bundle.rules.filter((r) => scans.has(r.output)).map((r) => r.name);
    const cli = cliOverrides(args);
    const params = paramsOf(args);
    const outputs = new Map<string, arrow.Table>();
    if (upstream.length) {
      const run = await runBundle(bundle, { ruleGlobs: upstream, cli, params, keepTables: true });
      run.session.close();
      for (const r of run.runs) {
        const t = lane === "legacy" ? r.legacyTable : (r.newTable ?? r.legacyTable);
        if (t) outputs.set(r.rule.output, t);
      }
    }
    const prep = await prepareBundle(bundle, { cli, params, checkParams: false });
    try {
      const allParams = prep.params;
      let table: arrow.Table;
      if (lane === "legacy" && pf.kind === "legacy") {
        table = await runLegacyPlan(pf.legacy, {
          params: allParams,
          file,
          scan: async (dataset, columns) => {
            const up = outputs.get(dataset);
            if (up) return up;
            const spec = bundle.datasets.get(dataset);
            if (!spec) {
              throw new RelgateError({
                code: "unknown-dataset",
                file,
                message: `unknown dataset "${dataset}"`,
                hint: "name a dataset of the bundle or an earlier rule's output",
              });
            }
            return await readDatasetArrow(prep.session, { ...spec, name: dataset }, columns);
          },
        });
      } else {
        const relations = new Map<string, string>();
        for (const [name, t] of outputs) {
          relations.set(name, await registerArrowRelation(prep.session, `run_${name}`, t));
        }
        table = (await runRelPlan(prep.session, pf.plan, { params: allParams, relations, file }))
          .table;
      }
      await writeTable(prep.session, resolve(out), table);
      io.stdout(`wrote ${table.numRows} rows to ${out}\n`);
    } finally {
      prep.session.close();
    }
    return 0;
  },
};
