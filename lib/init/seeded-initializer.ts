import * as tf from "@tensorflow/tfjs";
import { checkSeed, fail } from "../options/check.js";
import { Rng } from "../random/rng.js";
import { checkWeights } from "./check-weights.js";
import { fromOwnConfig } from "../layers/own-config.js";

/** The instance type of tfjs-layers' `Initializer`, the class layers accept as `kernelInitializer`. */
export type TfInitializer = ReturnType<typeof tf.initializers.zeros>;

// tfjs-layers does not export its Initializer base class, and layers only accept its subclasses
// (`getInitializer` checks `instanceof Initializer`), so we reach it through a built-in initializer.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as (abstract new () => TfInitializer) &
  Pick<typeof tf.serialization.Serializable, "fromConfig">;

/**
 * Base of depthlab's initialisers: a tfjs `Initializer` whose values are drawn in float64 by our own seeded
 * {@link Rng} and handed to tfjs as float32. The values therefore do not depend on the backend: the same seed gives
 * bit-identical weights on cpu, wasm, webgl and tfjs-node.
 *
 * An initialiser is a seeded stream: its first tensor depends only on the seed, and later calls continue the
 * stream, so one initialiser shared by several layers gives each layer different weights, reproducibly.
 * Subclasses implement `sample` and are registered with `tf.serialization.registerClass`.
 *
 * @example
 * const init = dl.init.he({ seed: 0 });
 * tf.layers.dense({ units: 64, kernelInitializer: init });
 * init.apply([512, 256]) // a float32 tensor
 */
export abstract class SeededInitializer extends InitializerBase {
  static override fromConfig = fromOwnConfig;
  readonly seed: number;
  #rng: Rng;
  #fn: string;

  constructor(fn: string, seed: unknown) {
    super();
    this.#fn = fn;
    this.seed = checkSeed(fn, seed);
    this.#rng = new Rng(this.seed);
  }

  /** Values in float64, row-major (C order) for `shape`. */
  protected abstract sample(shape: number[], rng: Rng): Float64Array;

  override apply(shape: (number | null)[], dtype: tf.DataType = "float32"): tf.Tensor {
    if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0))
      fail(this.getClassName(), "shape", "known non-negative sizes", shape);
    const dims = shape as number[];
    checkWeights(this.#fn, [dims], 0);
    const values = tf.tensor(Float32Array.from(this.sample(dims, this.#rng)), dims, "float32");
    return dtype === "float32" ? values : tf.tidy(() => values.cast(dtype));
  }

  /** Restarts the stream: the next tensor is the one a fresh initialiser with this seed would make. */
  reset(): this {
    this.#rng = new Rng(this.seed);
    return this;
  }
}

/** `n` values from `draw`, as a Float64Array. */
export function draws(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
