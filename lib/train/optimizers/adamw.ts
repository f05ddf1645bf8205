import { Adam, type AdamOptions } from "./adam.js";
import { checkKeys, type KnownKeys } from "../../options/check.js";

/** Options of {@link adamw}: those of {@link adam} but `decoupled`, with `weightDecay` defaulting to 0.01. */
export type AdamWOptions = Omit<AdamOptions, "decoupled">;

const KEYS: KnownKeys<AdamWOptions> = { lr: true, betas: true, eps: true, weightDecay: true, amsgrad: true };

/**
 * AdamW (Loshchilov & Hutter 2019), as torch.optim.AdamW: Adam with decoupled weight decay, w ← w·(1 − lr·wd)
 * before each Adam step, so the decay does not pass through Adam's per-weight scaling. `weightDecay` defaults to
 * 0.01, PyTorch's default. The same as `dl.train.adam({ ...options, decoupled: true })`.
 *
 * @example
 * dl.train.adamw({ lr: 1e-3, weightDecay: 0.05 })
 */
export function adamw(options: AdamWOptions = {}): Adam {
  const { weightDecay = 0.01, ...rest } = checkKeys("adamw", options, KEYS);
  return new Adam({ ...rest, weightDecay, decoupled: true }, "adamw");
}
