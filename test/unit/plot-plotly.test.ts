import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { sawtoothWeights } from "../../lib/constructions/sawtooth.js";
import { montufarWeights } from "../../lib/constructions/montufar.js";
import { makeDataset } from "../../lib/datasets/dataset.js";
import { cantor, cantorDust } from "../../lib/datasets/fractal/systems.js";
import { fractal as fractalData } from "../../lib/datasets/fractal/fractal.js";
import { DISPLAY } from "../../lib/display/protocol.js";
import { toMimeBundle } from "../../lib/display/to-mime-bundle.js";
import { fromWeights } from "../../lib/nets/from-weights.js";
import { decisionBoundary } from "../../lib/plot/decision-boundary.js";
import type { Figure } from "../../lib/plot/figure.js";
import { fractal } from "../../lib/plot/fractal.js";
import { heatmap } from "../../lib/plot/heatmap.js";
import { images } from "../../lib/plot/images.js";
import { line } from "../../lib/plot/line.js";
import { lossLandscape } from "../../lib/plot/loss-landscape.js";
import { pieces } from "../../lib/plot/pieces.js";
import { Figure as FigureClass } from "../../lib/plot/figure.js";
import * as plot from "../../lib/plot/index.js";
import { PLOTLY_MIME } from "../../lib/plot/plotly/render.js";
import { regions } from "../../lib/plot/regions.js";
import { scatter } from "../../lib/plot/scatter.js";
import { surface } from "../../lib/plot/surface.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { PROBES } from "./option-keys/plot-probes.js";
import { historyOf } from "./plot-vega-fixtures.js";
import { matchesSnapshot as sharedSnapshot } from "./support/snapshot.js";

// Snapshots of each figure's spec, normalised (numbers to 6 significant digits, keys sorted), in
// test/snapshots/plot/<name>.json. UPDATE_SNAPSHOTS=1 rewrites them; review the diff (and the figures) by eye.
const SNAPSHOTS = join(PACKAGE_ROOT, "test", "snapshots", "plot");

function normalise(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalise((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** JSON with 2-space indent, but arrays of plain values on one line, so grids stay readable. */
function stringify(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) return JSON.stringify(value);
    return `[\n${value.map((v) => indent + "  " + stringify(v, indent + "  ")).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${stringify(v, indent + "  ")}`);
    return entries.length === 0 ? "{}" : `{\n${entries.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function matchesSnapshot(name: string, figure: Figure): void {
  sharedSnapshot(SNAPSHOTS, name, stringify(normalise(figure.spec)) + "\n");
}

before(async () => {
  await ready();
});

const diagonal = () =>
  fromWeights([
    {
      weight: [
        [1, 0],
        [0, 1],
      ],
      bias: [0, 0],
      activation: "linear",
    },
  ]); // class = argmax(x0, x1)
const four = () =>
  makeDataset({
    name: "four",
    task: "classification",
    inputs: 2,
    classes: 2,
    xValues: Float32Array.of(0, 1, 1, 0, 0.2, 0.8, 0.9, 0.1),
    yValues: Int32Array.of(1, 0, 1, 0),
  });

/** Every figure on small fixed inputs, by snapshot name. */
const GALLERY: Record<string, () => Promise<Figure>> = {
  line: () => line([1, 4, 9, 16], { title: "squares", logY: true }),
  "line-color-facet": () =>
    line(
      {
        t: [0, 1, 2, 0, 1, 2, 0, 1, 2],
        v: [0, 1, 2, 2, 1, 0, 1, 1, 1],
        run: ["a", "a", "a", "b", "b", "b", "a", "a", "a"],
        split: ["train", "train", "train", "train", "train", "train", "test", "test", "test"],
      },
      { x: "t", y: "v", color: "run", facet: "split", markers: true },
    ),
  scatter: () =>
    scatter(
      tf.tensor2d([
        [0, 0],
        [1, 2],
        [2, 1],
      ]),
      { color: ["p", "q", "p"], size: 4 },
    ),
  "scatter-webgl": () => scatter({ x: [0, 1, 2, 3], y: [3, 2, 1, 0] }, { webglAbove: 4 }),
  heatmap: () =>
    heatmap(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      { x: [10, 20, 30], y: [0.5, 1.5], zLabel: "count", colorscale: "Greys" },
    ),
  surface: () =>
    surface(
      tf.tensor2d([
        [0, 1],
        [1, 2],
      ]),
      { x: [0, 1], y: [0, 1], zLabel: "loss" },
    ),
  "images-grey": () =>
    images(
      tf.tensor3d([
        [
          [0, 0.5],
          [1, 0.25],
        ],
        [
          [1, 1],
          [0, 0],
        ],
      ]),
      { labels: [0, 1], classNames: ["zero", "one"] },
    ), // [2, 2, 2]
  "images-rgb": () =>
    images(
      tf.tensor4d([
        [
          [
            [255, 0, 0],
            [0, 255, 0],
          ],
          [
            [0, 0, 255],
            [255, 255, 255],
          ],
        ],
      ]),
      { range: [0, 255], title: "colours" },
    ), // [1, 2, 2, 3]
  "decision-boundary": () => decisionBoundary(diagonal(), four(), { resolution: 4 }),
  pieces: () => pieces(sawtoothWeights(2)),
  regions: () => regions(montufarWeights({ inputs: 2, layers: 1, width: 4 })),
  "regions-output": () =>
    regions(montufarWeights({ inputs: 2, layers: 1, width: 4 }), {
      fill: "output",
      box: [
        [-1, 1],
        [-1, 1],
      ],
    }),
  "fractal-1d": () => fractal(fractalData({ maps: cantor, depth: 2, n: 12, seed: 1 })),
  "fractal-2d": () => fractal(fractalData({ maps: cantorDust, depth: 1, n: 12, seed: 1 })),
  "loss-landscape": () =>
    lossLandscape((x: number, y: number) => x * x + 4 * y * y, {
      resolution: 10,
      levels: 5,
      paths: {
        sgd: [
          [1, 1],
          [0.6, -0.2],
          [0.3, 0.05],
        ],
      },
    }),
};

describe("plotly figures match their reviewed snapshots", () => {
  for (const [name, make] of Object.entries(GALLERY)) {
    it(name, async () => matchesSnapshot(name, await make()));
  }
});

describe("plotly MIME bundles", () => {
  it("carry the plotly JSON (an object, the spec itself), an HTML fallback and a one-line text/plain", async () => {
    const figure = await line([1, 2, 3]);
    const bundle = await figure[DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
    assert.equal(bundle[PLOTLY_MIME], figure.spec);
    assert.equal(typeof bundle[PLOTLY_MIME], "object");
    assert.equal(bundle["text/plain"], "Figure(line, 1 series, 3 points)");
    assert.equal(String(figure), "Figure(line, 1 series, 3 points)");
    const wire = await toMimeBundle(figure); // what the kernel sends: still an object, not a string
    assert.equal(typeof wire[PLOTLY_MIME], "object");
  });

  it("figure text cannot close the script element it travels in", async () => {
    const figure = await line([1, 2], { title: "</script><b>x</b>" });
    const html = String((await figure[DISPLAY]())["text/html"]);
    assert.equal(html.match(/<\/script>/gi)?.length, 1, "only the script's own end tag");
  });

  it("standalone HTML pages inline plotly.js once and draw the figure", async () => {
    const page = await (await line([1, 2])).toHTML();
    assert.equal(page.split("Copyright 2012").length - 1, 1);
    assert.match(page, /Plotly\.newPlot\("figure"/);
  });
});

describe("every dl.plot function returns a promise of a Figure (one pattern: `await dl.plot.f(...)`)", () => {
  /** Exported functions that are not plot functions, and what they return instead. */
  const NOT_PLOTS: Record<string, string> = {
    columnsOf: "reads data into columns for the plot functions: a promise of the columns",
    embedPlotly: "a setting: makes the next figure carry plotly.js; nothing",
    live: "a progress display for a training loop: a handle to update, at once",
  };
  const isClass = (value: unknown) => typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value));
  const functions = Object.entries(plot)
    .filter(([, value]) => typeof value === "function" && !isClass(value))
    .map(([name]) => name);

  it("every exported function is a plot function (called by its probe) or a named exception", () => {
    assert.ok(functions.length > 15, `found ${functions.length} functions`);
    assert.deepEqual(
      functions.filter((name) => !(name in NOT_PLOTS) && !(`plot.${name}` in PROBES)),
      [],
      "exported from lib/plot/index.ts with neither a probe in option-keys/plot-probes.ts nor a reason in NOT_PLOTS",
    );
  });

  for (const name of functions.filter((n) => !(n in NOT_PLOTS))) {
    it(`dl.plot.${name}(…) returns a Promise that resolves to a Figure`, async () => {
      const result = PROBES[`plot.${name}`]!({});
      assert.ok(result instanceof Promise, `dl.plot.${name} returned ${String(result)}, not a Promise`);
      assert.ok((await result) instanceof FigureClass);
    });
  }

  it("history.plot(…) too", async () => {
    const result = historyOf(0.1).plot();
    assert.ok(result instanceof Promise);
    assert.ok((await result) instanceof FigureClass);
  });
});
