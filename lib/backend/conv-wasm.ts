import type * as tf from "@tensorflow/tfjs";
import { MLP_WASM_BASE64 } from "../train/fused/mlp-wasm.js";

/** The parts of the WebAssembly API used here (TypeScript's ES2022 and Node libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The exports of native/conv-kernels.c; every pointer is a byte address in the instance's memory. */
interface ConvExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  __heap_base: { value: number };
  conv2d_forward(geometry: number, x: number, w: number, bias: number, y: number, col: number): void;
  conv2d_filter_grad(geometry: number, x: number, dy: number, dw: number, col: number, dyt: number, part: number, dwt: number): void;
  conv2d_input_grad(geometry: number, dy: number, w: number, dx: number, wt: number, dcol: number): void;
}

/** Floats of im2col scratch per chunk of output positions (128 KB: the chunk stays in the L2 cache). */
const CHUNK_FLOATS = 32768;

/**
 * depthlab's NHWC float32 convolution kernels (native/conv-kernels.c: im2col or col2im by chunks of output
 * positions, then the SIMD gemm of native/mlp-kernels.c) in their own instance of the shared WebAssembly module.
 * Each call copies its inputs into the instance's memory, which grows as needed and is reused by the next call,
 * and returns a view of the result there: valid until the next call. `info` is tfjs's computeConv2DInfo with
 * dilation 1 and channels last (the caller checks that).
 *
 * @example
 * const info = tf.backend_util.computeConv2DInfo([1, 5, 5, 1], [3, 3, 1, 2], 1, 1, "same");
 * const conv = new ConvWasm();
 * const dW = conv.filterGrad(info, x, dy); // Float32Array of 3·3·1·2: [KH, KW, C, O]
 */
export class ConvWasm {
  readonly #fn: ConvExports;
  readonly #base: number;

  constructor() {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm) throw new Error("this JavaScript runtime has no WebAssembly");
    this.#fn = new wasm.Instance(moduleOnce(wasm), {}).exports as unknown as ConvExports;
    this.#base = align(this.#fn.__heap_base.value);
  }

  /** Y [B, Ho, Wo, O] = conv(X, W) (+ bias [O]). */
  forward(info: tf.backend_util.Conv2DInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array {
    const { P, KKC, O, chunk } = sizes(info);
    const [g, xp, wp, bp, yp, col] = this.#layout(info, [x.length, w.length, bias ? O : 0, P * O, chunk * KKC]);
    this.#put(xp!, x);
    this.#put(wp!, w);
    if (bias) this.#put(bp!, bias);
    this.#fn.conv2d_forward(g!, xp!, wp!, bias ? bp! : 0, yp!, col!);
    return this.#view(yp!, P * O);
  }

  /** dW [KH, KW, C, O] = Σ over batch and output positions of X's receptive field ⊗ dY. */
  filterGrad(info: tf.backend_util.Conv2DInfo, x: Float32Array, dy: Float32Array): Float32Array {
    const { KKC, KKCp, O, chunk } = sizes(info);
    const [g, xp, dyp, dw, col, dyt, part, dwt] = this.#layout(info, [
      x.length,
      dy.length,
      KKCp * O,
      chunk * KKCp,
      chunk * O,
      KKCp * O,
      KKCp * O,
    ]);
    this.#put(xp!, x);
    this.#put(dyp!, dy);
    this.#fn.conv2d_filter_grad(g!, xp!, dyp!, dw!, col!, dyt!, part!, dwt!);
    return this.#view(dw!, KKC * O);
  }

  /** dX [B, H, W, C]: every dY position's W·dy added back onto its receptive field. */
  inputGrad(info: tf.backend_util.Conv2DInfo, dy: Float32Array, w: Float32Array): Float32Array {
    const { KKCp, O, chunk } = sizes(info);
    const n = info.batchSize * info.inHeight * info.inWidth * info.inChannels;
    const [g, dyp, wp, dx, wt, dcol] = this.#layout(info, [dy.length, w.length, n, KKCp * O, chunk * KKCp]);
    this.#put(dyp!, dy);
    this.#put(wp!, w);
    this.#fn.conv2d_input_grad(g!, dyp!, wp!, dx!, wt!, dcol!);
    return this.#view(dx!, n);
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

let compiled: object | undefined;

function moduleOnce(wasm: WasmApi): object {
  compiled ??= new wasm.Module(new Uint8Array(Buffer.from(MLP_WASM_BASE64, "base64")));
  return compiled;
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
