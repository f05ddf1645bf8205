import type { KernelBindings, SplitArgs, SplitName } from "./abi.js";
import { instantiateKernels, type InstantiateOptions, type KernelInstance } from "./instantiate.js";

/** Activation codes shared with the C kernels (the smooth activations are computed in JavaScript). */
export const ACT_CODE = { linear: 0, relu: 1, leakyRelu: 2, abs: 3 } as const;

/** A float32 buffer in a {@link Kernels} instance: its byte address and length. */
export interface F32Buffer {
  ptr: number;
  length: number;
}

/** Parts per thread of a big product: bands of C that threads take in turn, so that a late thread holds none up. */
const GEMM_PARTS_PER_THREAD = 4;

/**
 * What a value costs in a pass over memory (a transpose, batch norm), in multiply-adds, for the pool's threshold: such
 * a pass is split from 16 K values (2^18 / 16), where its time (~20 µs) starts to exceed the cost of waking a worker.
 */
const PASS_WORK = 16;

/** Options of {@link Kernels}: the threads its products may use (default: the process's pool, DEPTHLAB_THREADS). */
export type KernelsOptions = InstantiateOptions;

/**
 * One instance of the fused kernels with its own linear memory, laid out by a bump allocator: a trainer allocates
 * everything before its first step, so views stay valid (memory grows only in {@link alloc}). Its {@link gemm}
 * splits a big product between the pool's threads.
 *
 * @example
 * const k = new Kernels();
 * const a = k.alloc(4); k.f32(a).set([1, 2, 3, 4]);
 */
export class Kernels {
  readonly #native: KernelInstance;
  /** The instance's functions, by name (lib/train/fused/abi.ts), and its memory. */
  readonly fn: KernelBindings;
  #top: number;

  constructor(options: KernelsOptions = {}) {
    this.#native = instantiateKernels(options);
    this.fn = this.#native.fn;
    this.#top = align(this.fn.heapBase);
  }

  /**
   * C[M×N] = A[M×K]·B[K×N] (+ bias) (+ C with acc = 1): gemm, cut into bands of C between the pool's threads when
   * M·N·K is over its threshold. The same result, bit for bit, on any number of threads.
   */
  gemm(args: SplitArgs<"gemm_part">): void {
    this.split("gemm_part", args, args.M * args.N * args.K, GEMM_PARTS_PER_THREAD);
  }

  /** C[M×N] = Aᵀ·B (+ C with acc = 1) for A stored as [K×M]: gemm without transposing A first, split as {@link gemm}. */
  gemmTN(args: SplitArgs<"gemm_tn_part">): void {
    this.split("gemm_tn_part", args, args.M * args.N * args.K, GEMM_PARTS_PER_THREAD);
  }

  /** AT[N×M] = A[M×N]ᵀ, cut into bands of AT's rows between the threads when it is big. */
  transpose(args: SplitArgs<"transpose_part">): void {
    this.split("transpose_part", args, PASS_WORK * args.M * args.N);
  }

  /** Batch norm forward (training mode) over [M, N], cut into bands of features when big (as transpose). */
  bnForward(args: SplitArgs<"bn_forward">): void {
    this.split("bn_forward", args, PASS_WORK * args.M * args.N);
  }

  /** Batch norm backward over [M, N], cut into bands of features when big (as transpose). */
  bnBackward(args: SplitArgs<"bn_backward">): void {
    this.split("bn_backward", args, PASS_WORK * args.M * args.N);
  }

  /** Any split function (abi.ts), cut into as many parts as `work` (multiply-adds) calls for ({@link KernelInstance.partsFor}). */
  split<F extends SplitName>(name: F, args: SplitArgs<F>, work: number, perThread = 1): void {
    this.#native.split(name, args, this.#native.partsFor(work, perThread), work);
  }

  /** Lets the pool's workers forget this instance's memory. */
  dispose(): void {
    this.#native.dispose();
  }

  /** A zeroed buffer of `length` floats, 16-byte aligned. */
  alloc(length: number): F32Buffer {
    const ptr = this.#top;
    this.#top = align(ptr + 4 * Math.max(1, length));
    const memory = this.fn.memory;
    const missing = this.#top - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    return { ptr, length };
  }

  /** A Float32Array view of a buffer (make a new one after any alloc: growing memory detaches old views). */
  f32(buffer: F32Buffer): Float32Array {
    return new Float32Array(this.fn.memory.buffer, buffer.ptr, buffer.length);
  }

  /** Bytes in use. */
  get bytes(): number {
    return this.#top;
  }
}

function align(address: number): number {
  return (address + 15) & ~15;
}
