import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkBoolean, checkKeys, checkNumber } from "../../options/check.js";
import type { Hyper } from "../../kernels/optimizer-rules.js";
import { TorchOptimizer } from "./torch-optimizer.js";

/** Options of {@link rmsprop}. */
export interface RMSpropOptions {
  /** Learning rate, > 0 (default 0.01). */
  lr?: number;
  /** Smoothing constant of the running average of g², in [0, 1) (default 0.99). */
  alpha?: number;
  /** Added to the root mean square, >= 0 (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient, >= 0 (default 0). */
  weightDecay?: number;
  /** Momentum factor, >= 0 (default 0). */
  momentum?: number;
  /** Divide by the running standard deviation (g² average minus squared g average) instead (default false). */
  centered?: boolean;
}
const KEYS: KnownKeys<RMSpropOptions> = { lr: true, alpha: true, eps: true, weightDecay: true, momentum: true, centered: true };

/**
 * torch.optim.RMSprop as a tf.Optimizer. Serialised as "depthlab.RMSprop".
 *
 * @example
 * new dl.train.RMSprop({ lr: 1e-3 }) // what dl.train.rmsprop({ lr: 1e-3 }) returns
 */
export class RMSprop extends TorchOptimizer {
  static className = "depthlab.RMSprop";
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    const { lr = 0.01, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = checkKeys("rmsprop", options, KEYS);
    super("rmsprop", lr);
    this.alpha = checkNumber("rmsprop", "alpha", alpha, 0, 1, { max: true });
    this.eps = checkNumber("rmsprop", "eps", eps, 0);
    this.weightDecay = checkNumber("rmsprop", "weightDecay", weightDecay, 0);
    this.momentum = checkNumber("rmsprop", "momentum", momentum, 0);
    this.centered = checkBoolean("rmsprop", "centered", centered);
  }

  protected slotNames(): readonly string[] {
    return ["square_avg", ...(this.momentum > 0 ? ["momentum_buffer"] : []), ...(this.centered ? ["grad_avg"] : [])];
  }

  protected override hostRule(): { rule: string; hyper: Hyper } {
    const { lr, alpha, eps, weightDecay, momentum } = this;
    return { rule: "rmsprop", hyper: { lr, alpha, eps, weightDecay, momentum, centered: +this.centered } };
  }

  protected update(w: tf.Variable, grad: tf.Tensor, slots: tf.Variable[], _step: number): void {
    const [alpha, rest] = [this.scalar(this.alpha), this.scalar(1 - this.alpha)];
    const [squareAvg, ...others] = slots as [tf.Variable, ...tf.Variable[]];
    const buf = this.momentum > 0 ? others.shift() : undefined;
    const gradAvg = others.shift();
    const g = this.weightDecay === 0 ? grad : tf.add(grad, tf.mul(w, this.scalar(this.weightDecay)));
    squareAvg.assign(tf.add(tf.mul(squareAvg, alpha), tf.mul(tf.square(g), rest)));
    let avg = squareAvg as tf.Tensor;
    if (gradAvg !== undefined) {
      gradAvg.assign(tf.add(tf.mul(gradAvg, alpha), tf.mul(g, rest)));
      avg = tf.sub(squareAvg, tf.square(gradAvg));
    }
    const denom = tf.add(tf.sqrt(avg), this.scalar(this.eps));
    if (buf === undefined) {
      w.assign(tf.sub(w, tf.mul(tf.div(g, denom), this.scalar(this.lr))));
    } else {
      buf.assign(tf.add(tf.mul(buf, this.scalar(this.momentum)), tf.div(g, denom)));
      w.assign(tf.sub(w, tf.mul(buf, this.scalar(this.lr))));
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { lr, alpha, eps, weightDecay, momentum, centered } = this;
    return { lr, alpha, eps, weightDecay, momentum, centered };
  }
}
tf.serialization.registerClass(RMSprop);

/**
 * RMSprop (Hinton's lecture notes, 2012) with PyTorch's exact update (torch.optim.RMSprop): like Adagrad, but the sum
 * of squared gradients becomes a running average s ← α·s + (1 − α)·g², so old gradients are forgotten and step sizes
 * do not decay to zero; w ← w − lr · g / (√s + eps). `centered` subtracts the squared running mean of g inside the
 * root; `momentum` accumulates the scaled steps b ← μ·b + g/(√s + eps), w ← w − lr·b.
 *
 * @example
 * dl.train.rmsprop({ lr: 1e-3 })
 * dl.train.rmsprop({ lr: 1e-3, centered: true, momentum: 0.9 })
 */
export function rmsprop(options: RMSpropOptions = {}): RMSprop {
  return new RMSprop(options);
}
