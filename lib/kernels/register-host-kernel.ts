import * as tf from "@tensorflow/tfjs";
import { type HostTensors, type TensorRef, hostTensors } from "./host-tensors.js";

/** A kernel written against {@link HostTensors}: its inputs by name and attrs in, the output tensor(s) out. */
export type HostKernel = (host: HostTensors, inputs: Record<string, TensorRef>, attrs: Record<string, unknown>) => TensorRef | TensorRef[];

/**
 * Registers `compute` as the kernel `kernelName` on a backend whose tensors live in this process (wasm, cpu).
 * True when it is registered (now or before), false for other backends, which keep tfjs's own ops.
 *
 * @example
 * registerHostKernel("MyNeg", "cpu", (host, { x }) => {
 *   const out = host.alloc(x!.shape);
 *   host.view(out).set(host.view(x!).map((v) => -v));
 *   return out;
 * });
 */
export function registerHostKernel(kernelName: string, backendName: string, compute: HostKernel): boolean {
  if (tf.getKernel(kernelName, backendName) !== undefined) return true;
  if (hostTensors(tf.findBackend(backendName)) === null) return false;
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) =>
      compute(hostTensors(backend)!, inputs as unknown as Record<string, TensorRef>, attrs as unknown as Record<string, unknown>) as never,
  });
  return true;
}
