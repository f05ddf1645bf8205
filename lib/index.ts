/**
 * depthlab: the course library for "why depth matters", on TensorFlow.js.
 * In a depthlab notebook it is preloaded as `dl`, with `tf`, `aq` and `display` beside it.
 *
 * @example
 * import * as dl from "depthlab";
 * await dl.ready();
 * dl.backendInfo().backend // "wasm"
 */
export { ready, backendInfo, describeBackend, selectBackend, BACKEND_NAMES } from "./backend/index.js";
export type { BackendInfo, BackendName, SkippedBackend, SelectBackendOptions, BackendCandidate, LoadedBackend } from "./backend/index.js";
export * from "./display/index.js";
export { attachHost, currentHost, checkInterrupt } from "./host/index.js";
export type { Host } from "./host/index.js";
export { loadVegaLite, loadVega } from "./vega/load-vega.js";
export { tf } from "./tf.js";
export { aq } from "./aq.js";
export { version } from "./version.js";
export * as datasets from "./datasets/index.js";
export * as regions from "./regions/index.js";
export * as constructions from "./constructions/index.js";
export * as nets from "./nets/index.js";
export * as layers from "./layers/index.js";
export * as init from "./init/index.js";
export * as models from "./models/index.js";
export * as train from "./train/index.js";
export * as io from "./io/index.js";
export * as plot from "./plot/index.js";
export { check, CheckError } from "./check.js";
export { Rng } from "./random/index.js";
export { ArgumentError } from "./options/index.js";
