import * as tf from "@tensorflow/tfjs";
import { checkInteger, checkKeys, fail, type KnownKeys } from "../options/check.js";
import { correctCount } from "./classes.js";
import { checkData, type DataLike } from "./data-source.js";
import type { LossFn, LossName } from "./losses.js";
import { resolveTargets } from "./targets.js";
import { checkInterrupt } from "../host/host.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Default as in `fit`: "crossEntropy" for int32 labels and several outputs, "bce" for labels 0/1 and one output, else "mse". */
  loss?: LossName | LossFn;
  /** Default 1000. */
  batchSize?: number;
}
const KEYS: KnownKeys<EvaluateOptions> = { loss: true, batchSize: true };

/**
 * Mean loss (and accuracy for class labels) of a model on data, in inference mode, in batches. Accuracy follows
 * one rule: the argmax of several outputs, or class 1 where a single output is above 0 (see `predictClasses`).
 *
 * @example
 * await dl.train.evaluate(model, test) // { loss: 0.31, accuracy: 0.89 }
 */
export async function evaluate(
  model: tf.LayersModel,
  data: DataLike,
  options: EvaluateOptions = {},
): Promise<{ loss: number; accuracy?: number }> {
  if (typeof (model as Partial<tf.LayersModel> | null)?.apply !== "function") fail("evaluate", "model", "a tfjs LayersModel", model);
  const { x, y, n } = checkData("evaluate", "data", data);
  const { loss, batchSize = 1000 } = checkKeys("evaluate", options, KEYS);
  checkInteger("evaluate", "batchSize", batchSize, 1);
  const targets = await resolveTargets("evaluate", "data", model, { x, y, n }, loss);
  return evaluateTensors(model, x, y, n, targets.accuracy, targets.lossFn, batchSize);
}

/** {@link evaluate} on checked inputs (used by `fit` for validation). */
export async function evaluateTensors(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  n: number,
  accuracy: boolean,
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
      const hits = accuracy ? correctCount(out, yb) : tf.scalar(0);
      return [batchLoss, hits];
    });
    lossSum += (await l.data())[0] as number;
    correct += (await c.data())[0] as number;
    tf.dispose([l, c]);
  }
  return accuracy ? { loss: lossSum / n, accuracy: correct / n } : { loss: lossSum / n };
}
