import * as tf from "@tensorflow/tfjs";
import { checkKeys } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "../layers/layer-args.js";
import { fromOwnConfig } from "../layers/own-config.js";

/** Options of {@link AbsLayer}: only the usual tfjs layer arguments (`name`, `inputShape`, ...). */
export type AbsLayerOptions = LayerArgs;

/**
 * Elementwise |x| as a tfjs layer (tfjs has no "abs" activation). Registered for serialisation as "Abs".
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [1] }), new AbsLayer()] });
 */
export class AbsLayer extends tf.layers.Layer {
  static className = "Abs";
  static override fromConfig = fromOwnConfig;

  constructor(options: AbsLayerOptions = {}) {
    super(checkKeys("AbsLayer", options, LAYER_ARG_KEYS));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.abs(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}

tf.serialization.registerClass(AbsLayer);
