import katex from "katex";
import type { MarkdownIt } from "markdown-it";
import { ansiToHtml } from "./ansi.js";
import { escapeHtml } from "../lib/display/html-escape.js";
import { highlightCode } from "./highlight.js";
import { joinText, type Output, type OutputData } from "./notebook.js";

/** The browser libraries a page needs for its figures (copied once into assets/). */
export type FigureLibrary = "plotly" | "vega";

/** One output as HTML, and which figure libraries it needs on the page. */
export interface RenderedOutput {
  html: string;
  libraries: FigureLibrary[];
}

/** Options of {@link renderOutput}. */
export interface RenderOutputOptions {
  /** Renders text/markdown outputs (the page's markdown-it, with maths). */
  markdown: MarkdownIt;
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const VEGA_MIMES = ["application/vnd.vegalite.v6+json", "application/vnd.vegalite.v5+json", "application/vnd.vegalite.v4+json"];
const VEGA_SPEC_MIME = "application/vnd.vega.v5+json";

/** JSON for a `<script type="application/json">`: `<` escaped so no `</script>` can end it early. */
function jsonScript(value: unknown): string {
  return `<script type="application/json">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;
}

/** A figure placeholder that assets/book.js draws once the page has loaded. */
function figure(kind: "plotly" | "vega-lite" | "vega", spec: unknown, fallback = ""): string {
  return `<div class="figure" data-figure="${kind}">${jsonScript(spec)}${fallback ? `<div class="figure-fallback">${fallback}</div>` : ""}</div>`;
}

/** The richest form of a MIME bundle this book can show offline, as HTML. */
function renderData(data: OutputData, markdown: MarkdownIt): RenderedOutput {
  if (data[PLOTLY_MIME] !== undefined) return { html: figure("plotly", data[PLOTLY_MIME]), libraries: ["plotly"] };
  const vegaLite = VEGA_MIMES.find((m) => data[m] !== undefined);
  // the SVG drawn by the kernel stays in the page (hidden) until vega-embed has drawn the interactive figure
  if (vegaLite) return { html: figure("vega-lite", data[vegaLite], joinText(data["image/svg+xml"])), libraries: ["vega"] };
  if (data[VEGA_SPEC_MIME] !== undefined) return { html: figure("vega", data[VEGA_SPEC_MIME]), libraries: ["vega"] };
  const text = (mime: string) => joinText(data[mime]);
  if (data["text/html"] !== undefined) return { html: `<div class="output-html">${text("text/html")}</div>`, libraries: [] };
  if (data["image/svg+xml"] !== undefined) return { html: `<div class="output-svg">${text("image/svg+xml")}</div>`, libraries: [] };
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    if (data[mime] !== undefined) {
      const src = `data:${mime};base64,${text(mime).replace(/\s/g, "")}`;
      return { html: `<img class="output-image" alt="figure" src="${src}">`, libraries: [] };
    }
  }
  if (data["text/markdown"] !== undefined)
    return { html: `<div class="output-markdown">${markdown.render(text("text/markdown"))}</div>`, libraries: [] };
  if (data["text/latex"] !== undefined) {
    const tex = text("text/latex")
      .trim()
      .replace(/^\$\$?|\$\$?$/g, "");
    return {
      html: `<div class="output-latex">${katex.renderToString(tex, { displayMode: true, throwOnError: false })}</div>`,
      libraries: [],
    };
  }
  if (data["application/json"] !== undefined) {
    const json = JSON.stringify(data["application/json"], null, 2);
    return { html: `<pre class="output-json hljs"><code>${highlightCode(json, "json")}</code></pre>`, libraries: [] };
  }
  return { html: `<pre class="output-text">${ansiToHtml(text("text/plain"))}</pre>`, libraries: [] };
}

/**
 * One nbformat output as HTML: figures become placeholders drawn by the page's script (plotly, vega-embed), HTML and
 * SVG go in as they are, images as data URLs, markdown and LaTeX typeset, streams and tracebacks with their ANSI
 * colours as classes.
 *
 * @example
 * renderOutput({ output_type: "stream", name: "stdout", text: "hello\n" }, { markdown: createMarkdown() }).html
 * // '<pre class="output-stream stdout">hello\n</pre>'
 */
export function renderOutput(output: Output, options: RenderOutputOptions): RenderedOutput {
  switch (output.output_type) {
    case "stream":
      return { html: `<pre class="output-stream ${output.name}">${ansiToHtml(joinText(output.text))}</pre>`, libraries: [] };
    case "error": {
      const trace = output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return { html: `<pre class="output-error">${ansiToHtml(trace)}</pre>`, libraries: [] };
    }
    case "display_data":
    case "execute_result":
      return renderData(output.data, options.markdown);
    default:
      return { html: `<pre class="output-text">${escapeHtml(JSON.stringify(output))}</pre>`, libraries: [] };
  }
}
