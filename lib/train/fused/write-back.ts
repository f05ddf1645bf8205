import * as tf from "@tensorflow/tfjs";
import type { F32Buffer } from "./kernels.js";
import type { MlpLayout } from "./layout.js";

/**
 * Copies the model's weights, the running statistics of its batch norms and the optimiser's slots from tfjs into the
 * kernels' memory: what {@link writeBack} returns to tfjs after training.
 *
 * @example
 * await readIn(layout);
 */
export async function readIn(layout: MlpLayout): Promise<void> {
  const copy = async (buffer: F32Buffer, tensor: tf.Tensor) => layout.f32(buffer).set((await tensor.data()) as Float32Array);
  for (const p of layout.params) {
    await copy(p.value, p.variable.read());
    for (const [i, slot] of p.state.slots.entries()) await copy(p.slots[i] as F32Buffer, slot);
  }
  for (const node of layout.nodes)
    if (node.bn && node.op.kind === "batchNorm") {
      await copy(node.bn.runningMean, node.op.runningMean.read());
      await copy(node.bn.runningVar, node.op.runningVar.read());
    }
}

/**
 * Writes weights, running statistics, the last batch's statistics and the optimiser's slots from the kernels' memory
 * back to the model's tfjs variables.
 *
 * @example
 * writeBack(layout); // the tfjs model now holds the trained weights
 */
export function writeBack(layout: MlpLayout): void {
  const { f32 } = layout;
  tf.tidy(() => {
    for (const p of layout.params) {
      p.variable.write(tf.tensor(f32(p.value).slice(), p.variable.shape as number[]));
      p.state.slots.forEach((slot, i) => slot.assign(tf.tensor(f32(p.slots[i] as F32Buffer).slice(), slot.shape)));
    }
    for (const { op, bn } of layout.nodes)
      if (bn && op.kind === "batchNorm") {
        op.runningMean.write(tf.tensor1d(f32(bn.runningMean).slice()));
        op.runningVar.write(tf.tensor1d(f32(bn.runningVar).slice()));
        op.layer.batchMean?.assign(tf.tensor1d(f32(bn.mean).slice()));
        op.layer.batchVariance?.assign(tf.tensor1d(f32(bn.variance).slice()));
      }
  });
}
