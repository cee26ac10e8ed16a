/**
 * Verdicts, policy and the gate (SPEC section 10): turn what the side-by-side
 * runner measured ({@linkcode RunInput}) into a {@linkcode RunReport} with one
 * verdict per rule, the gate per bundle and the legacy plans that can be
 * retired now.
 *
 * @example
 * ```ts
 * import { buildReport, type RunInput } from "./mod.ts";
 * function gateOpen(input: RunInput): boolean {
 *   return buildReport(input, { today: "2026-11-01" }).gate.open;
 * }
 * ```
 *
 * @module
 */
export * from "./model.ts";
export * from "./diff_kinds.ts";
export * from "./verdict.ts";
export * from "./gate.ts";
export * from "./build.ts";
