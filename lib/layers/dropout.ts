import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, checkSeed } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { SeededStream } from "./seeded-stream.js";

/** Options of {@link dropout}, plus the usual tfjs layer arguments. */
export interface DropoutOptions extends LayerArgs {
  /** Probability of dropping a unit, in [0, 1) (default 0.5, as PyTorch). */
  rate?: number;
  /** Seed of the masks (default 0). Give each random layer of a model its own seed. */
  seed?: number;
}
const KEYS: KnownKeys<DropoutOptions> = { rate: true, seed: true, ...LAYER_ARG_KEYS };

/**
 * Inverted dropout (Srivastava et al. 2014; PyTorch's `nn.Dropout`) with a seeded stream of masks. In training each
 * entry is zeroed with probability `rate` and kept entries are scaled by 1/(1 − rate), so the expected output equals
 * the input; at inference it is the identity. Every training call draws a FRESH mask from the layer's stream.
 *
 * Why not `tf.layers.dropout({ seed })`: tfjs re-seeds its generator with the same seed on every call, so a seeded
 * tfjs dropout layer drops the same units at every step. This layer reports the class name "Dropout" (so tools that
 * treat dropout as the identity at inference recognise it) but is not registered for serialisation: a saved model
 * reloads with tfjs's own Dropout layer.
 *
 * @example
 * tf.sequential({ layers: [tf.layers.dense({ units: 64, activation: "relu", inputShape: [2] }), dl.layers.dropout({ rate: 0.5, seed: 1 })] })
 */
export function dropout(options: DropoutOptions = {}): Dropout {
  return new Dropout(options);
}

/** The layer {@link dropout} builds. */
export class Dropout extends tf.layers.Layer {
  static className = "Dropout";
  readonly rate: number;
  readonly seed: number;
  private stream: SeededStream;

  constructor(options: DropoutOptions = {}) {
    const { rate = 0.5, seed = 0, ...layerArgs } = checkKeys("dropout", options, KEYS);
    checkNumber("dropout", "rate", rate, 0, 1, { max: true });
    checkSeed("dropout", seed);
    super(layerArgs);
    this.rate = rate;
    this.seed = seed;
    this.stream = new SeededStream(seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    const x = oneInput(inputs); // [..., F]
    if (kwargs.training !== true || this.rate === 0) return x;
    return tf.tidy(() => {
      const keep = 1 - this.rate;
      return tf.mul(x, this.stream.bernoulli(x.shape, keep, 1 / keep)); // a fresh mask, same shape as x
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { rate: this.rate, seed: this.seed, ...super.getConfig() };
  }
}
