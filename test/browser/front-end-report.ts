import type { Page } from "./chromium.js";

/** One output of a notebook as the front-end holds it (its model) and shows it (the DOM). */
export interface OutputReport {
  cell: number;
  /** The output's type in the model: display_data, execute_result, stream, error, update target… */
  type: string;
  /** The MIME types the kernel sent. */
  mimes: string[];
  /** What the model says it is: plotly, vega-lite, image, table, html, text, stream, error. */
  expected: "plotly" | "vega-lite" | "image" | "table" | "html" | "text" | "stream" | "error";
  /** The renderer's class on the output's node (jp-RenderedPlotly, jp-RenderedVegaLite, jp-RenderedHTML…). */
  renderer: string;
  /** Marks drawn: paths, rects and canvases inside the output (a drawn figure has several). */
  marks: number;
  tables: number;
  images: number;
  /** jupyterlab-plotly's own snapshot: after drawing it stores a PNG in the output, and a reopened notebook shows that
   *  image (drawn, width > 0) until the pointer enters it, then the interactive figure. */
  plotlySnapshot: boolean;
  /** Pixels the output sticks out of its output area on the right (≤ 0: it fits), and its own scroll overflow. */
  overRight: number;
  overflow: number;
  width: number;
  text: string;
}

/** What {@link notebookReport} returns for the notebook in the current tab. */
export interface NotebookReport {
  codeCells: number;
  unrun: number;
  outputs: OutputReport[];
  /** update_display_data messages seen by the page since {@link watchIopub}, by display id, with the last one's HTML as text. */
  updates: Record<string, { count: number; lastText: string }>;
}

// Page scripts are strings: this project compiles without the DOM library. They read JupyterLab's own objects
// (window.jupyterapp, exposed by the server's expose_app_in_browser), the same in JupyterLab 4 and Notebook 7.
const CURRENT = "window.jupyterapp.shell.currentWidget";

/** Starts recording the current notebook's update_display_data messages (call before running its cells). */
export async function watchIopub(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const kernel = ${CURRENT}.sessionContext.session.kernel;
    window.__depthlabUpdates = {};
    kernel.iopubMessage.connect((_, msg) => {
      if (msg.header.msg_type !== "update_display_data") return;
      const id = msg.content.transient.display_id;
      const seen = (window.__depthlabUpdates[id] ??= { count: 0, lastText: "" });
      seen.count++;
      const html = msg.content.data["text/html"];
      seen.lastText = html ? new DOMParser().parseFromString(html, "text/html").body.textContent : String(msg.content.data["text/plain"] ?? "");
    });
  })()`);
}

/** Waits for the current notebook's kernel to be idle with every code cell run (or `timeoutMs`). */
export async function waitAllRun(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    `(() => {
      const panel = ${CURRENT};
      const cells = panel.content.widgets.filter((c) => c.model.type === "code");
      return panel.sessionContext.session?.kernel?.status === "idle" && cells.every((c) => c.model.executionCount !== null);
    })()`,
    null,
    { timeout: timeoutMs, polling: 500 },
  );
}

/**
 * Waits until every plotly and vega-lite output of the page has drawn something (jupyterlab-plotly loads plotly.js
 * on first use, and renderers draw after their output arrives), or `timeoutMs` passed; the report then says which
 * did not.
 */
export async function waitFiguresDrawn(page: Page, timeoutMs: number): Promise<void> {
  const drawn = `[...document.querySelectorAll(".jp-RenderedPlotly, .jp-RenderedVegaLite")].every((o) => o.querySelector("svg path, canvas") || o.querySelector(".plot-img")?.naturalWidth > 0)`;
  await page.waitForFunction(drawn, null, { timeout: timeoutMs, polling: 250 }).catch(() => undefined);
  await page.waitForTimeout(500); // the last figure's remaining marks
}

/** The current notebook's outputs, model against DOM, with their sizes against their output areas. */
export async function notebookReport(page: Page): Promise<NotebookReport> {
  return (await page.evaluate(`(() => {
    const panel = ${CURRENT};
    const report = { codeCells: 0, unrun: 0, outputs: [], updates: window.__depthlabUpdates ?? {} };
    // a canvas (vega-embed draws on one) counts as many marks as it has inked 8×8 blocks, at most 100
    const inked = (canvas) => {
      const { width, height } = canvas;
      if (!width || !height) return 0;
      const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
      let blocks = 0;
      for (let y = 0; y < height && blocks < 100; y += 8)
        for (let x = 0; x < width && blocks < 100; x += 8) {
          const i = (y * width + x) * 4;
          if (pixels[i + 3] > 0 && (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200)) blocks++;
        }
      return blocks;
    };
    panel.content.widgets.forEach((cell, index) => {
      if (cell.model.type !== "code") return;
      report.codeCells++;
      if (cell.model.executionCount === null) report.unrun++;
      const children = [...cell.outputArea.node.querySelectorAll(":scope > .jp-OutputArea-child")];
      cell.model.outputs.toJSON().forEach((m, i) => {
        const mimes = m.data ? Object.keys(m.data) : [];
        const html = String(m.data?.["text/html"] ?? "");
        const expected = m.output_type === "error" ? "error" : m.output_type === "stream" ? "stream"
          : mimes.includes("application/vnd.plotly.v1+json") ? "plotly"
          : mimes.some((t) => t.startsWith("application/vnd.vegalite")) ? "vega-lite"
          : mimes.includes("image/png") || mimes.includes("image/svg+xml") ? "image"
          : html.includes("<table") ? "table" : html ? "html" : "text";
        const out = children[i]?.querySelector(".jp-OutputArea-output");
        const area = children[i]?.getBoundingClientRect();
        const box = out?.getBoundingClientRect();
        const widest = out ? Math.max(box.right, ...[...out.querySelectorAll("svg, canvas, img, table")].map((e) => e.getBoundingClientRect().right)) : 0;
        report.outputs.push({
          cell: index + 1,
          type: m.output_type,
          mimes,
          expected,
          renderer: out ? [...out.classList].filter((c) => c.startsWith("jp-Rendered")).join(" ") : "(no output node)",
          marks: out ? out.querySelectorAll("svg path, svg rect").length + [...out.querySelectorAll("canvas")].map(inked).reduce((a, b) => a + b, 0) : 0,
          tables: out ? out.querySelectorAll("table").length : 0,
          images: out ? out.querySelectorAll("img, svg").length : 0,
          plotlySnapshot: !!out?.querySelector(".plot-img") && out.querySelector(".plot-img").naturalWidth > 0 && out.querySelector(".plot-img").style.display !== "none",
          overRight: out ? Math.round(widest - area.right) : 0,
          overflow: out ? out.scrollWidth - out.clientWidth : 0,
          width: out ? Math.round(box.width) : 0,
          text: out ? (out.textContent ?? "").slice(0, 2000) : "",
        });
      });
    });
    return report;
  })()`)) as NotebookReport;
}

/** Each output that is not drawn by the renderer its MIME types call for, or does not fit, as a sentence. */
export function renderingProblems(report: NotebookReport): string[] {
  const problems: string[] = [];
  const where = (o: OutputReport) => `cell ${o.cell} (${o.expected}, ${o.mimes.join(" ")})`;
  for (const o of report.outputs) {
    if (o.expected === "error") problems.push(`${where(o)}: an error output: ${o.text.slice(0, 300)}`);
    if (o.expected === "plotly" && !(o.renderer.includes("jp-RenderedPlotly") && (o.marks > 3 || o.plotlySnapshot)))
      problems.push(`${where(o)}: not drawn by jupyterlab-plotly (renderer "${o.renderer}", ${o.marks} marks)`);
    if (o.expected === "vega-lite" && !(o.renderer.includes("jp-RenderedVegaLite") && o.marks > 3))
      problems.push(`${where(o)}: not drawn by the vega-lite renderer (renderer "${o.renderer}", ${o.marks} marks)`);
    if (o.expected === "image" && o.images === 0) problems.push(`${where(o)}: no image shown`);
    if (o.expected === "table" && o.tables === 0) problems.push(`${where(o)}: no table shown (renderer "${o.renderer}")`);
    // 1 px: sub-pixel layout rounds either way
    if (["plotly", "vega-lite", "image"].includes(o.expected) && (o.overRight > 1 || o.overflow > 1))
      problems.push(
        `${where(o)}: wider than its output area (${o.overRight} px past its right edge, ${o.overflow} px scrolled, area ${o.width} px)`,
      );
  }
  if (report.unrun > 0) problems.push(`${report.unrun} of ${report.codeCells} code cells did not run`);
  return problems;
}
