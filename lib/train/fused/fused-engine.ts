import * as tf from "@tensorflow/tfjs";
import { fail } from "../../options/check.js";
import type { Engine } from "../engine.js";
import { crossEntropy, mse, type LossFn, type LossName } from "../losses.js";
import type { Adam } from "../optimizers/adam.js";
import type { SGD } from "../optimizers/sgd.js";
import { FusedMlp, isAdam, isSgd, type FusedLoss } from "./fused-mlp.js";
import { planMlp, type MlpPlan } from "./plan.js";

/** The CPU backends, where the fused step beats tfjs's op-by-op engine. */
const CPU_BACKENDS = new Set(["wasm", "cpu"]);
/** Longest time between two write-backs to the tfjs model, so an interrupted cell keeps nearly all its training. */
const SYNC_EVERY_MS = 250;

/** What fit knows when it picks an engine. */
export interface FusedChoice {
  model: tf.LayersModel;
  loss: LossName | LossFn;
  optimizer: tf.Optimizer;
  labels: boolean;
  x: tf.Tensor;
  y: tf.Tensor;
  recording: boolean;
  fused: boolean | "auto";
}

/**
 * The fused plan when `fit` should use it, else why not (shown in the history): with `fused: "auto"` when the
 * backend is wasm or cpu and everything is supported, with `fused: true` whenever supported (an error says what is
 * not), never with false.
 */
export function chooseFused(c: FusedChoice): { plan: MlpPlan; loss: FusedLoss } | string {
  if (c.fused === false) return "fused: false";
  const reason = unsupported(c);
  if (typeof reason !== "string") return reason;
  if (c.fused === true) fail("fit", "fused", `false or "auto" here, because ${reason}`, true);
  return reason;
}

function unsupported(c: FusedChoice): { plan: MlpPlan; loss: FusedLoss } | string {
  if (c.fused !== true && c.fused !== "auto") fail("fit", "fused", 'true, false or "auto"', c.fused);
  if (c.fused === "auto" && !CPU_BACKENDS.has(tf.getBackend())) return `the backend is ${tf.getBackend()}`;
  if (c.recording) return "record asks for per-layer statistics";
  const loss = c.loss === "crossEntropy" || c.loss === crossEntropy ? "crossEntropy" : c.loss === "mse" || c.loss === mse ? "mse" : null;
  if (loss === null) return "the loss is neither crossEntropy nor mse";
  if (!isSgd(c.optimizer) && !isAdam(c.optimizer)) return "the optimiser is not sgd, momentum, nesterov, adam or adamw";
  const plan = planMlp(c.model);
  if (typeof plan === "string") return plan;
  if (c.x.dtype !== "float32" || c.x.rank !== 2 || c.x.shape[1] !== plan.inputs) return `x is not float32 [n, ${plan.inputs}]`;
  if (loss === "crossEntropy" && !(c.labels && c.y.size === c.y.shape[0])) return "crossEntropy needs int32 labels [n]";
  if (loss === "mse" && c.y.size !== (c.y.shape[0] as number) * plan.outputs) return `mse needs ${plan.outputs} targets per sample`;
  return { plan, loss };
}

/**
 * The fused engine: a {@link FusedMlp} trainer over the data read once from the tensors. The tfjs model is
 * brought up to date at least every 250 ms, before validation and `onStep`, and when fit ends.
 *
 * @example
 * const engine = await fusedEngine(choice.plan, choice.loss, optimizer, x, y, 100);
 */
export async function fusedEngine(
  plan: MlpPlan,
  loss: FusedLoss,
  optimizer: SGD | Adam,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
): Promise<Engine> {
  const n = x.shape[0] as number;
  const data = { x: (await x.data()) as Float32Array, y: (await y.data()) as Int32Array | Float32Array, n };
  const trainer = await FusedMlp.create(plan, optimizer, loss, data, Math.min(batchSize, n));
  let order: Int32Array | null = null;
  let synced = performance.now();
  let dirty = false;
  const sync = () => {
    if (dirty) trainer.sync();
    dirty = false;
    synced = performance.now();
  };
  return {
    name: "fused",
    epoch(next) {
      order = next;
    },
    async step(start, size, logged) {
      const result = trainer.step(order, start, size, logged);
      dirty = true;
      if (performance.now() - synced > SYNC_EVERY_MS) sync();
      return logged ? result : {};
    },
    sync,
    dispose: () => trainer.dispose(),
  };
}
