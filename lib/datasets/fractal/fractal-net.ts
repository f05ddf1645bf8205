import type * as tf from "@tensorflow/tfjs";
import { fromWeights } from "../../nets/from-weights.js";
import type { LayerWeights } from "../../nets/layer-weights.js";
import { type KnownKeys, checkInteger, checkKeys } from "../../options/check.js";
import { MAX_FRACTAL_DEPTH, type IfsMap, type IfsSpec } from "./ifs.js";
import { checkMargin, resolveIfs } from "./resolve-ifs.js";
import { unfoldLayers } from "./unfold-layers.js";

/** Options of {@link fractalNet} and {@link fractalNetWeights}. */
export interface FractalNetOptions {
  /** The margin of the `fractal` dataset the net must classify, in (0, maxMargin). Default 0.05, as in `fractal`. */
  margin?: number;
  /** K_0 when `spec` is an array of maps. Default [−1, 1]^d. */
  box?: readonly (readonly [number, number])[];
}
const KEYS: KnownKeys<FractalNetOptions> = { margin: true, box: true };

/**
 * The lecture's depth-separation witness: a ReLU network with 2·depth + 1 hidden layers of width at most 5dr
 * that outputs 1 on K_depth and 0 on every negative of `fractal({ maps: spec, depth, margin })`.
 *
 * The idea: membership in K_n reduces to membership in K_{n−1} after undoing one map, so the net undoes maps.
 * Let e(z) = Σ_k relu(lo_k − z_k) + relu(z_k − hi_k), how far (in L1) z sticks out of K_0, and let G map y to
 * the z_i = F_i^{-1}(y) that lands in K_0, or, when every z_i sticks out by at least the margin, to a parking point
 * p (the top corner of K_0 pushed out by 2·margin, which G maps to itself). Then 1_{K_depth}(x) = I_0(G^depth(x))
 * with I_0(y) = relu(1 − e(y)/margin). Every sample of the dataset is of one of these two kinds at every level:
 * positives unfold into K_0 and the other maps throw them out by at least the margin (the images are that far
 * apart), and negatives reach a gap point, which goes to p and stays there. Two hidden layers do one step of G:
 * - layer A (2dr + 2d units): the 2d excursions of each z_i, which is affine in y, and y itself carried as
 *   relu(y_k), relu(−y_k);
 * - layer B (2dr + r units): per map the gated pair relu(z_{i,k} − (B/m)·e_i), relu(−z_{i,k} − (B/m)·e_i) with
 *   B = max|bound of K_0| + margin, whose difference is z_{i,k} when e_i = 0 and 0 when e_i ≥ margin; and a
 *   switch a_i = relu(1 − e_i/margin). G(y) = Σ_i (pair differences) + (1 − Σ_i a_i)·p is linear in layer B, so it
 *   is multiplied into the next layer's weights instead of taking a layer of its own.
 * A last hidden layer holds the 2d excursions of G^depth(x), and the relu output unit is 1 − e/margin.
 * All compositions are done in float64; tfjs then stores float32, whose rounding the deep unfolding magnifies
 * (by 3^depth for the Cantor set), so the tfjs outputs are exact labels only up to a small error.
 *
 * @example
 * const net = dl.datasets.fractalNet(dl.datasets.cantor, 3);
 * const ds = dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 3, seed: 0 });
 * net.predict(ds.x) // ≈ ds.y, as floats
 */
export function fractalNet(spec: IfsSpec | readonly IfsMap[], depth: number, options: FractalNetOptions = {}): tf.Sequential {
  return fromWeights(build("fractalNet", spec, depth, options));
}

/**
 * {@link fractalNet} as a plain description (PyTorch layout, float64), to evaluate without tfjs or inspect.
 *
 * @example
 * const layers = dl.datasets.fractalNetWeights(dl.datasets.cornerFractal, 2);
 * layers.map((l) => l.weight.length) // [20, 20, 20, 20, 4, 1]: 2·depth + 1 hidden layers, then the output
 */
export function fractalNetWeights(spec: IfsSpec | readonly IfsMap[], depth: number, options: FractalNetOptions = {}): LayerWeights[] {
  return build("fractalNetWeights", spec, depth, options);
}

function build(fn: string, spec: IfsSpec | readonly IfsMap[], depth: number, options: FractalNetOptions): LayerWeights[] {
  const { margin = 0.05, box } = checkKeys(fn, options, KEYS);
  const ifs = resolveIfs(fn, "spec", spec, box);
  checkInteger(fn, "depth", depth, 0, MAX_FRACTAL_DEPTH);
  checkMargin(fn, ifs, margin);
  return unfoldLayers(ifs, depth, margin);
}
