import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "./check.js";

/** wasm32 addresses 2^32 bytes, so tfjs's wasm backend can never hold more, whatever the machine has. */
export const WASM_BYTES = 2 ** 32;

/** The most memory one call may ask for, and who sets that limit (for the message). */
export interface MemoryLimit {
  bytes: number;
  /** Ends the sentence "more than the 4.0 GiB …": "the wasm backend can address" or "this machine has". */
  holder: string;
}

/**
 * The memory a call can use: the machine's total memory (`os.totalmem()`) and, on tfjs's "wasm" backend, at most
 * the 4 GiB that wasm32 can address. Both are passed in for tests; the defaults read the running process.
 *
 * @example
 * memoryLimit("wasm", 16 * 2 ** 30) // { bytes: 4294967296, holder: "the wasm backend can address" }
 */
export function memoryLimit(backend: string = tf.getBackend(), total: number = os.totalmem()): MemoryLimit {
  if (backend === "wasm" && WASM_BYTES < total) return { bytes: WASM_BYTES, holder: "the wasm backend can address" };
  return { bytes: total, holder: "this machine has" };
}

/**
 * Fails at once, with the estimate, when a call would allocate more than the limit, instead of letting it swap or
 * hang. `what` names the size the student chose, `detail` says what the estimate counts. An estimate, not an
 * accounting: it counts the big arrays (JavaScript and tensor copies alike) against the smaller of the two limits.
 *
 * @example
 * checkMemory("disc", "n = 1e9 samples", 24e9, "x [n, 2] float32 and y [n] int32, as arrays and as tensors");
 * // throws "disc: n = 1e9 samples would need 22.4 GiB (x [n, 2] float32 and y [n] int32, as arrays and as tensors),
 * //   more than the 4.0 GiB the wasm backend can address"
 */
export function checkMemory(fn: string, what: string, bytes: number, detail: string, limit: MemoryLimit = memoryLimit()): void {
  if (!(bytes > limit.bytes)) return; // NaN from a bad size passes: that size's own check names it
  throw new ArgumentError(
    `${fn}: ${what} would need ${formatBytes(bytes)} (${detail}), more than the ${formatBytes(limit.bytes)} ${limit.holder}`,
  );
}

/** Bytes in binary units with one decimal: "22.4 GiB", "512.0 MiB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) [value, u] = [value / 1024, u + 1];
  return u === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[u]}`;
}

/** A count as a student writes it: 1000, 1e9, 2.5e7 from 10^6 up when 3 digits say it exactly, else 5,000,000,002. */
export function formatCount(count: number): string {
  const exponent = count.toExponential().replace("e+", "e");
  if (count < 1e6) return String(count);
  return /^\d(\.\d{1,2})?e/.test(exponent) ? exponent : count.toLocaleString("en-US");
}
