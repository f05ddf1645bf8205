import { checkKeys, type KnownKeys } from "../../options/check.js";
import { SGD } from "./sgd.js";

/** Options of {@link momentum}. */
export interface MomentumOptions {
  /** Learning rate ε, > 0 (default 0.01). */
  lr?: number;
  /** Momentum factor γ, >= 0 (default 0.9). */
  momentum?: number;
  /** L2 penalty added to the gradient, >= 0 (default 0). */
  weightDecay?: number;
}

const KEYS: KnownKeys<MomentumOptions> = { lr: true, momentum: true, weightDecay: true };

/**
 * SGD with (heavy-ball) momentum: {@link sgd} with `momentum` defaulting to 0.9.
 *
 * PyTorch and the lecture write the velocity differently. Lecture: v ← γ·v + ε·g, w ← w − v.
 * PyTorch: b ← μ·b + g, w ← w − lr·b. With a constant learning rate they are the same algorithm: put v = lr·b,
 * then v ← lr·(μ·b + g) = μ·v + lr·g and w ← w − v, so γ = μ and ε = lr (and both start with v = ε·g).
 * They differ only when lr changes during training: PyTorch rescales the whole accumulated velocity by the new lr,
 * the lecture's form applies it to the new gradients only.
 *
 * @example
 * dl.train.momentum({ lr: 0.01, momentum: 0.9 })
 */
export function momentum(options: MomentumOptions = {}): SGD {
  const { lr, momentum = 0.9, weightDecay } = checkKeys("momentum", options, KEYS);
  return new SGD({ lr, momentum, weightDecay }, "momentum");
}
