import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { installKernelspec } from "../../kernel/kernelspec.js";
import { LOCAL_JUPYTER, localJupyterEnv } from "../../kernel/start-jupyter.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { launchChromium, type Browser } from "./chromium.js";

// End to end: Debian's classic Jupyter Notebook server on localhost with the depthlab kernel; Chromium opens a copy
// of notebooks/00-welcome.ipynb, runs all cells, and the page must show a plot and a table and no error.
const NOTEBOOK_BIN = "/usr/bin/jupyter-notebook";
const TOKEN = "depthlab-e2e";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

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
    installKernelspec({ kind: "prefix", prefix: LOCAL_JUPYTER }, true);
    dir = mkdtempSync(join(tmpdir(), "depthlab-e2e-"));
    copyFileSync(join(PACKAGE_ROOT, "notebooks", "00-welcome.ipynb"), join(dir, "welcome.ipynb"));
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
    await waitFor(`http://127.0.0.1:${port}/api?token=${TOKEN}`, 30_000);
  });

  after(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows a plot and a table, with no error output", async (t) => {
    if (missing) {
      if (process.env["DEPTHLAB_REQUIRE_CHROMIUM"]) assert.fail(`missing: ${missing}`);
      return t.skip(`missing: ${missing}`);
    }
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleErrors: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(m.text())));
    await page.goto(`http://127.0.0.1:${port}/notebooks/welcome.ipynb?token=${TOKEN}`);
    // page scripts are strings: this project compiles without the DOM library
    await page.waitForFunction("window.Jupyter?.notebook?.kernel?.is_connected?.() === true", null, { timeout: 60_000 });
    await page.evaluate("Jupyter.notebook.execute_all_cells()");
    const allRan =
      "Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code').every((c) => typeof c.input_prompt_number === 'number')";
    await page.waitForFunction(allRan, null, { timeout: 180_000 });
    await page.waitForTimeout(1500); // figures draw asynchronously
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
    // page noise that is not about our outputs: the favicon, and a font face whose URL is about:blank
    const ours = consoleErrors.filter((e) => !/favicon|Failed to load resource|Access to font at 'about:blank'/.test(e));
    assert.deepEqual(ours, [], "console errors");
  });
});
