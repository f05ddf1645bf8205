import * as tf from "@tensorflow/tfjs";
import { checkInteger, checkKeys, fail, type KnownKeys } from "../options/check.js";
import { isTensor } from "./data.js";
import type { Figure } from "./figure.js";
import { AXES_KEYS, axesLayout, plotlyFigure, type AxesOptions } from "./plotly/layout.js";

/** Path colours that stand out on every part of the Viridis scale (dark purple to yellow). */
const PATH_COLORS = ["#e41a1c", "#00e5ff", "#ff7f00", "#f781bf", "#000000", "#a6d854"];

/** A loss of two parameters: on numbers, or elementwise on two tensors `[n]` (returning `[n]`). */
export type LossFunction2D = ((x: number, y: number) => number) | ((x: tf.Tensor1D, y: tf.Tensor1D) => tf.Tensor);

/** Options of {@link lossLandscape}. */
export interface LossLandscapeOptions extends AxesOptions {
  /** The horizontal range [x0, x1] (default [-2, 2]). */
  xRange?: readonly [number, number];
  /** The vertical range [y0, y1] (default [-2, 2]). */
  yRange?: readonly [number, number];
  /** Optimiser paths by name, each a list of [x, y] points or a tensor [steps, 2] (default none). */
  paths?: Record<string, ArrayLike<readonly [number, number]> | tf.Tensor>;
  /** Grid points per side, an integer in [10, 400] (default 100). */
  resolution?: number;
  /** Number of contour levels (default 30). */
  levels?: number;
  /** Contour log10 of the loss, for valleys many decades deep such as Rosenbrock's (default false). */
  logZ?: boolean;
}

const KEYS: KnownKeys<LossLandscapeOptions> = {
  ...AXES_KEYS,
  xRange: true,
  yRange: true,
  paths: true,
  resolution: true,
  levels: true,
  logZ: true,
};

/**
 * Contours of a loss of two parameters with optimiser paths drawn over them, each from a circle (start) to a
 * cross (end): how SGD zig-zags down a narrow valley that momentum or Adam follows.
 * The loss is called on numbers, or once on two tensors holding the whole grid when it uses tf ops.
 * Drawn with plotly (filled contours, hover reads the loss, paths toggle from the legend).
 *
 * @example
 * const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
 * await dl.plot.lossLandscape(rosenbrock, { xRange: [-2, 2], yRange: [-1, 3], logZ: true, paths: { sgd: sgdPath, adam: adamPath } })
 */
export async function lossLandscape(loss: LossFunction2D, options: LossLandscapeOptions = {}): Promise<Figure> {
  const fn = "lossLandscape";
  checkKeys(fn, options, KEYS);
  if (typeof loss !== "function") fail(fn, "loss", "a function (x, y) => loss", loss);
  const { xRange = [-2, 2], yRange = [-2, 2], paths = {}, resolution = 100, levels = 30, logZ = false } = options;
  for (const [name, r] of [
    ["xRange", xRange],
    ["yRange", yRange],
  ] as const) {
    if (!(Array.isArray(r) && r.length === 2 && r.every(Number.isFinite) && r[0] < r[1])) fail(fn, name, "[lo, hi] with finite lo < hi", r);
  }
  checkInteger(fn, "resolution", resolution, 10, 400);
  checkInteger(fn, "levels", levels, 2, 200);
  const axis = ([lo, hi]: readonly [number, number]) =>
    Array.from({ length: resolution }, (_, j) => lo + ((hi - lo) * j) / (resolution - 1));
  const [xs, ys] = [axis(xRange), axis(yRange)];
  const flat = await evaluateGrid(fn, loss, xs, ys); // row-major: row i is y = ys[i]
  const z = ys.map((_, i) => flat.slice(i * resolution, (i + 1) * resolution).map((v) => (logZ ? Math.log10(Math.max(v, 1e-12)) : v)));
  const traces: Record<string, any>[] = [
    {
      type: "contour",
      x: xs,
      y: ys,
      z,
      colorscale: "Viridis",
      ncontours: levels,
      contours: { coloring: "heatmap" },
      colorbar: { title: { text: logZ ? "log10 loss" : "loss" } },
    },
  ];
  let k = 0;
  for (const [name, path] of Object.entries(paths)) {
    const points = await pathOf(fn, name, path);
    const color = PATH_COLORS[k++ % PATH_COLORS.length];
    const symbols = points.map((_, i) => (i === 0 ? "circle" : i === points.length - 1 ? "x" : "circle"));
    const sizes = points.map((_, i) => (i === 0 || i === points.length - 1 ? 10 : 4));
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: points.map((p) => p[0]),
      y: points.map((p) => p[1]),
      line: { color, width: 2 },
      marker: { color, symbol: symbols, size: sizes },
    });
  }
  const layout = axesLayout(fn, options, { x: "x", y: "y" });
  layout["xaxis"] = { ...layout["xaxis"], range: [...xRange] };
  layout["yaxis"] = { ...layout["yaxis"], range: [...yRange] };
  // below the plot, so it never covers the colour bar on the right
  layout["legend"] = { orientation: "h", x: 0, y: -0.15, yanchor: "top", bgcolor: "rgba(255,255,255,0.7)" };
  return plotlyFigure("lossLandscape", traces, layout);
}

/** The loss at every grid point; a loss that fails on numbers or returns a tensor gets the grid as two tensors. */
async function evaluateGrid(fn: string, loss: LossFunction2D, xs: number[], ys: number[]): Promise<number[]> {
  let probe: unknown;
  try {
    probe = (loss as (x: number, y: number) => unknown)(xs[0]!, ys[0]!);
  } catch {
    probe = undefined;
  }
  if (typeof probe === "number") {
    return ys.flatMap((y) => xs.map((x) => (loss as (x: number, y: number) => number)(x, y)));
  }
  if (isTensor(probe)) probe.dispose();
  const out = tf.tidy(() => {
    const gx = tf.tensor1d(ys.flatMap(() => xs)); // [rows·cols]
    const gy = tf.tensor1d(ys.flatMap((y) => xs.map(() => y)));
    return (loss as (x: tf.Tensor1D, y: tf.Tensor1D) => tf.Tensor)(gx, gy);
  });
  if (!isTensor(out) || out.size !== xs.length * ys.length) {
    fail(fn, "loss", `a function returning a number, or a tensor of ${xs.length * ys.length} values for the grid`, out);
  }
  const values = Array.from(await out.data(), Number);
  out.dispose();
  return values;
}

async function pathOf(fn: string, name: string, path: unknown): Promise<[number, number][]> {
  if (isTensor(path)) {
    if (path.rank !== 2 || path.shape[1] !== 2) fail(fn, `paths.${name}`, "a tensor [steps, 2]", `shape [${path.shape.join(", ")}]`);
    const v = await path.data();
    return Array.from({ length: path.shape[0]! }, (_, i) => [v[2 * i]!, v[2 * i + 1]!]);
  }
  const ok = Array.isArray(path) && path.every((p) => (Array.isArray(p) || ArrayBuffer.isView(p)) && (p as ArrayLike<number>).length === 2);
  if (!ok) fail(fn, `paths.${name}`, "a list of [x, y] points or a tensor [steps, 2]", path);
  return (path as [number, number][]).map((p) => [Number(p[0]), Number(p[1])]);
}
