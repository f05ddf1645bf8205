import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkBoolean, checkKeys, checkNumber, fail } from "../../options/check.js";
import type { Hyper } from "../../kernels/optimizer-rules.js";
import { TorchOptimizer } from "./torch-optimizer.js";

/** Options of {@link sgd}. */
export interface SGDOptions {
  /** Learning rate, > 0 (default 0.01). */
  lr?: number;
  /** Momentum factor μ, >= 0 (default 0: plain SGD). */
  momentum?: number;
  /** Dampening τ of the gradient added to the momentum buffer, in [0, 1] (default 0). */
  dampening?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 penalty added to the gradient, >= 0 (default 0). */
  weightDecay?: number;
}
const KEYS: KnownKeys<SGDOptions> = { lr: true, momentum: true, dampening: true, nesterov: true, weightDecay: true };

/**
 * torch.optim.SGD as a tf.Optimizer. Serialised as "depthlab.SGD".
 *
 * @example
 * new dl.train.SGD({ lr: 0.1, momentum: 0.9 }) // what dl.train.sgd({ lr: 0.1, momentum: 0.9 }) returns
 */
export class SGD extends TorchOptimizer {
  static className = "depthlab.SGD";
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(options: SGDOptions = {}, fn = "sgd") {
    const { lr = 0.01, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = checkKeys(fn, options, KEYS);
    super(fn, lr);
    this.momentum = checkNumber(fn, "momentum", momentum, 0);
    this.dampening = checkNumber(fn, "dampening", dampening, 0, 1);
    this.nesterov = checkBoolean(fn, "nesterov", nesterov);
    this.weightDecay = checkNumber(fn, "weightDecay", weightDecay, 0);
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      fail(fn, "nesterov", "false unless momentum > 0 and dampening = 0", nesterov);
    }
  }

  protected slotNames(): readonly string[] {
    return this.momentum === 0 ? [] : ["momentum_buffer"];
  }

  protected override hostRule(): { rule: string; hyper: Hyper } {
    const { lr, momentum, dampening, weightDecay } = this;
    return { rule: "sgd", hyper: { lr, momentum, dampening, nesterov: +this.nesterov, weightDecay } };
  }

  protected update(w: tf.Variable, grad: tf.Tensor, slots: tf.Variable[], step: number): void {
    const { momentum, dampening, weightDecay } = this;
    const mu = this.scalar(momentum);
    let g = weightDecay === 0 ? grad : tf.add(grad, tf.mul(w, this.scalar(weightDecay)));
    const buf = slots[0];
    if (buf !== undefined) {
      // buf ← g on the first step, then μ·buf + (1 − τ)·g
      if (step === 1) buf.assign(g);
      else buf.assign(tf.add(tf.mul(buf, mu), dampening === 0 ? g : tf.mul(g, this.scalar(1 - dampening))));
      g = this.nesterov ? tf.add(g, tf.mul(buf, mu)) : buf;
    }
    w.assign(tf.sub(w, tf.mul(g, this.scalar(this.lr))));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { lr, momentum, dampening, nesterov, weightDecay } = this;
    return { lr, momentum, dampening, nesterov, weightDecay };
  }
}
tf.serialization.registerClass(SGD);

/**
 * Stochastic gradient descent with PyTorch's exact update (torch.optim.SGD), per variable w and gradient g:
 * g ← g + wd·w; with momentum, buf ← g on the first step and buf ← μ·buf + (1 − τ)·g after, then
 * g ← g + μ·buf (Nesterov) or g ← buf; finally w ← w − lr·g. Plain SGD costs two tensor ops per variable.
 *
 * @example
 * dl.train.sgd({ lr: 0.1 })
 * dl.train.sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 })
 * model.compile({ optimizer: dl.train.sgd({ lr: 0.1 }), loss: "meanSquaredError" })
 */
export function sgd(options: SGDOptions = {}): SGD {
  return new SGD(options);
}
