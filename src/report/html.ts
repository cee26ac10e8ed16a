/**
 * The HTML report: one self-contained file (inline CSS and JavaScript, no
 * network), with a gate banner, per bundle a sortable verdict table (click a
 * header to sort; the verdict column sorts by severity), and per rule an
 * expandable `<details>` with its AST diff (edits coloured by kind), output
 * diff with sample rows, lineage, allowances and errors.
 *
 * Hooks for browser tests: the banner is `#gate` with `data-gate="open|closed"`;
 * each table row is `tr[data-rule][data-verdict]` with `data-detail` naming the
 * id of its `<details>` (`rule-<bundle index>-<rule index>`), which also has
 * `data-rule`; clicking a row (or its link) opens that detail. Every text from
 * the report is HTML-escaped; the script holds no report data.
 *
 * @module
 */
import type { AstEditJson, BundleReport, RuleResult, RunReport } from "../gate/model.ts";
import { VERDICTS } from "../gate/model.ts";
import { plural } from "../gate/verdict.ts";
import {
  acceptCommand,
  astLines,
  blockersOf,
  clip,
  escapeHtml,
  formatValue,
  notes,
  outputSummaryLines,
  visibleControls,
} from "./_util.ts";

/** Options of {@linkcode renderHtml}. */
export interface HtmlOptions {
  /** Sample rows shown per rule (default 50). */
  readonly maxSamples?: number;
  /** AST diff lines shown per rule (default 2000). */
  readonly maxAstLines?: number;
}

const e = escapeHtml;

const CSS = `
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--mut:#57606a;--bg:#f6f8fa;--line:#d0d7de}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328}
main{padding:0 24px 48px}
.banner{padding:16px 24px;color:#fff}
.banner.open{background:var(--ok)}.banner.closed{background:var(--bad)}
.banner h1{margin:0;font-size:22px}.banner p{margin:4px 0 0}
h2{margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--mut);margin:0 0 12px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:var(--bg);padding:8px;overflow:auto;border:1px solid var(--line)}
table{border-collapse:collapse;margin:8px 0;display:block;max-width:100%;overflow-x:auto}
p.meta code{overflow-wrap:anywhere}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--bg)}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
table.verdicts tbody tr{cursor:pointer}
table.verdicts tbody tr:hover{background:#eaeef2}
td.num{text-align:right}
.v{font-weight:600}
.v-identical,.v-equivalent{color:var(--ok)}.v-divergent,.v-drifted,.v-broken{color:var(--bad)}
.v-unmigrated{color:var(--warn)}
details{border:1px solid var(--line);margin:6px 0;padding:4px 10px}
details[open]{background:#fff}
summary{cursor:pointer}
.ins{color:#116329;background:#dafbe1}.del{color:#82071e;background:#ffebe9}
.upd{color:#7d4e00;background:#fff8c5}.mov{color:#0550ae;background:#ddf4ff}
td.chg{background:#fff8c5}
ul.blockers li{color:var(--bad)}
`;

const SCRIPT = `
(function () {
  "use strict";
  function key(row, i) {
    var c = row.cells[i];
    if (!c) return "";
    return c.hasAttribute("data-key") ? c.getAttribute("data-key") : c.textContent;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var num = th.getAttribute("data-type") === "number";
        rows.sort(function (a, b) {
          var x = key(a, i), y = key(b, i);
          var d = num ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
          if (!asc) d = -d;
          return d !== 0 ? d : Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function openDetail(id) {
    var d = document.getElementById(id);
    if (d && d.tagName === "DETAILS") { d.open = true; d.scrollIntoView({ block: "start" }); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("tr[data-detail]"), function (tr) {
    tr.addEventListener("click", function (ev) {
      if (ev.target && ev.target.closest && ev.target.closest("a")) return;
      openDetail(tr.getAttribute("data-detail"));
    });
  });
  function fromHash() {
    if (location.hash.length > 1) openDetail(decodeURIComponent(location.hash.slice(1)));
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
`;

const EDIT_CLASS: Readonly<Record<AstEditJson["kind"], string>> = {
  insert: "ins",
  delete: "del",
  update: "upd",
  move: "mov",
};

/**
 * Render the HTML report.
 *
 * @example
 * ```ts
 * import { renderHtml } from "./html.ts";
 * import type { RunReport } from "../gate/model.ts";
 * function page(report: RunReport): string {
 *   return renderHtml(report); // starts with "<!DOCTYPE html>"
 * }
 * ```
 */
export function renderHtml(report: RunReport, options: HtmlOptions = {}): string {
  const gate = report.gate.open ? "open" : "closed";
  const rules = report.bundles.reduce((n, b) => n + b.rules.length, 0);
  const blockers = report.bundles.reduce((n, b) => n + b.gate.blockers.length, 0);
  const out: string[] = [];
  out.push(
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>relgate report: gate ${gate.toUpperCase()}</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body>`,
    `<header id="gate" class="banner ${gate}" data-gate="${gate}">`,
    `<h1>relgate gate: ${gate.toUpperCase()}</h1>`,
    `<p>${plural(rules, "rule")} in ${plural(report.bundles.length, "bundle")}` +
      (report.gate.open ? "" : `, ${plural(blockers, "blocker")}`) +
      `; relgate ${e(report.relgate_version)}, canon ${report.canon_version}</p>`,
    `</header>`,
    `<main>`,
  );
  for (const [bi, b] of report.bundles.entries()) out.push(...bundleHtml(b, bi, options));
  out.push(`</main>`, `<script>${SCRIPT}</script>`, `</body>`, `</html>`);
  return visibleControls(out.join("\n")) + "\n";
}

function bundleHtml(b: BundleReport, bi: number, options: HtmlOptions): string[] {
  const out: string[] = [];
  const gate = b.gate.open ? "open" : "closed";
  out.push(
    `<section class="bundle" id="bundle-${bi}" data-bundle="${e(b.name)}" data-gate="${gate}">`,
  );
  out.push(
    `<h2>${e(b.name)} <span class="v ${
      b.gate.open ? "v-identical" : "v-broken"
    }">gate ${gate}</span></h2>`,
  );
  const rt = b.runtime;
  out.push(
    `<p class="meta">${e(b.dir)} &middot; signature <code>${e(b.signature)}</code> &middot; ` +
      `policy ast=${e(b.policy.ast)} snapshots=${e(b.policy.snapshots)} &middot; ` +
      `DuckDB ${e(rt.duckdb_version)}, threads ${rt.threads}, memory ${e(rt.memory_limit)}` +
      `, database ${e(rt.database)}</p>`,
  );
  const counts = VERDICTS.filter((v) => b.counts[v] > 0)
    .map((v) => `<span class="v v-${v}">${b.counts[v]} ${v}</span>`);
  out.push(`<p>${counts.join(", ") || "no rules"}</p>`);

  out.push(`<table class="verdicts sortable" id="verdicts-${bi}">`);
  out.push(
    `<thead><tr><th>rule</th><th>verdict</th><th data-type="number">legacy rows</th>` +
      `<th data-type="number">new rows</th><th data-type="number">AST edits</th><th>notes</th></tr></thead>`,
  );
  out.push(`<tbody>`);
  for (const [ri, r] of b.rules.entries()) {
    const id = `rule-${bi}-${ri}`;
    const d = r.output_diff;
    const rows = (n: number | undefined) =>
      n === undefined ? `<td class="num" data-key="-1">-</td>` : `<td class="num">${n}</td>`;
    out.push(
      `<tr data-rule="${
        e(r.name)
      }" data-verdict="${r.verdict}" data-detail="${id}" data-index="${ri}">` +
        `<td><a href="#${id}">${e(r.name)}</a></td>` +
        `<td class="v v-${r.verdict}" data-key="${VERDICTS.indexOf(r.verdict)}">${r.verdict}</td>` +
        rows(d?.rows.legacy) + rows(d?.rows.new) +
        `<td class="num">${r.ast_edits.length}</td>` +
        `<td>${e(notes(b, r).join(", "))}</td></tr>`,
    );
  }
  out.push(`</tbody></table>`);

  if (b.gate.blockers.length > 0) {
    out.push(`<h3>Blockers</h3>`, `<ul class="blockers">`);
    for (const x of b.gate.blockers) {
      out.push(`<li><code>${e(x.reason)}</code> ${e(x.rule)}: ${e(x.message)}</li>`);
    }
    out.push(`</ul>`);
  }
  out.push(`<h3>Retirement</h3>`);
  out.push(
    `<p>Retirable now: ${
      b.gate.retirable.length === 0 ? "none" : e(b.gate.retirable.join(", "))
    }</p>`,
  );
  if (b.gate.not_retirable.length > 0) {
    out.push(`<ul class="not-retirable">`);
    for (const n of b.gate.not_retirable) out.push(`<li>${e(n.rule)}: ${e(n.reason)}</li>`);
    out.push(`</ul>`);
  }
  if (b.allowances.length > 0) {
    out.push(`<h3>Allowances</h3>`, `<table class="allowances sortable">`);
    out.push(
      `<thead><tr><th>rule</th><th>diff</th><th>status</th><th>until</th><th>reason</th></tr></thead><tbody>`,
    );
    for (const [i, a] of b.allowances.entries()) {
      out.push(
        `<tr data-index="${i}"><td>${e(a.rule)}</td><td><code>${e(a.diff)}</code></td>` +
          `<td class="a-${a.status}">${a.status}</td><td>${e(a.until ?? "")}</td><td>${
            e(a.reason)
          }</td></tr>`,
      );
    }
    out.push(`</tbody></table>`);
  }
  const s = b.snapshots;
  const lists = [["pending", s.pending], ["missing", s.missing], ["changed", s.changed], [
    "obsolete",
    s.obsolete,
  ]] as const;
  if (lists.some(([, l]) => l.length > 0)) {
    out.push(`<h3>Snapshots</h3>`, `<ul class="snapshots">`);
    for (const [label, l] of lists) {
      if (l.length > 0) out.push(`<li>${label}: ${e(l.join(", "))}</li>`);
    }
    out.push(`</ul>`);
    if (s.pending.length > 0 && s.pending_dir !== null) {
      out.push(`<p>Accept pending snapshots with <code>${e(acceptCommand(b))}</code></p>`);
    }
  }
  out.push(`<h3>Rules</h3>`);
  for (const [ri, r] of b.rules.entries()) out.push(...ruleHtml(b, r, `rule-${bi}-${ri}`, options));
  out.push(`</section>`);
  return out;
}

function ruleHtml(b: BundleReport, r: RuleResult, id: string, options: HtmlOptions): string[] {
  const out: string[] = [];
  out.push(`<details id="${id}" data-rule="${e(r.name)}" data-verdict="${r.verdict}">`);
  out.push(
    `<summary><b>${e(r.name)}</b> <span class="v v-${r.verdict}">${r.verdict}</span></summary>`,
  );
  out.push(`<p>${e(r.message)}</p>`);
  const blockers = blockersOf(b, r.name).filter((x) => x.reason !== r.verdict);
  if (blockers.length > 0) {
    out.push(`<ul class="blockers">`);
    for (const x of blockers) out.push(`<li><code>${e(x.reason)}</code> ${e(x.message)}</li>`);
    out.push(`</ul>`);
  }
  const files: string[] = [];
  if (r.relplan !== null) files.push(`RelPlan <code>${e(r.relplan)}</code>`);
  if (r.legacy !== null) files.push(`legacy ${r.legacy.kind} <code>${e(r.legacy.path)}</code>`);
  if (r.upstream.length > 0) files.push(`upstream ${e(r.upstream.join(", "))}`);
  if (files.length > 0) out.push(`<p class="meta">${files.join(" &middot; ")}</p>`);
  const sig = r.signatures;
  out.push(
    `<p class="meta">signatures: legacy <code>${e(sig.legacy ?? "-")}</code>, new <code>${
      e(sig.new ?? "-")
    }</code>, snapshot <code>${e(sig.snapshot ?? "-")}</code></p>`,
  );
  if (r.errors.length > 0) {
    out.push(`<ul class="errors">`);
    for (const x of r.errors) {
      const where = [x.file, x.path].filter((v) => v !== null).join(" ");
      out.push(
        `<li class="del">${e(x.lane)} <code>${e(x.code)}</code>: ${e(x.message)}` +
          (where ? ` at <code>${e(where)}</code>` : "") +
          (x.hint !== null ? `<br>hint: ${e(x.hint)}` : "") + `</li>`,
      );
    }
    out.push(`</ul>`);
  }
  if (r.warnings.length > 0) {
    out.push(`<ul class="warnings">`);
    for (const w of r.warnings) out.push(`<li class="upd">migrate warning: ${e(w)}</li>`);
    out.push(`</ul>`);
  }

  const ast = astLines(r);
  if (ast.length > 0) {
    const max = options.maxAstLines ?? 2000;
    out.push(`<h4>AST diff</h4>`);
    // In the rendered diff "~" marks moved lines; in the plain edit list it marks updates.
    const rendered = r.ast_rendered !== null && r.ast_rendered !== "";
    const lines = ast.slice(0, max).map((l) => {
      const cls = l[0] === "+"
        ? "ins"
        : l[0] === "-"
        ? "del"
        : l[0] === "~"
        ? (rendered ? "mov" : "upd")
        : l[0] === ">"
        ? "mov"
        : "";
      return cls ? `<span class="${cls}">${e(l)}</span>` : e(l);
    });
    if (ast.length > max) lines.push(e(`… ${plural(ast.length - max, "more line")}`));
    out.push(`<pre class="ast">${lines.join("\n")}</pre>`);
  }
  if (r.ast_edits.length > 0) {
    out.push(
      `<table class="edits"><thead><tr><th>edit</th><th>legacy path</th><th>new path</th>` +
        `<th>legacy</th><th>new</th></tr></thead><tbody>`,
    );
    for (const x of r.ast_edits.slice(0, options.maxAstLines ?? 2000)) {
      out.push(
        `<tr class="${EDIT_CLASS[x.kind]}"><td>${x.kind}</td><td><code>${
          e(x.left_path ?? "")
        }</code></td>` +
          `<td><code>${e(x.right_path ?? "")}</code></td><td><code>${
            e(clip(formatValue(x.left), 200))
          }</code></td>` +
          `<td><code>${e(clip(formatValue(x.right), 200))}</code></td></tr>`,
      );
    }
    out.push(`</tbody></table>`);
  }

  const d = r.output_diff;
  if (d !== null) {
    out.push(`<h4>Output diff</h4>`);
    out.push(`<pre class="summary">${e(outputSummaryLines(r).join("\n"))}</pre>`);
    const max = options.maxSamples ?? 50;
    if (d.samples.length > 0) {
      const columns: string[] = [];
      for (const s of d.samples) {
        for (const c of s.columns) if (!columns.includes(c)) columns.push(c);
      }
      out.push(
        `<table class="samples"><thead><tr><th>kind</th><th>key</th>` +
          columns.map((c) => `<th>${e(c)}</th>`).join("") + `</tr></thead><tbody>`,
      );
      for (const s of d.samples.slice(0, max)) {
        const cls = s.kind === "only_legacy" ? "del" : s.kind === "only_new" ? "ins" : "";
        const cells = columns.map((c) => {
          const i = s.columns.indexOf(c);
          const l = s.legacy === null || i < 0 ? undefined : s.legacy[i];
          const n = s.new === null || i < 0 ? undefined : s.new[i];
          if (s.kind === "changed" && s.changed.includes(c)) {
            return `<td class="chg"><span class="del">${
              e(clip(formatValue(l), 200))
            }</span> &rarr; ` +
              `<span class="ins">${e(clip(formatValue(n), 200))}</span></td>`;
          }
          return `<td>${e(clip(formatValue(s.kind === "only_new" ? n : l), 200))}</td>`;
        });
        out.push(
          `<tr${cls ? ` class="${cls}"` : ""}><td>${s.kind}</td><td>${
            e(s.key === null ? "" : clip(formatValue(s.key), 200))
          }</td>${cells.join("")}</tr>`,
        );
      }
      out.push(`</tbody></table>`);
      if (d.samples.length > max) {
        out.push(`<p>… ${plural(d.samples.length - max, "more sample")}</p>`);
      }
    }
  }
  if (r.differences.length > 0) {
    out.push(`<h4>Differences</h4>`, `<ul class="differences">`);
    for (const x of r.differences) {
      out.push(
        `<li><code>${e(x.kind)}</code> ${e(x.message)}` +
          (x.excused_by.length > 0 ? ` (allowed by ${e(x.excused_by.join(", "))})` : "") + `</li>`,
      );
    }
    out.push(`</ul>`);
  }
  if (r.lineage !== null && r.lineage.length > 0) {
    out.push(
      `<h4>Lineage</h4>`,
      `<table class="lineage"><thead><tr><th>column</th><th>sources</th></tr></thead><tbody>`,
    );
    for (const l of r.lineage) {
      out.push(`<tr><td>${e(l.column)}</td><td>${e(l.sources.join(", "))}</td></tr>`);
    }
    out.push(`</tbody></table>`);
  }
  const snap = r.snapshot;
  if (snap !== null) {
    out.push(
      `<p class="meta">snapshot: ${e(snap.status)}` +
        (snap.fields.length > 0 ? ` (${e(snap.fields.join(", "))})` : "") +
        (snap.path !== null ? ` <code>${e(snap.path)}</code>` : "") +
        (snap.pending_path !== null ? `, pending <code>${e(snap.pending_path)}</code>` : "") +
        `</p>`,
    );
  }
  out.push(`</details>`);
  return out;
}
