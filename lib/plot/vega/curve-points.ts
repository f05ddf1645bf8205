import type { HistoryRow } from "../../train/history.js";

// The numbers behind dl.plot.curves: one metric's points, smoothed and thinned.

/**
 * [x, value] of one metric, by step, by time in seconds, or averaged per epoch.
 *
 * @example
 * points(history.rows, "loss", "epoch") // [[1, mean loss of epoch 1], [2, …], …]
 */
export function points(rows: readonly HistoryRow[], metric: string, x: "step" | "epoch" | "time"): [number, number][] {
  const has = rows.filter((r) => r[metric] !== undefined);
  if (x !== "epoch") return has.map((r) => [x === "time" ? r.time / 1000 : r.step, r[metric]!]);
  const sums = new Map<number, [number, number]>();
  for (const r of has) {
    const s = sums.get(r.epoch) ?? [0, 0];
    sums.set(r.epoch, [s[0] + r[metric]!, s[1] + 1]);
  }
  return [...sums].map(([epoch, [sum, n]]) => [epoch, sum / n]);
}

/**
 * Exponential moving average, debiased at the start (as TensorBoard draws it).
 *
 * @example
 * ema([[1, 4], [2, 2]], 0.5) // [[1, 4], [2, (0.25·4 + 0.5·2) / 0.75]]
 */
export function ema(pts: [number, number][], weight: number): [number, number][] {
  let s = 0;
  return pts.map(([x, v], i) => {
    s = weight * s + (1 - weight) * v;
    return [x, s / (1 - weight ** (i + 1))];
  });
}

/**
 * At most `max` points: consecutive points averaged in equal buckets. Returns [x, value, raw value].
 *
 * @example
 * thin(smoothed, raw, 1000)
 */
export function thin(smoothed: [number, number][], raw: [number, number][], max: number): [number, number, number][] {
  const n = smoothed.length;
  const buckets = Math.min(n, max);
  const out: [number, number, number][] = [];
  for (let b = 0; b < buckets; b++) {
    const [from, to] = [Math.floor((b * n) / buckets), Math.floor(((b + 1) * n) / buckets)];
    let [sx, sv, sr] = [0, 0, 0];
    for (let i = from; i < to; i++) [sx, sv, sr] = [sx + smoothed[i]![0], sv + smoothed[i]![1], sr + raw[i]![1]];
    const k = to - from;
    out.push([sx / k, sv / k, sr / k]);
  }
  return out;
}
