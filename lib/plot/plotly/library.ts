import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

// Which plotly.js build we ship, and why: our figures need scatter, scattergl (large point clouds), heatmap,
// contour (loss landscapes) and surface (3-D). No partial bundle has all five: "cartesian" (1.5 MB) lacks
// scattergl and surface, "gl3d" (1.75 MB) lacks heatmap and contour, and two bundles would mean two copies of
// plotly on one page. So we take the full minified build (plotly.js-dist-min, 4.8 MB). Notebooks do not carry it:
// JupyterLab, Notebook 7 and VS Code draw figures with their own plotly, and classic Notebook loads this file from
// the nbextension that `depthlab install` writes (PLOTLY_NBEXTENSION). Only `dl.plot.embedPlotly()` puts it in a
// notebook, gzipped and base64-encoded (2.0 MB), which is smaller than either partial bundle sent as text.

/**
 * Where classic Notebook serves our copy of plotly.min.js, below its base URL, and where `depthlab install` puts it,
 * below a Jupyter data directory (the Notebook serves `nbextensions/` of every data directory on its path).
 */
export const PLOTLY_NBEXTENSION = "nbextensions/depthlab/plotly.min.js";

let source: string | undefined;
let version: string | undefined;
let packed: string | undefined;

/** The path of plotly.min.js in node_modules. */
export function plotlyPath(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
}

/** The version of plotly.js we ship, e.g. "4.1.2" (read once). */
export function plotlyVersion(): string {
  version ??= (JSON.parse(readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")) as { version: string }).version;
  return version;
}

/** The text of plotly.min.js (read once). */
export function plotlySource(): string {
  source ??= readFileSync(plotlyPath(), "utf8");
  return source;
}

/** plotly.min.js gzipped then base64-encoded (computed once), for a browser to unpack with DecompressionStream. */
export function plotlyPacked(): string {
  packed ??= gzipSync(plotlySource(), { level: 9 }).toString("base64");
  return packed;
}
