import type * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../datasets/dataset.js";
import { checkInteger, checkKeys, fail, type KnownKeys } from "../options/check.js";
import { isTensor } from "./data.js";
import type { Figure } from "./figure.js";
import { FIGURE_WIDTH } from "./figure-width.js";
import { plotlyFigure } from "./plotly/layout.js";

/** Options of {@link images}. */
export interface ImagesOptions {
  /** One label per image, shown above it (default: a dataset's labels, else none). */
  labels?: ArrayLike<number | string>;
  /** Names of integer labels, index = label (default: a dataset's classNames). */
  classNames?: readonly string[];
  /** How many images to show, from the first, an integer in [1, 400] (default 32). */
  limit?: number;
  /** Images per row (default 8); the images shrink so that a row fits the output area (760 px). */
  columns?: number;
  /** The pixel values shown as black and white (default [0, 1] when every value lies in it, else [0, 255]). */
  range?: readonly [number, number];
  /** Title above the grid (default none). */
  title?: string;
}

const KEYS: KnownKeys<ImagesOptions> = { labels: true, classNames: true, limit: true, columns: true, range: true, title: true };

/**
 * A grid of images with their labels, from a tensor `[n, h, w]` (grey), `[n, h, w, 1]` or `[n, h, w, 3]` (colour),
 * `[n, h·w]` with h·w a square (flattened grey, as Fashion-MNIST's x), or a dataset of such images.
 *
 * @example
 * const ds = dl.datasets.fashionMnist({ split: "test", limit: 64, source: "sample" });
 * await dl.plot.images(ds, { limit: 16 })                         // labels from the dataset's class names
 * await dl.plot.images(ds.x.reshape([-1, 28, 28]), { labels: predictedNames, columns: 4 })
 */
export async function images(data: tf.Tensor | Dataset, options: ImagesOptions = {}): Promise<Figure> {
  const fn = "images";
  checkKeys(fn, options, KEYS);
  const dataset =
    !isTensor(data) && typeof data === "object" && data !== null && isTensor((data as Dataset).x) ? (data as Dataset) : undefined;
  const t = dataset ? dataset.x : data;
  if (!isTensor(t)) fail(fn, "data", "a tensor [n, h, w], [n, h, w, c] or [n, h·w], or a dataset of images", data);
  const { limit = 32, columns = 8, title, classNames = dataset?.classNames } = options;
  checkInteger(fn, "limit", limit, 1, 400);
  checkInteger(fn, "columns", columns, 1, 40);
  const [h, w, c] = imageShape(fn, t.shape);
  const n = Math.min(limit, t.shape[0]!);
  const labels = options.labels ?? (dataset ? dataset.yValues : undefined);
  if (labels !== undefined && (typeof labels !== "object" || labels.length < n))
    fail(fn, "labels", `at least ${n} labels (one per image shown)`, labels);
  const part = t.shape[0] === n ? t : t.slice(0, n);
  const values = await part.data(); // [n, h, w, c] row-major
  if (part !== t) part.dispose();
  const [lo, hi] = options.range ?? (values.every((v) => v >= 0 && v <= 1) ? [0, 1] : [0, 255]);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) fail(fn, "range", "[lo, hi] with finite lo < hi", options.range);
  const byte = (v: number) => Math.round(Math.min(255, Math.max(0, ((v - lo) / (hi - lo)) * 255)));
  const rows = Math.ceil(n / Math.min(columns, n));
  const cols = Math.min(columns, n);
  const cell = Math.min(110, Math.floor((FIGURE_WIDTH - 40) / cols)); // px an image, so that a row fits the output area
  const traces: Record<string, any>[] = [];
  const layout: Record<string, any> = {
    ...(title ? { title: { text: title } } : {}),
    grid: { rows, columns: cols, pattern: "independent", xgap: 0.08, ygap: 0.25 },
    height: Math.max(160, rows * (cell + 10) + (title ? 60 : 30)),
    width: Math.max(200, cols * cell + 40),
    margin: { t: title ? 60 : 30, r: 10, b: 10, l: 10 },
    annotations: [] as Record<string, any>[],
  };
  for (let k = 0; k < n; k++) {
    const axes = k === 0 ? { x: "x", y: "y" } : { x: `x${k + 1}`, y: `y${k + 1}` };
    const at = (i: number, j: number, ch: number) => byte(values[((k * h + i) * w + j) * c + ch]!);
    const z = Array.from({ length: h }, (_, i) =>
      Array.from({ length: w }, (_, j) => (c === 3 ? [at(i, j, 0), at(i, j, 1), at(i, j, 2)] : at(i, j, 0))),
    );
    traces.push(
      c === 3
        ? { type: "image", z, xaxis: axes.x, yaxis: axes.y }
        : {
            type: "heatmap",
            z,
            zmin: 0,
            zmax: 255,
            colorscale: [
              [0, "#000000"],
              [1, "#ffffff"],
            ],
            showscale: false,
            xaxis: axes.x,
            yaxis: axes.y,
          },
    );
    const suffix = k === 0 ? "" : String(k + 1);
    layout[`xaxis${suffix}`] = { visible: false };
    layout[`yaxis${suffix}`] = { visible: false, autorange: "reversed", scaleanchor: axes.x };
    if (labels !== undefined) {
      const label = labels[k]!;
      const text = typeof label === "number" && classNames?.[label] !== undefined ? classNames[label] : String(label);
      layout["annotations"].push({
        text,
        showarrow: false,
        xref: `${axes.x} domain`,
        yref: `${axes.y} domain`,
        x: 0.5,
        y: 1.01,
        yanchor: "bottom",
        font: { size: 11 },
      });
    }
  }
  return plotlyFigure("images", traces, layout);
}

/** [h, w, channels] of one image, from the tensor's shape. */
function imageShape(fn: string, shape: number[]): [number, number, number] {
  const [, a, b, c] = shape as [number, number, number, number | undefined];
  if (shape.length === 2 && Number.isInteger(Math.sqrt(a))) return [Math.sqrt(a), Math.sqrt(a), 1];
  if (shape.length === 3) return [a, b, 1];
  if (shape.length === 4 && (c === 1 || c === 3)) return [a, b, c];
  return fail(
    fn,
    "data",
    "a tensor [n, h, w], [n, h, w, 1], [n, h, w, 3] or [n, h·w] with h·w a square",
    `a tensor of shape [${shape.join(", ")}]`,
  );
}
