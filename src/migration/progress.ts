/**
 * Progress on stderr while a run goes on: rule i/n, phase, elapsed time.
 * Silent unless stderr is a terminal (and never with `--quiet`).
 *
 * @module
 */

/** Reports progress of a run. */
export interface Progress {
  /** A rule's phase started. */
  phase(index: number, total: number, rule: string, phase: string): void;
  /** The run ended. */
  done(): void;
}

/** A progress reporter that prints nothing. */
export const SILENT: Progress = { phase() {}, done() {} };

/** A progress reporter that rewrites one terminal line. */
export function terminalProgress(write: (text: string) => void): Progress {
  const start = performance.now();
  let wrote = false;
  return {
    phase(index, total, rule, phase) {
      const s = ((performance.now() - start) / 1000).toFixed(1);
      write(`\r\x1b[2K[${index}/${total}] ${rule}: ${phase} (${s}s)`);
      wrote = true;
    },
    done() {
      if (wrote) write("\r\x1b[2K");
    },
  };
}
