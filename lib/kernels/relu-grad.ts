import * as tf from "@tensorflow/tfjs";
import type { TensorRef } from "./host-tensors.js";
import { registerHostKernel } from "./register-host-kernel.js";

/** Kernel: ReLU's backward pass, dx = dy where x > 0, else 0 (NaN where x is NaN or infinite). Inputs dy, x. */
export const RELU_GRAD = "DepthlabReluGrad";

/**
 * Registers {@link RELU_GRAD} on a backend whose tensors live in this process (wasm, cpu); false for others.
 *
 * @example
 * registerReluGradKernel("wasm")
 */
export function registerReluGradKernel(backendName: string): boolean {
  return registerHostKernel(RELU_GRAD, backendName, (host, inputs) => {
    const { dy, x } = inputs as unknown as { dy: TensorRef; x: TensorRef };
    const out = host.alloc(x.shape);
    const [dx, g, xs] = [out, dy, x].map((r) => host.view(r) as Float32Array) as [Float32Array, Float32Array, Float32Array];
    // (v − v) is 0, or NaN for a NaN (or infinite) x; written without a second branch, which the signs of x
    // would make unpredictable
    for (let i = 0; i < dx.length; i++) {
      const v = xs[i]!;
      dx[i] = (v > 0 ? g[i]! : 0) + (v - v);
    }
    return out as never;
  });
}

/**
 * Makes Relu's gradient one {@link RELU_GRAD} kernel where the running backend has it (tfjs's own gradient is
 * Step, Cast and Multiply: three kernels), and tfjs's own gradient elsewhere. Idempotent.
 *
 * @example
 * useReluGradKernel()
 */
export function useReluGradKernel(): void {
  const original = tf.getGradient("Relu");
  if (original === undefined || (original as { depthlab?: boolean }).depthlab) return;
  const config = {
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
      if (tf.getKernel(RELU_GRAD, tf.getBackend()) === undefined) return original.gradFunc(dy, saved, attrs);
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: dy as tf.Tensor, x }, {}) as tf.Tensor };
    },
    depthlab: true,
  };
  tf.registerGradient(config); // replaces tfjs's entry (tfjs says so only in DEBUG mode)
}
