import * as tf from "@tensorflow/tfjs";
import { fail } from "../options/check.js";

/** A tfjs initializer object, e.g. `tf.initializers.glorotUniform({ seed: 1 })`. */
export type Initializer = ReturnType<typeof tf.initializers.ones>;

/**
 * How a layer option names an initializer: a tfjs identifier (`"glorotUniform"`, `"heNormal"`, `"zeros"`, ...),
 * an initializer object (`tf.initializers.heNormal({ seed: 1 })`, or one registered with
 * `tf.serialization.registerClass`), or its serialised form `{ className, config }` (what `getConfig()` writes).
 */
export type InitializerOption = string | Initializer | { className: string; config?: tf.serialization.ConfigDict };

/**
 * Resolves an {@link InitializerOption} to an initializer object, through tfjs's registry of serialisable classes.
 *
 * @example
 * toInitializer("dropConnect", "kernelInitializer", "heNormal").getClassName() // "HeNormal"
 */
export function toInitializer(fn: string, name: string, value: InitializerOption): Initializer {
  if (value instanceof INITIALIZER_BASE) return value;
  const dict = typeof value === "string" ? { className: value.charAt(0).toUpperCase() + value.slice(1), config: {} } : value;
  const entry = typeof dict?.className === "string" ? tf.serialization.SerializationMap.getMap().classNameMap[dict.className] : undefined;
  if (entry === undefined) fail(fn, name, 'a tfjs initializer (a name such as "glorotUniform", or an object)', value);
  const [cls, fromConfig] = entry;
  if (!(cls.prototype instanceof INITIALIZER_BASE)) fail(fn, name, "a tfjs initializer class", dict.className);
  return fromConfig(cls, dict.config ?? {}) as Initializer;
}

// tfjs does not export its Initializer base class; every built-in initializer (Zeros here) extends it directly.
const INITIALIZER_BASE = Object.getPrototypeOf(tf.initializers.zeros().constructor) as new (...args: never[]) => Initializer;

/** The serialised form of an initializer, for a layer's `getConfig()`. */
export function initializerConfig(init: Initializer): tf.serialization.ConfigDict {
  return { className: init.getClassName(), config: init.getConfig() };
}
