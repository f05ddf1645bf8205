import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed } from "../options/check.js";
import { checkSamples } from "./check-samples.js";
import { Rng } from "../random/rng.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of {@link sine}. */
export interface SineOptions {
  /** Number of samples, an integer >= 1. Default 200. */
  n?: number;
  /** Number of periods of the sine over [−1, 1], a finite number > 0. Default 1. */
  periods?: number;
  /** Standard deviation of the Gaussian noise added to y, a finite number >= 0. Default 0. */
  noise?: number;
  /** Seed of the inputs and the noise. Default 0. */
  seed?: number;
}
const KEYS: KnownKeys<SineOptions> = { n: true, periods: true, noise: true, seed: true };

/**
 * One-dimensional regression for the universal-approximation notebook: x uniform in [−1, 1] and
 * y = sin(π·periods·x) + noise·ε with ε standard normal. More periods need more ReLU pieces to follow.
 *
 * @example
 * const ds = dl.datasets.sine({ n: 200, periods: 2, noise: 0.1, seed: 0 });
 * ds.x.shape // [200, 1]
 */
export function sine(options: SineOptions = {}): Dataset {
  const { n = 200, periods = 1, noise = 0, seed = 0 } = checkKeys("sine", options, KEYS);
  checkInteger("sine", "n", n, 1);
  checkNumber("sine", "periods", periods, 0, Infinity, { min: true });
  checkNumber("sine", "noise", noise, 0);
  checkSeed("sine", seed);
  checkSamples("sine", n, 1, "y [n, 1] float32");
  const rng = new Rng(seed);
  const xValues = new Float32Array(n); // [n, 1]
  const yValues = new Float32Array(n); // [n, 1]
  for (let i = 0; i < n; i++) {
    const x = Math.fround(rng.between(-1, 1));
    xValues[i] = x;
    yValues[i] = Math.sin(Math.PI * periods * x) + (noise > 0 ? noise * rng.normal() : 0);
  }
  return makeDataset({ name: "sine", task: "regression", xValues, inputs: 1, yValues, meta: { n, periods, noise, seed } });
}
