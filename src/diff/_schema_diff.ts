// Schema part of the output diff: names, order, types, nullability, field
// and schema metadata; and which columns the row diff can compare by value.

import type { Schema } from "apache-arrow";
import type { Json } from "../arrow/cells.ts";
import { typesCompatible, typeString } from "./_type_string.ts";

/** The kinds of schema difference, in the order they are listed. */
export type SchemaDifferenceKind =
  | "name"
  | "order"
  | "type"
  | "nullability"
  | "field_metadata"
  | "schema_metadata";

/** One schema difference; `column` is absent for `order` and `schema_metadata`. */
export interface SchemaDifference {
  readonly kind: SchemaDifferenceKind;
  readonly column?: string;
  readonly legacy: Json;
  readonly new: Json;
}

/** A common column the row diff cannot compare, and why. */
export interface SkippedColumn {
  readonly column: string;
  readonly reason: string;
}

/** Result of {@link compareSchemas}. */
export interface SchemaComparison {
  readonly differences: SchemaDifference[];
  /** Columns in both outputs with comparable types, in legacy order. */
  readonly compared: string[];
  readonly skipped: SkippedColumn[];
}

/** Schema-metadata keys that never count as a difference (run timings). */
const IGNORED_SCHEMA_KEY_PREFIX = "relgate.timing";

function sortedObject(m: ReadonlyMap<string, string>, skipPrefix?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...m.keys()].sort()) {
    if (skipPrefix !== undefined && k.startsWith(skipPrefix)) continue;
    out[k] = m.get(k) ?? "";
  }
  return out;
}

function sameObject(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** Compare two Arrow schemas by column name. */
export function compareSchemas(legacy: Schema, next: Schema): SchemaComparison {
  const differences: SchemaDifference[] = [];
  const lNames = legacy.fields.map((f) => f.name);
  const nNames = next.fields.map((f) => f.name);
  const nSet = new Set(nNames);
  const lSet = new Set(lNames);
  for (const name of lNames) {
    if (!nSet.has(name)) differences.push({ kind: "name", column: name, legacy: name, new: null });
  }
  for (const name of nNames) {
    if (!lSet.has(name)) differences.push({ kind: "name", column: name, legacy: null, new: name });
  }
  const commonL = lNames.filter((n) => nSet.has(n));
  const commonN = nNames.filter((n) => lSet.has(n));
  if (commonL.some((n, i) => n !== commonN[i])) {
    differences.push({ kind: "order", legacy: commonL, new: commonN });
  }
  const compared: string[] = [];
  const skipped: SkippedColumn[] = [];
  const seen = new Set<string>();
  for (const name of commonL) {
    if (seen.has(name)) continue;
    seen.add(name);
    const lf = legacy.fields.find((f) => f.name === name);
    const nf = next.fields.find((f) => f.name === name);
    if (!lf || !nf) continue;
    const lt = typeString(lf.type);
    const nt = typeString(nf.type);
    if (lt !== nt) differences.push({ kind: "type", column: name, legacy: lt, new: nt });
    if (lf.nullable !== nf.nullable) {
      differences.push({
        kind: "nullability",
        column: name,
        legacy: lf.nullable,
        new: nf.nullable,
      });
    }
    const lm = sortedObject(lf.metadata);
    const nm = sortedObject(nf.metadata);
    if (!sameObject(lm, nm)) {
      differences.push({ kind: "field_metadata", column: name, legacy: lm, new: nm });
    }
    if (typesCompatible(lf.type, nf.type)) {
      compared.push(name);
    } else {
      skipped.push({ column: name, reason: `types ${lt} and ${nt} cannot be compared by value` });
    }
  }
  const lsm = sortedObject(legacy.metadata, IGNORED_SCHEMA_KEY_PREFIX);
  const nsm = sortedObject(next.metadata, IGNORED_SCHEMA_KEY_PREFIX);
  if (!sameObject(lsm, nsm)) {
    differences.push({ kind: "schema_metadata", legacy: lsm, new: nsm });
  }
  return { differences, compared, skipped };
}
