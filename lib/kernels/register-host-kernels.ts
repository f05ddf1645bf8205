import { registerBatchNormKernels } from "./batch-norm.js";
import { useReluGradKernel, registerReluGradKernel } from "./relu-grad.js";
import { registerOptimizerStepKernel } from "./optimizer-step.js";
import { registerRunningStatsKernel } from "./running-stats.js";
import { shareIdentity } from "./shared-identity.js";
import { registerCrossEntropyKernels } from "./softmax-cross-entropy.js";

/**
 * Registers depthlab's JavaScript kernels on a backend whose tensors live in this process (wasm, cpu): batch norm's
 * training pass and its gradient, the running statistics, ReLU's gradient, softmax cross-entropy and its gradient,
 * the optimiser step of every parameter at once, and on wasm an Identity that shares instead of copying. Each replaces a chain of small tfjs ops by one kernel: a
 * training step of a 16-layer batch-norm MLP runs about half as many kernels. Returns what was registered (nothing
 * for webgl, webgpu or tensorflow, whose ops stay tfjs's own).
 *
 * @example
 * registerHostKernels("wasm") // ["DepthlabBatchNormTrain", …, "Identity (shared)"]
 */
export function registerHostKernels(backendName: string): string[] {
  const done: string[] = [];
  if (registerBatchNormKernels(backendName)) done.push("DepthlabBatchNormTrain", "DepthlabBatchNormTrainGrad");
  if (registerRunningStatsKernel(backendName)) done.push("DepthlabRunningStats");
  if (registerReluGradKernel(backendName)) {
    useReluGradKernel();
    done.push("DepthlabReluGrad");
  }
  if (registerCrossEntropyKernels(backendName)) done.push("DepthlabSoftmaxCrossEntropy", "DepthlabSoftmaxCrossEntropyGrad");
  if (registerOptimizerStepKernel(backendName)) done.push("DepthlabOptimizerStep");
  if (backendName === "wasm" && shareIdentity(backendName)) done.push("Identity (shared)");
  return done;
}
