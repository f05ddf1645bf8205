import type { MimeBundle } from "../../display/protocol.js";
import { escapeHtml } from "../../display/html-escape.js";
import { plotlySource } from "./library.js";
import { takeEmbedRequest } from "./embed-plotly.js";
import { notebookHtml } from "./notebook-html.js";
export { plotlySvg } from "./svg.js";

/** The MIME type JupyterLab (with jupyterlab-plotly) and VS Code render plotly figures from. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * The MIME bundle of a plotly figure: its JSON for JupyterLab, Notebook 7 and VS Code; an HTML fallback that draws
 * it in classic Notebook (plotly.js from the nbextension `depthlab install` writes) and says what it is elsewhere,
 * carrying plotly.js itself only after `dl.plot.embedPlotly()` (notebook-html.ts); and `text`.
 *
 * @example
 * plotlyBundle({ data: [{ y: [1, 4, 9] }], layout: {} }, "Figure(line, 1 series, 3 points)")
 */
export function plotlyBundle(spec: any, text: string): MimeBundle {
  return { [PLOTLY_MIME]: spec, "text/html": notebookHtml(spec, { text, embed: takeEmbedRequest() }), "text/plain": text };
}

/**
 * A standalone HTML page drawing the figure, with plotly.min.js inlined (about 4.8 MB; it opens in any browser
 * offline).
 *
 * @example
 * await writeFile("fig.html", await plotlyHtmlPage(fig.spec, "my figure"));
 */
export async function plotlyHtmlPage(spec: any, title: string): Promise<string> {
  const json = JSON.stringify(spec).replace(/</g, "\\u003c");
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<script type="text/javascript">${plotlySource()}</script>
</head><body style="margin:0">
<div id="figure" style="width:100vw;height:100vh"></div>
<script type="text/javascript">var fig = ${json}; Plotly.newPlot("figure", fig.data, fig.layout, fig.config);</script>
</body></html>
`;
}
