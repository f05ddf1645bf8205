import type * as tf from "@tensorflow/tfjs";
import { checkInteger } from "../options/check.js";
import { fromWeights } from "../nets/from-weights.js";
import type { LayerWeights } from "../nets/layer-weights.js";
import { outputWeights, radiusFor, tangentLines } from "./tangent-lines.js";

/**
 * A one-hidden-layer network on ℝ² whose n ReLU units are in general position, so it reaches the shallow maximum
 * of 1 + n + C(n, 2) linear regions (Zaslavsky's count for n lines). The zero lines are tangent to a small circle
 * around (1/2, 1/2) and every crossing lies inside the unit square, so the count is the same on [0, 1]² and on
 * the whole plane: the fair shallow partner of a Montúfar net with the same number of units.
 *
 * @example
 * (await dl.regions.countRegions(dl.constructions.shallowArrangement(8))).linearRegions // 37
 */
export function shallowArrangement(n: number): tf.Sequential {
  return fromWeights(shallowArrangementWeights(n));
}

/** {@link shallowArrangement} as a plain description (PyTorch layout). */
export function shallowArrangementWeights(n: number): LayerWeights[] {
  checkInteger("shallowArrangement", "n", n, 1, 4096);
  const { weight, bias } = tangentLines(n, [0.5, 0.5], radiusFor(n, 0.45));
  return [
    { weight, bias, activation: "relu" },
    { weight: [outputWeights(n)], bias: [0], activation: "linear" },
  ];
}
