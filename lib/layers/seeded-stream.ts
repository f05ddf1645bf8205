import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/rng.js";

/**
 * The random numbers of a stochastic layer: one seeded {@link Rng} per layer, advanced by every training call,
 * so a model rebuilt with the same seeds draws the same masks in the same order of calls, on every backend
 * (the numbers are drawn in JavaScript, then uploaded as one tensor).
 *
 * @example
 * const stream = new SeededStream(7);
 * stream.bernoulli([2, 1, 1, 3], 0.8, 1 / 0.8) // entries 1.25 with probability 0.8, else 0
 */
export class SeededStream {
  #rng: Rng;

  constructor(seed: number) {
    this.#rng = new Rng(seed);
  }

  /** A float32 tensor of `shape` whose entries are `value` with probability `p`, else 0. */
  bernoulli(shape: number[], p: number, value = 1): tf.Tensor {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = this.#rng.uniform() < p ? value : 0;
    return tf.tensor(values, shape);
  }

  /** A float32 tensor of `shape` with independent entries uniform in [0, 1). */
  uniform(shape: number[]): tf.Tensor {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = this.#rng.uniform();
    return tf.tensor(values, shape);
  }
}
