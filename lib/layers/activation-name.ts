import * as tf from "@tensorflow/tfjs";

/** The activations tfjs layers know by name (`tf.layers.dense({ activation })` takes the same names). */
export type ActivationName = NonNullable<Parameters<typeof tf.layers.activation>[0]["activation"]>;

/**
 * Every {@link ActivationName}, for validating options.
 *
 * @example
 * checkOneOf("highway", "activation", "relu", ACTIVATION_NAMES)
 */
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  "elu",
  "hardSigmoid",
  "linear",
  "relu",
  "relu6",
  "selu",
  "sigmoid",
  "softmax",
  "softplus",
  "softsign",
  "tanh",
  "swish",
  "mish",
  "gelu",
  "gelu_new",
];
