import { runNew, table } from "./_lanes.ts";
for (const [t, ops] of [
  [{ s: ["utf8", ["a"]] }, [{ op: "scan", dataset: "t" }, { op: "project", columns: [{ name: "v", expr: { fn: "regexp_matches", args: [{ col: "s" }, { lit: "(" }] } }] }]],
  [{ v: ["int64", [9223372036854775807n, 1n]] }, [{ op: "scan", dataset: "t" }, { op: "aggregate", group_by: [], measures: [{ name: "s", fn: "sum", arg: { col: "v" } }] }]],
] as const) {
  try {
    await runNew({ relplan: 1, name: "x", ops: ops as never }, new Map([["t", table(t as never)]]));
  } catch (e) { console.log(String(e)); }
}
