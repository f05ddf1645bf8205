/**
 * An independent float64 reference for the counters' tests: a plain forward pass over a PyTorch-layout
 * description, the activation pattern at a point, and random nets from a seed. It shares no code with lib/regions.
 */
import type { LayerWeights } from "../../../lib/nets/layer-weights.js";
import { Rng } from "../../../lib/random/rng.js";

export function forward(layers: readonly LayerWeights[], x: readonly number[]): { y: number[]; pattern: string } {
  let h = x.slice();
  let pattern = "";
  for (const { weight, bias, activation = "relu", alpha = 0.01 } of layers) {
    const pre = weight.map((row, i) => row.reduce((s, w, j) => s + w * h[j]!, bias[i]!));
    if (activation !== "linear") pattern += pre.map((v) => (v > 0 ? "1" : "0")).join("");
    h = pre.map((v) =>
      activation === "relu"
        ? Math.max(0, v)
        : activation === "leakyRelu"
          ? v > 0
            ? v
            : alpha * v
          : activation === "abs"
            ? Math.abs(v)
            : v,
    );
  }
  return { y: h, pattern };
}

/** A random ReLU net inputs → widths… → 1 (linear output), weights and biases standard normal. */
export function randomNet(seed: number, inputs: number, widths: readonly number[]): LayerWeights[] {
  const rng = new Rng(seed);
  const sizes = [inputs, ...widths, 1];
  return sizes.slice(1).map((out, k) => ({
    weight: Array.from({ length: out }, () => Array.from({ length: sizes[k]! }, () => rng.normal())),
    bias: Array.from({ length: out }, () => rng.normal()),
    activation: k === widths.length ? "linear" : "relu",
  }));
}

/** Exact ∫_a^b |s·x + c| dx. */
export function absIntegral(s: number, c: number, a: number, b: number): number {
  const f = (x: number): number => s * x + c;
  const prim = (x: number): number => (s * x * x) / 2 + c * x;
  if (s !== 0) {
    const r = -c / s;
    if (r > a && r < b) return Math.abs(prim(r) - prim(a)) + Math.abs(prim(b) - prim(r));
  }
  return Math.abs(prim(b) - prim(a)) * (f((a + b) / 2) === 0 ? 0 : 1);
}
