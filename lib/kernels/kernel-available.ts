import * as tf from "@tensorflow/tfjs";

/**
 * Whether the running backend has the kernel `name` (one of depthlab's, which exist only where
 * registerHostKernels ran): library ops take their one-kernel path where it does and tfjs's op chain elsewhere.
 *
 * @example
 * kernelAvailable(BATCH_NORM_TRAIN) // true on wasm and cpu, false on webgl
 */
export function kernelAvailable(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
