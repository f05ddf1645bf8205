import { checkOneOf, fail } from "../../options/check.js";

/** The named shapes of the negatives' level weights p_1 … p_depth. */
export const DISTRIBUTIONS = ["fine", "coarse", "uniform"] as const;
export type FractalDistribution = (typeof DISTRIBUTIONS)[number];

/**
 * The normalised level weights p_1 … p_depth of `fractal`'s negatives (p_j is the chance that a negative comes
 * from K_{j−1} \ K_j), and a word for the record. `negatives` wins when given: a ratio q > 0 gives p_j ∝ q^j,
 * an array gives the weights themselves. Otherwise `distribution`: fine p_j ∝ 2^j, coarse p_j ∝ 2^−j, uniform.
 * Internal helper of `fractal`, which names itself in errors through `fn`.
 */
export function levelWeights(
  fn: string,
  depth: number,
  distribution: unknown,
  negatives: unknown,
): { weights: number[]; shape: FractalDistribution | "custom" } {
  const allowed = `a ratio q > 0 (p_j ∝ q^j) or an array of ${depth} non-negative weights, not all 0`;
  let raw: number[];
  let shape: FractalDistribution | "custom" = "custom";
  if (negatives !== undefined) {
    if (distribution !== undefined) fail(fn, "distribution", "left out when negatives is given", distribution);
    if (typeof negatives === "number") {
      if (!(Number.isFinite(negatives) && negatives > 0)) fail(fn, "negatives", allowed, negatives);
      raw = Array.from({ length: depth }, (_, j) => negatives ** (j + 1));
    } else {
      const ok = Array.isArray(negatives) && negatives.length === depth && negatives.every((w) => Number.isFinite(w) && w >= 0);
      if (!ok || !negatives.some((w: number) => w > 0)) fail(fn, "negatives", allowed, negatives);
      raw = [...(negatives as number[])];
    }
  } else {
    shape = checkOneOf(fn, "distribution", distribution ?? "fine", DISTRIBUTIONS);
    const q = shape === "fine" ? 2 : shape === "coarse" ? 0.5 : 1;
    raw = Array.from({ length: depth }, (_, j) => q ** (j + 1));
  }
  const total = raw.reduce((s, w) => s + w, 0);
  if (!(total > 0 && Number.isFinite(total))) fail(fn, "negatives", allowed, negatives);
  return { weights: raw.map((w) => w / total), shape };
}
