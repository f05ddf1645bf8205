// Fixed inputs for the vega-lite figure tests (not a test file itself: no ".test" in its name).
import { History, type HistoryRow } from "../../lib/train/history.js";
import { summarize } from "../../lib/train/stats.js";

/** 40 logged steps, 10 per epoch, loss 2·e^(−rate·step) + 0.1, validation at each epoch's end. */
export function historyOf(rate: number, steps = 40): History {
  const h = new History();
  for (let step = 1; step <= steps; step++) {
    const loss = 2 * Math.exp(-rate * step) + 0.1;
    const row: HistoryRow = { step, epoch: Math.ceil(step / 10), loss, time: step * 50, accuracy: 1 - loss / 2.1 };
    if (step % 10 === 0) {
      row["valLoss"] = 1.1 * loss;
      row["valAccuracy"] = 1 - (1.1 * loss) / 2.1;
    }
    h.rows.push(row);
  }
  // three layers whose activations shrink by `shrink` per layer, recorded at steps 1 and `steps`
  const shrink = rate > 0.05 ? 1 : 0.5;
  for (const step of [1, steps]) {
    for (let d = 0; d < 3; d++) {
      const values = Array.from({ length: 64 }, (_, i) => Math.max(0, Math.sin(i * 1.3 + d + step)) * shrink ** d);
      h.records.push({ step, kind: "activations", layer: `dense_${d + 1}`, ...summarize(values, 8) });
    }
  }
  return h;
}
