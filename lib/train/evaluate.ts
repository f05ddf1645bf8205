import * as tf from "@tensorflow/tfjs";
import { checkInteger } from "../options/check.js";
import { checkData, type DataLike } from "./data-source.js";
import { resolveLoss, type LossFn, type LossName } from "./losses.js";
import { checkInterrupt } from "../host/host.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Default: "crossEntropy" for int32 labels, "mse" otherwise. */
  loss?: LossName | LossFn;
  /** Default 1000. */
  batchSize?: number;
}

/**
 * Mean loss (and accuracy for class labels) of a model on data, in inference mode, in batches.
 *
 * @example
 * await dl.train.evaluate(model, test) // { loss: 0.31, accuracy: 0.89 }
 */
export async function evaluate(
  model: tf.LayersModel,
  data: DataLike,
  options: EvaluateOptions = {},
): Promise<{ loss: number; accuracy?: number }> {
  const { x, y, n, labels } = checkData("evaluate", "data", data);
  const { loss = labels ? "crossEntropy" : "mse", batchSize = 1000 } = options;
  checkInteger("evaluate", "batchSize", batchSize, 1);
  return evaluateTensors(model, x, y, n, labels, resolveLoss("evaluate", loss), batchSize);
}

/** {@link evaluate} on checked inputs (used by `fit` for validation). */
export async function evaluateTensors(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  n: number,
  labels: boolean,
  lossFn: LossFn,
  batchSize: number,
): Promise<{ loss: number; accuracy?: number }> {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    checkInterrupt();
    const size = Math.min(batchSize, n - start);
    const [l, c] = tf.tidy(() => {
      const xb = x.slice(start, size);
      const yb = y.slice(start, size);
      const out = model.apply(xb, { training: false }) as tf.Tensor;
      const batchLoss = lossFn(yb, out).mul(size);
      const hits = labels ? tf.sum(tf.equal(tf.argMax(out, -1), yb.flatten())) : tf.scalar(0);
      return [batchLoss, hits];
    });
    lossSum += (await l.data())[0] as number;
    correct += (await c.data())[0] as number;
    tf.dispose([l, c]);
  }
  return labels ? { loss: lossSum / n, accuracy: correct / n } : { loss: lossSum / n };
}
