import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { curves } from "../../lib/plot/curves.js";
import type { Figure } from "../../lib/plot/figure.js";
import { histogram } from "../../lib/plot/histogram.js";
import { layerStats } from "../../lib/plot/layer-stats.js";
import "../../lib/plot/history-plot.js"; // gives History its plot method
import { History, type HistoryRow } from "../../lib/train/history.js";
import { summarize } from "../../lib/train/stats.js";
import * as tf from "@tensorflow/tfjs";
import { images } from "../../lib/plot/images.js";
import { PROBES } from "./option-keys/plot-probes.js";

// Figures must fit where they are read. Measured in JupyterLab 4.6.4 (window 1400 × 900, file browser open): the
// output area is 968 px wide. The book (book/assets/book.css) is narrower: main is 58rem = 928 px with 1.5rem of
// padding a side, and .outputs is indented by 3rem, which leaves 832 px at the default 16 px rem; vega-embed (in the
// book and in JupyterLab) adds 38 px to the right of the SVG for its actions menu. So a vega-lite figure's SVG may be
// at most 832 − 38 = 794 px wide. Widths are measured on the SVG vega draws in Node (the one the bundle carries);
// Node estimates text at 0.8 em a character, wider than real fonts, and Chromium's vega-embed drew the same specs
// within a few px of it (checked by hand for every case below).
const MAX_SVG_WIDTH = 794;

const LONG = "a rather long run name";

/** A history of `layers` recorded layers with long names, `metrics` logged every step, validation every 10 steps. */
function deepHistory(layers: number, metrics: string[] = ["loss", "accuracy"], scale = 1): History {
  const h = new History();
  for (let step = 1; step <= 40; step++) {
    const value = 2 * Math.exp(-0.05 * step) + 0.1;
    const row: HistoryRow = { step, epoch: Math.ceil(step / 10), time: step * 50, loss: value * scale };
    for (const m of metrics) row[m] = value * scale;
    if (step % 10 === 0) for (const m of metrics) row[`val${m[0]!.toUpperCase()}${m.slice(1)}`] = 1.1 * value * scale;
    h.rows.push(row);
  }
  for (const step of [1, 20, 40]) {
    for (let d = 0; d < layers; d++) {
      const values = Array.from({ length: 4000 }, (_, i) => Math.sin(i * 1.3 + d + step) * 1000 * 0.5 ** d);
      h.records.push({ step, kind: "activations", layer: `residual_block_${d + 1}/dense`, ...summarize(values, 16) });
    }
  }
  return h;
}

const runs = (n: number, layers: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${LONG} ${i + 1}`, deepHistory(layers)]));
/** 10 layers × 4,000 activations in [-1, 1], as notebook 07 draws them. */
const layerColumns = (layers: number, per: number) => ({
  activation: Array.from({ length: layers * per }, (_, i) => Math.sin(i) * 0.9 ** Math.floor(i / per)),
  layer: Array.from({ length: layers * per }, (_, i) => 1 + Math.floor(i / per)),
});
const TITLE = "a long title, as notebooks write them: what is shown, under which setting, and what to look for in it";

/** The worst cases of every vega-lite figure the library draws: many facets, long names, wide legends, big counts. */
const WORST: Record<string, () => Promise<Figure>> = {
  "histogram, notebook 07's call (10 layers, columns 5, width 150)": () =>
    histogram(layerColumns(10, 4000), {
      x: "activation",
      facet: "layer",
      domain: [-1, 1],
      bins: 40,
      columns: 5,
      width: 150,
      height: 100,
      title: TITLE,
    }),
  "histogram, 12 facets by default, a wide colour legend, counts in the millions": () =>
    histogram(
      {
        v: Array.from({ length: 240_000 }, (_, i) => Math.sin(i)),
        f: Array.from({ length: 240_000 }, (_, i) => `facet value number ${i % 12}`),
        c: Array.from({ length: 240_000 }, (_, i) => `${LONG} ${i % 3}`),
      },
      { x: "v", facet: "f", color: "c", bins: 3 },
    ),
  "histogram, one plot with a wide colour legend": () =>
    histogram(
      { v: Array.from({ length: 900 }, (_, i) => i), c: Array.from({ length: 900 }, (_, i) => `${LONG} ${LONG} ${i % 3}`) },
      { x: "v", color: "c" },
    ),
  "curves, 5 metrics of 3 runs with long names, validation dashed, values in the millions": () =>
    curves(
      Object.fromEntries(
        Array.from({ length: 3 }, (_, i) => [`${LONG} ${i + 1}`, deepHistory(1, ["accuracy", "precision", "recall", "f1"], 1e6)]),
      ),
      { title: TITLE },
    ),
  "curves, one panel, a wide legend": () => curves(runs(4, 1), { metrics: ["loss"] }),
  "layerStats, one run of 20 layers": () => layerStats(deepHistory(20), { title: TITLE }),
  "layerStats, 3 runs of 12 layers": () => layerStats(runs(3, 12)),
  "layerStats, 3 runs of 2 layers": () => layerStats(runs(3, 2)),
  "layerStats, 8 runs of 6 layers": () => layerStats(runs(8, 6)),
  "layerStats, std of 20 layers in 4 runs": () => layerStats(runs(4, 20), { stat: "std" }),
  "layerStats, norm at every step, 4 runs": () => layerStats(runs(4, 12), { stat: "norm", step: "all" }),
  "history.plot()": () => deepHistory(1, ["accuracy", "precision", "recall"]).plot(),
};

const svgWidth = (svg: string) => Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);

describe("vega-lite figures fit the JupyterLab output area and the book's column", () => {
  for (const [name, make] of Object.entries(WORST)) {
    it(`${name}: at most ${MAX_SVG_WIDTH} px wide`, async (t) => {
      const width = svgWidth(await (await make()).toSVG());
      t.diagnostic(`${width} px`);
      assert.ok(width <= MAX_SVG_WIDTH, `${name}: ${width} px wide`);
    });
  }

  it("a wrapped grid still draws every facet: notebook 07's 10 layers, each with its header", async () => {
    const svg = await (await WORST["histogram, notebook 07's call (10 layers, columns 5, width 150)"]!()).toSVG();
    const headers = [...svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    for (let layer = 1; layer <= 10; layer++) assert.ok(headers.includes(layer), `layer ${layer}'s header in the SVG`);
    assert.equal(svg.match(/aria-roledescription="bar"/g)?.length, 10 * 40);
  });
});

describe("plotly figures take the output area's width", () => {
  const plotlyProbes = Object.entries(PROBES).filter(([name]) => name.startsWith("plot."));

  it("every dl.plot function's plotly figure autosizes with no fixed width, and its config is responsive", async () => {
    let checked = 0;
    for (const [name, probe] of plotlyProbes) {
      const figure = await probe({});
      if (!(figure instanceof Object) || (figure as Figure).engine !== "plotly") continue;
      const { layout, config } = (figure as Figure).spec;
      if (name !== "plot.images") assert.deepEqual([layout.width, layout.autosize], [undefined, true], `${name}: layout`);
      assert.equal(config.responsive, true, `${name}: config.responsive`);
      checked++;
    }
    assert.ok(checked >= 9, `${checked} plotly figures checked`);
  });

  it(`an image grid, whose size is fixed so its cells stay square, is at most ${MAX_SVG_WIDTH} px wide at 8 or 40 a row`, async () => {
    for (const columns of [8, 40]) {
      const { layout } = (await images(tf.zeros([80, 4, 4]), { columns, limit: 80 })).spec;
      assert.ok(layout.width <= MAX_SVG_WIDTH, `${columns} columns: ${layout.width} px`);
    }
  });
});
