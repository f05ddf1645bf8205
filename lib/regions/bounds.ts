/**
 * The lectures' bounds on pieces and regions, each a small function with its formula.
 * (One file for the family: each formula is a few lines and they are read together.)
 * Counts are exact integers while they stay below 2^53; beyond that they are floating-point approximations.
 */
import { type KnownKeys, checkInteger, checkKeys, checkNumber, fail } from "../options/check.js";

/**
 * κ(σ∘f) ≤ 2·κ(f): composing with a ReLU (or any two-piece activation) at most doubles the number of pieces,
 * because a piece that crosses zero splits in two and the others stay whole (lecture 6.1).
 *
 * @example
 * dl.regions.bounds.reluCompose(3) // 6
 */
export function reluCompose(pieces: number): number {
  return 2 * checkInteger("reluCompose", "pieces", pieces, 1);
}

/**
 * κ(f + g) ≤ κ(f) + κ(g): a sum changes slope only where one of its terms does (lecture 6.1).
 *
 * @example
 * dl.regions.bounds.sumBound(3, 4) // 7
 */
export function sumBound(piecesF: number, piecesG: number): number {
  return checkInteger("sumBound", "piecesF", piecesF, 1) + checkInteger("sumBound", "piecesG", piecesG, 1);
}

/**
 * κ(y) ≤ 2^D ∏_{d=1}^{D} W_d for a ReLU network with one input, one output, and D hidden layers of widths W_d
 * (lecture 6.1, after Telgarsky). Holds for the activation pieces too, and for any two-piece activation.
 *
 * @example
 * dl.regions.bounds.depthBound([2, 2, 2]) // 64: the 3-layer sawtooth has 8
 */
export function depthBound(widths: readonly number[]): number {
  if (!Array.isArray(widths)) fail("depthBound", "widths", "an array of hidden-layer widths", widths);
  return widths.reduce((acc, w, d) => acc * 2 * checkInteger("depthBound", `widths[${d}]`, w, 1), 1);
}

/**
 * Σ_{j=0}^{n0} C(n, j): the most regions n hyperplanes (one hidden layer of n ReLU units) can cut ℝ^n0 into,
 * reached exactly when they are in general position (Zaslavsky). 37 for 8 units on 2 inputs.
 *
 * @example
 * dl.regions.bounds.shallowMax(8, 2) // 37
 */
export function shallowMax(units: number, inputs = 2): number {
  checkInteger("shallowMax", "units", units, 0);
  checkInteger("shallowMax", "inputs", inputs, 1);
  let sum = 0;
  for (let j = 0; j <= Math.min(inputs, units); j++) sum += binomial(units, j);
  return sum;
}

/** Options of {@link montufarLowerBound}. */
export interface MontufarLowerBoundOptions {
  /** Input dimension n0, >= 1 (default 2). */
  inputs?: number;
  /** Units per hidden layer n, >= inputs (default 4). */
  width?: number;
  /** Hidden layers k, >= 1 (default 2). */
  layers?: number;
}
const MONTUFAR_KEYS: KnownKeys<MontufarLowerBoundOptions> = { inputs: true, width: true, layers: true };

/**
 * Montúfar et al. (2014): a network with n0 inputs and k hidden layers of n ≥ n0 ReLU units can have at least
 * ⌊n/n0⌋^{n0(k−1)} · Σ_{j=0}^{n0} C(n, j) linear regions; with n = 2n0 this is the lecture's 2^{(k−1)n0} Σ_j C(2n0, j)
 * (44 for n0 = 2, k = 2; 176 for k = 3).
 *
 * @example
 * dl.regions.bounds.montufarLowerBound({ inputs: 2, width: 4, layers: 3 }) // 176
 */
export function montufarLowerBound(options: MontufarLowerBoundOptions = {}): number {
  const { inputs = 2, width = 4, layers = 2 } = checkKeys("montufarLowerBound", options, MONTUFAR_KEYS);
  checkInteger("montufarLowerBound", "inputs", inputs, 1);
  checkInteger("montufarLowerBound", "width", width, inputs);
  checkInteger("montufarLowerBound", "layers", layers, 1);
  return Math.floor(width / inputs) ** (inputs * (layers - 1)) * shallowMax(width, inputs);
}

/**
 * ∏_{l} Σ_{j=0}^{min(n0, W_l)} C(W_l, j): an upper bound on the linear regions of a ReLU network with n0 inputs
 * and hidden widths W_l, since each layer can at most cut each region as a shallow layer would
 * (Raghu et al. 2017; Serra et al. 2018 tighten it).
 *
 * @example
 * dl.regions.bounds.deepUpperBound([4, 4], 2) // 121
 */
export function deepUpperBound(widths: readonly number[], inputs = 2): number {
  if (!Array.isArray(widths)) fail("deepUpperBound", "widths", "an array of hidden-layer widths", widths);
  checkInteger("deepUpperBound", "inputs", inputs, 1);
  return widths.reduce((acc, w, l) => acc * shallowMax(checkInteger("deepUpperBound", `widths[${l}]`, w, 1), inputs), 1);
}

/** Options of {@link l1LowerBound}. */
export interface L1LowerBoundOptions {
  /** Hidden layers D* of the sawtooth, >= 1 (required). */
  deepLayers: number;
  /** Hidden widths W_d of the network compared with it (required). */
  widths: readonly number[];
}
const L1_KEYS: KnownKeys<L1LowerBoundOptions> = { deepLayers: true, widths: true };

/**
 * ‖f − g‖₁ ≥ 1 − 2^D ∏ W_d / 2^{D*}: the sawtooth f with D* layers (scaled by 16) is far in L1 from every network g
 * with D hidden layers of widths W_d (lecture 6.1). A value ≤ 0 means the bound says nothing.
 *
 * @example
 * dl.regions.bounds.l1LowerBound({ deepLayers: 20, widths: [1000] }) // ≈ 0.998: one layer of 1000 units is far
 */
export function l1LowerBound(options: L1LowerBoundOptions): number {
  const { deepLayers, widths } = checkKeys("l1LowerBound", options, L1_KEYS);
  checkInteger("l1LowerBound", "deepLayers", deepLayers, 1);
  return 1 - depthBound(widths) / 2 ** deepLayers;
}

/** Options of {@link fractalWidthBound}, all required. */
export interface FractalWidthBoundOptions {
  /** Input dimension d, >= 1. */
  inputs: number;
  /** Number of maps r of the fractal, >= 2. */
  maps: number;
  /** Depth n of the fractal, >= 0. */
  depth: number;
  /** Depth t of the network, >= 1. */
  layers: number;
}
const FRACTAL_KEYS: KnownKeys<FractalWidthBoundOptions> = { inputs: true, maps: true, depth: true, layers: true };

/**
 * Malach & Shalev-Shwartz: realising a depth-n fractal of r maps in ℝ^d with a network of depth t needs width at
 * least (d/e)·r^{n/(t·d)}, because such a network has at most (e·k/d)^{t·d} linear regions.
 *
 * @example
 * dl.regions.bounds.fractalWidthBound({ inputs: 2, maps: 4, depth: 10, layers: 2 }) // ≈ 23.5
 */
export function fractalWidthBound(options: FractalWidthBoundOptions): number {
  const { inputs, maps, depth, layers } = checkKeys("fractalWidthBound", options, FRACTAL_KEYS);
  checkInteger("fractalWidthBound", "inputs", inputs, 1);
  checkInteger("fractalWidthBound", "maps", maps, 2);
  checkInteger("fractalWidthBound", "depth", depth, 0);
  checkNumber("fractalWidthBound", "layers", layers, 1);
  return (inputs / Math.E) * maps ** (depth / (layers * inputs));
}

/** C(n, j), exact below 2^53. */
export function binomial(n: number, j: number): number {
  if (j < 0 || j > n) return 0;
  let c = 1;
  for (let i = 0; i < Math.min(j, n - j); i++) c = (c * (n - i)) / (i + 1);
  return Math.round(c);
}
