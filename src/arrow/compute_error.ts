/**
 * The error a compute kernel raises when the data makes it fail (overflow,
 * a bad cast, an out-of-range list index). The executor wraps it into an
 * `ExecutionError` naming the op index and rule.
 *
 * @module
 */

/** A data-dependent failure inside a kernel. */
export class ComputeError extends Error {
  /** Stable code, e.g. `overflow`, `bad-cast`. */
  readonly code: string;
  /** Build with a code and a message such as `add_checked overflow`. */
  constructor(code: string, message: string) {
    super(message);
    this.name = "ComputeError";
    this.code = code;
  }
}

/** A problem in the plan found while binding it to data (unknown column, bad call). */
export class PlanError extends Error {
  /** Stable code, e.g. `unknown-column`. */
  readonly code: string;
  /** JSON path relative to the op, e.g. `.expression.args[1]`. */
  readonly path: string;
  /** Build with a code, a relative path and a message. */
  constructor(code: string, path: string, message: string) {
    super(message);
    this.name = "PlanError";
    this.code = code;
    this.path = path;
  }
}
