import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ansiToHtml } from "../../book/ansi.js";
import { createMarkdown } from "../../book/markdown.js";
import type { Output } from "../../book/notebook.js";
import { OutputCollector } from "../../book/output-collector.js";
import { renderOutput } from "../../book/render-output.js";
import type { Message } from "../../kernel/wire.js";

const markdown = createMarkdown();
const show = (data: Record<string, unknown>) => renderOutput({ output_type: "display_data", data, metadata: {} }, { markdown });

describe("book outputs", () => {
  it("plotly JSON becomes a figure placeholder drawn by the page, needing plotly, whatever else the bundle has", () => {
    const spec = { data: [{ y: [1, 4, 9] }], layout: { title: { text: "</script><b>" } } };
    const r = show({ "application/vnd.plotly.v1+json": spec, "text/html": "<div>fallback</div>", "text/plain": "Figure" });
    assert.deepEqual(r.libraries, ["plotly"]);
    assert.match(r.html, /^<div class="figure" data-figure="plotly"><script type="application\/json">/);
    assert.doesNotMatch(r.html, /fallback|<\/script><b>/, "no HTML fallback, and the JSON cannot close its script early");
    const json = /<script type="application\/json">(.*)<\/script>/.exec(r.html)![1]!;
    assert.deepEqual(JSON.parse(json), spec);
  });

  it("vega-lite JSON becomes a vega-embed placeholder keeping the kernel's SVG as a fallback", () => {
    const r = show({ "application/vnd.vegalite.v5+json": { mark: "bar" }, "image/svg+xml": "<svg>drawn</svg>", "text/plain": "Figure" });
    assert.deepEqual(r.libraries, ["vega"]);
    assert.match(
      r.html,
      /data-figure="vega-lite"><script type="application\/json">\{"mark":"bar"\}<\/script><div class="figure-fallback"><svg>drawn<\/svg><\/div>/,
    );
  });

  it("HTML, SVG, PNG, markdown, LaTeX and JSON each render as themselves, in that order of preference", () => {
    assert.equal(
      show({ "text/html": "<table></table>", "image/png": "AAAA", "text/plain": "t" }).html,
      '<div class="output-html"><table></table></div>',
    );
    assert.equal(show({ "image/svg+xml": ["<svg>", "</svg>"], "text/plain": "s" }).html, '<div class="output-svg"><svg></svg></div>');
    assert.equal(
      show({ "image/png": "iVBO\nRw==", "text/plain": "p" }).html,
      '<img class="output-image" alt="figure" src="data:image/png;base64,iVBORw==">',
    );
    assert.match(show({ "text/markdown": "**b** $x_1$", "text/plain": "m" }).html, /<strong>b<\/strong> <span class="katex">/);
    assert.match(
      show({ "text/latex": "$$\\frac{1}{2}$$", "text/plain": "l" }).html,
      /<div class="output-latex"><span class="katex-display">.*\\frac\{1\}\{2\}/,
    );
    assert.match(show({ "application/json": { a: [1] }, "text/plain": "j" }).html, /<pre class="output-json hljs"><code>.*hljs-attr/s);
    assert.equal(show({ "text/plain": "a < b" }).html, '<pre class="output-text">a &lt; b</pre>');
  });

  it("streams and errors keep their ANSI colours as classes, escaped", () => {
    const stream = renderOutput({ output_type: "stream", name: "stderr", text: "x <y>\n" }, { markdown });
    assert.equal(stream.html, '<pre class="output-stream stderr">x &lt;y&gt;\n</pre>');
    const error: Output = {
      output_type: "error",
      ename: "Error",
      evalue: "boom",
      traceback: ["\x1b[31mError\x1b[0m: boom", "    at <anonymous>"],
    };
    assert.equal(
      renderOutput(error, { markdown }).html,
      '<pre class="output-error"><span class="ansi-red-fg">Error</span>: boom\n    at &lt;anonymous&gt;</pre>',
    );
  });

  it("ansiToHtml handles bold, bright colours and resets, and drops other escape sequences", () => {
    assert.equal(
      ansiToHtml("\x1b[1;94mhi\x1b[22m there\x1b[0m\x1b[2K."),
      '<span class="ansi-blue-fg ansi-bright ansi-bold">hi</span><span class="ansi-blue-fg ansi-bright"> there</span>.',
    );
  });

  it("the collector merges streams, honours clear_output(wait) and applies display updates to earlier cells", () => {
    const msg = (msg_type: string, content: Record<string, unknown>) => ({ header: { msg_type }, content }) as unknown as Message;
    const collector = new OutputCollector();
    const first = collector.cell();
    collector.receive(msg("display_data", { data: { "text/plain": "step 1" }, metadata: {}, transient: { display_id: "p" } }), first);
    const second = collector.cell();
    collector.receive(msg("stream", { name: "stdout", text: "a" }), second);
    collector.receive(msg("stream", { name: "stdout", text: "b" }), second);
    collector.receive(
      msg("update_display_data", { data: { "text/plain": "step 2" }, metadata: {}, transient: { display_id: "p" } }),
      second,
    );
    assert.deepEqual(first, [{ output_type: "display_data", data: { "text/plain": "step 2" }, metadata: {} }]);
    assert.deepEqual(second, [{ output_type: "stream", name: "stdout", text: "ab" }]);
    collector.receive(msg("clear_output", { wait: true }), second);
    assert.equal(second.length, 1, "wait: cleared only when the next output comes");
    collector.receive(msg("execute_result", { execution_count: 3, data: { "text/plain": "3" }, metadata: {} }), second);
    assert.deepEqual(second, [{ output_type: "execute_result", execution_count: 3, data: { "text/plain": "3" }, metadata: {} }]);
  });
});
