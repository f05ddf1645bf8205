import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, checkOneOf, checkSeed } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { pairShape } from "./layer-inputs.js";
import { SeededStream } from "./seeded-stream.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link stochasticDepth}, plus the usual tfjs layer arguments. */
export interface StochasticDepthOptions extends LayerArgs {
  /** Probability that the branch is kept, in (0, 1] (default 0.8; Huang et al. decay it linearly with depth, from 1 to 0.5). */
  survival?: number;
  /** "batch": one coin for the whole batch, "sample": one coin per sample (default "batch", as Huang et al.). */
  mode?: "batch" | "sample";
  /** Seed of the coins (default 0). Give each random layer its own seed. */
  seed?: number;
}
const KEYS: KnownKeys<StochasticDepthOptions> = { survival: true, mode: true, seed: true, ...LAYER_ARG_KEYS };

/**
 * Stochastic depth (Huang et al. 2016), applied to `[shortcut, branch]` of a residual block (same shapes).
 * Training: y = shortcut + b·branch with b ~ Bernoulli(survival), drawn once per call ("batch") or once per
 * sample ("sample"): a dropped block is skipped entirely, so the network trained is shallower on average.
 * Inference: y = shortcut + survival·branch, the expectation, as in the paper. This is the scaled-at-inference
 * convention: kept branches are NOT divided by survival in training (unlike inverted dropout).
 *
 * @example
 * const x = tf.input({ shape: [16] });
 * const branch = tf.layers.dense({ units: 16, activation: "relu" }).apply(x);
 * const y = dl.layers.stochasticDepth({ survival: 0.8, seed: 1 }).apply([x, branch]);
 */
export function stochasticDepth(options: StochasticDepthOptions = {}): StochasticDepth {
  return new StochasticDepth(options);
}

/** The layer {@link stochasticDepth} builds; registered for serialisation as "StochasticDepth". */
export class StochasticDepth extends tf.layers.Layer {
  static className = "StochasticDepth";
  static override fromConfig = fromOwnConfig;
  readonly survival: number;
  readonly mode: "batch" | "sample";
  readonly seed: number;
  private stream: SeededStream;

  constructor(options: StochasticDepthOptions = {}) {
    const { survival = 0.8, mode = "batch", seed = 0, ...layerArgs } = checkKeys("stochasticDepth", options, KEYS);
    checkNumber("stochasticDepth", "survival", survival, 0, 1, { min: true });
    checkOneOf("stochasticDepth", "mode", mode, ["batch", "sample"]);
    checkSeed("stochasticDepth", seed);
    super(layerArgs);
    this.survival = survival;
    this.mode = mode;
    this.seed = seed;
    this.stream = new SeededStream(seed);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    pairShape("stochasticDepth", "[shortcut, branch]", inputShape);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    return tf.tidy(() => {
      const [shortcut, branch] = inputs as [tf.Tensor, tf.Tensor]; // [B, ...] each
      if (kwargs.training !== true) return tf.add(shortcut, tf.mul(branch, this.survival));
      // a dropped branch still gets a (zero) gradient, as with PyTorch's torchvision.ops.stochastic_depth
      const coinShape = this.mode === "batch" ? [] : [branch.shape[0] as number, ...branch.shape.slice(1).map(() => 1)];
      const coins = this.stream.bernoulli(coinShape, this.survival); // [] or [B, 1, ...]
      return tf.add(shortcut, tf.mul(branch, coins));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return pairShape("stochasticDepth", "[shortcut, branch]", inputShape);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { survival: this.survival, mode: this.mode, seed: this.seed, ...super.getConfig() };
  }
}

tf.serialization.registerClass(StochasticDepth);
