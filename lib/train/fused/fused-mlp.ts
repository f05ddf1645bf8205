import * as tf from "@tensorflow/tfjs";
import { fail } from "../../options/check.js";
import type { TorchOptimizer, VariableState } from "../optimizers/torch-optimizer.js";
import { backward } from "./backward.js";
import { forward } from "./forward.js";
import { Kernels, type KernelsOptions } from "./kernels.js";
import { layOut, type MlpLayout } from "./layout.js";
import { lossAndGradient, type FusedLoss } from "./loss.js";
import type { MlpPlan } from "./plan.js";
import { update } from "./update.js";
import { readIn, writeBack } from "./write-back.js";

export type { FusedLoss } from "./loss.js";
export { isAdam, isSgd } from "./update.js";

/** What the trainer needs about the data, read once from the tensors. */
export interface FusedData {
  x: Float32Array;
  /** Class labels (crossEntropy) or targets, `outputs` per sample (mse). */
  y: Int32Array | Float32Array;
  n: number;
}

/**
 * The fused training step of a plain MLP ({@link MlpPlan}): forward in training mode, loss, backward and the
 * optimiser's update in one pass over buffers of a WebAssembly instance (native/mlp-kernels.c: SIMD matrix
 * products, batch norm, SGD and Adam), with no tfjs op in the loop. The model stays a tfjs model: its weights,
 * running statistics and the optimiser's state are copied in at the start and written back by {@link sync}.
 * Same arithmetic as the tfjs layers and torch.optim up to float32 rounding (tested against both).
 *
 * @example
 * const trainer = await FusedMlp.create(plan, model, optimizer, "crossEntropy", data, 100);
 * trainer.step(order, 0, 100, true); // { loss, accuracy }
 * trainer.sync();
 */
export class FusedMlp {
  readonly #layout: MlpLayout;
  readonly #batchY: Int32Array | Float32Array;

  private constructor(
    private readonly plan: MlpPlan,
    private readonly optimizer: TorchOptimizer,
    private readonly loss: FusedLoss,
    private readonly data: FusedData,
    maxBatch: number,
    states: Map<tf.LayerVariable, VariableState>,
    options: KernelsOptions,
  ) {
    this.#layout = layOut(new Kernels(options), plan, maxBatch, states);
    this.#batchY = loss === "crossEntropy" ? new Int32Array(maxBatch) : new Float32Array(maxBatch * plan.outputs);
  }

  /**
   * Copies the model's weights and running statistics and the optimiser's state into a new trainer. `options.pool`:
   * the threads its products may use (default: the process's pool, DEPTHLAB_THREADS; null: one thread).
   */
  static async create(
    plan: MlpPlan,
    optimizer: TorchOptimizer,
    loss: FusedLoss,
    data: FusedData,
    maxBatch: number,
    options: KernelsOptions = {},
  ): Promise<FusedMlp> {
    const variables = plan.ops.flatMap((op) =>
      op.kind === "dense" ? [op.kernel, op.bias] : op.kind === "batchNorm" ? [op.gamma, op.beta] : [],
    );
    const trainable = variables.filter((v): v is tf.LayerVariable => v !== null);
    const states = new Map(trainable.map((v, i) => [v, optimizer.stateFor(v.read() as tf.Variable, i)] as const));
    if (loss === "crossEntropy") {
      const classes = plan.outputs;
      for (const label of data.y) if (!(label >= 0 && label < classes)) fail("fit", "data.y", `class labels in 0 … ${classes - 1}`, label);
    }
    const trainer = new FusedMlp(plan, optimizer, loss, data, maxBatch, states, options);
    await readIn(trainer.#layout);
    return trainer;
  }

  /**
   * One training step on the samples order[start … start + size) (or start … start + size without an order):
   * forward, loss, backward, optimiser update. Returns the batch's mean loss, and its accuracy when asked.
   */
  step(order: Int32Array | null, start: number, size: number, accuracy: boolean): { loss: number; accuracy?: number } {
    const layout = this.#layout;
    if (size < 2 && layout.hasBatchNorm) fail("batchNorm", "the number of values per feature in a training batch", "at least 2", size);
    this.#gather(order, start, size);
    const outputs = this.plan.outputs;
    const logits = forward(layout, size, outputs);
    const result = lossAndGradient(logits, this.#batchY, layout.f32(layout.grad[0]), { loss: this.loss, outputs, size, accuracy });
    backward(layout, size);
    update(layout, this.optimizer);
    return result;
  }

  /** Writes weights, running statistics, the last batch statistics and the optimiser's state back to tfjs. */
  sync(): void {
    writeBack(this.#layout);
  }

  /** Lets the thread pool forget the trainer's memory (the trainer must not step again). */
  dispose(): void {
    this.#layout.k.dispose();
  }

  /** Bytes of WebAssembly memory the trainer uses. */
  get bytes(): number {
    return this.#layout.k.bytes;
  }

  /** Copies the batch's rows of x, and its labels or targets, into the kernels' memory and #batchY. */
  #gather(order: Int32Array | null, start: number, size: number): void {
    const d = this.plan.inputs;
    const outs = this.loss === "crossEntropy" ? 1 : this.plan.outputs;
    const { x, y } = this.data;
    const bx = this.#layout.f32(this.#layout.batchX);
    const by = this.#batchY;
    for (let r = 0; r < size; r++) {
      const i = order ? (order[start + r] as number) : start + r;
      bx.set(x.subarray(i * d, i * d + d), r * d);
      if (outs === 1) by[r] = y[i] as number;
      else by.set(y.subarray(i * outs, i * outs + outs), r * outs);
    }
  }
}
