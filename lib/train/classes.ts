import * as tf from "@tensorflow/tfjs";

/**
 * How a model's outputs become classes, one rule for `fit`, `evaluate`, `predictClasses` and the decision-boundary
 * plot: with several outputs (one logit per class) the class is the argmax; with one output (a logit, as
 * `loss: "bce"` trains it) the class is 1 where the output is above 0, that is where sigmoid(output) > 1/2.
 * A model whose outputs are probabilities rather than logits should be thresholded at 0.5 by hand.
 *
 * @example
 * classRule(10) // "argmax"
 * classRule(1)  // "threshold"
 */
export type ClassRule = "argmax" | "threshold";

/** The rule for a model with this many outputs. */
export function classRule(outputs: number): ClassRule {
  return outputs === 1 ? "threshold" : "argmax";
}

/**
 * The predicted class of each row of `out` ([n, k] logits → int32 [n]): argmax for k ≥ 2, `out > 0` for k = 1.
 *
 * @example
 * outputClasses(tf.tensor2d([[-0.3], [2]])) // int32 [0, 1]
 * outputClasses(tf.tensor2d([[0, 3, 1]]))   // int32 [1]
 */
export function outputClasses(out: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const k = out.rank < 2 ? 1 : (out.shape[out.rank - 1] as number);
    if (classRule(k) === "threshold") return tf.greater(out.reshape([-1]), 0).toInt() as tf.Tensor1D;
    return tf.argMax(out, -1).reshape([-1]) as tf.Tensor1D;
  });
}

/**
 * How many rows of `out` (logits [n, k]) predict their label `labels` ([n] or [n, 1], 0 … k − 1; 0/1 for k = 1),
 * as a float32 scalar.
 *
 * @example
 * correctCount(tf.tensor2d([[-1], [1], [1]]), tf.tensor1d([0, 1, 0], "int32")) // 2
 */
export function correctCount(out: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.equal(outputClasses(out), labels.reshape([-1]).toInt()).toFloat()) as tf.Scalar);
}
