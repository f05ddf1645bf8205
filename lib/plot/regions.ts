import type { NetLike } from "../nets/resolve-net.js";
import { checkKeys, checkOneOf, type KnownKeys } from "../options/check.js";
import { countRegions, type RegionPolygon } from "../regions/count-regions.js";
import type { Figure } from "./figure.js";
import { AXES_KEYS, axesLayout, equalAxes, plotlyFigure, type AxesOptions } from "./plotly/layout.js";

/** Options of {@link regions}. */
export interface RegionsOptions extends AxesOptions {
  /** `[[x0, x1], [y0, y1]]` or "all", counted exactly as in countRegions (default [[0, 1], [0, 1]]). */
  box?: readonly [readonly [number, number], readonly [number, number]] | "all";
  /** "region": each linear region its own colour; "output": each region coloured by the first output at its centre,
   *  like the lecture's heat map with black lines between regions (default "region"). */
  fill?: "region" | "output";
}

const KEYS: KnownKeys<RegionsOptions> = { ...AXES_KEYS, box: true, fill: true };

/**
 * The linear regions of a network with two inputs, exactly, from `dl.regions.countRegions`: each region is a
 * coloured polygon (a region made of several cells is one colour), edges drawn thin, and the counts in the title.
 * Drawn with plotly: hovering a polygon names its region and activation pattern.
 *
 * @example
 * const net = dl.constructions.montufar({ inputs: 2, layers: 2, width: 4 });
 * await dl.plot.regions(net)                                   // 44 regions, the lecture's count
 * await dl.plot.regions(model, { box: [[-1, 1], [-1, 1]], fill: "output" })
 */
export async function regions(net: NetLike, options: RegionsOptions = {}): Promise<Figure> {
  const { box, fill = "region" } = checkKeys("regions", options, KEYS);
  checkOneOf("regions", "fill", fill, ["region", "output"]);
  const count = await countRegions(net, box === undefined ? {} : { box });
  const byRegion = new Map<number, RegionPolygon[]>();
  for (const p of count.polygons) {
    const cells = byRegion.get(p.region) ?? [];
    cells.push(p);
    byRegion.set(p.region, cells);
  }
  const values = count.polygons.map((p) => valueAtCentre(p));
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const shade = (cells: RegionPolygon[]) => (hi > lo ? (valueAtCentre(cells[0]!) - lo) / (hi - lo) : 0.5);
  // One trace per region keeps hover per region; past MAX_TRACES, plotly slows down, so regions of one colour share
  // a trace (the colours then repeat every 24 regions, or the output is shown in 32 levels).
  const many = byRegion.size > MAX_TRACES;
  const groups = new Map<string, { colour: string; cells: RegionPolygon[]; regions: number[] }>();
  for (const [region, cells] of [...byRegion.entries()].sort((a, b) => a[0] - b[0])) {
    const level = Math.min(31, Math.floor(shade(cells) * 32));
    const key = !many ? String(region) : fill === "region" ? String(region % 24) : String(level);
    const colour = fill === "region" ? regionColour(many ? region % 24 : region) : viridis(many ? (level + 0.5) / 32 : shade(cells));
    const group = groups.get(key) ?? { colour, cells: [], regions: [] };
    group.cells.push(...cells);
    group.regions.push(region);
    groups.set(key, group);
  }
  const traces = [...groups.values()].map(({ colour, cells, regions }) => {
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (const cell of cells) {
      if (x.length > 0) (x.push(null), y.push(null)); // null separates the polygons of one trace
      for (const [vx, vy] of [...cell.vertices, cell.vertices[0]!]) (x.push(vx), y.push(vy));
    }
    const text = many
      ? `${regions.length} regions`
      : `region ${regions[0]}: ${cells.length} cell${cells.length === 1 ? "" : "s"}, pattern ${cells[0]!.pattern}`;
    return {
      type: "scatter",
      mode: "lines",
      fill: "toself",
      fillcolor: colour,
      line: { color: fill === "region" ? "white" : "black", width: 0.7 },
      x,
      y,
      name: many ? text : `region ${regions[0]}`,
      showlegend: false,
      hoveron: "fills",
      text,
      hoverinfo: "text",
    };
  });
  const title = options.title ?? `${count.linearRegions} linear regions (${count.activationRegions} activation regions)`;
  const layout = equalAxes(axesLayout("regions", { ...options, title }, { x: "x0", y: "x1" }));
  layout["xaxis"].range = count.view[0];
  layout["yaxis"].range = count.view[1];
  return plotlyFigure("regions", traces, layout);
}

/** Above this many linear regions, regions share traces by colour. */
const MAX_TRACES = 400;

/** The first output at the polygon's vertex centroid (the map is affine on the cell). */
function valueAtCentre(p: RegionPolygon): number {
  const n = p.vertices.length;
  const cx = p.vertices.reduce((s, v) => s + v[0], 0) / n;
  const cy = p.vertices.reduce((s, v) => s + v[1], 0) / n;
  return p.slope[0]![0] * cx + p.slope[0]![1] * cy + p.intercept[0]!;
}

/** Distinct colours for neighbouring region numbers: hues spaced by the golden angle. */
function regionColour(region: number): string {
  return `hsl(${Math.round((region * 137.508) % 360)},55%,${62 + (region % 3) * 8}%)`;
}

const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Viridis at t in [0, 1], interpolated between five stops. */
function viridis(t: number): string {
  const s = Math.min(0.9999, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.floor(s);
  const f = s - i;
  const c = VIRIDIS[i]!.map((v, k) => Math.round(v + (VIRIDIS[i + 1]![k]! - v) * f));
  return `rgb(${c.join(",")})`;
}
