import * as tf from "@tensorflow/tfjs";
import type { BackendInfo } from "./backend-info.js";
import { selectBackend } from "./select-backend.js";

// Production mode before the first tensor: skips per-op NaN checks and silences tfjs's
// "install the node backend" notice, which would otherwise land in a student's cell.
tf.enableProdMode();

let selection: Promise<BackendInfo> | null = null;
let selected: BackendInfo | null = null;

/**
 * Resolves once the backend is chosen (the fastest that works, or `DEPTHLAB_BACKEND`).
 * The kernel awaits it before the first cell; a plain Node script should await it before using `tf`.
 *
 * @example
 * await dl.ready();
 * tf.getBackend() // "wasm"
 */
export function ready(): Promise<BackendInfo> {
  selection ??= selectBackend(tf, { force: process.env.DEPTHLAB_BACKEND }).then((info) => {
    selected = info;
    return info;
  });
  return selection;
}

/**
 * The running backend, the device, threads and SIMD, the tfjs version, and why each faster backend was skipped.
 *
 * @example
 * dl.backendInfo().skipped // [{ candidate: "tfjs-node-gpu", reason: "tfjs-node-gpu is not installed" }, ...]
 */
export function backendInfo(): BackendInfo {
  if (selected === null) {
    throw new Error("backendInfo: the backend is not chosen yet; `await dl.ready()` first");
  }
  return { ...selected, skipped: selected.skipped.map((s) => ({ ...s })) };
}
