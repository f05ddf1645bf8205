import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, checkOneOf, fail } from "../options/check.js";
import { ACTIVATION_NAMES, type ActivationName } from "./activation-name.js";
import { initializerConfig, toInitializer, type Initializer, type InitializerOption } from "./initializer.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { checkWeights } from "../init/check-weights.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link highway}, plus the usual tfjs layer arguments. */
export interface HighwayOptions extends LayerArgs {
  /** Activation of the transform H, a tfjs name (default "relu"). */
  activation?: ActivationName;
  /** Initial bias of the gate T, a finite number (default −1: the gate starts mostly closed, so the layer starts near the identity). */
  gateBias?: number;
  /** Initializer of both kernels [F, F] (default "glorotUniform", as `tf.layers.dense`; pass a seeded one to reproduce weights). */
  kernelInitializer?: InitializerOption;
}
const KEYS: KnownKeys<HighwayOptions> = { activation: true, gateBias: true, kernelInitializer: true, ...LAYER_ARG_KEYS };

/**
 * A highway layer (Srivastava et al. 2015) on [batch, F] → [batch, F]:
 *   y = T(x)·H(x) + (1 − T(x))·x,   H(x) = activation(x·W_H + b_H),   T(x) = sigmoid(x·W_T + b_T),
 * a learned, per-unit gate between transforming the input and carrying it through unchanged (the carry gate is
 * tied to 1 − T). With b_T very negative it is the identity, with b_T very positive it is a plain dense layer.
 * Weights: kernel_h [F, F], bias_h [F] (init 0), kernel_t [F, F], bias_t [F] (init gateBias).
 *
 * @example
 * tf.sequential({ layers: [tf.layers.dense({ units: 32, inputShape: [2] }), ...Array.from({ length: 10 }, () => dl.layers.highway({ gateBias: -2 }))] })
 */
export function highway(options: HighwayOptions = {}): Highway {
  return new Highway(options);
}

/** The layer {@link highway} builds; registered for serialisation as "Highway". */
export class Highway extends tf.layers.Layer {
  static className = "Highway";
  static override fromConfig = fromOwnConfig;
  readonly activation: ActivationName;
  readonly gateBias: number;
  readonly kernelInitializer: Initializer;
  private activationLayer: tf.layers.Layer;
  private weightsHT: [tf.LayerVariable, tf.LayerVariable, tf.LayerVariable, tf.LayerVariable] | null = null;

  constructor(options: HighwayOptions = {}) {
    const { activation = "relu", gateBias = -1, kernelInitializer = "glorotUniform", ...layerArgs } = checkKeys("highway", options, KEYS);
    checkOneOf("highway", "activation", activation, ACTIVATION_NAMES);
    checkNumber("highway", "gateBias", gateBias);
    const init = toInitializer("highway", "kernelInitializer", kernelInitializer);
    super(layerArgs);
    this.activation = activation;
    this.gateBias = gateBias;
    this.kernelInitializer = init;
    this.activationLayer = tf.layers.activation({ activation });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const f = shape[1];
    if (shape.length !== 2 || typeof f !== "number")
      fail("highway", "the input", "of rank 2, [batch, features], with known features", shape);
    const kernel = [f, f];
    checkWeights("highway", [kernel, kernel], 2 * f); // kernel_h and kernel_t, bias_h and bias_t
    this.weightsHT = [
      this.addWeight("kernel_h", [f, f], "float32", this.kernelInitializer),
      this.addWeight("bias_h", [f], "float32", tf.initializers.zeros()),
      this.addWeight("kernel_t", [f, f], "float32", this.kernelInitializer),
      this.addWeight("bias_t", [f], "float32", tf.initializers.constant({ value: this.gateBias })),
    ];
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneInput(inputs) as tf.Tensor2D; // [B, F]
      const [wH, bH, wT, bT] = this.weightsHT!.map((w) => w.read()) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
      const h = this.activationLayer.apply(tf.add(tf.matMul(x, wH), bH)) as tf.Tensor2D; // [B, F]
      const t = tf.sigmoid(tf.add(tf.matMul(x, wT), bT)); // [B, F]
      return tf.add(x, tf.mul(t, tf.sub(h, x))); // T·H + (1 − T)·x
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { activation, gateBias } = this;
    return { activation, gateBias, kernelInitializer: initializerConfig(this.kernelInitializer), ...super.getConfig() };
  }
}

tf.serialization.registerClass(Highway);
