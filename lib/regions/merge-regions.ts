import type { Cell } from "./regions-2d.js";

/**
 * Groups cells into linear regions: maximal connected unions of cells on which the network is one affine map.
 * The network is continuous, so two cells that share an edge of positive length carry the same affine map
 * exactly when their gradients agree (relative tolerance `tol`). Cells are bucketed by rounded gradient and
 * by the line of each edge; cells in one bucket whose edges overlap are joined (union–find).
 * Returns the region index of every cell and the number of regions.
 */
export function mergeCells(cells: readonly Cell[], tol: number): { region: Int32Array; count: number } {
  const parent = Int32Array.from(cells, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const buckets = new Map<string, { cell: number; lo: number; hi: number }[]>();
  const digits = Math.max(3, Math.min(12, Math.round(-Math.log10(tol)) - 1));
  cells.forEach((cell, c) => {
    const gkey = gradientKey(cell.grad, digits);
    const { poly } = cell;
    const n = poly.length / 3;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const e = edgeLine(poly, i, j);
      if (!e) continue;
      const key = `${gkey}|${e.key}`;
      let list = buckets.get(key);
      if (!list) buckets.set(key, (list = []));
      list.push({ cell: c, lo: e.lo, hi: e.hi });
    }
  });
  for (const list of buckets.values()) {
    if (list.length < 2) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const ea = list[a]!;
        const eb = list[b]!;
        if (ea.cell === eb.cell) continue;
        const overlap = Math.min(ea.hi, eb.hi) - Math.max(ea.lo, eb.lo);
        const span = Math.max(1, Math.abs(ea.lo) === Infinity ? 1 : Math.abs(ea.lo), Math.abs(ea.hi) === Infinity ? 1 : Math.abs(ea.hi));
        if (overlap > tol * span) parent[find(ea.cell)] = find(eb.cell);
      }
    }
  }
  const ids = new Map<number, number>();
  const region = Int32Array.from(cells, (_, i) => {
    const root = find(i);
    let id = ids.get(root);
    if (id === undefined) ids.set(root, (id = ids.size));
    return id;
  });
  return { region, count: ids.size };
}

function gradientKey(grad: Float64Array, digits: number): string {
  let scale = 0;
  for (const g of grad) scale = Math.max(scale, Math.abs(g));
  if (scale === 0) return "0";
  return Array.from(grad, (g) => Math.round((g / scale) * 10 ** digits)).join(",") + `@${scale.toPrecision(digits)}`;
}

/** The line of edge i → j, in a canonical form, and the edge's extent along it (±Infinity for rays). */
function edgeLine(poly: Float64Array, i: number, j: number): { key: string; lo: number; hi: number } | undefined {
  const wi = poly[3 * i + 2];
  const wj = poly[3 * j + 2];
  if (wi === 0 && wj === 0) return undefined; // at infinity
  const [ax, ay] = [poly[3 * i] as number, poly[3 * i + 1] as number];
  const [bx, by] = [poly[3 * j] as number, poly[3 * j + 1] as number];
  let dx: number;
  let dy: number;
  if (wi === 1 && wj === 1) [dx, dy] = [bx - ax, by - ay];
  else if (wi === 1) [dx, dy] = [bx, by];
  else [dx, dy] = [-ax, -ay];
  const len = Math.hypot(dx, dy);
  if (len === 0) return undefined;
  let [ex, ey] = [dx / len, dy / len];
  if (ex < -1e-12 || (Math.abs(ex) <= 1e-12 && ey < 0)) [ex, ey] = [-ex, -ey];
  const [px, py] = wi === 1 ? [ax, ay] : [bx, by];
  const c = -ey * px + ex * py; // signed distance of the line from the origin
  const t = (x: number, y: number, w: number | undefined): number =>
    w === 1 ? ex * x + ey * y : ex * x + ey * y > 0 ? Infinity : -Infinity;
  const ta = t(ax, ay, wi);
  const tb = t(bx, by, wj);
  const key = `${Math.round(ex * 1e7)},${Math.round(ey * 1e7)},${Math.round(c * 1e7)}`;
  return { key, lo: Math.min(ta, tb), hi: Math.max(ta, tb) };
}
