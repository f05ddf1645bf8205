import type * as tf from "@tensorflow/tfjs";
import { outputClasses } from "./classes.js";
import { predictAs, type PredictOptions } from "./predict.js";

/**
 * The class a model predicts for each row of x, as int32 [n]: the argmax of several outputs (one logit per class),
 * or 1 where a single output is above 0 (a logit, as `loss: "bce"` trains it). The same rule as the accuracy of
 * `fit` and `evaluate` and the areas of `dl.plot.decisionBoundary`.
 *
 * @example
 * const classes = dl.train.predictClasses(model, test.x); // int32 [n]
 * dl.train.predictClasses(dl.datasets.fractalNet(dl.datasets.cantor, 3), ds.x) // 1 on K_3, 0 elsewhere
 */
export function predictClasses(model: tf.LayersModel, x: tf.Tensor, options: PredictOptions = {}): tf.Tensor1D {
  const out = predictAs("predictClasses", model, x, options); // [n, k]
  try {
    return outputClasses(out);
  } finally {
    out.dispose();
  }
}
