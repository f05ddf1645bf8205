import { DISPLAY, type MimeBundle } from "../display/protocol.js";
import { escapeHtml } from "../display/html-escape.js";
import { type KnownKeys, checkKeys, fail, checkNumber } from "../options/check.js";
import { resolveNet, type NetLike } from "../nets/resolve-net.js";
import { PLANE, boxPolygon, clipToBox, polygonArea } from "./polygon.js";
import { propagateCells } from "./regions-2d.js";
import { mergeCells } from "./merge-regions.js";
import { partitionSvg } from "./partition-svg.js";

type Interval = [number, number];

/** Options of {@link countRegions}. */
export interface CountRegionsOptions {
  /** `[[x0, x1], [y0, y1]]`, or `"all"` for the whole plane, counted exactly (default `[[0, 1], [0, 1]]`). */
  box?: readonly [readonly [number, number], readonly [number, number]] | "all";
  /** Relative tolerance for "on the line" and for equal gradients (default 1e-9). */
  tolerance?: number;
}
const KEYS: KnownKeys<CountRegionsOptions> = { box: true, tolerance: true };

/** One cell of the partition, ready to plot: on `vertices` the outputs are slope·(x, y) + intercept. */
export interface RegionPolygon {
  /** Counter-clockwise corners (clipped to `view` for unbounded cells). */
  vertices: [number, number][];
  /** `[outputs][2]`: the gradient of each output on this cell. */
  slope: [number, number][];
  /** `[outputs]`: each output's affine map at (0, 0). */
  intercept: number[];
  /** Index of the linear region this cell belongs to (cells of one region share one affine map). */
  region: number;
  /** Activation pattern: one "1"/"0" per unit of every non-linear layer. */
  pattern: string;
  /** False when the cell is unbounded (its vertices are then clipped to `view`). */
  bounded: boolean;
}

/** The result of {@link countRegions}. */
export interface RegionCount {
  /** Cells on which every unit keeps its sign. */
  activationRegions: number;
  /** Maximal connected sets on which the network is one affine map (neighbouring cells with one map merged). */
  linearRegions: number;
  polygons: RegionPolygon[];
  /** The counted box, or null for the whole plane. */
  box: [Interval, Interval] | null;
  /** The box the polygons are drawn in (the counted box, or one around every vertex for the whole plane). */
  view: [Interval, Interval];
  outputs: number;
  [DISPLAY](): MimeBundle;
}

/**
 * Counts exactly the activation regions and linear regions of a network with two inputs by splitting polygons:
 * each cell is cut by the zero line of each unit (affine on the cell), layer after layer; nothing is sampled.
 * `box: "all"` works on the whole plane exactly, with unbounded cells kept as polygons with vertices at infinity.
 * Arithmetic is float64 on the model's float32 weights; a vertex within `tolerance` (relative) of a line counts as
 * on it, so lines through a vertex or along an edge never create slivers.
 *
 * @example
 * const r = await dl.regions.countRegions(dl.constructions.montufar({ inputs: 2, layers: 2, width: 4 }));
 * r.linearRegions // 44, the lecture's number for two layers of 4 units on 2 inputs
 */
export async function countRegions(net: NetLike, options: CountRegionsOptions = {}): Promise<RegionCount> {
  const {
    box = [
      [0, 1],
      [0, 1],
    ],
    tolerance = 1e-9,
  } = checkKeys("countRegions", options, KEYS);
  const bounds = checkBox(box);
  checkNumber("countRegions", "tolerance", tolerance, 0, 1e-3);
  const layers = await resolveNet("countRegions", net);
  if (layers[0]!.inputs !== 2) {
    fail("countRegions", "net", "a network with 2 inputs (use countPieces for 1 input)", `${layers[0]!.inputs} inputs`);
  }
  const start = bounds ? boxPolygon(bounds[0][0], bounds[0][1], bounds[1][0], bounds[1][1]) : PLANE;
  const cells = propagateCells(layers, start, tolerance);
  const { region, count } = mergeCells(cells, tolerance);
  const view = bounds ?? viewAround(cells.map((c) => c.poly));
  const outputs = layers[layers.length - 1]!.outputs;
  const polygons = cells.map((cell, i): RegionPolygon => {
    const bounded = cell.poly.every((v, k) => k % 3 !== 2 || v === 1);
    const finite = bounded ? cell.poly : clipToBox(cell.poly, view[0], view[1], tolerance);
    const vertices: [number, number][] = [];
    for (let k = 0; k < finite.length; k += 3) vertices.push([finite[k] as number, finite[k + 1] as number]);
    return {
      vertices,
      slope: Array.from({ length: outputs }, (_, o) => [cell.grad[2 * o] as number, cell.grad[2 * o + 1] as number]),
      intercept: Array.from(cell.offset),
      region: region[i] as number,
      pattern: cell.pattern,
      bounded,
    };
  });
  const result: RegionCount = {
    activationRegions: cells.length,
    linearRegions: count,
    polygons,
    box: bounds,
    view,
    outputs,
    [DISPLAY]: () => regionBundle(result),
  };
  return result;
}

function checkBox(box: unknown): [Interval, Interval] | null {
  if (box === "all") return null;
  const ok =
    Array.isArray(box) &&
    box.length === 2 &&
    box.every(
      (r) =>
        Array.isArray(r) &&
        r.length === 2 &&
        r.every((v) => typeof v === "number" && Number.isFinite(v)) &&
        (r[0] as number) < (r[1] as number),
    );
  if (!ok) fail("countRegions", "box", '[[x0, x1], [y0, y1]] with finite x0 < x1 and y0 < y1, or "all"', box);
  const [[x0, x1], [y0, y1]] = box as [Interval, Interval];
  return [
    [x0, x1],
    [y0, y1],
  ];
}

/** A box around every finite vertex, with a margin, for drawing the whole-plane partition. */
function viewAround(polys: readonly Float64Array[]): [Interval, Interval] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of polys) {
    for (let k = 0; k < p.length; k += 3) {
      if (p[k + 2] !== 1) continue;
      x0 = Math.min(x0, p[k] as number);
      x1 = Math.max(x1, p[k] as number);
      y0 = Math.min(y0, p[k + 1] as number);
      y1 = Math.max(y1, p[k + 1] as number);
    }
  }
  if (x0 > x1)
    return [
      [-1, 1],
      [-1, 1],
    ];
  const pad = Math.max(1, 0.25 * Math.max(x1 - x0, y1 - y0));
  return [
    [x0 - pad, x1 + pad],
    [y0 - pad, y1 + pad],
  ];
}

function regionBundle(r: RegionCount): MimeBundle {
  const where = r.box ? `[${r.box[0].join(", ")}] × [${r.box[1].join(", ")}]` : "the whole plane";
  const text = `${r.linearRegions} linear regions, ${r.activationRegions} activation regions on ${where}`;
  const areas = r.polygons
    .filter((p) => p.bounded)
    .map((p) => Math.abs(polygonArea(Float64Array.from(p.vertices.flatMap(([x, y]) => [x, y, 1])))));
  const note = areas.length ? `smallest bounded cell area ${Number(Math.min(...areas).toPrecision(3))}` : "no bounded cells";
  const svg = r.polygons.length <= 20000 ? partitionSvg(r.polygons, r.view, { title: text }) : "";
  return {
    "text/plain": `${text} (${note})`,
    "text/html": `<div><b>${escapeHtml(text)}</b> <span style="color:#555">(${escapeHtml(note)})</span></div>${svg}`,
    ...(svg ? { "image/svg+xml": svg } : {}),
  };
}
