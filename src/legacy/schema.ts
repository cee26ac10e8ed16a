/**
 * Structural schema (zod) of legacy plans (SPEC section 5).
 *
 * @module
 */
import { z } from "zod";
import { strictObject } from "../formats/json_input.ts";
import { orderingSchema, paramsSchema, schemaFieldSchema } from "../ir/schema.ts";
import type { LegacyOp, LegacyPlan, LegacySubPlan, PcExpr } from "./plan.ts";

const scalarValue: z.ZodType = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(scalarValue)])
);

/** pyarrow.compute-style expression. */
export const pcExprSchema: z.ZodType<PcExpr> = z.lazy(() =>
  z.union([
    strictObject({ field: z.string() }),
    strictObject({ scalar: scalarValue, type: z.string().optional() }),
    strictObject({ param: z.string() }),
    strictObject({
      call: z.string(),
      args: z.array(pcExprSchema),
      options: z.record(z.string(), z.unknown()).optional(),
    }),
  ])
) as unknown as z.ZodType<PcExpr>;

/** A legacy sub-plan. */
export const legacySubPlanSchema: z.ZodType<LegacySubPlan> = z.lazy(() =>
  strictObject({ pipeline_ops: z.array(legacyOpSchema).min(1) })
) as unknown as z.ZodType<LegacySubPlan>;

/** The op kinds. */
export const LEGACY_KINDS = [
  "scan",
  "filter",
  "project",
  "hashjoin",
  "aggregate",
  "order_by",
  "union",
  "limit",
  "kernel",
] as const;

/** One legacy op. */
export const legacyOpSchema: z.ZodType<LegacyOp> = z.lazy(() =>
  z.union([
    strictObject({
      kind: z.literal("scan"),
      dataset: z.string().min(1),
      columns: z.array(z.string()).optional(),
      filter: pcExprSchema.optional(),
    }),
    strictObject({ kind: z.literal("filter"), expression: pcExprSchema }),
    strictObject({
      kind: z.literal("project"),
      expressions: z.array(pcExprSchema),
      names: z.array(z.string().min(1)),
    }),
    strictObject({
      kind: z.literal("hashjoin"),
      join_type: z.enum([
        "inner",
        "left outer",
        "right outer",
        "full outer",
        "left semi",
        "left anti",
      ]),
      left_keys: z.array(z.string()),
      right_keys: z.array(z.string()),
      right: legacySubPlanSchema,
      output_suffix_for_right: z.string().min(1).optional(),
      filter: pcExprSchema.optional(),
    }),
    strictObject({
      kind: z.literal("aggregate"),
      keys: z.array(z.string()),
      aggregates: z.array(
        z.tuple([
          z.union([z.string(), z.array(z.string())]),
          z.string(),
          z.record(z.string(), z.unknown()).nullable(),
          z.string().min(1),
        ]),
      ),
    }),
    strictObject({
      kind: z.literal("order_by"),
      sort_keys: z.array(z.tuple([z.string(), z.enum(["ascending", "descending"])])).min(1),
      null_placement: z.enum(["at_end", "at_start"]).optional(),
    }),
    strictObject({ kind: z.literal("union"), inputs: z.array(legacySubPlanSchema).min(1) }),
    strictObject({
      kind: z.literal("limit"),
      count: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative().optional(),
    }),
    strictObject({
      kind: z.literal("kernel"),
      name: z.string().min(1),
      options: z.record(z.string(), z.unknown()),
    }),
  ])
) as unknown as z.ZodType<LegacyOp>;

/** A legacy plan file. */
export const legacyPlanSchema: z.ZodType<LegacyPlan> = strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  params: paramsSchema.optional(),
  pipeline_ops: z.array(legacyOpSchema).min(1),
  ordering: orderingSchema.optional(),
  schema: z.array(schemaFieldSchema).optional(),
}) as unknown as z.ZodType<LegacyPlan>;
