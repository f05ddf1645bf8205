import type { Dataset } from "../datasets/dataset.js";
import { checkKeys, checkNumber, fail, type KnownKeys } from "../options/check.js";
import type { Figure } from "./figure.js";
import { AXES_KEYS, PALETTE, axesLayout, equalAxes, plotlyFigure, type AxesOptions } from "./plotly/layout.js";

/** Options of {@link fractal}. */
export interface FractalPlotOptions extends AxesOptions {
  /** Marker diameter in pixels (default 3). */
  size?: number;
}

const KEYS: KnownKeys<FractalPlotOptions> = { ...AXES_KEYS, size: true };

/**
 * The samples of a fractal dataset (`dl.datasets.fractal`): positives (on K_depth) and negatives (in the gaps cut
 * out at each level) in two colours. A 1-D set is drawn as two strips, positives above negatives, spread vertically
 * by a fixed jitter so dense stretches show; a 2-D set as points in the plane, with equal axis scales.
 * Drawn with plotly: zooming in shows the same picture at every scale, and large sets go to WebGL.
 *
 * @example
 * await dl.plot.fractal(dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 3, n: 2000 }))
 * await dl.plot.fractal(dl.datasets.fractal({ maps: dl.datasets.cantorDust, depth: 2, n: 5000 }))
 */
export async function fractal(dataset: Dataset, options: FractalPlotOptions = {}): Promise<Figure> {
  checkKeys("fractal", options, KEYS);
  if (dataset?.task !== "classification" || (dataset.inputs !== 1 && dataset.inputs !== 2)) {
    fail("fractal", "dataset", "a classification dataset with 1 or 2 inputs (dl.datasets.fractal)", dataset);
  }
  const { size = 3 } = options;
  checkNumber("fractal", "size", size, 0, 50, { min: true });
  const d = dataset.inputs;
  const names = dataset.classNames ?? ["negative", "positive"];
  const traces = [1, 0].map((label) => {
    const idx = [...dataset.yValues.keys()].filter((i) => dataset.yValues[i] === label);
    const x = idx.map((i) => dataset.xValues[i * d]!);
    // 1-D: label + a jitter in [-0.3, 0.3) from the golden-ratio sequence (deterministic, evenly spread)
    const y = d === 2 ? idx.map((i) => dataset.xValues[i * d + 1]!) : idx.map((_, k) => label + (((k * 0.6180339887) % 1) - 0.5) * 0.6);
    return {
      type: idx.length >= 5000 ? "scattergl" : "scatter",
      mode: "markers",
      name: names[label] ?? `class ${label}`,
      x,
      y,
      marker: { size, color: PALETTE[label === 1 ? 0 : 1], opacity: 0.8 },
    };
  });
  const title = options.title ?? dataset.name;
  const base = axesLayout("fractal", { ...options, title }, { x: "x0", y: d === 2 ? "x1" : undefined });
  const layout =
    d === 2
      ? equalAxes(base)
      : { ...base, yaxis: { ...base["yaxis"], tickvals: [0, 1], ticktext: [names[0], names[1]], range: [-0.6, 1.6], zeroline: false } };
  if (d === 1 && options.height === undefined) layout["height"] = 260;
  return plotlyFigure("fractal", traces, layout);
}
