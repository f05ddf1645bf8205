import * as tf from "@tensorflow/tfjs";
import { checkOneOf, fail } from "../../options/check.js";
import { adagrad, type AdagradOptions } from "./adagrad.js";
import { adam, type AdamOptions } from "./adam.js";
import { adamw, type AdamWOptions } from "./adamw.js";
import { momentum, type MomentumOptions } from "./momentum.js";
import { nesterov, type NesterovOptions } from "./nesterov.js";
import { rmsprop, type RMSpropOptions } from "./rmsprop.js";
import { sgd, type SGDOptions } from "./sgd.js";

/**
 * The optimisers {@link optimizer} knows by name.
 *
 * @example
 * dl.train.OPTIMIZER_NAMES // ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
 */
export const OPTIMIZER_NAMES = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] as const;
/** A name {@link optimizer} knows, e.g. `"adam"`. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** An optimiser: a name, a name with options, or a tf.Optimizer (ours or tfjs's). */
export type OptimizerSpec =
  | OptimizerName
  | ({ name: "sgd" } & SGDOptions)
  | ({ name: "momentum" } & MomentumOptions)
  | ({ name: "nesterov" } & NesterovOptions)
  | ({ name: "adagrad" } & AdagradOptions)
  | ({ name: "rmsprop" } & RMSpropOptions)
  | ({ name: "adam" } & AdamOptions)
  | ({ name: "adamw" } & AdamWOptions)
  | tf.Optimizer;

const FACTORIES: Record<OptimizerName, (options: object) => tf.Optimizer> = { sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw };

/**
 * Resolves an optimiser spec: a name uses that optimiser's defaults, `{ name, ...options }` passes the options on,
 * and an optimiser instance is returned as it is (its state included).
 *
 * @example
 * dl.train.optimizer("adam")                       // Adam, lr 1e-3
 * dl.train.optimizer({ name: "sgd", lr: 0.1, momentum: 0.9 })
 * dl.train.optimizer(dl.train.rmsprop({ lr: 1e-3 })) // the same instance
 */
export function optimizer(spec: OptimizerSpec): tf.Optimizer {
  if (typeof spec === "object" && spec !== null && spec instanceof tf.Optimizer) return spec;
  if (typeof spec === "string") return FACTORIES[checkOneOf("optimizer", "name", spec, OPTIMIZER_NAMES)]({});
  if (typeof spec !== "object" || spec === null) fail("optimizer", "spec", "a name, { name, ...options } or a tf.Optimizer", spec);
  const { name, ...options } = spec as { name: unknown };
  return FACTORIES[checkOneOf("optimizer", "name", name, OPTIMIZER_NAMES)](options);
}
