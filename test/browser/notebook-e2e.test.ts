import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { installKernelspec } from "../../kernel/kernelspec.js";
import { LOCAL_JUPYTER, localJupyterEnv } from "../../kernel/start-jupyter.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { classifyPageEvents } from "./browser-console.js";
import { launchChromium, type Browser, type Page } from "./chromium.js";
import { freePort, waitForUrl } from "./jupyter-server.js";
import { recordPageEvents, type PageEvent } from "./page-events.js";

// End to end: Debian's classic Jupyter Notebook server on localhost with the depthlab kernel; Chromium opens a copy
// of notebooks/00-welcome.ipynb, runs all cells, and the page must show a plot and a table and no error. The
// Notebook's own noise (test/browser/console-allow-list.ts) is ignored; a second notebook whose output's script throws
// shows that an error of ours still fails the check; a third, with two plotly figures, must draw both with plotly.js
// from the nbextension that installKernelspec writes (lib/plot/plotly/notebook-html.ts), while its kernel runs and
// after it is saved and reopened, and the saved file must not carry plotly.js.
const NOTEBOOK_BIN = "/usr/bin/jupyter-notebook";
const TOKEN = "depthlab-e2e";
const BROKEN = "depthlab-e2e: a deliberately broken output";

/** One code cell whose output's script throws, as a figure's drawing script would on bad data. */
const brokenNotebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "depthlab", display_name: "TypeScript (depthlab)", language: "typescript" } },
  cells: [
    {
      cell_type: "code",
      id: "broken",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: `({ [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "broken", "text/html": "<div>broken</div><script>throw new Error('${BROKEN}')</script>" }) })`,
    },
  ],
};

/** Two plotly figures, whose outputs carry their JSON and a script that loads plotly.js from the nbextension. */
const plotlyNotebook = {
  ...brokenNotebook,
  cells: ["dl.plot.line([1, 4, 9])", "dl.plot.line([9, 4, 1])"].map((source, i) => ({
    cell_type: "code",
    id: `figure-${i}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source,
  })),
};

describe("classic Notebook in Chromium runs the welcome notebook", () => {
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let dir = "";
  let port = 0;
  let missing: string | undefined;

  before(async () => {
    const launched = await launchChromium();
    if (typeof launched === "string") missing = launched;
    else browser = launched;
    if (spawnSync(NOTEBOOK_BIN, ["--version"], { stdio: "ignore" }).status !== 0)
      missing ??= "jupyter-notebook (apt-get install jupyter-notebook)";
    if (missing) return;
    installKernelspec({ kind: "prefix", prefix: LOCAL_JUPYTER }, true); // and the nbextension with plotly.js
    dir = mkdtempSync(join(tmpdir(), "depthlab-e2e-"));
    copyFileSync(join(PACKAGE_ROOT, "notebooks", "00-welcome.ipynb"), join(dir, "welcome.ipynb"));
    writeFileSync(join(dir, "broken.ipynb"), JSON.stringify(brokenNotebook));
    writeFileSync(join(dir, "plotly.ipynb"), JSON.stringify(plotlyNotebook));
    port = await freePort();
    const args = [
      `--port=${port}`,
      "--ip=127.0.0.1",
      "--no-browser",
      "--allow-root",
      `--NotebookApp.token=${TOKEN}`,
      `--notebook-dir=${dir}`,
    ];
    server = spawn(NOTEBOOK_BIN, args, { env: { ...localJupyterEnv(), JUPYTER_RUNTIME_DIR: join(dir, ".runtime") }, stdio: "ignore" });
    await waitForUrl(`http://127.0.0.1:${port}/api?token=${TOKEN}`, 30_000);
  });

  after(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const skipOrFail = (t: { skip(message: string): void }) => {
    if (process.env["DEPTHLAB_REQUIRE_CHROMIUM"]) assert.fail(`missing: ${missing}`);
    t.skip(`missing: ${missing}`);
  };

  /** Opens `file` from the server and waits for its kernel. */
  async function open(file: string): Promise<{ page: Page; events: PageEvent[] }> {
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    const events = recordPageEvents(page);
    await page.goto(`http://127.0.0.1:${port}/notebooks/${file}?token=${TOKEN}`);
    // page scripts are strings: this project compiles without the DOM library
    await page.waitForFunction("window.Jupyter?.notebook?.kernel?.is_connected?.() === true", null, { timeout: 60_000 });
    return { page, events };
  }

  /** Opens `file` from the server, runs all its cells and waits for the figures; the events are recorded from the start. */
  async function runAll(file: string): Promise<{ page: Page; events: PageEvent[] }> {
    const { page, events } = await open(file);
    await page.evaluate("Jupyter.notebook.execute_all_cells()");
    const allRan =
      "Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code').every((c) => typeof c.input_prompt_number === 'number')";
    await page.waitForFunction(allRan, null, { timeout: 180_000 });
    await page.waitForTimeout(1500); // figures draw asynchronously
    return { page, events };
  }

  it("shows a plot and a table, with no error output", async (t) => {
    if (missing) return skipOrFail(t);
    const { page, events } = await runAll("welcome.ipynb");
    mkdirSync(join(PACKAGE_ROOT, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(PACKAGE_ROOT, "test-artifacts", "notebook-e2e.png"), fullPage: true });
    const drawn = (selector: string) =>
      `[...document.querySelectorAll("${selector}")].filter((e) => e.querySelectorAll("path, rect, canvas").length > 3).length`;
    const counts = (await page.evaluate(`({
      errors: document.querySelectorAll(".output_error").length,
      tables: document.querySelectorAll(".output_subarea table").length,
      plotly: ${drawn(".output_subarea .js-plotly-plot")},
      svgs: ${drawn(".output_subarea svg")},
    })`)) as { errors: number; tables: number; plotly: number; svgs: number };
    await page.close();
    assert.equal(counts.errors, 0, "error outputs in the page");
    assert.ok(counts.tables >= 1, "a table in the outputs");
    assert.ok(counts.plotly + counts.svgs >= 1, `a drawn figure in the outputs (${JSON.stringify(counts)})`);
    const { errors, allowed } = classifyPageEvents(events);
    for (const line of allowed) t.diagnostic(line);
    assert.deepEqual(errors, [], "errors on the page (the Notebook's own noise is listed in test/browser/console-allow-list.ts)");
  });

  it("an output whose script throws is reported as an error on the page", async (t) => {
    if (missing) return skipOrFail(t);
    const { page, events } = await runAll("broken.ipynb");
    await page.close();
    const { errors } = classifyPageEvents(events);
    assert.ok(
      errors.length === 1 && errors[0]!.includes(BROKEN),
      `the broken output's exception, and no other error: ${JSON.stringify(errors)}`,
    );
  });

  it("plotly figures draw with plotly.js from the nbextension, while the kernel runs and after save and reopen", async (t) => {
    if (missing) return skipOrFail(t);
    const drawnFigures = `[...document.querySelectorAll(".output_subarea .js-plotly-plot")].filter((e) => e.querySelectorAll("path").length > 3).length`;
    const fromNbextension = `[...document.scripts].filter((s) => s.src.includes("/nbextensions/depthlab/plotly.min.js")).length`;
    const ran = await runAll("plotly.ipynb");
    await ran.page.waitForFunction(`${drawnFigures} === 2`, null, { timeout: 30_000 });
    assert.equal(await ran.page.evaluate(fromNbextension), 1, "plotly.js loaded once, from the nbextension");
    await ran.page.evaluate("Jupyter.notebook.save_notebook()");
    await ran.page.waitForFunction("Jupyter.notebook.dirty === false", null, { timeout: 30_000 });
    await ran.page.close();
    const saved = statSync(join(dir, "plotly.ipynb")).size;
    assert.ok(saved < 100_000, `the saved notebook does not carry plotly.js (${saved} bytes)`);

    // Reopened: the outputs come from the saved file (trusted, since this server signed it), not from a kernel.
    const reopened = await open("plotly.ipynb");
    await reopened.page.waitForFunction(`${drawnFigures} === 2`, null, { timeout: 30_000 });
    assert.equal(await reopened.page.evaluate(fromNbextension), 1, "plotly.js loaded once, from the nbextension");
    await reopened.page.close();
    for (const { events } of [ran, reopened]) assert.deepEqual(classifyPageEvents(events).errors, [], "errors on the page");
  });
});
