import { escapeHtml } from "../display/html-escape.js";

const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/**
 * An SVG picture of a 2-D partition: each cell filled with its linear region's colour (neighbours usually differ),
 * thin white edges between cells. `view` is the drawn box; y grows upwards as in a plot.
 */
export function partitionSvg(
  polygons: readonly { vertices: readonly (readonly [number, number])[]; region: number }[],
  view: readonly [readonly [number, number], readonly [number, number]],
  { size = 320, title = "" }: { size?: number; title?: string } = {},
): string {
  const [[x0, x1], [y0, y1]] = view;
  const sx = size / (x1 - x0);
  const sy = size / (y1 - y0);
  const paths = polygons
    .filter((p) => p.vertices.length >= 3)
    .map((p) => {
      const d = p.vertices.map(([x, y], i) => `${i ? "L" : "M"}${((x - x0) * sx).toFixed(2)},${((y1 - y) * sy).toFixed(2)}`).join("");
      return `<path d="${d}Z" fill="${PALETTE[(p.region * 7) % PALETTE.length]}"/>`;
    });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    (title ? `<title>${escapeHtml(title)}</title>` : "") +
    `<g stroke="#fff" stroke-width="0.6" stroke-linejoin="round">${paths.join("")}</g></svg>`
  );
}

/** An SVG line chart of a piecewise-linear function of one variable through its breakpoints (first output). */
export function piecesSvg(points: readonly (readonly [number, number])[], { width = 420, height = 160 } = {}): string {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [xmin, xmax] = [Math.min(...xs), Math.max(...xs)];
  let [ymin, ymax] = [Math.min(...ys), Math.max(...ys)];
  if (ymax === ymin) [ymin, ymax] = [ymin - 1, ymax + 1];
  const pad = 6;
  const px = (x: number): string => (pad + ((x - xmin) / (xmax - xmin)) * (width - 2 * pad)).toFixed(2);
  const py = (y: number): string => (height - pad - ((y - ymin) / (ymax - ymin)) * (height - 2 * pad)).toFixed(2);
  const d = points.map(([x, y], i) => `${i ? "L" : "M"}${px(x)},${py(y)}`).join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="#fff"/><path d="${d}" fill="none" stroke="#4e79a7" stroke-width="1.2"/></svg>`
  );
}
