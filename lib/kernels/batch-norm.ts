import * as tf from "@tensorflow/tfjs";
import { type TensorRef, hostTensors } from "./host-tensors.js";

/** Kernel: batch normalisation of x [n, C] with its own statistics. Inputs x, gamma?, beta?; attr epsilon; outputs y, mean, variance (biased), 1/√(variance + ε). */
export const BATCH_NORM_TRAIN = "DepthlabBatchNormTrain";
/** Kernel: its backward pass. Inputs dy, x, mean, invStd, gamma?; outputs dx, then dgamma and dbeta when gamma is given. */
export const BATCH_NORM_TRAIN_GRAD = "DepthlabBatchNormTrainGrad";

/**
 * Registers the batch-norm training kernels ({@link BATCH_NORM_TRAIN} and {@link BATCH_NORM_TRAIN_GRAD}) on a backend
 * whose tensors live in this process (wasm, cpu): one pass of JavaScript over the values each way, sums in float64,
 * instead of the 6 forward and 13 backward tfjs ops of the same formulas. Returns false (registering nothing) for
 * other backends. Every training batch-norm layer of the library uses them where they are registered.
 *
 * @example
 * registerBatchNormKernels("wasm")
 */
export function registerBatchNormKernels(backendName: string): boolean {
  if (tf.getKernel(BATCH_NORM_TRAIN, backendName) !== undefined) return true; // registered before
  if (hostTensors(tf.findBackend(backendName)) === null) return false;
  tf.registerKernel({
    kernelName: BATCH_NORM_TRAIN,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const host = hostTensors(backend)!;
      const { x, gamma, beta } = inputs as unknown as { x: TensorRef; gamma?: TensorRef; beta?: TensorRef };
      const [n, c] = x.shape as [number, number];
      const outs = [host.alloc([n, c]), host.alloc([c]), host.alloc([c]), host.alloc([c])] as const;
      const [y, mean, variance, invStd] = outs.map((o) => host.view(o) as Float32Array) as [
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
      ];
      const xs = host.view(x) as Float32Array;
      normalise(xs, n, c, (attrs as unknown as { epsilon: number }).epsilon, { y, mean, variance, invStd });
      if (gamma !== undefined) affine(y, n, c, host.view(gamma) as Float32Array, beta ? (host.view(beta) as Float32Array) : null);
      return [...outs] as never;
    },
  });
  tf.registerKernel({
    kernelName: BATCH_NORM_TRAIN_GRAD,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const host = hostTensors(backend)!;
      const { dy, x, mean, invStd, gamma } = inputs as unknown as Record<"dy" | "x" | "mean" | "invStd", TensorRef> & { gamma?: TensorRef };
      const [n, c] = x.shape as [number, number];
      const outs = gamma === undefined ? [host.alloc([n, c])] : [host.alloc([n, c]), host.alloc([c]), host.alloc([c])];
      const v = (r: TensorRef): Float32Array => host.view(r) as Float32Array;
      const grads = { dx: v(outs[0]!), dGamma: outs[1] ? v(outs[1]) : null, dBeta: outs[2] ? v(outs[2]) : null };
      backward(v(dy), v(x), n, c, v(mean), v(invStd), gamma ? v(gamma) : null, grads);
      return outs as never;
    },
  });
  return true;
}

/** y = (x − mean)/√(var + ε) per column, with the biased statistics computed in float64 (two passes). */
function normalise(
  x: Float32Array,
  n: number,
  c: number,
  epsilon: number,
  out: { y: Float32Array; mean: Float32Array; variance: Float32Array; invStd: Float32Array },
): void {
  const sum = new Float64Array(c);
  for (let i = 0, row = 0; i < n; i++, row += c) for (let j = 0; j < c; j++) sum[j]! += x[row + j]!;
  for (let j = 0; j < c; j++) sum[j]! /= n; // now the mean
  const sq = new Float64Array(c);
  for (let i = 0, row = 0; i < n; i++, row += c)
    for (let j = 0; j < c; j++) {
      const d = x[row + j]! - sum[j]!;
      sq[j]! += d * d;
    }
  for (let j = 0; j < c; j++) {
    const variance = sq[j]! / n;
    const inv = 1 / Math.sqrt(variance + epsilon);
    out.mean[j] = sum[j]!;
    out.variance[j] = variance;
    out.invStd[j] = inv;
    sq[j] = inv;
  }
  for (let i = 0, row = 0; i < n; i++, row += c) for (let j = 0; j < c; j++) out.y[row + j] = (x[row + j]! - sum[j]!) * sq[j]!;
}

/** y ← γ·y + β in place. */
function affine(y: Float32Array, n: number, c: number, gamma: Float32Array, beta: Float32Array | null): void {
  for (let i = 0, row = 0; i < n; i++, row += c)
    for (let j = 0; j < c; j++) y[row + j] = gamma[j]! * y[row + j]! + (beta === null ? 0 : beta[j]!);
}

/**
 * With z = (x − mean)·invStd: dβ = Σ dy, dγ = Σ dy·z, dx = γ·invStd·(dy − dβ/n − z·dγ/n) (γ = 1 without affine);
 * the sums in float64.
 */
function backward(
  dy: Float32Array,
  x: Float32Array,
  n: number,
  c: number,
  mean: Float32Array,
  invStd: Float32Array,
  gamma: Float32Array | null,
  out: { dx: Float32Array; dGamma: Float32Array | null; dBeta: Float32Array | null },
): void {
  const sumDy = new Float64Array(c);
  const sumDyZ = new Float64Array(c);
  for (let i = 0, row = 0; i < n; i++, row += c)
    for (let j = 0; j < c; j++) {
      const g = dy[row + j]!;
      sumDy[j]! += g;
      sumDyZ[j]! += g * (x[row + j]! - mean[j]!) * invStd[j]!;
    }
  const k = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    k[j] = (gamma === null ? 1 : gamma[j]!) * invStd[j]!;
    if (out.dBeta) out.dBeta[j] = sumDy[j]!;
    if (out.dGamma) out.dGamma[j] = sumDyZ[j]!;
    sumDy[j]! /= n;
    sumDyZ[j]! /= n;
  }
  for (let i = 0, row = 0; i < n; i++, row += c)
    for (let j = 0; j < c; j++) {
      const z = (x[row + j]! - mean[j]!) * invStd[j]!;
      out.dx[row + j] = k[j]! * (dy[row + j]! - sumDy[j]! - z * sumDyZ[j]!);
    }
}
