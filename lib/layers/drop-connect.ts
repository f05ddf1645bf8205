import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkOneOf, checkSeed, fail } from "../options/check.js";
import { ACTIVATION_NAMES, type ActivationName } from "./activation-name.js";
import { initializerConfig, toInitializer, type Initializer, type InitializerOption } from "./initializer.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { SeededStream } from "./seeded-stream.js";
import { checkWeights } from "../init/check-weights.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link dropConnect}, plus the usual tfjs layer arguments. */
export interface DropConnectOptions extends LayerArgs {
  /** Number of output units, an integer >= 1 (required). */
  units: number;
  /** Probability of dropping each weight, in [0, 1) (default 0.5). */
  rate?: number;
  /** Activation applied after the affine map, a tfjs name (default "linear"). */
  activation?: ActivationName;
  /** Add a bias (init 0; never dropped) (default true). */
  useBias?: boolean;
  /** Seed of the weight masks (default 0). Give each random layer its own seed. */
  seed?: number;
  /** Initializer of the kernel [inputs, units] (default "glorotUniform", as `tf.layers.dense`; pass a seeded one to reproduce weights). */
  kernelInitializer?: InitializerOption;
}
const KEYS: KnownKeys<DropConnectOptions> = {
  units: true,
  rate: true,
  activation: true,
  useBias: true,
  seed: true,
  kernelInitializer: true,
  ...LAYER_ARG_KEYS,
};

/**
 * A dense layer with DropConnect (Wan et al. 2013): dropout applied to the connections instead of the units.
 * In training, every weight of the kernel is kept with probability 1 − rate (one fresh mask per call, shared by
 * the batch) and kept weights are scaled by 1/(1 − rate), so the expected output is the plain dense output; the
 * bias is not dropped. At inference it is the plain dense layer y = activation(x·W + b).
 * Weights: kernel [inputs, units], bias [units] (tfjs layout, as `tf.layers.dense`).
 *
 * @example
 * tf.sequential({ layers: [dl.layers.dropConnect({ units: 32, rate: 0.5, activation: "relu", seed: 3, inputShape: [2] })] })
 */
export function dropConnect(options: DropConnectOptions): DropConnect {
  return new DropConnect(options);
}

/** The layer {@link dropConnect} builds; registered for serialisation as "DropConnect". */
export class DropConnect extends tf.layers.Layer {
  static className = "DropConnect";
  static override fromConfig = fromOwnConfig;
  readonly units: number;
  readonly rate: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly seed: number;
  readonly kernelInitializer: Initializer;
  private stream: SeededStream;
  private activationLayer: tf.layers.Layer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(options: DropConnectOptions) {
    const {
      units,
      rate = 0.5,
      activation = "linear",
      useBias = true,
      seed = 0,
      kernelInitializer = "glorotUniform",
      ...layerArgs
    } = checkKeys("dropConnect", options ?? ({} as DropConnectOptions), KEYS);
    checkInteger("dropConnect", "units", units, 1);
    checkNumber("dropConnect", "rate", rate, 0, 1, { max: true });
    checkOneOf("dropConnect", "activation", activation, ACTIVATION_NAMES);
    if (typeof useBias !== "boolean") fail("dropConnect", "useBias", "true or false", useBias);
    checkSeed("dropConnect", seed);
    const init = toInitializer("dropConnect", "kernelInitializer", kernelInitializer);
    super(layerArgs);
    this.units = units;
    this.rate = rate;
    this.activation = activation;
    this.useBias = useBias;
    this.seed = seed;
    this.kernelInitializer = init;
    this.stream = new SeededStream(seed);
    this.activationLayer = tf.layers.activation({ activation });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const f = shape[1];
    if (shape.length !== 2 || typeof f !== "number")
      fail("dropConnect", "the input", "of rank 2, [batch, features], with known features", shape);
    checkWeights("dropConnect", [[f, this.units]], this.useBias ? this.units : 0);
    this.kernel = this.addWeight("kernel", [f, this.units], "float32", this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight("bias", [this.units], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = oneInput(inputs) as tf.Tensor2D; // [B, F]
      let w = this.kernel!.read() as tf.Tensor2D; // [F, units]
      if (kwargs.training === true && this.rate > 0) {
        const keep = 1 - this.rate;
        w = tf.mul(w, this.stream.bernoulli(w.shape, keep, 1 / keep)); // [F, units], masked
      }
      let y = tf.matMul(x, w); // [B, units]
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      return this.activationLayer.apply(y) as tf.Tensor;
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { units, rate, activation, useBias, seed } = this;
    return { units, rate, activation, useBias, seed, kernelInitializer: initializerConfig(this.kernelInitializer), ...super.getConfig() };
  }
}

tf.serialization.registerClass(DropConnect);
