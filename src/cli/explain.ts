/**
 * `relgate explain PLAN.json [--bundle DIR] [--json]`: canonical form,
 * signature, passes fired, lineage and (with a bundle, which gives the
 * dataset schemas) the SQL of a RelPlan or a legacy plan.
 *
 * @module
 */
import { canonicalize, columnLineage, RELGATE_CANON_VERSION, signCanonical } from "../canon/mod.ts";
import { datasetSchema, datasetSource } from "../duckdb/datasets.ts";
import { explainSql, relationTableName } from "../duckdb/run.ts";
import * as q from "../duckdb/sql_ast.ts";
import { stableJson } from "../formats/json_output.ts";
import { loadBundle } from "../migration/load.ts";
import { prepareBundle, relationName } from "../migration/runner.ts";
import { lineageEntries } from "../migration/summary.ts";
import { stringOpt } from "./args.ts";
import type { Command } from "./command.ts";
import { RelgateError } from "../errors.ts";
import { readPlanFile } from "./plan_file.ts";
import { emit, paramsOf } from "./run_options.ts";

/** The explain command. */
export const explainCommand: Command = {
  name: "explain",
  summary: "canonical form, signature, lineage and SQL of one plan (RelPlan or legacy)",
  usage: "explain PLAN.json [--bundle DIR] [--json]",
  description:
    "With --bundle the dataset schemas are known, so the SQL and full lineage can be shown.",
  options: {
    bundle: { type: "string", value: "DIR", help: "bundle whose datasets the plan scans" },
    json: { type: "boolean", help: "print JSON instead of text" },
    param: { type: "string", multiple: true, value: "NAME=VALUE", help: "bind a plan param" },
    out: { type: "string", value: "FILE", help: "write to FILE instead of stdout" },
  },
  async run(args, io) {
    const [file, ...rest] = args.positionals;
    if (!file || rest.length) {
      throw new RelgateError({ code: "usage", message: "explain takes exactly one PLAN.json" });
    }
    const pf = await readPlanFile(file);
    const canon = canonicalize(pf.plan);
    const signature = signCanonical(canon.plan);
    const bundleDir = stringOpt(args, "bundle");
    let sql: { sql: string; parameters: unknown[] } | null = null;
    let datasetColumns: (d: string) => readonly string[] | undefined = () => undefined;
    if (bundleDir) {
      const bundle = await loadBundle(bundleDir);
      const prep = await prepareBundle(bundle, { params: paramsOf(args), checkParams: false });
      try {
        const outputs = prep.outputs.new;
        datasetColumns = (d) =>
          bundle.datasets.has(d)
            ? datasetSchema(prep.session, d).map((f) => f.name)
            : outputs.get(d)?.map((f) => f.name);
        sql = explainSql(pf.plan, {
          source: (n) => {
            const ds = datasetSource(prep.session, n);
            if (ds) return ds;
            const schema = outputs.get(n);
            // An earlier rule's output: the relation the runner registers for it.
            return schema
              ? {
                from: (alias) => q.table(relationTableName(relationName("new", n)), alias),
                schema,
              }
              : undefined;
          },
          params: prep.params,
          file,
        });
      } finally {
        prep.session.close();
      }
    }
    const lineage = lineageEntries(columnLineage(pf.plan, { datasetColumns }));
    if (args.values.json) {
      await emit(
        args,
        io,
        stableJson({
          name: pf.plan.name,
          source: pf.kind,
          signature,
          canon_version: RELGATE_CANON_VERSION,
          passes_fired: canon.fired,
          warnings: pf.warnings,
          canonical: canon.plan,
          lineage,
          sql: sql?.sql ?? null,
          parameters: sql?.parameters ?? null,
        }),
      );
      return 0;
    }
    const lines = [
      `plan: ${pf.plan.name} (${
        pf.kind === "relplan" ? "RelPlan" : "legacy plan, lifted"
      }) ${file}`,
      `signature: ${signature}`,
      `canon version: ${RELGATE_CANON_VERSION}`,
      `passes fired: ${canon.fired.length ? canon.fired.join(", ") : "none"}`,
      ...pf.warnings.map((w) => `warning: ${w}`),
      "",
      "canonical plan:",
      stableJson(canon.plan).trimEnd(),
      "",
      "lineage:",
      ...lineage.map((l) => `  ${l.column} <- ${l.sources.join(", ") || "(constant)"}`),
      "",
      "sql:",
      sql ? sql.sql : "  (give --bundle DIR: the SQL needs the datasets' schemas)",
      ...(sql ? [`parameters: ${JSON.stringify(sql.parameters)}`] : []),
      "",
    ];
    await emit(args, io, lines.join("\n"));
    return 0;
  },
};
