import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, checkOneOf } from "../options/check.js";
import type { Rng } from "../random/rng.js";
import { fans } from "./fans.js";
import { draws, SeededInitializer, sizeOf } from "./seeded-initializer.js";

/** The two shapes of distribution an initialiser can draw from. */
export type Distribution = "uniform" | "normal";
const DISTRIBUTIONS: readonly Distribution[] = ["uniform", "normal"];

/** Options of {@link xavier}. */
export interface XavierOptions {
  /** "uniform" (default, as Glorot & Bengio) or "normal". */
  distribution?: Distribution;
  /** Multiplies the standard deviation, > 0 (default 1; torch.nn.init.calculate_gain("tanh") is 5/3). */
  gain?: number;
  /** Seed of the stream (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<XavierOptions> = { distribution: true, gain: true, seed: true };

/**
 * Glorot/Xavier weights (torch.nn.init.xavier_uniform_ / xavier_normal_). Serialised as "depthlab.Xavier".
 *
 * @example
 * new dl.init.XavierInit({ seed: 1 }) // what dl.init.xavier({ seed: 1 }) returns
 */
export class XavierInit extends SeededInitializer {
  static className = "depthlab.Xavier";
  readonly distribution: Distribution;
  readonly gain: number;

  constructor(options: XavierOptions = {}) {
    const { distribution = "uniform", gain = 1, seed = 0 } = checkKeys("xavier", options, KEYS);
    super("xavier", seed);
    this.distribution = checkOneOf("xavier", "distribution", distribution, DISTRIBUTIONS);
    this.gain = checkNumber("xavier", "gain", gain, 0, Infinity, { min: true });
  }

  protected sample(shape: number[], rng: Rng): Float64Array {
    const { fanIn, fanOut } = fans(shape, "xavier");
    const std = this.gain * Math.sqrt(2 / (fanIn + fanOut));
    const bound = Math.sqrt(3) * std; // U(-b, b) has variance b²/3
    return this.distribution === "normal"
      ? draws(sizeOf(shape), () => std * rng.normal())
      : draws(sizeOf(shape), () => rng.between(-bound, bound));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { distribution: this.distribution, gain: this.gain, seed: this.seed };
  }
}
tf.serialization.registerClass(XavierInit);

/**
 * Glorot & Bengio's (2010) initialisation, as torch.nn.init.xavier_*: zero-mean weights with
 * std = gain · √(2 / (fan_in + fan_out)) (uniform: U(−√3·std, √3·std)).
 *
 * The argument: a unit sums fan_in terms, so Var(output) = fan_in · Var(w) · Var(input) going forward, and the
 * gradient sums fan_out terms going backward. Var(w) = 1/fan_in keeps the activations' variance constant from layer
 * to layer, 1/fan_out keeps the gradients'; Xavier takes the compromise 2/(fan_in + fan_out). (The slide's
 * "std = 1/N" is this variance: std = 1/√N.) Made for tanh; with ReLU, which zeroes half the signal, use {@link he}.
 *
 * @example
 * tf.layers.dense({ units: 500, activation: "tanh", kernelInitializer: dl.init.xavier({ seed: 0 }) })
 * dl.init.xavier({ distribution: "normal", gain: 5 / 3 })
 */
export function xavier(options: XavierOptions = {}): XavierInit {
  return new XavierInit(options);
}
