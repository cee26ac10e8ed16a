/**
 * End-to-end test of the HTML report in a real browser: run the CLI on the
 * demo_divergent bundle, open the report in headless Chromium (Debian's
 * `chromium` package, driven by playwright-core; no browser is downloaded)
 * and check the banner, the verdict table, opening a rule's details, sorting,
 * and that the page makes no network requests and logs no errors.
 *
 * Chromium missing is a failure, not a skip: `.ci/run` installs it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { relgate } from "../_cli.ts";

const CHROMIUM = "/usr/bin/chromium";
const REPO = fileURLToPath(new URL("../../", import.meta.url));
/** Set to keep the report and screenshot after a passing run (a failing run always keeps them). */
const KEEP = "RELGATE_KEEP_REPORT";

/** The demo bundle's rules and verdicts, in bundle order. */
const RULES: ReadonlyArray<readonly [string, string]> = [
  ["demo.totals", "divergent"],
  ["demo.amounts", "equivalent"],
  ["demo.status", "equivalent"],
  ["demo.customers", "unmigrated"],
  ["demo.status_code", "broken"],
  ["demo.big_orders", "equivalent"],
  ["demo.open_orders", "identical"],
];

function requireChromium(): void {
  let ok = false;
  try {
    ok = Deno.statSync(CHROMIUM).isFile;
  } catch {
    ok = false;
  }
  assert.ok(
    ok,
    `${CHROMIUM} not found: this test needs Debian's chromium package ` +
      `(apt-get install -y chromium; .ci/run installs it when missing)`,
  );
}

/** Rule names of the verdict table, in displayed order. */
function tableOrder(page: Page): Promise<string[]> {
  return page.$$eval(
    "table.verdicts tbody tr[data-rule]",
    (rows) => rows.map((r) => r.getAttribute("data-rule") ?? ""),
  );
}

Deno.test("HTML report in headless Chromium: banner, rows, details, sorting, offline", async () => {
  requireChromium();
  const tmp = await Deno.makeTempDir({ prefix: "relgate_html_" });
  const out = join(tmp, "report.html");
  const cli = await relgate(
    ["audit", "migrations/demo_divergent", "--format", "html", "--out", out],
    { cwd: REPO },
  );
  assert.equal(cli.code, 0, cli.stderr);

  const shot = join(tmp, "report.png");
  let browser: Browser | undefined;
  let page: Page | undefined;
  let passed = false;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      timeout: 15_000,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(5_000);
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));

    const url = pathToFileURL(out).href;
    await page.goto(url, { waitUntil: "load" });

    // Gate banner.
    const gate = page.locator("#gate");
    assert.ok(await gate.isVisible());
    assert.equal(await gate.getAttribute("data-gate"), "closed");
    assert.match(await gate.innerText(), /gate: CLOSED/);
    assert.equal(await page.title(), "relgate report: gate CLOSED");

    // Every rule row is visible, with its verdict.
    const rows = page.locator("table.verdicts tbody tr[data-rule]");
    assert.equal(await rows.count(), RULES.length);
    assert.deepEqual(await tableOrder(page), RULES.map(([name]) => name));
    for (const [name, verdict] of RULES) {
      const row = page.locator(`table.verdicts tr[data-rule="${name}"]`);
      assert.ok(await row.isVisible(), `row ${name} visible`);
      assert.equal(await row.getAttribute("data-verdict"), verdict);
      assert.equal((await row.locator("td").nth(1).innerText()).trim(), verdict);
    }

    // Details start closed; clicking the divergent row opens its diff.
    const details = page.locator(`details[data-rule="demo.totals"]`);
    assert.equal(await details.getAttribute("data-verdict"), "divergent");
    assert.equal(await details.getAttribute("open"), null);
    const samples = details.locator("table.samples");
    assert.equal(await samples.isVisible(), false);
    await page.locator(`table.verdicts tr[data-rule="demo.totals"] td`).nth(1).click();
    assert.equal(await details.getAttribute("open"), "");
    assert.ok(await details.locator("pre.ast").isVisible(), "AST diff visible");
    assert.ok(await details.locator("pre.summary").isVisible(), "output diff summary visible");
    assert.ok(await samples.isVisible(), "sample rows visible");
    const changed = samples.locator("tbody tr", { hasText: "changed" });
    assert.ok((await changed.count()) >= 1);
    assert.ok(await changed.first().isVisible());
    const cell = samples.locator("td.chg", { hasText: "59.97" });
    assert.equal(await cell.count(), 1);
    assert.ok(await cell.isVisible(), "changed value 59.97 visible");
    // Other details stay closed.
    assert.equal(
      await page.locator(`details[data-rule="demo.amounts"]`).getAttribute("open"),
      null,
    );

    // The rule's link opens its details through the URL hash.
    const broken = page.locator(`details[data-rule="demo.status_code"]`);
    assert.equal(await broken.getAttribute("open"), null);
    await page.locator(`table.verdicts tr[data-rule="demo.status_code"] a`).click();
    await page.waitForFunction(() => location.hash === "#rule-0-4");
    assert.equal(await broken.getAttribute("open"), "");
    assert.ok(await broken.locator("ul.errors").isVisible(), "broken rule's error visible");

    // Sorting: rule header ascending, then descending; verdict sorts by severity.
    const names = RULES.map(([name]) => name);
    const ruleHead = page.locator("#verdicts-0 thead th").nth(0);
    await ruleHead.click();
    assert.equal(await ruleHead.getAttribute("aria-sort"), "ascending");
    assert.deepEqual(await tableOrder(page), [...names].sort());
    await ruleHead.click();
    assert.equal(await ruleHead.getAttribute("aria-sort"), "descending");
    assert.deepEqual(await tableOrder(page), [...names].sort().reverse());
    const verdictHead = page.locator("#verdicts-0 thead th").nth(1);
    await verdictHead.click();
    assert.equal(await verdictHead.getAttribute("aria-sort"), "ascending");
    assert.equal(await ruleHead.getAttribute("aria-sort"), null);
    // Severity order (identical first), ties in bundle order.
    assert.deepEqual(await tableOrder(page), [
      "demo.open_orders",
      "demo.amounts",
      "demo.status",
      "demo.big_orders",
      "demo.totals",
      "demo.status_code",
      "demo.customers",
    ]);

    await page.screenshot({ path: shot, fullPage: true });

    assert.deepEqual(requests.filter((u) => !u.startsWith("file:")), []);
    assert.ok(requests.length >= 1);
    assert.deepEqual(problems, []);
    await context.close();
    passed = true;
  } finally {
    if (!passed) await page?.screenshot({ path: shot, fullPage: true }).catch(() => {});
    await browser?.close();
    if (passed && Deno.env.get(KEEP) === undefined) {
      await Deno.remove(tmp, { recursive: true });
    } else {
      console.log(`report and screenshot kept in ${tmp}`);
    }
  }
});
