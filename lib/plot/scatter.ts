import { checkInteger, checkKeys, checkNumber, type KnownKeys } from "../options/check.js";
import { COLUMN_KEYS, columnsOf, type ColumnOptions, type PlotData } from "./data.js";
import type { Figure } from "./figure.js";
import { AXES_KEYS, PALETTE, axesLayout, plotlyFigure, type AxesOptions } from "./plotly/layout.js";
import { seriesTrace, splitSeries } from "./plotly/series.js";

/** Options of {@link scatter}. */
export interface ScatterOptions extends ColumnOptions, AxesOptions {
  /** Marker diameter in pixels (default 6). */
  size?: number;
  /** Marker opacity in (0, 1] (default 0.8). */
  opacity?: number;
  /** From this many points on, draw with WebGL (`scattergl`), which stays fast for 10^5–10^6 points (default 5000). */
  webglAbove?: number;
}

const KEYS: KnownKeys<ScatterOptions> = { ...COLUMN_KEYS, ...AXES_KEYS, size: true, opacity: true, webglAbove: true };

/**
 * A scatter plot: one colour per `color` group, one panel per `facet` value. Drawn with plotly, switching to
 * WebGL (`scattergl`) for large point clouds, where SVG markers would make the page crawl.
 *
 * @example
 * const ds = dl.datasets.spirals({ n: 1000 });
 * await dl.plot.scatter(ds.x, { color: Array.from(ds.yValues), size: 4 })
 * await dl.plot.scatter(rows, { x: "params", y: "regions", logY: true })
 */
export async function scatter(data: PlotData, options: ScatterOptions = {}): Promise<Figure> {
  const { x, y, color, facet, size = 6, opacity = 0.8, webglAbove = 5000 } = checkKeys("scatter", options, KEYS);
  checkNumber("scatter", "size", size, 0, 100, { min: true });
  checkNumber("scatter", "opacity", opacity, 0, 1, { min: true });
  checkInteger("scatter", "webglAbove", webglAbove, 0);
  const cols = await columnsOf("scatter", data, { x, y, color, facet });
  const { series, layout } = splitSeries(cols, axesLayout("scatter", options, cols.names));
  const type = cols.y.length >= webglAbove ? "scattergl" : "scatter";
  const traces = series.map((s) => ({
    type,
    mode: "markers",
    x: s.x,
    y: s.y,
    ...seriesTrace(s),
    marker: { size, opacity, color: PALETTE[s.group % PALETTE.length] },
  }));
  return plotlyFigure("scatter", traces, layout);
}
