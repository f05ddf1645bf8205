import { escapeHtml } from "../../display/html-escape.js";
import type { MimeBundle } from "../../display/protocol.js";
import { loadVega, loadVegaLite } from "../../vega/load-vega.js";

/** The MIME type JupyterLab renders with its built-in vega-lite 5 renderer. */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/**
 * The MIME bundle of a vega-lite figure: the spec for JupyterLab, an SVG drawn in Node for every other front end
 * (classic Notebook, VS Code, GitHub, nbconvert), and a one-line text. No `text/html`: JupyterLab ranks HTML above
 * the vega-lite MIME type, so an HTML fallback would hide the interactive figure.
 *
 * @example
 * const bundle = await vegaLiteBundle((await dl.plot.histogram([1, 2, 2, 3])).spec, "histogram");
 * Object.keys(bundle) // ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]
 */
export async function vegaLiteBundle(spec: unknown, text: string): Promise<MimeBundle> {
  return { [VEGA_LITE_MIME]: spec, "image/svg+xml": await vegaLiteSvg(spec), "text/plain": text };
}

/**
 * Draws a vega-lite spec as an SVG document in Node: compiled with vega-lite, run by a headless vega view
 * (renderer "none", so no canvas is needed), serialised with `view.toSVG()`.
 *
 * @example
 * const svg = await vegaLiteSvg((await dl.plot.curves(history)).spec);
 */
export async function vegaLiteSvg(spec: unknown): Promise<string> {
  const [vl, vega] = await Promise.all([loadVegaLite(), loadVega()]);
  // vega tags inline data rows with an id symbol: compile a copy so the figure's spec stays as the user left it
  const compiled = vl.compile(structuredClone(spec) as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A standalone HTML page showing a vega-lite figure offline: the SVG drawn in Node, inlined, with the spec kept
 * beside it in a JSON script tag so it can be reopened in the vega editor.
 *
 * @example
 * await writeFile("hist.html", await vegaLiteHtmlPage(fig.spec, "activations"));
 */
export async function vegaLiteHtmlPage(spec: unknown, title: string): Promise<string> {
  const svg = await vegaLiteSvg(spec);
  const json = JSON.stringify(spec).replace(/</g, "\\u003c");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>body { margin: 16px; font-family: sans-serif; background: white; }</style>
</head>
<body>
<figure style="margin: 0">${svg.replace(/^<\?xml[^>]*>\s*/, "")}</figure>
<script type="application/json" id="vega-lite-spec">${json}</script>
</body>
</html>
`;
}
