import type { IfsMap, IfsSpec } from "./ifs.js";

/**
 * The lecture's Cantor set: K_0 = [0, 1], F_1(x) = 1/3 − x/3 (the left third, flipped), F_2(x) = 2/3 + x/3.
 * K_n is the middle-thirds Cantor set after n steps: 2^n intervals of length 3^−n.
 *
 * @example
 * const ds = dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 3, n: 1000, seed: 0 });
 */
export const cantor: IfsSpec = freeze({
  name: "cantor",
  box: [[0, 1]],
  maps: [
    { matrix: [[-1 / 3]], offset: [1 / 3] },
    { matrix: [[1 / 3]], offset: [2 / 3] },
  ],
});

/**
 * The Cantor dust C_n × C_n: K_0 = [0, 1]², and four maps F_c(x) = c + (x − c)/3 that shrink the square
 * towards each corner c ∈ {0, 1}².
 *
 * @example
 * const ds = dl.datasets.fractal({ maps: dl.datasets.cantorDust, depth: 3, n: 2000, seed: 0 });
 */
export const cantorDust: IfsSpec = freeze({
  name: "cantorDust",
  box: [
    [0, 1],
    [0, 1],
  ],
  maps: cornerMaps([0, 1], 1 / 3),
});

/**
 * The lecture's example: K_0 = [−1, 1]², F_c(x) = c + (x − c)/4 for the four corners c ∈ {±1}².
 * K_n has 4^n squares of side 2·4^−n.
 *
 * @example
 * const ds = dl.datasets.fractal({ maps: dl.datasets.cornerFractal, depth: 2, n: 2000, seed: 0 });
 */
export const cornerFractal: IfsSpec = freeze({
  name: "cornerFractal",
  box: [
    [-1, 1],
    [-1, 1],
  ],
  maps: cornerMaps([-1, 1], 1 / 4),
});

/** F_c(x) = c + s·(x − c) = s·x + (1 − s)·c for the corners c of [a, b]², first coordinate slowest. */
function cornerMaps(ends: [number, number], s: number): IfsMap[] {
  return ends.flatMap((c0) =>
    ends.map((c1) => ({
      matrix: [
        [s, 0],
        [0, s],
      ],
      offset: [(1 - s) * c0, (1 - s) * c1],
    })),
  );
}

/** The ready-made systems are shared, so they are frozen all the way down. */
function freeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) freeze(v);
    Object.freeze(value);
  }
  return value;
}
