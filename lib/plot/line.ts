import { COLUMN_KEYS, columnsOf, type ColumnOptions, type PlotData } from "./data.js";
import type { Figure } from "./figure.js";
import { checkKeys, fail, type KnownKeys } from "../options/check.js";
import { AXES_KEYS, PALETTE, axesLayout, plotlyFigure, type AxesOptions } from "./plotly/layout.js";
import { seriesTrace, splitSeries } from "./plotly/series.js";

/** Options of {@link line}. */
export interface LineOptions extends ColumnOptions, AxesOptions {
  /** Draw a marker at each point too (default false). */
  markers?: boolean;
}

const KEYS: KnownKeys<LineOptions> = { ...COLUMN_KEYS, ...AXES_KEYS, markers: true };

/**
 * A line chart: one line per `color` group, one panel per `facet` value. Points are joined in the order given.
 * Drawn with plotly (zoom and hover help to read exact values off a curve).
 *
 * @example
 * await dl.plot.line([1, 4, 9, 16])                                       // y against its index
 * await dl.plot.line({ x: xs, y: ys }, { title: "sin", xLabel: "t" })
 * await dl.plot.line(history.rows, { x: "epoch", y: "loss", color: "split", logY: true })
 */
export async function line(data: PlotData, options: LineOptions = {}): Promise<Figure> {
  const { x, y, color, facet, markers = false } = checkKeys("line", options, KEYS);
  if (typeof markers !== "boolean") fail("line", "markers", "true or false", markers);
  const cols = await columnsOf("line", data, { x, y, color, facet });
  const { series, layout } = splitSeries(cols, axesLayout("line", options, cols.names));
  const traces = series.map((s) => ({
    type: "scatter",
    mode: markers ? "lines+markers" : "lines",
    x: s.x,
    y: s.y,
    ...seriesTrace(s),
    line: { color: PALETTE[s.group % PALETTE.length] }, // a group keeps its colour in every facet
  }));
  return plotlyFigure("line", traces, layout);
}
