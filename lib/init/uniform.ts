import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, fail } from "../options/check.js";
import type { Rng } from "../random/rng.js";
import { draws, SeededInitializer, sizeOf } from "./seeded-initializer.js";

/** Options of {@link uniform}. */
export interface UniformOptions {
  /** Lower end (default -1). */
  low?: number;
  /** Upper end, > low (default 1). */
  high?: number;
  /** Seed of the stream (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<UniformOptions> = { low: true, high: true, seed: true };

/**
 * Independent U(low, high) weights (torch.nn.init.uniform_). Serialised as "depthlab.Uniform".
 *
 * @example
 * new dl.init.UniformInit({ low: 0, high: 1 }) // what dl.init.uniform({ low: 0, high: 1 }) returns
 */
export class UniformInit extends SeededInitializer {
  static className = "depthlab.Uniform";
  readonly low: number;
  readonly high: number;

  constructor(options: UniformOptions = {}) {
    const { low = -1, high = 1, seed = 0 } = checkKeys("uniform", options, KEYS);
    super("uniform", seed);
    this.low = checkNumber("uniform", "low", low);
    this.high = checkNumber("uniform", "high", high);
    if (!(this.high > this.low)) fail("uniform", "high", `> low (${this.low})`, high);
  }

  protected sample(shape: number[], rng: Rng): Float64Array {
    return draws(sizeOf(shape), () => rng.between(this.low, this.high));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { low: this.low, high: this.high, seed: this.seed };
  }
}
tf.serialization.registerClass(UniformInit);

/**
 * Independent uniform weights U(low, high), like torch.nn.init.uniform_.
 *
 * @example
 * tf.layers.dense({ units: 16, kernelInitializer: dl.init.uniform({ low: -0.1, high: 0.1, seed: 1 }) })
 */
export function uniform(options: UniformOptions = {}): UniformInit {
  return new UniformInit(options);
}
