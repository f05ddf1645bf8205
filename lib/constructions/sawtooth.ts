import type * as tf from "@tensorflow/tfjs";
import { checkInteger } from "../options/check.js";
import { fromWeights } from "../nets/from-weights.js";
import type { LayerWeights } from "../nets/layer-weights.js";

/**
 * The lecture's hand-built network (Telgarsky's construction): `depth` hidden layers of two ReLU units compute
 * the tent map T(x) = 2·relu(x) − 4·relu(x − 1/2) composed `depth` times on [0, 1]: a sawtooth with 2^(depth−1)
 * teeth (period 2^(1−depth)) and exactly 2^depth affine pieces, from only 2·depth hidden units, while a one-layer
 * network needs 2^depth − 1 units for as many pieces (W units give at most W + 1). The weights are 1, 2, −4 and −1/2: exact in float32.
 *
 * @example
 * const net = dl.constructions.sawtooth(3);
 * (await dl.regions.countPieces(net)).pieces // 8
 */
export function sawtooth(depth: number): tf.Sequential {
  return fromWeights(sawtoothWeights(depth));
}

/** {@link sawtooth} as a plain description (PyTorch layout). */
export function sawtoothWeights(depth: number): LayerWeights[] {
  checkInteger("sawtooth", "depth", depth, 1, 64);
  const layers: LayerWeights[] = [{ weight: [[1], [1]], bias: [0, -0.5], activation: "relu" }];
  for (let d = 1; d < depth; d++) {
    // the previous layer's tent value t = 2·h0 − 4·h1 feeds relu(t) and relu(t − 1/2)
    layers.push({
      weight: [
        [2, -4],
        [2, -4],
      ],
      bias: [0, -0.5],
      activation: "relu",
    });
  }
  layers.push({ weight: [[2, -4]], bias: [0], activation: "linear" });
  return layers;
}
