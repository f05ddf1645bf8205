import { DISPLAY, type MimeBundle } from "../display/protocol.js";
import { escapeHtml } from "../display/html-escape.js";
import { type KnownKeys, checkKeys, fail, checkNumber } from "../options/check.js";
import { resolveNet, type NetLike } from "../nets/resolve-net.js";
import { mergePieces, propagatePieces, type RawPieces } from "./pieces-1d.js";
import { piecesSvg } from "./partition-svg.js";

/** Options of {@link countPieces}. */
export interface CountPiecesOptions {
  /** The interval `[a, b]` (a < b), or `"all"` for the whole real line, counted exactly (default `[0, 1]`). */
  domain?: readonly [number, number] | "all";
  /** Relative tolerance for snapping a root onto an existing breakpoint and for equal slopes (default 1e-9). */
  tolerance?: number;
}
const KEYS: KnownKeys<CountPiecesOptions> = { domain: true, tolerance: true };

/** One affine piece of a {@link PieceCount}: on [from, to] the outputs are slope·x + intercept. */
export interface Piece {
  from: number;
  to: number;
  slope: number[];
  intercept: number[];
}

/** The result of {@link countPieces}. */
export interface PieceCount {
  /** κ: the minimal number of affine pieces (neighbours with the same affine map merged). */
  pieces: number;
  /** Pieces before merging: intervals on which every unit keeps its sign. */
  activationPieces: number;
  /** The points inside the domain where the function changes its affine map, increasing (length pieces − 1). */
  breakpoints: Float64Array;
  domain: [number, number];
  /** Output dimension m. */
  outputs: number;
  /** Row-major [pieces, outputs]. */
  slopes: Float64Array;
  /** Row-major [pieces, outputs]. */
  intercepts: Float64Array;
  /** The i-th piece as plain numbers. */
  piece(i: number): Piece;
  /** ∫ over the domain of each output, exactly from the pieces (finite domains only). */
  integral(): number[];
  [DISPLAY](): MimeBundle;
}

/**
 * Counts exactly the affine pieces of a network with one input, by propagating breakpoints layer by layer
 * (no sampling). Arithmetic is float64 on the float32 weights of the model; a root within `tolerance` of an
 * existing breakpoint is snapped onto it, and neighbouring pieces merge when their slopes agree within
 * `tolerance` (the net is continuous, so equal slopes mean the same affine map).
 * Works for Dense stacks with relu, linear, leakyRelu and abs, batch norm in inference mode and dropout.
 *
 * @example
 * const r = await dl.regions.countPieces(dl.constructions.sawtooth(5));
 * r.pieces // 32 = 2^5
 */
export async function countPieces(net: NetLike, options: CountPiecesOptions = {}): Promise<PieceCount> {
  const { domain = [0, 1], tolerance = 1e-9 } = checkKeys("countPieces", options, KEYS);
  const [from, to] = checkDomain(domain);
  checkNumber("countPieces", "tolerance", tolerance, 0, 1e-3);
  const layers = await resolveNet("countPieces", net);
  if (layers[0]!.inputs !== 1) {
    fail("countPieces", "net", "a network with 1 input (use countRegions for 2 inputs)", `${layers[0]!.inputs} inputs`);
  }
  const raw = propagatePieces(layers, from, to, tolerance);
  return makePieceCount(mergePieces(raw, tolerance), raw.edges.length - 1);
}

function checkDomain(domain: unknown): [number, number] {
  if (domain === "all") return [-Infinity, Infinity];
  const ok =
    Array.isArray(domain) &&
    domain.length === 2 &&
    domain.every((v) => typeof v === "number" && Number.isFinite(v)) &&
    (domain[0] as number) < (domain[1] as number);
  if (!ok) fail("countPieces", "domain", '[a, b] with finite a < b, or "all"', domain);
  return [domain[0], domain[1]];
}

function makePieceCount(merged: RawPieces, activationPieces: number): PieceCount {
  const { edges, slopes, intercepts, outputs: m } = merged;
  const pieces = edges.length - 1;
  const piece = (i: number): Piece => ({
    from: edges[i] as number,
    to: edges[i + 1] as number,
    slope: Array.from(slopes.subarray(i * m, (i + 1) * m)),
    intercept: Array.from(intercepts.subarray(i * m, (i + 1) * m)),
  });
  const result: PieceCount = {
    pieces,
    activationPieces,
    breakpoints: edges.slice(1, pieces),
    domain: [edges[0] as number, edges[pieces] as number],
    outputs: m,
    slopes,
    intercepts,
    piece,
    integral: () => {
      if (!Number.isFinite(edges[0]!) || !Number.isFinite(edges[pieces]!)) fail("integral", "domain", "finite", "the whole line");
      const sums = new Array<number>(m).fill(0);
      for (let i = 0; i < pieces; i++) {
        const a = edges[i] as number;
        const b = edges[i + 1] as number;
        for (let o = 0; o < m; o++) {
          sums[o]! += ((slopes[i * m + o] as number) * (b * b - a * a)) / 2 + (intercepts[i * m + o] as number) * (b - a);
        }
      }
      return sums;
    },
    [DISPLAY]: () => pieceBundle(result),
  };
  return result;
}

function pieceBundle(r: PieceCount): MimeBundle {
  const dom = `[${r.domain.map(fmt).join(", ")}]`;
  const head = `κ = ${r.pieces} affine piece${r.pieces === 1 ? "" : "s"} on ${dom} (${r.activationPieces} activation pieces, ${r.outputs} output${r.outputs === 1 ? "" : "s"})`;
  const shown = Math.min(r.pieces, 8);
  const rows = Array.from({ length: shown }, (_, i) => {
    const p = r.piece(i);
    return [`[${fmt(p.from)}, ${fmt(p.to)}]`, p.slope.map(fmt).join(", "), p.intercept.map(fmt).join(", ")];
  });
  const more = r.pieces > shown ? `… ${r.pieces - shown} more` : "";
  const text = [head, ...rows.map((c) => `  ${c[0]}  slope ${c[1]}  intercept ${c[2]}`), ...(more ? [`  ${more}`] : [])].join("\n");
  const html =
    `<div><b>${escapeHtml(head)}</b></div><table><thead><tr><th>interval</th><th>slope</th><th>intercept</th></tr></thead><tbody>` +
    rows.map((c) => `<tr>${c.map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`).join("") +
    `</tbody></table>${more ? `<div>${escapeHtml(more)}</div>` : ""}`;
  const svg = r.pieces <= 20000 ? piecesSvg(graphPoints(r)) : "";
  return { "text/plain": text, "text/html": html + svg, ...(svg ? { "image/svg+xml": svg } : {}) };
}

/** The graph's corners (first output); an unbounded end is drawn one mean piece width beyond the last breakpoint. */
function graphPoints(r: PieceCount): [number, number][] {
  const inner = Array.from(r.breakpoints);
  const span = inner.length > 1 ? inner[inner.length - 1]! - inner[0]! : 2;
  const step = Math.max(span / Math.max(1, inner.length), 1e-9);
  const lo = Number.isFinite(r.domain[0]) ? r.domain[0] : (inner[0] ?? 0) - step;
  const hi = Number.isFinite(r.domain[1]) ? r.domain[1] : (inner[inner.length - 1] ?? 0) + step;
  const xs = [lo, ...inner, hi];
  return xs.map((x, k) => {
    const p = r.piece(Math.min(k === 0 ? 0 : k - 1, r.pieces - 1));
    return [x, p.slope[0]! * x + p.intercept[0]!];
  });
}

function fmt(v: number): string {
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "−∞";
  return String(Number(v.toPrecision(6)));
}
