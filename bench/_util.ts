/**
 * Shared pieces of the benchmark driver: timing, memory, Arrow sizes,
 * machine facts, the figure model and the printed table.
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { openSession } from "../src/duckdb/config.ts";

/** One figure of `bench/results.json`. */
export interface Figure {
  readonly id: string;
  /** The figure's value (a ratio, a rate, an exponent, ...). */
  readonly value: number;
  readonly goal: number;
  /** `max`: the value must be at most the goal; `min`: at least. */
  readonly direction: "max" | "min";
  readonly met: boolean;
  readonly detail: FigureDetail;
}

/** What every figure's detail carries, plus figure-specific fields. */
export interface FigureDetail {
  /** One-line description. */
  readonly label: string;
  /** Unit of `value`. */
  readonly unit: string;
  /** relgate's time in ms, when the figure compares times. */
  readonly relgate_ms?: number;
  /** The baseline's time in ms. */
  readonly baseline_ms?: number;
  /** Rows (or values, plans) per second of the relgate side. */
  readonly rate?: number;
  /** Unit of `rate` (`rows/s`, `plans/s`, ...). */
  readonly rate_unit?: string;
  readonly [key: string]: unknown;
}

/** Build a figure: `met` follows from value, goal and direction. */
export function figure(
  id: string,
  value: number,
  goal: number,
  direction: "max" | "min",
  detail: FigureDetail,
): Figure {
  const met = Number.isFinite(value) && (direction === "max" ? value <= goal : value >= goal);
  return { id, value: round(value, 4), goal, direction, met, detail };
}

/** Round to `digits` significant decimals after the point (keeps big numbers). */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Timing samples of one measured thing. */
export interface Timing {
  /** Best (smallest) sample, ms. */
  readonly best: number;
  /** Median sample, ms. */
  readonly median: number;
  readonly samples: readonly number[];
}

/**
 * Run `fn` `reps` times (after `warmup` unmeasured runs) and keep every
 * sample; figures use the best sample (least disturbed by other processes on
 * a shared machine).
 */
export async function measure(
  reps: number,
  fn: () => unknown | Promise<unknown>,
  warmup = 0,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    best: sorted[0]!,
    median: sorted[Math.floor(sorted.length / 2)]!,
    samples: samples.map((s) => round(s, 2)),
  };
}

/** Bytes of an Arrow table's buffers (values, offsets, validity, children). */
export function arrowBytes(table: arrow.Table): number {
  let total = 0;
  const visit = (d: arrow.Data): void => {
    for (const b of [d.values, d.valueOffsets, d.nullBitmap, d.typeIds] as unknown[]) {
      if (b && ArrayBuffer.isView(b)) total += b.byteLength;
    }
    for (const c of d.children) visit(c);
    if (d.dictionary) { for (const x of d.dictionary.data) visit(x); }
  };
  for (const d of table.data) visit(d);
  return total;
}

/** A `/proc/self/status` field in bytes (VmRSS, VmHWM), or undefined off Linux. */
export function procStatusBytes(field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const text = Deno.readTextFileSync("/proc/self/status");
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Facts about the machine and the engines. */
export interface MachineFacts {
  readonly cores: number;
  readonly cpu: string;
  readonly memory_bytes: number;
  readonly os: string;
  readonly deno: string;
  readonly v8: string;
  readonly duckdb: string;
  /** DuckDB threads of the new lane (its default: all cores). */
  readonly duckdb_threads: number;
}

/** Collect the machine facts (opens one short DuckDB session for its version). */
export async function machineFacts(): Promise<MachineFacts> {
  let cpu = "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(Deno.readTextFileSync("/proc/cpuinfo"));
    if (m) cpu = m[1]!.trim();
  } catch { /* not Linux */ }
  const session = await openSession();
  try {
    return {
      cores: navigator.hardwareConcurrency,
      cpu,
      memory_bytes: Deno.systemMemoryInfo().total,
      os: `${Deno.build.os} ${Deno.build.arch} ${Deno.osRelease()}`,
      deno: Deno.version.deno,
      v8: Deno.version.v8,
      duckdb: session.profile.duckdb_version,
      duckdb_threads: session.profile.threads,
    };
  } finally {
    session.close();
  }
}

/** Least-squares slope of log(y) over log(x): the growth exponent. */
export function growthExponent(points: readonly { x: number; y: number }[]): number {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/** A number for the table: ms with sensible digits, rates with SI suffixes. */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return "-";
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A rate with k/M/G suffix. */
export function fmtRate(rate: number | undefined, unit = "/s"): string {
  if (rate === undefined || !Number.isFinite(rate)) return "-";
  const [d, s] = rate >= 1e9
    ? [1e9, "G"]
    : rate >= 1e6
    ? [1e6, "M"]
    : rate >= 1e3
    ? [1e3, "k"]
    : [1, ""];
  return `${(rate / d).toFixed(rate / d >= 100 ? 0 : 1)}${s} ${unit}`;
}

/** A byte count with binary suffix. */
export function fmtBytes(n: number | undefined): string {
  if (n === undefined) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Render rows as an aligned text table (first row is the header). */
export function textTable(
  rows: readonly (readonly string[])[],
  rightAlign: readonly number[] = [],
): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const line = (r: readonly string[]) =>
    r.map((c, i) => {
      const pad = " ".repeat(widths[i]! - [...c].length);
      return rightAlign.includes(i) ? pad + c : c + pad;
    }).join("  ").trimEnd();
  const out = [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join("\n");
}
