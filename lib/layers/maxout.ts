import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys, fail } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link maxout}, plus the usual tfjs layer arguments. */
export interface MaxoutOptions extends LayerArgs {
  /** How many features compete in each group, an integer >= 1 (required; 1 is the identity). */
  pieces: number;
}
const KEYS: KnownKeys<MaxoutOptions> = { pieces: true, ...LAYER_ARG_KEYS };

/**
 * The maxout unit of Goodfellow et al. (2013), as the max part only: put a dense layer with F = M·pieces units
 * before it to get the full maxout layer. The last axis (size F, a multiple of `pieces`) is cut into M = F/pieces
 * groups of `pieces` CONSECUTIVE features, and output j is the max of features j·pieces … j·pieces + pieces − 1
 * (PyTorch: `x.view(B, M, pieces).max(-1)`). It can represent ReLU (max(w·x, 0)) and |x| (max(x, −x)), and any
 * convex piecewise-linear function with enough pieces.
 *
 * @example
 * tf.sequential({ layers: [tf.layers.dense({ units: 12, inputShape: [2] }), dl.layers.maxout({ pieces: 3 })] }) // 4 outputs
 */
export function maxout(options: MaxoutOptions): Maxout {
  return new Maxout(options);
}

/** The layer {@link maxout} builds; registered for serialisation as "Maxout". */
export class Maxout extends tf.layers.Layer {
  static className = "Maxout";
  static override fromConfig = fromOwnConfig;
  readonly pieces: number;

  constructor(options: MaxoutOptions) {
    const { pieces, ...layerArgs } = checkKeys("maxout", options ?? ({} as MaxoutOptions), KEYS);
    checkInteger("maxout", "pieces", pieces, 1);
    super(layerArgs);
    this.pieces = pieces;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.computeOutputShape(inputShape);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneInput(inputs); // [..., F]
      const f = x.shape[x.rank - 1] as number;
      const groups = x.reshape([...x.shape.slice(0, -1), f / this.pieces, this.pieces]); // [..., M, pieces]
      return tf.max(groups, -1); // [..., M]
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const f = shape[shape.length - 1];
    if (typeof f !== "number" || f % this.pieces !== 0) {
      fail("maxout", "the input size (last axis)", `a multiple of pieces = ${this.pieces}`, f);
    }
    return [...shape.slice(0, -1), f / this.pieces];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { pieces: this.pieces, ...super.getConfig() };
  }
}

tf.serialization.registerClass(Maxout);
