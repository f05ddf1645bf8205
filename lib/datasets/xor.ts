import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed } from "../options/check.js";
import { checkSamples } from "./check-samples.js";
import { Rng } from "../random/rng.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of {@link xor}. */
export interface XorOptions {
  /** Number of samples, an integer >= 1. Default 1000. */
  n?: number;
  /** Standard deviation of the Gaussian jitter added to x after labelling, a finite number >= 0. Default 0. */
  noise?: number;
  /** Seed of the points and the jitter. Default 0. */
  seed?: number;
}
const KEYS: KnownKeys<XorOptions> = { n: true, noise: true, seed: true };

/**
 * The XOR problem on a continuum: points uniform in [−1, 1]², label 1 when the two coordinates have opposite signs
 * (x0·x1 < 0), else 0. No single line separates the classes; two hidden ReLUs suffice.
 *
 * Each point is labelled from its clean position, then `noise` jitters x only. With noise > 0, points near the axes
 * can cross them and so look mislabelled: that is the label noise the option is for.
 *
 * @example
 * const ds = dl.datasets.xor({ n: 1000, noise: 0.05, seed: 0 });
 * ds.classes // 2
 */
export function xor(options: XorOptions = {}): Dataset {
  const { n = 1000, noise = 0, seed = 0 } = checkKeys("xor", options, KEYS);
  checkInteger("xor", "n", n, 1);
  checkNumber("xor", "noise", noise, 0);
  checkSeed("xor", seed);
  checkSamples("xor", n, 2, "y [n] int32");
  const rng = new Rng(seed);
  const xValues = new Float32Array(n * 2); // [n, 2]
  const yValues = new Int32Array(n); // [n]
  for (let i = 0; i < n; i++) {
    const x0 = Math.fround(rng.between(-1, 1));
    const x1 = Math.fround(rng.between(-1, 1));
    yValues[i] = x0 * x1 < 0 ? 1 : 0;
    xValues[2 * i] = noise > 0 ? x0 + noise * rng.normal() : x0;
    xValues[2 * i + 1] = noise > 0 ? x1 + noise * rng.normal() : x1;
  }
  return makeDataset({ name: "xor", task: "classification", xValues, inputs: 2, yValues, classes: 2, meta: { n, noise, seed } });
}
