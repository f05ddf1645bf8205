import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkBoolean, checkKeys, checkNumber, fail } from "../../options/check.js";
import type { Hyper } from "../../kernels/optimizer-rules.js";
import { TorchOptimizer } from "./torch-optimizer.js";

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Learning rate, > 0 (default 1e-3). */
  lr?: number;
  /** Decay rates [β1, β2] of the running averages of g and g², each in [0, 1) (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the root of the second moment, >= 0 (default 1e-8). */
  eps?: number;
  /** Weight decay, >= 0 (default 0): an L2 term in the gradient, or AdamW's shrinkage with `decoupled`. */
  weightDecay?: number;
  /** Divide by the largest second moment seen so far (AMSGrad, default false). */
  amsgrad?: boolean;
  /** Decoupled weight decay, AdamW's rule w ← w − lr·wd·w before the step (default false). */
  decoupled?: boolean;
}
const KEYS: KnownKeys<AdamOptions> = { lr: true, betas: true, eps: true, weightDecay: true, amsgrad: true, decoupled: true };

/**
 * torch.optim.Adam (and AdamW with `decoupled`) as a tf.Optimizer. Serialised as "depthlab.Adam".
 *
 * @example
 * new dl.train.Adam({ lr: 1e-3 }) // what dl.train.adam({ lr: 1e-3 }) returns
 */
export class Adam extends TorchOptimizer {
  static className = "depthlab.Adam";
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  readonly decoupled: boolean;

  constructor(options: AdamOptions = {}, fn = "adam") {
    const {
      lr = 1e-3,
      betas = [0.9, 0.999],
      eps = 1e-8,
      weightDecay = 0,
      amsgrad = false,
      decoupled = false,
    } = checkKeys(fn, options, KEYS);
    super(fn, lr);
    if (!Array.isArray(betas) || betas.length !== 2) fail(fn, "betas", "a pair [β1, β2]", betas);
    this.betas = [checkNumber(fn, "betas[0]", betas[0], 0, 1, { max: true }), checkNumber(fn, "betas[1]", betas[1], 0, 1, { max: true })];
    this.eps = checkNumber(fn, "eps", eps, 0);
    this.weightDecay = checkNumber(fn, "weightDecay", weightDecay, 0);
    this.amsgrad = checkBoolean(fn, "amsgrad", amsgrad);
    this.decoupled = checkBoolean(fn, "decoupled", decoupled);
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"];
  }

  protected override hostRule(): { rule: string; hyper: Hyper } {
    const { lr, eps, weightDecay } = this;
    const [beta1, beta2] = this.betas;
    return { rule: "adam", hyper: { lr, beta1, beta2, eps, weightDecay, decoupled: +this.decoupled } };
  }

  protected update(w: tf.Variable, grad: tf.Tensor, [m, v, vMax]: tf.Variable[], step: number): void {
    const { lr, weightDecay: wd } = this;
    const [beta1, beta2] = this.betas;
    let g = grad;
    let start: tf.Tensor = w;
    if (wd !== 0 && this.decoupled) start = tf.mul(w, this.scalar(1 - lr * wd));
    else if (wd !== 0) g = tf.add(grad, tf.mul(w, this.scalar(wd)));
    m!.assign(tf.add(tf.mul(m!, this.scalar(beta1)), tf.mul(g, this.scalar(1 - beta1)))); // m ← β1·m + (1 − β1)·g
    v!.assign(tf.add(tf.mul(v!, this.scalar(beta2)), tf.mul(tf.square(g), this.scalar(1 - beta2)))); // v ← β2·v + (1 − β2)·g²
    if (vMax !== undefined) vMax.assign(tf.maximum(vMax, v!));
    // PyTorch: w ← w − (lr / bc1) · m / (√v / √bc2 + eps); the same with √bc2 moved out of the denominator:
    const bc1 = 1 - beta1 ** step;
    const sqrtBc2 = Math.sqrt(1 - beta2 ** step);
    const denom = tf.add(tf.sqrt(vMax ?? v!), this.eps * sqrtBc2);
    w.assign(tf.sub(start, tf.mul(tf.div(m!, denom), (lr * sqrtBc2) / bc1)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { lr, betas, eps, weightDecay, amsgrad, decoupled } = this;
    return { lr, betas: [...betas], eps, weightDecay, amsgrad, decoupled };
  }
}
tf.serialization.registerClass(Adam);

/**
 * Adam (Kingma & Ba 2015) with PyTorch's exact update (torch.optim.Adam): running averages m of g and v of g²
 * (momentum and RMSprop together), each divided by 1 − β^t to undo their start at zero, then
 * w ← w − lr · m̂ / (√v̂ + eps). `weightDecay` adds wd·w to the gradient, as torch.optim.Adam does; with
 * `decoupled: true` it shrinks the weights instead, w ← w − lr·wd·w, as torch.optim.AdamW (see {@link adamw}).
 * About a dozen tensor ops per variable per step.
 *
 * @example
 * dl.train.adam({ lr: 1e-3 })
 * dl.train.adam({ lr: 3e-4, betas: [0.9, 0.98], amsgrad: true })
 */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
