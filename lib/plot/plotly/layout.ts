import { fail, type KnownKeys } from "../../options/check.js";
import { Figure } from "../figure.js";

/** Options every plotly figure takes: titles, axis labels, log scales and size. */
export interface AxesOptions {
  /** Title above the plot (default none). */
  title?: string;
  /** Horizontal axis title (default: the x column's name). */
  xLabel?: string;
  /** Vertical axis title (default: the y column's name). */
  yLabel?: string;
  /** Logarithmic horizontal axis (default false). */
  logX?: boolean;
  /** Logarithmic vertical axis (default false). */
  logY?: boolean;
  /**
   * Width in pixels (default: the output area's width, followed as it resizes). A fixed width wider than the output
   * area (JupyterLab's measured 968 px with the file browser open) scrolls sideways.
   */
  width?: number;
  /** Height in pixels (default 450). */
  height?: number;
}

/** The keys of {@link AxesOptions}, for the key lists of the options that extend it. */
export const AXES_KEYS: KnownKeys<AxesOptions> = {
  title: true,
  xLabel: true,
  yLabel: true,
  logX: true,
  logY: true,
  width: true,
  height: true,
};

/** Colours of classes and regions (Tableau 10), so a class has the same colour in every course figure. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** Checks the {@link AxesOptions} and makes the plotly layout they ask for; `names` are the default axis titles. */
export function axesLayout(fn: string, options: AxesOptions, names: { x?: string; y?: string } = {}): Record<string, any> {
  const { title, xLabel = names.x, yLabel = names.y, logX = false, logY = false, width, height = 450 } = options;
  for (const [name, value] of [
    ["title", title],
    ["xLabel", xLabel],
    ["yLabel", yLabel],
  ] as const) {
    if (value !== undefined && typeof value !== "string") fail(fn, name, "a string", value);
  }
  for (const [name, value] of [
    ["logX", logX],
    ["logY", logY],
  ] as const)
    if (typeof value !== "boolean") fail(fn, name, "true or false", value);
  for (const [name, value] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (value !== undefined && !(typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 4000)) {
      fail(fn, name, "an integer number of pixels in [100, 4000]", value);
    }
  }
  const axis = (label: string | undefined, log: boolean) => ({
    ...(label ? { title: { text: label } } : {}),
    ...(log ? { type: "log" } : {}),
  });
  return {
    ...(title ? { title: { text: title } } : {}),
    xaxis: axis(xLabel, logX),
    yaxis: axis(yLabel, logY),
    ...(width ? { width } : {}),
    height,
    margin: { t: title ? 50 : 30, r: 20, b: 50, l: 60 },
  };
}

/** Makes one unit as long on both axes (the plot shrinks to fit), for pictures of the input plane. */
export function equalAxes(layout: Record<string, any>): Record<string, any> {
  return {
    ...layout,
    xaxis: { ...layout["xaxis"], constrain: "domain" },
    yaxis: { ...layout["yaxis"], scaleanchor: "x", constrain: "domain" },
  };
}

/** Rounds every number in a trace to 6 significant digits (what a screen shows), which halves the JSON. */
function rounded(value: any): any {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(rounded);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

/**
 * Wraps traces and a layout as a plotly {@link Figure}; points counts x values, or z cells for grids. Without a
 * fixed width the layout autosizes and the config is responsive, so the figure takes the width of the output it is
 * drawn in and follows it (jupyterlab-plotly passes `config` to plotly and resizes the plot with its output).
 *
 * @example
 * plotlyFigure("line", [{ type: "scatter", y: [1, 4, 9] }], axesLayout("line", {}))
 */
export function plotlyFigure(kind: string, data: Record<string, any>[], layout: Record<string, any>): Figure {
  const points = data.reduce((sum, t) => sum + pointsOf(t), 0);
  const sized = layout["width"] === undefined ? { autosize: true, ...layout } : layout;
  return new Figure(
    "plotly",
    { data: data.map(rounded), layout: sized, config: { responsive: true, displaylogo: false } },
    { kind, series: data.length, points },
  );
}

function pointsOf(trace: Record<string, any>): number {
  if (Array.isArray(trace["z"])) return trace["z"].reduce((s: number, row: unknown) => s + (Array.isArray(row) ? row.length : 1), 0);
  const xs = trace["x"] ?? trace["y"];
  return Array.isArray(xs) ? xs.filter((v) => v !== null).length : 0;
}
