import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { installKernelspec } from "../../kernel/kernelspec.js";
import { ready } from "../../lib/backend/index.js";
import * as dl from "../../lib/index.js";
import { DISPLAY } from "../../lib/display/protocol.js";
import { attachHost } from "../../lib/host/host.js";
import { Figure } from "../../lib/plot/figure.js";
import { plotlyPath, plotlyVersion } from "../../lib/plot/plotly/library.js";
import { PLOTLY_MIME } from "../../lib/plot/plotly/render.js";

// The text/html fallback of a plotly figure (lib/plot/plotly/notebook-html.ts) carries the figure's JSON and a small
// script that loads plotly.js from classic Notebook's nbextension; only after dl.plot.embedPlotly() does it carry
// plotly.js itself. These tests run that script against a stub page, weigh the bundles of ten course figures, and
// check that `depthlab install` writes the nbextension.

before(async () => {
  await ready();
});

/** Ten figures as the course notebooks draw them, at their default resolutions. */
const TEN: (() => Promise<Figure>)[] = [
  () => dl.plot.line({ x: Array.from({ length: 2000 }, (_, i) => i), y: Array.from({ length: 2000 }, (_, i) => Math.exp(-i / 500)) }),
  () =>
    dl.plot.scatter({
      x: Array.from({ length: 1000 }, (_, i) => Math.sin(i)),
      y: Array.from({ length: 1000 }, (_, i) => Math.cos(i * 1.1)),
    }),
  () => dl.plot.heatmap(Array.from({ length: 50 }, (_, i) => Array.from({ length: 50 }, (_, j) => Math.sin(i * j)))),
  () => dl.plot.surface(Array.from({ length: 40 }, (_, i) => Array.from({ length: 40 }, (_, j) => (i - 20) ** 2 + (j - 20) ** 2))),
  () => dl.plot.images(tf.randomUniform([32, 28, 28], 0, 1, "float32", 1)),
  () => dl.plot.decisionBoundary(dl.models.mlp({ inputs: 2, hidden: [8], outputs: 2 }), dl.datasets.disc({ n: 200 })),
  () => dl.plot.regions(dl.constructions.montufarWeights({ inputs: 2, layers: 2, width: 4 })),
  () => dl.plot.pieces(dl.constructions.sawtoothWeights(4)),
  () => dl.plot.lossLandscape((x: number, y: number) => 0.1 * x * x + 5 * y * y),
  () => dl.plot.fractal(dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 3, n: 400 })),
];

/** The bytes a figure's bundle takes in a saved notebook: its JSON, as nbformat writes it. */
const bytesOf = async (figure: Figure) => Buffer.byteLength(JSON.stringify(await figure[DISPLAY]()));

describe("a notebook of plotly figures stays small", () => {
  it("ten course figures take under 2 MB: each bundle is its JSON twice (plotly JSON, and escaped in the HTML) and under 3 KB more", async (t) => {
    let total = 0;
    for (const make of TEN) {
      const figure = await make();
      const bytes = await bytesOf(figure);
      const json = JSON.stringify(figure.spec);
      const twice = Buffer.byteLength(json) + Buffer.byteLength(JSON.stringify(json)); // in the HTML string, quotes escaped
      assert.ok(bytes - twice < 3_000, `${figure}: ${bytes} bytes, of which its JSON twice ${twice}`);
      total += bytes;
    }
    assert.ok(total < 2_000_000, `ten figures took ${total} bytes`);
    t.diagnostic(`ten course figures: ${total} bytes`);
  });

  it("dl.plot.embedPlotly() makes the next figure carry plotly.js (gzipped, about 2 MB), and only that one", async () => {
    const html = async () => String((await (await dl.plot.line([1, 2]))[DISPLAY]())["text/html"]);
    assert.throws(() => dl.plot.embedPlotly(), /embedPlotly: .*works only in a depthlab kernel/);
    attachHost({
      display: { display: () => undefined, clearOutput: () => undefined, page: () => undefined, track: () => undefined },
      checkInterrupt: () => undefined,
      requests: new Set(),
    });
    const before = await html();
    dl.plot.embedPlotly();
    const [carrier, after] = [await html(), await html()];
    attachHost(null);
    const packed = gzipSync(readFileSync(plotlyPath()), { level: 9 }).toString("base64");
    assert.ok(carrier.includes(JSON.stringify(packed)), "the carrier holds all of plotly.min.js, gzipped and base64-encoded");
    assert.ok(carrier.length < packed.length + 10_000, `carrier: ${carrier.length} characters`);
    for (const [name, text] of [
      ["before", before],
      ["after", after],
    ] as const)
      assert.ok(text.length < 4_000 && !text.includes("DecompressionStream"), `${name}: ${text.length} characters`);
  });
});

/** A stub of the page a fallback runs in: the div, script elements appended to <head>, and the body's base URL. */
function stubPage(baseUrl: string | null) {
  const scripts: { src: string; onload?: () => void; onerror?: () => void }[] = [];
  const plotted: unknown[][] = [];
  const el = {
    textContent: "",
    style: { minHeight: "450px", cssText: "" },
    children: [] as { textContent: string }[],
    appendChild(c: { textContent: string }) {
      this.children.push(c);
    },
  };
  const window: Record<string, unknown> = {};
  const document = {
    getElementById: () => el,
    createElement: () => ({ style: {} as Record<string, string>, textContent: "" }),
    head: { appendChild: (s: (typeof scripts)[number]) => scripts.push(s) },
    body: { getAttribute: (name: string) => (name === "data-base-url" ? baseUrl : null) },
  };
  const context = { window, document, Promise, Error, JSON };
  window["document"] = document;
  const Plotly = { newPlot: (...args: unknown[]) => (plotted.push(args), Promise.resolve()) };
  return { context, el, scripts, plotted, window, Plotly };
}

/** Runs the <script> of a figure's text/html in a stub page; returns the page after its promises settle. */
async function runFallback(html: string, baseUrl: string | null, outcome: "load" | "fail" | "none") {
  const page = stubPage(baseUrl);
  const code = /<script type="text\/javascript">([^]*)<\/script>/.exec(html)![1]!;
  runInNewContext(code, page.context);
  const script = page.scripts[0];
  if (script && outcome === "load") {
    page.window["Plotly"] = page.Plotly;
    script.onload!();
  } else if (script && outcome === "fail") script.onerror!();
  await new Promise((r) => setTimeout(r, 10));
  return page;
}

describe("the text/html fallback of a plotly figure", () => {
  const fallback = async () => {
    const figure = await dl.plot.line([1, 4, 9], { title: "squares" });
    return { figure, html: String((await figure[DISPLAY]())["text/html"]) };
  };

  it("in classic Notebook, loads plotly.js from <base url>nbextensions/depthlab/plotly.min.js and draws the figure", async () => {
    const { figure, html } = await fallback();
    const page = await runFallback(html, "/user/me/", "load");
    assert.deepEqual(
      page.scripts.map((s) => s.src),
      [`/user/me/nbextensions/depthlab/plotly.min.js?v=${plotlyVersion()}`],
    );
    assert.equal(page.plotted.length, 1, "Plotly.newPlot called once");
    const [target, data, layout, config] = page.plotted[0]!;
    assert.equal(target, page.el);
    // (objects made in the stub page's realm: compared as JSON)
    assert.equal(JSON.stringify([data, layout, config]), JSON.stringify([figure.spec.data, figure.spec.layout, figure.spec.config]));
    assert.equal(page.el.textContent, "", "the sentence gives way to the figure");
  });

  it("where plotly.js cannot load, keeps the sentence and adds why, naming depthlab install", async () => {
    const page = await runFallback((await fallback()).html, "/", "fail");
    assert.equal(page.plotted.length, 0);
    assert.match(
      page.el.children.map((c) => c.textContent).join(),
      /did not load from \/nbextensions\/depthlab\/plotly\.min\.js.*depthlab install/,
    );
  });

  it("on a page without a Jupyter base URL (nbconvert HTML from disk, VS Code without the plotly renderer), loads nothing", async () => {
    const page = await runFallback((await fallback()).html, null, "none");
    assert.deepEqual([page.scripts.length, page.plotted.length, page.el.children.length], [0, 0, 0]);
  });

  it("where scripts do not run (GitHub), the div says in plain text what it is and how to get a standalone file", async () => {
    const { figure, html } = await fallback();
    const shown = html.replace(/<script[^]*<\/script>/, "").replace(/<[^>]+>/g, "");
    assert.match(shown, /Interactive plotly figure: Figure\(line, 1 series, 3 points\)\./);
    assert.match(shown, /JupyterLab, Notebook 7 and VS Code draw it/);
    assert.match(shown, /await fig\.save\(&quot;figure\.html&quot;\)/);
    assert.equal(typeof figure.save, "function", "the sentence names a real method");
    assert.ok(Object.keys(await figure[DISPLAY]()).includes(PLOTLY_MIME));
  });
});

describe("depthlab install", () => {
  it("writes the kernelspec and nbextensions/depthlab/plotly.min.js, a copy of the package's plotly.js", () => {
    const prefix = mkdtempSync(join(tmpdir(), "depthlab-install-"));
    try {
      assert.equal(installKernelspec({ kind: "prefix", prefix }, true), 0);
      const data = join(prefix, "share", "jupyter");
      assert.ok(existsSync(join(data, "kernels", "depthlab", "kernel.json")));
      const copied = readFileSync(join(data, "nbextensions", "depthlab", "plotly.min.js"));
      assert.ok(copied.equals(readFileSync(plotlyPath())), "the same bytes as node_modules/plotly.js-dist-min/plotly.min.js");
      assert.match(copied.subarray(0, 200).toString(), new RegExp(`plotly\\.js v${plotlyVersion().replace(/\./g, "\\.")}`));
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
