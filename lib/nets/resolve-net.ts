import type * as tf from "@tensorflow/tfjs";
import { checkLayers, type DenseLayer, type LayerWeights } from "./layer-weights.js";
import { readDenseLayers } from "./to-weights.js";

/** What the exact counters accept: a tfjs model or the plain description. */
export type NetLike = tf.LayersModel | readonly LayerWeights[];

/** Turns either form into checked {@link DenseLayer}s (tensors are read with `await data()`). */
export async function resolveNet(fn: string, net: NetLike): Promise<DenseLayer[]> {
  return Array.isArray(net) ? checkLayers(fn, net) : readDenseLayers(fn, net as tf.LayersModel);
}
