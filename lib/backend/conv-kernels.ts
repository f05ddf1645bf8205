import * as tf from "@tensorflow/tfjs";
import { ConvWasm } from "./conv-wasm.js";
import type { DataBackend, Info } from "./kernel-data.js";
import { ArgumentError, type KnownKeys, checkKeys } from "../options/check.js";

type Pad = "valid" | "same" | number | tf.backend_util.ExplicitPadding;
interface GradAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** Options of {@link registerConvKernels}. */
export interface RegisterConvKernelsOptions {
  /**
   * Also replace the forward kernels Conv2D and FusedConv2D (bias, and linear, relu, relu6 or leakyrelu) (default
   * false: tfjs-wasm's XNNPACK forward is as fast as ours; the cpu backend's JavaScript one is ~100× slower).
   */
  forward?: boolean;
}
const KEYS: KnownKeys<RegisterConvKernelsOptions> = { forward: true };

/**
 * Registers depthlab's WebAssembly convolutions (native/conv-kernels.c, through {@link ConvWasm}) as the backend's
 * Conv2DBackpropFilter and Conv2DBackpropInput, and with `forward` its Conv2D and FusedConv2D: NHWC, any stride
 * and padding. What they do not handle (NCHW, dilation, other activations) goes to the kernel registered before.
 * Returns false, registering nothing, where the module cannot load.
 *
 * @example
 * if (!registerConvKernels("wasm")) registerConvFilterGrad("wasm");
 * registerConvKernels("cpu", { forward: true });
 */
export function registerConvKernels(backendName = "wasm", options: RegisterConvKernelsOptions = {}): boolean {
  const { forward = false } = checkKeys("registerConvKernels", options, KEYS);
  let conv: ConvWasm;
  try {
    conv = new ConvWasm();
  } catch (error) {
    if (error instanceof ArgumentError) throw error; // a bad setting (DEPTHLAB_THREADS) is the user's to fix
    return false;
  }
  // tfjs-wasm's write copies the values into its own heap; the cpu backend keeps the array it is given, so it gets
  // a copy of the view (which the next call overwrites)
  const output = (backend: DataBackend, view: Float32Array, shape: number[]): Info => {
    const values = backendName === "wasm" ? view : view.slice();
    return { dataId: backend.write(values, shape, "float32"), shape, dtype: "float32" };
  };
  // tfjs-wasm's readSync copies out of its heap (5 ms for 1.6 MB); its typedArrayFromHeap is a view, which
  // ConvWasm copies into its own memory at once, before tfjs allocates anything
  const read = (backend: DataBackend, info: Info): Float32Array => {
    const wasm = backend as unknown as { typedArrayFromHeap?: (info: Info) => Float32Array };
    return wasm.typedArrayFromHeap ? wasm.typedArrayFromHeap(info) : (backend.readSync(info.dataId) as Float32Array);
  };

  replaceKernel("Conv2DBackpropFilter", backendName, (previous) => ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as GradAttrs & { filterShape: [number, number, number, number] };
    if (a.dataFormat === "NCHW") return previous({ inputs, attrs, backend });
    const own = backend as unknown as DataBackend;
    const { x, dy } = inputs as unknown as { x: Info; dy: Info };
    const info = conv2dInfo(x.shape, a.filterShape, a);
    return output(own, conv.filterGrad(info, read(own, x), read(own, dy)), a.filterShape) as never;
  });

  replaceKernel("Conv2DBackpropInput", backendName, (previous) => ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as GradAttrs & { inputShape: [number, number, number, number] };
    if (a.dataFormat === "NCHW") return previous({ inputs, attrs, backend });
    const own = backend as unknown as DataBackend;
    const { dy, filter } = inputs as unknown as { dy: Info; filter: Info };
    const info = conv2dInfo(a.inputShape, filter.shape, a);
    return output(own, conv.inputGrad(info, read(own, dy), read(own, filter)), a.inputShape) as never;
  });
  if (!forward) return true;

  for (const kernelName of ["Conv2D", "FusedConv2D"]) {
    replaceKernel(kernelName, backendName, (previous) => ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as GradAttrs & { dilations: [number, number] | number; activation?: string; leakyreluAlpha?: number };
      const { x, filter, bias } = inputs as unknown as { x: Info; filter: Info; bias?: Info };
      const O = filter.shape[3]!;
      const activate = ACTIVATIONS[a.activation ?? "linear"];
      // a bias of O values along the last axis ([O], [1, O], …); a scalar or a full-shape bias goes to `previous`
      const plainBias = !bias || (bias.shape[bias.shape.length - 1] === O && tf.util.sizeFromShape(bias.shape) === O);
      const dilated = [a.dilations].flat().some((d) => d !== 1);
      if (a.dataFormat === "NCHW" || dilated || !activate || !plainBias) return previous({ inputs, attrs, backend });
      const own = backend as unknown as DataBackend;
      const info = conv2dInfo(x.shape, filter.shape, a);
      const y = conv.forward(info, read(own, x), read(own, filter), bias ? read(own, bias) : null);
      activate(y, a.leakyreluAlpha ?? 0.2);
      return output(own, y, info.outShape) as never;
    });
  }
  return true;
}

/** The fused activations applied in place after the convolution (others go to the previous kernel). */
const ACTIVATIONS: Record<string, ((y: Float32Array, alpha: number) => void) | undefined> = {
  linear: () => {},
  relu: (y) => {
    for (let i = 0; i < y.length; i++) if (y[i]! < 0) y[i] = 0;
  },
  relu6: (y) => {
    for (let i = 0; i < y.length; i++) y[i] = Math.min(Math.max(y[i]!, 0), 6);
  },
  leakyrelu: (y, alpha) => {
    for (let i = 0; i < y.length; i++) if (y[i]! < 0) y[i] = alpha * y[i]!;
  },
};

type KernelFunc = tf.KernelConfig["kernelFunc"];

/** Registers `make(previous)` in place of the backend's kernel; `previous` throws where there was none. */
function replaceKernel(kernelName: string, backendName: string, make: (previous: KernelFunc) => KernelFunc): void {
  const old = tf.getKernel(kernelName, backendName);
  const previous: KernelFunc =
    old?.kernelFunc ??
    (() => {
      throw new Error(`${kernelName}: depthlab's ${backendName} kernel takes NHWC without dilation, and there is no other for this case`);
    });
  if (old) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc: make(previous) });
}

function conv2dInfo(inShape: number[], filterShape: number[], a: GradAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    "channelsLast",
  );
}
