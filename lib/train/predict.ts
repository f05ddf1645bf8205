import * as tf from "@tensorflow/tfjs";
import { checkInteger, checkKeys, fail, type KnownKeys } from "../options/check.js";

/** Options of {@link predict} and `predictClasses`. */
export interface PredictOptions {
  /** Rows per call of the model, an integer >= 1 (default 1000). */
  batchSize?: number;
}
const KEYS: KnownKeys<PredictOptions> = { batchSize: true };

/**
 * The model's outputs on x in inference mode, computed in batches (so large inputs fit in memory) and concatenated.
 *
 * @example
 * const logits = dl.train.predict(model, test.x, { batchSize: 512 }); // [n, classes]
 */
export function predict(model: tf.LayersModel, x: tf.Tensor, options: PredictOptions = {}): tf.Tensor {
  return predictAs("predict", model, x, options);
}

/** {@link predict} with errors in the name of the public function `fn`. */
export function predictAs(fn: string, model: tf.LayersModel, x: tf.Tensor, options: PredictOptions): tf.Tensor {
  if (typeof (model as Partial<tf.LayersModel> | null)?.apply !== "function") fail(fn, "model", "a tfjs LayersModel", model);
  if (!x || !Array.isArray((x as tf.Tensor).shape)) fail(fn, "x", "a tensor", x);
  const { batchSize = 1000 } = checkKeys(fn, options, KEYS);
  checkInteger(fn, "batchSize", batchSize, 1);
  const n = x.shape[0] as number;
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < n; start += batchSize) {
    parts.push(tf.tidy(() => model.apply(x.slice(start, Math.min(batchSize, n - start)), { training: false }) as tf.Tensor));
  }
  if (parts.length === 1) return parts[0]!;
  const out = tf.concat(parts, 0);
  tf.dispose(parts);
  return out;
}
