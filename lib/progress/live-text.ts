import { formatNumber } from "./live-curve.js";

/** How a live display ended: as `History.status` ("interrupted" by the kernel, "failed" when the loop threw). */
export type LiveStatus = "finished" | "stopped" | "aborted" | "interrupted" | "failed";

/** What a live display shows at one moment. */
export interface LiveState {
  step: number;
  total: number | undefined;
  loss: number;
  /** Every other number given to `update`: accuracy, valLoss, epoch, ... */
  metrics: Record<string, number>;
  /** Steps per second: recent while running, the whole run's mean when done. */
  rate: number;
  /** Milliseconds since the display was made. */
  elapsed: number;
  status: "running" | LiveStatus;
  /** A note after the numbers, e.g. the engine `fit` trains with. */
  note?: string;
}

/**
 * The progress line: `step 1200/3000 (40%) · loss 0.3412 · accuracy 0.91 · 2400 steps/s · 0:02 left`; when done, the
 * elapsed time and how it ended take the place of the time left.
 *
 * @example
 * progressLine({ step: 10, total: 20, loss: 0.5, metrics: {}, rate: 5, elapsed: 2000, status: "running" })
 * // "step 10/20 (50%) · loss 0.5 · 5 steps/s · 2.0 s left"
 */
export function progressLine(s: LiveState): string {
  const parts = [s.total ? `step ${s.step}/${s.total} (${Math.floor((100 * s.step) / s.total)}%)` : `step ${s.step}`];
  parts.push(`loss ${formatNumber(s.loss)}`);
  for (const [name, value] of Object.entries(s.metrics)) parts.push(`${name} ${formatNumber(value)}`);
  if (s.rate > 0) parts.push(`${formatNumber(s.rate >= 100 ? Math.round(s.rate) : s.rate)} steps/s`);
  if (s.status !== "running") parts.push(`${formatDuration(s.elapsed)}, ${s.status}`);
  else if (s.total && s.rate > 0) parts.push(`${formatDuration((1000 * Math.max(0, s.total - s.step)) / s.rate)} left`);
  if (s.note) parts.push(s.note);
  return parts.join(" · ");
}

/**
 * The terminal form: a bar of `#` (when the total is known) then the progress line, cut to the terminal's width.
 *
 * @example
 * textBar(state, 80) // "[#######.............] step 1200/3000 (40%) · loss 0.34 · …"
 */
export function textBar(s: LiveState, columns: number): string {
  const bar = s.total ? `[${"#".repeat(Math.round((20 * s.step) / s.total)).padEnd(20, ".")}] ` : "";
  return (bar + progressLine(s)).slice(0, Math.max(20, columns - 1));
}

/**
 * A duration for people: seconds under a minute, then m:ss, then h:mm:ss.
 *
 * @example
 * [12_345, 245_000, 3_723_000].map(formatDuration) // ["12.3 s", "4:05", "1:02:03"]
 */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}
