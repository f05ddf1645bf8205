import * as tf from "@tensorflow/tfjs";
import type { TensorRef } from "./host-tensors.js";
import { registerHostKernel } from "./register-host-kernel.js";

/**
 * Kernel: mean cross-entropy of logits [B, K] against integer labels [B] (int32 or float32, truncated toward zero
 * as a cast to int32 does). Outputs the loss (a scalar) and softmax(logits) [B, K] for the backward pass. A label
 * outside [0, K) counts as a zero one-hot row, as tf.oneHot makes it: its sample adds 0 to the loss.
 */
export const SOFTMAX_CROSS_ENTROPY = "DepthlabSoftmaxCrossEntropy";
/** Kernel: its gradient with respect to the logits, dy·(softmax − onehot)/B. Inputs dy (scalar), probs, labels. */
export const SOFTMAX_CROSS_ENTROPY_GRAD = "DepthlabSoftmaxCrossEntropyGrad";

/**
 * Registers the two cross-entropy kernels on a backend whose tensors live in this process (wasm, cpu): about 25
 * tfjs ops of log-softmax, one-hot and sums become one pass each way. False (nothing registered) for others.
 *
 * @example
 * registerCrossEntropyKernels("wasm")
 */
export function registerCrossEntropyKernels(backendName: string): boolean {
  if (
    !registerHostKernel(SOFTMAX_CROSS_ENTROPY, backendName, (host, inputs, attrs) => {
      const { logits, labels } = inputs as unknown as { logits: TensorRef; labels: TensorRef };
      const [b, k] = logits.shape as [number, number];
      const outs = [host.alloc([]), host.alloc([b, k])];
      const [loss, probs] = outs.map((o) => host.view(o) as Float32Array) as [Float32Array, Float32Array];
      const z = host.view(logits) as Float32Array;
      const y = host.view(labels);
      let total = 0;
      for (let i = 0, row = 0; i < b; i++, row += k) {
        let max = -Infinity;
        for (let j = 0; j < k; j++) max = Math.max(max, z[row + j]!);
        let sum = 0;
        for (let j = 0; j < k; j++) sum += Math.exp(z[row + j]! - max);
        for (let j = 0; j < k; j++) probs[row + j] = Math.exp(z[row + j]! - max) / sum;
        const label = Math.trunc(y[i]!);
        if (label >= 0 && label < k) total += max + Math.log(sum) - z[row + label]!;
      }
      loss[0] = total / b;
      return outs as never;
    })
  )
    return false;
  if (
    !registerHostKernel(SOFTMAX_CROSS_ENTROPY_GRAD, backendName, (host, inputs, attrs) => {
      const { dy, probs, labels } = inputs as unknown as Record<"dy" | "probs" | "labels", TensorRef>;
      const [b, k] = probs.shape as [number, number];
      const out = host.alloc([b, k]);
      const d = host.view(out) as Float32Array;
      const p = host.view(probs) as Float32Array;
      const y = host.view(labels);
      const scale = host.view(dy)[0]! / b;
      for (let i = 0, row = 0; i < b; i++, row += k) {
        const label = Math.trunc(y[i]!);
        const valid = label >= 0 && label < k;
        // a zero one-hot row: the loss does not depend on that sample's logits
        for (let j = 0; j < k; j++) d[row + j] = valid ? scale * (p[row + j]! - (j === label ? 1 : 0)) : 0;
      }
      return out as never;
    })
  )
    return false;
  return true;
}
