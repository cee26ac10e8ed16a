/**
 * A relation flowing between ops: names, types and record batches.
 *
 * @module
 */
import type { DataType } from "../../ir/types.ts";
import { concatFrames, type Frame } from "../../arrow/column.ts";

/** Names, types and batches of an intermediate result. */
export interface Rel {
  readonly names: readonly string[];
  readonly types: readonly DataType[];
  readonly frames: readonly Frame[];
}

/** All batches of a relation as one frame. */
export function relFrame(r: Rel): Frame {
  return concatFrames(r.frames, r.names, r.types);
}

/** A relation of one frame. */
export function relOf(names: readonly string[], types: readonly DataType[], f: Frame): Rel {
  return { names, types, frames: [{ names, cols: f.cols, length: f.length }] };
}

/** Number of rows. */
export function relRows(r: Rel): number {
  let n = 0;
  for (const f of r.frames) n += f.length;
  return n;
}
