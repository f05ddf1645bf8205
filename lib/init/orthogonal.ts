import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, fail } from "../options/check.js";
import type { Rng } from "../random/rng.js";
import { orthonormalColumns } from "./orthonormal-columns.js";
import { draws, SeededInitializer } from "./seeded-initializer.js";

/** Options of {@link orthogonal}. */
export interface OrthogonalOptions {
  /** Multiplies the orthonormal matrix, > 0 (default 1). */
  gain?: number;
  /** Seed of the stream (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<OrthogonalOptions> = { gain: true, seed: true };

/**
 * (Semi-)orthogonal weights (torch.nn.init.orthogonal_). Serialised as "depthlab.Orthogonal".
 *
 * @example
 * new dl.init.OrthogonalInit({ gain: 2 }) // what dl.init.orthogonal({ gain: 2 }) returns
 */
export class OrthogonalInit extends SeededInitializer {
  static className = "depthlab.Orthogonal";
  readonly gain: number;

  constructor(options: OrthogonalOptions = {}) {
    const { gain = 1, seed = 0 } = checkKeys("orthogonal", options, KEYS);
    super("orthogonal", seed);
    this.gain = checkNumber("orthogonal", "gain", gain, 0, Infinity, { min: true });
  }

  protected sample(shape: number[], rng: Rng): Float64Array {
    if (shape.length < 2) fail("orthogonal", "shape", "a kernel shape of rank >= 2", shape);
    const outs = shape.at(-1) as number;
    const rest = shape.slice(0, -1).reduce((a, b) => a * b, 1); // in · kh · kw
    const [big, small] = rest >= outs ? [rest, outs] : [outs, rest];
    const q = orthonormalColumns(
      draws(big * small, () => rng.normal()),
      big,
      small,
    ); // [small columns of length big]
    const w = new Float64Array(rest * outs); // [rest, outs], row-major
    for (let i = 0; i < rest; i++) {
      for (let j = 0; j < outs; j++) {
        // tall: W = Q (orthonormal columns, WᵀW = I); wide: W = Qᵀ (orthonormal rows, WWᵀ = I)
        const value = rest >= outs ? q[j * big + i] : q[i * big + j];
        w[i * outs + j] = this.gain * (value as number);
      }
    }
    return w;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed };
  }
}
tf.serialization.registerClass(OrthogonalInit);

/**
 * Orthogonal initialisation (Saxe et al. 2014), as torch.nn.init.orthogonal_: the kernel, flattened to
 * `[in · kh · kw, out]`, is gain times a random matrix with orthonormal columns (WᵀW = I when in·kh·kw >= out) or
 * orthonormal rows (WWᵀ = I otherwise), from the QR decomposition of a Gaussian matrix. An orthogonal map preserves
 * norms exactly, so a deep linear net neither shrinks nor blows up its input. The QR runs in float64 JavaScript,
 * about 2·rows·cols² flops: 0.05 s for a [512, 256] kernel, 2 s for [1024, 1024].
 *
 * @example
 * tf.layers.dense({ units: 128, kernelInitializer: dl.init.orthogonal({ seed: 0 }) })
 * dl.init.orthogonal({ gain: Math.sqrt(2) }) // for ReLU layers
 */
export function orthogonal(options: OrthogonalOptions = {}): OrthogonalInit {
  return new OrthogonalInit(options);
}
