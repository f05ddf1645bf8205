import { type KnownKeys, checkKeys, fail } from "../options/check.js";

/** The piecewise-linear activations the exact counters understand. */
export const PIECEWISE_LINEAR = ["relu", "linear", "leakyRelu", "abs"] as const;
export type Activation = (typeof PIECEWISE_LINEAR)[number];

/**
 * One fully connected layer in plain numbers, PyTorch's layout: `weight[i][j]` connects input j to output unit i,
 * so `weight` has one row per output unit. The layer computes `activation(weight · x + bias)`.
 */
export interface LayerWeights {
  /** `[outputs][inputs]`. */
  weight: number[][];
  /** `[outputs]`. */
  bias: number[];
  /** Default `"relu"`. */
  activation?: Activation;
  /** Negative slope of `leakyRelu` (default 0.01, PyTorch's). */
  alpha?: number;
}
const LAYER_KEYS: KnownKeys<LayerWeights> = { weight: true, bias: true, activation: true, alpha: true };

/** A checked layer in flat float64 arrays, the form the counters compute with. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** Row-major `[outputs, inputs]`. */
  w: Float64Array;
  /** `[outputs]`. */
  b: Float64Array;
  activation: Activation;
  /** Slope for negative pre-activations: 0 for relu, alpha for leakyRelu, -1 for abs, 1 for linear. */
  negativeSlope: number;
}

/** The slope an activation applies to negative pre-activations (it is 1 on positive ones for all four). */
export function negativeSlopeOf(activation: Activation, alpha = 0.01): number {
  return activation === "relu" ? 0 : activation === "leakyRelu" ? alpha : activation === "abs" ? -1 : 1;
}

/**
 * Checks a plain description and converts it to {@link DenseLayer}s. Errors name the layer and what is wrong.
 *
 * @example
 * checkLayers("countPieces", [{ weight: [[1], [-1]], bias: [0, 0] }, { weight: [[1, 1]], bias: [0], activation: "linear" }]);
 */
export function checkLayers(fn: string, layers: unknown, inputs?: number): DenseLayer[] {
  if (!Array.isArray(layers) || layers.length === 0)
    fail(fn, "net", "a tfjs model or a non-empty array of { weight, bias, activation }", layers);
  const out: DenseLayer[] = [];
  let width = inputs;
  layers.forEach((layer: unknown, k: number) => {
    const where = `layer ${k}`;
    if (typeof layer !== "object" || layer === null) fail(fn, where, "an object { weight, bias, activation }", layer);
    const { weight, bias, activation = "relu", alpha = 0.01 } = checkKeys(`${fn}: ${where}`, layer as Partial<LayerWeights>, LAYER_KEYS);
    if (!Array.isArray(weight) || weight.length === 0 || !weight.every((row) => Array.isArray(row))) {
      fail(fn, `${where}.weight`, "a non-empty array of rows (one row per output unit)", weight);
    }
    const rows = weight as unknown[][];
    const cols = rows[0]!.length;
    if (cols === 0 || rows.some((r) => r.length !== cols)) fail(fn, `${where}.weight`, "rows of equal, non-zero length", weight);
    if (width !== undefined && cols !== width)
      fail(fn, `${where}.weight`, `rows of length ${width} (the previous layer's width)`, `rows of length ${cols}`);
    if (!Array.isArray(bias) || bias.length !== rows.length) fail(fn, `${where}.bias`, `an array of ${rows.length} numbers`, bias);
    if (!(PIECEWISE_LINEAR as readonly string[]).includes(activation as string)) {
      fail(fn, `${where}.activation`, `a piecewise-linear activation: ${PIECEWISE_LINEAR.map((a) => `"${a}"`).join(", ")}`, activation);
    }
    if (typeof alpha !== "number" || !Number.isFinite(alpha)) fail(fn, `${where}.alpha`, "a finite number", alpha);
    const w = new Float64Array(rows.length * cols);
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        if (typeof v !== "number" || !Number.isFinite(v)) fail(fn, `${where}.weight[${i}][${j}]`, "a finite number", v);
        w[i * cols + j] = v;
      }),
    );
    const b = Float64Array.from(bias as unknown[], (v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v)) fail(fn, `${where}.bias[${i}]`, "a finite number", v);
      return v;
    });
    const act = activation as Activation;
    out.push({ inputs: cols, outputs: rows.length, w, b, activation: act, negativeSlope: negativeSlopeOf(act, alpha) });
    width = rows.length;
  });
  return out;
}

/** Back to the plain description (inverse of {@link checkLayers}). */
export function toPlain(layers: readonly DenseLayer[]): LayerWeights[] {
  return layers.map((l) => {
    const weight = Array.from({ length: l.outputs }, (_, i) => Array.from(l.w.subarray(i * l.inputs, (i + 1) * l.inputs)));
    const plain: LayerWeights = { weight, bias: Array.from(l.b), activation: l.activation };
    if (l.activation === "leakyRelu") plain.alpha = l.negativeSlope;
    return plain;
  });
}
