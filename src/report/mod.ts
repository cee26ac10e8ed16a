/**
 * Report renderers: text (terminal), JSON (SPEC section 11), JUnit XML,
 * Markdown (CI job summary), a self-contained HTML page, and GitHub Actions
 * annotations. Each is a pure function of a {@linkcode RunReport} and options.
 *
 * @example
 * ```ts
 * import { render } from "./mod.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function junit(report: RunReport): string {
 *   return render(report, "junit");
 * }
 * ```
 *
 * @module
 */
import type { RunReport } from "../gate/model.ts";
export type { RunReport };
export * from "./render.ts";
export { renderText, type TextOptions } from "./text.ts";
export { normalizeReport, renderJson } from "./json.ts";
export { escapeXmlAttr, escapeXmlText, renderJunit } from "./junit.ts";
export { escapeMarkdown, type MarkdownOptions, renderMarkdown } from "./markdown.ts";
export { type HtmlOptions, renderHtml } from "./html.ts";
export {
  escapeData,
  escapeProperty,
  githubAnnotations,
  type GithubOptions,
  stopCommands,
} from "./github.ts";
