/**
 * Arrow IPC files: read (file or stream format) and atomic write, keeping the
 * schema, its metadata and every field's metadata.
 *
 * @module
 */

import * as arrow from "apache-arrow";
import { basename, dirname, join } from "node:path";
import { RelgateError } from "../errors.ts";

/** Options of {@linkcode writeArrowFile}. */
export interface WriteArrowFileOptions {
  /** IPC file format (default, with footer) or stream format. */
  readonly format?: "file" | "stream";
}

/**
 * Read an Arrow IPC file; both the file format (`ARROW1` magic) and the
 * stream format are accepted.
 *
 * @throws {RelgateError} `missing-file` when it does not exist,
 *   `invalid-arrow-file` when it is not Arrow IPC.
 *
 * @example
 * ```ts ignore
 * const table = await readArrowFile("out/edges.arrow");
 * ```
 */
export async function readArrowFile(path: string): Promise<arrow.Table> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new RelgateError({
        code: "missing-file",
        file: path,
        message: `Cannot read Arrow file ${path}: not found`,
      });
    }
    throw error;
  }
  let table: arrow.Table | undefined;
  let why = "no Arrow IPC schema message";
  if (bytes.byteLength > 0) {
    try {
      table = arrow.tableFromIPC(bytes);
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
  } else {
    why = "the file is empty";
  }
  // apache-arrow returns an empty schema instead of failing on bytes it does not recognise.
  if (table === undefined || (table.schema.fields.length === 0 && !hasIpcPrefix(bytes))) {
    throw new RelgateError({
      code: "invalid-arrow-file",
      file: path,
      message: `Cannot read Arrow file ${path}: ${why}`,
      hint: "expected the Arrow IPC file or stream format",
    });
  }
  return table;
}

/** True when `bytes` start like Arrow IPC: the file magic or a stream message prefix. */
function hasIpcPrefix(bytes: Uint8Array): boolean {
  const magic = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
  if (magic.every((b, i) => bytes[i] === b)) return true;
  // Stream format: 0xFFFFFFFF continuation marker, then a message length.
  return bytes.byteLength >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff &&
    bytes[3] === 0xff;
}

/**
 * Write `table` as an Arrow IPC file at `path`, atomically: the bytes go to
 * a temporary file in the same folder, are synced, then renamed over `path`,
 * so readers see the old file or the complete new one, never a partial one.
 * The temporary file is removed if anything fails.
 *
 * @example
 * ```ts ignore
 * await writeArrowFile("out/edges.arrow", table);
 * ```
 */
export async function writeArrowFile(
  path: string,
  table: arrow.Table,
  options: WriteArrowFileOptions = {},
): Promise<void> {
  const bytes = arrow.tableToIPC(table, options.format ?? "file");
  const random = crypto.getRandomValues(new Uint32Array(2));
  const temp = join(
    dirname(path),
    `.${basename(path)}.${Deno.pid}-${random[0]!.toString(36)}${random[1]!.toString(36)}.tmp`,
  );
  try {
    const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o644 });
    try {
      let written = 0;
      while (written < bytes.byteLength) {
        written += await file.write(bytes.subarray(written));
      }
      await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => undefined);
    throw error;
  }
}
