import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed } from "../options/check.js";
import { checkSamples } from "./check-samples.js";
import { Rng } from "../random/rng.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of {@link spirals}. */
export interface SpiralsOptions {
  /** Number of samples, an integer >= 1; when odd, class 0 gets the extra one. Default 1000. */
  n?: number;
  /** How many times each arm winds around the origin, a finite number > 0. Default 1.5. */
  turns?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate, a finite number >= 0. Default 0. */
  noise?: number;
  /** Seed of the positions along the arms and the noise. Default 0. */
  seed?: number;
}
const KEYS: KnownKeys<SpiralsOptions> = { n: true, turns: true, noise: true, seed: true };

/** Radius where the arms start: keeps them apart at the centre, where they would otherwise meet. */
const INNER = 0.1;

/**
 * The two-spirals problem (Lang & Witbrock 1988): two interleaved Archimedean spirals, a classic that shallow nets
 * find hard. A point of class 0 sits at a position t uniform in [0, 1) along its arm, at angle θ = 2π·turns·t and
 * radius r = 0.1 + 0.9·t (so r grows linearly with θ, up to 1); class 1 is the same arm rotated by π.
 * Samples alternate between the classes (even index → class 0), so each has n/2, class 0 getting the extra one
 * when n is odd. Without noise every point lies in [−1, 1]².
 *
 * @example
 * const ds = dl.datasets.spirals({ n: 1000, turns: 1.5, noise: 0.02, seed: 0 });
 * ds.classes // 2
 */
export function spirals(options: SpiralsOptions = {}): Dataset {
  const { n = 1000, turns = 1.5, noise = 0, seed = 0 } = checkKeys("spirals", options, KEYS);
  checkInteger("spirals", "n", n, 1);
  checkNumber("spirals", "turns", turns, 0, Infinity, { min: true });
  checkNumber("spirals", "noise", noise, 0);
  checkSeed("spirals", seed);
  checkSamples("spirals", n, 2, "y [n] int32");
  const rng = new Rng(seed);
  const xValues = new Float32Array(n * 2); // [n, 2]
  const yValues = new Int32Array(n); // [n]
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = rng.uniform();
    const angle = 2 * Math.PI * turns * t + label * Math.PI;
    const r = INNER + (1 - INNER) * t;
    xValues[2 * i] = r * Math.cos(angle) + (noise > 0 ? noise * rng.normal() : 0);
    xValues[2 * i + 1] = r * Math.sin(angle) + (noise > 0 ? noise * rng.normal() : 0);
    yValues[i] = label;
  }
  return makeDataset({
    name: "spirals",
    task: "classification",
    xValues,
    inputs: 2,
    yValues,
    classes: 2,
    meta: { n, turns, noise, seed },
  });
}
