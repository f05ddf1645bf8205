import type { History } from "./history.js";

let last: History | undefined;

/**
 * The history of the most recent `fit`, also while it runs and after it was interrupted or failed: an
 * interrupted `const h = await fit(…)` never assigns `h`, but the steps it made are here (and the model
 * keeps the weights of its last step). Undefined before the first `fit`.
 *
 * @example
 * // after Kernel → Interrupt during `const h = await dl.train.fit(model, data, { epochs: 100 })`
 * dl.train.lastHistory()?.status // "interrupted"
 * dl.train.lastHistory()?.last().loss
 */
export function lastHistory(): History | undefined {
  return last;
}

/** Called by `fit` when a run starts. */
export function rememberHistory(history: History): void {
  last = history;
}
