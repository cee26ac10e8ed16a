/**
 * The verdict of one rule (SPEC section 10), with the differences it has in
 * allowance terms and what each allowance did.
 *
 * Order of decision:
 * 1. `unmigrated`: the rule has no RelPlan.
 * 2. `broken`: any error (a lane, the diff or the snapshot check failed), or
 *    no output diff was made.
 * 3. `divergent`: the output diff has a difference no allowance excuses
 *    (tolerances were applied by the diff itself).
 * 4. `drifted`: the new lane differs from its snapshot (status `changed`)
 *    and the policy is `snapshots: "require"`.
 * 5. `identical` when the canonical ASTs are equal, else `equivalent`
 *    (outputs equal, or every difference excused).
 *
 * An expired allowance still excuses what it names (so the verdict shows the
 * state of the data), but the gate fails on it. `x-migrate-warnings` do not
 * change the verdict; they are listed with the rule.
 *
 * @module
 */
import { excuses } from "./diff_kinds.ts";
import type {
  AllowanceResult,
  AllowanceStatus,
  Difference,
  OutputDiffSummary,
  PolicyJson,
  RuleInput,
  RuleResult,
  SchemaDiffEntry,
  Verdict,
} from "./model.ts";

/** Options of {@linkcode judgeRule}. */
export interface JudgeOptions {
  /** Gate policy of the bundle. */
  readonly policy: PolicyJson;
  /** Today as `YYYY-MM-DD` (UTC); default the current UTC date. */
  readonly today?: string;
}

/**
 * Today's date in UTC as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * import { utcToday } from "./verdict.ts";
 * utcToday(new Date(Date.UTC(2026, 0, 31, 23, 59))); // "2026-01-31"
 * ```
 */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Judge one rule.
 *
 * @example
 * ```ts
 * import { judgeRule } from "./verdict.ts";
 * import type { RuleInput } from "./model.ts";
 * function verdictOf(rule: RuleInput) {
 *   return judgeRule(rule, { policy: { ast: "report", snapshots: "off" }, today: "2026-11-01" }).verdict;
 * }
 * ```
 */
export function judgeRule(rule: RuleInput, options: JudgeOptions): RuleResult {
  const today = options.today ?? utcToday();
  const { allow, ...rest } = rule;
  const expired = allow.map((a) => a.until !== null && a.until < today);
  const warn = warningsNote(rule.warnings);

  if (rule.relplan === null || rule.output_diff === null || rule.errors.length > 0) {
    const verdict: Verdict = rule.relplan === null ? "unmigrated" : "broken";
    return {
      ...rest,
      verdict,
      message: (verdict === "unmigrated" ? "no RelPlan" : brokenMessage(rule)) + warn,
      differences: [],
      allowances: allow.map((a, i) => ({
        ...a,
        status: expired[i] ? "expired" : "unchecked",
        excused: [],
      })),
    };
  }

  const found = collectDifferences(rule.output_diff, rule, options.policy);
  const differences: Difference[] = found.map((d) => ({
    kind: d.kind,
    message: d.message,
    excused_by: allow.filter((a) => excuses(a.diff, d.kind)).map((a) => a.diff),
  }));
  const excusedSet = new Set(differences.filter((d) => d.excused_by.length > 0).map((d) => d.kind));
  const columnKinds = differences.filter((d) => d.kind.startsWith("column:"));
  const changedViaColumns = columnKinds.length > 0 &&
    columnKinds.every((d) => excusedSet.has(d.kind));
  const open = found.filter((d) =>
    d.primary && !excusedSet.has(d.kind) && !(d.kind === "rows.changed" && changedViaColumns)
  );
  const allowances: AllowanceResult[] = allow.map((a, i) => {
    const excused = differences.filter((d) => d.excused_by.includes(a.diff)).map((d) => d.kind);
    const status: AllowanceStatus = expired[i] ? "expired" : excused.length > 0 ? "used" : "stale";
    return { ...a, status, excused };
  });

  const snap = rule.snapshot;
  const drifted = options.policy.snapshots === "require" && snap !== null &&
    snap.status === "changed";
  const excusedOutput = found.some((d) => d.primary && d.kind !== "ast");
  let verdict: Verdict;
  let message: string;
  if (open.length > 0) {
    verdict = "divergent";
    message = `outputs differ: ${open.map((d) => d.message).join("; ")}`;
  } else if (drifted) {
    verdict = "drifted";
    message = `new output differs from its snapshot` +
      (snap.fields.length > 0 ? ` (${snap.fields.join(", ")})` : "");
  } else {
    verdict = rule.ast_equal === true ? "identical" : "equivalent";
    const outputs = excusedOutput ? "outputs equal after allowances" : "outputs equal";
    message = rule.ast_equal === true
      ? `canonical ASTs equal, ${outputs}`
      : rule.ast_equal === false
      ? `canonical ASTs differ (${plural(rule.ast_edits.length, "edit")}), ${outputs}`
      : `canonical ASTs not compared, ${outputs}`;
  }
  return { ...rest, verdict, message: message + warn, differences, allowances };
}

interface Found {
  readonly kind: string;
  readonly message: string;
  /** Decides the verdict by itself (column details and `ast` do not). */
  readonly primary: boolean;
}

function collectDifferences(diff: OutputDiffSummary, rule: RuleInput, policy: PolicyJson): Found[] {
  const out: Found[] = [];
  for (const s of diff.schema) out.push({ ...schemaDifference(s), primary: true });
  const r = diff.rows;
  if (r.only_legacy > 0) {
    out.push({
      kind: "rows.only_legacy",
      message: `${plural(r.only_legacy, "row")} only in legacy`,
      primary: true,
    });
  }
  if (r.only_new > 0) {
    out.push({
      kind: "rows.only_new",
      message: `${plural(r.only_new, "row")} only in new`,
      primary: true,
    });
  }
  const cols = diff.columns.filter((c) => c.mismatches > 0);
  if (r.changed > 0) {
    const detail = cols.length > 0
      ? ` (${cols.map((c) => `${c.column}: ${c.mismatches}`).join(", ")})`
      : "";
    out.push({
      kind: "rows.changed",
      message: `${plural(r.changed, "row")} changed${detail}`,
      primary: true,
    });
  }
  for (const c of cols) {
    out.push({
      kind: `column:${c.column}`,
      message: `${plural(c.mismatches, "mismatch", "mismatches")} in column ${
        JSON.stringify(c.column)
      }`,
      primary: false,
    });
  }
  if (!diff.equal && out.length === 0) {
    out.push({ kind: "output", message: "outputs differ", primary: true });
  }
  if (policy.ast === "require_equal" && rule.ast_equal !== true) {
    out.push({
      kind: "ast",
      message: rule.ast_equal === false
        ? `canonical ASTs differ (${plural(rule.ast_edits.length, "edit")})`
        : "canonical ASTs not compared",
      primary: false,
    });
  }
  return out;
}

function schemaDifference(s: SchemaDiffEntry): { kind: string; message: string } {
  const col = s.column ?? "";
  const q = JSON.stringify(col);
  const l = compact(s.legacy);
  const n = compact(s.new);
  switch (s.kind) {
    case "column_only_legacy":
      return { kind: `schema.columns:${col}`, message: `column ${q} only in legacy` };
    case "column_only_new":
      return { kind: `schema.columns:${col}`, message: `column ${q} only in new` };
    case "column_order":
      return { kind: "schema.columns", message: `column order differs: legacy ${l}, new ${n}` };
    case "type":
      return { kind: `schema.type:${col}`, message: `column ${q} type: legacy ${l}, new ${n}` };
    case "nullability":
      return {
        kind: `schema.nullability:${col}`,
        message: `column ${q} nullable: legacy ${l}, new ${n}`,
      };
    case "field_metadata":
      return {
        kind: `schema.metadata:${col}`,
        message: `column ${q} metadata: legacy ${l}, new ${n}`,
      };
    case "schema_metadata":
      return { kind: "schema.metadata", message: `schema metadata: legacy ${l}, new ${n}` };
  }
}

function compact(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v) ?? "null";
}

function brokenMessage(rule: RuleInput): string {
  const first = rule.errors[0];
  if (first === undefined) return "no output diff was made";
  const more = rule.errors.length > 1
    ? ` (and ${plural(rule.errors.length - 1, "more error")})`
    : "";
  const what = first.lane === "diff"
    ? "diff"
    : first.lane === "snapshot"
    ? "snapshot check"
    : `${first.lane} lane`;
  return `${what} failed: ${first.message} [${first.code}]${more}`;
}

function warningsNote(warnings: readonly string[]): string {
  return warnings.length > 0 ? ` (${plural(warnings.length, "migrate warning")})` : "";
}

/** `1 row`, `2 rows`. */
export function plural(n: number, one: string, many: string = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}
