import assert from "node:assert/strict";
import { afterEach, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { disc } from "../../lib/datasets/disc.js";
import { attachHost, type DisplaySink } from "../../lib/host/host.js";
import type { MimeBundle } from "../../lib/display/protocol.js";
import { mlp } from "../../lib/models/index.js";
import { LiveCurve } from "../../lib/progress/live-curve.js";
import { formatDuration, progressLine } from "../../lib/progress/live-text.js";
import { live, type LiveStream } from "../../lib/progress/live.js";
import { fit } from "../../lib/train/fit.js";

interface Sent {
  bundle: MimeBundle;
  displayId: string | undefined;
  update: boolean;
}

/** A sink like the kernel's that records what `display` sends. */
function fakeSink(): Sent[] {
  const sent: Sent[] = [];
  const sink: DisplaySink = {
    display: (bundle, _metadata, displayId, update) => void sent.push({ bundle, displayId, update }),
    clearOutput: () => undefined,
    page: () => undefined,
    track: () => undefined,
  };
  attachHost({ display: sink, checkInterrupt: () => undefined, requests: new Set() });
  return sent;
}

/** A clock that the test moves by hand. */
function fakeClock(): { now: number; clock: () => number } {
  const c = { now: 1000, clock: () => c.now };
  return c;
}

function fakeStream(isTTY: boolean): LiveStream & { text: string } {
  const s = { isTTY, columns: 100, text: "", write: (t: string) => void (s.text += t) };
  return s;
}

const text = (s: Sent) => String(s.bundle["text/plain"]);

afterEach(() => attachHost(null));

describe("dl.plot.live in a notebook", () => {
  it("sends 10,000 steps over 10 fake seconds as at most 4 redraws a second plus the final state", () => {
    const sent = fakeSink();
    const t = fakeClock();
    const progress = live({ total: 10_000, clock: t.clock });
    for (let step = 1; step <= 10_000; step++) {
      progress.update({ step, loss: 1 / step });
      t.now += 1; // 1 ms a step
    }
    progress.done();
    // redraws at 0, 250, ..., 9750 ms (40) and the final state (1)
    assert.equal(sent.length, 41);
    assert.ok(sent.length <= Math.ceil(10 * 4) + 2);
  });

  it("first sends display_data, then update_display_data with the same display_id", () => {
    const sent = fakeSink();
    const t = fakeClock();
    const progress = live({ total: 100, clock: t.clock });
    for (let step = 1; step <= 100; step++) {
      progress.update({ step, loss: 0.5, accuracy: 0.75 });
      t.now += 100;
    }
    progress.done();
    assert.ok(sent.length > 2);
    assert.equal(sent[0]!.update, false);
    assert.ok(
      sent.slice(1).every((s) => s.update),
      "every later message replaces the first",
    );
    const ids = new Set(sent.map((s) => s.displayId));
    assert.equal(ids.size, 1);
    assert.match([...ids][0]!, /^depthlab-live-/);
    assert.ok(sent.every((s) => typeof s.bundle["text/html"] === "string" && String(s.bundle["text/html"]).includes("<svg")));
  });

  it("done() sends the final state even when the last update was throttled, and only once", () => {
    const sent = fakeSink();
    const t = fakeClock();
    const progress = live({ total: 3, clock: t.clock });
    progress.update({ step: 1, loss: 3 });
    t.now += 10;
    progress.update({ step: 2, loss: 2 });
    t.now += 10;
    progress.update({ step: 3, loss: 1 });
    assert.equal(sent.length, 1, "steps 2 and 3 came within 250 ms of the first redraw");
    t.now += 2000;
    progress.done();
    progress.done();
    assert.equal(sent.length, 2);
    // 3 steps in 2.02 s → 1.485 steps/s
    assert.equal(text(sent[1]!), "step 3/3 (100%) · loss 1 · 1.485 steps/s · 2.0 s, finished");
    assert.throws(() => progress.update({ step: 4, loss: 0 }), /after done/);
  });

  it("shows nothing when no step was ever given", () => {
    const sent = fakeSink();
    live().done();
    assert.equal(sent.length, 0);
  });

  it("keeps the curve to between `points` and twice as many points", () => {
    const sent = fakeSink();
    const t = fakeClock();
    const progress = live({ points: 100, clock: t.clock });
    for (let step = 1; step <= 100_000; step++) progress.update({ step, loss: Math.exp(-step / 10_000) });
    progress.done("stopped");
    const html = String(sent.at(-1)!.bundle["text/html"]);
    const points = html.match(/points="([^"]*)"/)![1]!.split(" ");
    assert.ok(points.length >= 100 && points.length <= 200, `${points.length} points`);
    assert.match(text(sent.at(-1)!), /^step 100000 · loss 4.54e-5 · 0.0 s, stopped$/);
    assert.ok(html.length < 10_000, `${html.length} characters of HTML`);
  });

  it("escapes metric names in the HTML", () => {
    const sent = fakeSink();
    const progress = live();
    progress.update({ step: 1, loss: 1, "<b>x</b>": 2 });
    assert.ok(!String(sent[0]!.bundle["text/html"]).includes("<b>x</b>"));
  });

  it("rejects bad options and rows with clear errors", () => {
    assert.throws(() => live({ maxUpdatesPerSecond: 0 }), /live: maxUpdatesPerSecond must be a finite number in \(0, 1000\], got 0/);
    assert.throws(() => live({ total: 1.5 }), /live: total must be an integer >= 1, got 1.5/);
    assert.throws(() => live({ points: 1 }), /live: points must be an integer in \[2, 100000\], got 1/);
    assert.throws(() => live({ totl: 10 } as never), /live: unknown option "totl": did you mean "total"\?/);
    const sink = fakeSink();
    const progress = live();
    assert.throws(() => progress.update({ step: 1, loss: "0.5" as unknown as number }), /live.update: loss must be a number, got "0.5"/);
    assert.throws(() => progress.update({ step: 1, loss: 1, acc: "x" as unknown as number }), /live.update: acc must be a number/);
    assert.ok(sink.length === 0);
  });
});

describe("dl.plot.live outside a notebook", () => {
  it("draws a text bar on stderr when it is a terminal, ending with a newline", () => {
    const t = fakeClock();
    const stream = fakeStream(true);
    const stdout = process.stdout.write;
    let printed = "";
    process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
    try {
      const progress = live({ total: 10, clock: t.clock, stream });
      for (let step = 1; step <= 10; step++) {
        progress.update({ step, loss: 1 / step });
        t.now += 300;
      }
      progress.done();
    } finally {
      process.stdout.write = stdout;
    }
    assert.equal(printed, "");
    const lines = stream.text.split("\r").filter(Boolean);
    assert.equal(lines.length, 11);
    assert.ok(lines[0]!.startsWith("[##..................] step 1/10 (10%) · loss 1"));
    assert.ok(lines.at(-1)!.startsWith("[####################] step 10/10 (100%) · loss 0.1 · "));
    assert.ok(lines.at(-1)!.endsWith("finished\x1b[K\n"));
  });

  it("prints nothing when stderr is not a terminal (a log file, CI)", () => {
    const stream = fakeStream(false);
    const progress = live({ total: 10, stream });
    for (let step = 1; step <= 10; step++) progress.update({ step, loss: 1 });
    progress.done();
    assert.equal(stream.text, "");
  });
});

describe("the parts of the live display", () => {
  it("progressLine gives the time left from the rate: 10 of 20 steps at 5 steps/s leaves 2 s", () => {
    const line = progressLine({ step: 10, total: 20, loss: 0.5, metrics: { accuracy: 0.9 }, rate: 5, elapsed: 2000, status: "running" });
    assert.equal(line, "step 10/20 (50%) · loss 0.5 · accuracy 0.9 · 5 steps/s · 2.0 s left");
  });

  it("formatDuration: seconds, then m:ss, then h:mm:ss", () => {
    assert.deepEqual([formatDuration(12_345), formatDuration(245_000), formatDuration(3_723_000)], ["12.3 s", "4:05", "1:02:03"]);
  });

  it("LiveCurve points are means of equal buckets: 1..8 into 2 points → 2.5 and 6.5 at steps 4 and 8", () => {
    const curve = new LiveCurve(2);
    for (let step = 1; step <= 8; step++) curve.add(step, step);
    assert.deepEqual(
      [curve.xs, curve.ys],
      [
        [4, 8],
        [2.5, 6.5],
      ],
    );
  });
});

describe("fit({ live })", () => {
  before(async () => {
    await ready();
  });

  it("shows one display updated in place, its final state finished at the last step", async () => {
    const sent = fakeSink();
    const data = disc({ n: 500, seed: 0 });
    const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, seed: 0 });
    const t0 = performance.now();
    const history = await fit(model, data, { steps: 2000, batchSize: 50, live: true });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(sent[0]!.update, false);
    assert.ok(sent.slice(1).every((s) => s.update && s.displayId === sent[0]!.displayId));
    assert.ok(sent.length <= Math.ceil(seconds * 4) + 2, `${sent.length} messages in ${seconds.toFixed(2)} s`);
    const last = text(sent.at(-1)!);
    assert.ok(
      last.startsWith(`step 2000/2000 (100%) · loss ${String(Number(history.last().loss.toPrecision(4)))} · epoch 200 · accuracy`),
      last,
    );
    assert.ok(last.endsWith("finished · fused engine"), last); // the engine is named where students look
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it("names the tf ops engine and why the fused one did not run", async () => {
    const sent = fakeSink();
    const data = disc({ n: 100, seed: 0 });
    const model = mlp({ inputs: 2, hidden: [8], outputs: 2, dropout: 0.5, seed: 0 });
    await fit(model, data, { steps: 3, live: true });
    assert.match(text(sent.at(-1)!), /finished · tf ops \(not fused: layer "dropout_Dropout\d+" \(Dropout\) has no fused kernel\)$/);
    model.dispose();
  });

  it("ends the display as stopped, aborted or failed when the run ends early", async () => {
    const data = disc({ n: 200, seed: 0 });
    const model = mlp({ inputs: 2, hidden: [8], outputs: 2, seed: 0 });
    const ending = async (options: Parameters<typeof fit>[2]): Promise<string> => {
      const sent = fakeSink();
      await fit(model, data, { steps: 100, batchSize: 20, live: true, ...options }).catch(() => undefined);
      return text(sent.at(-1)!);
    };
    assert.match(await ending({ onStep: ({ step }) => step < 5 }), /^step 5\/100 .*stopped · fused engine$/);
    const controller = new AbortController();
    assert.match(
      await ending({ onStep: ({ step }) => void (step === 7 && controller.abort()), signal: controller.signal }),
      /^step 7\/100 .*aborted · fused engine$/,
    );
    const boom = ({ step }: { step: number }) => {
      if (step === 3) throw new Error("boom");
    };
    assert.match(await ending({ onStep: boom }), /^step 3\/100 .*failed · fused engine$/);
    await assert.rejects(
      fit(model, data, { live: "yes" as never }),
      /fit: live must be true, false or the options of dl.plot.live, got "yes"/,
    );
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
