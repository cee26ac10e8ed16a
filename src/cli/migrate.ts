/**
 * `relgate migrate LEGACY.json [--out FILE]`: lift a legacy plan to a RelPlan.
 *
 * @module
 */
import { resolve } from "node:path";
import { RelgateError } from "../errors.ts";
import { stableJson, writeFileAtomic } from "../formats/json_output.ts";
import { liftLegacyPlan } from "../legacy/lift.ts";
import { loadLegacyPlan } from "../migration/load.ts";
import { stringOpt } from "./args.ts";
import type { Command } from "./command.ts";

/** The migrate command. */
export const migrateCommand: Command = {
  name: "migrate",
  summary: "lift a legacy plan (pipeline_ops) to a RelPlan",
  usage: "migrate LEGACY.json [--out FILE]",
  description:
    "Writes readable, stable JSON (two-space indent, keys in a fixed order). Calls with no exact\n" +
    'registry form are lifted to the closest one and listed under "x-migrate-warnings".',
  options: {
    out: { type: "string", value: "FILE", help: "write the RelPlan to FILE (default stdout)" },
  },
  async run(args, io) {
    const [file, ...rest] = args.positionals;
    if (!file || rest.length) {
      throw new RelgateError({
        code: "usage",
        message: "migrate takes exactly one LEGACY.json",
        hint: 'run "relgate migrate --help"',
      });
    }
    const legacy = await loadLegacyPlan(resolve(file), file);
    const { plan, warnings } = liftLegacyPlan(legacy, { file });
    const text = stableJson(plan);
    const out = stringOpt(args, "out");
    if (out) await writeFileAtomic(resolve(out), text);
    else io.stdout(text);
    for (const w of warnings) io.stderr(`warning: ${file}: ${w}\n`);
    return 0;
  },
};
