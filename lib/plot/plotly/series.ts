import type { Columns } from "../data.js";

/** One trace's worth of points: a colour group within a facet. */
export interface Series {
  x: number[];
  y: number[];
  /** The colour group's value (undefined without `color`). */
  name?: string;
  /** Facet number, 0-based (0 without `facet`). */
  facet: number;
  /** Index of the colour group, for a stable colour across facets. */
  group: number;
  /** Whether this series carries its group's legend entry: the group's first series, in whichever facet. */
  legend: boolean;
}

/**
 * Splits columns into series by `color` and `facet`, in order of first appearance, and extends `base` (from
 * axesLayout) with one subplot per facet value (up to 3 a row), titled with the value and sharing base's axis settings.
 */
export function splitSeries(cols: Columns, base: Record<string, any>): { series: Series[]; layout: Record<string, any> } {
  const groups = uniques(cols.color);
  const facets = uniques(cols.facet);
  const byKey = new Map<string, Series>();
  for (let i = 0; i < cols.y.length; i++) {
    const group = cols.color ? groups.indexOf(cols.color[i]!) : 0;
    const facet = cols.facet ? facets.indexOf(cols.facet[i]!) : 0;
    const key = `${facet}/${group}`;
    let s = byKey.get(key);
    if (!s) {
      s = { x: [], y: [], facet, group, legend: false, ...(cols.color ? { name: String(groups[group]) } : {}) };
      byKey.set(key, s);
    }
    s.x.push(cols.x[i]!);
    s.y.push(cols.y[i]!);
  }
  const series = [...byKey.values()].sort((a, b) => a.facet - b.facet || a.group - b.group);
  const listed = new Set<number>();
  for (const s of series) if (!listed.has(s.group)) ((s.legend = true), listed.add(s.group));
  if (!cols.facet) return { series, layout: base };
  const columns = Math.min(3, facets.length);
  const rows = Math.ceil(facets.length / columns);
  const annotations = facets.map((value, k) => ({
    text: `${cols.names.facet} = ${value}`,
    showarrow: false,
    xref: `x${k === 0 ? "" : k + 1} domain`,
    yref: `y${k === 0 ? "" : k + 1} domain`,
    x: 0.5,
    y: 1.01,
    yanchor: "bottom",
  }));
  const margin = { ...base["margin"], t: (base["margin"]?.t ?? 30) + 20 }; // room for the facet titles
  const layout: Record<string, any> = { ...base, margin, grid: { rows, columns, pattern: "independent", ygap: 0.3 }, annotations };
  for (let k = 1; k < facets.length; k++) {
    layout[`xaxis${k + 1}`] = { ...base["xaxis"] };
    layout[`yaxis${k + 1}`] = { ...base["yaxis"] };
  }
  return { series, layout };
}

/** The trace properties every series shares: its name and legend entry (once per colour group) and its axes. */
export function seriesTrace(s: Series): Record<string, any> {
  return {
    ...(s.name !== undefined ? { name: s.name, legendgroup: s.name, showlegend: s.legend } : { showlegend: false }),
    ...(s.facet === 0 ? {} : { xaxis: `x${s.facet + 1}`, yaxis: `y${s.facet + 1}` }),
  };
}

function uniques(values: (string | number)[] | undefined): (string | number)[] {
  return values ? [...new Set(values)] : [];
}
