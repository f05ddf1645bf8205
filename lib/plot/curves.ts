import { checkInteger, checkKeys, checkNumber, checkOneOf, fail, type KnownKeys } from "../options/check.js";
import { Figure } from "./figure.js";
import { ema, points, thin } from "./vega/curve-points.js";
import { FIGURE_WIDTH } from "./figure-width.js";
import { axisWidth, fitGrid, legendWidth } from "./vega/fit-grid.js";
import { runsOf, type Histories } from "./vega/runs.js";
import { titleLines } from "./vega/text-width.js";
import { vegaLite } from "./vega/schema.js";

// vega-lite: training curves are small multiples (one panel per metric, runs overlaid with a legend, training
// and validation told apart by dashes), which a vega-lite facet states directly and draws to SVG in Node.

/** Options of {@link curves}. */
export interface CurvesOptions {
  /**
   * Columns of the history to draw (default: every metric logged: loss, accuracy, valLoss, …). A metric and its
   * `val` twin (loss, valLoss) share a panel, the validation curve dashed.
   */
  metrics?: readonly string[];
  /** Logarithmic y axis; values ≤ 0 are left out (default false). */
  logScale?: boolean;
  /** Horizontal axis: "step", "epoch" (the mean of each epoch's logged values) or "time" in seconds (default "step"). */
  x?: "step" | "epoch" | "time";
  /** Exponential moving average weight in [0, 1), as TensorBoard's slider; the raw curve stays faint behind (default 0). */
  smooth?: number;
  /** Points per curve, longer curves averaged over consecutive steps (default 1000). */
  maxPoints?: number;
  /** Title above the figure (default none). */
  title?: string;
  /**
   * Width of one panel in pixels (default: the panels, up to 3 a row, fill the output area's width, each between 160
   * and 320). A width asked for is kept, and the panels wrap into fewer columns to fit.
   */
  width?: number;
  /** Height of one panel in pixels (default 220). */
  height?: number;
}

/** The keys of {@link CurvesOptions}, also checked by `history.plot(options)`. */
export const CURVES_KEYS: KnownKeys<CurvesOptions> = {
  metrics: true,
  logScale: true,
  x: true,
  smooth: true,
  maxPoints: true,
  title: true,
  width: true,
  height: true,
};

const X_TITLE = { step: "step", epoch: "epoch", time: "time (s)" } as const;

/**
 * Training curves: loss and metrics of one or several runs, one panel per metric, runs overlaid in colour.
 *
 * @example
 * await dl.plot.curves(history)
 * await dl.plot.curves({ "no batch norm": h1, "batch norm": h2 }, { logScale: true, smooth: 0.9 })
 * await dl.plot.curves([h1, h2, h3], { metrics: ["valAccuracy"], x: "epoch" })
 */
export async function curves(history: Histories, options: CurvesOptions = {}): Promise<Figure> {
  checkKeys("curves", options, CURVES_KEYS);
  const { metrics, logScale = false, x = "step", smooth = 0, maxPoints = 1000, title, width, height = 220 } = options;
  const runs = runsOf("curves", history);
  checkOneOf("curves", "x", x, ["step", "epoch", "time"]);
  checkNumber("curves", "smooth", smooth, 0, 1, { max: true });
  checkInteger("curves", "maxPoints", maxPoints, 2);
  if (width !== undefined) checkInteger("curves", "width", width, 10, 10_000);
  checkInteger("curves", "height", height, 10, 10_000);
  const logged = [...new Set(runs.flatMap((r) => r.history.rows.flatMap(Object.keys)))].filter(
    (k) => !["step", "epoch", "time"].includes(k),
  );
  const chosen = metrics ?? logged;
  if (!Array.isArray(chosen) || chosen.length === 0)
    fail("curves", "metrics", `a non-empty list of logged metrics (${logged.join(", ")})`, metrics);
  for (const m of chosen)
    if (!logged.includes(m)) fail("curves", "metrics", `logged metrics (${logged.join(", ") || "none: the histories are empty"})`, m);

  const values: CurvePoint[] = [];
  for (const { name, history: h } of runs) {
    for (const metric of chosen) {
      const { panel, split } = panelOf(metric);
      const pts = points(h.rows, metric, x).filter(([, v]) => Number.isFinite(v) && (!logScale || v > 0));
      const smoothed = smooth > 0 ? ema(pts, smooth) : pts;
      for (const [px, v, raw] of thin(smoothed, pts, maxPoints)) {
        values.push({ run: name, metric: panel, split, x: px, value: v, ...(smooth > 0 ? { raw } : {}) });
      }
    }
  }
  const panels = [...new Set(chosen.map((m) => panelOf(m).panel))];
  const hasVal = chosen.some((m) => panelOf(m).split === "validation");
  const y = { type: "quantitative", ...(logScale ? { scale: { type: "log" } } : { scale: { zero: false } }) };
  const legend = { symbolType: "stroke", symbolOpacity: 1 }; // not the faint raw curve's opacity
  const encoding = {
    x: { field: "x", type: "quantitative", title: X_TITLE[x] },
    ...(runs.length > 1 ? { color: { field: "run", type: "nominal", title: "run", sort: runs.map((r) => r.name), legend } } : {}),
  };
  // dashes on the lines only: the validation points would make the legend's symbols their transparent stroke
  const dash = hasVal ? { strokeDash: { field: "split", type: "nominal", title: "data", sort: ["training", "validation"], legend } } : {};
  const yTitle = panels.length === 1 ? panels[0] : "value";
  const layers = [
    ...(smooth > 0 ? [{ mark: { type: "line", opacity: 0.25 }, encoding: { y: { field: "raw", ...y, title: yTitle }, ...dash } }] : []),
    { mark: { type: "line", strokeWidth: 1.5 }, encoding: { y: { field: "value", ...y, title: yTitle }, ...dash } },
    ...(hasVal
      ? [
          {
            transform: [{ filter: "datum.split === 'validation'" }],
            mark: { type: "point", filled: true, size: 20 },
            encoding: { y: { field: "value", ...y } },
          },
        ]
      : []),
  ];
  const tooltip = [
    { field: "run", type: "nominal" },
    { field: "x", type: "quantitative", title: X_TITLE[x], format: ".4~g" },
    { field: "value", type: "quantitative", format: ".4~g" },
  ];
  const names = runs.map((r) => r.name);
  const fit = fitGrid({
    count: panels.length,
    columns: 3,
    ...(width !== undefined ? { width } : {}),
    minWidth: 160,
    maxWidth: 320,
    axis: Math.max(...panels.map((p) => axisWidth(...rangeOf(values, p), logScale))),
    beside: Math.max(runs.length > 1 ? legendWidth("run", names) : 0, hasVal ? legendWidth("data", ["training", "validation"]) : 0),
  });
  const plot = { width: fit.width, height, encoding: { ...encoding, tooltip }, layer: layers };
  const spec = vegaLite({
    ...(title !== undefined ? { title: titleLines(title, FIGURE_WIDTH - 10) } : {}),
    data: { values },
    ...(panels.length > 1
      ? {
          facet: { field: "metric", type: "nominal", title: null, sort: panels, header: { labelLimit: fit.width } },
          columns: fit.columns,
          spec: plot,
          resolve: { scale: { y: "independent" } },
        }
      : plot),
  });
  return new Figure("vega-lite", spec, { kind: "curves", series: runs.length * chosen.length, points: values.length });
}

interface CurvePoint {
  run: string;
  metric: string;
  split: "training" | "validation";
  x: number;
  value: number;
  raw?: number;
}

/** The smallest and largest value drawn in a panel (raw values included), for its axis's width. */
function rangeOf(values: CurvePoint[], panel: string): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (const p of values) {
    if (p.metric !== panel) continue;
    for (const v of p.raw === undefined ? [p.value] : [p.value, p.raw]) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** "valLoss" is the validation twin of "loss": same panel, dashed. */
function panelOf(metric: string): { panel: string; split: "training" | "validation" } {
  const m = /^val([A-Z])(.*)$/.exec(metric);
  return m ? { panel: m[1]!.toLowerCase() + m[2], split: "validation" } : { panel: metric, split: "training" };
}
