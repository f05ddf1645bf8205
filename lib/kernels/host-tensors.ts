import type * as tf from "@tensorflow/tfjs";

/** A tensor as kernels see it: its data id on a backend, shape and dtype. */
export interface TensorRef {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

/**
 * Direct access to the memory of a backend that keeps tensors in this process's memory (wasm: tfjs's WebAssembly
 * heap; cpu: JavaScript typed arrays), so a kernel written in JavaScript reads and writes values without copies.
 *
 * On wasm an allocation may grow the heap, which invalidates every view taken before it: allocate all outputs
 * first, then take the views.
 */
export interface HostTensors {
  /** A new tensor of `shape` (contents undefined until written through {@link view}). */
  alloc(shape: number[], dtype?: "float32" | "int32"): TensorRef;
  /** The tensor's values, not copied: writes go into the tensor. Valid until the next allocation. */
  view(ref: TensorRef): Float32Array | Int32Array;
  /** How many tensors share this data (a tensor may be written in place only when it alone holds it). */
  refCount(ref: TensorRef): number;
}

interface WasmLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorRef;
  typedArrayFromHeap(ref: TensorRef): Float32Array | Int32Array;
  refCount(dataId: object): number;
}

interface CpuLike {
  data: { get(dataId: object): { values: unknown } | undefined };
  write(values: Float32Array | Int32Array, shape: number[], dtype: tf.DataType): object;
  refCount(dataId: object): number;
}

/**
 * Host access to `backend` (the backend object a kernel receives, or `tf.backend()`), or null where its tensors do
 * not live in this process's memory as typed arrays (webgl, webgpu, tensorflow).
 *
 * @example
 * const host = hostTensors(tf.backend());
 * if (host) host.view(x)[0] // the first value of x, read without a copy
 */
export function hostTensors(backend: unknown): HostTensors | null {
  const b = backend as Partial<WasmLike & CpuLike> | null;
  if (b === null || typeof b !== "object") return null;
  if (typeof b.makeOutput === "function" && typeof b.typedArrayFromHeap === "function") {
    const wasm = b as WasmLike;
    return {
      alloc: (shape, dtype = "float32") => wasm.makeOutput(shape, dtype),
      view: (ref) => wasm.typedArrayFromHeap(ref),
      refCount: (ref) => wasm.refCount(ref.dataId),
    };
  }
  if (typeof b.write === "function" && b.data !== undefined && typeof b.data.get === "function") {
    const cpu = b as CpuLike;
    return {
      alloc: (shape, dtype = "float32") => {
        const size = shape.reduce((a, s) => a * s, 1);
        const values = dtype === "int32" ? new Int32Array(size) : new Float32Array(size);
        return { dataId: cpu.write(values, shape, dtype), shape, dtype };
      },
      view: (ref) => {
        const values = cpu.data.get(ref.dataId)?.values;
        if (values instanceof Float32Array || values instanceof Int32Array) return values;
        throw new Error(`hostTensors: a ${ref.dtype} tensor of the cpu backend has no typed array of values`);
      },
      refCount: (ref) => cpu.refCount(ref.dataId),
    };
  }
  return null;
}
