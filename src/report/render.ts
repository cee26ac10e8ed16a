/**
 * One entry point for every report format.
 *
 * @module
 */
import { RelgateError } from "../errors.ts";
import type { RunReport } from "../gate/model.ts";
import { type HtmlOptions, renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { type MarkdownOptions, renderMarkdown } from "./markdown.ts";
import { renderText, type TextOptions } from "./text.ts";

/** The report formats of `--format`. */
export const REPORT_FORMATS = ["text", "json", "junit", "markdown", "html"] as const;

/** A report format. */
export type ReportFormat = typeof REPORT_FORMATS[number];

/** Options of {@linkcode render} (each format reads the ones it knows). */
export interface RenderOptions extends TextOptions, MarkdownOptions, HtmlOptions {}

/**
 * Render a report in a format.
 *
 * @throws {RelgateError} `unknown-format` for a format not in {@linkcode REPORT_FORMATS}.
 * @example
 * ```ts
 * import { render } from "./render.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function write(report: RunReport, format: string): string {
 *   return render(report, format, { color: false });
 * }
 * ```
 */
export function render(report: RunReport, format: string, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderText(report, options);
    case "json":
      return renderJson(report);
    case "junit":
      return renderJunit(report);
    case "markdown":
      return renderMarkdown(report, options);
    case "html":
      return renderHtml(report, options);
    default:
      throw new RelgateError({
        code: "unknown-format",
        path: "--format",
        message: `Cannot render the report: unknown format ${JSON.stringify(format)}`,
        hint: `use one of ${REPORT_FORMATS.join(", ")}`,
      });
  }
}
