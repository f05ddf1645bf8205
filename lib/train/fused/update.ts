import { Adam } from "../optimizers/adam.js";
import { SGD } from "../optimizers/sgd.js";
import type { TorchOptimizer } from "../optimizers/torch-optimizer.js";
import type { F32Buffer } from "./kernels.js";
import type { MlpLayout } from "./layout.js";

/** Whether `opt` is depthlab's SGD (tf.Optimizer's `instanceof` is duck-typed: it says yes to any optimiser). */
export function isSgd(opt: unknown): opt is SGD {
  return Object.prototype.isPrototypeOf.call(SGD.prototype, opt as object);
}

/** Whether `opt` is depthlab's Adam (or AdamW). */
export function isAdam(opt: unknown): opt is Adam {
  return Object.prototype.isPrototypeOf.call(Adam.prototype, opt as object);
}

/**
 * The optimiser's step on every parameter in the kernels' memory (sgd_step or adam_step, torch.optim's rules), from
 * the gradients {@link backward} left; counts the step in each parameter's state and in the optimiser.
 *
 * @example
 * update(layout, sgd({ lr: 0.1, momentum: 0.9 }));
 */
export function update(layout: MlpLayout, opt: TorchOptimizer): void {
  const { fn } = layout.k;
  for (const p of layout.params) {
    const step = ++p.state.step;
    if (isSgd(opt)) {
      fn.sgd_step({
        n: p.value.length,
        w: p.value.ptr,
        grad: p.grad.ptr,
        buf: p.slots[0]?.ptr,
        lr: opt.lr,
        mu: opt.momentum,
        dampening: opt.dampening,
        wd: opt.weightDecay,
        nesterov: +opt.nesterov,
        first: +(step === 1),
      });
    } else if (isAdam(opt)) {
      const [beta1, beta2] = opt.betas;
      const bc1 = 1 - beta1 ** step;
      const sqrtBc2 = Math.sqrt(1 - beta2 ** step);
      const [m, v, vmax] = p.slots as [F32Buffer, F32Buffer, F32Buffer | undefined];
      const wd = opt.decoupled ? 0 : opt.weightDecay;
      const shrink = opt.decoupled ? 1 - opt.lr * opt.weightDecay : 1;
      fn.adam_step({
        n: p.value.length,
        w: p.value.ptr,
        grad: p.grad.ptr,
        m: m.ptr,
        v: v.ptr,
        vmax: vmax?.ptr,
        beta1,
        beta2,
        wd,
        shrink,
        step: (opt.lr * sqrtBc2) / bc1,
        eps_hat: opt.eps * sqrtBc2,
      });
    }
  }
  opt.countIteration();
}
