import { checkKeys, checkOneOf, type KnownKeys } from "../options/check.js";
import type { Figure } from "./figure.js";
import { COLORSCALES } from "./heatmap.js";
import { AXES_KEYS, axesLayout, plotlyFigure, type AxesOptions } from "./plotly/layout.js";
import { coordinatesOf, matrixOf, type MatrixData } from "./plotly/matrix.js";

/** Options of {@link surface}. */
export interface SurfaceOptions extends AxesOptions {
  /** Coordinates of the columns (default 0, 1, …). */
  x?: ArrayLike<number>;
  /** Coordinates of the rows (default 0, 1, …). */
  y?: ArrayLike<number>;
  /** Title of the vertical axis (default "z"). */
  zLabel?: string;
  /** Colour scale, one of {@link COLORSCALES} (default "Viridis"). */
  colorscale?: (typeof COLORSCALES)[number];
}

const KEYS: KnownKeys<SurfaceOptions> = { ...AXES_KEYS, x: true, y: true, zLabel: true, colorscale: true };

/**
 * A 3-D surface z = f(x, y) from a matrix `z[row][col]` over (x[col], y[row]), to turn with the mouse.
 * Drawn with plotly: interactive 3-D (WebGL) is what it does and vega-lite cannot.
 *
 * @example
 * const xs = dl.tf.linspace(-2, 2, 41);
 * const z = dl.tf.tidy(() => xs.reshape([1, -1]).square().add(xs.reshape([-1, 1]).square()));  // [41, 41]
 * await dl.plot.surface(z, { x: await xs.data(), y: await xs.data(), title: "x² + y²" })
 */
export async function surface(data: MatrixData, options: SurfaceOptions = {}): Promise<Figure> {
  const { colorscale = "Viridis", zLabel = "z" } = checkKeys("surface", options, KEYS);
  checkOneOf("surface", "colorscale", colorscale, COLORSCALES);
  const z = await matrixOf("surface", data);
  const x = await coordinatesOf("surface", "x", options.x, z[0]!.length);
  const y = await coordinatesOf("surface", "y", options.y, z.length);
  const { xaxis, yaxis, ...layout } = axesLayout("surface", options, { x: "x", y: "y" });
  const scene = { xaxis, yaxis, zaxis: { title: { text: zLabel } }, aspectmode: "cube" };
  const trace = { type: "surface", z, ...(x ? { x } : {}), ...(y ? { y } : {}), colorscale };
  return plotlyFigure("surface", [trace], { ...layout, scene, margin: { ...layout["margin"], b: 10, l: 10, r: 10 } });
}
