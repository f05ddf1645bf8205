import * as tf from "@tensorflow/tfjs";
import type { DataBackend, Info } from "./kernel-data.js";

/**
 * Conv2DBackpropFilter for a backend that lacks it (wasm), written directly on typed arrays (NHWC):
 * dW[kh, kw, ci, co] = Σ_{b, y, x} X[b, y·s − top + kh·d, x·s − left + kw·d, ci] · dY[b, y, x, co].
 * The cpu backend's generic version indexes element by element and is about 100× slower.
 *
 * @example
 * registerConvFilterGrad("wasm")
 */
export function registerConvFilterGrad(backendName = "wasm"): void {
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const own = backend as unknown as DataBackend;
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: [number, number] | number;
        pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
        dataFormat: "NHWC" | "NCHW";
        dimRoundingMode?: "floor" | "round" | "ceil";
        filterShape: [number, number, number, number];
      };
      if (dataFormat === "NCHW") throw new Error("Conv2DBackpropFilter: only NHWC is supported on this backend");
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as never,
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        "channelsLast",
      );
      const xs = own.readSync(x.dataId) as Float32Array;
      const dys = own.readSync(dy.dataId) as Float32Array;
      const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: O } = info;
      const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
      const { top, left } = info.padInfo;
      const dW = new Float32Array(KH * KW * C * O); // [KH, KW, C, O]
      for (let b = 0; b < B; b++) {
        for (let yo = 0; yo < Ho; yo++) {
          for (let xo = 0; xo < Wo; xo++) {
            const dyAt = ((b * Ho + yo) * Wo + xo) * O;
            for (let kh = 0; kh < KH; kh++) {
              const iy = yo * sh - top + kh * dh;
              if (iy < 0 || iy >= H) continue;
              for (let kw = 0; kw < KW; kw++) {
                const ix = xo * sw - left + kw * dw;
                if (ix < 0 || ix >= W) continue;
                const xAt = ((b * H + iy) * W + ix) * C;
                const wAt = (kh * KW + kw) * C * O;
                for (let c = 0; c < C; c++) {
                  const v = xs[xAt + c] as number;
                  if (v === 0) continue;
                  const row = wAt + c * O;
                  for (let o = 0; o < O; o++) dW[row + o] = (dW[row + o] as number) + v * (dys[dyAt + o] as number);
                }
              }
            }
          }
        }
      }
      return { dataId: own.write(dW, filterShape, "float32"), shape: filterShape, dtype: "float32" } as never;
    },
  });
}
