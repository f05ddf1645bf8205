/**
 * `dl.plot`: figures in one call. Each plot function returns a promise of a {@link Figure}, so every call reads
 * `await dl.plot.…(…)`; the figure displays itself in JupyterLab, Notebook 7 and VS Code (plotly / vega-lite JSON),
 * classic Notebook and exported HTML (fallbacks: an SVG, or plotly drawn from `depthlab install`'s nbextension; see
 * `embedPlotly` for a notebook that carries plotly.js), fits the output area, and exposes its spec for tweaking. (`live` is a progress display,
 * not a figure: it returns a handle at once.) plotly draws what is interactive, 3-D or large (lines, scatters, heatmaps, surfaces,
 * images, the course's regions, pieces, boundaries and landscapes); vega-lite draws statistical small multiples
 * (histograms, training curves, per-layer statistics) and renders to SVG in Node.
 *
 * @example
 * await dl.plot.line({ x: [0, 1, 2, 3], y: [0, 1, 4, 9] }, { title: "squares" })
 */
export { Figure } from "./figure.js";
export type { FigureEngine, FigureInfo, PngOptions } from "./figure.js";
export { columnsOf } from "./data.js";
export type { ColumnOptions, Columns, ColumnValues, PlotData } from "./data.js";
export type { AxesOptions } from "./plotly/layout.js";
export { embedPlotly } from "./plotly/embed-plotly.js";
export { line } from "./line.js";
export type { LineOptions } from "./line.js";
export { scatter } from "./scatter.js";
export type { ScatterOptions } from "./scatter.js";
export { heatmap, COLORSCALES } from "./heatmap.js";
export type { HeatmapOptions } from "./heatmap.js";
export { surface } from "./surface.js";
export type { SurfaceOptions } from "./surface.js";
export { images } from "./images.js";
export type { ImagesOptions } from "./images.js";
export { decisionBoundary } from "./decision-boundary.js";
export type { DecisionBoundaryOptions } from "./decision-boundary.js";
export { pieces } from "./pieces.js";
export type { PiecesOptions } from "./pieces.js";
export { regions } from "./regions.js";
export type { RegionsOptions } from "./regions.js";
export { fractal } from "./fractal.js";
export type { FractalPlotOptions } from "./fractal.js";
export { lossLandscape } from "./loss-landscape.js";
export type { LossLandscapeOptions, LossFunction2D } from "./loss-landscape.js";
export { histogram } from "./histogram.js";
export type { HistogramOptions } from "./histogram.js";
export { curves } from "./curves.js";
// gives every History its plot() method, drawn by curves (train does not import plot)
import "./history-plot.js";
export type { CurvesOptions } from "./curves.js";
export { layerStats } from "./layer-stats.js";
export type { LayerStatsOptions } from "./layer-stats.js";
export { table, TableFigure } from "./table.js";
export type { TableOptions } from "./table.js";
export type { Histories } from "./vega/runs.js";
// the live display lives in lib/progress, below train and plot, so that `fit` can draw it without importing plot
export { live } from "../progress/index.js";
export type { LiveOptions, LiveHandle, LiveUpdate, LiveStream, LiveStatus } from "../progress/index.js";
