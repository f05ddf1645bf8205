import * as tf from "@tensorflow/tfjs";
import { checkLayers, type LayerWeights } from "./layer-weights.js";
import { AbsLayer } from "./abs-layer.js";

/**
 * Builds a tfjs model from a plain description (PyTorch layout: `weight` has one row per output unit).
 * relu and linear become the Dense layer's activation; leakyRelu adds a LeakyReLU layer, abs an {@link AbsLayer}.
 * Weights are stored as float32, as tfjs does; `toWeights` gives them back.
 *
 * @example
 * const net = dl.nets.fromWeights([
 *   { weight: [[1], [1]], bias: [0, -0.5] },                        // 2 ReLU units on 1 input
 *   { weight: [[2, -4]], bias: [0], activation: "linear" },        // the tent map on [0, 1]
 * ]);
 * net.predict(tf.tensor2d([[0.25]])) // 0.5
 */
export function fromWeights(layers: LayerWeights[]): tf.Sequential {
  const checked = checkLayers("fromWeights", layers);
  const model = tf.sequential();
  checked.forEach((l, k) => {
    const tfActivation = l.activation === "relu" ? "relu" : "linear";
    const dense = tf.layers.dense({
      units: l.outputs,
      activation: tfActivation,
      useBias: true,
      ...(k === 0 ? { inputShape: [l.inputs] } : {}),
    });
    model.add(dense);
    const kernel = new Float32Array(l.inputs * l.outputs); // tfjs kernel is [inputs, outputs]
    for (let i = 0; i < l.outputs; i++) for (let j = 0; j < l.inputs; j++) kernel[j * l.outputs + i] = l.w[i * l.inputs + j] as number;
    const values = [tf.tensor2d(kernel, [l.inputs, l.outputs]), tf.tensor1d(Float32Array.from(l.b))];
    dense.setWeights(values);
    tf.dispose(values);
    if (l.activation === "leakyRelu") model.add(tf.layers.leakyReLU({ alpha: l.negativeSlope }));
    if (l.activation === "abs") model.add(new AbsLayer());
  });
  return model;
}
