import * as tf from "@tensorflow/tfjs";

/**
 * The arguments every tfjs layer accepts beside its own options: `name`, `inputShape` (for the first layer of a
 * `tf.sequential`), `trainable`, `dtype`, ... They are passed through to `tf.layers.Layer` unchanged.
 *
 * @example
 * dl.layers.batchNorm({ name: "bn1", inputShape: [3] })
 */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
