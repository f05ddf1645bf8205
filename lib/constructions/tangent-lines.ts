/**
 * n ReLU units whose zero lines are tangent to a circle, facing outwards: unit j is
 * relu(u_j · (x − center) − radius) with u_j = (cos θ_j, sin θ_j), θ_j = offset + πj/n, plus π for odd j.
 * The lines have n different directions, so they are in general position (no two parallel, and no three
 * tangents of a circle meet in one point), and every crossing lies within radius / sin(π/2n) of the center.
 * Turning every other normal around spreads the normals over the whole circle (for n ≥ 3), so the cell where
 * all units are off, the only cell where the output is constant, is the small polygon around the center.
 */
export function tangentLines(n: number, center: [number, number], radius: number, offset = 0.1): { weight: number[][]; bias: number[] } {
  const weight: number[][] = [];
  const bias: number[] = [];
  for (let j = 0; j < n; j++) {
    const t = offset + (Math.PI * j) / n + (j % 2) * Math.PI;
    const u: [number, number] = [Math.cos(t), Math.sin(t)];
    weight.push(u);
    bias.push(-(u[0] * center[0] + u[1] * center[1]) - radius);
  }
  return { weight, bias };
}

/** The radius that keeps every crossing of n tangent lines within `reach` of the center. */
export function radiusFor(n: number, reach: number): number {
  return n === 1 ? reach : reach * Math.sin(Math.PI / (2 * n));
}

/** Output weights that are all different and non-zero, so that neighbouring cells get different affine maps. */
export function outputWeights(n: number): number[] {
  return Array.from({ length: n }, (_, j) => 1 + 0.618 * j);
}
