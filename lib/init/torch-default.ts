import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys } from "../options/check.js";
import type { Rng } from "../random/rng.js";
import { fans } from "./fans.js";
import { draws, SeededInitializer, sizeOf } from "./seeded-initializer.js";

/** Options of {@link torchDefault}. */
export interface TorchDefaultOptions {
  /** Seed of the stream (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<TorchDefaultOptions> = { seed: true };

/**
 * PyTorch's default Linear/Conv2d weights, U(−1/√fan_in, 1/√fan_in). Serialised as "depthlab.TorchDefault".
 *
 * @example
 * new dl.init.TorchDefaultInit({ seed: 1 }) // what dl.init.torchDefault({ seed: 1 }) returns
 */
export class TorchDefaultInit extends SeededInitializer {
  static className = "depthlab.TorchDefault";

  constructor(options: TorchDefaultOptions = {}) {
    const { seed = 0 } = checkKeys("torchDefault", options, KEYS);
    super("torchDefault", seed);
  }

  protected sample(shape: number[], rng: Rng): Float64Array {
    const bound = 1 / Math.sqrt(fans(shape, "torchDefault").fanIn);
    return draws(sizeOf(shape), () => rng.between(-bound, bound));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { seed: this.seed };
  }
}
tf.serialization.registerClass(TorchDefaultInit);

/**
 * The weights a fresh torch.nn.Linear or nn.Conv2d starts from: kaiming_uniform_ with a = √5, which works out to
 * U(−1/√fan_in, 1/√fan_in) (gain √(2/6), bound √3 · gain / √fan_in). Its variance 1/(3·fan_in) is a third of
 * LeCun's 1/fan_in, so deep plain nets built with it shrink their activations. Use with {@link torchDefaultBias} to
 * start exactly where a PyTorch model does (in distribution; the random streams differ).
 *
 * @example
 * tf.layers.dense({ units: 64, inputShape: [784], kernelInitializer: dl.init.torchDefault({ seed: 0 }),
 *                   biasInitializer: dl.init.torchDefaultBias(784, { seed: 1 }) })
 */
export function torchDefault(options: TorchDefaultOptions = {}): TorchDefaultInit {
  return new TorchDefaultInit(options);
}
