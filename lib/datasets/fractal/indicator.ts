import { checkInteger, fail } from "../../options/check.js";
import { checkIfs, MAX_FRACTAL_DEPTH, type IfsSpec } from "./ifs.js";
import { unfold } from "./unfold.js";

/**
 * Box tests in {@link indicator} allow this fraction of a side, measured in x's own coordinates (so at unfolding
 * step t it is magnified as the maps magnify distances), so that rounding does not push boundary points out.
 */
export const BOUNDARY_SLACK = 1e-12;

/**
 * The membership test x ↦ 1_{x ∈ K_depth} of a fractal. It follows the definition: x ∈ K_0, and, when depth > 0,
 * F_i^{-1}(x) ∈ K_{depth−1} for the one map i (if any) whose inverse brings x back into K_0; the images are
 * disjoint, so there is never a choice to make. The sets are closed, so boundary points belong: computed in
 * float64, the test allows 1e-12 of a side (in x's coordinates) so that points such as 1/3 or 7/9 stay in the
 * Cantor set at every depth. Points that close to a boundary from outside count as inside too.
 * Takes a number when d = 1, or d coordinates.
 *
 * @example
 * const inC3 = dl.datasets.indicator(dl.datasets.cantor, 3);
 * inC3(0.1) // 1  (0.1 = 0.0022…₃)
 * inC3(0.5) // 0  (in the middle third)
 */
export function indicator(spec: IfsSpec, depth: number): (x: number | readonly number[]) => 0 | 1 {
  const ifs = checkIfs("indicator", spec);
  checkInteger("indicator", "depth", depth, 0, MAX_FRACTAL_DEPTH);
  return (x) => {
    const point = typeof x === "number" ? [x] : x;
    if (!Array.isArray(point) || point.length !== ifs.d) fail("indicator", "x", `a point with ${ifs.d} coordinate(s)`, x);
    return unfold(ifs, point, depth, BOUNDARY_SLACK, ifs.expansion).level === depth ? 1 : 0;
  };
}
