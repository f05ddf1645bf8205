import type { DenseLayer } from "../nets/layer-weights.js";
import { Float64Buffer } from "./grow.js";
import { checkInterrupt } from "../host/host.js";
import { checkMemory, formatCount } from "../options/memory.js";

/** The raw result of {@link propagatePieces}: intervals and, on each, the affine map of the net's outputs. */
export interface RawPieces {
  /** Interval edges, length count + 1 (may start with -Infinity and end with +Infinity). */
  edges: Float64Array;
  /** Row-major [count, outputs]: d(output)/dx on each interval. */
  slopes: Float64Array;
  /** Row-major [count, outputs]: output at x = 0 of each interval's affine map. */
  intercepts: Float64Array;
  outputs: number;
}

/**
 * Exact propagation of breakpoints through a 1-input network, layer by layer (float64).
 * On each interval every unit is affine, a·x + b; a unit with a ≠ 0 changes sign at x = −b/a, and the interval
 * is split there when that root lies strictly inside. A root closer than `tol`·(1 + |x|) to an edge is snapped
 * onto it, so float noise never creates slivers. The sign of a unit on each sub-interval is read from the side of
 * its root, never from evaluating near it, so it is consistent with the split. Before each layer it fails, naming
 * the count so far, when the next layer's pieces, at least as many as now, cannot fit in memory.
 */
export function propagatePieces(layers: readonly DenseLayer[], from: number, to: number, tol: number): RawPieces {
  let edges: Float64Array = Float64Array.of(from, to);
  let slopes: Float64Array = Float64Array.of(1); // [count, width]
  let intercepts: Float64Array = Float64Array.of(0);
  let width = 1;
  for (const [index, layer] of layers.entries()) {
    const { outputs: U, inputs: W, w, b, negativeSlope } = layer;
    const count = edges.length - 1;
    const detail = `at least 8 + 16·${U} bytes a piece for layer ${index}'s float64 edges, slopes and intercepts`;
    checkMemory("countPieces", `${formatCount(count)} pieces before layer ${index}`, count * (8 + 16 * U), detail);
    const splits = negativeSlope !== 1;
    const nextEdges = new Float64Buffer(edges.length * (splits ? 2 : 1));
    const nextA = new Float64Buffer(count * U * (splits ? 2 : 1));
    const nextB = new Float64Buffer(count * U * (splits ? 2 : 1));
    const pa = new Float64Array(U);
    const pb = new Float64Array(U);
    const root = new Float64Array(U);
    const cuts = new Float64Array(U); // roots inside the current interval, sorted
    nextEdges.push(edges[0] as number);
    for (let k = 0; k < count; k++) {
      if ((k & 255) === 0) checkInterrupt(); // a kernel interrupt stops a large count within 256 intervals
      const l = edges[k] as number;
      const r = edges[k + 1] as number;
      for (let u = 0; u < U; u++) {
        let sa = 0;
        let sb = b[u] as number;
        for (let j = 0; j < W; j++) {
          const wij = w[u * W + j] as number;
          sa += wij * (slopes[k * width + j] as number);
          sb += wij * (intercepts[k * width + j] as number);
        }
        pa[u] = sa;
        pb[u] = sb;
      }
      let nCuts = 0;
      if (splits) {
        for (let u = 0; u < U; u++) {
          const a = pa[u] as number;
          if (a === 0) continue;
          let x = -(pb[u] as number) / a + 0; // + 0 turns −0 into 0
          if (near(x, l, tol)) x = l;
          else if (near(x, r, tol)) x = r;
          root[u] = x;
          if (x > l && x < r) {
            let i = nCuts++; // insertion sort: there are at most U roots
            while (i > 0 && (cuts[i - 1] as number) > x) {
              cuts[i] = cuts[i - 1] as number;
              i--;
            }
            cuts[i] = x;
          }
        }
      }
      let s = l;
      for (let c = 0; c <= nCuts; c++) {
        const e = c < nCuts ? (cuts[c] as number) : r;
        if (e === s) continue; // duplicate root
        const at = nextA.reserve(U);
        nextB.reserve(U);
        for (let u = 0; u < U; u++) {
          const a = pa[u] as number;
          let factor = 1;
          if (splits) {
            const positive = a === 0 ? (pb[u] as number) > 0 : (root[u] as number) <= s ? a > 0 : a < 0;
            if (!positive) factor = negativeSlope;
          }
          nextA.data[at + u] = factor * a;
          nextB.data[at + u] = factor * (pb[u] as number);
        }
        nextEdges.push(e);
        s = e;
      }
    }
    edges = nextEdges.toArray();
    slopes = nextA.toArray();
    intercepts = nextB.toArray();
    width = U;
  }
  return { edges, slopes, intercepts, outputs: width };
}

function near(x: number, edge: number, tol: number): boolean {
  return Number.isFinite(edge) && Math.abs(x - edge) <= tol * (1 + Math.abs(edge));
}

/**
 * Merges neighbouring intervals whose affine maps agree. The network is continuous, so two neighbours are the
 * same affine map exactly when their slopes agree (relative tolerance `tol`); the intercepts then agree too.
 */
export function mergePieces(raw: RawPieces, tol: number): RawPieces {
  const { edges, slopes, intercepts, outputs: m } = raw;
  const count = edges.length - 1;
  const keep: number[] = [0];
  for (let k = 1; k < count; k++) {
    const prev = keep[keep.length - 1] as number;
    let same = true;
    for (let o = 0; o < m && same; o++) {
      const a1 = slopes[prev * m + o] as number;
      const a2 = slopes[k * m + o] as number;
      same = Math.abs(a1 - a2) <= tol * Math.max(Math.abs(a1), Math.abs(a2));
    }
    if (!same) keep.push(k);
  }
  const n = keep.length;
  const outEdges = new Float64Array(n + 1);
  const outA = new Float64Array(n * m);
  const outB = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const k = keep[i] as number;
    outEdges[i] = edges[k] as number;
    for (let o = 0; o < m; o++) {
      outA[i * m + o] = slopes[k * m + o] as number;
      outB[i * m + o] = intercepts[k * m + o] as number;
    }
  }
  outEdges[n] = edges[count] as number;
  return { edges: outEdges, slopes: outA, intercepts: outB, outputs: m };
}
