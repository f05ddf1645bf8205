import { currentHost } from "../../host/host.js";

// The one switch of the plotly fallback: a request, kept in the kernel's host (which a second copy of the library
// in a notebook's own node_modules sees too), that the next figure's HTML carry plotly.js (notebook-html.ts).
const KEY = "plotly.js";

/**
 * Makes the next plotly figure carry plotly.js inside its HTML fallback (2 MB, gzipped and base64-encoded), so that
 * the saved notebook draws its figures anywhere scripts run, offline and without `depthlab install`: nbconvert's
 * HTML export, a classic Notebook without the nbextension. The figures after it use that copy. Without it a figure's
 * HTML only loads plotly.js from classic Notebook's nbextension, and front ends that draw the plotly JSON themselves
 * (JupyterLab, Notebook 7, VS Code) never need it. Call it again after clearing the output that carried the library.
 * Outside a kernel there is no notebook to change: it throws, saying so.
 *
 * @example
 * dl.plot.embedPlotly();
 * await dl.plot.line([1, 4, 9])   // this figure's HTML carries plotly.js; later figures draw with it
 */
export function embedPlotly(): void {
  const host = currentHost();
  if (!host) throw new Error("embedPlotly: it changes the next figure a notebook shows, so it works only in a depthlab kernel");
  host.requests.add(KEY);
}

/**
 * Whether {@link embedPlotly} was asked since the last figure; asking answers once (the request is taken).
 *
 * @example
 * embedPlotly();
 * takeEmbedRequest() // true
 * takeEmbedRequest() // false
 */
export function takeEmbedRequest(): boolean {
  const requests = currentHost()?.requests;
  return requests?.delete(KEY) ?? false;
}
