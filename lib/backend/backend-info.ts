/** The TensorFlow.js backends depthlab can run on, fastest first. */
export type BackendName = "tensorflow" | "webgpu" | "wasm" | "cpu";

/** The backend names `DEPTHLAB_BACKEND` accepts. */
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow", "webgpu", "wasm", "cpu"];

/** Why a faster backend was not used. */
export interface SkippedBackend {
  /** The package or backend that was tried, e.g. `"tfjs-node-gpu"`. */
  candidate: string;
  /** A sentence saying why it was skipped. */
  reason: string;
}

/** What `dl.backendInfo()` reports about the running backend. */
export interface BackendInfo {
  /** The tfjs backend name in use: `tensorflow`, `webgpu`, `wasm` or `cpu`. */
  backend: BackendName;
  /** The package that provides it, e.g. `@tensorflow/tfjs-node-gpu`. */
  provider: string;
  /** Where the maths runs, e.g. `"CPU (libtensorflow)"` or the GPU's name. */
  device: string;
  /** Whether the wasm backend uses SIMD (null for other backends). */
  simd: boolean | null;
  /** Threads the backend may use (null when unknown). */
  threads: number | null;
  /**
   * Threads of depthlab's own WebAssembly kernels (the fused MLP engine's products, the convolutions) on wasm and
   * cpu: `DEPTHLAB_THREADS`, else the cores; absent for the other backends.
   */
  kernelThreads?: number;
  /** The version of @tensorflow/tfjs-core. */
  tfjsVersion: string;
  /** True when `DEPTHLAB_BACKEND` chose the backend. */
  forced: boolean;
  /** The faster backends that were tried and why each was skipped. */
  skipped: SkippedBackend[];
}

/**
 * One line for a banner, e.g. `wasm (SIMD, 1 thread, depthlab's kernels on 2) on CPU; tfjs 4.22.0`.
 *
 * @example
 * describeBackend(dl.backendInfo()) // "wasm (SIMD, 1 thread) on CPU; tfjs 4.22.0"
 */
export function describeBackend(info: BackendInfo): string {
  const traits: string[] = [];
  if (info.simd !== null) traits.push(info.simd ? "SIMD" : "no SIMD");
  if (info.threads !== null) traits.push(`${info.threads} thread${info.threads === 1 ? "" : "s"}`);
  if (info.kernelThreads !== undefined) traits.push(`depthlab's kernels on ${info.kernelThreads}`);
  const extra = traits.length > 0 ? ` (${traits.join(", ")})` : "";
  return `${info.backend}${extra} on ${info.device}; tfjs ${info.tfjsVersion}`;
}
