import { checkKeys, type KnownKeys } from "../../options/check.js";
import type { MomentumOptions } from "./momentum.js";
import { SGD } from "./sgd.js";

/** Options of {@link nesterov}: those of {@link momentum}. */
export type NesterovOptions = MomentumOptions;

const KEYS: KnownKeys<NesterovOptions> = { lr: true, momentum: true, weightDecay: true };

/**
 * Nesterov accelerated gradient: {@link sgd} with `nesterov: true` and `momentum` defaulting to 0.9.
 *
 * The lecture evaluates the gradient at the look-ahead point: v ← γ·v + ε·∇C(w − γ·v), w ← w − v.
 * PyTorch (after Sutskever et al. 2013) stores that look-ahead point u = w − γ·v as its parameters instead, so it only
 * needs the gradient at its own parameters: b ← μ·b + g(u), u ← u − lr·(g(u) + μ·b). Substituting v = lr·b into the
 * lecture's two lines gives exactly this update for u, with γ = μ and ε = lr (for a constant learning rate).
 *
 * @example
 * dl.train.nesterov({ lr: 0.01, momentum: 0.9 })
 */
export function nesterov(options: NesterovOptions = {}): SGD {
  const { lr, momentum = 0.9, weightDecay } = checkKeys("nesterov", options, KEYS);
  return new SGD({ lr, momentum, weightDecay, nesterov: true }, "nesterov");
}
