import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed, fail } from "../options/check.js";
import { batchNorm } from "../layers/index.js";
import { checkWeights } from "../init/check-weights.js";
import { layerInitializers, type InitSpec } from "./initializers.js";
import { blockWeights, residualBlock, type ResidualBlockOptions } from "./residual-block.js";

/** Options of {@link resnet}. */
export interface ResnetOptions {
  /** Residual blocks per stage (default 2). */
  blocks?: number;
  /** Base width: stage s has width·widen·2^s features (default 16, as CIFAR ResNets and WRNs). */
  width?: number;
  /** Widening factor k of wide ResNets (Zagoruyko & Komodakis 2016) (default 1). */
  widen?: number;
  /** Number of stages; each after the first halves the resolution (conv) (default 3). */
  stages?: number;
  /** [H, W, C] images → a conv ResNet; [features] vectors → a dense one (required). */
  inputShape: number[];
  /** Output logits (required). */
  classes: number;
  /** Shortcut where the shape changes (default "zero-pad", He et al.'s option A for CIFAR). */
  shortcut?: "zero-pad" | "conv1x1";
  /** Normalisation (default "batch"). */
  norm?: "batch" | null;
  /** Stochastic depth: survival decays linearly from 1 to this value at the last block (default 1: off). */
  survival?: number;
  /** Default "torch". */
  init?: InitSpec;
  /** Default 0. */
  seed?: number;
  /** Internal: false builds the plain network (see `plain`). */
  skip?: boolean;
}

/** Options of {@link plain}: those of {@link resnet} without the ones only skip connections use. */
export type PlainOptions = Omit<ResnetOptions, "skip" | "shortcut" | "survival">;

const PLAIN_KEYS: KnownKeys<PlainOptions> = {
  blocks: true,
  width: true,
  widen: true,
  stages: true,
  inputShape: true,
  classes: true,
  norm: true,
  init: true,
  seed: true,
};
const KEYS: KnownKeys<ResnetOptions> = { ...PLAIN_KEYS, shortcut: true, survival: true, skip: true };

/**
 * A pre-activation ResNet (He et al. 2016), wide when `widen` > 1: a stem, `stages` stages of `blocks` residual
 * blocks, then norm → relu → global average pooling (conv) → linear logits. Block b of the whole net has layers
 * named `block{b}_…`, so `lesion(model, b)` can remove it.
 *
 * @example
 * const net = dl.models.resnet({ inputShape: [28, 28, 1], classes: 10, blocks: 2, width: 8 });
 * const wide = dl.models.resnet({ inputShape: [28, 28, 1], classes: 10, blocks: 1, width: 8, widen: 4 });
 */
export function resnet(options: ResnetOptions): tf.LayersModel {
  if (typeof options !== "object" || options === null) fail("resnet", "options", "an object with { inputShape, classes }", options);
  checkKeys(options.skip === false ? "plain" : "resnet", options, KEYS);
  const { blocks = 2, width = 16, widen = 1, stages = 3, inputShape, classes, shortcut = "zero-pad", norm = "batch" } = options;
  const { survival = 1, init = "torch", seed = 0, skip = true } = options;
  const fn = skip ? "resnet" : "plain";
  checkInteger(fn, "blocks", blocks, 1, 200);
  checkInteger(fn, "width", width, 1);
  checkInteger(fn, "widen", widen, 1, 64);
  checkInteger(fn, "stages", stages, 1, 6);
  checkInteger(fn, "classes", classes, 1);
  checkNumber(fn, "survival", survival, 0, 1, { min: true });
  checkSeed(fn, seed);
  if (!Array.isArray(inputShape) || (inputShape.length !== 1 && inputShape.length !== 3)) {
    fail(fn, "inputShape", "[features] or [height, width, channels]", inputShape);
  }
  const conv = inputShape.length === 3;
  const kind: ResidualBlockOptions["kind"] = conv ? "conv" : "dense";
  const weights = resnetWeights(kind, inputShape, { blocks, width, widen, stages, classes, shortcut, norm, skip });
  checkWeights(fn, weights.kernels, weights.others);
  const input = tf.input({ shape: inputShape });
  const stem = conv
    ? tf.layers.conv2d({
        filters: width,
        kernelSize: 3,
        padding: "same",
        name: "stem",
        ...layerInitializers(fn, init, inputShape[2]! * 9, seed),
      })
    : tf.layers.dense({ units: width, name: "stem", ...layerInitializers(fn, init, inputShape[0]!, seed) });
  let h = stem.apply(input) as tf.SymbolicTensor;
  const total = stages * blocks;
  let b = 0;
  for (let s = 0; s < stages; s++) {
    const w = width * widen * 2 ** s;
    for (let i = 0; i < blocks; i++, b++) {
      const keep = survival === 1 ? 1 : 1 - ((b + 1) / total) * (1 - survival);
      const stride = conv && s > 0 && i === 0 ? 2 : 1;
      h = residualBlock({
        kind,
        width: w,
        stride,
        shortcut,
        norm,
        survival: keep,
        skip,
        init,
        seed: seed + 10 * (b + 1),
        name: `block${b}`,
      })(h);
    }
  }
  if (norm) h = batchNorm({ name: "final_bn" }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU({ name: "final_relu" }).apply(h) as tf.SymbolicTensor;
  if (conv) h = tf.layers.globalAveragePooling2d({ name: "pool" }).apply(h) as tf.SymbolicTensor;
  const fanIn = h.shape[h.shape.length - 1] as number;
  const logits = tf.layers
    .dense({ units: classes, name: "logits", ...layerInitializers(fn, init, fanIn, seed + 1) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: skip ? "resnet" : "plain" });
}

/**
 * The same network as {@link resnet} with every skip connection removed: the "plain" net of He et al.'s
 * plain-versus-residual comparison, with the same layers, widths and initialisation.
 *
 * @example
 * const deepPlain = dl.models.plain({ inputShape: [2], classes: 2, blocks: 10, stages: 1, width: 32 });
 */
export function plain(options: PlainOptions): tf.LayersModel {
  if (typeof options !== "object" || options === null) fail("plain", "options", "an object with { inputShape, classes }", options);
  return resnet({ ...checkKeys("plain", options, PLAIN_KEYS), skip: false });
}

/**
 * The kernels and the count of other parameters that {@link resnet} creates (the stem, every block, the final norm
 * and the logits), as the memory check counts them; their total is the model's `countParams()`.
 *
 * @example
 * resnetWeights("dense", [2], { blocks: 1, width: 4, widen: 1, stages: 1, classes: 2, shortcut: "zero-pad", norm: null, skip: true })
 * // { kernels: [[2, 4], [4, 4], [4, 4], [4, 2]], others: 14 }
 */
export function resnetWeights(
  kind: "dense" | "conv",
  inputShape: readonly number[],
  o: Required<Pick<ResnetOptions, "blocks" | "width" | "widen" | "stages" | "classes" | "shortcut" | "norm" | "skip">>,
): { kernels: number[][]; others: number } {
  const field = kind === "conv" ? [3, 3] : [];
  const kernels = [[...field, inputShape[inputShape.length - 1]!, o.width]]; // the stem
  let others = o.width;
  let features = o.width;
  for (let s = 0; s < o.stages; s++) {
    const w = o.width * o.widen * 2 ** s;
    for (let i = 0; i < o.blocks; i++) {
      const reshape = features !== w || (kind === "conv" && s > 0 && i === 0);
      const block = blockWeights(kind, features, w, o.skip && reshape && o.shortcut === "conv1x1", o.norm);
      kernels.push(...block.kernels);
      others += block.others;
      features = w;
    }
  }
  kernels.push([features, o.classes]); // the logits
  return { kernels, others: others + (o.norm ? 4 * features : 0) + o.classes };
}
