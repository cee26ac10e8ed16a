import * as arrow from "apache-arrow";
import { runLegacyPlan } from "../../src/legacy/exec/mod.ts";
import { liftLegacyPlan } from "../../src/legacy/lift.ts";
import { openSession } from "../../src/duckdb/config.ts";
import { registerArrowRelation, runRelPlan } from "../../src/duckdb/run.ts";
import { exactColumns, schemaKey } from "../../src/arrow/_test_exact.ts";
import type { LegacyPlan } from "../../src/legacy/plan.ts";

const t = arrow.tableFromArrays({ x: BigInt64Array.of(1n, 2n, 3n), s: ["a", "ß", "İ"] });
const plan: LegacyPlan = {
  name: "p",
  pipeline_ops: [{ kind: "scan", dataset: "t" }, {
    kind: "project",
    names: ["y", "u", "id"],
    expressions: [
      { call: "add_checked", args: [{ field: "x" }, { scalar: 1 }] },
      { call: "utf8_upper", args: [{ field: "s" }] },
      { call: "stable_id", args: [{ scalar: "p" }, { field: "x" }, { field: "s" }] },
    ],
  }],
};
const a = await runLegacyPlan(plan, { scan: () => Promise.resolve(t) });
console.log(schemaKey(a.schema), exactColumns(a));
const s = await openSession({ cli: { threads: 1 } });
await registerArrowRelation(s, "t", t);
const lifted = liftLegacyPlan(plan).plan;
const b = await runRelPlan(s, lifted, { params: {} });
console.log(schemaKey(b.table.schema), exactColumns(b.table), b.sql);
s.close();
