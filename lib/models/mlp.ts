import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkOneOf, checkSeed, fail } from "../options/check.js";
import { batchNorm, dropout as dropoutLayer, layerNorm } from "../layers/index.js";
import { activationLayer, activationWidths, type ActivationName, type ActivationOptions } from "./activation-layer.js";
import { checkWeights } from "../init/check-weights.js";
import { layerInitializers, type InitSpec } from "./initializers.js";

/** Options of {@link mlp}. */
export interface MlpOptions extends ActivationOptions {
  /** Input features (required). */
  inputs: number;
  /** Hidden widths (at most 1000 layers), or `{ depth, width }` for `depth` layers of one width (default `{ depth: 2, width: 32 }`). */
  hidden?: readonly number[] | HiddenShape;
  /** Output units, linear (logits) (default 1). */
  outputs?: number;
  /**
   * Hidden activation (default "relu"). "crelu" and "maxout" leave `fit`'s fused WebAssembly engine: they train with
   * tf ops, tens of times slower on small nets (the history and the live line say which engine ran).
   */
  activation?: ActivationName;
  /**
   * Normalisation after each hidden linear layer (default null). Batch norm uses PyTorch's momentum 0.1 and ε 1e-5.
   * "layer" leaves `fit`'s fused engine (tf ops, several times slower on small nets).
   */
  norm?: "batch" | "layer" | null;
  /** Normalise before the activation (default, as Ioffe & Szegedy) or after it. */
  normPosition?: "before" | "after";
  /** Dropout rate after each hidden activation (default 0). Above 0 `fit` trains with tf ops, not its fused engine: 4–8× slower on small nets. */
  dropout?: number;
  /** Weight initialisation (default "torch": PyTorch's nn.Linear default). */
  init?: InitSpec;
  /** Seed of the initialisation (default 0); layer i uses seed + i. */
  seed?: number;
}
const KEYS: KnownKeys<MlpOptions> = {
  inputs: true,
  hidden: true,
  outputs: true,
  activation: true,
  norm: true,
  normPosition: true,
  dropout: true,
  init: true,
  seed: true,
  alpha: true,
  pieces: true,
};

/** `hidden` as `{ depth, width }`: `depth` layers (at most 1000) of `width` units. */
export interface HiddenShape {
  depth: number;
  width: number;
}
const HIDDEN_KEYS: KnownKeys<HiddenShape> = { depth: true, width: true };

/** The most hidden layers an mlp may have. */
const MAX_DEPTH = 1000;

/**
 * A fully connected network: for each hidden layer, linear → [norm] → activation → [dropout] (or norm after the
 * activation), then a linear output layer giving logits. Defaults follow PyTorch, not tfjs: nn.Linear's
 * initialisation and BatchNorm1d's momentum and ε, so a lecture's PyTorch numbers carry over.
 *
 * @example
 * const deep = dl.models.mlp({ inputs: 2, hidden: { depth: 16, width: 32 }, outputs: 2, norm: "batch", seed: 0 });
 * deep // a summary: layers, output shapes, parameter counts
 */
export function mlp(options: MlpOptions): tf.Sequential {
  if (typeof options !== "object" || options === null) fail("mlp", "options", "an object with at least { inputs }", options);
  checkKeys("mlp", options, KEYS);
  const { inputs, hidden = { depth: 2, width: 32 }, outputs = 1, activation = "relu", norm = null, normPosition = "before" } = options;
  const { dropout = 0, init = "torch", seed = 0, alpha, pieces } = options;
  const activationOptions = { ...(alpha === undefined ? {} : { alpha }), ...(pieces === undefined ? {} : { pieces }) };
  checkInteger("mlp", "inputs", inputs, 1);
  checkInteger("mlp", "outputs", outputs, 1);
  checkSeed("mlp", seed);
  checkNumber("mlp", "dropout", dropout, 0, 1, { max: true });
  if (norm !== null) checkOneOf("mlp", "norm", norm, ["batch", "layer"]);
  checkOneOf("mlp", "normPosition", normPosition, ["before", "after"]);
  const widths = hiddenWidths(hidden);
  if (activation === "maxout") checkInteger("mlp", "pieces", pieces ?? 2, 2, 64);
  const weights = mlpWeights(inputs, widths, outputs, { activation, norm, normPosition, ...activationOptions });
  checkWeights("mlp", weights.kernels, weights.others);
  const model = tf.sequential();
  let fanIn = inputs;
  widths.forEach((width, i) => {
    const { units, out } = activationWidths(activation, width, activationOptions);
    const normLayer = norm === "batch" ? batchNorm() : norm === "layer" ? layerNorm() : null;
    // with nothing between them, the activation is fused into the dense layer: one kernel call instead of two
    const fuse = (!normLayer || normPosition === "after") && FUSABLE.has(activation);
    const dense = { units, ...(i === 0 ? { inputShape: [inputs] } : {}), ...layerInitializers("mlp", init, fanIn, seed + i) };
    model.add(tf.layers.dense(fuse ? { ...dense, activation: activation as "relu" } : dense));
    if (normLayer && normPosition === "before") model.add(normLayer);
    const act = fuse ? null : activationLayer("mlp", activation, activationOptions);
    if (act) model.add(act);
    if (normLayer && normPosition === "after") model.add(normLayer);
    if (dropout > 0) model.add(dropoutLayer({ rate: dropout, seed: seed + 1000 + i })); // a fresh mask every step
    fanIn = out;
  });
  model.add(
    tf.layers.dense({
      units: outputs,
      ...(widths.length === 0 ? { inputShape: [inputs] } : {}),
      ...layerInitializers("mlp", init, fanIn, seed + widths.length),
    }),
  );
  return model;
}

const FUSABLE = new Set<string>(["relu", "tanh", "sigmoid", "elu"]);

function hiddenWidths(hidden: MlpOptions["hidden"]): number[] {
  if (Array.isArray(hidden)) {
    if (hidden.length > MAX_DEPTH) fail("mlp", "hidden", `an array of at most ${MAX_DEPTH} widths`, hidden);
    return hidden.map((w, i) => checkInteger("mlp", `hidden[${i}]`, w, 1));
  }
  const h = hidden as { depth?: unknown; width?: unknown } | undefined;
  if (typeof h !== "object" || h === null) return fail("mlp", "hidden", "an array of widths or { depth, width }", hidden);
  checkKeys("mlp", h as HiddenShape, HIDDEN_KEYS);
  const depth = checkInteger("mlp", "hidden.depth", h.depth, 1, MAX_DEPTH);
  const width = checkInteger("mlp", "hidden.width", h.width, 1);
  return new Array<number>(depth).fill(width);
}

/**
 * The kernels and the count of other parameters (biases, norm weights) that {@link mlp} creates, as the memory check
 * counts them; their total is the model's `countParams()`.
 *
 * @example
 * mlpWeights(2, [8], 2, { activation: "relu" }) // { kernels: [[2, 8], [8, 2]], others: 10 }
 */
export function mlpWeights(
  inputs: number,
  widths: readonly number[],
  outputs: number,
  {
    activation = "relu",
    norm = null,
    normPosition = "before",
    ...activationOptions
  }: Pick<MlpOptions, "activation" | "norm" | "normPosition" | "alpha" | "pieces">,
): { kernels: number[][]; others: number } {
  const kernels: number[][] = [];
  let others = 0;
  let fanIn = inputs;
  for (const width of widths) {
    const { units, out } = activationWidths(activation, width, activationOptions);
    kernels.push([fanIn, units]); // [in, units]
    others += units; // bias
    const normed = normPosition === "after" ? out : units;
    others += norm === "batch" ? 4 * normed : norm === "layer" ? 2 * normed : 0; // γ, β (and running mean, variance)
    fanIn = out;
  }
  kernels.push([fanIn, outputs]);
  return { kernels, others: others + outputs };
}
