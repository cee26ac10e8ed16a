/**
 * Structural schema (zod) of `migration.json` (SPEC section 6).
 *
 * @module
 */
import { z } from "zod";
import { strictObject } from "../formats/json_input.ts";
import { schemaFieldSchema } from "../ir/schema.ts";

const dataset = strictObject({
  path: z.string().min(1),
  format: z.enum(["parquet", "csv", "json", "arrow"]),
  partitioning: z.enum(["hive"]).nullable().optional(),
  read_options: z.record(z.string(), z.unknown()).optional(),
  schema: z.array(schemaFieldSchema).optional(),
  scan: strictObject({
    partition_cols: z.array(z.tuple([z.string(), z.string()])).optional(),
    file_sort_order: z.array(z.tuple([z.string(), z.enum(["asc", "desc"])])).optional(),
    pruning: z.boolean().optional(),
    union_by_name: z.boolean().optional(),
  }).optional(),
});

const rule = strictObject({
  name: z.string().min(1),
  legacy: z.union([z.string().min(1), strictObject({ recorded: z.string().min(1) })]),
  relplan: z.string().min(1).optional(),
  output: z.string().min(1),
  key: z.array(z.string()).min(1).optional(),
  tolerance: strictObject({
    abs: z.number().nonnegative().optional(),
    rel: z.number().nonnegative().optional(),
  }).optional(),
  allow: z.array(strictObject({
    diff: z.string().min(1),
    reason: z.string().min(1),
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD").optional(),
  })).optional(),
});

/** The manifest as written. */
export const manifestSchema = strictObject({
  $schema: z.string().optional(),
  migration: z.literal(1),
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.', '-'"),
  datasets: z.record(z.string(), dataset),
  params: z.record(z.string(), z.unknown()).optional(),
  rules: z.array(rule),
  policy: strictObject({
    ast: z.enum(["report", "require_equal"]).optional(),
    snapshots: z.enum(["require", "off"]).optional(),
  }).optional(),
  engine: strictObject({
    database: z.string().optional(),
    read_only: z.boolean().optional(),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }).optional(),
  runtime: strictObject({
    threads: z.number().int().positive().optional(),
    memory_limit: z.string().optional(),
    temp_dir: z.string().optional(),
    batch_size: z.number().int().positive().optional(),
  }).optional(),
});

/** The manifest type as written. */
export type ManifestJson = z.infer<typeof manifestSchema>;
