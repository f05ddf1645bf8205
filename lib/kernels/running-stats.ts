import type { TensorRef } from "./host-tensors.js";
import { registerHostKernel } from "./register-host-kernel.js";

/**
 * Kernel: batch norm's running averages in one pass. Inputs runningMean, runningVar, mean, variance (biased), all
 * [C]; attrs momentum and n (the batch's values per feature); outputs the new running mean and variance:
 * (1 − m)·running + m·batch, the variance unbiased (× n/(n − 1)) as PyTorch does.
 */
export const RUNNING_STATS = "DepthlabRunningStats";

/**
 * Registers {@link RUNNING_STATS} on a backend whose tensors live in this process (wasm, cpu); false for others.
 *
 * @example
 * registerRunningStatsKernel("cpu")
 */
export function registerRunningStatsKernel(backendName: string): boolean {
  return registerHostKernel(RUNNING_STATS, backendName, (host, inputs, attrs) => {
    const { runningMean, runningVar, mean, variance } = inputs as unknown as Record<string, TensorRef>;
    const { momentum: m, n } = attrs as unknown as { momentum: number; n: number };
    const c = mean!.shape[0]!;
    const outs = [host.alloc([c]), host.alloc([c])];
    const [newMean, newVar, rm, rv, bm, bv] = [...outs, runningMean!, runningVar!, mean!, variance!].map((r) => host.view(r));
    const unbias = n / (n - 1);
    for (let j = 0; j < c; j++) {
      newMean![j] = (1 - m) * rm![j]! + m * bm![j]!;
      newVar![j] = (1 - m) * rv![j]! + m * unbias * bv![j]!;
    }
    return outs as never;
  });
}
