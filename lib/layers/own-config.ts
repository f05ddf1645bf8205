import type * as tf from "@tensorflow/tfjs";

/**
 * The `fromConfig` of depthlab's serialisable classes (layers and initialisers). tfjs adds `customObjects` to every
 * config it deserialises, a key our constructors do not take: they reject unknown option keys, so it is taken out
 * here, and the rest is what the class's `getConfig()` wrote.
 *
 * @example
 * class Maxout extends tf.layers.Layer {
 *   static override fromConfig = fromOwnConfig;
 * }
 */
export function fromOwnConfig<T extends tf.serialization.Serializable>(
  cls: tf.serialization.SerializableConstructor<T>,
  config: tf.serialization.ConfigDict,
): T {
  const { customObjects: _added, ...own } = config;
  return new cls(own);
}
