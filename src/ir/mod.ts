/**
 * The typed IR: Arrow type strings, ExprIR, RelOps/RelPlan, the function
 * registry, structural schemas, semantic validation and the plan builder.
 *
 * @module
 */
export * from "./types.ts";
export * from "./expr.ts";
export * from "./plan.ts";
export * from "./registry.ts";
export * from "./typecheck.ts";
export { exprSchema, relOpSchema, relPlanSchema } from "./schema.ts";
export * as builder from "./builder.ts";
