/**
 * Errors a user can cause. Each carries a code, the file and JSON path at
 * fault, and a hint; the CLI prints them without a stack trace and exits 2.
 *
 * @module
 */

/** One problem found in a user's input. */
export interface Problem {
  /** Stable machine-readable code, e.g. `unknown-column`. */
  readonly code: string;
  /** The file at fault, relative to the bundle where possible. */
  readonly file?: string | undefined;
  /** JSON path inside the file, e.g. `$.ops[2].predicate.args[1]`. */
  readonly path?: string | undefined;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string | undefined;
}

/**
 * An error caused by the user's input (exit code 2). It can hold several
 * problems so that validation reports everything found at once.
 *
 * @example Throwing a single problem
 * ```ts
 * import { RelgateError } from "./errors.ts";
 * const err = new RelgateError({ code: "missing-file", file: "x.json", message: "Cannot read x.json: not found" });
 * console.log(err.problems.length); // 1
 * ```
 */
export class RelgateError extends Error {
  /** Every problem found (at least one). */
  readonly problems: readonly Problem[];
  /** Code of the first problem. */
  readonly code: string;

  /** Build from one problem or a list of them. */
  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? problems as readonly Problem[] : [problems as Problem];
    if (list.length === 0) throw new Error("RelgateError needs at least one problem");
    super(list.map(formatProblem).join("\n"));
    this.name = "RelgateError";
    this.problems = list;
    this.code = list[0]!.code;
  }
}

/** A failure while executing a plan that the user's data or plan caused (overflow, bad cast). */
export class ExecutionError extends RelgateError {
  /** Build from one problem. */
  constructor(problem: Problem) {
    super(problem);
    this.name = "ExecutionError";
  }
}

/**
 * Render one problem as `file: $.path: message (code)\n  hint: ...`.
 *
 * @example
 * ```ts
 * import { formatProblem } from "./errors.ts";
 * formatProblem({ code: "c", file: "a.json", path: "$.x", message: "bad" });
 * // "a.json: $.x: bad [c]"
 * ```
 */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.path].filter((s) => s !== undefined && s !== "").join(": ");
  const head = `${where ? where + ": " : ""}${p.message} [${p.code}]`;
  return p.hint ? `${head}\n  hint: ${p.hint}` : head;
}

/** Collects problems while validating, then throws them all at once. */
export class ProblemList {
  readonly #items: Problem[] = [];
  /** Add one problem. */
  add(p: Problem): void {
    this.#items.push(p);
  }
  /** Problems so far. */
  get items(): readonly Problem[] {
    return this.#items;
  }
  /** Throw a RelgateError with every problem, if there is any. */
  throwIfAny(): void {
    if (this.#items.length > 0) throw new RelgateError(this.#items);
  }
}
