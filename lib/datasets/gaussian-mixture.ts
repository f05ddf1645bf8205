import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed, fail } from "../options/check.js";
import { checkSamples } from "./check-samples.js";
import { Rng } from "../random/rng.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of {@link gaussianMixture}. */
export interface GaussianMixtureOptions {
  /** Number of samples, an integer >= 1. Default 1000. */
  n?: number;
  /** A count of centres in [1, n] put evenly on the unit circle (the first at (1, 0)), or the list of [x, y] centres. Default 4. */
  centers?: number | readonly (readonly number[])[];
  /** Standard deviation of each blob, the same along both axes, a finite number >= 0. Default 0.2. */
  std?: number;
  /** Seed of the samples. Default 0. */
  seed?: number;
  /** Number of classes: a sample of centre k has label k mod classes, an integer in [1, number of centres]. Default: one class a centre. */
  classes?: number;
}
const KEYS: KnownKeys<GaussianMixtureOptions> = { n: true, centers: true, std: true, seed: true, classes: true };

/**
 * Isotropic Gaussian blobs in 2-D. Samples go to the centres in turn (sample i to centre i mod K), so every centre
 * gets n/K of them (the first ones one more when K does not divide n). With fewer classes than centres the labels
 * alternate around the circle: `{ centers: 4, classes: 2 }` is a blurred XOR.
 *
 * @example
 * const ds = dl.datasets.gaussianMixture({ n: 1000, centers: 4, std: 0.2, seed: 0 });
 * ds.classes // 4
 */
export function gaussianMixture(options: GaussianMixtureOptions = {}): Dataset {
  const { n = 1000, centers = 4, std = 0.2, seed = 0 } = checkKeys("gaussianMixture", options, KEYS);
  checkInteger("gaussianMixture", "n", n, 1);
  const points = resolveCenters(centers, n);
  const k = points.length;
  const classes = options.classes ?? k;
  checkInteger("gaussianMixture", "classes", classes, 1, k);
  checkNumber("gaussianMixture", "std", std, 0);
  checkSeed("gaussianMixture", seed);
  checkSamples("gaussianMixture", n, 2, "y [n] int32");
  const rng = new Rng(seed);
  const xValues = new Float32Array(n * 2); // [n, 2]
  const yValues = new Int32Array(n); // [n]
  for (let i = 0; i < n; i++) {
    const [cx, cy] = points[i % k] as [number, number];
    xValues[2 * i] = cx + std * rng.normal();
    xValues[2 * i + 1] = cy + std * rng.normal();
    yValues[i] = (i % k) % classes;
  }
  return makeDataset({
    name: "gaussianMixture",
    task: "classification",
    xValues,
    inputs: 2,
    yValues,
    classes,
    meta: { n, centers: points, std, seed, classes },
  });
}

function resolveCenters(centers: unknown, n: number): [number, number][] {
  if (typeof centers === "number") {
    const k = checkInteger("gaussianMixture", "centers", centers, 1, n); // more would leave centres without samples
    return Array.from({ length: k }, (_, j) => [Math.cos((2 * Math.PI * j) / k), Math.sin((2 * Math.PI * j) / k)]);
  }
  const ok =
    Array.isArray(centers) &&
    centers.length > 0 &&
    centers.every((c) => Array.isArray(c) && c.length === 2 && c.every((v) => typeof v === "number" && Number.isFinite(v)));
  if (!ok) fail("gaussianMixture", "centers", "an integer >= 1 or a non-empty list of [x, y] pairs of finite numbers", centers);
  return (centers as number[][]).map((c) => [c[0] as number, c[1] as number]);
}
