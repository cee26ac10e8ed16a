/**
 * Resolving manifest paths: relative to the bundle folder and never outside
 * it, also not through a symlink.
 *
 * @module
 */
import { dirname, isAbsolute, join, normalize, relative, resolve } from "node:path";
import { RelgateError } from "../errors.ts";

function inside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The part of a path before its first glob character. */
function globFree(p: string): string {
  const i = p.search(/[*?[{]/);
  if (i < 0) return p;
  return dirname(p.slice(0, i) + "x");
}

function realOrNearest(p: string): string {
  let cur = p;
  for (;;) {
    try {
      return join(Deno.realPathSync(cur), relative(cur, p));
    } catch {
      const up = dirname(cur);
      if (up === cur) return p;
      cur = up;
    }
  }
}

/**
 * Resolve `path` (as written in `file` at JSON path `at`) against the bundle
 * folder `dir`; throws a RelgateError when it leaves the bundle.
 *
 * @example
 * ```ts
 * import { resolveInBundle } from "./paths.ts";
 * resolveInBundle("/b", "data/x.parquet", { file: "migration.json", at: "$.datasets.x.path" });
 * // "/b/data/x.parquet"
 * ```
 */
export function resolveInBundle(
  dir: string,
  path: string,
  where: { file: string; at: string },
): string {
  const fail = (why: string): never => {
    throw new RelgateError({
      code: "path-outside-bundle",
      file: where.file,
      path: where.at,
      message: `path "${path}" ${why}`,
      hint: "paths are relative to the bundle folder and must stay inside it",
    });
  };
  if (isAbsolute(path)) fail("is absolute");
  const abs = normalize(resolve(dir, path));
  if (!inside(dir, abs)) fail("leaves the bundle folder");
  const realDir = realOrNearest(dir);
  const realTarget = realOrNearest(globFree(abs));
  if (!inside(realDir, realTarget)) fail("leaves the bundle folder through a symlink");
  return abs;
}
