import * as tf from "@tensorflow/tfjs";
import type { TensorRef } from "./host-tensors.js";

/**
 * Makes the wasm backend's Identity share its input's data (one more reference) instead of copying it, as the cpu
 * backend's does. tfjs tensors are immutable, so a copy buys nothing; under a gradient tape every tensor saved for
 * the backward pass goes through Identity (about 200 copies a step for a 16-layer MLP with batch norm). Strings
 * keep the original kernel. Returns false where the backend or its Identity is missing.
 *
 * @example
 * shareIdentity("wasm")
 */
export function shareIdentity(backendName = "wasm"): boolean {
  const original = tf.getKernel("Identity", backendName);
  if (original === undefined || (original as { depthlab?: boolean }).depthlab) return original !== undefined;
  tf.unregisterKernel("Identity", backendName);
  tf.registerKernel({
    kernelName: "Identity",
    backendName,
    kernelFunc: (args) => {
      const x = (args.inputs as unknown as { x: TensorRef }).x;
      if (x.dtype === "string") return original.kernelFunc(args);
      (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype } as never;
    },
    depthlab: true,
  } as tf.KernelConfig);
  return true;
}
