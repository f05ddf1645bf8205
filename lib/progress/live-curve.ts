import { escapeHtml } from "../display/html-escape.js";

/**
 * A curve that keeps between `points` and `2 * points` points however many values it is given: each point is the
 * mean of a bucket of raw values, and when the buffer fills up neighbouring buckets merge pairwise (the bucket size
 * doubles). Memory stays bounded on a million-step run and a noisy loss is smoothed the same way everywhere.
 *
 * @example
 * const curve = new LiveCurve(200);
 * for (let step = 1; step <= 10_000; step++) curve.add(step, 1 / step);
 * curve.xs.length // between 200 and 400
 */
export class LiveCurve {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  private bucket = 1;
  private count = 0;
  private sum = 0;
  private lastX = 0;

  constructor(readonly points: number) {}

  /** The points to draw: the full buckets and, if it has values, the bucket being filled (so the curve reaches the last step). */
  view(): { xs: number[]; ys: number[] } {
    if (this.count === 0) return { xs: this.xs, ys: this.ys };
    return { xs: [...this.xs, this.lastX], ys: [...this.ys, this.sum / this.count] };
  }

  /** Adds one raw value; non-finite values (a diverged loss) are skipped. */
  add(x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    this.sum += y;
    this.lastX = x;
    if (++this.count < this.bucket) return;
    this.xs.push(x);
    this.ys.push(this.sum / this.count);
    this.count = 0;
    this.sum = 0;
    if (this.xs.length >= 2 * this.points) this.halve();
  }

  private halve(): void {
    const n = this.xs.length >> 1;
    for (let i = 0; i < n; i++) {
      this.xs[i] = this.xs[2 * i + 1]!;
      this.ys[i] = (this.ys[2 * i]! + this.ys[2 * i + 1]!) / 2;
    }
    this.xs.length = n;
    this.ys.length = n;
    this.bucket *= 2;
  }
}

/** One curve drawn by {@link curveSvg}. */
export interface CurveSeries {
  name: string;
  curve: LiveCurve;
  color: string;
  dashed?: boolean;
}

const W = 480;
const H = 170;
const PAD = { left: 56, right: 12, top: 10, bottom: 26 };

/**
 * Draws curves as an inline SVG of polylines with a frame, the y range and the x range as labels: small enough to
 * send several times a second, and it renders in every front end and in a saved notebook.
 *
 * @example
 * curveSvg([{ name: "loss", curve, color: "#1f77b4" }], { logScale: false })
 */
export function curveSvg(series: readonly CurveSeries[], { logScale }: { logScale: boolean }): string {
  const shown = series.map((s) => ({ ...s, ...s.curve.view() })).filter((s) => s.xs.length > 0);
  const f = (y: number) => (logScale ? Math.log10(Math.max(y, 1e-12)) : y);
  let [x0, x1] = extent(shown.flatMap((s) => s.xs));
  let [y0, y1] = extent(shown.flatMap((s) => s.ys.map(f)));
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const px = (x: number) => (PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right)).toFixed(1);
  const py = (y: number) => (PAD.top + ((y1 - f(y)) / (y1 - y0)) * (H - PAD.top - PAD.bottom)).toFixed(1);
  const label = (y: number) => (logScale ? formatNumber(10 ** y) : formatNumber(y));
  const lines = shown.map(({ xs, ys, color, dashed }) => {
    const pts = xs.map((x, i) => `${px(x)},${py(ys[i]!)}`).join(" ");
    return `<polyline fill="none" stroke="${color}" stroke-width="1.5"${dashed ? ' stroke-dasharray="4 3"' : ""} points="${pts}"/>`;
  });
  const legend = shown.map(
    ({ name, color }, i) =>
      `<text x="${W - PAD.right - 4}" y="${PAD.top + 12 + 13 * i}" text-anchor="end" fill="${color}">${escapeHtml(name)}</text>`,
  );
  const bottom = H - PAD.bottom;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${bottom - PAD.top}" fill="none" stroke="#bbb"/>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + 9}" text-anchor="end" fill="#555">${label(y1)}</text>`,
    `<text x="${PAD.left - 4}" y="${bottom}" text-anchor="end" fill="#555">${label(y0)}</text>`,
    `<text x="${PAD.left}" y="${H - 8}" fill="#555">${formatNumber(x0)}</text>`,
    `<text x="${W - PAD.right}" y="${H - 8}" text-anchor="end" fill="#555">step ${formatNumber(x1)}</text>`,
    ...lines,
    ...legend,
    "</svg>",
  ].join("");
}

/** [min, max] of the values, [0, 1] when there are none. */
function extent(values: number[]): [number, number] {
  if (!values.length) return [0, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return [lo, hi];
}

/**
 * A number in at most 4 significant digits, for labels and the progress line.
 *
 * @example
 * [3000, 0.123456, 0.0000123].map(formatNumber) // ["3000", "0.1235", "1.23e-5"]
 */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e7)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
