import { ArgumentError, fail, show } from "../../options/check.js";
import { apply, infinityNorm, invert } from "./small-matrix.js";

/** The deepest fractal the library builds (3^12 ≈ 5·10^5 pieces of a Cantor set; float32 inputs run out soon after). */
export const MAX_FRACTAL_DEPTH = 12;
/** The largest input dimension: the checks visit the 2^d corners of K_0. */
export const MAX_IFS_DIMENSION = 3;

/** One affine map F(x) = matrix · x + offset of an iterated function system. */
export interface IfsMap {
  /** `[d][d]`, row i gives output coordinate i. */
  readonly matrix: readonly (readonly number[])[];
  /** `[d]`. */
  readonly offset: readonly number[];
}

/**
 * An iterated function system: a box K_0 and affine maps F_1 … F_r of K_0 into itself.
 * The fractal of depth n is K_n = F_1(K_{n−1}) ∪ … ∪ F_r(K_{n−1}).
 */
export interface IfsSpec {
  /** A name for displays and dataset records, e.g. `"cantor"`. */
  readonly name: string;
  /** K_0 as a product of intervals [lo, hi], one per dimension (1 to 3 of them). */
  readonly box: readonly (readonly [number, number])[];
  /** The maps F_i, at least one. */
  readonly maps: readonly IfsMap[];
}

/** A map after {@link checkIfs}: its inverse z = inverse · y + shift is precomputed. */
export interface CheckedMap {
  matrix: number[][];
  offset: number[];
  /** A^{-1}. */
  inverse: number[][];
  /** −A^{-1} b, so that F^{-1}(y) = inverse · y + shift. */
  shift: number[];
  det: number;
  /** ∞-norm of A, < 1. */
  norm: number;
  /** Bounding box of F(K_0), `[d][lo, hi]`. */
  image: [number, number][];
}

/** An {@link IfsSpec} that passed {@link checkIfs}, in the form the samplers and the network builder use. */
export interface CheckedIfs {
  name: string;
  /** Input dimension. */
  d: number;
  /** Number of maps. */
  r: number;
  lo: number[];
  hi: number[];
  maps: CheckedMap[];
  /** The margin must stay below this (see `fractal`): half the smallest side of K_0, and the image separation. */
  maxMargin: number;
  /** The largest ∞-norm of an inverse: how much one unfolding step can magnify a distance (or a rounding error). */
  expansion: number;
}

/**
 * Checks an iterated function system and precomputes the inverses. It requires, with errors that name the map:
 * 1 to 3 dimensions (the image test visits the 2^d corners of K_0); every matrix d × d and invertible
 * (|det| > 1e-12); every map contractive in the max-distance (largest row sum of |entries| < 1); every image
 * F_i(K_0) inside K_0 (all 2^d corner images inside, up to 1e-12 of a side); and the images pairwise disjoint.
 * Disjointness is tested on the images' axis-aligned bounding boxes, which is sufficient but not necessary:
 * a system whose images are disjoint but whose bounding boxes meet is refused.
 *
 * @example
 * const ifs = dl.datasets.checkIfs("mine", { name: "halves", box: [[0, 1]],
 *   maps: [{ matrix: [[0.4]], offset: [0] }, { matrix: [[0.4]], offset: [0.6] }] });
 * ifs.maps[1].inverse // [[2.5]]
 */
export function checkIfs(fn: string, spec: IfsSpec, path = "spec"): CheckedIfs {
  const at = (name: string): string => (path ? `${path}.${name}` : name);
  if (typeof spec !== "object" || spec === null) fail(fn, path || "spec", "an object { name, box, maps }", spec);
  const { name, box, maps } = spec;
  if (typeof name !== "string") fail(fn, at("name"), "a string", name);
  const d = Array.isArray(box) ? box.length : 0;
  if (d < 1 || d > MAX_IFS_DIMENSION) fail(fn, at("box"), `an array of 1 to ${MAX_IFS_DIMENSION} intervals [lo, hi]`, box);
  box.forEach((side, k) => {
    const ok = Array.isArray(side) && side.length === 2 && side.every(Number.isFinite) && side[0] < side[1];
    if (!ok) fail(fn, at(`box[${k}]`), "an interval [lo, hi] of finite numbers with lo < hi", side);
  });
  const lo = box.map((s) => s[0]);
  const hi = box.map((s) => s[1]);
  if (!Array.isArray(maps) || maps.length === 0) fail(fn, at("maps"), "a non-empty array of { matrix, offset }", maps);
  const checked = maps.map((map, i) => checkMap(fn, at(`maps[${i}]`), map, lo, hi));
  let maxMargin = Math.min(...lo.map((l, k) => (hi[k]! - l) / 2));
  checked.forEach((a, i) =>
    checked.forEach((b, j) => {
      if (j === i) return;
      const gap = Math.max(...a.image.map(([aLo, aHi], k) => Math.max(b.image[k]![0] - aHi, aLo - b.image[k]![1])));
      if (j > i && !(gap > 0)) {
        const allowed = `a map whose image is disjoint from that of maps[${i}] (their bounding boxes must not meet)`;
        reject(fn, at(`maps[${j}]`), allowed, `images in ${show(rounded(a.image))} and ${show(rounded(b.image))}`);
      }
      // A point of F_i(K_0) is sent by F_j^{-1} at least gap / ‖A_j‖ away from K_0: the network's gates need margin ≤ that.
      maxMargin = Math.min(maxMargin, gap / b.norm);
    }),
  );
  const expansion = Math.max(...checked.map((m) => infinityNorm(m.inverse)));
  return { name, d, r: checked.length, lo, hi, maps: checked, maxMargin, expansion };
}

function checkMap(fn: string, name: string, map: IfsMap, lo: number[], hi: number[]): CheckedMap {
  const d = lo.length;
  if (typeof map !== "object" || map === null) fail(fn, name, "an object { matrix, offset }", map);
  const { matrix, offset } = map;
  const square = Array.isArray(matrix) && matrix.length === d && matrix.every((row) => Array.isArray(row) && row.length === d);
  if (!square || !matrix.every((row) => row.every(Number.isFinite)))
    fail(fn, `${name}.matrix`, `a ${d} × ${d} array of finite numbers`, matrix);
  if (!Array.isArray(offset) || offset.length !== d || !offset.every(Number.isFinite))
    fail(fn, `${name}.offset`, `an array of ${d} finite numbers`, offset);
  const { det, inverse } = invert(matrix);
  if (inverse === null || !(Math.abs(det) > 1e-12))
    reject(fn, `${name}.matrix`, "invertible (|det| > 1e-12)", `${show(matrix)} (det ${det})`);
  const norm = infinityNorm(matrix);
  if (!(norm < 1)) reject(fn, `${name}.matrix`, "contractive (largest row sum of |entries| < 1)", `${show(matrix)} (row sum ${norm})`);
  const image = lo.map((): [number, number] => [Infinity, -Infinity]);
  for (let mask = 0; mask < 2 ** d; mask++) {
    const corner = lo.map((l, k) => ((mask >> k) & 1 ? hi[k]! : l));
    const y = apply(matrix, corner, offset);
    y.forEach((v, k) => {
      const slack = 1e-12 * (hi[k]! - lo[k]!);
      if (!(v >= lo[k]! - slack && v <= hi[k]! + slack)) {
        reject(
          fn,
          name,
          "a map of the box into itself",
          `corner ${show(corner)} ↦ ${show(rounded(y))}, outside ${show(lo.map((l, j) => [l, hi[j]]))}`,
        );
      }
      image[k] = [Math.min(image[k]![0], v), Math.max(image[k]![1], v)];
    });
  }
  const shift = apply(inverse, offset).map((v) => -v);
  return { matrix: matrix.map((row) => [...row]), offset: [...offset], inverse, shift, det, norm, image };
}

/** Six significant digits, for messages. */
function rounded<T>(value: T): T {
  return (Array.isArray(value) ? value.map(rounded) : typeof value === "number" ? Number(value.toPrecision(6)) : value) as T;
}

/** Like `fail`, with the offending value already written out. */
function reject(fn: string, name: string, allowed: string, got: string): never {
  throw new ArgumentError(`${fn}: ${name} must be ${allowed}, got ${got}`);
}
