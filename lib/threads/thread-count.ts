import * as os from "node:os";
import { fail } from "../options/check.js";

/** The most threads depthlab's WebAssembly kernels take (each thread past the cores only adds waiting). */
export const MAX_THREADS = 64;

/** Where {@link threadCount} reads the environment and the number of cores (both injectable for tests). */
export interface ThreadCountOptions {
  /** The environment (default process.env). */
  env?: Record<string, string | undefined>;
  /** The cores this process may use (default os.availableParallelism()). */
  cores?: number;
}

/**
 * Threads for depthlab's WebAssembly kernels (GEMM and convolutions, lib/threads/): the environment variable
 * `DEPTHLAB_THREADS`, an integer in [1, 64], or by default the cores this process may use (at most 64). An invalid
 * value is an error that names the variable and its range, not a silent default.
 *
 * @example
 * threadCount({ env: { DEPTHLAB_THREADS: "1" } }) // 1
 * threadCount({ env: {}, cores: 2 }) // 2
 */
export function threadCount({ env = process.env, cores = os.availableParallelism() }: ThreadCountOptions = {}): number {
  const raw = env["DEPTHLAB_THREADS"];
  if (raw === undefined || raw.trim() === "") return Math.max(1, Math.min(MAX_THREADS, cores));
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(Number.isInteger(value) && value >= 1 && value <= MAX_THREADS))
    fail("depthlab", "the environment variable DEPTHLAB_THREADS", `an integer in [1, ${MAX_THREADS}] (default: the number of cores)`, raw);
  return value;
}
