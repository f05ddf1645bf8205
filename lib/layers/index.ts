/**
 * `dl.layers`: layers TensorFlow.js lacks, as real tfjs layers (serialisable with `model.toJSON()`), with
 * PyTorch's semantics where PyTorch has them. Random layers take a `seed`; training vs inference follows tfjs
 * (`model.fit` / `apply(x, { training: true })` train, `model.predict` infers).
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [2] }), dl.layers.batchNorm(), dl.layers.crelu()] });
 */
export { batchNorm, BatchNorm } from "./batch-norm.js";
export type { BatchNormOptions } from "./batch-norm.js";
export { batchNormTrain } from "./batch-norm-train.js";
export { layerNorm, LayerNorm } from "./layer-norm.js";
export type { LayerNormOptions } from "./layer-norm.js";
export { crelu, CReLU } from "./crelu.js";
export type { CReLUOptions } from "./crelu.js";
export { maxout, Maxout } from "./maxout.js";
export type { MaxoutOptions } from "./maxout.js";
export { dropout, Dropout } from "./dropout.js";
export type { DropoutOptions } from "./dropout.js";
export { dropout2d, Dropout2d } from "./dropout2d.js";
export type { Dropout2dOptions } from "./dropout2d.js";
export { dropConnect, DropConnect } from "./drop-connect.js";
export type { DropConnectOptions } from "./drop-connect.js";
export { highway, Highway } from "./highway.js";
export type { HighwayOptions } from "./highway.js";
export { stochasticDepth, StochasticDepth } from "./stochastic-depth.js";
export type { StochasticDepthOptions } from "./stochastic-depth.js";
export { shakeShake, ShakeShake } from "./shake-shake.js";
export type { ShakeShakeOptions } from "./shake-shake.js";
export type { LayerArgs } from "./layer-args.js";
export type { ActivationName } from "./activation-name.js";
export type { InitializerOption } from "./initializer.js";
