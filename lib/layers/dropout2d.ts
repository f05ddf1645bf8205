import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, checkSeed, fail } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { SeededStream } from "./seeded-stream.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link dropout2d}, plus the usual tfjs layer arguments. */
export interface Dropout2dOptions extends LayerArgs {
  /** Probability of dropping a channel, in [0, 1) (default 0.5, as PyTorch). */
  rate?: number;
  /** Seed of the masks (default 0). Give each random layer of a model its own seed: two layers with the same seed draw the same masks. */
  seed?: number;
}
const KEYS: KnownKeys<Dropout2dOptions> = { rate: true, seed: true, ...LAYER_ARG_KEYS };

/**
 * Channel-wise dropout (SpatialDropout, Tompson et al. 2015; PyTorch's `nn.Dropout2d`) for feature maps
 * [batch, height, width, channels] (channels last, the tfjs convention). Neighbouring pixels of a map are
 * strongly correlated, so dropping single pixels barely regularises; this drops whole channels instead: in
 * training, each (sample, channel) pair is zeroed with probability `rate` and kept channels are scaled by
 * 1/(1 − rate) ("inverted" dropout, so the expected output equals the input). At inference it is the identity.
 * Each training call draws a fresh mask from the layer's seeded stream.
 *
 * @example
 * tf.sequential({ layers: [tf.layers.conv2d({ filters: 16, kernelSize: 3, inputShape: [28, 28, 1] }), dl.layers.dropout2d({ rate: 0.2, seed: 1 })] })
 */
export function dropout2d(options: Dropout2dOptions = {}): Dropout2d {
  return new Dropout2d(options);
}

/** The layer {@link dropout2d} builds; registered for serialisation as "Dropout2d". */
export class Dropout2d extends tf.layers.Layer {
  static className = "Dropout2d";
  static override fromConfig = fromOwnConfig;
  readonly rate: number;
  readonly seed: number;
  private stream: SeededStream;

  constructor(options: Dropout2dOptions = {}) {
    const { rate = 0.5, seed = 0, ...layerArgs } = checkKeys("dropout2d", options, KEYS);
    checkNumber("dropout2d", "rate", rate, 0, 1, { max: true });
    checkSeed("dropout2d", seed);
    super(layerArgs);
    this.rate = rate;
    this.seed = seed;
    this.stream = new SeededStream(seed);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    if (shape.length !== 4) fail("dropout2d", "the input", "of rank 4, [batch, height, width, channels]", shape);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    const x = oneInput(inputs); // [B, H, W, C]
    if (kwargs.training !== true || this.rate === 0) return x;
    return tf.tidy(() => {
      const [b, , , c] = x.shape as number[];
      const keep = 1 - this.rate;
      const mask = this.stream.bernoulli([b as number, 1, 1, c as number], keep, 1 / keep); // [B, 1, 1, C]
      return tf.mul(x, mask);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { rate: this.rate, seed: this.seed, ...super.getConfig() };
  }
}

tf.serialization.registerClass(Dropout2d);
