import { type KnownKeys, checkInteger, checkKeys, checkSeed } from "../options/check.js";
import { UniformInit } from "./uniform.js";

/** Options of {@link torchDefaultBias}. */
export interface TorchDefaultBiasOptions {
  /** Seed of the stream (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<TorchDefaultBiasOptions> = { seed: true };

/**
 * PyTorch's default bias for nn.Linear / nn.Conv2d: U(−1/√fan_in, 1/√fan_in), where fan_in is the layer's
 * (a bias has no fan of its own, so it is passed: `in` for Dense, `in · kh · kw` for Conv2D).
 * Returns a {@link uniform} initialiser with that range.
 *
 * @example
 * tf.layers.dense({ units: 10, inputShape: [256], biasInitializer: dl.init.torchDefaultBias(256, { seed: 0 }) })
 */
export function torchDefaultBias(fanIn: number, options: TorchDefaultBiasOptions = {}): UniformInit {
  const { seed = 0 } = checkKeys("torchDefaultBias", options, KEYS);
  const bound = 1 / Math.sqrt(checkInteger("torchDefaultBias", "fanIn", fanIn, 1));
  checkSeed("torchDefaultBias", seed);
  return new UniformInit({ low: -bound, high: bound, seed });
}
