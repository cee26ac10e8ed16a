/**
 * Values flowing through expression evaluation: a column, or a scalar held
 * as a length-1 column that broadcasts (kernels index it with stride 0).
 *
 * @module
 */
import type { DataType } from "../../ir/types.ts";
import { type Col, colFromValues, take } from "../../arrow/column.ts";

/** A column (`scalar: false`) or a broadcast scalar (length-1 column). */
export interface Val {
  readonly c: Col;
  readonly scalar: boolean;
}

/** A scalar value of a type. */
export function scalarVal(t: DataType, v: unknown): Val {
  return { c: colFromValues(t, [v]), scalar: true };
}

/** Wrap a column. */
export function colVal(c: Col): Val {
  return { c, scalar: false };
}

/** Stride of a value: 0 for scalars, 1 for columns. */
export function stride(v: Val): 0 | 1 {
  return v.scalar ? 0 : 1;
}

/** Expand a value to a column of `n` rows. */
export function materialize(v: Val, n: number): Col {
  if (!v.scalar) return v.c;
  return take(v.c, new Int32Array(n));
}

/** True when row `i` of a value is valid. */
export function validAt(v: Val, i: number): boolean {
  const va = v.c.valid;
  return va === null || va[v.scalar ? 0 : i] === 1;
}

/**
 * The AND of the validity of several values over `n` rows, or null when all
 * are valid everywhere.
 */
export function andValid(vals: readonly Val[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const v of vals) {
    const va = v.c.valid;
    if (va === null) continue;
    if (v.scalar) {
      if (va[0] === 1) continue;
      return new Uint8Array(n);
    }
    if (out === null) out = va.slice(0, n);
    else for (let i = 0; i < n; i++) out[i] = out[i]! & va[i]!;
  }
  return out;
}
