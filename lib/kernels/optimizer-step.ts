import type { TensorRef } from "./host-tensors.js";
import { registerHostKernel } from "./register-host-kernel.js";
import { type Hyper, OPTIMIZER_RULES } from "./optimizer-rules.js";

/**
 * Kernel: one optimiser step on every parameter at once. Inputs `p0, g0, s0_0, s0_1, …, p1, g1, …` (parameter i,
 * its gradient, its slots); attrs `rule` (a key of OPTIMIZER_RULES), `hyper` (its hyper-parameters), `steps`
 * (each parameter's step count, from 1) and `slots` (slots per parameter). Outputs the new values in the same order
 * as the inputs without the gradients: p0, s0_0, …, p1, ….
 */
export const OPTIMIZER_STEP = "DepthlabOptimizerStep";

/** Attributes of {@link OPTIMIZER_STEP}. */
export interface OptimizerStepAttrs {
  rule: string;
  hyper: Hyper;
  steps: number[];
  slots: number;
}

/**
 * Registers {@link OPTIMIZER_STEP} on a backend whose tensors live in this process (wasm, cpu): the update of a
 * whole model is one kernel instead of 2 (SGD) to 12 (Adam) tfjs ops per parameter. False for other backends.
 *
 * @example
 * registerOptimizerStepKernel("wasm")
 */
export function registerOptimizerStepKernel(backendName: string): boolean {
  return registerHostKernel(OPTIMIZER_STEP, backendName, (host, inputs, attrs) => {
    const { rule, hyper, steps, slots } = attrs as unknown as OptimizerStepAttrs;
    const apply = OPTIMIZER_RULES[rule];
    if (apply === undefined) throw new Error(`${OPTIMIZER_STEP}: unknown rule "${rule}"`);
    const named = inputs as unknown as Record<string, TensorRef>;
    const outs: TensorRef[] = [];
    steps.forEach((step, i) => {
      const olds = [named[`p${i}`]!, ...Array.from({ length: slots }, (_, k) => named[`s${i}_${k}`]!)];
      const fresh = olds.map((t) => host.alloc(t.shape)); // before any view: an allocation may move the heap
      const views = fresh.map((t, k) => {
        const view = host.view(t) as Float32Array;
        view.set(host.view(olds[k]!) as Float32Array);
        return view;
      });
      apply(views[0]!, host.view(named[`g${i}`]!) as Float32Array, views.slice(1), step, hyper);
      outs.push(...fresh);
    });
    return outs as never;
  });
}
