// The one switch of the plotly fallback: a request that the next figure's HTML carry plotly.js (notebook-html.ts).
// It is kept on globalThis under a registered symbol, as the kernel's host is: a notebook whose folder has its own
// node_modules/depthlab loads a second copy of the library, and both copies must see the same request.
const REQUEST = Symbol.for("depthlab.plot.embedPlotly");
type RequestHolder = { [REQUEST]?: true };

/**
 * Makes the next plotly figure carry plotly.js inside its HTML fallback (2 MB, gzipped and base64-encoded), so that
 * the saved notebook draws its figures anywhere scripts run, offline and without `depthlab install`: nbconvert's
 * HTML export, a classic Notebook without the nbextension. The figures after it use that copy. Without it a figure's
 * HTML only loads plotly.js from classic Notebook's nbextension, and front ends that draw the plotly JSON themselves
 * (JupyterLab, Notebook 7, VS Code) never need it. Call it again after clearing the output that carried the library.
 *
 * @example
 * dl.plot.embedPlotly();
 * await dl.plot.line([1, 4, 9])   // this figure's HTML carries plotly.js; later figures draw with it
 */
export function embedPlotly(): void {
  (globalThis as RequestHolder)[REQUEST] = true;
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
  const holder = globalThis as RequestHolder;
  const asked = holder[REQUEST] === true;
  delete holder[REQUEST];
  return asked;
}
