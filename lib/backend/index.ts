export { BACKEND_NAMES, describeBackend } from "./backend-info.js";
export type { BackendInfo, BackendName, SkippedBackend } from "./backend-info.js";
export { selectBackend } from "./select-backend.js";
export type { SelectBackendOptions } from "./select-backend.js";
export type { BackendCandidate, LoadedBackend } from "./candidates.js";
export { ready, backendInfo } from "./runtime.js";
