/**
 * `relgate init DIR`: scaffold a valid bundle with one dataset, one legacy
 * plan and its lifted RelPlan.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { RelgateError } from "../errors.ts";
import { stableJson, writeFileAtomic } from "../formats/json_output.ts";
import { liftLegacyPlan } from "../legacy/lift.ts";
import type { LegacyPlan } from "../legacy/plan.ts";
import type { Command } from "./command.ts";

const CSV = [
  "item_id,name,price,qty",
  "1,apple,0.5,10",
  "2,Birne,1.25,4",
  "3,cherry,12.0,1",
  "4,dürüm,7.5,",
  "5,,3.0,2",
  "",
].join("\n");

function legacyPlan(name: string): LegacyPlan {
  return {
    name: `${name}.items.priced`,
    pipeline_ops: [
      {
        kind: "scan",
        dataset: "items",
        columns: ["item_id", "name", "price", "qty"],
        filter: { call: "greater", args: [{ field: "price" }, { scalar: 1, type: "float64" }] },
      },
      {
        kind: "project",
        expressions: [
          { field: "item_id" },
          { call: "utf8_upper", args: [{ field: "name" }] },
          { call: "multiply_checked", args: [{ field: "price" }, { field: "qty" }] },
        ],
        names: ["item_id", "name_upper", "total"],
      },
    ],
    ordering: { level: "unordered" },
  };
}

/** The init command. */
export const initCommand: Command = {
  name: "init",
  summary: "scaffold a bundle with one dataset, one legacy plan and its RelPlan",
  usage: "init DIR",
  options: {},
  async run(args, io) {
    const [dir, ...rest] = args.positionals;
    if (!dir || rest.length) {
      throw new RelgateError({ code: "usage", message: "init takes exactly one DIR" });
    }
    const abs = resolve(dir);
    try {
      for await (const _ of Deno.readDir(abs)) {
        throw new RelgateError({
          code: "exists",
          file: dir,
          message: `Cannot scaffold into ${dir}: the folder is not empty`,
          hint: "choose a new folder",
        });
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    const name = basename(abs).replace(/[^A-Za-z0-9_.-]/g, "_") || "bundle";
    const legacy = legacyPlan(name);
    const { plan } = liftLegacyPlan(legacy);
    const manifest = {
      migration: 1,
      name,
      datasets: {
        items: {
          path: "data/items.csv",
          format: "csv",
          schema: [
            { name: "item_id", type: "int64", nullable: false },
            { name: "name", type: "utf8", nullable: true },
            { name: "price", type: "float64", nullable: true },
            { name: "qty", type: "int64", nullable: true },
          ],
        },
      },
      params: {},
      rules: [{
        name: legacy.name,
        legacy: "legacy/items_priced.json",
        relplan: "relplans/items_priced.json",
        output: "items_priced",
        key: ["item_id"],
      }],
      policy: { ast: "report", snapshots: "require" },
    };
    await writeFileAtomic(join(abs, "data/items.csv"), CSV);
    await writeFileAtomic(join(abs, "legacy/items_priced.json"), stableJson(legacy));
    await writeFileAtomic(join(abs, "relplans/items_priced.json"), stableJson(plan));
    await writeFileAtomic(join(abs, "migration.json"), stableJson(manifest));
    io.stdout(
      `Scaffolded bundle "${name}" in ${dir}\n` +
        `next: relgate snapshot ${dir} --update, then relgate audit ${dir}\n`,
    );
    return 0;
  },
};
