import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, checkOneOf } from "../options/check.js";
import type { Rng } from "../random/rng.js";
import { fans } from "./fans.js";
import { draws, SeededInitializer, sizeOf } from "./seeded-initializer.js";
import type { Distribution } from "./xavier.js";

/** Which fan the variance is divided by. */
export type FanMode = "fanIn" | "fanOut";

/** Options of {@link he}. */
export interface HeOptions {
  /** "normal" (default, as torch.nn.init.kaiming_normal_) or "uniform". */
  distribution?: Distribution;
  /** "fanIn" (default) keeps the forward activations' variance; "fanOut" keeps the gradients'. */
  mode?: FanMode;
  /** Negative slope a of the leaky ReLU that follows, >= 0 (default 0: plain ReLU). */
  negativeSlope?: number;
  /** Seed of the stream (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<HeOptions> = { distribution: true, mode: true, negativeSlope: true, seed: true };

/**
 * He/Kaiming weights (torch.nn.init.kaiming_normal_ / kaiming_uniform_). Serialised as "depthlab.He".
 *
 * @example
 * new dl.init.HeInit({ seed: 1 }) // what dl.init.he({ seed: 1 }) returns
 */
export class HeInit extends SeededInitializer {
  static className = "depthlab.He";
  readonly distribution: Distribution;
  readonly mode: FanMode;
  readonly negativeSlope: number;

  constructor(options: HeOptions = {}) {
    const { distribution = "normal", mode = "fanIn", negativeSlope = 0, seed = 0 } = checkKeys("he", options, KEYS);
    super("he", seed);
    this.distribution = checkOneOf("he", "distribution", distribution, ["normal", "uniform"]);
    this.mode = checkOneOf("he", "mode", mode, ["fanIn", "fanOut"]);
    this.negativeSlope = checkNumber("he", "negativeSlope", negativeSlope, 0);
  }

  protected sample(shape: number[], rng: Rng): Float64Array {
    const { fanIn, fanOut } = fans(shape, "he");
    const gain = Math.sqrt(2 / (1 + this.negativeSlope ** 2));
    const std = gain / Math.sqrt(this.mode === "fanIn" ? fanIn : fanOut);
    const bound = Math.sqrt(3) * std;
    return this.distribution === "normal"
      ? draws(sizeOf(shape), () => std * rng.normal())
      : draws(sizeOf(shape), () => rng.between(-bound, bound));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { distribution: this.distribution, mode: this.mode, negativeSlope: this.negativeSlope, seed: this.seed };
  }
}
tf.serialization.registerClass(HeInit);

/**
 * He et al.'s (2015) initialisation for ReLU nets, as torch.nn.init.kaiming_*: std = gain / √fan with
 * gain = √(2 / (1 + a²)) (uniform: U(−√3·std, √3·std)). A ReLU zeroes half of a symmetric input and so halves its
 * second moment; the factor 2 puts it back, so the variance neither dies nor explodes with depth.
 *
 * @example
 * tf.layers.dense({ units: 256, activation: "relu", kernelInitializer: dl.init.he({ seed: 0 }) })
 * dl.init.he({ distribution: "uniform", mode: "fanOut", negativeSlope: 0.1 })
 */
export function he(options: HeOptions = {}): HeInit {
  return new HeInit(options);
}
