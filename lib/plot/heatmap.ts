import { checkKeys, checkOneOf, type KnownKeys } from "../options/check.js";
import type { Figure } from "./figure.js";
import { AXES_KEYS, axesLayout, plotlyFigure, type AxesOptions } from "./plotly/layout.js";
import { coordinatesOf, matrixOf, type MatrixData } from "./plotly/matrix.js";

/**
 * Colour scales a heatmap or surface can use (plotly's names).
 *
 * @example
 * await dl.plot.heatmap(weights, { colorscale: "RdBu" })   // diverging: negative weights red, positive blue
 */
export const COLORSCALES = ["Viridis", "Cividis", "Greys", "RdBu", "Blues", "Hot", "Portland"] as const;

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends AxesOptions {
  /** Coordinates of the columns (default 0, 1, …). */
  x?: ArrayLike<number>;
  /** Coordinates of the rows (default 0, 1, …). */
  y?: ArrayLike<number>;
  /** Colour scale, one of {@link COLORSCALES} (default "Viridis"). */
  colorscale?: (typeof COLORSCALES)[number];
  /** Title of the colour bar (default none). */
  zLabel?: string;
}

const KEYS: KnownKeys<HeatmapOptions> = { ...AXES_KEYS, x: true, y: true, colorscale: true, zLabel: true };

/**
 * A heatmap of a matrix: `z[row][col]` coloured at (x[col], y[row]), row 0 at the bottom. Drawn with plotly
 * (hover reads a cell's value).
 *
 * @example
 * await dl.plot.heatmap([[0, 1], [1, 0]])
 * await dl.plot.heatmap(model.layers[0].getWeights()[0], { xLabel: "unit", yLabel: "input", colorscale: "RdBu" })
 */
export async function heatmap(data: MatrixData, options: HeatmapOptions = {}): Promise<Figure> {
  const { colorscale = "Viridis", zLabel } = checkKeys("heatmap", options, KEYS);
  checkOneOf("heatmap", "colorscale", colorscale, COLORSCALES);
  const z = await matrixOf("heatmap", data);
  const x = await coordinatesOf("heatmap", "x", options.x, z[0]!.length);
  const y = await coordinatesOf("heatmap", "y", options.y, z.length);
  const trace = {
    type: "heatmap",
    z,
    ...(x ? { x } : {}),
    ...(y ? { y } : {}),
    colorscale,
    ...(zLabel ? { colorbar: { title: { text: zLabel } } } : {}),
  };
  return plotlyFigure("heatmap", [trace], axesLayout("heatmap", options));
}
