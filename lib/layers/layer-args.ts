import type * as tf from "@tensorflow/tfjs";
import type { KnownKeys } from "../options/check.js";

/**
 * The arguments every tfjs layer accepts beside its own options: `name`, `inputShape` (for the first layer of a
 * `tf.sequential`), `trainable`, `dtype`, ... They are passed through to `tf.layers.Layer` unchanged.
 *
 * @example
 * dl.layers.batchNorm({ name: "bn1", inputShape: [3] })
 */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * The keys of {@link LayerArgs}, to spread into a layer's own list of known option keys.
 *
 * @example
 * const KEYS: KnownKeys<DropoutOptions> = { rate: true, seed: true, ...LAYER_ARG_KEYS };
 */
export const LAYER_ARG_KEYS: KnownKeys<LayerArgs> = {
  inputShape: true,
  batchInputShape: true,
  batchSize: true,
  dtype: true,
  name: true,
  trainable: true,
  weights: true,
  inputDType: true,
};
