import { type KnownKeys, checkInteger, checkKeys, checkNumber, checkSeed, fail } from "../../options/check.js";
import { checkSamples } from "../check-samples.js";
import { makeDataset, type Dataset } from "../dataset.js";
import { MAX_FRACTAL_DEPTH, type IfsMap, type IfsSpec } from "./ifs.js";
import { levelWeights, type FractalDistribution } from "./level-weights.js";
import { checkMargin, resolveIfs } from "./resolve-ifs.js";
import { sampleFractal } from "./sample-fractal.js";

/** Options of {@link fractal}. */
export interface FractalOptions {
  /** The iterated function system: a spec such as `dl.datasets.cantor`, or an array of maps `{ matrix, offset }` on `box`. Required. */
  maps: IfsSpec | readonly IfsMap[];
  /** Depth n of the fractal K_n, an integer in [1, 12] (depth 0 would have no negatives). Required. */
  depth: number;
  /** Number of samples, an integer in [1, 10^7]. Default 1000. */
  n?: number;
  /** Seed of the draws. Default 0. */
  seed?: number;
  /** Where the negatives sit: `"fine"` p_j ∝ 2^j (mostly on the finest details), `"coarse"` p_j ∝ 2^−j, `"uniform"`. Default `"fine"`. */
  distribution?: FractalDistribution;
  /** Instead of `distribution`: a ratio q > 0 for p_j ∝ q^j, or `depth` non-negative weights p_1 … p_depth (normalised). */
  negatives?: number | readonly number[];
  /** Chance that a sample is positive, in [0, 1]. Default 0.5. */
  positiveFraction?: number;
  /** Width of the band around the images kept free of negatives, in K_0's coordinates, in (0, maxMargin). Default 0.05. */
  margin?: number;
  /** K_0 when `maps` is an array: one interval [lo, hi] per dimension. Default [−1, 1]^d, as in the lecture. */
  box?: readonly (readonly [number, number])[];
}
const KEYS: KnownKeys<FractalOptions> = {
  maps: true,
  depth: true,
  n: true,
  seed: true,
  distribution: true,
  negatives: true,
  positiveFraction: true,
  margin: true,
  box: true,
};

/**
 * A fractal distribution (Malach & Shalev-Shwartz): positives on the fractal K_depth, negatives on the gaps that
 * each level of the construction cuts out. Label 1 means x ∈ K_depth (the paper's +1), label 0 means x ∉ K_depth
 * (the paper's −1). The law is self-similar, the same at every scale:
 * - a positive is F_{i_1} ∘ … ∘ F_{i_depth}(u) with u uniform in K_0 and letters drawn with P(i) ∝ |det A_i|,
 *   which makes it uniform on K_depth;
 * - a negative first picks a level j ∈ 1…depth with chance p_j, then a word of j − 1 letters (same law) and
 *   u uniform in the gap of K_0: the points whose preimages F_i^{-1}(u) are all at max-distance ≥ margin from K_0.
 *   Its point F_word(u) lies in K_{j−1} \ K_j.
 *
 * The margin is measured in K_0's coordinates at every level, so at level j the free band around the pieces of
 * K_j is the margin shrunk by the word's maps (by 3^−j for the Cantor set). It is what lets
 * {@link fractalNet} classify every sample exactly; `fractalNet` must get the same margin. It must stay below half
 * the smallest side of K_0 and below the separation of the images (0.5 for `cantor` and `cantorDust`, 1 for
 * `cornerFractal`).
 *
 * Inputs are stored as float32: every point is checked again on its float32 value in float64 and drawn again
 * if rounding changed its level or left it within 1e-9 of a side of a piece boundary, so labels are exact.
 * `meta` records the spec name, depth, normalised `levelWeights` p_1 … p_depth, positiveFraction, margin, seed,
 * and per sample `level` (Int32Array: 0 for a positive, j for a negative from level j).
 *
 * @example
 * const ds = dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 3, n: 1000, seed: 0 });
 * ds.meta.levelWeights // [1/7, 2/7, 4/7]: "fine", most negatives in the smallest gaps
 */
export function fractal(options: FractalOptions): Dataset {
  const fn = "fractal";
  if (typeof options !== "object" || options === null) fail(fn, "options", "an object { maps, depth, … }", options);
  const {
    maps,
    depth,
    n = 1000,
    seed = 0,
    distribution,
    negatives,
    positiveFraction = 0.5,
    margin = 0.05,
    box,
  } = checkKeys(fn, options, KEYS);
  if (maps === undefined) fail(fn, "maps", "an IfsSpec (e.g. dl.datasets.cantor) or an array of { matrix, offset }", maps);
  const ifs = resolveIfs(fn, "maps", maps, box);
  checkInteger(fn, "depth", depth, 1, MAX_FRACTAL_DEPTH);
  checkInteger(fn, "n", n, 1, 1e7);
  checkSeed(fn, seed);
  const { weights, shape } = levelWeights(fn, depth, distribution, negatives);
  checkNumber(fn, "positiveFraction", positiveFraction, 0, 1);
  checkMargin(fn, ifs, margin);
  checkSamples(fn, n, ifs.d, "y [n] int32", 4, "the levels [n] int32");
  const { xValues, yValues, level } = sampleFractal(fn, ifs, { depth, n, weights, positiveFraction, margin, seed });
  return makeDataset({
    name: `fractal(${ifs.name}, depth ${depth})`,
    task: "classification",
    xValues,
    inputs: ifs.d,
    yValues,
    classes: 2,
    classNames: [`not in K_${depth}`, `in K_${depth}`],
    meta: { spec: ifs.name, depth, n, distribution: shape, levelWeights: weights, positiveFraction, margin, seed, level },
  });
}
