/** The losses the fused step computes (in JavaScript, on the logits). */
export type FusedLoss = "crossEntropy" | "mse";

/** What {@link lossAndGradient} computes, on how many rows. */
export interface LossOptions {
  loss: FusedLoss;
  /** Logits per sample. */
  outputs: number;
  /** Samples in the batch. */
  size: number;
  /** Whether to count the batch's accuracy too (crossEntropy only). */
  accuracy: boolean;
}

/**
 * The batch's mean loss (cross-entropy on class labels, or mean squared error on `outputs` targets per sample), with
 * its gradient with respect to the logits [size, outputs] written into `grad`, and the accuracy when asked.
 *
 * @example
 * lossAndGradient(logits, labels, grad, { loss: "crossEntropy", outputs: 10, size: 32, accuracy: true }); // { loss, accuracy }
 */
export function lossAndGradient(
  logits: Float32Array,
  targets: Int32Array | Float32Array,
  grad: Float32Array,
  { loss: kind, outputs, size, accuracy: wantAccuracy }: LossOptions,
): { loss: number; accuracy?: number } {
  const c = outputs;
  let loss = 0;
  let hits = 0;
  if (kind === "crossEntropy") {
    const labels = targets as Int32Array;
    for (let r = 0; r < size; r++) {
      const row = r * c;
      let max = -Infinity;
      let best = 0;
      for (let j = 0; j < c; j++) {
        const v = logits[row + j] as number;
        if (v > max) ((max = v), (best = j));
      }
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.exp((logits[row + j] as number) - max);
      const label = labels[r] as number;
      loss += max + Math.log(sum) - (logits[row + label] as number);
      for (let j = 0; j < c; j++) grad[row + j] = (Math.exp((logits[row + j] as number) - max) / sum - (j === label ? 1 : 0)) / size;
      if (best === label) hits++;
    }
    loss /= size;
  } else {
    const values = targets as Float32Array;
    const m = size * c;
    for (let i = 0; i < m; i++) {
      const d = (logits[i] as number) - (values[i] as number);
      loss += d * d;
      grad[i] = (2 * d) / m;
    }
    loss /= m;
  }
  return wantAccuracy && kind === "crossEntropy" ? { loss, accuracy: hits / size } : { loss };
}
