import * as tf from "@tensorflow/tfjs";
import type { DataBackend, Info } from "./kernel-data.js";

/**
 * tfjs-backend-wasm 4.22 multiplies with XNNPACK only when neither operand is transposed; a transposed product
 * (every dense layer's backward pass has two) falls back to a scalar loop, up to 10× slower. This wraps the wasm
 * BatchMatMul kernel: it transposes the flagged operands with the (fast) Transpose kernel first, then multiplies
 * plainly. Same values, same kernel name, so gradients and profiles are unchanged.
 *
 * @example
 * transposeBeforeMatMul("wasm")
 */
export function transposeBeforeMatMul(backendName = "wasm"): void {
  const original = tf.getKernel("BatchMatMul", backendName);
  const transpose = tf.getKernel("Transpose", backendName);
  if (!original || !transpose) return;
  tf.unregisterKernel("BatchMatMul", backendName);
  tf.registerKernel({
    kernelName: "BatchMatMul",
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { a, b } = inputs as unknown as { a: Info; b: Info };
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc({ inputs, attrs, backend });
      const temps: Info[] = [];
      const flip = (x: Info): Info => {
        const perm = x.shape.map((_, i) => i);
        const r = perm.length;
        [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
        const out = transpose.kernelFunc({ inputs: { x } as never, attrs: { perm } as never, backend }) as Info;
        temps.push(out);
        return out;
      };
      const a2 = transposeA ? flip(a) : a;
      const b2 = transposeB ? flip(b) : b;
      try {
        return original.kernelFunc({
          inputs: { a: a2, b: b2 } as never,
          attrs: { ...attrs, transposeA: false, transposeB: false },
          backend,
        });
      } finally {
        for (const t of temps) (backend as unknown as DataBackend).disposeData(t.dataId);
      }
    },
  });
}
