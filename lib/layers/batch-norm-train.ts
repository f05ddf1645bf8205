import * as tf from "@tensorflow/tfjs";
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from "../kernels/batch-norm.js";
import { kernelAvailable } from "../kernels/kernel-available.js";

/**
 * Batch normalisation of `x` ([n, C]) with the statistics of the batch itself, as one tfjs op with a
 * hand-written gradient: the training path of {@link BatchNorm}. With m and v the per-column mean and biased
 * variance and z = (x − m)/√(v + ε), it returns y = γ·z + β, and its backward pass is
 *   dL/dβ = Σ_b dy,   dL/dγ = Σ_b dy·z,   dL/dx = (γ/√(v + ε))·(dy − dL/dβ / n − z·dL/dγ / n),
 * the lecture's dL/dx = (1/√(v + ε))·(dz − mean(dz) − z·mean(dz·z)) with dz = γ·dy written with the sums
 * already needed for γ and β. Where the backend has depthlab's batch-norm kernels (wasm, cpu: see
 * registerBatchNormKernels) each way is one kernel; elsewhere it is 6 full-size tfjs ops forward and 7 backward.
 *
 * `onStats(mean, variance)` is called once, inside the forward pass, with the batch mean and biased variance
 * ([C] each); nothing it computes is recorded for differentiation (use it to update running statistics).
 * `gamma` and `beta` are [C], or both null for no affine part (γ = 1, β = 0).
 *
 * @example
 * const y = batchNormTrain(x, gamma, beta, 1e-5, (mean) => batchMean.assign(mean));
 */
export function batchNormTrain(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D | null,
  beta: tf.Tensor1D | null,
  epsilon: number,
  onStats: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): tf.Tensor2D {
  if (kernelAvailable(BATCH_NORM_TRAIN)) return oneKernel(x, gamma, beta, epsilon, onStats);
  const n = x.shape[0];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, g, b] = args as [tf.Tensor2D, tf.Tensor1D?, tf.Tensor1D?];
    const mean = tf.mean(input, 0); // [C]
    const centred = tf.sub(input, mean); // [n, C]
    const variance = tf.mean(tf.square(centred), 0) as tf.Tensor1D; // [C], biased
    onStats(mean as tf.Tensor1D, variance);
    const invStd = tf.rsqrt(tf.add(variance, epsilon)); // [C]
    const scale = g === undefined ? invStd : tf.mul(g, invStd); // [C], γ/√(v + ε)
    const scaled = tf.mul(centred, scale); // [n, C]
    save(g === undefined ? [centred, invStd] : [centred, invStd, g]);
    return {
      value: (b === undefined ? scaled : tf.add(scaled, b)) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [c, inv, gs] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D?];
        const dBeta = tf.sum(dy, 0); // [C], Σ dy
        const dGamma = tf.mul(tf.sum(tf.mul(dy, c), 0), inv); // [C], Σ dy·z
        const k = gs === undefined ? inv : tf.mul(gs, inv); // [C]
        const zTerm = tf.mul(c, tf.mul(inv, tf.div(dGamma, n))); // [n, C], z·dL/dγ / n
        const dx = tf.mul(tf.sub(tf.sub(dy, tf.div(dBeta, n)), zTerm), k); // [n, C]
        return gs === undefined ? [dx] : [dx, dGamma, dBeta];
      },
    };
  });
  return (gamma === null || beta === null ? op(x) : op(x, gamma, beta)) as tf.Tensor2D;
}

/** {@link batchNormTrain} as one kernel each way (the backend has {@link BATCH_NORM_TRAIN}). */
function oneKernel(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D | null,
  beta: tf.Tensor1D | null,
  epsilon: number,
  onStats: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, g, b] = args as [tf.Tensor2D, tf.Tensor1D?, tf.Tensor1D?];
    const inputs: tf.NamedTensorMap = g === undefined ? { x: input } : { x: input, gamma: g, beta: b! };
    const [y, mean, variance, invStd] = tf.engine().runKernel(BATCH_NORM_TRAIN, inputs, { epsilon }) as tf.Tensor[];
    onStats(mean as tf.Tensor1D, variance as tf.Tensor1D);
    save(g === undefined ? [input, mean!, invStd!] : [input, mean!, invStd!, g]);
    return {
      value: y as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, m, inv, gs] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D?];
        const gradInputs: tf.NamedTensorMap =
          gs === undefined ? { dy, x: xs, mean: m, invStd: inv } : { dy, x: xs, mean: m, invStd: inv, gamma: gs };
        return tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, gradInputs, {}) as tf.Tensor[];
      },
    };
  });
  return (gamma === null || beta === null ? op(x) : op(x, gamma, beta)) as tf.Tensor2D;
}
