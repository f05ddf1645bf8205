import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { fail } from "../options/check.js";
import { makeDirectory } from "./make-directory.js";

const MODEL_FILE = "model.json";
const WEIGHTS_FILE = "weights.bin";

/** What {@link save} wrote. */
export interface SavedModelInfo {
  /** The directory holding `model.json` and `weights.bin`. */
  path: string;
  /** Bytes of weights written. */
  weightBytes: number;
}

/**
 * Saves a model to a local directory as `model.json` (topology and weight manifest, tfjs's format) and
 * `weights.bin`, on every backend: tfjs's own `file://` handler only exists with tfjs-node.
 * Custom depthlab layers are saved by class name and come back with `load`. The directory is created first, so a
 * path that cannot be written fails at once with an error that names it and the system's reason (EACCES, ENOENT,
 * ENOTDIR, EROFS, …).
 *
 * @example
 * await dl.io.save(model, "./runs/mlp-bn");
 * const again = await dl.io.load("./runs/mlp-bn");
 */
export async function save(model: tf.LayersModel, path: string): Promise<SavedModelInfo> {
  if (!model || typeof (model as Partial<tf.LayersModel>).save !== "function") fail("save", "model", "a tfjs LayersModel", model);
  if (typeof path !== "string" || path.length === 0) fail("save", "path", "a directory path", path);
  const dir = resolve(path);
  await makeDirectory("save", dir);
  let weightBytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? Buffer.from(concatWeights(artifacts.weightData)) : Buffer.alloc(0);
      weightBytes = weights.byteLength;
      const manifest = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      await write(join(dir, MODEL_FILE), JSON.stringify(manifest));
      await write(join(dir, WEIGHTS_FILE), weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weightBytes } };
    }),
  );
  return { path: dir, weightBytes };
}

/**
 * Loads a model saved by {@link save} (or any tfjs `model.json` with its weight files beside it).
 *
 * @example
 * const model = await dl.io.load("./runs/mlp-bn");
 */
export async function load(path: string): Promise<tf.LayersModel> {
  if (typeof path !== "string" || path.length === 0) fail("load", "path", "a directory path or a model.json file", path);
  const file = path.endsWith(".json") ? resolve(path) : join(resolve(path), MODEL_FILE);
  let manifest: {
    modelTopology: object;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    trainingConfig?: tf.io.TrainingConfig;
  };
  try {
    manifest = JSON.parse(await readFile(file, "utf8")) as typeof manifest;
  } catch (error) {
    throw new Error(`load: cannot read ${file}: ${(error as Error).message}`);
  }
  const dir = resolve(file, "..");
  const groups = manifest.weightsManifest ?? [];
  const buffers: Uint8Array[] = [];
  for (const group of groups) for (const p of group.paths) buffers.push(await readFile(join(dir, p)));
  const weightData = concatWeights(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: manifest.modelTopology,
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData,
  };
  if (manifest.format) artifacts.format = manifest.format;
  if (manifest.generatedBy) artifacts.generatedBy = manifest.generatedBy;
  if (manifest.trainingConfig) artifacts.trainingConfig = manifest.trainingConfig;
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

/** writeFile whose error names the file and the reason, e.g. "save: cannot write /x/model.json: EACCES: permission denied, …". */
async function write(file: string, data: string | Buffer): Promise<void> {
  await writeFile(file, data).catch((error: Error) => {
    throw new Error(`save: cannot write ${file}: ${error.message}`, { cause: error });
  });
}

function concatWeights(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}
