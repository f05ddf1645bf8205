import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber } from "../options/check.js";
import type { Rng } from "../random/rng.js";
import { draws, SeededInitializer, sizeOf } from "./seeded-initializer.js";

/** Options of {@link normal}. */
export interface NormalOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation, >= 0 (default 1). */
  std?: number;
  /** Seed of the stream (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<NormalOptions> = { mean: true, std: true, seed: true };

/**
 * Independent N(mean, std²) weights (torch.nn.init.normal_). Serialised as "depthlab.Normal".
 *
 * @example
 * new dl.init.NormalInit({ std: 0.1 }) // what dl.init.normal({ std: 0.1 }) returns
 */
export class NormalInit extends SeededInitializer {
  static className = "depthlab.Normal";
  readonly mean: number;
  readonly std: number;

  constructor(options: NormalOptions = {}) {
    const { mean = 0, std = 1, seed = 0 } = checkKeys("normal", options, KEYS);
    super("normal", seed);
    this.mean = checkNumber("normal", "mean", mean);
    this.std = checkNumber("normal", "std", std, 0);
  }

  protected sample(shape: number[], rng: Rng): Float64Array {
    return draws(sizeOf(shape), () => this.mean + this.std * rng.normal());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { mean: this.mean, std: this.std, seed: this.seed };
  }
}
tf.serialization.registerClass(NormalInit);

/**
 * Independent Gaussian weights N(mean, std²), like torch.nn.init.normal_. The lecture's failing baseline is
 * `normal({ std: 0.01 })`: each layer multiplies the activations' variance by fan_in · 0.01², so a deep net's
 * output collapses to 0.
 *
 * @example
 * tf.layers.dense({ units: 500, activation: "tanh", kernelInitializer: dl.init.normal({ std: 0.01 }) })
 */
export function normal(options: NormalOptions = {}): NormalInit {
  return new NormalInit(options);
}
