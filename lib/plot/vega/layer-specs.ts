import type { LayerRecord } from "../../train/history.js";
import { FIGURE_WIDTH } from "../figure-width.js";
import { axisWidth, fitGrid, legendWidth } from "./fit-grid.js";
import { vegaLite } from "./schema.js";
import { titleLines } from "./text-width.js";

// The vega-lite specs of dl.plot.layerStats: a facet grid of recorded histograms, or a statistic against depth.
// Longer than most files: both specs share the picked records and the fitting of their grids to the output width.

/**
 * The chosen records of each run, with the layer's depth (1 = first layer) in that run.
 *
 * @example
 * const picked: Picked = [{ name: "run", records: history.records.map((r) => ({ ...r, depth: 1 })) }];
 */
export type Picked = { name: string; records: (LayerRecord & { depth: number })[] }[];

/** The layout of {@link histogramSpec} and {@link statSpec}: what is drawn, the title, and the plot size. */
export interface LayerSpecOptions {
  /** What was recorded, as the axis names it: "activations", "gradients", "weights". */
  noun: string;
  title: string;
  /** Width of one plot; undefined: the plots fill the output area's width. */
  width: number | undefined;
  height: number;
}

/** Width of a row's header: a 10 px label written upwards, and 10 px of padding. */
const ROW_HEADER = 20;

/**
 * One histogram per layer and run, from the recorded bin edges and counts, each plot's std in its corner, in a grid
 * that fits the output area (fit-grid.ts). One run: its layers wrap, up to `columns` a row, each named. Several
 * runs (whose models may name their layers differently) line up by depth: a row per layer and a column per run
 * while the runs fit side by side, else every plot wraps, named by run and depth.
 *
 * @example
 * histogramSpec(picked, 4, false, { noun: "activations", title: "activations per layer, step 1", width: undefined, height: 120 })
 */
export function histogramSpec(picked: Picked, columns: number, sharedX: boolean, options: LayerSpecOptions) {
  const { noun, title, width, height } = options;
  const many = picked.length > 1;
  const depths = Math.max(...picked.map((p) => p.records.length));
  const values = picked.flatMap(({ name, records }) =>
    records.flatMap((r) =>
      r.histogram.counts.map((count, i) => ({
        run: name,
        layer: many ? `layer ${r.depth}` : r.layer,
        depth: r.depth,
        std: Number(r.std.toPrecision(2)),
        start: r.histogram.edges[i]!,
        end: r.histogram.edges[i + 1]!,
        count,
      })),
    ),
  );
  const byDepth = [...values].sort((a, b) => a.depth - b.depth);
  const layers = [...new Set(byDepth.map((v) => v.layer))];
  const runs = picked.map((p) => p.name);
  const axis = axisWidth(
    0,
    values.reduce((m, v) => Math.max(m, v.count), 0),
  );
  const size = { ...(width !== undefined ? { width } : {}), minWidth: 80, maxWidth: 180, axis };
  // several runs side by side: a row per layer, its name ("layer 12") written upwards to the left
  const side = many ? fitGrid({ count: runs.length, columns: runs.length, ...size, beside: ROW_HEADER }) : undefined;
  const cells = picked.reduce((n, p) => n + p.records.length, 0);
  const fit = side?.columns === runs.length ? side : fitGrid({ count: cells, columns: many ? depths : columns, ...size });
  const grid = fit === side;
  const cell = (r: { run: string; depth: number }) => `${r.run} · layer ${r.depth}`;
  const bars = {
    mark: { type: "bar", binSpacing: 0 },
    encoding: {
      x: { field: "start", type: "quantitative", bin: { binned: true }, title: noun, axis: { tickCount: 4 } },
      x2: { field: "end" },
      y: { field: "count", type: "quantitative", title: "count", axis: { tickCount: 3 } },
      tooltip: [
        { field: "start", type: "quantitative", title: "from", format: ".3~g" },
        { field: "count", type: "quantitative" },
      ],
    },
  };
  // each plot's std in its corner: the number the initialisation lecture watches
  const std = {
    transform: [{ aggregate: [{ op: "max", field: "std", as: "std" }] }, { calculate: "'std ' + format(datum.std, '.2~g')", as: "label" }],
    mark: { type: "text", align: "right", baseline: "top", x: fit.width - 4, y: 4, fontSize: 10 },
    encoding: { text: { field: "label", type: "nominal" } },
  };
  const header = { labelLimit: fit.width };
  const facet = grid
    ? {
        facet: {
          row: { field: "layer", type: "nominal", title: null, sort: layers },
          column: { field: "run", type: "nominal", title: null, sort: runs, header },
        },
      }
    : many // too many runs to stand side by side: every plot wraps, named by its run and depth
      ? {
          facet: {
            field: "cell",
            type: "nominal",
            title: null,
            sort: picked.flatMap((p) => p.records.map((r) => cell({ run: p.name, depth: r.depth }))),
            header,
          },
          columns: fit.columns,
        }
      : { facet: { field: "layer", type: "nominal", title: null, sort: layers, header }, columns: fit.columns };
  return vegaLite({
    title: titleLines(title, FIGURE_WIDTH - 10),
    data: { values: many && !grid ? values.map((v) => ({ ...v, cell: cell(v) })) : values },
    ...facet,
    spec: { width: fit.width, height, layer: [bars, std] },
    resolve: { scale: { x: sharedX ? "shared" : "independent", y: "independent" } },
  });
}

/**
 * One statistic against depth: a line per run, or per recorded step (then with several runs, a plot per run, as many
 * a row as fit the output area).
 *
 * @example
 * statSpec(picked, "std", false, { noun: "activations", title: "std of activations per layer, step 1", width: undefined, height: 240 })
 */
export function statSpec(picked: Picked, stat: string, allSteps: boolean, options: LayerSpecOptions) {
  const { noun, title, width, height } = options;
  const many = picked.length > 1;
  const values = picked.flatMap(({ name, records }) =>
    records.map((r) => ({ run: name, step: r.step, layer: r.layer, depth: r.depth, value: r[stat as "std"] })),
  );
  const positive = stat !== "mean" && values.every((v) => v.value > 0); // std and norm span decades across depth
  const layers = [...new Set(values.map((v) => v.layer))];
  const runs = picked.map((p) => p.name);
  const steps = [...new Set(values.map((v) => v.step))].sort((a, b) => a - b);
  const color = allSteps
    ? { color: { field: "step", type: "ordinal", title: "step", scale: { scheme: "viridis" } } }
    : many
      ? { color: { field: "run", type: "nominal", title: "run", sort: runs } }
      : {};
  const range = values.reduce(([lo, hi], v) => [Math.min(lo, v.value), Math.max(hi, v.value)], [Infinity, -Infinity]);
  const fit = fitGrid({
    count: allSteps && many ? runs.length : 1,
    columns: runs.length,
    ...(width !== undefined ? { width } : {}),
    minWidth: 200,
    maxWidth: 420,
    axis: axisWidth(range[0]!, range[1]!, positive),
    beside: allSteps ? legendWidth("step", steps.map(String)) : many ? legendWidth("run", runs) : 0,
  });
  const plot = {
    width: fit.width,
    height,
    mark: { type: "line", point: true },
    encoding: {
      // several runs line up by depth (their layers have different names); one run shows the names
      x: many
        ? { field: "depth", type: "ordinal", title: "layer (input → output)", axis: { labelAngle: 0 } }
        : { field: "layer", type: "ordinal", sort: layers, title: "layer (input → output)", axis: { labelAngle: -30 } },
      y: { field: "value", type: "quantitative", title: `${stat} of ${noun}`, scale: positive ? { type: "log" } : { zero: false } },
      ...color,
      tooltip: [{ field: "run" }, { field: "step" }, { field: "layer" }, { field: "value", type: "quantitative", format: ".4~g" }],
    },
  };
  const heading = titleLines(title, FIGURE_WIDTH - 10);
  return allSteps && many
    ? vegaLite({
        title: heading,
        data: { values },
        facet: { field: "run", type: "nominal", title: null, sort: runs, header: { labelLimit: fit.width } },
        columns: fit.columns,
        spec: plot,
      })
    : vegaLite({ title: heading, data: { values }, ...plot });
}
