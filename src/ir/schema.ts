/**
 * Structural schemas (zod) of ExprIR and RelPlan. Semantic checks (columns,
 * types, params) are in `typecheck.ts`.
 *
 * @module
 */
import { z } from "zod";
import { strictObject } from "../formats/json_input.ts";
import type { Expr } from "./expr.ts";
import type { RelOp, RelPlan, SubPlan } from "./plan.ts";

const litValue: z.ZodType = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(litValue)])
);

/** ExprIR. */
export const exprSchema: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    strictObject({ col: z.string() }),
    strictObject({ lit: litValue, type: z.string().optional() }),
    strictObject({ param: z.string() }),
    strictObject({ fn: z.string(), args: z.array(exprSchema) }),
    strictObject({ cast: exprSchema, to: z.string(), safe: z.boolean().optional() }),
    strictObject({
      case: z.array(strictObject({ when: exprSchema, then: exprSchema })).min(1),
      else: exprSchema.optional(),
    }),
  ])
) as unknown as z.ZodType<Expr>;

const named = strictObject({ name: z.string().min(1), expr: exprSchema });
const orderKey = strictObject({
  expr: exprSchema,
  dir: z.enum(["asc", "desc"]).optional(),
  nulls: z.enum(["first", "last"]).optional(),
});

/** A sub-plan `{"ops": [...]}`. */
export const subPlanSchema: z.ZodType<SubPlan> = z.lazy(() =>
  strictObject({ ops: z.array(relOpSchema).min(1) })
) as unknown as z.ZodType<SubPlan>;

const colList = z.array(z.string());

/** One RelOp, discriminated by `"op"`. */
export const relOpSchema: z.ZodType<RelOp> = z.lazy(() =>
  z.union([
    strictObject({
      op: z.literal("scan"),
      dataset: z.string().min(1),
      columns: colList.optional(),
      predicate: exprSchema.optional(),
    }),
    strictObject({ op: z.literal("filter"), predicate: exprSchema }),
    strictObject({ op: z.literal("project"), columns: z.array(named) }),
    strictObject({ op: z.literal("derive"), columns: z.array(named) }),
    strictObject({
      op: z.literal("join"),
      kind: z.enum(["inner", "left", "right", "full", "semi", "anti"]),
      right: subPlanSchema,
      on: z.array(z.tuple([z.string(), z.string()])),
      predicate: exprSchema.optional(),
      suffix: z.string().min(1).optional(),
    }),
    strictObject({
      op: z.literal("aggregate"),
      group_by: colList,
      measures: z.array(strictObject({
        name: z.string().min(1),
        fn: z.enum([
          "count",
          "count_all",
          "sum",
          "min",
          "max",
          "mean",
          "list",
          "bool_and",
          "bool_or",
          "first",
          "last",
        ]),
        arg: exprSchema.optional(),
        distinct: z.boolean().optional(),
        filter: exprSchema.optional(),
        order_by: z.array(orderKey).optional(),
      })),
    }),
    strictObject({
      op: z.literal("union"),
      inputs: z.array(subPlanSchema).min(1),
      distinct: z.boolean().optional(),
    }),
    strictObject({ op: z.literal("order_by"), keys: z.array(orderKey).min(1) }),
    strictObject({
      op: z.literal("limit"),
      count: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative().optional(),
    }),
    strictObject({ op: z.literal("distinct"), columns: colList.optional() }),
    strictObject({ op: z.literal("param"), name: z.string().min(1), type: z.string() }),
    strictObject({
      op: z.literal("kernel"),
      name: z.string().min(1),
      options: z.record(z.string(), z.unknown()),
    }),
  ])
) as unknown as z.ZodType<RelOp>;

/** Plan ordering. */
export const orderingSchema = z.union([
  strictObject({ level: z.literal("unordered") }),
  strictObject({
    level: z.literal("implicit"),
    keys: z.array(z.tuple([z.string(), z.enum(["asc", "desc"])])).optional(),
  }),
  strictObject({
    level: z.literal("explicit"),
    keys: z.array(z.tuple([z.string(), z.enum(["asc", "desc"])])).min(1),
  }),
]);

/** A schema contract field. */
export const schemaFieldSchema = strictObject({
  name: z.string().min(1),
  type: z.string(),
  nullable: z.boolean().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

/** Plan params. */
export const paramsSchema = z.record(z.string(), strictObject({ type: z.string() }));

/** A RelPlan file. */
export const relPlanSchema: z.ZodType<RelPlan> = strictObject({
  $schema: z.string().optional(),
  relplan: z.literal(1),
  name: z.string().min(1),
  params: paramsSchema.optional(),
  ops: z.array(relOpSchema).min(1),
  ordering: orderingSchema.optional(),
  schema: z.array(schemaFieldSchema).optional(),
}) as unknown as z.ZodType<RelPlan>;
