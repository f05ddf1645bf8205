import type { DenseLayer } from "../nets/layer-weights.js";
import { splitPolygon, type Polygon } from "./polygon.js";
import { checkInterrupt } from "../host/host.js";
import { checkMemory, formatCount } from "../options/memory.js";

/** A cell of the 2-D partition: a convex polygon, the affine map of the current layer on it, its activation pattern. */
export interface Cell {
  poly: Polygon;
  /** Row-major [width, 2]: gradient of each current unit. */
  grad: Float64Array;
  /** [width]: value of each current unit at the origin. */
  offset: Float64Array;
  /** One character per unit of every non-linear layer so far: "1" positive side, "0" negative side. */
  pattern: string;
}

/**
 * Exact polygon splitting of a region of the plane by a 2-input network (float64, sign tolerance `tol`).
 * Layer by layer, each cell is cut by the zero line of every unit of the layer (restricted to the cell: the unit
 * is affine there); cells whose units keep one sign are left whole. Every resulting cell has its own activation
 * pattern and carries the affine map of the layer's outputs. Before each layer it fails, naming the count so far,
 * when the next layer's cells, at least as many as now, cannot fit in memory.
 */
export function propagateCells(layers: readonly DenseLayer[], start: Polygon, tol: number): Cell[] {
  let cells: Cell[] = [{ poly: start, grad: Float64Array.of(1, 0, 0, 1), offset: new Float64Array(2), pattern: "" }];
  for (const [index, layer] of layers.entries()) {
    const detail = `at least 24·${layer.outputs} + 72 bytes a cell for layer ${index}'s float64 gradients, offsets and polygon`;
    checkMemory(
      "countRegions",
      `${formatCount(cells.length)} cells before layer ${index}`,
      cells.length * (24 * layer.outputs + 72),
      detail,
    );
    const next: Cell[] = [];
    for (const cell of cells) {
      checkInterrupt(); // a kernel interrupt stops a large count between cells
      propagateCell(layer, cell, tol, next);
    }
    cells = next;
  }
  return cells;
}

function propagateCell(layer: DenseLayer, cell: Cell, tol: number, out: Cell[]): void {
  const { outputs: U, inputs: W, w, b, negativeSlope } = layer;
  const grad = new Float64Array(U * 2); // pre-activation gradients [U, 2]
  const offset = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    let gx = 0;
    let gy = 0;
    let o = b[u] as number;
    for (let j = 0; j < W; j++) {
      const wij = w[u * W + j] as number;
      gx += wij * (cell.grad[2 * j] as number);
      gy += wij * (cell.grad[2 * j + 1] as number);
      o += wij * (cell.offset[j] as number);
    }
    grad[2 * u] = gx;
    grad[2 * u + 1] = gy;
    offset[u] = o;
  }
  if (negativeSlope === 1) {
    out.push({ poly: cell.poly, grad, offset, pattern: cell.pattern });
    return;
  }
  let parts: { poly: Polygon; signs: Int8Array }[] = [{ poly: cell.poly, signs: new Int8Array(U) }];
  for (let u = 0; u < U; u++) {
    const cutParts: typeof parts = [];
    for (const part of parts) {
      const r = splitPolygon(part.poly, grad[2 * u] as number, grad[2 * u + 1] as number, offset[u] as number, tol);
      if ("pos" in r) {
        const signs = part.signs.slice();
        signs[u] = -1;
        part.signs[u] = 1;
        cutParts.push({ poly: r.pos, signs: part.signs }, { poly: r.neg, signs });
      } else {
        part.signs[u] = r.side < 0 ? -1 : 1;
        cutParts.push(part);
      }
    }
    parts = cutParts;
  }
  for (const { poly, signs } of parts) {
    const g = grad.slice();
    const o = offset.slice();
    let pattern = cell.pattern;
    for (let u = 0; u < U; u++) {
      if (signs[u]! < 0) {
        g[2 * u] = (g[2 * u] as number) * negativeSlope;
        g[2 * u + 1] = (g[2 * u + 1] as number) * negativeSlope;
        o[u] = (o[u] as number) * negativeSlope;
        pattern += "0";
      } else pattern += "1";
    }
    out.push({ poly, grad: g, offset: o, pattern });
  }
}
