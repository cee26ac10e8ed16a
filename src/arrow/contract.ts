/**
 * Output contracts (SPEC section 6): a plan's `schema` applied to its output
 * table, and its `ordering` attached as Arrow schema metadata. Both lanes
 * call {@link applyContract} on their output.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { RelgateError } from "../errors.ts";
import type { Ordering, SchemaFieldJson } from "../ir/plan.ts";
import { parseType, typeEquals } from "../ir/types.ts";
import { castCol } from "./cast.ts";
import { fromArrowData, nullCount, toArrowData } from "./column.ts";
import { ComputeError } from "./compute_error.ts";
import { fromArrowType, toArrowType } from "./types.ts";

/** Schema metadata key of the ordering level. */
export const ORDERING_LEVEL_KEY = "relgate.ordering.level";
/** Schema metadata key of the ordering keys (JSON `[["col","asc"], ...]`). */
export const ORDERING_KEYS_KEY = "relgate.ordering.keys";

/** What {@link applyContract} applies. */
export interface ContractOptions {
  /** The plan's ordering; absent means `{"level": "unordered"}`. */
  readonly ordering?: Ordering | undefined;
  /** The plan's output schema contract; absent means keep the table's schema. */
  readonly schema?: readonly SchemaFieldJson[] | undefined;
  /** File named in errors. */
  readonly file?: string | undefined;
}

function unmet(field: string, index: number, why: string, file?: string, hint?: string): never {
  throw new RelgateError({
    code: "contract-unmet",
    file,
    path: `$.schema[${index}]`,
    message: `Cannot meet the output schema contract for field "${field}": ${why}`,
    hint,
  });
}

/**
 * Apply a schema contract and attach ordering metadata.
 *
 * With a contract, the output has exactly the contract's fields in the
 * contract's order; each column is cast to the contract type by a safe cast
 * (a value that does not convert is an error, never a silent null), a
 * `"nullable": false` field must hold no null, and the contract's field
 * metadata replaces the column's. A table column missing from the contract,
 * or a contract field missing from the table, is an error. Schema metadata of
 * the table is kept; `relgate.ordering.level` and `relgate.ordering.keys`
 * (JSON array of `[name, dir]`, `[]` when none) are set.
 *
 * @throws {RelgateError} `contract-unmet` naming the field (path `$.schema[i]`).
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { applyContract } from "./contract.ts";
 * const t = arrow.tableFromArrays({ a: Int32Array.of(1, 2) });
 * const out = applyContract(t, { schema: [{ name: "a", type: "int64" }], ordering: { level: "unordered" } });
 * String(out.schema.fields[0]?.type); // "Int64"
 * out.schema.metadata.get("relgate.ordering.level"); // "unordered"
 * ```
 */
export function applyContract(table: arrow.Table, options: ContractOptions): arrow.Table {
  const ordering: Ordering = options.ordering ?? { level: "unordered" };
  const md = new Map(table.schema.metadata);
  md.set(ORDERING_LEVEL_KEY, ordering.level);
  md.set(
    ORDERING_KEYS_KEY,
    JSON.stringify("keys" in ordering && ordering.keys ? ordering.keys : []),
  );
  const contract = options.schema;
  if (!contract) {
    const schema = new arrow.Schema(table.schema.fields, md);
    return new arrow.Table(
      schema,
      table.batches.map((b) => new arrow.RecordBatch(schema, b.data)),
    );
  }
  const names = table.schema.fields.map((f) => f.name);
  const file = options.file;
  contract.forEach((f, i) => {
    if (!names.includes(f.name)) {
      unmet(
        f.name,
        i,
        "the output has no such column",
        file,
        `output columns: ${names.join(", ")}`,
      );
    }
  });
  for (const n of names) {
    if (!contract.some((f) => f.name === n)) {
      throw new RelgateError({
        code: "contract-unmet",
        file,
        path: "$.schema",
        message:
          `Cannot meet the output schema contract: output column "${n}" is not in the contract`,
        hint: "add the field to the plan's schema or drop the column in the plan",
      });
    }
  }
  const fields: arrow.Field[] = [];
  const columns: arrow.Data[][] = [];
  contract.forEach((cf, i) => {
    let target;
    try {
      target = parseType(cf.type);
    } catch (e) {
      return unmet(cf.name, i, (e as Error).message, file);
    }
    const k = names.indexOf(cf.name);
    const src = table.schema.fields[k]!;
    const srcType = fromArrowType(src.type, src.name);
    const datas = table.batches.map((b) => b.data.children[k]!);
    const cast: arrow.Data[] = [];
    for (const d of datas) {
      const same = typeEquals(srcType, target) && d.type.typeId !== arrow.Type.Dictionary;
      const col = same && cf.nullable !== false ? null : fromArrowData(d);
      let out = d;
      if (col !== null) {
        let c = col;
        if (!same) {
          try {
            c = castCol(col, target, "error");
          } catch (e) {
            if (e instanceof ComputeError) {
              unmet(cf.name, i, `${e.message} (from ${String(src.type)})`, file);
            }
            throw e;
          }
        }
        if (cf.nullable === false && nullCount(c) > 0) {
          unmet(cf.name, i, "it is not nullable but holds nulls", file);
        }
        out = toArrowData(c);
      }
      cast.push(out);
    }
    const fmd = cf.metadata ? new Map(Object.entries(cf.metadata)) : src.metadata;
    fields.push(new arrow.Field(cf.name, toArrowType(target), cf.nullable ?? true, fmd));
    columns.push(cast);
  });
  const schema = new arrow.Schema(fields, md);
  const batches = table.batches.map((b, bi) =>
    new arrow.RecordBatch(
      schema,
      arrow.makeData({
        type: new arrow.Struct(fields),
        length: b.numRows,
        nullCount: 0,
        children: columns.map((c) => c[bi]!),
      }),
    )
  );
  if (batches.length === 0) return new arrow.Table(schema);
  return new arrow.Table(schema, batches);
}
