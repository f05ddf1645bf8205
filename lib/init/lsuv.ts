import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed, fail } from "../options/check.js";
import { LsuvReport, type LsuvLayer } from "./lsuv-report.js";
import { orthogonal } from "./orthogonal.js";
import { isLinearLayer, layerInput, preActivation } from "./pre-activation.js";
import { checkInterrupt } from "../host/host.js";

/** Options of {@link lsuv}. */
export interface LsuvOptions {
  /** Stop rescaling a layer once |variance − 1| < tolerance, > 0 (default 0.1, the paper's). */
  tolerance?: number;
  /** Most rescalings per layer, >= 1 (default 10). */
  maxIterations?: number;
  /** Seed of the orthonormal kernels (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<LsuvOptions> = { tolerance: true, maxIterations: true, seed: true };

/**
 * Layer-sequential unit-variance initialisation (Mishkin & Matas 2016), in place. Instead of predicting the
 * activations' statistics from a formula (Xavier, He), measure them on data: for each Dense/Conv2D layer in order,
 * give it an orthonormal kernel and zero biases, run `batch` through the net up to that layer, and divide the
 * kernel by √variance of the layer's pre-activation output until |variance − 1| < tolerance. The layers before it
 * are already normalised, so one pass over the depth suffices.
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 100, activation: "tanh", inputShape: [10] }), ...] });
 * await dl.init.lsuv(model, xs, { seed: 0 }) // a table: layer, iterations, variance ≈ 1
 */
export async function lsuv(model: tf.LayersModel, batch: tf.Tensor, options: LsuvOptions = {}): Promise<LsuvReport> {
  const { tolerance = 0.1, maxIterations = 10, seed = 0 } = checkKeys("lsuv", options, KEYS);
  checkNumber("lsuv", "tolerance", tolerance, 0, Infinity, { min: true });
  checkInteger("lsuv", "maxIterations", maxIterations, 1);
  checkSeed("lsuv", seed);
  if (!(model instanceof tf.LayersModel) || model.inputs.length !== 1) fail("lsuv", "model", "a tfjs LayersModel with one input", model);
  if (!(batch instanceof tf.Tensor) || batch.isDisposed) fail("lsuv", "batch", "a tensor", batch);
  const layers = model.layers.filter(isLinearLayer);
  if (layers.length === 0) fail("lsuv", "model", "a model with Dense or Conv2D layers", model);
  const init = orthogonal({ seed });
  const report: LsuvLayer[] = [];
  for (const layer of layers) {
    checkInterrupt();
    const [kernel, ...others] = layer.getWeights() as [tf.Tensor, ...tf.Tensor[]];
    const fresh = [init.apply(kernel.shape), ...others.map((w) => tf.zerosLike(w))];
    layer.setWeights(fresh);
    tf.dispose(fresh);
    const x = layerInput(model, layer, batch);
    let iterations = 0;
    let variance = await outputVariance(layer, x);
    while (Math.abs(variance - 1) >= tolerance && iterations < maxIterations && variance > 0 && Number.isFinite(variance)) {
      const current = layer.getWeights();
      const scaled = tf.tidy(() => (current[0] as tf.Tensor).div(Math.sqrt(variance)));
      layer.setWeights([scaled, ...current.slice(1)]);
      scaled.dispose();
      iterations++;
      variance = await outputVariance(layer, x);
    }
    x.dispose();
    const converged = Math.abs(variance - 1) < tolerance;
    report.push({ layer: layer.name, kind: layer.getClassName(), shape: kernel.shape, iterations, variance, converged });
  }
  return new LsuvReport(report, tolerance);
}

async function outputVariance(layer: tf.layers.Layer, x: tf.Tensor): Promise<number> {
  const variance = tf.tidy(() => tf.moments(preActivation(layer, x)).variance);
  const [value] = await variance.data();
  variance.dispose();
  return value as number;
}
