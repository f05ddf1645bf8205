import type { Dataset } from "./dataset.js";

const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const SIZE = 260;
const MAX_POINTS = 2000;

/**
 * A small scatter plot of a 2-input dataset as inline SVG (no script, so it shows in every front end and in saved
 * notebooks): one dot per sample (the first 2,000), coloured by class, or by target from blue (low) to red (high)
 * for regression; equal scales on both axes. Null for datasets that do not have exactly 2 inputs.
 *
 * @example
 * scatterSvg(dl.datasets.disc({ n: 500 })) // "<svg …>…</svg>"
 */
export function scatterSvg(ds: Dataset): string | null {
  if (ds.inputs !== 2 || ds.n === 0) return null;
  const n = Math.min(ds.n, MAX_POINTS);
  const xs = ds.xValues.subarray(0, 2 * n);
  const ys = ds.yValues.subarray(0, n);
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)]; // one range for both axes: equal scales
  const [ylo, yhi] = [Math.min(...ys), Math.max(...ys)];
  const span = hi - lo || 1;
  const at = (v: number) => (8 + ((v - lo) / span) * (SIZE - 16)).toFixed(1);
  const colour = (y: number): string => {
    if (ds.task === "classification") return COLOURS[y % COLOURS.length] as string;
    const t = yhi > ylo ? (y - ylo) / (yhi - ylo) : 0.5;
    return `rgb(${Math.round(40 + 200 * t)},80,${Math.round(240 - 200 * t)})`;
  };
  const dots: string[] = [];
  for (let i = 0; i < n; i++) {
    const [x0, x1] = [ds.xValues[2 * i] as number, ds.xValues[2 * i + 1] as number];
    dots.push(`<circle cx="${at(x0)}" cy="${(SIZE - Number(at(x1))).toFixed(1)}" r="2" fill="${colour(ds.yValues[i] as number)}"/>`);
  }
  const note = n < ds.n ? ` (first ${n} of ${ds.n})` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img">` +
    `<title>x0 against x1${note}</title><rect width="${SIZE}" height="${SIZE}" fill="white" stroke="#ccc"/>${dots.join("")}</svg>`
  );
}
