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
