// lib/progress sits below both lib/train and lib/plot: `fit(model, data, { live: true })` draws this display and
// `dl.plot.live` hands it to custom loops, so neither folder imports the other for it. It needs only display,
// host and options.
import { display } from "../display/display.js";
import { currentHost } from "../host/host.js";
import { escapeHtml } from "../display/html-escape.js";
import { checkInteger, checkKeys, checkNumber, fail, type KnownKeys } from "../options/check.js";
import { curveSvg, LiveCurve } from "./live-curve.js";
import { progressLine, textBar, type LiveState, type LiveStatus } from "./live-text.js";

export type { LiveStatus } from "./live-text.js";

/** Where the terminal progress bar goes: `process.stderr` or anything shaped like it. */
export interface LiveStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Options of {@link live}. */
export interface LiveOptions {
  /** Number of steps of the run, for the percentage and the time left (default: unknown; `update` may give it). */
  total?: number;
  /** At most this many redraws a second (default 4); `done()` always draws the final state. */
  maxUpdatesPerSecond?: number;
  /** The curve keeps between this many and twice this many points, each the mean of its steps (default 200). */
  points?: number;
  /** Draw the loss on a log scale (default false). */
  logScale?: boolean;
  /** Milliseconds from some fixed origin (default `performance.now`); tests pass a fake clock. */
  clock?: () => number;
  /** Where the text bar goes outside a notebook, if it is a terminal (default `process.stderr`). */
  stream?: LiveStream;
  /** A note at the end of the progress line (`fit` names its engine here: "fused engine" or "tf ops"). */
  note?: string;
}

const KEYS: KnownKeys<LiveOptions> = {
  total: true,
  maxUpdatesPerSecond: true,
  points: true,
  logScale: true,
  clock: true,
  stream: true,
  note: true,
};

/** What {@link LiveHandle.update} takes: the step, its loss and any other metrics by name. */
export interface LiveUpdate {
  step: number;
  /** Number of steps of the run, when not given to `live`. */
  total?: number;
  loss: number;
  [metric: string]: number | undefined;
}

/** A live progress display; see {@link live}. */
export interface LiveHandle {
  /** Records one step; redraws when the last redraw is old enough (see `maxUpdatesPerSecond`). */
  update(row: LiveUpdate): void;
  /** Draws the final state (once; later calls do nothing). `status` says how the run ended (default "finished"). */
  done(status?: LiveStatus): void;
}

let displays = 0;

/**
 * A progress line (step/total, loss, steps per second, time left) and a loss curve that redraw in place while a
 * custom training loop runs, at most a few times a second, so a loop of thousands of steps a second does not flood
 * the notebook. In a notebook it is one output, replaced through `update_display_data`; its final state stays in
 * the saved notebook. In a plain Node script it prints a text bar to stderr when stderr is a terminal, else nothing.
 * `dl.train.fit(model, data, { live: true })` uses it.
 *
 * @example
 * const progress = dl.plot.live({ total: 1000 });
 * for (let step = 1; step <= 1000; step++) {
 *   const loss = trainStep();              // your own step
 *   progress.update({ step, loss });
 * }
 * progress.done();
 */
export function live(options: LiveOptions = {}): LiveHandle {
  checkKeys("live", options, KEYS);
  const { total, maxUpdatesPerSecond = 4, points = 200, logScale = false, clock = () => performance.now() } = options;
  const { stream = process.stderr, note } = options;
  if (total !== undefined) checkInteger("live", "total", total, 1);
  checkNumber("live", "maxUpdatesPerSecond", maxUpdatesPerSecond, 0, 1000, { min: true });
  checkInteger("live", "points", points, 2, 100_000);
  if (typeof logScale !== "boolean") fail("live", "logScale", "true or false", logScale);
  if (typeof clock !== "function") fail("live", "clock", "a function returning milliseconds", clock);
  if (!stream || typeof stream.write !== "function") fail("live", "stream", "a writable stream such as process.stderr", stream);
  const inKernel = currentHost() !== undefined;
  const target = inKernel ? "notebook" : stream.isTTY ? "terminal" : "off";
  if (note !== undefined && typeof note !== "string") fail("live", "note", "a string", note);
  return new LiveDisplay({ total, interval: 1000 / maxUpdatesPerSecond, points, logScale, clock, stream, target, note });
}

interface Settings {
  total: number | undefined;
  interval: number;
  points: number;
  logScale: boolean;
  clock: () => number;
  stream: LiveStream;
  target: "notebook" | "terminal" | "off";
  note: string | undefined;
}

class LiveDisplay implements LiveHandle {
  private readonly id = `depthlab-live-${Date.now().toString(36)}-${++displays}`;
  private readonly start: number;
  private readonly loss: LiveCurve;
  private readonly valLoss: LiveCurve;
  private last: LiveUpdate | undefined;
  private rate = 0;
  private firstStep = 0;
  private shown = false;
  private finished = false;
  private sentAt = -Infinity;
  private sentStep = 0;

  constructor(private readonly s: Settings) {
    this.start = s.clock();
    this.loss = new LiveCurve(s.points);
    this.valLoss = new LiveCurve(s.points);
  }

  update(row: LiveUpdate): void {
    if (this.finished) throw new Error("live: update() after done()");
    if (typeof row !== "object" || row === null) fail("live.update", "row", "an object { step, loss, ...metrics }", row);
    const { step, loss } = row;
    if (typeof step !== "number" || !(step >= 0)) fail("live.update", "step", "a number >= 0", step);
    if (typeof loss !== "number") fail("live.update", "loss", "a number", loss);
    this.loss.add(step, loss);
    if (row["valLoss"] !== undefined) this.valLoss.add(step, row["valLoss"]);
    if (!this.last) this.firstStep = step;
    this.last = row;
    const now = this.s.clock();
    if (now - this.sentAt < this.s.interval) return; // the common case: a few comparisons and two curve sums
    const recent = this.sentAt > -Infinity && now > this.sentAt ? ((step - this.sentStep) * 1000) / (now - this.sentAt) : 0;
    this.rate = this.rate > 0 ? 0.5 * this.rate + 0.5 * recent : recent; // smoothed over the last redraws
    this.sentAt = now;
    this.sentStep = step;
    this.draw(this.stateAt(now, this.rate, "running"));
  }

  done(status: LiveStatus = "finished"): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.last) return; // nothing was ever shown
    const now = this.s.clock();
    const steps = this.last.step - this.firstStep + 1;
    this.draw(this.stateAt(now, now > this.start ? (steps * 1000) / (now - this.start) : 0, status));
  }

  private stateAt(now: number, rate: number, status: LiveState["status"]): LiveState {
    const { step, total = this.s.total, loss, ...rest } = this.last!;
    const metrics: Record<string, number> = {};
    for (const [name, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      if (typeof value !== "number") fail("live.update", name, "a number", value);
      metrics[name] = value;
    }
    return { step, total, loss, metrics, rate, elapsed: now - this.start, status, ...(this.s.note ? { note: this.s.note } : {}) };
  }

  private draw(state: LiveState): void {
    if (this.s.target === "notebook") {
      display(this.bundle(state), { raw: true, displayId: this.id, update: this.shown });
    } else if (this.s.target === "terminal") {
      const line = textBar(state, this.s.stream.columns ?? 80);
      this.s.stream.write(`\r${line}\x1b[K${state.status === "running" ? "" : "\n"}`);
    }
    this.shown = true;
  }

  private bundle(state: LiveState): Record<string, string> {
    const line = progressLine(state);
    const bar = state.total ? `<progress value="${state.step}" max="${state.total}" style="width: 200px"></progress> ` : "";
    const svg = curveSvg(
      [
        { name: "loss", curve: this.loss, color: "#1f77b4" },
        { name: "valLoss", curve: this.valLoss, color: "#ff7f0e", dashed: true },
      ],
      { logScale: this.s.logScale },
    );
    const html = `<div class="depthlab-live"><div style="font-family: monospace">${bar}${escapeHtml(line)}</div>${svg}</div>`;
    return { "text/plain": line, "text/html": html };
  }
}
