import { type KnownKeys, checkInteger, checkKeys, checkSeed } from "../options/check.js";
import { checkSamples } from "./check-samples.js";
import { Rng } from "../random/rng.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of {@link disc}. */
export interface DiscOptions {
  /** Number of samples, an integer >= 1. Default 1000. */
  n?: number;
  /** Seed of the point positions. Default 0. */
  seed?: number;
}
const KEYS: KnownKeys<DiscOptions> = { n: true, seed: true };

// The disc's area π·r² = 2 is half of the square [−1, 1]², so both classes are equally likely.
const DISC_RADIUS = Math.sqrt(2 / Math.PI);

/**
 * Points drawn uniformly in the square [−1, 1]², labelled 1 inside the centred disc of radius √(2/π) and 0 outside.
 * The disc covers half of the square, so the two classes are balanced in expectation. A one-hidden-layer ReLU net
 * has to build the round boundary out of straight pieces: the simplest picture of "how many pieces does a net need".
 *
 * Labels are computed from the float32 coordinates that are stored, so they agree exactly with `x`.
 *
 * @example
 * const ds = dl.datasets.disc({ n: 1000, seed: 0 });
 * ds.x.shape // [1000, 2]
 */
export function disc(options: DiscOptions = {}): Dataset {
  const { n = 1000, seed = 0 } = checkKeys("disc", options, KEYS);
  checkInteger("disc", "n", n, 1);
  checkSeed("disc", seed);
  checkSamples("disc", n, 2, "y [n] int32");
  const rng = new Rng(seed);
  const r2 = DISC_RADIUS * DISC_RADIUS;
  const xValues = new Float32Array(n * 2); // [n, 2]
  const yValues = new Int32Array(n); // [n]
  for (let i = 0; i < n; i++) {
    const x0 = Math.fround(rng.between(-1, 1));
    const x1 = Math.fround(rng.between(-1, 1));
    xValues[2 * i] = x0;
    xValues[2 * i + 1] = x1;
    yValues[i] = x0 * x0 + x1 * x1 < r2 ? 1 : 0;
  }
  return makeDataset({
    name: "disc",
    task: "classification",
    xValues,
    inputs: 2,
    yValues,
    classes: 2,
    meta: { n, seed, radius: DISC_RADIUS },
  });
}
