import { MLP_WASM_BASE64 } from "./mlp-wasm.js";

/** The parts of the WebAssembly API used here (TypeScript's ES2022 and Node libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of native/mlp-kernels.c; every pointer is a byte address in the instance's memory. */
export interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  __heap_base: { value: number };
  gemm(m: number, n: number, k: number, a: number, b: number, c: number, bias: number, acc: number): void;
  transpose(m: number, n: number, a: number, at: number): void;
  colsum(m: number, n: number, a: number, out: number): void;
  act_forward(n: number, kind: number, alpha: number, z: number, y: number): void;
  act_backward(n: number, kind: number, alpha: number, z: number, dy: number, dz: number): void;
  bn_forward(
    m: number,
    n: number,
    z: number,
    gamma: number,
    beta: number,
    eps: number,
    momentum: number,
    xhat: number,
    y: number,
    mean: number,
    variance: number,
    invstd: number,
    runningMean: number,
    runningVar: number,
  ): void;
  bn_backward(
    m: number,
    n: number,
    xhat: number,
    dy: number,
    gamma: number,
    invstd: number,
    dz: number,
    dgamma: number,
    dbeta: number,
    sum: number,
    sumx: number,
  ): void;
  sgd_step(
    n: number,
    w: number,
    g: number,
    buf: number,
    lr: number,
    mu: number,
    dampening: number,
    wd: number,
    nesterov: number,
    first: number,
  ): void;
  adam_step(
    n: number,
    w: number,
    g: number,
    m: number,
    v: number,
    vmax: number,
    beta1: number,
    beta2: number,
    wd: number,
    shrink: number,
    step: number,
    epsHat: number,
  ): void;
}

/** Activation codes shared with the C kernels (the smooth activations are computed in JavaScript). */
export const ACT_CODE = { linear: 0, relu: 1, leakyRelu: 2, abs: 3 } as const;

let compiled: object | undefined;

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
  readonly fn: KernelExports;
  #top: number;

  constructor() {
    compiled ??= new WASM.Module(decodeBase64(MLP_WASM_BASE64));
    this.fn = new WASM.Instance(compiled, {}).exports as unknown as KernelExports;
    this.#top = align(this.fn.__heap_base.value);
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

function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"));
}
