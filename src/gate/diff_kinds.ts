/**
 * Difference kinds: the names an allowance's `diff` uses to excuse a
 * difference (SPEC section 6, `allow: [{"diff", "reason", "until"}]`).
 *
 * | kind | a difference of this kind exists when |
 * |---|---|
 * | `schema.columns:<col>` | column `<col>` is only in one output |
 * | `schema.columns` | the columns are in a different order (and, as a prefix, every `schema.columns:<col>`) |
 * | `schema.type:<col>` | column `<col>` has a different type |
 * | `schema.nullability:<col>` | column `<col>` differs in nullability |
 * | `schema.metadata:<col>` | field metadata of `<col>` differs |
 * | `schema.metadata` | schema metadata differs (and, as a prefix, every `schema.metadata:<col>`) |
 * | `rows.only_legacy` | some rows are only in the legacy output |
 * | `rows.only_new` | some rows are only in the new output |
 * | `rows.changed` | some rows matched by key (or by position) have different values |
 * | `column:<col>` | values of `<col>` differ in changed rows |
 * | `ast` | the canonical ASTs differ (only matters under `policy.ast: "require_equal"`) |
 * | `output` | any other difference the output diff reports |
 *
 * Matching: an allowance kind excuses a difference when its part before `:`
 * equals the difference's or is a dotted prefix of it (`schema` covers every
 * `schema.*` kind, `rows` every `rows.*`), and, when the allowance names a
 * column after `:`, the difference names the same column. So
 * `schema.type` excuses every type change, `schema.type:score` only that of
 * `score`.
 *
 * Changed rows (rows paired by key, by position, or, in an unkeyed diff, a
 * leftover legacy row paired with a similar new row) are excused by
 * `rows.changed`, or by `column:<col>` allowances covering every column with
 * mismatches. Rows the diff could not pair are `rows.only_legacy` and
 * `rows.only_new`.
 *
 * @module
 */

/** Every base kind (the part before `:`). */
export const DIFF_KIND_BASES: readonly string[] = [
  "schema",
  "schema.columns",
  "schema.type",
  "schema.nullability",
  "schema.metadata",
  "rows",
  "rows.only_legacy",
  "rows.only_new",
  "rows.changed",
  "column",
  "ast",
  "output",
];

/** Base kinds that may name a column after `:`. */
const WITH_COLUMN = new Set([
  "schema",
  "schema.columns",
  "schema.type",
  "schema.nullability",
  "schema.metadata",
  "column",
]);

/** A difference kind split at its first `:`. */
export interface ParsedDiffKind {
  readonly base: string;
  /** The column after `:`, or `null`. */
  readonly column: string | null;
}

/**
 * Split a kind at its first `:` (a column name may itself contain `:`).
 *
 * @example
 * ```ts
 * import { parseDiffKind } from "./diff_kinds.ts";
 * parseDiffKind("schema.type:a:b"); // { base: "schema.type", column: "a:b" }
 * ```
 */
export function parseDiffKind(kind: string): ParsedDiffKind {
  const i = kind.indexOf(":");
  return i < 0
    ? { base: kind, column: null }
    : { base: kind.slice(0, i), column: kind.slice(i + 1) };
}

/**
 * Whether an allowance `diff` names a known kind (for manifest validation).
 *
 * @example
 * ```ts
 * import { isValidDiffKind } from "./diff_kinds.ts";
 * isValidDiffKind("column:score"); // true
 * isValidDiffKind("rows.changed:score"); // false
 * ```
 */
export function isValidDiffKind(kind: string): boolean {
  const { base, column } = parseDiffKind(kind);
  if (!DIFF_KIND_BASES.includes(base)) return false;
  if (column === null) return true;
  return column !== "" && WITH_COLUMN.has(base);
}

/**
 * Whether an allowance of kind `allowance` excuses a difference of kind
 * `difference` (rules in the module documentation).
 *
 * @example
 * ```ts
 * import { excuses } from "./diff_kinds.ts";
 * excuses("schema.type", "schema.type:score"); // true
 * excuses("schema.type:score", "schema.type:id"); // false
 * excuses("rows", "rows.only_new"); // true
 * ```
 */
export function excuses(allowance: string, difference: string): boolean {
  const a = parseDiffKind(allowance);
  const d = parseDiffKind(difference);
  if (d.base !== a.base && !d.base.startsWith(a.base + ".")) return false;
  return a.column === null || a.column === d.column;
}
