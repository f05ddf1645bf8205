import { fail } from "../options/check.js";

/** fan_in and fan_out of a weight tensor. */
export interface Fans {
  /** Inputs feeding one output unit: `in · kh · kw`. */
  fanIn: number;
  /** Outputs fed by one input unit: `out · kh · kw`. */
  fanOut: number;
}

/**
 * fan_in and fan_out of a tfjs kernel, computed as PyTorch computes them for the same layer.
 * tfjs puts the input and output sizes last (Dense `[in, out]`, Conv2D `[kh, kw, in, out]`) where PyTorch puts them
 * first (`[out, in]`, `[out, in, kh, kw]`); the receptive field `kh · kw` (every leading axis) multiplies both.
 *
 * @example
 * dl.init.fans([512, 256])      // { fanIn: 512, fanOut: 256 }
 * dl.init.fans([3, 3, 64, 128]) // { fanIn: 576, fanOut: 1152 }
 */
export function fans(shape: readonly number[], fn = "fans"): Fans {
  if (shape.length < 2 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    fail(fn, "shape", "a kernel shape of rank >= 2 (Dense [in, out] or Conv2D [kh, kw, in, out])", shape);
  }
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: (shape.at(-2) as number) * receptive, fanOut: (shape.at(-1) as number) * receptive };
}
