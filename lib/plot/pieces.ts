import type { NetLike } from "../nets/resolve-net.js";
import { countPieces, type PieceCount } from "../regions/count-pieces.js";
import { checkKeys, type KnownKeys } from "../options/check.js";
import type { Figure } from "./figure.js";
import { AXES_KEYS, PALETTE, axesLayout, plotlyFigure, type AxesOptions } from "./plotly/layout.js";

/** Options of {@link pieces}. */
export interface PiecesOptions extends AxesOptions {
  /** The interval [a, b] drawn and counted on, or "all" for the whole line (default [0, 1]), as in countPieces. */
  domain?: readonly [number, number] | "all";
  /** Mark the breakpoints on the graph (default true). */
  breakpoints?: boolean;
}

const KEYS: KnownKeys<PiecesOptions> = { ...AXES_KEYS, domain: true, breakpoints: true };

/**
 * The function a network with one input computes, drawn exactly from `dl.regions.countPieces`: the graph is the
 * polyline through its breakpoints (no sampling, so no piece is missed however many there are), the breakpoints
 * marked, and κ, the number of affine pieces, in the title. One line per output.
 * Drawn with plotly: zooming in on 2^depth pieces is how the sawtooth's self-similarity is seen.
 *
 * @example
 * await dl.plot.pieces(dl.constructions.sawtooth(4))                       // 16 teeth, 15 breakpoints
 * await dl.plot.pieces(model, { domain: [-2, 2], title: "after training" })
 */
export async function pieces(net: NetLike, options: PiecesOptions = {}): Promise<Figure> {
  const { domain = [0, 1], breakpoints = true } = checkKeys("pieces", options, KEYS);
  const count = await countPieces(net, { domain });
  const xs = corners(count);
  const traces: Record<string, any>[] = [];
  for (let o = 0; o < count.outputs; o++) {
    // the value at a corner from the piece to its right (the last corner from the last piece): the net is continuous
    const y = xs.map((x, k) => {
      const i = Math.min(k, count.pieces - 1);
      return count.slopes[i * count.outputs + o]! * x + count.intercepts[i * count.outputs + o]!;
    });
    const name = count.outputs === 1 ? "f(x)" : `output ${o}`;
    const color = PALETTE[o % PALETTE.length];
    traces.push({ type: "scatter", mode: "lines", name, x: xs, y, line: { color, width: 2 } });
    if (breakpoints && count.breakpoints.length > 0) {
      const inner = Array.from(count.breakpoints);
      traces.push({
        type: inner.length >= 5000 ? "scattergl" : "scatter",
        mode: "markers",
        name: count.outputs === 1 ? "breakpoints" : `breakpoints ${o}`,
        x: inner,
        y: y.slice(1, 1 + inner.length),
        marker: { color, size: 6, symbol: "circle-open", line: { width: 1.5 } },
      });
    }
  }
  const title = options.title ?? `κ = ${count.pieces} piece${count.pieces === 1 ? "" : "s"}, ${count.breakpoints.length} breakpoints`;
  return plotlyFigure(
    "pieces",
    traces,
    axesLayout("pieces", { ...options, title }, { x: "x", y: count.outputs === 1 ? "f(x)" : "output" }),
  );
}

/** The domain's ends and the breakpoints; an infinite end is drawn one mean piece width beyond the last breakpoint. */
function corners(count: PieceCount): number[] {
  const inner = Array.from(count.breakpoints);
  const [a, b] = count.domain;
  const span = inner.length > 1 ? inner[inner.length - 1]! - inner[0]! : 2;
  const step = Math.max(span / Math.max(1, inner.length), 1e-9);
  const lo = Number.isFinite(a) ? a : (inner[0] ?? 0) - step;
  const hi = Number.isFinite(b) ? b : (inner[inner.length - 1] ?? 0) + step;
  return [lo, ...inner, hi];
}
