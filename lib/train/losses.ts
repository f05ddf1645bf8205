import * as tf from "@tensorflow/tfjs";
import { kernelAvailable } from "../kernels/kernel-available.js";
import { SOFTMAX_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY_GRAD } from "../kernels/softmax-cross-entropy.js";
import { fail } from "../options/check.js";

/** A loss: the mean over the batch of a per-sample loss, as a scalar. `x` is the batch's input (for losses that need it, like distillation). */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor, x?: tf.Tensor) => tf.Scalar;
/** Built-in losses by name, with PyTorch's conventions (mean reduction, logits in). */
export type LossName = "crossEntropy" | "mse" | "bce";
export const LOSS_NAMES: readonly LossName[] = ["crossEntropy", "mse", "bce"];

/**
 * nn.CrossEntropyLoss: integer labels `[batch]` and logits `[batch, classes]`; mean of −log softmax(logits)[label].
 * On wasm and cpu it is one kernel each way (see registerCrossEntropyKernels), elsewhere tfjs's ops.
 *
 * @example
 * dl.train.crossEntropy(tf.tensor1d([1], "int32"), tf.tensor2d([[0, 0]])) // log 2
 */
export function crossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  if (logits.rank === 2 && labels.size === logits.shape[0] && (labels.dtype === "int32" || labels.dtype === "float32")) {
    if (kernelAvailable(SOFTMAX_CROSS_ENTROPY)) return oneKernel(labels, logits as tf.Tensor2D);
  }
  return tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1] as number;
    const logp = tf.logSoftmax(logits as tf.Tensor2D); // [batch, classes]
    const onehot = tf.oneHot(labels.toInt().flatten(), classes); // [batch, classes]
    return tf.neg(tf.sum(tf.mul(onehot, logp))).div(labels.shape[0] as number) as tf.Scalar;
  });
}

/** {@link crossEntropy} as one kernel each way; only the logits get a gradient. */
function oneKernel(labels: tf.Tensor, logits: tf.Tensor2D): tf.Scalar {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const [loss, probs] = tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY, { logits: z, labels }, {}) as tf.Tensor[];
    save([probs!, labels]);
    return {
      value: loss!,
      gradFunc: (dy: tf.Tensor, [p, y]: tf.Tensor[]) =>
        tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY_GRAD, { dy, probs: p!, labels: y! }, {}) as tf.Tensor,
    };
  });
  return op(logits) as tf.Scalar;
}

/**
 * nn.MSELoss: mean of squared differences over all elements.
 *
 * @example
 * dl.train.mse(tf.tensor2d([[1]]), tf.tensor2d([[3]])) // 4
 */
export function mse(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(yPred, yTrue.reshape(yPred.shape))) as tf.Scalar);
}

/**
 * nn.BCEWithLogitsLoss: labels in {0, 1} (any float dtype), logits of the same shape; mean over elements.
 *
 * @example
 * dl.train.bce(tf.tensor2d([[1]]), tf.tensor2d([[0]])) // log 2
 */
export function bce(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const y = labels.toFloat().reshape(logits.shape);
    // max(z, 0) − z·y + log(1 + e^(−|z|)), the stable form
    const loss = tf
      .relu(logits)
      .sub(logits.mul(y))
      .add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(loss) as tf.Scalar;
  });
}

/** Resolves a loss given by name or as a function. */
export function resolveLoss(fn: string, loss: unknown): LossFn {
  if (typeof loss === "function") return loss as LossFn;
  if (loss === "crossEntropy") return crossEntropy;
  if (loss === "mse") return mse;
  if (loss === "bce") return bce;
  return fail(fn, "loss", `one of ${LOSS_NAMES.map((n) => `"${n}"`).join(", ")} or a function (yTrue, yPred) => scalar`, loss);
}
