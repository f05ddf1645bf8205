import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../datasets/dataset.js";
import { checkInteger, checkKeys, checkNumber, fail, type KnownKeys } from "../options/check.js";
import { predict } from "../train/predict.js";
import { outputClasses } from "../train/classes.js";
import type { Figure } from "./figure.js";
import { AXES_KEYS, PALETTE, axesLayout, equalAxes, plotlyFigure, type AxesOptions } from "./plotly/layout.js";

/** Options of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions extends AxesOptions {
  /** Grid points per side, an integer in [2, 500] (default 150). */
  resolution?: number;
  /** Margin added around the data's box, as a fraction of its size (default 0.1). */
  padding?: number;
  /** For a model with one output: class 1 where the output exceeds it (default 0.5 after a sigmoid, else 0). */
  threshold?: number;
  /** Draw the dataset's points on top (default true). */
  points?: boolean;
  /** Grid points per call of the model (default 4096). */
  batchSize?: number;
}

const KEYS: KnownKeys<DecisionBoundaryOptions> = {
  ...AXES_KEYS,
  resolution: true,
  padding: true,
  threshold: true,
  points: true,
  batchSize: true,
};

/**
 * The class a model predicts at each point of a grid over the data's box, as coloured areas, with the dataset's
 * points on top in the same colours: where the boundary runs, and which points fall on the wrong side.
 * A model with several outputs predicts the argmax; one with a single output predicts output > threshold.
 * Drawn with plotly (a dense grid under thousands of points; hover shows each point's class).
 *
 * @example
 * const ds = dl.datasets.disc({ n: 500 });
 * const model = dl.models.mlp({ inputs: 2, hidden: [16, 16], outputs: 2 });
 * await dl.train.fit(model, ds, { epochs: 50 });
 * await dl.plot.decisionBoundary(model, ds)
 */
export async function decisionBoundary(model: tf.LayersModel, dataset: Dataset, options: DecisionBoundaryOptions = {}): Promise<Figure> {
  const fn = "decisionBoundary";
  checkKeys(fn, options, KEYS);
  if (typeof (model as Partial<tf.LayersModel>)?.apply !== "function") fail(fn, "model", "a tfjs model", model);
  if (dataset?.task !== "classification" || dataset.inputs !== 2) {
    fail(fn, "dataset", "a classification dataset with 2 inputs", dataset && `${dataset.task} data with ${dataset.inputs} inputs`);
  }
  const { resolution = 150, padding = 0.1, points = true, batchSize = 4096, threshold = defaultThreshold(model) } = options;
  checkInteger(fn, "resolution", resolution, 2, 500);
  checkNumber(fn, "padding", padding, 0, 10);
  checkNumber(fn, "threshold", threshold);
  checkInteger(fn, "batchSize", batchSize, 1);
  const [xs, ys] = gridAxes(dataset.xValues, padding, resolution);
  const classes = await predictGrid(model, xs, ys, threshold, batchSize);
  const k = Math.max(dataset.classes ?? 2, ...classes.map((c) => c + 1));
  const names = (c: number) => dataset.classNames?.[c] ?? `class ${c}`;
  const z = ys.map((_, i) => classes.slice(i * xs.length, (i + 1) * xs.length));
  const colorscale = Array.from({ length: k }, (_, c) => [
    [c / k, light(PALETTE[c % PALETTE.length]!)],
    [(c + 1) / k, light(PALETTE[c % PALETTE.length]!)],
  ]).flat();
  const traces: Record<string, any>[] = [
    {
      type: "heatmap",
      x: xs,
      y: ys,
      z,
      zmin: -0.5,
      zmax: k - 0.5,
      colorscale,
      showscale: false,
      hovertemplate: "(%{x:.3f}, %{y:.3f}): predicted %{z}<extra></extra>",
    },
  ];
  if (points) {
    for (let c = 0; c < k; c++) {
      const idx = [...dataset.yValues.keys()].filter((i) => dataset.yValues[i] === c);
      if (idx.length === 0) continue;
      traces.push({
        type: idx.length >= 5000 ? "scattergl" : "scatter",
        mode: "markers",
        name: names(c),
        x: idx.map((i) => dataset.xValues[2 * i]!),
        y: idx.map((i) => dataset.xValues[2 * i + 1]!),
        marker: { size: 5, color: PALETTE[c % PALETTE.length], line: { width: 0.5, color: "white" } },
      });
    }
  }
  const layout = equalAxes(axesLayout(fn, options, { x: "x0", y: "x1" }));
  layout["xaxis"].range = [xs[0], xs[xs.length - 1]];
  layout["yaxis"].range = [ys[0], ys[ys.length - 1]];
  return plotlyFigure("decisionBoundary", traces, layout);
}

/** Grid coordinates: `resolution` evenly spaced values per axis over the data's box widened by `padding`. */
export function gridAxes(xValues: ArrayLike<number>, padding: number, resolution: number): [number[], number[]] {
  return [0, 1].map((d) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = d; i < xValues.length; i += 2) ((lo = Math.min(lo, xValues[i]!)), (hi = Math.max(hi, xValues[i]!)));
    const pad = (hi - lo || 1) * padding;
    return Array.from({ length: resolution }, (_, j) => lo - pad + ((hi - lo + 2 * pad) * j) / (resolution - 1));
  }) as [number[], number[]];
}

/** The predicted class at every grid point, row-major: row i is y = ys[i], column j is x = xs[j]. */
async function predictGrid(model: tf.LayersModel, xs: number[], ys: number[], threshold: number, batchSize: number): Promise<number[]> {
  const grid = new Float32Array(xs.length * ys.length * 2); // [rows·cols, 2]
  ys.forEach((y, i) => xs.forEach((x, j) => grid.set([x, y], 2 * (i * xs.length + j))));
  const input = tf.tensor2d(grid, [xs.length * ys.length, 2]);
  const out = predict(model, input, { batchSize }); // [n, outputs]
  // the library's one rule (dl.train.predictClasses), with the threshold moved for a model that ends in a sigmoid
  const cls = tf.tidy(() => outputClasses(out.shape[1] === 1 ? out.sub(threshold) : out));
  const values = Array.from(await cls.data());
  tf.dispose([input, out, cls]);
  return values;
}

function defaultThreshold(model: tf.LayersModel): number {
  const last = model.layers?.[model.layers.length - 1];
  const activation = (last?.getConfig?.() as { activation?: unknown } | undefined)?.activation;
  return activation === "sigmoid" ? 0.5 : 0;
}

/** A colour mixed 60% with white, for areas under points of the full colour. */
function light(hex: string): string {
  const c = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.4 + 255 * 0.6));
  return `rgb(${c.join(",")})`;
}
