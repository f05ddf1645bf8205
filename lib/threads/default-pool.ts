import { ThreadPool } from "./thread-pool.js";

let pool: ThreadPool | undefined;

/**
 * The process's thread pool for depthlab's WebAssembly kernels, made at the first call with `DEPTHLAB_THREADS`
 * threads (default: the number of cores). Its workers start only when a product big enough to split first runs.
 * Every kernel instance uses it unless given its own pool, so one setting decides the threads of the whole process.
 *
 * @example
 * defaultPool().threads // 2 on two cores
 */
export function defaultPool(): ThreadPool {
  return (pool ??= new ThreadPool());
}

/**
 * Threads depthlab's own WebAssembly kernels (the fused MLP engine's GEMMs, the convolutions) use, the calling one
 * included: `DEPTHLAB_THREADS`, else the number of cores; 1 where this runtime has no shared memory or the workers
 * could not start. Small products stay on one thread whatever this says. For dl.backendInfo().
 *
 * @example
 * kernelThreads() // 2
 */
export function kernelThreads(): number {
  return defaultPool().threads;
}
