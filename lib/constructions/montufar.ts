import type * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys } from "../options/check.js";
import { checkMemory, formatCount } from "../options/memory.js";
import { fromWeights } from "../nets/from-weights.js";
import type { LayerWeights } from "../nets/layer-weights.js";
import { outputWeights, radiusFor, tangentLines } from "./tangent-lines.js";

/** Options of {@link montufar}. */
export interface MontufarOptions {
  /** Input dimension n0: 1 or 2 (default 2). */
  inputs?: number;
  /** Number of hidden layers k ≥ 1 (default 2). */
  layers?: number;
  /** Units per hidden layer n ≥ 2·inputs (default 4). */
  width?: number;
}
const KEYS: KnownKeys<MontufarOptions> = { inputs: true, layers: true, width: true };

/**
 * Montúfar, Pascanu, Cho and Bengio's folding construction (2014): the first k − 1 hidden layers fold the unit
 * square onto itself, each coordinate into p = ⌊n/n0⌋ pieces, so every layer multiplies the number of copies of the
 * square by p^n0; the last hidden layer cuts the square by n lines in general position (Σ_{j≤n0} C(n, j) regions,
 * all inside). On [0, 1]^n0 the network has p^{n0(k−1)} · Σ_{j≤n0} C(n, j) linear regions: for n0 = 2, n = 4 that is
 * 44 with two layers and 176 with three, the numbers the Artières lecture quotes.
 *
 * A fold works on the integer grid: units relu(p·x − i), i = 0…p−1, and the zigzag Σ c_i h_i with c_0 = 1,
 * c_i = 2(−1)^i maps each [i/p, (i+1)/p] onto [0, 1]. These weights are integers, exact in float32, so the folds line
 * up exactly. Units beyond p·n0 in a folding layer have zero weights. The output is one linear unit whose weights are
 * all different, so that neighbouring cells always carry different affine maps.
 *
 * @example
 * const deep = dl.constructions.montufar({ inputs: 2, layers: 3, width: 4 });
 * (await dl.regions.countRegions(deep)).linearRegions // 176
 */
export function montufar(options: MontufarOptions = {}): tf.Sequential {
  return fromWeights(build(options, 24, "8 bytes a weight as a plain number, 8 in float64 when checked, 4 in float32, 4 as a tensor"));
}

/** {@link montufar} as a plain description (PyTorch layout). */
export function montufarWeights(options: MontufarOptions = {}): LayerWeights[] {
  return build(options, 8, "8 bytes a weight as a plain number");
}

/** The weights, after checking the options and that they fit in memory at `bytes` a weight (`detail` says why). */
function build(options: MontufarOptions, bytes: number, detail: string): LayerWeights[] {
  const { inputs = 2, layers = 2, width = 4 } = checkKeys("montufar", options, KEYS);
  checkInteger("montufar", "inputs", inputs, 1, 2);
  checkInteger("montufar", "layers", layers, 1, 32);
  checkInteger("montufar", "width", width, 2 * inputs, 4096);
  const params = montufarParams(inputs, layers, width);
  const what = `${formatCount(params)} parameters (${layers} layers of width ${width})`;
  checkMemory("montufar", what, params * bytes, detail);
  const p = Math.floor(width / inputs);
  const zigzag = Array.from({ length: p }, (_, i) => (i === 0 ? 1 : 2 * (-1) ** i));
  // fold[k][u]: folded coordinate k as a combination of the previous folding layer's units
  const fold = Array.from({ length: inputs }, (_, k) =>
    Array.from({ length: width }, (_, u) => (Math.floor(u / p) === k && u < p * inputs ? zigzag[u % p]! : 0)),
  );
  const identity = Array.from({ length: inputs }, (_, k) => Array.from({ length: inputs }, (_, j) => (j === k ? 1 : 0)));
  const out: LayerWeights[] = [];
  let coords: number[][] = identity; // the current square coordinates as rows over the previous layer's outputs
  for (let layer = 1; layer < layers; layer++) {
    const weight: number[][] = [];
    const bias: number[] = [];
    for (let u = 0; u < width; u++) {
      const k = Math.floor(u / p);
      if (u >= p * inputs) {
        weight.push(new Array<number>(coords[0]!.length).fill(0));
        bias.push(0);
        continue;
      }
      weight.push(coords[k]!.map((v) => p * v));
      bias.push(-(u % p));
    }
    out.push({ weight, bias, activation: "relu" });
    coords = fold;
  }
  const lines = arrangement(inputs, width);
  out.push({
    weight: lines.weight.map((a) => coords[0]!.map((_, j) => a.reduce((s, ak, k) => s + ak * coords[k]![j]!, 0))),
    bias: lines.bias,
    activation: "relu",
  });
  out.push({ weight: [outputWeights(width)], bias: [0], activation: "linear" });
  return out;
}

/** n units cutting the unit cube [0, 1]^n0 into the most regions, every crossing inside it. */
function arrangement(inputs: number, n: number): { weight: number[][]; bias: number[] } {
  if (inputs === 2) return tangentLines(n, [0.5, 0.5], radiusFor(n, 0.45));
  // 1-D: breakpoints (j + 1)/(n + 1); the left half of the units face left, so no end piece is constant
  const weight: number[][] = [];
  const bias: number[] = [];
  for (let j = 0; j < n; j++) {
    const t = (j + 1) / (n + 1);
    const left = j < n / 2;
    weight.push([left ? -1 : 1]);
    bias.push(left ? t : -t);
  }
  return { weight, bias };
}

/**
 * The parameters of the Montúfar net: width × inputs weights into the first hidden layer, width × width into each
 * later one, the biases of the layers, the output row and its bias.
 *
 * @example
 * montufarParams(2, 2, 4) // 8 + 16 + 12 + 1 = 37
 */
export function montufarParams(inputs: number, layers: number, width: number): number {
  return width * inputs + (layers - 1) * width * width + (layers + 1) * width + 1;
}
