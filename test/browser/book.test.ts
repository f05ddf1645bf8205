import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { buildBook, describeFailure, type BookResult } from "../../book/build-book.js";
import type { ExecuteResult } from "../../book/execute-notebook.js";
import { parseNotebook, type Notebook, type Output } from "../../book/notebook.js";
import { progressReporter } from "../../book/progress.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { classifyPageEvents } from "./browser-console.js";
import { launchChromium, type Browser } from "./chromium.js";
import { recordPageEvents } from "./page-events.js";

// Builds the textbook from notebooks/ (every notebook executed in a fresh kernel, or taken from the shared cache in
// site-cache/ when neither it nor the library changed) plus a fixture chapter showing every output type, opens
// both from file:// in Chromium and checks each page: no error (console, uncaught exception or failed request; the
// book has no allow-listed noise), no request leaving file://, every figure drawn, maths typeset, every local link
// resolving. A chapter with a broken figure shows that the check catches one. Screenshots go to test-artifacts/book/.
const SHOTS = join(PACKAGE_ROOT, "test-artifacts", "book");
const FIXTURES = join(PACKAGE_ROOT, "test", "fixtures", "book");
const MATH = /\$\$[^$]+\$\$|(^|[^\\$])\$[^\s$][^$]*?[^\s\\]\$|(^|[^\\$])\$[^\s$]\$/;

interface PageReport {
  /** Errors on the page (console errors, uncaught exceptions, failed requests), less test/browser/console-allow-list.ts. */
  errors: string[];
  external: string[];
  /** `over`: pixels the figure's drawing sticks out past the right edge of its cell (≤ 0: it fits the page's column). */
  figures: { kind: string; drawn: string | null; marks: number; over: number }[];
  mathCells: number[];
  katexErrors: number;
  links: string[];
}

/** Loads one page and reports what the checks need; `mathCells` lists the cells (1-based) holding a typeset formula. */
async function inspect(browser: Browser, file: string, shot: string): Promise<PageReport> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const report: PageReport = { errors: [], external: [], figures: [], mathCells: [], katexErrors: 0, links: [] };
  const events = recordPageEvents(page);
  await page.route(
    (url) => url.protocol !== "file:" && url.protocol !== "data:",
    (route) => {
      report.external.push(route.request().url());
      return route.abort();
    },
  );
  await page.goto(pathToFileURL(file).href);
  // page scripts are strings: this project compiles without the DOM library
  await page.waitForFunction(`[...document.querySelectorAll("[data-figure]")].every((f) => f.hasAttribute("data-drawn"))`, null, {
    timeout: 30_000,
  });
  Object.assign(
    report,
    await page.evaluate(`({
      figures: [...document.querySelectorAll("[data-figure]")].map((f) => ({
        kind: f.getAttribute("data-figure"),
        drawn: f.getAttribute("data-drawn"),
        marks: f.querySelectorAll(".figure-target svg path, .figure-target svg rect, .figure-target canvas").length,
        over: Math.round(
          Math.max(0, ...[...f.querySelectorAll(".figure-target svg, .figure-target canvas")].map((e) => e.getBoundingClientRect().right)) -
            (f.closest(".cell") ?? f.parentElement).getBoundingClientRect().right,
        ),
      })),
      mathCells: [...document.querySelectorAll(".cell")].filter((c) => c.querySelector(".katex")).map((c) => Number(c.id.replace("cell-", ""))),
      katexErrors: document.querySelectorAll(".katex-error").length,
      links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
    })`),
  );
  await page.screenshot({ path: shot, fullPage: true });
  await page.close();
  report.errors = classifyPageEvents(events).errors;
  return report;
}

/** Checks every page of a built book and returns the chapter pages' reports by slug. */
async function checkBook(browser: Browser, book: BookResult, shotPrefix: string): Promise<Map<string, PageReport>> {
  const reports = new Map<string, PageReport>();
  const slugs = ["index", ...book.chapters.map((c) => c.slug)];
  for (const [i, slug] of slugs.entries()) {
    const file = join(book.out, `${slug}.html`);
    const report = await inspect(browser, file, join(SHOTS, `${shotPrefix}${slug}.png`));
    reports.set(slug, report);
    assert.deepEqual(report.external, [], `${slug}: requests that leave file://`);
    assert.deepEqual(report.errors, [], `${slug}: errors on the page`);
    for (const f of report.figures) {
      assert.equal(f.drawn, "true", `${slug}: a ${f.kind} figure did not draw`);
      assert.ok(f.marks > 0, `${slug}: a ${f.kind} figure drew nothing (no SVG mark or canvas)`);
      // 1 px: sub-pixel layout rounds either way
      assert.ok(f.over <= 1, `${slug}: a ${f.kind} figure is ${f.over} px wider than the page's column`);
    }
    for (const href of report.links.filter((h) => !/^[a-z]+:/.test(h) && !h.startsWith("#"))) {
      const target = fileURLToPath(new URL(href, pathToFileURL(file)));
      assert.ok(existsSync(target), `${slug}: the link ${href} leads nowhere`);
    }
    if (slug === "index") {
      for (const c of book.chapters) assert.ok(report.links.includes(`${c.slug}.html`), `index: no link to ${c.slug}`);
      continue;
    }
    assert.equal(report.katexErrors, 0, `${slug}: formulas KaTeX could not parse`);
    const notebook = parseNotebook(readFileSync(join(book.out, "notebooks", `${slug}.ipynb`), "utf8"));
    notebook.cells.forEach((cell, c) => {
      if (cell.cell_type === "markdown" && MATH.test(cell.source)) {
        assert.ok(report.mathCells.includes(c + 1), `${slug}: cell ${c + 1} has maths but no .katex element`);
      }
    });
    const previous = slugs[i - 1] === "index" ? undefined : slugs[i - 1];
    const next = slugs[i + 1];
    if (previous) assert.ok(report.links.includes(`${previous}.html`), `${slug}: no link to the previous chapter ${previous}`);
    if (next) assert.ok(report.links.includes(`${next}.html`), `${slug}: no link to the next chapter ${next}`);
    assert.ok(report.links.includes(`notebooks/${slug}.ipynb`), `${slug}: no download link`);
  }
  return reports;
}

describe("the textbook in Chromium, from file://", () => {
  let browser: Browser | undefined;
  let missing: string | undefined;
  let dir = "";
  const quiet = progressReporter({ stream: { write: () => true } });

  before(async () => {
    const launched = await launchChromium();
    if (typeof launched === "string") missing = launched;
    else browser = launched;
    dir = mkdtempSync(join(tmpdir(), "depthlab-book-test-"));
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One chapter whose outputs are broken as a figure can be: a vega-lite spec vega-embed rejects, a script that throws. */
  const brokenOutputs: Output[] = [
    {
      output_type: "display_data",
      data: { "application/vnd.vegalite.v6+json": { mark: "no-such-mark", data: { values: [{ x: 1 }] } }, "text/plain": "broken" },
      metadata: {},
    },
    {
      output_type: "display_data",
      data: { "text/html": `<script>throw new Error("depthlab book test: a deliberately broken output")</script>`, "text/plain": "broken" },
      metadata: {},
    },
  ];
  const executeBroken = async (nb: Notebook): Promise<ExecuteResult> => ({
    notebook: { ...nb, cells: nb.cells.map((c, i) => (c.cell_type === "code" ? { ...c, execution_count: i, outputs: brokenOutputs } : c)) },
    failure: null,
    elapsedMs: 1,
  });

  const skipOrFail = (t: { skip(message: string): void }) => {
    if (process.env["DEPTHLAB_REQUIRE_CHROMIUM"]) assert.fail(`missing: ${missing}`);
    t.skip(`missing: ${missing}`);
  };

  it("every notebook in notebooks/ builds without a failing cell, and every page passes the checks", async (t) => {
    // executes the notebooks (through the cache): this is the test that a broken library breaks the book
    const book = await buildBook({ out: join(dir, "book"), keepGoing: true, progress: quiet });
    assert.deepEqual(book.failures.map(describeFailure), [], "chapters that failed");
    assert.deepEqual(book.mathErrors, [], "formulas that did not parse");
    if (missing) return skipOrFail(t);
    await checkBook(browser!, book, "");
  });

  it("a chapter with every output type draws plotly and vega-lite figures, images, maths and streams", async (t) => {
    const book = await buildBook({ notebooks: FIXTURES, out: join(dir, "fixture"), keepGoing: true, progress: quiet });
    assert.deepEqual(book.failures.map(describeFailure), [], "the fixture failed");
    if (missing) return skipOrFail(t);
    const report = (await checkBook(browser!, book, "fixture-")).get("00-outputs")!;
    assert.deepEqual(
      report.figures.map((f) => f.kind),
      ["plotly", "plotly", "vega-lite"],
    );
    assert.ok(report.mathCells.includes(1) && report.mathCells.includes(5), `maths typeset in cells 1 and 5: ${report.mathCells}`);
    const html = readFileSync(join(book.out, "00-outputs.html"), "utf8");
    assert.match(html, /<img class="output-image" alt="figure" src="data:image\/png;base64,/);
    assert.match(html, /id="final-step">step 2</, "the updated display shows its last state");
    assert.doesNotMatch(html, /class="output-html"><b>step 1/, "the first state was replaced");
    assert.match(html, /<script src="assets\/plotly.min.js"><\/script>/, "plotly.min.js is referenced from assets/");
    assert.ok(html.length < 100_000, `the page inlines no library (${html.length} characters)`);
    assert.ok(existsSync(join(book.out, "assets", "katex", "fonts")), "KaTeX fonts copied");
  });

  it("a broken figure (vega-embed rejects it) and an output script that throws are errors on the page", async (t) => {
    const source = join(dir, "broken-notebooks");
    mkdirSync(source, { recursive: true });
    const cells = [
      { cell_type: "markdown", metadata: {}, source: "# Broken outputs" },
      { cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: "brokenFigures()" },
    ];
    writeFileSync(join(source, "00-broken.ipynb"), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    const out = join(dir, "broken");
    const book = await buildBook({
      notebooks: source,
      out,
      cacheDir: join(dir, "broken-cache"),
      library: "test",
      execute: executeBroken,
      progress: quiet,
    });
    if (missing) return skipOrFail(t);
    const report = await inspect(browser!, join(book.out, "00-broken.html"), join(SHOTS, "broken-00-broken.png"));
    assert.deepEqual(
      report.figures.map((f) => f.drawn),
      ["failed"],
    );
    const errors = JSON.stringify(report.errors);
    assert.equal(report.errors.length, 2, `two errors: ${errors}`);
    const vega = /^console error \(file:.*\/assets\/book\.js\): depthlab book: a vega-lite figure failed to draw: /;
    assert.ok(
      report.errors.some((e) => vega.test(e)),
      `book.js reports the figure: ${errors}`,
    );
    const thrown = /^page error \(file:.*\/00-broken\.html\): depthlab book test: a deliberately broken output$/;
    assert.ok(
      report.errors.some((e) => thrown.test(e)),
      `the exception is reported: ${errors}`,
    );
  });
});
