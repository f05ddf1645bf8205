import * as tf from "@tensorflow/tfjs";
import { checkInteger, fail } from "../options/check.js";

/**
 * The model's outputs on x in inference mode, computed in batches (so large inputs fit in memory) and concatenated.
 *
 * @example
 * const logits = dl.train.predict(model, test.x, { batchSize: 512 }); // [n, classes]
 */
export function predict(model: tf.LayersModel, x: tf.Tensor, { batchSize = 1000 }: { batchSize?: number } = {}): tf.Tensor {
  if (!x || !Array.isArray((x as tf.Tensor).shape)) fail("predict", "x", "a tensor", x);
  checkInteger("predict", "batchSize", batchSize, 1);
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
