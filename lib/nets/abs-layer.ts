import * as tf from "@tensorflow/tfjs";

/**
 * Elementwise |x| as a tfjs layer (tfjs has no "abs" activation). Registered for serialisation as "Abs".
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [1] }), new AbsLayer()] });
 */
export class AbsLayer extends tf.layers.Layer {
  static className = "Abs";

  constructor(config: { name?: string } = {}) {
    super(config);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.abs(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}

tf.serialization.registerClass(AbsLayer);
