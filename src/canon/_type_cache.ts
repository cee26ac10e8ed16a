/**
 * Memoized type-string parsing for the passes (plans repeat a handful of
 * type strings; parsing them on every round shows in the benchmark).
 *
 * @module
 */
import { type DataType, formatType, parseType } from "../ir/types.ts";

const MAX_ENTRIES = 4096;
const parsed = new Map<string, DataType | null>();

/** Parse a type string; undefined when it does not parse. */
export function parseTypeCached(s: string): DataType | undefined {
  let t = parsed.get(s);
  if (t === undefined) {
    try {
      t = parseType(s);
    } catch {
      t = null;
    }
    if (parsed.size >= MAX_ENTRIES) parsed.clear();
    parsed.set(s, t);
  }
  return t ?? undefined;
}

/** Canonical spelling of a type string, or the string itself when it does not parse. */
export function canonicalTypeName(s: string): string {
  const t = parseTypeCached(s);
  return t === undefined ? s : formatType(t);
}
