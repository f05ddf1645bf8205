import { ArgumentError, checkInteger, checkKeys, fail, type KnownKeys } from "../options/check.js";
import { columnsOf, isTensor, type ColumnValues, type PlotData } from "./data.js";
import { Figure } from "./figure.js";
import { binCounts } from "./vega/bin-counts.js";
import { FIGURE_WIDTH } from "./figure-width.js";
import { axisWidth, fitGrid, legendWidth } from "./vega/fit-grid.js";
import { titleLines } from "./vega/text-width.js";
import { vegaLite } from "./vega/schema.js";

// vega-lite: histograms are statistical small multiples (overlaid groups, a facet grid with shared axes), which
// vega-lite states in a few lines and renders to SVG in Node. We bin here rather than with vega-lite's `bin`, so
// there are exactly `bins` equal bins over one shared domain, the spec carries bin counts instead of every value
// (a million activations make a small notebook), and the counts are testable without a renderer.

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Number of equal-width bins over the data's range (default 30). */
  bins?: number;
  /** The column to count, for row objects, objects of columns and arquero tables (default "y", or the values of a list). */
  x?: string | ColumnValues;
  /** Groups the values, one overlaid histogram per group in its own colour (default none). */
  color?: string | ColumnValues;
  /** One histogram per value in a grid of small multiples sharing the x axis (default none). */
  facet?: string | ColumnValues;
  /** The range binned, `[lo, hi]`; values outside are left out (default the data's min and max). */
  domain?: [number, number];
  /** Facets per row of the grid at most; fewer when a row would be wider than the output area (default 4). */
  columns?: number;
  /** Title above the figure (default none). */
  title?: string;
  /**
   * Width of one plot in pixels (default: one plot 360; facets fill the output area's width with `columns` plots a
   * row, each between 100 and 360). A width asked for is kept, and the grid wraps into fewer columns to fit.
   */
  width?: number;
  /** Height of one plot in pixels (default 200). */
  height?: number;
}

const KEYS: KnownKeys<HistogramOptions> = {
  bins: true,
  x: true,
  color: true,
  facet: true,
  domain: true,
  columns: true,
  title: true,
  width: true,
  height: true,
};

/**
 * A histogram of numbers: a list, a tensor (all its values, e.g. a weight matrix), or a column of a table, split by
 * `color` (overlaid) and `facet` (small multiples). Non-finite values are left out.
 *
 * @example
 * await dl.plot.histogram(tf.randomNormal([10000]), { bins: 40 })
 * await dl.plot.histogram(rows, { x: "activation", facet: "layer" })
 * await dl.plot.histogram(model.layers[1].getWeights()[0], { title: "kernel of layer 1" })
 */
export async function histogram(data: PlotData, options: HistogramOptions = {}): Promise<Figure> {
  const { bins = 30, x, color, facet, domain, columns = 4, title, width, height = 200 } = checkKeys("histogram", options, KEYS);
  checkInteger("histogram", "bins", bins, 1, 10_000);
  checkInteger("histogram", "columns", columns, 1, 100);
  if (width !== undefined) checkInteger("histogram", "width", width, 10, 10_000);
  checkInteger("histogram", "height", height, 10, 10_000);
  if (domain !== undefined) {
    const ok = Array.isArray(domain) && domain.length === 2 && domain.every(Number.isFinite) && domain[0] < domain[1];
    if (!ok) fail("histogram", "domain", "[lo, hi] with finite lo < hi", domain);
  }
  const cols = await valuesOf(data, x, color, facet);
  const table = binCounts(cols.values, bins, domain ?? extent(cols.values), cols.color, cols.facet);
  const hasColor = cols.color !== undefined;
  const hasFacet = cols.facet !== undefined;
  const xField = cols.name;
  const plot = {
    mark: { type: "bar", ...(hasColor ? { opacity: 0.55, binSpacing: 0 } : { binSpacing: 1 }) },
    encoding: {
      x: { field: "start", type: "quantitative", bin: { binned: true }, title: xField },
      x2: { field: "end" },
      y: { field: "count", type: "quantitative", title: "count", ...(hasColor ? { stack: null } : {}) },
      ...(hasColor ? { color: { field: "color", type: "nominal", title: cols.names.color } } : {}),
      tooltip: [
        { field: "start", type: "quantitative", title: "from", format: ".4~g" },
        { field: "end", type: "quantitative", title: "to", format: ".4~g" },
        { field: "count", type: "quantitative" },
        ...(hasColor ? [{ field: "color", type: "nominal", title: cols.names.color }] : []),
      ],
    },
  };
  const maxCount = table.reduce((m, b) => Math.max(m, b.count), 0);
  const fit = fitGrid({
    count: cols.facetOrder?.length ?? 1,
    columns,
    ...(width !== undefined ? { width } : {}),
    minWidth: 100,
    maxWidth: 360,
    axis: axisWidth(0, maxCount),
    beside: hasColor ? legendWidth(cols.names.color ?? "", [...new Set(cols.color)].map(String)) : 0,
  });
  const spec = vegaLite({
    ...(title !== undefined ? { title: titleLines(title, FIGURE_WIDTH - 10) } : {}),
    data: { values: table },
    ...(hasFacet
      ? {
          facet: {
            field: "facet",
            type: "nominal",
            title: cols.names.facet,
            sort: cols.facetOrder,
            header: { labelLimit: fit.width },
          },
          columns: fit.columns,
          spec: { width: fit.width, height, ...plot },
          resolve: { scale: { y: "independent" } },
        }
      : { width: fit.width, height, ...plot }),
  });
  const groups = new Set(table.map((b) => `${b.color}\u0000${b.facet}`)).size;
  return new Figure("vega-lite", spec, { kind: "histogram", series: groups, points: cols.values.length });
}

interface HistogramColumns {
  values: number[];
  name: string;
  color?: (string | number)[];
  facet?: (string | number)[];
  facetOrder?: (string | number)[];
  names: { color?: string; facet?: string };
}

async function valuesOf(data: unknown, x: unknown, color: unknown, facet: unknown): Promise<HistogramColumns> {
  if (isTensor(data) && x === undefined && typeof color !== "string" && typeof facet !== "string") {
    const values = Array.from(await data.data(), Number); // every entry, whatever the shape
    const cols = await columnsOf("histogram", values, { color: color as ColumnValues, facet: facet as ColumnValues });
    return finite({ values, name: "value", color: cols.color, facet: cols.facet, names: cols.names });
  }
  try {
    const cols = await columnsOf("histogram", data, { y: x as string, color: color as string, facet: facet as string });
    const name = x === undefined && cols.names.y === "y" ? "value" : cols.names.y;
    return finite({ values: cols.y, name, color: cols.color, facet: cols.facet, names: cols.names });
  } catch (e) {
    // columnsOf reads the binned column as its "y"; name it as the caller did
    if (e instanceof ArgumentError) throw new ArgumentError(e.message.replace(/^histogram: y /, "histogram: x "));
    throw e;
  }
}

/** Drops non-finite values (and their group labels); keeps the facets in order of first appearance. */
function finite(cols: HistogramColumns): HistogramColumns {
  const keep = cols.values.map((v) => Number.isFinite(v));
  const pick = <T>(a?: T[]) => a?.filter((_, i) => keep[i]);
  const facet = pick(cols.facet);
  const facetOrder = facet ? [...new Set(facet)] : undefined;
  return { values: pick(cols.values)!, name: cols.name, color: pick(cols.color), facet, facetOrder, names: cols.names };
}

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
