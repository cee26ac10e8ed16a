/**
 * The JUnit XML report for CI test views: `<testsuites>` with one
 * `<testsuite>` per bundle and one `<testcase>` per rule
 * (`classname` = bundle name, `file` = RelPlan path relative to the bundle,
 * or the legacy path when unmigrated; `time` in seconds).
 *
 * A rule that blocks the gate has a `<failure>` (divergent, drifted,
 * unmigrated, require_equal, expired or stale allowance, missing, pending or
 * re-record snapshot) or, when broken, an `<error>`; its `message` attribute
 * is the first reason and the element body holds the rule's message, every
 * other reason, and its AST and output diff summary. A snapshot of a rule that no longer exists is a
 * failing test case of its own. Each suite has a `<properties>` block with
 * the relgate and DuckDB versions, the bundle signature and the gate.
 *
 * Characters XML 1.0 cannot hold (control characters other than tab, LF and
 * CR, U+FFFE, U+FFFF, lone surrogates) are written as the text `\uXXXX`.
 *
 * @module
 */
import type { BundleReport, RuleResult, RunReport } from "../gate/model.ts";
import { ruleDetailLines } from "./_detail.ts";
import { blockersOf, seconds } from "./_util.ts";

// Characters XML 1.0 cannot hold (matching control characters is the point).
const INVALID_XML =
  // deno-lint-ignore no-control-regex
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function replaceInvalid(s: string): string {
  return s.replace(
    INVALID_XML,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
}

/**
 * Escape text for an XML attribute value (quotes, and tab/LF/CR as character
 * references so attribute normalization keeps them).
 *
 * @example
 * ```ts
 * import { escapeXmlAttr } from "./junit.ts";
 * escapeXmlAttr(`a&b<"c">'\n`); // "a&amp;b&lt;&quot;c&quot;&gt;&apos;&#10;"
 * ```
 */
export function escapeXmlAttr(s: string): string {
  return replaceInvalid(s).replace(/[&<>"'\t\n\r]/g, (c) => XML_ATTR[c]!);
}

/**
 * Escape text for XML element content (CR as `&#13;` so it survives
 * line-end normalization).
 *
 * @example
 * ```ts
 * import { escapeXmlText } from "./junit.ts";
 * escapeXmlText("a < b\u0001"); // "a &lt; b\\u0001"
 * ```
 */
export function escapeXmlText(s: string): string {
  return replaceInvalid(s).replace(/[&<>\r]/g, (c) => XML_ATTR[c]!);
}

const XML_ATTR: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

interface Case {
  readonly xml: string;
  readonly failure: boolean;
  readonly error: boolean;
  readonly ms: number;
}

/**
 * Render the JUnit XML report.
 *
 * @example
 * ```ts
 * import { renderJunit } from "./junit.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function write(report: RunReport): string {
 *   return renderJunit(report); // starts with `<?xml`
 * }
 * ```
 */
export function renderJunit(report: RunReport): string {
  const suites: string[] = [];
  let tests = 0, failures = 0, errors = 0, ms = 0;
  for (const b of report.bundles) {
    const cases = bundleCases(b);
    const f = cases.filter((c) => c.failure).length;
    const e = cases.filter((c) => c.error).length;
    const t = cases.reduce((a, c) => a + c.ms, 0);
    tests += cases.length;
    failures += f;
    errors += e;
    ms += t;
    const props: [string, string][] = [
      ["relgate.version", report.relgate_version],
      ["duckdb.version", b.runtime.duckdb_version],
      ["bundle.signature", b.signature],
      ["gate", b.gate.open ? "open" : "closed"],
    ];
    suites.push(
      `  <testsuite name="${escapeXmlAttr(b.name)}" tests="${cases.length}" failures="${f}" ` +
        `errors="${e}" skipped="0" time="${(t / 1000).toFixed(3)}">\n` +
        `    <properties>\n` +
        props.map(([k, v]) => `      <property name="${k}" value="${escapeXmlAttr(v)}"/>\n`).join(
          "",
        ) +
        `    </properties>\n` +
        cases.map((c) => c.xml).join("") +
        `  </testsuite>\n`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="relgate" tests="${tests}" failures="${failures}" errors="${errors}" ` +
    `skipped="0" time="${(ms / 1000).toFixed(3)}">\n` +
    suites.join("") +
    `</testsuites>\n`;
}

function bundleCases(b: BundleReport): Case[] {
  const classname = escapeXmlAttr(b.name === "" ? "relgate" : b.name);
  const cases = b.rules.map((r) => ruleCase(b, r, classname));
  for (const x of b.gate.blockers) {
    if (x.reason !== "snapshot-obsolete") continue;
    const message = `${x.reason}: ${x.message}`;
    cases.push({
      xml: `    <testcase name="${escapeXmlAttr(`${x.rule} (obsolete snapshot)`)}" ` +
        `classname="${classname}" time="0.000">\n` +
        `      <failure message="${escapeXmlAttr(message)}" type="${x.reason}">` +
        `${escapeXmlText(message)}</failure>\n` +
        `    </testcase>\n`,
      failure: true,
      error: false,
      ms: 0,
    });
  }
  return cases;
}

function ruleCase(b: BundleReport, r: RuleResult, classname: string): Case {
  let ms = 0;
  for (const v of Object.values(r.timings)) ms += v;
  const file = r.relplan ?? r.legacy?.path ?? null;
  const open = `    <testcase name="${escapeXmlAttr(r.name)}" classname="${classname}"` +
    (file !== null ? ` file="${escapeXmlAttr(file)}"` : "") +
    ` time="${seconds(r.timings)}"`;
  const blockers = blockersOf(b, r.name);
  const first = blockers[0];
  if (first === undefined) return { xml: `${open}/>\n`, failure: false, error: false, ms };
  const element = r.verdict === "broken" ? "error" : "failure";
  const body = ruleDetailLines(b, r, { maxSamples: 20, maxAstLines: 500 }).join("\n");
  return {
    xml: `${open}>\n` +
      `      <${element} message="${escapeXmlAttr(`${first.reason}: ${first.message}`)}" ` +
      `type="${first.reason}">${escapeXmlText(body)}</${element}>\n` +
      `    </testcase>\n`,
    failure: element === "failure",
    error: element === "error",
    ms,
  };
}
