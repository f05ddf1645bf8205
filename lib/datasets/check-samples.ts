import { checkMemory, formatCount } from "../options/memory.js";

/**
 * What a generator of `n` samples allocates: x `[n, inputs]` float32 and y (4 bytes a sample), once as the plain
 * arrays it fills and once more as the tensors `makeDataset` uploads, plus `extra` bytes a sample of its own arrays:
 * n · (2 · (4·inputs + 4) + extra) bytes.
 *
 * @example
 * sampleBytes(1000, 2) // 24000: disc({ n: 1000 })
 */
export function sampleBytes(n: number, inputs: number, extra = 0): number {
  return n * (2 * (4 * inputs + 4) + extra);
}

/**
 * Fails at once, with the estimate, when `n` samples cannot fit (see {@link checkMemory}). `y` describes the labels
 * for the message, `also` any other array the generator fills (with its bytes a sample in `extra`).
 *
 * @example
 * checkSamples("disc", 1e9, 2, "y [n] int32");
 * // throws "disc: n = 1e9 samples would need 22.4 GiB (x [n, 2] float32 and y [n] int32, as arrays and as tensors), more than …"
 */
export function checkSamples(fn: string, n: number, inputs: number, y: string, extra = 0, also = ""): void {
  const detail = `x [n, ${inputs}] float32 and ${y}, as arrays and as tensors${also ? `, and ${also}` : ""}`;
  checkMemory(fn, `n = ${formatCount(n)} samples`, sampleBytes(n, inputs, extra), detail);
}
