/**
 * Reading user JSON files: parse errors with line and column, and structural
 * validation with zod turned into problems with JSON paths.
 *
 * @module
 */
import { z } from "zod";
import { type Problem, RelgateError } from "../errors.ts";

/** Format a JSON path from zod path segments: `$.ops[2].predicate`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/** Line and column (1-based) of a character offset. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/**
 * Parse JSON text; a syntax error becomes a RelgateError with line and column.
 *
 * @example
 * ```ts
 * import { parseJsonText } from "./json_input.ts";
 * parseJsonText('{"a": 1}', "a.json"); // { a: 1 }
 * ```
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const at = jsonErrorOffset(text);
    const { line, column } = lineCol(text, at.offset);
    throw new RelgateError({
      code: "malformed-json",
      file,
      path: "$",
      message: `Cannot parse JSON at line ${line}, column ${column}: ${at.what}`,
      hint: "check for a missing comma, quote or bracket near that place",
    });
  }
}

/**
 * Find where JSON text first goes wrong (V8's messages do not always give a
 * position). A small recursive-descent scanner; only used on the error path.
 */
function jsonErrorOffset(text: string): { offset: number; what: string } {
  let i = 0;
  class Stop {
    constructor(readonly what: string) {}
  }
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Stop(what);
  };
  const show =
    () => (i < text.length ? `unexpected ${JSON.stringify(text[i])}` : "unexpected end of input");
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`${show()}, expected a quoted key`);
        str();
        ws();
        if (text[i] !== ":") fail(`${show()}, expected ':'`);
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(`${show()}, expected ',' or '}'`);
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(`${show()}, expected ',' or ']'`);
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      text.slice(i, i + 400),
    );
    if (!m) fail(`${show()}, expected a value`);
    i += m![0].length;
  };
  const str = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail("control character in a string");
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`${show()} after the JSON value`);
    return { offset: i, what: "invalid JSON" };
  } catch (e) {
    if (e instanceof Stop) return { offset: i, what: e.what };
    throw e;
  }
}

/** Read and parse a JSON file; a missing file is a RelgateError. */
export async function readJsonFile(absPath: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(absPath);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new RelgateError({
        code: "missing-file",
        file,
        message: `Cannot read ${file}: no such file`,
        hint: "check the path (paths are relative to the bundle folder)",
      });
    }
    if (e instanceof Deno.errors.IsADirectory) {
      throw new RelgateError({
        code: "missing-file",
        file,
        message: `Cannot read ${file}: it is a directory`,
      });
    }
    throw e;
  }
  return parseJsonText(text, file);
}

type Issue = z.core.$ZodIssue;

/** The value at a path inside `root`, or undefined. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Pick the union branch that got furthest: fewest missing or unknown keys at its own level. */
function bestBranch(
  branches: readonly (readonly Issue[])[],
  root: unknown,
  prefix: readonly PropertyKey[],
): readonly Issue[] {
  let best: readonly Issue[] = branches[0] ?? [];
  let bestScore = Infinity;
  for (const b of branches) {
    const shallow = b.filter((i) =>
      i.path.length <= 1 &&
      (i.code === "unrecognized_keys" || valueAt(root, [...prefix, ...i.path]) === undefined)
    ).length;
    const wrongTag = b.some((i) =>
      i.path.length === 1 && ["op", "kind", "level"].includes(String(i.path[0])) &&
      i.code === "invalid_value"
    );
    const score = (wrongTag ? 1e6 : 0) + shallow * 1000 + b.length;
    if (score < bestScore) {
      bestScore = score;
      best = b;
    }
  }
  return best;
}

function flatten(
  issues: readonly Issue[],
  prefix: readonly PropertyKey[],
  out: Problem[],
  ctx: { file: string; root: unknown },
): void {
  const file = ctx.file;
  for (const i of issues) {
    const path = [...prefix, ...i.path];
    if (i.code === "invalid_union" && "errors" in i && i.errors.length > 0) {
      const tag = ["op", "kind", "level"].find((k) =>
        i.errors.every((b) =>
          b.some((x) => x.path.length === 1 && x.path[0] === k && x.code === "invalid_value")
        )
      );
      if (tag) {
        const options = i.errors.flatMap((b) =>
          b.flatMap((x) => (x.path[0] === tag && "values" in x ? x.values.map(String) : []))
        );
        out.push({
          code: `unknown-${tag}`,
          file,
          path: jsonPath([...path, tag]),
          message: `unknown ${tag} ${JSON.stringify(valueAt(ctx.root, [...path, tag]))}`,
          hint: `expected one of: ${options.join(", ")}`,
        });
        continue;
      }
      flatten(bestBranch(i.errors, ctx.root, path), path, out, ctx);
      continue;
    }
    if (i.code === "unrecognized_keys") {
      for (const k of i.keys) {
        out.push({
          code: "unknown-key",
          file,
          path: jsonPath([...path, k]),
          message: `unknown key "${k}"`,
          hint: 'remove it, or prefix it with "x-" to keep it as an ignored extension',
        });
      }
      continue;
    }
    const here = valueAt(ctx.root, path);
    let message = i.message;
    let code = "wrong-type";
    let hint: string | undefined;
    if (here === undefined && path.length > 0) {
      message = `missing required key "${String(path[path.length - 1])}"`;
      code = "missing-key";
    } else if (i.code === "invalid_value" && "values" in i) {
      message = `must be one of ${i.values.map((v) => JSON.stringify(v)).join(", ")}, got ${
        JSON.stringify(here)
      }`;
      code = "invalid-value";
    } else if (i.code === "custom") {
      code = (i.params?.code as string | undefined) ?? "invalid";
      hint = i.params?.hint as string | undefined;
    } else if (i.code === "invalid_type") {
      message = `expected ${i.expected}, got ${JSON.stringify(here)}`;
    }
    out.push({ code, file, path: jsonPath(path), message, hint });
  }
}

/**
 * Validate `value` with a zod schema; every issue becomes a problem with its
 * JSON path, all thrown together.
 */
export function validateStructure<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const r = schema.safeParse(value);
  // zod adds nothing (no defaults), so the input itself is the typed value, x- keys kept.
  if (r.success) return value as T;
  const problems: Problem[] = [];
  flatten(r.error.issues, [], problems, { file, root: value });
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const k = `${p.path}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  throw new RelgateError(unique);
}

/**
 * An object schema whose unknown keys are errors, except `x-...` keys, which
 * are kept and ignored (SPEC: "unknown keys are an error except under x-").
 */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith("x-")) o[k] = x;
    return o;
  }, z.strictObject(shape));
}

/**
 * Export a zod schema as JSON Schema with `x-` extension keys allowed and
 * every other unknown key rejected.
 */
export function toJsonSchema(schema: z.ZodType, id: string, title: string): unknown {
  const js = z.toJSONSchema(schema, { unrepresentable: "any", reused: "ref" }) as Record<
    string,
    unknown
  >;
  function fix(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(fix);
    if (node === null || typeof node !== "object") return node;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) o[k] = fix(v);
    if (o.type === "object" && o.properties && o.additionalProperties === false) {
      o.patternProperties = { "^x-": {} };
      o.additionalProperties = false;
    }
    return o;
  }
  return { ...(fix(js) as Record<string, unknown>), $id: id, title };
}
