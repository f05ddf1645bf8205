import type { KernelBindings } from "./abi.js";
import { instantiateKernels } from "./instantiate.js";

/** Activation codes shared with the C kernels (the smooth activations are computed in JavaScript). */
export const ACT_CODE = { linear: 0, relu: 1, leakyRelu: 2, abs: 3 } as const;

/** A float32 buffer in a {@link Kernels} instance: its byte address and length. */
export interface F32Buffer {
  ptr: number;
  length: number;
}

/**
 * One instance of the fused kernels with its own linear memory, laid out by a bump allocator: a trainer allocates
 * everything before its first step, so views stay valid (memory grows only in {@link alloc}).
 *
 * @example
 * const k = new Kernels();
 * const a = k.alloc(4); k.f32(a).set([1, 2, 3, 4]);
 */
export class Kernels {
  /** The instance's functions, by name (lib/train/fused/abi.ts), and its memory. */
  readonly fn: KernelBindings = instantiateKernels();
  #top = align(this.fn.heapBase);

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
