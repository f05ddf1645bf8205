import * as tf from "@tensorflow/tfjs";
import { checkInteger, checkNumber, checkOneOf, checkSeed, fail } from "../options/check.js";
import { batchNorm, dropout as dropoutLayer, layerNorm } from "../layers/index.js";
import { activationLayer, activationWidths, type ActivationName, type ActivationOptions } from "./activation-layer.js";
import { layerInitializers, type InitSpec } from "./initializers.js";

/** Options of {@link mlp}. */
export interface MlpOptions extends ActivationOptions {
  /** Input features (required). */
  inputs: number;
  /** Hidden widths, or `{ depth, width }` for `depth` layers of one width (default `{ depth: 2, width: 32 }`). */
  hidden?: readonly number[] | { depth: number; width: number };
  /** Output units, linear (logits) (default 1). */
  outputs?: number;
  /** Hidden activation (default "relu"). */
  activation?: ActivationName;
  /** Normalisation after each hidden linear layer (default null). Batch norm uses PyTorch's momentum 0.1 and ε 1e-5. */
  norm?: "batch" | "layer" | null;
  /** Normalise before the activation (default, as Ioffe & Szegedy) or after it. */
  normPosition?: "before" | "after";
  /** Dropout rate after each hidden activation (default 0). */
  dropout?: number;
  /** Weight initialisation (default "torch": PyTorch's nn.Linear default). */
  init?: InitSpec;
  /** Seed of the initialisation (default 0); layer i uses seed + i. */
  seed?: number;
}

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
  const { inputs, hidden = { depth: 2, width: 32 }, outputs = 1, activation = "relu", norm = null, normPosition = "before" } = options;
  const { dropout = 0, init = "torch", seed = 0 } = options;
  checkInteger("mlp", "inputs", inputs, 1);
  checkInteger("mlp", "outputs", outputs, 1);
  checkSeed("mlp", seed);
  checkNumber("mlp", "dropout", dropout, 0, 1, { max: true });
  if (norm !== null) checkOneOf("mlp", "norm", norm, ["batch", "layer"]);
  checkOneOf("mlp", "normPosition", normPosition, ["before", "after"]);
  const widths = hiddenWidths(hidden);
  const model = tf.sequential();
  let fanIn = inputs;
  widths.forEach((width, i) => {
    const { units, out } = activationWidths(activation, width, options);
    const normLayer = norm === "batch" ? batchNorm() : norm === "layer" ? layerNorm() : null;
    // with nothing between them, the activation is fused into the dense layer: one kernel call instead of two
    const fuse = (!normLayer || normPosition === "after") && FUSABLE.has(activation);
    const dense = { units, ...(i === 0 ? { inputShape: [inputs] } : {}), ...layerInitializers("mlp", init, fanIn, seed + i) };
    model.add(tf.layers.dense(fuse ? { ...dense, activation: activation as "relu" } : dense));
    if (normLayer && normPosition === "before") model.add(normLayer);
    const act = fuse ? null : activationLayer("mlp", activation, options);
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
  if (Array.isArray(hidden)) return hidden.map((w, i) => checkInteger("mlp", `hidden[${i}]`, w, 1));
  const h = hidden as { depth?: unknown; width?: unknown } | undefined;
  if (typeof h !== "object" || h === null) return fail("mlp", "hidden", "an array of widths or { depth, width }", hidden);
  const depth = checkInteger("mlp", "hidden.depth", h.depth, 1, 1000);
  const width = checkInteger("mlp", "hidden.width", h.width, 1);
  return new Array<number>(depth).fill(width);
}
