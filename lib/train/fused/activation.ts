import { ACT_CODE, type F32Buffer, type Kernels } from "./kernels.js";
import type { Activation } from "./plan.js";

/**
 * y = f(z) over n floats: the piecewise-linear activations in the kernels (act_forward), tanh, sigmoid and elu
 * (α = 1) in JavaScript. A linear dense layer's y is its z: nothing to do.
 *
 * @example
 * activate(k, { name: "relu", alpha: 0 }, 64, z, y);
 */
export function activate(k: Kernels, act: Activation, n: number, z: F32Buffer, y: F32Buffer): void {
  if (z.ptr === y.ptr) return; // a linear dense layer writes its output in place
  const code = ACT_CODE[act.name as keyof typeof ACT_CODE];
  if (code !== undefined) return k.fn.act_forward({ n, kind: code, alpha: act.alpha, z: z.ptr, y: y.ptr });
  const zs = k.f32({ ptr: z.ptr, length: n });
  const ys = k.f32({ ptr: y.ptr, length: n });
  if (act.name === "tanh") for (let i = 0; i < n; i++) ys[i] = Math.tanh(zs[i] as number);
  else if (act.name === "sigmoid") for (let i = 0; i < n; i++) ys[i] = 1 / (1 + Math.exp(-(zs[i] as number)));
  else for (let i = 0; i < n; i++) ys[i] = (zs[i] as number) > 0 ? (zs[i] as number) : Math.expm1(zs[i] as number); // elu, α = 1
}

/**
 * dz = dy·f′, with f′ from z (piecewise-linear, in the kernels: act_backward) or from y = f(z) (tanh: 1 − y²,
 * sigmoid: y(1 − y), elu: y + 1 below 0).
 *
 * @example
 * activateBackward(k, { name: "tanh", alpha: 0 }, 64, z, y, dy, dz);
 */
export function activateBackward(k: Kernels, act: Activation, n: number, z: F32Buffer, y: F32Buffer, dy: F32Buffer, dz: F32Buffer): void {
  const code = ACT_CODE[act.name as keyof typeof ACT_CODE];
  if (code !== undefined) return k.fn.act_backward({ n, kind: code, alpha: act.alpha, z: z.ptr, dy: dy.ptr, dz: dz.ptr });
  const ys = k.f32({ ptr: y.ptr, length: n });
  const gs = k.f32({ ptr: dy.ptr, length: n });
  const out = k.f32({ ptr: dz.ptr, length: n });
  for (let i = 0; i < n; i++) {
    const v = ys[i] as number;
    const slope = act.name === "tanh" ? 1 - v * v : act.name === "sigmoid" ? v * (1 - v) : v > 0 ? 1 : v + 1;
    out[i] = (gs[i] as number) * slope;
  }
}
