import type { CheckedIfs, CheckedMap } from "./ifs.js";
import { apply } from "./small-matrix.js";

/**
 * Membership maths of a checked iterated function system, in float64. Internal: no argument checks.
 *
 * `slack` widens K_0 by slack·(side length) in every box test: a small positive slack keeps boundary points
 * inside despite rounding (the closed sets of the definition); a negative one asks for points robustly inside.
 * In `unfold` the slack of step t is slack·growth^t: with growth = the largest expansion of an inverse map it
 * stays the same size in x's own coordinates, as the rounding errors that it must absorb do.
 */

/** F_i^{-1}(y). */
export function inverseOf(map: CheckedMap, y: ArrayLike<number>): number[] {
  return apply(map.inverse, y, map.shift);
}

/** F_i(x). */
export function imageOf(map: CheckedMap, x: ArrayLike<number>): number[] {
  return apply(map.matrix, x, map.offset);
}

/** True when z lies in K_0 widened by slack·side. */
export function inBox(ifs: CheckedIfs, z: ArrayLike<number>, slack: number): boolean {
  for (let k = 0; k < ifs.d; k++) {
    const s = slack * (ifs.hi[k]! - ifs.lo[k]!);
    if (!(z[k]! >= ifs.lo[k]! - s && z[k]! <= ifs.hi[k]! + s)) return false;
  }
  return true;
}

/** The max-distance (∞-norm) from z to K_0; 0 inside. */
export function boxDistance(ifs: CheckedIfs, z: ArrayLike<number>): number {
  let dist = 0;
  for (let k = 0; k < ifs.d; k++) dist = Math.max(dist, ifs.lo[k]! - z[k]!, z[k]! - ifs.hi[k]!);
  return dist;
}

/**
 * Undoes up to `steps` maps: starting from x ∈ K_0, each step replaces y by the F_i^{-1}(y) that lies in K_0
 * (at most one does, since the images are disjoint). Returns how many steps succeeded (−1 when x ∉ K_0) and the
 * point reached. x ∈ K_n exactly when at least n steps succeed.
 */
export function unfold(
  ifs: CheckedIfs,
  x: ArrayLike<number>,
  steps: number,
  slack: number,
  growth = 1,
): { level: number; point: number[] } {
  let point = Array.from({ length: ifs.d }, (_, k) => x[k]!);
  if (!inBox(ifs, point, slack)) return { level: -1, point };
  for (let level = 0; level < steps; level++) {
    const widened = slack * growth ** (level + 1);
    const next = ifs.maps.map((m) => inverseOf(m, point)).find((z) => inBox(ifs, z, widened));
    if (next === undefined) return { level, point };
    point = next;
  }
  return { level: steps, point };
}

/** True when every F_i^{-1}(u) is at max-distance ≥ margin from K_0: u lies in the gap that separates the images. */
export function inGap(ifs: CheckedIfs, u: ArrayLike<number>, margin: number): boolean {
  return ifs.maps.every((m) => boxDistance(ifs, inverseOf(m, u)) >= margin);
}
