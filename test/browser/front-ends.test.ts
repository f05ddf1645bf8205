import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureFrontEnd } from "../../kernel/start-jupyter.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { classifyPageEvents } from "./browser-console.js";
import { launchChromium, type Browser, type Page } from "./chromium.js";
import { notebookReport, renderingProblems, waitAllRun, waitFiguresDrawn, watchIopub, type NotebookReport } from "./front-end-report.js";
import { startJupyterServer, type JupyterServer } from "./jupyter-server.js";
import { recordPageEvents, type PageEvent } from "./page-events.js";

// The course in the front-ends students use: JupyterLab 4.6.4 and Notebook 7.6.3 from the project's environment
// (.jupyter/venv, made as `npm start` makes it; .ci/run makes it first), in headless Chromium at JupyterLab's
// default window size with the file browser open. Each notebook is opened in a fresh workspace and run with
// Run All; the front-end's model of the outputs (what the kernel sent) is the reference the DOM is checked
// against: every plotly figure drawn by jupyterlab-plotly, every vega-lite figure by JupyterLab's renderer, every
// table and image shown, each figure inside its output area, no error output, no console error (the
// front-ends' own noise is listed in console-allow-list.ts). A fixture notebook holds one of every kind of output
// the library makes, a live training display among them; it is saved, copied (an unsigned copy opens untrusted)
// and reopened. Of the course, notebooks 02 (plotly and tables) and 07 (faceted vega-lite, the widest figures)
// run in JupyterLab, and 07 in Notebook 7: every notebook runs top to bottom in the protocol tests and the book
// test, so here the point is the renderers, and these two hold every kind of figure the course draws.
const VIEWPORT = { width: 1400, height: 900 };
const COURSE_IN_LAB = ["02-benefits-of-depth.ipynb", "07-initialization.ipynb"];
const COURSE_IN_NOTEBOOK_7 = ["07-initialization.ipynb"];
const BROKEN = "depthlab-front-ends: a deliberately broken output";

const code = (id: string, source: string) => ({ cell_type: "code", id, metadata: {}, execution_count: null, outputs: [], source });
const notebook = (cells: ReturnType<typeof code>[]) => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "depthlab", display_name: "TypeScript (depthlab)", language: "typescript" } },
  cells,
});

/** One of each kind of output the library makes, the live training display among them. */
const OUTPUTS = notebook([
  code(
    "model",
    "const data = dl.datasets.disc({ n: 200, seed: 1 });\nconst model = dl.models.mlp({ inputs: 2, hidden: [8], outputs: 2 });\nmodel",
  ),
  code("tensor", "tf.tensor([[1, 2], [3, 4]])"),
  code("plotly", "await dl.plot.line([1, 4, 9, 16], { title: 'squares' })"),
  code("vega", "await dl.plot.histogram(tf.randomNormal([500], 0, 1, 'float32', 1), { bins: 20 })"),
  // 12,000 steps: about 1 s on the fused engine, so about 10 redraws
  code("live", "const history = await dl.train.fit(model, data, { epochs: 1500, batchSize: 25, live: { maxUpdatesPerSecond: 10 } });"),
  code("table", "await dl.plot.table(history.table(), { limit: 5 })"),
  code("curves", "await dl.plot.curves(history)"),
]);

/** An output whose script throws, as a figure's drawing script would on bad data: the check must see it. */
const BROKEN_NOTEBOOK = notebook([
  code(
    "broken",
    `({ [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "broken", "text/html": "<div>broken</div><script>throw new Error('${BROKEN}')</script>" }) })`,
  ),
]);

describe("JupyterLab 4 and Notebook 7 run the course with the depthlab kernel", () => {
  let browser: Browser | undefined;
  /** One server per front-end, started as `npm start` and `npm start -- --notebook` start them. */
  const servers: Partial<Record<"lab" | "notebook", JupyterServer>> = {};
  let missing: string | undefined;
  let dir = "";

  before(async () => {
    const lines: string[] = [];
    const lab = ensureFrontEnd("lab", true, (line) => lines.push(line));
    const notebook7 = lab === null ? null : ensureFrontEnd("notebook", true, (line) => lines.push(line));
    if (notebook7 === null) missing = `JupyterLab 4 and Notebook 7 (${lines.join(" ")})`;
    const launched = await launchChromium();
    if (typeof launched === "string") missing ??= launched;
    else browser = launched;
    if (missing) return;
    dir = mkdtempSync(join(tmpdir(), "depthlab-front-ends-"));
    for (const name of new Set([...COURSE_IN_LAB, ...COURSE_IN_NOTEBOOK_7]))
      copyFileSync(join(PACKAGE_ROOT, "notebooks", name), join(dir, name));
    writeFileSync(join(dir, "outputs.ipynb"), JSON.stringify(OUTPUTS));
    writeFileSync(join(dir, "broken.ipynb"), JSON.stringify(BROKEN_NOTEBOOK));
    writeFileSync(join(dir, "features.ipynb"), JSON.stringify(notebook([code("only", "")])));
    servers.lab = await startJupyterServer(lab!, dir);
    servers.notebook = await startJupyterServer(notebook7!, dir);
  });

  after(async () => {
    await browser?.close();
    for (const server of Object.values(servers)) server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const skipOrFail = (t: { skip(message: string): void }) => {
    if (process.env["DEPTHLAB_REQUIRE_JUPYTER"]) assert.fail(`missing: ${missing}`);
    t.skip(`missing: ${missing}`);
  };

  /** Opens `file` in JupyterLab (`/lab/tree/…`) or Notebook 7 (`/notebooks/…`) and waits for its kernel. */
  async function open(app: "lab" | "notebook", file: string): Promise<{ page: Page; events: PageEvent[] }> {
    const page = await browser!.newPage({ viewport: VIEWPORT });
    const events = recordPageEvents(page);
    // JupyterLab restores the last workspace, other notebooks included: `reset` starts from an empty one
    const url = app === "lab" ? `lab/tree/${file}?reset&` : `notebooks/${file}?`;
    const server = servers[app]!;
    await page.goto(`${server.base}/${url}token=${server.token}`);
    await page.waitForFunction(
      `(() => {
        const panel = window.jupyterapp?.shell?.currentWidget;
        return panel?.context?.path === ${JSON.stringify(file)} && panel.sessionContext?.session?.kernel?.status === "idle";
      })()`,
      null,
      { timeout: 90_000, polling: 250 },
    );
    return { page, events };
  }

  /** Opens `file`, runs all its cells (as the Run menu does) and reports its outputs. */
  async function runAll(app: "lab" | "notebook", file: string, t: { diagnostic(m: string): void }) {
    const started = Date.now();
    const opened = await open(app, file);
    await watchIopub(opened.page);
    await opened.page.evaluate(`window.jupyterapp.commands.execute("notebook:run-all-cells")`);
    await waitAllRun(opened.page, 300_000);
    await waitFiguresDrawn(opened.page, 30_000);
    const report = await notebookReport(opened.page);
    t.diagnostic(
      `${app} ${file}: ${report.codeCells} code cells, ${report.outputs.length} outputs, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    mkdirSync(join(PACKAGE_ROOT, "test-artifacts"), { recursive: true });
    await opened.page.screenshot({ path: join(PACKAGE_ROOT, "test-artifacts", `${app}-${file.replace(/\.ipynb$/, "")}.png`) });
    return { ...opened, report };
  }

  /** The page's errors, less the front-ends' own noise (listed with reasons in console-allow-list.ts). */
  const pageErrors = (events: PageEvent[], t: { diagnostic(m: string): void }) => {
    const { errors, allowed } = classifyPageEvents(events);
    for (const line of allowed) t.diagnostic(line);
    return errors;
  };

  const kinds = (report: NotebookReport) => report.outputs.map((o) => o.expected).filter((k) => k !== "text" && k !== "stream");

  for (const app of ["lab", "notebook"] as const) {
    const title = app === "lab" ? "JupyterLab" : "Notebook 7";

    it(`${title}: every kind of output draws with the front-end's renderers and fits, a live display updates in place, and all survive save and an untrusted reopen`, async (t) => {
      if (missing) return skipOrFail(t);
      const file = `outputs-${app}.ipynb`;
      copyFileSync(join(dir, "outputs.ipynb"), join(dir, file));
      const { page, events, report } = await runAll(app, file, t);
      assert.deepEqual(renderingProblems(report), [], `${title} outputs`);
      // the reference: the fixture's cells, in order (model, tensor, plotly, vega-lite, live, table, curves)
      assert.deepEqual(
        kinds(report),
        ["table", "table", "plotly", "vega-lite", "html", "table", "vega-lite"],
        JSON.stringify(report.outputs.map((o) => o.mimes)),
      );
      const live = report.outputs.filter((o) => o.cell === 5);
      const updates = Object.values(report.updates);
      assert.equal(live.length, 1, "the live display is one output");
      assert.ok(updates.length === 1 && updates[0]!.count >= 2, `several updates of one display: ${JSON.stringify(report.updates)}`);
      assert.equal(live[0]!.text.trim(), updates[0]!.lastText.trim(), "the output shows the last update");
      assert.deepEqual(pageErrors(events, t), [], `errors on the ${title} page`);

      await page.evaluate(`window.jupyterapp.commands.execute("docmanager:save")`);
      await page.waitForFunction(`window.jupyterapp.shell.currentWidget.context.model.dirty === false`, null, { timeout: 30_000 });
      await page.close();
      // A copy has no signature in the server's trust database: it opens untrusted, as a notebook received by mail does.
      const saved = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: { outputs: unknown[] }[] };
      assert.ok(
        saved.cells.every((c) => c.outputs.length > 0),
        "every cell's output was saved",
      );
      writeFileSync(join(dir, `untrusted-${file}`), JSON.stringify(saved));
      for (const reopened of [file, `untrusted-${file}`]) {
        const again = await open(app, reopened);
        await waitFiguresDrawn(again.page, 30_000);
        const shown = await notebookReport(again.page);
        await again.page.screenshot({
          path: join(PACKAGE_ROOT, "test-artifacts", `${app}-reopened-${reopened.replace(/\.ipynb$/, "")}.png`),
          fullPage: true,
        });
        await again.page.close();
        assert.deepEqual(renderingProblems({ ...shown, unrun: 0 }), [], `${title}, reopened ${reopened}`);
        assert.deepEqual(kinds(shown), kinds(report), `${title}, reopened ${reopened}: the same outputs`);
        assert.deepEqual(pageErrors(again.events, t), [], `errors on the reopened ${title} page`);
      }
    });

    for (const file of app === "lab" ? COURSE_IN_LAB : COURSE_IN_NOTEBOOK_7) {
      it(`${title}: ${file} runs top to bottom with every figure drawn inside its output area and no error`, async (t) => {
        if (missing) return skipOrFail(t);
        const { page, events, report } = await runAll(app, file, t);
        await page.close();
        assert.deepEqual(renderingProblems(report), [], `${title} ${file}`);
        assert.ok(
          kinds(report).some((k) => k === "plotly" || k === "vega-lite"),
          "the notebook draws figures",
        );
        assert.deepEqual(pageErrors(events, t), [], `errors on the ${title} page`);
      });
    }
  }

  it("JupyterLab: completion (Tab), the tooltip (Shift-Tab), is_complete, the status indicator, and Interrupt and Restart from the Kernel menu work", async (t) => {
    if (missing) return skipOrFail(t);
    const { page, events } = await open("lab", "features.ipynb");
    const panel = "window.jupyterapp.shell.currentWidget";
    const kernel = `${panel}.sessionContext.session.kernel`;
    const runCell = async (source: string) => {
      await page.evaluate(
        `(() => { const cell = ${panel}.content.widgets[0]; cell.model.sharedModel.setSource(${JSON.stringify(source)}); ${panel}.content.activeCellIndex = 0; })()`,
      );
      // not awaited in the page: the command's promise settles when the cell ends
      await page.evaluate(`void window.jupyterapp.commands.execute("notebook:run-cell")`);
    };
    const outputText = () => page.evaluate(`${panel}.content.widgets[0].outputArea.node.textContent`) as Promise<string>;
    const cellOutputs = () => page.evaluate(`JSON.stringify(${panel}.content.widgets[0].model.outputs.toJSON())`) as Promise<string>;

    // Tab in the editor after "tf.zero" opens JupyterLab's completer with the kernel's matches
    await page.evaluate(
      `(() => { const cell = ${panel}.content.widgets[0]; cell.model.sharedModel.setSource("tf.zero"); ${panel}.content.activeCellIndex = 0; })()`,
    );
    await page.evaluate(`window.jupyterapp.commands.execute("notebook:enter-edit-mode")`);
    await page.keyboard.press("End");
    await page.keyboard.press("Tab");
    await page.waitForSelector(".jp-Completer:not(.lm-mod-hidden) .jp-Completer-item", { timeout: 20_000 });
    const items = (await page.evaluate(
      `[...document.querySelectorAll(".jp-Completer-item")].map((e) => e.getAttribute("data-value"))`,
    )) as string[];
    assert.ok(items.includes("zeros") && items.includes("zerosLike"), `completer items: ${items.join(", ")}`);
    await page.keyboard.press("Escape");

    // Shift-Tab inside a call shows the kernel's inspect_reply (the signature and doc comment) in a tooltip
    await page.evaluate(`(() => {
      const cell = ${panel}.content.widgets[0];
      cell.model.sharedModel.setSource("dl.datasets.disc(");
      cell.editor.focus();
      cell.editor.setCursorPosition(cell.editor.getPositionAt(17));
    })()`);
    await page.keyboard.press("Shift+Tab");
    await page.waitForSelector(".jp-Tooltip", { timeout: 20_000 });
    const tooltip = (await page.evaluate(`document.querySelector(".jp-Tooltip").textContent`)) as string;
    assert.match(tooltip, /disc\(options\?: dl\.datasets\.DiscOptions\): dl\.datasets\.Dataset/);
    await page.keyboard.press("Escape");

    const isComplete = async (code: string) =>
      page.evaluate(`${kernel}.requestIsComplete({ code: ${JSON.stringify(code)} }).then((r) => r.content.status)`);
    assert.deepEqual([await isComplete("function f() {"), await isComplete("1 + 1")], ["incomplete", "complete"]);

    // The toolbar's status follows the kernel: busy while a cell runs; Interrupt stops an endless loop
    await runCell("const before = 41;\nwhile (true) {}");
    await page.waitForFunction(`${panel}.sessionContext.kernelDisplayStatus === "busy"`, null, { timeout: 20_000 });
    await page.waitForTimeout(500);
    await page.evaluate(`void window.jupyterapp.commands.execute("kernelmenu:interrupt")`);
    await page.waitForFunction(`${panel}.sessionContext.kernelDisplayStatus === "idle"`, null, { timeout: 20_000 });
    const interrupted = JSON.parse(await cellOutputs()) as { output_type: string; ename?: string }[];
    assert.deepEqual(
      interrupted.map((o) => [o.output_type, o.ename]),
      [["error", "KeyboardInterrupt"]],
    );
    await runCell("before + 1");
    await page.waitForFunction(`${panel}.content.widgets[0].outputArea.node.textContent.includes("42")`, null, { timeout: 20_000 });

    // Restart from the menu, through its dialog: the kernel's variables are gone
    await page.evaluate(`void window.jupyterapp.commands.execute("kernelmenu:restart")`); // settles after the dialog
    await page.click(".jp-Dialog .jp-mod-accept", { timeout: 20_000 });
    await page.waitForFunction(`${panel}.sessionContext.kernelDisplayStatus !== "idle"`, null, { timeout: 20_000 }).catch(() => undefined);
    await page.waitForFunction(`${panel}.sessionContext.kernelDisplayStatus === "idle"`, null, { timeout: 60_000 });
    // the new kernel has no `before`: the cell's type check says so
    await runCell("before");
    await page.waitForFunction(`${panel}.content.widgets[0].outputArea.node.textContent.includes("Cannot find name")`, null, {
      timeout: 30_000,
    });
    assert.match(await outputText(), /Cannot find name 'before'/);
    await page.close();
    assert.deepEqual(pageErrors(events, t), [], "errors on the JupyterLab page");
  });

  it("JupyterLab: an output whose script throws is reported as an error on the page", async (t) => {
    if (missing) return skipOrFail(t);
    const { page, events } = await runAll("lab", "broken.ipynb", t);
    await page.close();
    const errors = classifyPageEvents(events).errors;
    assert.ok(
      errors.length === 1 && errors[0]!.includes(BROKEN),
      `the broken output's exception, and no other error: ${JSON.stringify(errors)}`,
    );
  });
});
