import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkNumber, checkInteger, checkKeys, fail } from "../options/check.js";
import { AbsLayer } from "../nets/abs-layer.js";
import { crelu, maxout } from "../layers/index.js";

/** The activations the model builders know. */
export const ACTIVATIONS = ["relu", "leakyRelu", "tanh", "sigmoid", "abs", "elu", "crelu", "maxout", "linear"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Options of an activation: `alpha` for leakyRelu (default 0.01, PyTorch's), `pieces` for maxout (default 2). */
export interface ActivationOptions {
  alpha?: number;
  pieces?: number;
}
const KEYS: KnownKeys<ActivationOptions> = { alpha: true, pieces: true };

/**
 * How many units a layer followed by this activation needs to give `width` outputs, and how many features the
 * activation gives back: maxout takes `pieces` units per output; CReLU doubles its input.
 */
export function activationWidths(
  name: ActivationName,
  width: number,
  { pieces = 2 }: ActivationOptions = {},
): { units: number; out: number } {
  if (name === "maxout") return { units: width * pieces, out: width };
  if (name === "crelu") return { units: width, out: 2 * width };
  return { units: width, out: width };
}

/**
 * A layer applying the named activation (null for "linear").
 *
 * @example
 * activationLayer("leakyRelu", { alpha: 0.1 })
 */
export function activationLayer(fn: string, name: unknown, options: ActivationOptions = {}): tf.layers.Layer | null {
  const { alpha = 0.01, pieces = 2 } = checkKeys(fn, options, KEYS);
  switch (name) {
    case "linear":
      return null;
    case "relu":
    case "tanh":
    case "sigmoid":
    case "elu":
      return tf.layers.activation({ activation: name });
    case "leakyRelu":
      return tf.layers.leakyReLU({ alpha: checkNumber(fn, "alpha", alpha, 0, 1) });
    case "abs":
      return new AbsLayer();
    case "crelu":
      return crelu();
    case "maxout":
      return maxout({ pieces: checkInteger(fn, "pieces", pieces, 2, 64) });
    default:
      return fail(fn, "activation", `one of ${ACTIVATIONS.map((a) => `"${a}"`).join(", ")}`, name);
  }
}
