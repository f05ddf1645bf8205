import type { LayerRecord } from "../../train/history.js";
import { vegaLite } from "./schema.js";

// The vega-lite specs of dl.plot.layerStats: a facet grid of recorded histograms, or a statistic against depth.

/**
 * The chosen records of each run, with the layer's depth (1 = first layer) in that run.
 *
 * @example
 * const picked: Picked = [{ name: "run", records: history.records.map((r) => ({ ...r, depth: 1 })) }];
 */
export type Picked = { name: string; records: (LayerRecord & { depth: number })[] }[];

/**
 * One histogram per layer (columns) and run (rows), from the recorded bin edges and counts. Runs of different
 * models have different layer names, so several runs line up by depth; a single run's panels name the layer.
 *
 * @example
 * histogramSpec(picked, "activations", 4, false, "activations per layer, step 1", 180, 120)
 */
export function histogramSpec(
  picked: Picked,
  noun: string,
  columns: number,
  sharedX: boolean,
  title: string,
  width: number,
  height: number,
) {
  const many = picked.length > 1;
  // each panel names its layer's std, the number the initialisation lecture watches
  const label = (r: LayerRecord & { depth: number }) => (many ? `layer ${r.depth}` : `${r.layer} (std ${r.std.toPrecision(2)})`);
  const values = picked.flatMap(({ name, records }) =>
    records.flatMap((r) =>
      r.histogram.counts.map((count, i) => ({
        run: name,
        layer: label(r),
        depth: r.depth,
        ...(many ? { std: Number(r.std.toPrecision(2)) } : {}),
        start: r.histogram.edges[i]!,
        end: r.histogram.edges[i + 1]!,
        count,
      })),
    ),
  );
  const labels = [...new Set([...values].sort((a, b) => a.depth - b.depth).map((v) => v.layer))];
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
  // with several runs, a cell's std sits in its corner (the column header is shared by the runs)
  const std = {
    transform: [{ aggregate: [{ op: "max", field: "std", as: "std" }] }, { calculate: "'std ' + format(datum.std, '.2~g')", as: "label" }],
    mark: { type: "text", align: "right", baseline: "top", x: width - 4, y: 4, fontSize: 10 },
    encoding: { text: { field: "label", type: "nominal" } },
  };
  return vegaLite({
    title,
    data: { values },
    facet: many
      ? {
          row: { field: "run", type: "nominal", title: null, sort: picked.map((p) => p.name) },
          column: { field: "layer", type: "nominal", title: null, sort: labels },
        }
      : { field: "layer", type: "nominal", title: null, sort: labels },
    ...(many ? {} : { columns }),
    spec: { width, height, ...(many ? { layer: [bars, std] } : bars) },
    resolve: { scale: { x: sharedX ? "shared" : "independent", y: "independent" } },
  });
}

/**
 * One statistic against depth: a line per run, or per recorded step.
 *
 * @example
 * statSpec(picked, "activations", "std", false, "std of activations per layer, step 1", 420, 240)
 */
export function statSpec(picked: Picked, noun: string, stat: string, allSteps: boolean, title: string, width: number, height: number) {
  const many = picked.length > 1;
  const values = picked.flatMap(({ name, records }) =>
    records.map((r) => ({ run: name, step: r.step, layer: r.layer, depth: r.depth, value: r[stat as "std"] })),
  );
  const positive = stat !== "mean" && values.every((v) => v.value > 0); // std and norm span decades across depth
  const layers = [...new Set(values.map((v) => v.layer))];
  const color = allSteps
    ? { color: { field: "step", type: "ordinal", title: "step", scale: { scheme: "viridis" } } }
    : many
      ? { color: { field: "run", type: "nominal", title: "run", sort: picked.map((p) => p.name) } }
      : {};
  const plot = {
    width,
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
  return allSteps && many
    ? vegaLite({
        title,
        data: { values },
        facet: { field: "run", type: "nominal", title: null, sort: picked.map((p) => p.name) },
        spec: plot,
      })
    : vegaLite({ title, data: { values }, ...plot });
}
