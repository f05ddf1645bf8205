import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkOneOf, checkSeed, fail } from "../options/check.js";
import { batchNorm, stochasticDepth } from "../layers/index.js";
import { checkWeights } from "../init/check-weights.js";
import { layerInitializers, type InitSpec } from "./initializers.js";
import { ZeroPadShortcut } from "./zero-pad-shortcut.js";

/** Options of {@link residualBlock}. */
export interface ResidualBlockOptions {
  /** "dense" (vectors) or "conv" (3×3 convolutions on [B, H, W, C] images, channels last) (default "dense"). */
  kind?: "dense" | "conv";
  /** Output features / channels (required). */
  width: number;
  /** Normalisation before each activation (default "batch"; PyTorch's momentum 0.1, ε 1e-5). */
  norm?: "batch" | null;
  /** How the input reaches the sum when its shape changes: "identity" (shapes must match), "zero-pad", "conv1x1" (default "conv1x1"). */
  shortcut?: "identity" | "zero-pad" | "conv1x1";
  /** Spatial stride of the first convolution and of the shortcut (conv only, default 1). */
  stride?: number;
  /** Keep the branch with this probability in training (stochastic depth, Huang et al.); 1 = always (default 1). */
  survival?: number;
  /** false builds the same block without the skip connection, for plain-vs-residual comparisons (default true). */
  skip?: boolean;
  /** Default "torch" (PyTorch's default). */
  init?: InitSpec;
  /** Default 0. */
  seed?: number;
  /** Prefix of the block's layer names (default "block"); the sum is named `${name}_add`, which `lesion` looks for. */
  name?: string;
}
const KEYS: KnownKeys<ResidualBlockOptions> = {
  kind: true,
  width: true,
  norm: true,
  shortcut: true,
  stride: true,
  survival: true,
  skip: true,
  init: true,
  seed: true,
  name: true,
};

/**
 * A pre-activation residual block (He et al. 2016, as in wide ResNets): y = shortcut(x) + F(x) with
 * F = norm → relu → linear/conv → norm → relu → linear/conv. Returns a function that applies the block to a
 * symbolic tensor, for tf.model graphs.
 *
 * @example
 * const x = tf.input({ shape: [32, 32, 16] });
 * const y = dl.models.residualBlock({ kind: "conv", width: 32, stride: 2, shortcut: "zero-pad", name: "b1" })(x);
 */
export function residualBlock(options: ResidualBlockOptions): (x: tf.SymbolicTensor) => tf.SymbolicTensor {
  if (typeof options !== "object" || options === null) fail("residualBlock", "options", "an object with at least { width }", options);
  const {
    kind = "dense",
    width,
    norm = "batch",
    shortcut = "conv1x1",
    stride = 1,
    survival = 1,
    skip = true,
    init = "torch",
    seed = 0,
    name = "block",
  } = checkKeys("residualBlock", options, KEYS);
  checkOneOf("residualBlock", "kind", kind, ["dense", "conv"]);
  checkInteger("residualBlock", "width", width, 1);
  if (norm !== null) checkOneOf("residualBlock", "norm", norm, ["batch"]);
  checkOneOf("residualBlock", "shortcut", shortcut, ["identity", "zero-pad", "conv1x1"]);
  checkInteger("residualBlock", "stride", stride, 1, kind === "conv" ? 4 : 1);
  checkNumber("residualBlock", "survival", survival, 0, 1, { min: true });
  checkSeed("residualBlock", seed);
  return (x) => {
    const inFeatures = x.shape[x.shape.length - 1] as number;
    const reshape = inFeatures !== width || stride !== 1;
    const { kernels, others } = blockWeights(kind, inFeatures, width, skip && reshape && shortcut === "conv1x1", norm);
    checkWeights("residualBlock", kernels, others);
    const linear = (units: number, s: number, i: number, fanIn: number): tf.layers.Layer =>
      kind === "conv"
        ? tf.layers.conv2d({
            filters: units,
            kernelSize: 3,
            strides: s,
            padding: "same",
            name: `${name}_conv${i}`,
            ...layerInitializers("residualBlock", init, fanIn * 9, seed + i),
          })
        : tf.layers.dense({ units, name: `${name}_dense${i}`, ...layerInitializers("residualBlock", init, fanIn, seed + i) });
    let h: tf.SymbolicTensor = x;
    for (let i = 0; i < 2; i++) {
      if (norm) h = batchNorm({ name: `${name}_bn${i}` }).apply(h) as tf.SymbolicTensor;
      h = tf.layers.reLU({ name: `${name}_relu${i}` }).apply(h) as tf.SymbolicTensor;
      h = linear(width, i === 0 ? stride : 1, i, i === 0 ? inFeatures : width).apply(h) as tf.SymbolicTensor;
    }
    if (!skip) return h;
    let s: tf.SymbolicTensor = x;
    if (reshape) {
      if (shortcut === "identity")
        fail("residualBlock", "shortcut", '"zero-pad" or "conv1x1" when the width or the stride changes', shortcut);
      s = (
        shortcut === "zero-pad"
          ? new ZeroPadShortcut({ width, stride, name: `${name}_pad` })
          : kind === "conv"
            ? tf.layers.conv2d({
                filters: width,
                kernelSize: 1,
                strides: stride,
                name: `${name}_proj`,
                ...layerInitializers("residualBlock", init, inFeatures, seed + 2),
              })
            : tf.layers.dense({ units: width, name: `${name}_proj`, ...layerInitializers("residualBlock", init, inFeatures, seed + 2) })
      ).apply(x) as tf.SymbolicTensor;
    }
    if (survival < 1) return stochasticDepth({ survival, seed: seed + 3, name: `${name}_add` }).apply([s, h]) as tf.SymbolicTensor;
    return tf.layers.add({ name: `${name}_add` }).apply([s, h]) as tf.SymbolicTensor;
  };
}

/**
 * The kernels and other parameters of one block from `inFeatures` to `width` features: two 3×3 convolutions (or dense
 * layers), their biases, two batch norms (γ, β, running mean and variance) and, with `projected`, the 1×1 shortcut.
 *
 * @example
 * blockWeights("dense", 8, 16, true, "batch") // { kernels: [[8, 16], [16, 16], [8, 16]], others: 144 }
 */
export function blockWeights(
  kind: "dense" | "conv",
  inFeatures: number,
  width: number,
  projected: boolean,
  norm: "batch" | null,
): { kernels: number[][]; others: number } {
  const field = kind === "conv" ? [3, 3] : [];
  const kernels = [
    [...field, inFeatures, width],
    [...field, width, width],
  ];
  let others = 2 * width + (norm ? 4 * (inFeatures + width) : 0);
  if (projected) {
    kernels.push([...(kind === "conv" ? [1, 1] : []), inFeatures, width]);
    others += width;
  }
  return { kernels, others };
}
