import * as tf from "@tensorflow/tfjs";
import { fail } from "../options/check.js";

/** The single tensor a one-input layer receives (tfjs may hand it over wrapped in an array). */
export function oneInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
}

/**
 * Checks, at build time, that a two-input layer receives two inputs of the same shape, and returns that shape.
 *
 * @example
 * pairShape("shakeShake", "[branch1, branch2]", [[null, 4], [null, 4]]) // [null, 4]
 */
export function pairShape(fn: string, what: string, inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  const shapes = inputShape as tf.Shape[];
  const ok = Array.isArray(shapes[0]) && shapes.length === 2 && sameShape(shapes[0], shapes[1] as tf.Shape);
  if (!ok) fail(fn, "inputs", `${what}, two tensors of the same shape`, Array.isArray(shapes[0]) ? shapes : [shapes]);
  return shapes[0] as tf.Shape;
}

function sameShape(a: tf.Shape, b: tf.Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}
