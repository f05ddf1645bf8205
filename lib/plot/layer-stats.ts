import { checkInteger, checkKeys, checkOneOf, fail, type KnownKeys } from "../options/check.js";
import type { LayerRecord } from "../train/history.js";
import { Figure } from "./figure.js";
import { histogramSpec, statSpec } from "./vega/layer-specs.js";
import { runsOf, type Histories } from "./vega/runs.js";

// vega-lite: per-layer distributions are a grid of small multiples (a layer per column, a run per row), which is
// what vega-lite's facet is for.

/** Options of {@link layerStats}. */
export interface LayerStatsOptions {
  /** What was recorded by `fit(..., { record: [...] })` (default "activations"). */
  kind?: LayerRecord["kind"];
  /**
   * Without it (default): one histogram per layer, a grid of small multiples. With "std", "mean" or "norm": that
   * statistic against depth, one line per run (or, with `step: "all"`, one per recorded step).
   */
  stat?: "std" | "mean" | "norm";
  /** Which recorded step: "first" (at initialisation), "last", a step number, or "all" (with `stat`) (default "last"). */
  step?: "first" | "last" | "all" | number;
  /** Layers per row of the histogram grid of a single run at most; fewer when a row would be wider than the output area (default 4). */
  columns?: number;
  /**
   * One x axis for all histograms, so shrinking or exploding activations show as narrowing or widening bars
   * (default false: each panel its own axis, the shapes readable, each panel's std in its title).
   */
  sharedX?: boolean;
  /** Title above the figure (default: what is shown and at which step). */
  title?: string;
  /**
   * Width of one plot in pixels (default: the plots fill the output area's width, histograms between 80 and 180 px,
   * a statistic between 200 and 420). A width asked for is kept, and the grid wraps into fewer columns to fit.
   */
  width?: number;
  /** Height of one plot in pixels (defaults 120 for histograms, 240 for a statistic). */
  height?: number;
}

const KEYS: KnownKeys<LayerStatsOptions> = {
  kind: true,
  stat: true,
  step: true,
  columns: true,
  sharedX: true,
  title: true,
  width: true,
  height: true,
};
const KINDS = ["activations", "gradNorms", "weights"] as const;
const NOUN = { activations: "activations", gradNorms: "gradients", weights: "weights" } as const;

/**
 * Per-layer distributions recorded during training, as the initialisation and batch-norm lectures show them:
 * histograms layer by layer (do activations shrink to zero or blow up with depth?) or one statistic against depth.
 *
 * @example
 * const history = await dl.train.fit(model, data, { record: ["activations", "gradNorms"] });
 * await dl.plot.layerStats(history)                                        // activation histograms per layer, last step
 * await dl.plot.layerStats({ "std 0.01": h1, "He": h2 }, { step: "first" }) // a row of histograms per run
 * await dl.plot.layerStats(history, { kind: "gradNorms", stat: "norm", step: "all" })
 */
export async function layerStats(history: Histories, options: LayerStatsOptions = {}): Promise<Figure> {
  const { kind = "activations", stat, step = "last", columns = 4, sharedX = false, title } = checkKeys("layerStats", options, KEYS);
  const runs = runsOf("layerStats", history);
  checkOneOf("layerStats", "kind", kind, KINDS);
  if (stat !== undefined) checkOneOf("layerStats", "stat", stat, ["std", "mean", "norm"]);
  if (typeof step === "number") checkInteger("layerStats", "step", step, 1);
  else checkOneOf("layerStats", "step", step, ["first", "last", "all"]);
  if (step === "all" && stat === undefined)
    fail("layerStats", "step", '"first", "last" or a step number for histograms ("all" needs stat)', step);
  checkInteger("layerStats", "columns", columns, 1, 100);
  const { width, height = stat ? 240 : 120 } = options;
  if (width !== undefined) checkInteger("layerStats", "width", width, 10, 10_000);
  checkInteger("layerStats", "height", height, 10, 10_000);

  const picked = runs.map(({ name, history: h }) => {
    const records = h.records.filter((r) => r.kind === kind);
    const steps = [...new Set(records.map((r) => r.step))].sort((a, b) => a - b);
    if (steps.length === 0)
      fail("layerStats", "history", `a history with ${kind} recorded (fit(..., { record: ["${kind}"] }))`, `run "${name}" without`);
    const at = step === "first" ? steps[0]! : step === "last" ? steps[steps.length - 1]! : step === "all" ? 0 : step;
    if (step !== "all" && !steps.includes(at)) fail("layerStats", "step", `a recorded step of run "${name}" (${steps.join(", ")})`, step);
    const layers = [...new Set(records.map((r) => r.layer))]; // input to output, as recorded
    const rows = (step === "all" ? records : records.filter((r) => r.step === at)).map((r) => ({
      ...r,
      depth: layers.indexOf(r.layer) + 1,
    }));
    return { name, records: rows, at };
  });
  const where =
    step === "all" ? "all recorded steps" : new Set(picked.map((p) => p.at)).size === 1 ? `step ${picked[0]!.at}` : `step ${step}`;
  const heading = title ?? `${stat ? `${stat} of ` : ""}${NOUN[kind]} per layer, ${where}`;
  const layout = { noun: NOUN[kind], title: heading, width, height };
  const spec = stat ? statSpec(picked, stat, step === "all", layout) : histogramSpec(picked, columns, sharedX, layout);
  const nRecords = picked.reduce((n, p) => n + p.records.length, 0);
  return new Figure("vega-lite", spec, { kind: "layerStats", series: nRecords, points: spec.data.values.length });
}
