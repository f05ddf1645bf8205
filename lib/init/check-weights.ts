import { checkMemory, formatCount } from "../options/memory.js";

/** Bytes an initialiser holds for one value while it draws a kernel: the float64 draws, their float32 copy, the tensor. */
const DRAW_BYTES = 16;

/**
 * What a builder allocates for its weights: 4 bytes a parameter (float32 variables), plus 16 bytes a value of the
 * largest kernel while it is drawn (see `SeededInitializer`): 4·params + 16·largest bytes. `kernels` are the kernel
 * shapes, `others` the count of every other parameter (biases, norm scales and statistics).
 *
 * @example
 * weightBytes([[2, 8], [8, 2]], 10) // { params: 42, largest: [2, 8], bytes: 424 }: mlp({ inputs: 2, hidden: [8], outputs: 2 })
 */
export function weightBytes(kernels: readonly number[][], others: number): { params: number; largest: number[]; bytes: number } {
  const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
  let largest: number[] = [];
  let params = others;
  for (const kernel of kernels) {
    params += size(kernel);
    if (size(kernel) > size(largest)) largest = kernel;
  }
  return { params, largest, bytes: 4 * params + DRAW_BYTES * size(largest) };
}

/**
 * Fails at once, with the estimate, when a model's weights cannot fit (see {@link weightBytes} and `checkMemory`).
 *
 * @example
 * checkWeights("mlp", [[2, 1e9], [1e9, 2]], 1e9 + 2);
 * // throws "mlp: 5,000,000,002 parameters would need 48.4 GiB (4 bytes a parameter, plus 16 bytes a value of the
 * //   largest kernel [2, 1e9] while it is drawn), more than the 4.0 GiB the wasm backend can address"
 */
export function checkWeights(fn: string, kernels: readonly number[][], others: number): void {
  const { params, largest, bytes } = weightBytes(kernels, others);
  const detail = `4 bytes a parameter, plus ${DRAW_BYTES} bytes a value of the largest kernel [${largest.map(formatCount).join(", ")}] while it is drawn`;
  checkMemory(fn, `${formatCount(params)} parameters`, bytes, detail);
}
