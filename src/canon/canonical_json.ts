/**
 * Canonical JSON (RFC 8785, JCS) through the `canonicalize` package.
 *
 * @module
 */
import canonicalizeModule from "canonicalize";

// The package is CommonJS (`module.exports = serialize`): at run time the
// default import is the function, while its .d.ts types it as a namespace.
const serialize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/**
 * Serialize a JSON value per RFC 8785: keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number formatting. Keys whose value is `undefined`
 * are omitted. Throws for values JSON cannot hold (NaN, infinities, BigInt).
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical_json.ts";
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  const s = serialize(value);
  if (s === undefined) throw new Error(`Cannot serialize ${typeof value} as canonical JSON`);
  return s;
}
