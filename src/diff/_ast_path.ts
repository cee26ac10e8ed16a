// Private helpers for the JSON paths used by the AST diff:
// `$`, `.key` for identifier keys, `["key"]` for any other key, `[3]` for indices.

/** One step of a JSON path: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats one step to append to a parent path. */
export function formatSegment(segment: PathSegment): string {
  if (typeof segment === "number") return `[${segment}]`;
  return IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
}

/** Formats a whole path from its steps. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "$";
  for (const segment of segments) out += formatSegment(segment);
  return out;
}

/** Parses a path written by {@link formatPath}; throws a plain Error on malformed text. */
export function parsePath(path: string): PathSegment[] {
  if (path[0] !== "$") {
    throw new Error(`Cannot parse JSON path ${JSON.stringify(path)}: it must start with "$"`);
  }
  const out: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      let j = i + 1;
      while (j < path.length && /[A-Za-z0-9_$]/.test(path[j] as string)) j++;
      const key = path.slice(i + 1, j);
      if (!IDENTIFIER.test(key)) throw malformed(path, i);
      out.push(key);
      i = j;
    } else if (c === "[") {
      if (path[i + 1] === '"') {
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === "\\" ? 2 : 1;
        if (path[j + 1] !== "]") throw malformed(path, i);
        const key: unknown = JSON.parse(path.slice(i + 1, j + 1));
        if (typeof key !== "string") throw malformed(path, i);
        out.push(key);
        i = j + 2;
      } else {
        const close = path.indexOf("]", i);
        const digits = close < 0 ? "" : path.slice(i + 1, close);
        if (!/^(0|[1-9][0-9]*)$/.test(digits)) throw malformed(path, i);
        out.push(Number(digits));
        i = close + 1;
      }
    } else {
      throw malformed(path, i);
    }
  }
  return out;
}

function malformed(path: string, at: number): Error {
  return new Error(
    `Cannot parse JSON path ${JSON.stringify(path)}: unexpected text at offset ${at}`,
  );
}

/** Orders paths depth-first: a parent before its children, siblings by index (keys by code unit). */
export function compareSegments(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as PathSegment;
    const y = b[i] as PathSegment;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
