import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed } from "../options/check.js";
import { checkSamples } from "./check-samples.js";
import { Rng } from "../random/rng.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of {@link sawtooth}. */
export interface SawtoothOptions {
  /** Number of samples, an integer >= 1. Default 1000. */
  n?: number;
  /** How many times the tent map is composed, an integer in [0, 20]; the target has 2^(depth−1) teeth. Default 3. */
  depth?: number;
  /** Seed of the inputs. Default 0. */
  seed?: number;
}
const KEYS: KnownKeys<SawtoothOptions> = { n: true, depth: true, seed: true };

/**
 * The tent map T(x) = 1 − |2x − 1| composed `depth` times (depth 0 is the identity). On [0, 1], T^depth is a sawtooth
 * with 2^(depth−1) teeth: a net with `depth` layers of 2 ReLUs computes it exactly, while one hidden layer needs
 * about 2^depth units (Telgarsky 2015). Computed as 2x or 2 − 2x, which is exact in double precision. Each step
 * drops one binary digit of x, so every double reaches a fixed point (0, or −∞ from outside [0, 1]) within about
 * 2,100 steps, where the loop stops: a huge depth returns at once.
 *
 * @example
 * dl.datasets.tent(0.3, 2) // 0.8
 */
export function tent(x: number, depth: number): number {
  checkNumber("tent", "x", x);
  checkInteger("tent", "depth", depth, 0);
  let v = x;
  for (let k = 0; k < depth && v !== 0 && v !== -Infinity; k++) v = v < 0.5 ? 2 * v : 2 - 2 * v;
  return v;
}

/**
 * Regression on the deep sawtooth: x uniform in [0, 1], y = T^depth(x) with T the tent map (see {@link tent}).
 * Since T keeps the uniform distribution on [0, 1], y is uniform too, with mean 1/2, whatever the depth.
 *
 * The target is computed from the float32 input that is stored, so y is exactly the function at x. Deep sawtooths
 * outrun float32, whose inputs in [1/2, 1) are multiples of 2^−24: there y takes only multiples of 2^(depth−24), and
 * from depth 25 on it is always 0. So depth stops at 20 (targets in steps of 1/16 there); up to about 16 is the useful range.
 *
 * @example
 * const ds = dl.datasets.sawtooth({ n: 1000, depth: 3, seed: 0 });
 * ds.y.shape // [1000, 1]
 */
export function sawtooth(options: SawtoothOptions = {}): Dataset {
  const { n = 1000, depth = 3, seed = 0 } = checkKeys("sawtooth", options, KEYS);
  checkInteger("sawtooth", "n", n, 1);
  checkInteger("sawtooth", "depth", depth, 0, 20);
  checkSeed("sawtooth", seed);
  checkSamples("sawtooth", n, 1, "y [n, 1] float32");
  const rng = new Rng(seed);
  const xValues = new Float32Array(n); // [n, 1]
  const yValues = new Float32Array(n); // [n, 1]
  for (let i = 0; i < n; i++) {
    const x = Math.fround(rng.uniform());
    xValues[i] = x;
    yValues[i] = tent(x, depth);
  }
  return makeDataset({ name: "sawtooth", task: "regression", xValues, inputs: 1, yValues, meta: { n, depth, seed } });
}
