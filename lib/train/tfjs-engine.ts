import * as tf from "@tensorflow/tfjs";
import { correctCount } from "./classes.js";
import type { Engine } from "./engine.js";
import type { History } from "./history.js";
import type { LossFn } from "./losses.js";
import { activationProbe, recordActivations, recordGradients, recordWeights, type RecordKind } from "./record.js";

/**
 * The general engine: each step is one `tf.variableGrads` of the loss through `model.apply(x, { training: true })`,
 * then `optimizer.applyGradients`. Each batch is one gather of its rows in the epoch's order, never a slice of a big
 * tensor: tfjs-backend-wasm's Slice reads its whole input back first (60,000 Fashion-MNIST images: ~0.5 s a batch).
 *
 * @example
 * const engine = tfjsEngine(model, x, y, true, dl.train.crossEntropy, dl.train.sgd(), [], history);
 */
export function tfjsEngine(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  accuracy: boolean,
  lossFn: LossFn,
  optimizer: tf.Optimizer,
  record: readonly RecordKind[],
  history: History,
): Engine {
  const probe = record.includes("activations") ? activationProbe(model) : undefined;
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const n = x.shape[0]!;
  let rows: Int32Array = Int32Array.from({ length: n }, (_, i) => i); // the epoch's order of the samples
  return {
    name: "tfjs",
    epoch(order) {
      rows = order ?? Int32Array.from({ length: n }, (_, i) => i);
    },
    async step(start, size, logged, recordStep) {
      const [xb, yb] = tf.tidy(() => {
        const idx = tf.tensor1d(rows.subarray(start, start + size), "int32"); // [size]
        return [tf.gather(x, idx), tf.gather(y, idx)];
      });
      let hits: tf.Scalar | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const out = model.apply(xb, { training: true }) as tf.Tensor;
        if (accuracy && logged) hits = tf.keep(correctCount(out, yb).div(size) as tf.Scalar);
        return lossFn(yb, out, xb);
      }, vars);
      optimizer.applyGradients(grads);
      try {
        if (recordStep) {
          if (record.includes("gradNorms")) await recordGradients(recordStep, grads, history.records);
          if (record.includes("weights")) await recordWeights(recordStep, model, history.records);
          if (probe) await recordActivations(recordStep, probe.probe, probe.names, xb, history.records);
        }
        if (!logged) return {};
        const loss = (await value.data())[0] as number;
        return hits ? { loss, accuracy: (await hits.data())[0] as number } : { loss };
      } finally {
        tf.dispose([xb, yb, value, hits, ...Object.values(grads)]);
      }
    },
    sync() {},
    dispose() {},
  };
}
