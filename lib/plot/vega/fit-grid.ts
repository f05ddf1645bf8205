import { FIGURE_WIDTH } from "../figure-width.js";
import { textWidth, widestTick } from "./text-width.js";

// A vega-lite facet grid wraps into as many columns as fit FIGURE_WIDTH; where the caller left the plot width open,
// the plots grow or shrink to fill the row. The sizes vega adds around a plot are its defaults (vega-lite 5 config),
// checked against the SVGs vega draws (test/unit/plot-fit.test.ts).

const PADDING = 10; // vega's 5 px a side
const OVERHANG = 20; // the last x-axis label, centred on the right end of the last column
const SPACING = 20; // between facets

/** How a facet grid fills the width: columns a row, and the width of one plot. */
export interface GridFit {
  columns: number;
  width: number;
}

/** What {@link fitGrid} fits: a count of plots of a given or open width, each with an axis, plus what stands beside it. */
export interface GridOptions {
  /** Plots to lay out (1 for a single plot). */
  count: number;
  /** At most this many a row (the caller's `columns`). */
  columns: number;
  /** The plot width the caller asked for: kept, only the columns wrap (default: open, see minWidth and maxWidth). */
  width?: number;
  /** An open width fills the row between these (the smallest decides how many columns fit). */
  minWidth: number;
  maxWidth: number;
  /** Width of each plot's y axis, labels and title (see {@link axisWidth}); 0 when the axis is shared. */
  axis: number;
  /** Width beside the grid: a legend with its offset (see {@link legendWidth}), row headers (default 0: none). */
  beside?: number;
}

/**
 * The columns and plot width of a facet grid that fits {@link FIGURE_WIDTH}: as many columns as fit, up to
 * `columns`; an open plot width fills the row, between `minWidth` and `maxWidth`. One column at least, whatever
 * the width asked.
 *
 * @example
 * fitGrid({ count: 10, columns: 5, width: 150, minWidth: 100, maxWidth: 360, axis: 62 }) // { columns: 3, width: 150 }
 * fitGrid({ count: 10, columns: 4, minWidth: 100, maxWidth: 360, axis: 46 })             // { columns: 4, width: 121 }
 */
export function fitGrid(options: GridOptions): GridFit {
  const { count, columns, width, minWidth, maxWidth, axis, beside = 0 } = options;
  const row = (c: number, w: number) => c * (w + axis) + (c - 1) * SPACING + beside + PADDING + OVERHANG;
  let fit = 1;
  for (let c = 2; c <= Math.min(count, columns); c++) if (row(c, width ?? minWidth) <= FIGURE_WIDTH) fit = c;
  if (width !== undefined) return { columns: fit, width };
  const fill = Math.floor((FIGURE_WIDTH - beside - PADDING - OVERHANG - (fit - 1) * SPACING) / fit - axis);
  return { columns: fit, width: Math.max(minWidth, Math.min(maxWidth, fill)) };
}

/**
 * Width of a y axis over [lo, hi]: ticks (5 px), label padding (2), the widest label (10 px font), title padding (4),
 * the title's line (11 px) and 7 px that vega's layout adds in practice (measured).
 *
 * @example
 * axisWidth(0, 20_000) // 77: "20,000" is 48 px
 */
export function axisWidth(lo: number, hi: number, log = false): number {
  return 29 + textWidth(widestTick(lo, hi, log), 10);
}

/**
 * Width of a legend beside the plots: its offset (18 px), then the wider of its title (11 px bold, at most 180 px) and
 * its entries (a 10 px symbol, 4 px, the label in 10 px, at most 160 px).
 *
 * @example
 * legendWidth("run", ["sgd", "adam"]) // 18 + 14 + 32 = 64
 */
export function legendWidth(title: string, labels: readonly string[]): number {
  const label = Math.min(160, Math.max(0, ...labels.map((l) => textWidth(l, 10))));
  return 18 + Math.max(Math.min(180, textWidth(title, 11)), 14 + label);
}
