/**
 * torch.optim's update rules on one parameter's values, in place, element by element (float64 arithmetic, one
 * rounding to float32 per stored value). `slots` are the optimiser's state arrays in its slot order; `step` counts
 * this parameter's updates from 1. The tf-op versions of the same rules are the optimisers' `update` methods
 * (lib/train/optimizers); both are checked against PyTorch.
 */
export type OptimizerRule = (w: Float32Array, g: Float32Array, slots: Float32Array[], step: number, hyper: Hyper) => void;

/** An optimiser's hyper-parameters, by name (booleans as 0 or 1). */
export type Hyper = Readonly<Record<string, number>>;

/**
 * The rules by name: "sgd" (momentum, dampening, Nesterov, weight decay), "adam" (also AdamW with decoupled = 1,
 * AMSGrad), "rmsprop" (momentum, centred) and "adagrad".
 *
 * @example
 * OPTIMIZER_RULES.sgd(w, g, [], 1, { lr: 0.1, momentum: 0, dampening: 0, nesterov: 0, weightDecay: 0 })
 */
export const OPTIMIZER_RULES: Readonly<Record<string, OptimizerRule>> = { sgd, adam, rmsprop, adagrad };

function sgd(w: Float32Array, g: Float32Array, [buf]: Float32Array[], step: number, h: Hyper): void {
  const { lr, momentum: mu, dampening, nesterov, weightDecay: wd } = h as Record<string, number>;
  for (let i = 0; i < w.length; i++) {
    let d = g[i]! + wd! * w[i]!;
    if (buf !== undefined) {
      const b = step === 1 ? d : mu! * buf[i]! + (1 - dampening!) * d;
      buf[i] = b;
      d = nesterov ? d + mu! * b : b;
    }
    w[i] = w[i]! - lr! * d;
  }
}

function adam(w: Float32Array, g: Float32Array, [m, v, vMax]: Float32Array[], step: number, h: Hyper): void {
  const { lr, beta1, beta2, eps, weightDecay: wd, decoupled } = h as Record<string, number>;
  const bc1 = 1 - beta1! ** step;
  const sqrtBc2 = Math.sqrt(1 - beta2! ** step);
  const shrink = decoupled ? 1 - lr! * wd! : 1;
  const l2 = decoupled ? 0 : wd!;
  const size = (lr! * sqrtBc2) / bc1;
  const epsHat = eps! * sqrtBc2;
  for (let i = 0; i < w.length; i++) {
    const d = g[i]! + l2 * w[i]!;
    const mi = (m![i] = beta1! * m![i]! + (1 - beta1!) * d);
    let vi = (v![i] = beta2! * v![i]! + (1 - beta2!) * d * d);
    if (vMax !== undefined) vi = vMax[i] = Math.max(vMax[i]!, vi);
    w[i] = w[i]! * shrink - (size * mi) / (Math.sqrt(vi) + epsHat);
  }
}

function rmsprop(w: Float32Array, g: Float32Array, slots: Float32Array[], _step: number, h: Hyper): void {
  const { lr, alpha, eps, weightDecay: wd, momentum, centered } = h as Record<string, number>;
  const [square, ...others] = slots;
  const buf = momentum! > 0 ? others.shift() : undefined;
  const gradAvg = centered ? others.shift() : undefined;
  for (let i = 0; i < w.length; i++) {
    const d = g[i]! + wd! * w[i]!;
    let avg = (square![i] = alpha! * square![i]! + (1 - alpha!) * d * d);
    if (gradAvg !== undefined) {
      const ga = (gradAvg[i] = alpha! * gradAvg[i]! + (1 - alpha!) * d);
      avg -= ga * ga;
    }
    const step = d / (Math.sqrt(avg) + eps!);
    if (buf === undefined) w[i] = w[i]! - lr! * step;
    else w[i] = w[i]! - lr! * (buf[i] = momentum! * buf[i]! + step);
  }
}

function adagrad(w: Float32Array, g: Float32Array, [sum]: Float32Array[], step: number, h: Hyper): void {
  const { lr, lrDecay, weightDecay: wd, eps } = h as Record<string, number>;
  const clr = lr! / (1 + (step - 1) * lrDecay!);
  for (let i = 0; i < w.length; i++) {
    const d = g[i]! + wd! * w[i]!;
    const s = (sum![i] = sum![i]! + d * d);
    w[i] = w[i]! - (clr * d) / (Math.sqrt(s) + eps!);
  }
}
