import * as tf from "@tensorflow/tfjs";

/** The layer kinds whose pre-activation output {@link preActivation} can compute. */
export const LINEAR_LAYERS = ["Dense", "Conv2D"] as const;

/** True for a Dense or Conv2D layer. */
export function isLinearLayer(layer: tf.layers.Layer): boolean {
  return (LINEAR_LAYERS as readonly string[]).includes(layer.getClassName());
}

/**
 * The input a layer of `model` receives when the model is run on `batch` (a new tensor; the caller disposes it).
 * Runs the model up to that layer through a sub-model sharing the same layers.
 */
export function layerInput(model: tf.LayersModel, layer: tf.layers.Layer, batch: tf.Tensor): tf.Tensor {
  const input = layer.input as tf.SymbolicTensor;
  if (model.inputs.includes(input)) return batch.clone();
  const upTo = tf.model({ inputs: model.inputs, outputs: input });
  return upTo.predict(batch, { batchSize: batch.shape[0] }) as tf.Tensor;
}

/**
 * The output of a Dense or Conv2D layer before its activation and bias: x·W for Dense, the convolution for Conv2D,
 * with the layer's own strides, padding and dilation. `x` is what {@link layerInput} returned.
 */
export function preActivation(layer: tf.layers.Layer, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const kernel = layer.getWeights()[0] as tf.Tensor;
    if (layer.getClassName() === "Dense") {
      const inputs = kernel.shape[0] as number;
      return tf.matMul(x.reshape([-1, inputs]), kernel as tf.Tensor2D); // [batch·…, out]
    }
    const config = layer.getConfig() as { strides: number[]; padding: string; dataFormat: string; dilationRate: number[] };
    const nhwc = (config.dataFormat === "channelsFirst" ? x.transpose([0, 2, 3, 1]) : x) as tf.Tensor4D;
    const padding = config.padding === "same" ? "same" : "valid";
    return tf.conv2d(
      nhwc,
      kernel as tf.Tensor4D,
      config.strides as [number, number],
      padding,
      "NHWC",
      config.dilationRate as [number, number],
    );
  });
}
