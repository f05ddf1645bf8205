import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber } from "../../options/check.js";
import type { Hyper } from "../../kernels/optimizer-rules.js";
import { TorchOptimizer } from "./torch-optimizer.js";

/** Options of {@link adagrad}. */
export interface AdagradOptions {
  /** Learning rate, > 0 (default 0.01, the lecture's standard value). */
  lr?: number;
  /** Learning-rate decay: step t uses lr / (1 + (t − 1)·lrDecay), >= 0 (default 0). */
  lrDecay?: number;
  /** L2 penalty added to the gradient, >= 0 (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients, >= 0 (default 0). */
  initialAccumulatorValue?: number;
  /** Added to √sum to avoid dividing by zero, >= 0 (default 1e-10). */
  eps?: number;
}
const KEYS: KnownKeys<AdagradOptions> = { lr: true, lrDecay: true, weightDecay: true, initialAccumulatorValue: true, eps: true };

/**
 * torch.optim.Adagrad as a tf.Optimizer. Serialised as "depthlab.Adagrad".
 *
 * @example
 * new dl.train.Adagrad({ lr: 0.1 }) // what dl.train.adagrad({ lr: 0.1 }) returns
 */
export class Adagrad extends TorchOptimizer {
  static className = "depthlab.Adagrad";
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly initialAccumulatorValue: number;
  readonly eps: number;

  constructor(options: AdagradOptions = {}) {
    const { lr = 0.01, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = checkKeys("adagrad", options, KEYS);
    super("adagrad", lr);
    this.lrDecay = checkNumber("adagrad", "lrDecay", lrDecay, 0);
    this.weightDecay = checkNumber("adagrad", "weightDecay", weightDecay, 0);
    this.initialAccumulatorValue = checkNumber("adagrad", "initialAccumulatorValue", initialAccumulatorValue, 0);
    this.eps = checkNumber("adagrad", "eps", eps, 0);
  }

  protected slotNames(): readonly string[] {
    return ["sum"];
  }

  protected override initialSlot(_slot: string, value: tf.Variable): tf.Tensor {
    return tf.fill(value.shape, this.initialAccumulatorValue);
  }

  protected override hostRule(): { rule: string; hyper: Hyper } {
    const { lr, lrDecay, weightDecay, eps } = this;
    return { rule: "adagrad", hyper: { lr, lrDecay, weightDecay, eps } };
  }

  protected update(w: tf.Variable, grad: tf.Tensor, [sum]: tf.Variable[], step: number): void {
    const g = this.weightDecay === 0 ? grad : tf.add(grad, tf.mul(w, this.scalar(this.weightDecay)));
    const clr = this.lrDecay === 0 ? this.scalar(this.lr) : this.lr / (1 + (step - 1) * this.lrDecay);
    sum!.assign(tf.add(sum!, tf.square(g))); // G ← G + g²
    w.assign(tf.sub(w, tf.mul(tf.div(g, tf.add(tf.sqrt(sum!), this.scalar(this.eps))), clr))); // w ← w − clr · g / (√G + eps)
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps } = this;
    return { lr, lrDecay, weightDecay, initialAccumulatorValue, eps };
  }
}
tf.serialization.registerClass(Adagrad);

/**
 * Adagrad (Duchi et al. 2011) with PyTorch's exact update (torch.optim.Adagrad): each weight gets its own step size
 * lr / (√G + eps), where G sums that weight's squared gradients so far. Weights with large or frequent gradients slow
 * down; the sum only grows, so every step size decays, which is the "aggressive" side RMSprop and Adam soften.
 *
 * @example
 * dl.train.adagrad({ lr: 0.01 })
 * dl.train.adagrad({ lr: 0.1, lrDecay: 1e-3, initialAccumulatorValue: 0.1 })
 */
export function adagrad(options: AdagradOptions = {}): Adagrad {
  return new Adagrad(options);
}
