import type * as tfTypes from "@tensorflow/tfjs";
import { BACKEND_NAMES, type BackendInfo, type BackendName, type SkippedBackend } from "./backend-info.js";
import { DEFAULT_CANDIDATES, type BackendCandidate } from "./candidates.js";
import { type KnownKeys, checkKeys } from "../options/check.js";

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Force one backend (the value of `DEPTHLAB_BACKEND`); empty or undefined picks the fastest that works. */
  force?: string | undefined;
  /** Candidates in order of preference (default: tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu). */
  candidates?: readonly BackendCandidate[];
}
const KEYS: KnownKeys<SelectBackendOptions> = { force: true, candidates: true };

/**
 * Picks the fastest TensorFlow.js backend that loads, or the forced one, and reports why each faster
 * candidate was skipped. Throws when a forced backend cannot load, naming what was tried.
 *
 * @example
 * const info = await selectBackend(tf, { force: process.env.DEPTHLAB_BACKEND });
 * info.backend // "wasm"
 */
export async function selectBackend(tf: typeof tfTypes, options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const { force, candidates = DEFAULT_CANDIDATES } = checkKeys("selectBackend", options, KEYS);
  const wanted = parseForced(force);
  const skipped: SkippedBackend[] = [];
  for (const candidate of candidates) {
    if (wanted !== null && candidate.backend !== wanted) continue;
    try {
      const loaded = await candidate.load(tf, { forced: wanted !== null });
      return { ...loaded, tfjsVersion: tf.version_core, forced: wanted !== null, skipped };
    } catch (error) {
      skipped.push({ candidate: candidate.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const tried = skipped.map((s) => `${s.candidate}: ${s.reason}`).join("; ");
  if (wanted !== null) {
    throw new Error(
      `DEPTHLAB_BACKEND=${wanted} was requested but cannot load (${tried}). ` +
        `Unset DEPTHLAB_BACKEND to pick the fastest backend that works, or install what is missing (see the README's backend table).`,
    );
  }
  throw new Error(`no TensorFlow.js backend could be loaded (${tried})`);
}

function parseForced(force: string | undefined): BackendName | null {
  if (force === undefined || force.trim() === "") return null;
  const name = force.trim().toLowerCase();
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`DEPTHLAB_BACKEND must be one of ${BACKEND_NAMES.join(", ")}, got "${force}"`);
  }
  return name as BackendName;
}
