import * as tf from "@tensorflow/tfjs";
import type { DataBackend, Info } from "./kernel-data.js";

/**
 * Makes every kernel that the cpu backend has and `target` (wasm) lacks run on cpu: the inputs are copied to
 * the cpu backend, the cpu kernel runs, the outputs are copied back. Without this, training a CNN on wasm fails
 * (tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, AvgPoolGrad, UnsortedSegmentSum, …). The copies cost
 * time, so these kernels are slower than native ones, but everything runs. Returns the names forwarded.
 *
 * @example
 * forwardMissingKernels("wasm") // ["AvgPoolGrad", "Conv2DBackpropFilter", …]
 */
export function forwardMissingKernels(target = "wasm"): string[] {
  const cpu = tf.engine().findBackend("cpu") as unknown as DataBackend | null;
  if (!cpu) return [];
  const have = new Set(tf.getKernelsForBackend(target).map((k) => k.kernelName));
  const forwarded: string[] = [];
  for (const kernel of tf.getKernelsForBackend("cpu")) {
    if (have.has(kernel.kernelName)) continue;
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName: target,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const own = backend as unknown as DataBackend;
        const moved: Record<string, Info> = {};
        for (const [key, info] of Object.entries(inputs as Record<string, Info>)) {
          moved[key] = { dataId: cpu.write(own.readSync(info.dataId), info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
        }
        try {
          const out = kernel.kernelFunc({ inputs: moved as never, attrs, backend: cpu as never }) as Info | Info[];
          const back = (o: Info): Info => {
            const dataId = own.write(cpu.readSync(o.dataId), o.shape, o.dtype);
            cpu.disposeData(o.dataId, true);
            return { dataId, shape: o.shape, dtype: o.dtype };
          };
          return (Array.isArray(out) ? out.map(back) : back(out)) as never;
        } finally {
          for (const info of Object.values(moved)) cpu.disposeData(info.dataId, true);
        }
      },
    });
    forwarded.push(kernel.kernelName);
  }
  return forwarded.sort();
}
