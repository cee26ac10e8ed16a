// Arrow type strings (SPEC section 1) and the compatibility classes the output
// diff uses to decide which columns it can compare by value.

import { DataType, DateUnit, Precision, TimeUnit } from "apache-arrow";

const TIME_UNITS: Readonly<Record<number, string>> = {
  [TimeUnit.SECOND]: "s",
  [TimeUnit.MILLISECOND]: "ms",
  [TimeUnit.MICROSECOND]: "us",
  [TimeUnit.NANOSECOND]: "ns",
};

/**
 * Print an Arrow type the way SPEC section 1 spells it: `int64`, `utf8`,
 * `timestamp[us, tz=UTC]`, `decimal(10,2)`, `list<int64>`, `struct<a: int64>`.
 * A dictionary prints as its value type (the SPEC has no dictionary type);
 * types outside the SPEC print as apache-arrow's own `toString()`.
 */
export function typeString(type: DataType): string {
  if (DataType.isDictionary(type)) return typeString(type.dictionary);
  if (DataType.isNull(type)) return "null";
  if (DataType.isBool(type)) return "bool";
  if (DataType.isInt(type)) return `${type.isSigned ? "int" : "uint"}${type.bitWidth}`;
  if (DataType.isFloat(type)) {
    switch (type.precision) {
      case Precision.HALF:
        return "float16";
      case Precision.SINGLE:
        return "float32";
      default:
        return "float64";
    }
  }
  if (DataType.isUtf8(type)) return "utf8";
  if (DataType.isLargeUtf8(type)) return "large_utf8";
  if (DataType.isBinary(type)) return "binary";
  if (DataType.isLargeBinary(type)) return "large_binary";
  if (DataType.isDate(type)) return type.unit === DateUnit.DAY ? "date32" : "date64";
  if (DataType.isTimestamp(type)) {
    const unit = TIME_UNITS[type.unit] ?? String(type.unit);
    return type.timezone ? `timestamp[${unit}, tz=${type.timezone}]` : `timestamp[${unit}]`;
  }
  if (DataType.isTime(type)) {
    return `time${type.bitWidth}[${TIME_UNITS[type.unit] ?? String(type.unit)}]`;
  }
  if (DataType.isDuration(type)) {
    return `duration[${TIME_UNITS[type.unit] ?? String(type.unit)}]`;
  }
  if (DataType.isDecimal(type)) return `decimal(${type.precision},${type.scale})`;
  if (DataType.isList(type)) {
    const child = type.children[0];
    return `list<${child ? typeString(child.type) : "null"}>`;
  }
  if (DataType.isStruct(type)) {
    return `struct<${type.children.map((f) => `${f.name}: ${typeString(f.type)}`).join(", ")}>`;
  }
  return String(type);
}

/**
 * The class of values a type holds, for deciding whether two columns can be
 * compared value by value: all integer widths share one class (compared by
 * integer value), float32 and float64 share one class, large_utf8 compares with
 * utf8 and large_binary with binary, and every other type is only comparable
 * with the identical type string.
 */
export function valueClass(type: DataType): string {
  if (DataType.isDictionary(type)) return valueClass(type.dictionary);
  if (DataType.isInt(type)) return "int";
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) return "float";
  if (DataType.isLargeUtf8(type)) return "utf8";
  if (DataType.isLargeBinary(type)) return "binary";
  return typeString(type);
}

/** True when values of the two types can be compared by value (see {@link valueClass}). */
export function typesCompatible(a: DataType, b: DataType): boolean {
  return valueClass(a) === valueClass(b);
}

/** True when the type is float32/float64 or nests one (a list or struct of floats). */
export function hasFloat(type: DataType): boolean {
  if (DataType.isDictionary(type)) return hasFloat(type.dictionary);
  if (DataType.isFloat(type)) return true;
  return (type.children ?? []).some((f) => hasFloat(f.type));
}

/** True for the types whose values have a numeric error (integers, floats, decimals). */
export function isNumericType(type: DataType): boolean {
  if (DataType.isDictionary(type)) return isNumericType(type.dictionary);
  return DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type);
}
