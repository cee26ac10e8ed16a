// Shared test fixtures of the snapshot module: a small rule run and its snapshot.
import * as arrow from "apache-arrow";
import { canonicalize, columnLineage, signCanonical } from "../canon/mod.ts";
import type { RelPlan } from "../ir/plan.ts";
import { buildSnapshot, type Snapshot, type SnapshotInput } from "./snapshot.ts";

/** The RelPlan of the fixture rule. */
export const PLAN: RelPlan = {
  relplan: 1,
  name: "orders.big",
  params: { min_id: { type: "int64" } },
  ops: [
    { op: "scan", dataset: "orders", columns: ["name", "id"] },
    { op: "filter", predicate: { fn: "lt", args: [{ param: "min_id" }, { col: "id" }] } },
  ],
  ordering: { level: "explicit", keys: [["id", "asc"]] },
};

/** The output of the fixture rule: id int64 not null (with field metadata), name utf8. */
export function outputTable(ids: readonly bigint[] = [2n, 3n, 5n]): arrow.Table {
  const names = ["b", null, "e", "f", "g", "h"].slice(0, ids.length);
  const id = arrow.vectorFromArray([...ids], new arrow.Int64());
  const name = arrow.vectorFromArray(names, new arrow.Utf8());
  const schema = new arrow.Schema(
    [
      new arrow.Field("id", new arrow.Int64(), false, new Map([["unit", "count"], ["doc", "key"]])),
      new arrow.Field("name", new arrow.Utf8(), true),
    ],
    new Map([["relgate.ordering.level", "explicit"], ["relgate.ordering.keys", '[["id","asc"]]']]),
  );
  const data = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: ids.length,
    nullCount: 0,
    children: [id.data[0]!, name.data[0]!],
  });
  return new arrow.Table(schema, [new arrow.RecordBatch(schema, data)]);
}

/** The runner's input for the fixture rule. */
export function fixtureInput(overrides: Partial<SnapshotInput> = {}): SnapshotInput {
  const canonical = canonicalize(PLAN).plan;
  return {
    rule: "orders.big",
    bundle: "shop",
    relgateVersion: "0.1.0",
    duckdbVersion: "v1.5.5",
    signature: signCanonical(canonical),
    canonical,
    sql: 'SELECT "id", "name" FROM "orders" WHERE CAST($1 AS BIGINT) < "id" ORDER BY "id" ASC',
    parameters: [{ value: 1n, type: { kind: "type_simple", name: "BIGINT" } }],
    table: outputTable(),
    lineage: columnLineage(canonical, { datasetColumns: () => ["id", "name"] }),
    ...overrides,
  };
}

/** The fixture snapshot. */
export function fixtureSnapshot(overrides: Partial<SnapshotInput> = {}): Snapshot {
  return buildSnapshot(fixtureInput(overrides));
}
