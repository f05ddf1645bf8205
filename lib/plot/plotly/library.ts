import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

// Which plotly.js build we ship, and why: our figures need scatter, scattergl (large point clouds), heatmap,
// contour (loss landscapes) and surface (3-D). No partial bundle has all five: "cartesian" (1.5 MB) lacks
// scattergl and surface, "gl3d" (1.75 MB) lacks heatmap and contour, and two bundles would mean two copies of
// plotly on one page. So we take the full minified build (plotly.js-dist-min, 4.8 MB), and for notebooks we
// send it gzipped and base64-encoded (2.0 MB), which is smaller than either partial bundle sent as text.

let source: string | undefined;
let packed: string | undefined;

/** The path of plotly.min.js in node_modules. */
export function plotlyPath(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
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
