import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, fail } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link layerNorm}, plus the usual tfjs layer arguments. */
export interface LayerNormOptions extends LayerArgs {
  /** Added to the variance before the square root, >= 0 (default 1e-5). */
  epsilon?: number;
  /** Learn a per-feature scale γ (init 1) and shift β (init 0) (default true). */
  affine?: boolean;
}
const KEYS: KnownKeys<LayerNormOptions> = { epsilon: true, affine: true, ...LAYER_ARG_KEYS };

/**
 * Layer normalisation (Ba et al. 2016) with PyTorch's semantics (`nn.LayerNorm(F)`): each sample is normalised
 * over its last axis, y = γ·(x − mean)/√(var + ε) + β with the biased variance of that sample's F features.
 * Unlike batch norm it behaves the same in training and inference and keeps no running statistics.
 * Weights: gamma, beta ([F], when affine).
 *
 * @example
 * tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [2] }), dl.layers.layerNorm()] })
 */
export function layerNorm(options: LayerNormOptions = {}): LayerNorm {
  return new LayerNorm(options);
}

/** The layer {@link layerNorm} builds; registered for serialisation as "LayerNorm". */
export class LayerNorm extends tf.layers.Layer {
  static className = "LayerNorm";
  static override fromConfig = fromOwnConfig;
  readonly epsilon: number;
  readonly affine: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(options: LayerNormOptions = {}) {
    const { epsilon = 1e-5, affine = true, ...layerArgs } = checkKeys("layerNorm", options, KEYS);
    checkNumber("layerNorm", "epsilon", epsilon, 0);
    if (typeof affine !== "boolean") fail("layerNorm", "affine", "true or false", affine);
    super(layerArgs);
    this.epsilon = epsilon;
    this.affine = affine;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const f = shape[shape.length - 1];
    if (typeof f !== "number") fail("layerNorm", "the input's last axis", "of known size", shape);
    if (this.affine) {
      this.gamma = this.addWeight("gamma", [f], "float32", tf.initializers.ones());
      this.beta = this.addWeight("beta", [f], "float32", tf.initializers.zeros());
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneInput(inputs); // [..., F]
      const { mean, variance } = tf.moments(x, -1, true); // [..., 1] each
      const z = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon))); // [..., F]
      if (this.gamma === null || this.beta === null) return z;
      return tf.add(tf.mul(z, this.gamma.read()), this.beta.read());
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { epsilon: this.epsilon, affine: this.affine, ...super.getConfig() };
  }
}

tf.serialization.registerClass(LayerNorm);
