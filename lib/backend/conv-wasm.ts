import type * as tf from "@tensorflow/tfjs";
import type { KernelBindings } from "../train/fused/abi.js";
import { instantiateKernels, type InstantiateOptions, type KernelInstance } from "../train/fused/instantiate.js";

/** Floats of im2col scratch per chunk of output positions (128 KB: the chunk stays in the L2 cache). */
const CHUNK_FLOATS = 32768;

/**
 * Parts per thread of a call big enough to split (threads take parts in turn, so more parts balance them better):
 * the forward's parts repeat nothing; the input gradient's repeat Wᵀ and the output rows at their edges; the filter
 * gradient's each transpose all of dY, so it takes one.
 */
const PER_THREAD = { forward: 4, inputGrad: 2, filterGrad: 1 } as const;

/** Options of {@link ConvWasm}: the threads its calls may use (default: the process's pool, DEPTHLAB_THREADS). */
export type ConvWasmOptions = InstantiateOptions;

/**
 * depthlab's NHWC float32 convolution kernels (native/conv-kernels.c: im2col or col2im by chunks of output
 * positions, then the SIMD gemm of native/mlp-kernels.c) in their own instance of the shared WebAssembly module.
 * Each call copies its inputs into the instance's memory, which grows as needed and is reused by the next call,
 * and returns a view of the result there: valid until the next call. `info` is tfjs's computeConv2DInfo with
 * dilation 1 and channels last (the caller checks that). A call of more than the pool's threshold of multiply-adds
 * is cut between its threads (each part with its own scratch), with the same result bit for bit.
 *
 * @example
 * const info = tf.backend_util.computeConv2DInfo([1, 5, 5, 1], [3, 3, 1, 2], 1, 1, "same");
 * const conv = new ConvWasm();
 * const dW = conv.filterGrad(info, x, dy); // Float32Array of 3·3·1·2: [KH, KW, C, O]
 */
export class ConvWasm {
  readonly #native: KernelInstance;
  readonly #fn: KernelBindings;
  readonly #base: number;

  constructor(options: ConvWasmOptions = {}) {
    this.#native = instantiateKernels(options);
    this.#fn = this.#native.fn;
    this.#base = align(this.#fn.heapBase);
  }

  /** Y [B, Ho, Wo, O] = conv(X, W) (+ bias [O]). */
  forward(info: tf.backend_util.Conv2DInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array {
    const { P, KKC, O, chunk } = sizes(info);
    const parts = this.#native.partsFor(P * KKC * O, PER_THREAD.forward);
    const [g, xp, wp, bp, yp, col] = this.#layout(info, [x.length, w.length, bias ? O : 0, P * O, parts * chunk * KKC]);
    this.#put(xp!, x);
    this.#put(wp!, w);
    if (bias) this.#put(bp!, bias);
    this.#native.split("conv2d_forward", { g: g!, x: xp!, w: wp!, bias: bias ? bp! : 0, y: yp!, col: col! }, parts, P * KKC * O);
    return this.#view(yp!, P * O);
  }

  /** dW [KH, KW, C, O] = Σ over batch and output positions of X's receptive field ⊗ dY. */
  filterGrad(info: tf.backend_util.Conv2DInfo, x: Float32Array, dy: Float32Array): Float32Array {
    const { P, KKC, KKCp, O, chunk } = sizes(info);
    const parts = this.#native.partsFor(P * KKC * O, PER_THREAD.filterGrad);
    const [g, xp, dyp, dw, col, dyt, partial, dwt] = this.#layout(info, [
      x.length,
      dy.length,
      KKCp * O,
      parts * chunk * KKCp,
      parts * chunk * O,
      parts * KKCp * O,
      KKCp * O,
    ]);
    this.#put(xp!, x);
    this.#put(dyp!, dy);
    const args = { g: g!, x: xp!, dy: dyp!, dw: dw!, col: col!, dyt: dyt!, partial: partial!, dwt: dwt! };
    this.#native.split("conv2d_filter_grad", args, parts, P * KKC * O);
    return this.#view(dw!, KKC * O);
  }

  /** dX [B, H, W, C]: every dY position's W·dy added back onto its receptive field. */
  inputGrad(info: tf.backend_util.Conv2DInfo, dy: Float32Array, w: Float32Array): Float32Array {
    const { P, KKC, KKCp, O, chunk } = sizes(info);
    const parts = this.#native.partsFor(P * KKC * O, PER_THREAD.inputGrad);
    const n = info.batchSize * info.inHeight * info.inWidth * info.inChannels;
    const [g, dyp, wp, dx, wt, dcol] = this.#layout(info, [dy.length, w.length, n, parts * KKCp * O, parts * chunk * KKCp]);
    this.#put(dyp!, dy);
    this.#put(wp!, w);
    this.#native.split("conv2d_input_grad", { g: g!, dy: dyp!, w: wp!, dx: dx!, wt: wt!, dcol: dcol! }, parts, P * KKC * O);
    return this.#view(dx!, n);
  }

  /** Lets the thread pool forget this instance's memory. */
  dispose(): void {
    this.#native.dispose();
  }

  /** Writes the geometry, then lays out float buffers of the given lengths after it; returns all their addresses. */
  #layout(info: tf.backend_util.Conv2DInfo, lengths: number[]): number[] {
    const pointers = [this.#base];
    let top = this.#base + 64;
    for (const length of lengths) {
      pointers.push(top);
      top = align(top + 4 * length);
    }
    const memory = this.#fn.memory;
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
    new Int32Array(memory.buffer, this.#base, 14).set([
      batchSize,
      inHeight,
      inWidth,
      inChannels,
      outHeight,
      outWidth,
      outChannels,
      filterHeight,
      filterWidth,
      strideHeight,
      strideWidth,
      padInfo.top,
      padInfo.left,
      sizes(info).chunk,
    ]);
    return pointers;
  }

  #put(pointer: number, values: Float32Array): void {
    new Float32Array(this.#fn.memory.buffer, pointer, values.length).set(values);
  }

  #view(pointer: number, length: number): Float32Array {
    return new Float32Array(this.#fn.memory.buffer, pointer, length);
  }
}

/**
 * Output positions P, filter taps KKC = KH·KW·C and KKCp, KKC rounded up to a multiple of 4 (the gradients' col
 * rows), output channels O, and positions per im2col chunk.
 */
function sizes(info: tf.backend_util.Conv2DInfo): { P: number; KKC: number; KKCp: number; O: number; chunk: number } {
  const P = info.batchSize * info.outHeight * info.outWidth;
  const KKC = info.filterHeight * info.filterWidth * info.inChannels;
  const KKCp = Math.ceil(KKC / 4) * 4;
  return { P, KKC, KKCp, O: info.outChannels, chunk: Math.max(4, Math.min(P, Math.floor(CHUNK_FLOATS / KKCp))) };
}

function align(address: number): number {
  return (address + 15) & ~15;
}
