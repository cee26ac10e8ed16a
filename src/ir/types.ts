/**
 * Arrow type strings of SPEC section 1: a typed form, a parser and a printer
 * that round-trip (`formatType(parseType(s)) === s` for every canonical string).
 *
 * @module
 */

/** Integer widths. */
export type IntBits = 8 | 16 | 32 | 64;

/** A data type of relgate's type system (SPEC section 1), plus `null` for untyped nulls. */
export type DataType =
  | { readonly kind: "null" }
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly bits: IntBits; readonly signed: boolean }
  | { readonly kind: "float"; readonly bits: 32 | 64 }
  | { readonly kind: "utf8" }
  | { readonly kind: "binary" }
  | { readonly kind: "date32" }
  | { readonly kind: "timestamp"; readonly tz: "UTC" | null }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "list"; readonly item: DataType }
  | { readonly kind: "struct"; readonly fields: readonly StructField[] };

/** A named member of a struct type. */
export interface StructField {
  readonly name: string;
  readonly type: DataType;
}

/** A field of a schema (SPEC section 1). */
export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A schema: ordered fields. */
export type Schema = readonly Field[];

/** Common constants. */
export const T = Object.freeze({
  null: Object.freeze({ kind: "null" }) as DataType,
  bool: Object.freeze({ kind: "bool" }) as DataType,
  int8: Object.freeze({ kind: "int", bits: 8, signed: true }) as DataType,
  int16: Object.freeze({ kind: "int", bits: 16, signed: true }) as DataType,
  int32: Object.freeze({ kind: "int", bits: 32, signed: true }) as DataType,
  int64: Object.freeze({ kind: "int", bits: 64, signed: true }) as DataType,
  uint8: Object.freeze({ kind: "int", bits: 8, signed: false }) as DataType,
  uint16: Object.freeze({ kind: "int", bits: 16, signed: false }) as DataType,
  uint32: Object.freeze({ kind: "int", bits: 32, signed: false }) as DataType,
  uint64: Object.freeze({ kind: "int", bits: 64, signed: false }) as DataType,
  float32: Object.freeze({ kind: "float", bits: 32 }) as DataType,
  float64: Object.freeze({ kind: "float", bits: 64 }) as DataType,
  utf8: Object.freeze({ kind: "utf8" }) as DataType,
  binary: Object.freeze({ kind: "binary" }) as DataType,
  date32: Object.freeze({ kind: "date32" }) as DataType,
  timestamp: Object.freeze({ kind: "timestamp", tz: null }) as DataType,
  timestampTz: Object.freeze({ kind: "timestamp", tz: "UTC" }) as DataType,
});

/** Build `list<item>`. */
export function listOf(item: DataType): DataType {
  return Object.freeze({ kind: "list", item });
}

/**
 * Print a type as its canonical string.
 *
 * @example
 * ```ts
 * import { formatType, parseType } from "./types.ts";
 * formatType(parseType("list< int64 >")); // "list<int64>"
 * ```
 */
export function formatType(t: DataType): string {
  switch (t.kind) {
    case "null":
    case "bool":
    case "utf8":
    case "binary":
    case "date32":
      return t.kind;
    case "int":
      return `${t.signed ? "" : "u"}int${t.bits}`;
    case "float":
      return `float${t.bits}`;
    case "timestamp":
      return t.tz ? `timestamp[us, tz=${t.tz}]` : "timestamp[us]";
    case "decimal":
      return `decimal(${t.precision},${t.scale})`;
    case "list":
      return `list<${formatType(t.item)}>`;
    case "struct":
      return `struct<${t.fields.map((f) => `${f.name}: ${formatType(f.type)}`).join(", ")}>`;
    default:
      return assertNever(t);
  }
}

/** Thrown by {@link parseType} for a malformed type string. */
export class TypeParseError extends Error {
  /** Build with a message. */
  constructor(message: string) {
    super(message);
    this.name = "TypeParseError";
  }
}

const SIMPLE: Readonly<Record<string, DataType>> = {
  null: T.null,
  bool: T.bool,
  int8: T.int8,
  int16: T.int16,
  int32: T.int32,
  int64: T.int64,
  uint8: T.uint8,
  uint16: T.uint16,
  uint32: T.uint32,
  uint64: T.uint64,
  float32: T.float32,
  float64: T.float64,
  utf8: T.utf8,
  binary: T.binary,
  date32: T.date32,
  "timestamp[us]": T.timestamp,
};

/**
 * Parse a type string of SPEC section 1. Throws {@link TypeParseError}.
 *
 * @example
 * ```ts
 * import { parseType } from "./types.ts";
 * parseType("struct<a: int64, b: list<utf8>>").kind; // "struct"
 * ```
 */
export function parseType(text: string): DataType {
  const p = new TypeParser(text);
  const t = p.type();
  p.skipWs();
  if (!p.done()) {
    throw new TypeParseError(`Cannot parse type "${text}": unexpected text at ${p.pos}`);
  }
  return t;
}

class TypeParser {
  pos = 0;
  constructor(readonly text: string) {}
  done(): boolean {
    return this.pos >= this.text.length;
  }
  skipWs(): void {
    while (!this.done() && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  fail(what: string): never {
    throw new TypeParseError(`Cannot parse type "${this.text}": ${what} at ${this.pos}`);
  }
  expect(ch: string): void {
    this.skipWs();
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }
  word(): string {
    this.skipWs();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail("expected a type name");
    this.pos += m[0].length;
    return m[0];
  }
  int(): number {
    this.skipWs();
    const m = /^[0-9]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail("expected a number");
    this.pos += m[0].length;
    return Number(m[0]);
  }
  peek(): string | undefined {
    this.skipWs();
    return this.text[this.pos];
  }
  type(): DataType {
    const name = this.word();
    if (name === "list") {
      this.expect("<");
      const item = this.type();
      this.expect(">");
      return listOf(item);
    }
    if (name === "struct") {
      this.expect("<");
      const fields: StructField[] = [];
      if (this.peek() !== ">") {
        for (;;) {
          const fname = this.fieldName();
          this.expect(":");
          fields.push(Object.freeze({ name: fname, type: this.type() }));
          if (this.peek() === ",") {
            this.pos++;
            continue;
          }
          break;
        }
      }
      this.expect(">");
      return Object.freeze({ kind: "struct", fields: Object.freeze(fields) });
    }
    if (name === "decimal") {
      this.expect("(");
      const precision = this.int();
      this.expect(",");
      const scale = this.int();
      this.expect(")");
      if (precision < 1 || precision > 38 || scale > precision) {
        this.fail(`decimal precision must be 1..38 and scale <= precision`);
      }
      return Object.freeze({ kind: "decimal", precision, scale });
    }
    if (name === "timestamp") {
      this.expect("[");
      const unit = this.word();
      if (unit !== "us") this.fail(`only unit "us" is supported, got "${unit}"`);
      if (this.peek() === ",") {
        this.pos++;
        const key = this.word();
        if (key !== "tz") this.fail(`expected "tz"`);
        this.expect("=");
        const tz = this.word();
        if (tz !== "UTC") this.fail(`only tz=UTC is supported, got "${tz}"`);
        this.expect("]");
        return T.timestampTz;
      }
      this.expect("]");
      return T.timestamp;
    }
    const simple = SIMPLE[name];
    if (!simple) this.fail(`unknown type "${name}"`);
    return simple;
  }
  fieldName(): string {
    this.skipWs();
    if (this.text[this.pos] === '"') {
      const end = this.text.indexOf('"', this.pos + 1);
      if (end < 0) this.fail("unterminated field name");
      const n = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return n;
    }
    return this.word();
  }
}

/** Structural type equality. */
export function typeEquals(a: DataType, b: DataType): boolean {
  return formatType(a) === formatType(b);
}

/** True for integer, float and decimal types. */
export function isNumeric(t: DataType): boolean {
  return t.kind === "int" || t.kind === "float" || t.kind === "decimal";
}

/** True for signed or unsigned integer types. */
export function isInteger(t: DataType): t is Extract<DataType, { kind: "int" }> {
  return t.kind === "int";
}

/**
 * The common type of two numeric types (SPEC section 2 typing): integers to
 * the wider integer, anything with a float to float64; `null` adopts the
 * other side. Returns undefined when the types do not unify.
 */
export function commonType(a: DataType, b: DataType): DataType | undefined {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (typeEquals(a, b)) return a;
  if (a.kind === "float" || b.kind === "float") {
    return isNumeric(a) && isNumeric(b) ? T.float64 : undefined;
  }
  if (a.kind === "int" && b.kind === "int") {
    if (a.signed === b.signed) return a.bits >= b.bits ? a : b;
    const s = a.signed ? a : b;
    const u = a.signed ? b : a;
    if (s.bits > u.bits) return s;
    const bits = Math.min(64, u.bits * 2) as IntBits;
    return { kind: "int", bits, signed: true };
  }
  if (a.kind === "decimal" || b.kind === "decimal") {
    if (a.kind === "decimal" && b.kind === "decimal") {
      const scale = Math.max(a.scale, b.scale);
      const whole = Math.max(a.precision - a.scale, b.precision - b.scale);
      return { kind: "decimal", precision: Math.min(38, whole + scale), scale };
    }
    const d = (a.kind === "decimal" ? a : b) as Extract<DataType, { kind: "decimal" }>;
    const o = a.kind === "decimal" ? b : a;
    if (o.kind === "int") {
      const digits = o.bits === 8 ? 3 : o.bits === 16 ? 5 : o.bits === 32 ? 10 : 20;
      const whole = Math.max(d.precision - d.scale, digits);
      return { kind: "decimal", precision: Math.min(38, whole + d.scale), scale: d.scale };
    }
    return undefined;
  }
  if (a.kind === "list" && b.kind === "list") {
    const item = commonType(a.item, b.item);
    return item ? listOf(item) : undefined;
  }
  return undefined;
}

/** Exhaustiveness helper for switches. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
