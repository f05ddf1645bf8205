import { withPage, type Page } from "./browser.js";
import { plotlySource } from "./library.js";
export { findChromium } from "./find-chromium.js";

/**
 * Renders a plotly figure to an SVG document in headless Chromium with `Plotly.toImage({ format: "svg" })`, in the
 * process's shared browser page (browser.ts: the first export starts Chromium and loads plotly.js, later ones
 * only draw). 3-D traces come out as an embedded bitmap inside the SVG, as in plotly itself. Throws, saying what
 * to install, when no Chromium is found.
 *
 * @example
 * await writeFile("fig.svg", await plotlySvg(fig.spec));
 */
export async function plotlySvg(spec: any): Promise<string> {
  const url: string = await withPage(loadPlotly, (page) => evaluate(page, `(${drawSvg.toString()})(${JSON.stringify(spec)})`, true));
  const comma = url.indexOf(",");
  return forRasterisers(decodeURIComponent(url.slice(comma + 1)));
}

async function loadPlotly(page: Page): Promise<void> {
  await evaluate(page, plotlySource(), false);
}

/** Evaluates `expression` in the page, awaiting a promise; with `byValue`, returns its value as JSON. */
async function evaluate({ cdp, sessionId }: Page, expression: string, byValue: boolean): Promise<any> {
  const reply = await cdp.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: byValue }, sessionId);
  const failed = reply.exceptionDetails;
  if (failed) throw new Error(`plotlySvg: ${failed.exception?.description ?? failed.text}`);
  return reply.result.value;
}

/** Runs in the page: draws `fig` at its exported size in an element of its own, returns the SVG as a data URL. */
async function drawSvg(fig: any): Promise<string> {
  const g = globalThis as any;
  const [width, height] = [fig.layout?.width ?? 700, fig.layout?.height ?? 450];
  const el = g.document.createElement("div");
  el.style.width = `${width}px`; // lay out at the exported size, so scaleanchor and constrain see the final box
  el.style.height = `${height}px`;
  g.document.body.appendChild(el);
  try {
    await g.Plotly.newPlot(el, fig.data, { ...fig.layout, width, height }, { ...fig.config, responsive: false, staticPlot: true });
    return await g.Plotly.toImage(el, { format: "svg", width, height });
  } finally {
    g.Plotly.purge(el); // frees its WebGL contexts and listeners, so the page is as before for the next figure
    el.remove();
  }
}

/**
 * Plotly's SVG says two things in CSS that resvg (our PNG rasteriser) does not read: `fill: url('#id')` (a quoted
 * reference, so colour bars came out black) and `image-rendering: pixelated` (so heatmap cells came out blurred).
 * Both are rewritten in plain SVG.
 */
function forRasterisers(svg: string): string {
  return svg
    .replace(/url\((?:'|"|&quot;)(#[^'"&)]+)(?:'|"|&quot;)\)/g, "url($1)")
    .replace(/image-rendering:\s*pixelated/g, "image-rendering: optimizeSpeed");
}
