export { defaultPool, kernelThreads } from "./default-pool.js";
export { MAX_THREADS, threadCount } from "./thread-count.js";
export type { ThreadCountOptions } from "./thread-count.js";
export { MIN_WORK, ThreadPool } from "./thread-pool.js";
export type { SplitCall, ThreadPoolOptions } from "./thread-pool.js";
export { threadSupport } from "./thread-support.js";
export type { ThreadGlobals } from "./thread-support.js";
