import { randomUUID } from "node:crypto";
import { currentHost } from "../../host/host.js";
import { plotlyPacked } from "./library.js";

// How a plotly figure draws in front ends that ignore application/vnd.plotly.v1+json (classic Notebook, VS Code
// without the renderer extension, nbconvert HTML), with no network: like plotly.py's init_notebook_mode, the
// library travels once per kernel session. The first figure's text/html carries plotly.js (gzipped, base64) and
// unpacks it into a promise window.depthlabPlotly; every figure's script waits for that promise (or an existing
// window.Plotly) and draws; if neither appears it says so in the output, with the way back.
// A notebook of ten figures thus holds the library once (2 MB), not ten times.
//
// The dependency is explicit: what the session already shipped lives in the kernel's host (`Host.sent`, under
// PLOTLY_KEY), passed in here; outside a kernel every figure carries the library. Tested with a saved, reopened
// notebook in test/browser/notebook-e2e.test.ts.

/** The key under which a kernel session records that plotly.js was shipped (in `Host.sent`). */
export const PLOTLY_KEY = "plotly.js";

/**
 * Makes the next plotly figure carry plotly.js again. Use it when the output of the session's first figure
 * (which carries the library) was cleared, so that a saved notebook still draws every figure when reopened.
 *
 * @example
 * dl.plot.embedPlotlyAgain();
 * await dl.plot.line([1, 4, 9])   // this figure's HTML now includes plotly.js
 */
export function embedPlotlyAgain(): void {
  currentHost()?.sent.delete(PLOTLY_KEY);
}

/**
 * The text/html fallback of a figure: a div plus a script drawing `spec` into it. It carries plotly.js unless
 * `sent` (what the kernel session already shipped; default: the kernel's, none outside a kernel) says it
 * was shipped, and records that it now has.
 *
 * @example
 * const sent = new Set<string>();
 * notebookHtml({ data: [{ y: [1, 4] }] }, sent); // carries plotly.js
 * notebookHtml({ data: [{ y: [4, 1] }] }, sent); // only waits for it
 */
export function notebookHtml(spec: { data?: unknown; layout?: { height?: number } }, sent = currentHost()?.sent): string {
  const id = `depthlab-plotly-${randomUUID()}`;
  const height = typeof spec.layout?.height === "number" ? spec.layout.height : 450;
  const carry = !sent?.has(PLOTLY_KEY);
  sent?.add(PLOTLY_KEY);
  const load = carry ? `if (!w.depthlabPlotly && !w.Plotly) w.depthlabPlotly = unpack(${JSON.stringify(plotlyPacked())});\n` : "";
  return `<div id="${id}" style="width:100%;min-height:${height}px"></div>
<script type="text/javascript">
(function () {
var w = window, el = document.getElementById("${id}"), fig = ${scriptJson(spec)};
${carry ? UNPACK : ""}${load}${DRAW}
})();
</script>`;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const UNPACK = `function unpack(b64) {
  if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("this browser has no DecompressionStream (Chrome 80, Firefox 113, Safari 16.4 or newer needed)"));
  var text = atob(b64), bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text().then(function (code) {
    var s = document.createElement("script");
    s.text = "(function (module, exports, define) {" + code + "\\n})();"; // hidden so the bundle sets window.Plotly
    document.head.appendChild(s);
    if (!w.Plotly) throw new Error("plotly.js did not define window.Plotly");
    return w.Plotly;
  });
}
`;

const DRAW = `function say(text) { el.innerHTML = '<pre style="color:#b00020;white-space:pre-wrap">' + text + "</pre>"; }
function draw(P) { return P.newPlot(el, fig.data, fig.layout, fig.config); }
var waited = 0;
(function wait() {
  if (w.depthlabPlotly) w.depthlabPlotly.then(draw).catch(function (e) { say("depthlab: plotly.js could not load or draw this figure: " + e); });
  else if (w.Plotly) draw(w.Plotly);
  else if ((waited += 100) <= 10000) setTimeout(wait, 100);
  else say("depthlab: this figure needs plotly.js, which travels with the first figure of a kernel session and is not on this page " +
    "(that output was cleared or not trusted). Run dl.plot.embedPlotlyAgain() and re-run this cell, or restart the kernel and run all cells.");
})();`;
