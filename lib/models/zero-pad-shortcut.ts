import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkInteger, checkKeys } from "../options/check.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "../layers/layer-args.js";
import { fromOwnConfig } from "../layers/own-config.js";

/** Options of {@link ZeroPadShortcut}, plus the usual tfjs layer arguments. */
export interface ZeroPadShortcutOptions extends LayerArgs {
  /** Features after the shortcut, an integer >= 1 (required). */
  width: number;
  /** Keep every stride-th row and column, an integer >= 1 (default 1). */
  stride?: number;
}
const KEYS: KnownKeys<ZeroPadShortcutOptions> = { width: true, stride: true, ...LAYER_ARG_KEYS };

/**
 * The parameter-free shortcut of He et al.'s option A: subsample by `stride` (for images: every stride-th row and
 * column) and pad the features (channels, last axis) with zeros up to `width`. Registered as "ZeroPadShortcut".
 *
 * @example
 * new ZeroPadShortcut({ width: 32, stride: 2 }).apply(x) // [B, 16, 16, 16] → [B, 8, 8, 32]
 */
export class ZeroPadShortcut extends tf.layers.Layer {
  static className = "ZeroPadShortcut";
  static override fromConfig = fromOwnConfig;
  readonly width: number;
  readonly stride: number;

  constructor(options: ZeroPadShortcutOptions) {
    const { width, stride = 1, ...layerArgs } = checkKeys("ZeroPadShortcut", options ?? ({} as ZeroPadShortcutOptions), KEYS);
    super(layerArgs);
    this.width = checkInteger("ZeroPadShortcut", "width", width, 1);
    this.stride = checkInteger("ZeroPadShortcut", "stride", stride, 1);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const spatial = s.slice(1, -1).map((d) => (d === null ? null : Math.ceil(d / this.stride)));
    return [s[0]!, ...spatial, this.width];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      let x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      // a 1×1 average pool with a stride keeps every stride-th pixel, and unlike stridedSlice it has a gradient
      if (this.stride > 1 && x.rank === 4) x = tf.avgPool(x as tf.Tensor4D, 1, this.stride, "valid");
      const extra = this.width - (x.shape[x.rank - 1] as number);
      if (extra < 0) throw new RangeError(`ZeroPadShortcut: input has ${x.shape[x.rank - 1]} features, more than width ${this.width}`);
      if (extra === 0) return x;
      const pad = x.shape.map((_, i) => (i === x.rank - 1 ? [0, extra] : [0, 0])) as [number, number][];
      return tf.pad(x, pad);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), width: this.width, stride: this.stride };
  }
}

tf.serialization.registerClass(ZeroPadShortcut);
