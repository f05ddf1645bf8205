import * as tf from "@tensorflow/tfjs";
import { checkKeys } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link crelu}: only the usual tfjs layer arguments (`name`, `inputShape`, ...). */
export type CReLUOptions = LayerArgs;

/**
 * The concatenated ReLU of Shang et al. (2016): x ↦ [relu(x), relu(−x)] along the last axis, so F features
 * become 2F. The order is fixed and relied upon: output feature j < F is relu(x_j) and feature F + j is
 * relu(−x_j) (the two halves side by side, NOT interleaved as on the lecture's slide). A "looks linear"
 * initialisation of the next layer therefore uses the kernel [W; −W] (rows F..2F−1 the negated copy), and then
 * relu(x)·W − relu(−x)·W = x·W: the network starts out linear.
 *
 * @example
 * tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2] }), dl.layers.crelu()] }) // 16 outputs
 */
export function crelu(options: CReLUOptions = {}): CReLU {
  return new CReLU(options);
}

/** The layer {@link crelu} builds; registered for serialisation as "CReLU". */
export class CReLU extends tf.layers.Layer {
  static className = "CReLU";
  static override fromConfig = fromOwnConfig;

  constructor(options: CReLUOptions = {}) {
    super(checkKeys("crelu", options, LAYER_ARG_KEYS));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneInput(inputs); // [..., F]
      return tf.concat([tf.relu(x), tf.relu(tf.neg(x))], -1); // [..., 2F]
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const f = shape[shape.length - 1] ?? null;
    return [...shape.slice(0, -1), f === null ? null : 2 * f];
  }
}

tf.serialization.registerClass(CReLU);
