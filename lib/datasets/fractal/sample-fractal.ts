import { ArgumentError } from "../../options/check.js";
import { Rng } from "../../random/rng.js";
import type { CheckedIfs } from "./ifs.js";
import { imageOf, inGap, unfold } from "./unfold.js";

/** What {@link sampleFractal} needs, already checked. */
export interface FractalSampling {
  depth: number;
  n: number;
  /** p_1 … p_depth, normalised. */
  weights: number[];
  positiveFraction: number;
  margin: number;
  seed: number;
}

// A stored sample must be this far inside its pieces (as a fraction of K_0's side, at every level): its label then
// does not hang on rounding, and float64 unfolding (error ≈ 1e-16 · 3^12 at worst) cannot move it across a boundary.
const INSET = 1e-9;
// Draws per sample before giving up: the gap is (nearly) empty, or the pieces are finer than float32 can hold.
const MAX_TRIES = 100_000;

/**
 * Draws the samples of `fractal` (see there for the law). Each sample's class and level are drawn first; then its
 * point is drawn, rounded to float32, and checked again in float64 on the stored value: a point whose rounding
 * changed its level, or that sits within 1e-9 of a side of a piece boundary, is drawn again (same class and level).
 */
export function sampleFractal(
  fn: string,
  ifs: CheckedIfs,
  s: FractalSampling,
): { xValues: Float32Array; yValues: Int32Array; level: Int32Array } {
  const { d } = ifs;
  const rng = new Rng(s.seed);
  const letterWeights = ifs.maps.map((m) => Math.abs(m.det)); // uniform on K_n: piece volume ∝ |det|
  const xValues = new Float32Array(s.n * d); // [n, d]
  const yValues = new Int32Array(s.n); // [n]
  const level = new Int32Array(s.n); // [n]: 0 positive, j a negative from K_{j−1} \ K_j
  for (let i = 0; i < s.n; i++) {
    const positive = rng.uniform() < s.positiveFraction;
    const j = positive ? 0 : 1 + rng.pick(s.weights);
    const letters = positive ? s.depth : j - 1;
    for (let tries = 0; ; tries++) {
      if (tries >= MAX_TRIES) {
        const why = positive
          ? "its pieces are too fine for float32 inputs"
          : "the margin leaves no gap, or the pieces are too fine for float32";
        throw new ArgumentError(`${fn}: found no ${positive ? "positive" : `level-${j} negative`} sample in ${MAX_TRIES} draws: ${why}`);
      }
      const u = ifs.lo.map((lo, k) => rng.between(lo, ifs.hi[k]!)); // uniform in K_0
      if (!positive && !inGap(ifs, u, s.margin)) continue; // negatives: uniform in the gap, by rejection
      let x = u;
      for (let t = 0; t < letters; t++) x = imageOf(ifs.maps[rng.pick(letterWeights)]!, x);
      const stored = x.map(Math.fround);
      const back = unfold(ifs, stored, letters, -INSET);
      if (back.level !== letters || (!positive && !inGap(ifs, back.point, s.margin))) continue;
      xValues.set(stored, i * d);
      yValues[i] = positive ? 1 : 0;
      level[i] = j;
      break;
    }
  }
  return { xValues, yValues, level };
}
