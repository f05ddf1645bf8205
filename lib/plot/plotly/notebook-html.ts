import { randomUUID } from "node:crypto";
import { escapeHtml } from "../../display/html-escape.js";
import { PLOTLY_NBEXTENSION, plotlyPacked, plotlyVersion } from "./library.js";

// How a plotly figure shows in front ends that ignore application/vnd.plotly.v1+json: its text/html is a div that
// says, in plain text, what it is and how to get a standalone file, and a script that replaces that text with the
// figure where it can load plotly.js:
// - classic Notebook (6 and nbclassic) from its nbextension, `<base url>nbextensions/depthlab/plotly.min.js`, which
//   `depthlab install` writes (kernel/kernelspec.ts); the page's base URL is `document.body.dataset.baseUrl`;
// - any page where plotly.js already is (window.Plotly), or where a figure made after `dl.plot.embedPlotly()`
//   carried it (window.depthlabPlotly, the library unpacked once for the page).
// Elsewhere (nbconvert HTML opened from disk, GitHub, which drops scripts, VS Code without its plotly renderer) the
// sentence stays. JupyterLab and Notebook 7 draw the JSON with jupyterlab-plotly and never show this HTML. So a
// notebook carries each figure's JSON twice and plotly.js not at all, unless asked (embed-plotly.ts). Tested in
// classic Notebook, running and saved then reopened, by test/browser/notebook-e2e.test.ts.

/** What {@link notebookHtml} writes besides the figure. */
export interface NotebookHtmlOptions {
  /** The figure's one-line description, shown in the sentence (default "a figure"). */
  text?: string;
  /** Carry plotly.js inside the HTML (default false; `dl.plot.embedPlotly()` asks it for the next figure). */
  embed?: boolean;
}

/**
 * The text/html fallback of a plotly figure: a div holding a plain sentence, and a script that draws `spec` in its
 * place with plotly.js from classic Notebook's nbextension, the page, or (`embed`) the HTML itself.
 *
 * @example
 * notebookHtml({ data: [{ y: [1, 4] }] }, { text: "Figure(line, 1 series, 2 points)" }) // a few hundred bytes of script
 * notebookHtml({ data: [{ y: [4, 1] }] }, { embed: true })                              // 2 MB: carries plotly.js
 */
export function notebookHtml(spec: { data?: unknown; layout?: { height?: number } }, options: NotebookHtmlOptions = {}): string {
  const { text = "a figure", embed = false } = options;
  const id = `depthlab-plotly-${randomUUID()}`;
  const height = typeof spec.layout?.height === "number" ? spec.layout.height : 450;
  const url = `${PLOTLY_NBEXTENSION}?v=${plotlyVersion()}`;
  const carry = embed ? `${UNPACK}if (!w.depthlabPlotly && !w.Plotly) w.depthlabPlotly = unpack(${JSON.stringify(plotlyPacked())});\n` : "";
  return `<div id="${id}" class="depthlab-plotly" style="width:100%;min-height:${height}px">
<p style="font-family:sans-serif;font-size:13px;color:#555;margin:0;padding:6px 0">${escapeHtml(sentence(text))}</p>
</div>
<script type="text/javascript">
(function () {
var w = window, el = document.getElementById("${id}"), fig = ${scriptJson(spec)}, path = ${JSON.stringify(url)};
${carry}${DRAW}
})();
</script>`;
}

/** The sentence a front end without plotly shows in place of the figure. */
function sentence(text: string): string {
  return (
    `Interactive plotly figure: ${text}. JupyterLab, Notebook 7 and VS Code draw it (classic Notebook too, after ` +
    `depthlab install); await fig.save("figure.html") writes it as a page that opens in any browser.`
  );
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

// Loads plotly.js once a page (window.depthlabPlotly is the shared promise), then draws; on failure the sentence
// stays and a line below it says why.
const DRAW = `function load(url) {
  return new Promise(function (resolve, reject) {
    var s = document.createElement("script");
    s.src = url;
    s.onload = function () { if (w.Plotly) resolve(w.Plotly); else reject(new Error(url + " did not define Plotly")); };
    s.onerror = function () { reject(new Error("plotly.js did not load from " + url + ": run depthlab install, then restart the Notebook server")); };
    document.head.appendChild(s);
  });
}
var base = document.body && document.body.getAttribute("data-base-url");
if (!w.depthlabPlotly && !w.Plotly && base) w.depthlabPlotly = load(base.replace(/\\/?$/, "/") + path);
var ready = w.depthlabPlotly || (w.Plotly ? Promise.resolve(w.Plotly) : null);
if (ready) ready.then(function (P) {
  el.textContent = "";
  el.style.minHeight = "";
  return P.newPlot(el, fig.data, fig.layout, fig.config);
}).catch(function (e) {
  var p = document.createElement("p");
  p.style.cssText = "font-family:sans-serif;font-size:13px;color:#b00020;margin:0";
  p.textContent = "depthlab: " + (e && e.message ? e.message : e);
  el.appendChild(p);
});`;
