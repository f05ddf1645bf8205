/**
 * TensorFlow.js as depthlab uses it: the same module instance whichever backend was chosen
 * (tfjs-node registers its backend into this instance), so `dl.tf` and `import * as tf from "@tensorflow/tfjs"` agree.
 *
 * @example
 * const { tf } = dl;
 * tf.tensor([1, 2, 3]).square()
 */
export * as tf from "@tensorflow/tfjs";
