import type { LayerWeights } from "../../nets/layer-weights.js";
import type { CheckedIfs } from "./ifs.js";
import { multiply } from "./small-matrix.js";

/** y = P·h + q: a point of R^d as an affine function of the previous layer's outputs h. P is `[d][width of h]`. */
interface Affine {
  P: number[][];
  q: number[];
}

/**
 * The layers of `fractalNet` (see there for the construction), all in float64. Unit order: layer A has, per map i
 * and coordinate k, the excursions below and above K_0 at index 2(d·i + k) and 2(d·i + k) + 1, then the carry
 * relu(y_k), relu(−y_k) at 2dr + 2k, 2dr + 2k + 1; layer B has the gated pair at 2(d·i + k), 2(d·i + k) + 1 and
 * a_i at 2dr + i.
 */
export function unfoldLayers(ifs: CheckedIfs, depth: number, margin: number): LayerWeights[] {
  const { d, r, lo, hi, maps } = ifs;
  const big = Math.max(...lo.map(Math.abs), ...hi.map(Math.abs)) + margin; // B = M + margin
  const far = hi.map((h) => h + 2 * margin); // p: G(p) = p, and p is 2·margin outside K_0
  const layers: LayerWeights[] = [];
  let y: Affine = { P: identity(d), q: new Array<number>(d).fill(0) }; // y = x on the input
  for (let level = 0; level < depth; level++) {
    // Layer A: excursions of every z_i = F_i^{-1}(y), then y carried as relu(y) and relu(−y). Width 2dr + 2d.
    const A: LayerWeights = { weight: [], bias: [], activation: "relu" };
    for (const map of maps) {
      const z = compose(map.inverse, map.shift, y);
      for (let k = 0; k < d; k++) {
        push(A, scale(z.P[k]!, -1), lo[k]! - z.q[k]!); // relu(lo_k − z_k)
        push(A, z.P[k]!, z.q[k]! - hi[k]!); // relu(z_k − hi_k)
      }
    }
    for (let k = 0; k < d; k++) {
      push(A, y.P[k]!, y.q[k]!);
      push(A, scale(y.P[k]!, -1), -y.q[k]!);
    }
    layers.push(A);
    // Layer B reads A: y = carry⁺ − carry⁻, e_i = Σ of map i's excursions. Width 2dr + r.
    const widthA = 2 * d * r + 2 * d;
    const carried: Affine = {
      P: unitRows(d, widthA, (k) => [
        [2 * d * r + 2 * k, 1],
        [2 * d * r + 2 * k + 1, -1],
      ]),
      q: new Array<number>(d).fill(0),
    };
    const excursion = (i: number): number[] =>
      row(
        widthA,
        Array.from({ length: 2 * d }, (_, u) => [2 * d * i + u, 1]),
      );
    const B: LayerWeights = { weight: [], bias: [], activation: "relu" };
    maps.forEach((map, i) => {
      const z = compose(map.inverse, map.shift, carried);
      const gate = scale(excursion(i), big / margin);
      for (let k = 0; k < d; k++) {
        // relu(z − (B/m)·e) − relu(−z − (B/m)·e): if e = 0 this is relu(z) − relu(−z) = z. If e ≥ m, then
        // |z_k| ≤ M + e (each coordinate leaves K_0 by at most e) ≤ (M/m)·e + e = (B/m)·e, so both terms are 0.
        push(B, sub(z.P[k]!, gate), z.q[k]!);
        push(B, sub(scale(z.P[k]!, -1), gate), -z.q[k]!);
      }
    });
    maps.forEach((_, i) => push(B, scale(excursion(i), -1 / margin), 1)); // a_i = relu(1 − e_i/m): 1 if e_i = 0, 0 if ≥ m
    layers.push(B);
    // G(y) = Σ_i (gated pair differences) + (1 − Σ_i a_i)·p, linear in B: folded into the next layer.
    const widthB = 2 * d * r + r;
    y = {
      P: unitRows(d, widthB, (k) => [
        ...maps.flatMap((_, i): [number, number][] => [
          [2 * (d * i + k), 1],
          [2 * (d * i + k) + 1, -1],
        ]),
        ...maps.map((_, i): [number, number] => [2 * d * r + i, -far[k]!]),
      ]),
      q: far,
    };
  }
  // I_0(y) = relu(1 − e_0(y)/m), e_0 the L1 excursion of y = G^depth(x) from K_0.
  const last: LayerWeights = { weight: [], bias: [], activation: "relu" };
  for (let k = 0; k < d; k++) {
    push(last, scale(y.P[k]!, -1), lo[k]! - y.q[k]!);
    push(last, y.P[k]!, y.q[k]! - hi[k]!);
  }
  layers.push(last);
  layers.push({ weight: [new Array<number>(2 * d).fill(-1 / margin)], bias: [1], activation: "relu" });
  return layers;
}

/** z = C·y + g as an affine function of h. */
function compose(C: number[][], g: number[], y: Affine): Affine {
  return { P: multiply(C, y.P), q: C.map((row, k) => row.reduce((s, c, j) => s + c * y.q[j]!, g[k]!)) };
}

function push(layer: LayerWeights, weights: number[], bias: number): void {
  layer.weight.push(weights);
  layer.bias.push(bias);
}

function identity(d: number): number[][] {
  return unitRows(d, d, (k) => [[k, 1]]);
}

/** d rows of the given width, row k holding the (index, value) entries. */
function unitRows(d: number, width: number, entries: (k: number) => [number, number][]): number[][] {
  return Array.from({ length: d }, (_, k) => row(width, entries(k)));
}

function row(width: number, entries: [number, number][]): number[] {
  const out = new Array<number>(width).fill(0);
  for (const [j, v] of entries) out[j]! += v;
  return out;
}

function scale(v: number[], s: number): number[] {
  return v.map((x) => x * s);
}

function sub(a: number[], b: number[]): number[] {
  return a.map((x, j) => x - b[j]!);
}
