import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkSeed } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { pairShape } from "./layer-inputs.js";
import { SeededStream } from "./seeded-stream.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link shakeShake}, plus the usual tfjs layer arguments. */
export interface ShakeShakeOptions extends LayerArgs {
  /** Seed of α and β (default 0). Give each random layer its own seed. */
  seed?: number;
}
const KEYS: KnownKeys<ShakeShakeOptions> = { seed: true, ...LAYER_ARG_KEYS };

/**
 * Shake-shake regularisation (Gastaldi 2017, "shake-shake-image"), applied to the two branches `[branch1, branch2]`
 * of a residual block (same shapes; add the shortcut yourself). Training: the forward pass returns
 * α·branch1 + (1 − α)·branch2 with α ~ U(0, 1) drawn per sample, and the backward pass uses an independent
 * β ~ U(0, 1) per sample: dL/dbranch1 = β·dL/dy, dL/dbranch2 = (1 − β)·dL/dy. Inference: 0.5·(branch1 + branch2).
 *
 * @example
 * const x = tf.input({ shape: [16] });
 * const b1 = tf.layers.dense({ units: 16, activation: "relu" }).apply(x);
 * const b2 = tf.layers.dense({ units: 16, activation: "relu" }).apply(x);
 * const y = tf.layers.add().apply([x, dl.layers.shakeShake({ seed: 1 }).apply([b1, b2]) as tf.SymbolicTensor]);
 */
export function shakeShake(options: ShakeShakeOptions = {}): ShakeShake {
  return new ShakeShake(options);
}

/** The layer {@link shakeShake} builds; registered for serialisation as "ShakeShake". */
export class ShakeShake extends tf.layers.Layer {
  static className = "ShakeShake";
  static override fromConfig = fromOwnConfig;
  readonly seed: number;
  private stream: SeededStream;

  constructor(options: ShakeShakeOptions = {}) {
    const { seed = 0, ...layerArgs } = checkKeys("shakeShake", options, KEYS);
    checkSeed("shakeShake", seed);
    super(layerArgs);
    this.seed = seed;
    this.stream = new SeededStream(seed);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    pairShape("shakeShake", "[branch1, branch2]", inputShape);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    return tf.tidy(() => {
      const [b1, b2] = inputs as [tf.Tensor, tf.Tensor]; // [B, ...] each
      if (kwargs.training !== true) return tf.mul(tf.add(b1, b2), 0.5);
      const perSample = [b1.shape[0] as number, ...b1.shape.slice(1).map(() => 1)];
      const alpha = this.stream.uniform(perSample); // [B, 1, ...], forward
      const beta = this.stream.uniform(perSample); // [B, 1, ...], backward
      const shake = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [x1, x2, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
        save([beta]);
        return {
          value: tf.add(x2, tf.mul(tf.sub(x1, x2), alpha)), // α·x1 + (1 − α)·x2
          gradFunc: (dy: tf.Tensor, [b]: tf.Tensor[]) => [tf.mul(dy, b as tf.Tensor), tf.mul(dy, tf.sub(1, b as tf.Tensor))],
        };
      });
      return shake(b1, b2);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return pairShape("shakeShake", "[branch1, branch2]", inputShape);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { seed: this.seed, ...super.getConfig() };
  }
}

tf.serialization.registerClass(ShakeShake);
