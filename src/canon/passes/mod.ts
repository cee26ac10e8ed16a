/**
 * The canonicalization passes, one per file, in the fixed order the runner
 * applies them (repeatedly, until none changes the plan).
 *
 * @module
 */
import type { CanonPass } from "../types.ts";
import { dropExtensions } from "./drop_extensions.ts";
import { normalizeTypes } from "./normalize_types.ts";
import { hoistParams } from "./hoist_params.ts";
import { writeDefaults } from "./write_defaults.ts";
import { typeLiterals } from "./type_literals.ts";
import { foldLiterals } from "./fold_literals.ts";
import { notNot } from "./not_not.ts";
import { flattenLogic } from "./flatten_logic.ts";
import { orientComparisons } from "./orient_comparisons.ts";
import { sortCommutative } from "./sort_commutative.ts";
import { dedupeOperands } from "./dedupe_operands.ts";
import { mergeFilters } from "./merge_filters.ts";
import { sortKeySets } from "./sort_key_sets.ts";
import { sortScanColumns } from "./sort_scan_columns.ts";
import { sortUnionInputs } from "./sort_union_inputs.ts";

export {
  dedupeOperands,
  dropExtensions,
  flattenLogic,
  foldLiterals,
  hoistParams,
  mergeFilters,
  normalizeTypes,
  notNot,
  orientComparisons,
  sortCommutative,
  sortKeySets,
  sortScanColumns,
  sortUnionInputs,
  typeLiterals,
  writeDefaults,
};

/** Every pass, in the order the runner applies them. */
export const PASSES: readonly CanonPass[] = Object.freeze([
  dropExtensions,
  normalizeTypes,
  hoistParams,
  writeDefaults,
  typeLiterals,
  mergeFilters,
  foldLiterals,
  notNot,
  flattenLogic,
  orientComparisons,
  sortCommutative,
  dedupeOperands,
  sortKeySets,
  sortScanColumns,
  sortUnionInputs,
]);
