import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { disc } from "../../lib/datasets/disc.js";
import { mlp } from "../../lib/models/index.js";
import { fit, evaluate, predict, crossEntropy, mse, bce, adam, sgd } from "../../lib/train/index.js";
import { save, load } from "../../lib/io/index.js";
import { modelBundle } from "../../lib/display/model-display.js";
import "../../lib/plot/index.js"; // dl.plot gives History its plot() method (lib/plot/history-plot.ts)

before(async () => {
  await ready();
});

const weightsOf = async (model: tf.LayersModel): Promise<number[][]> =>
  Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));

describe("losses follow PyTorch's definitions", () => {
  it("crossEntropy, mse and bce match hand computations", async () => {
    const ce = crossEntropy(
      tf.tensor1d([0, 2], "int32"),
      tf.tensor2d([
        [1, 2, 3],
        [1, 1, 1],
      ]),
    );
    const expected = (-(1 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))) + Math.log(3)) / 2;
    assert.ok(Math.abs((await ce.data())[0]! - expected) < 1e-6);
    const m = mse(tf.tensor2d([[1], [2]]), tf.tensor2d([[3], [2]]));
    assert.equal((await m.data())[0], 2);
    const b = bce(tf.tensor2d([[1], [0]]), tf.tensor2d([[2], [-1]]));
    const hand = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
    assert.ok(Math.abs((await b.data())[0]! - hand) < 1e-6);
    tf.dispose([ce, m, b]);
  });
});

describe("fit", () => {
  it("learns the disc to over 90% accuracy with a 3-layer ReLU net", async () => {
    const data = disc({ n: 2000, seed: 1 });
    const test = disc({ n: 1000, seed: 2 });
    const model = mlp({ inputs: 2, hidden: [32, 32, 32], outputs: 2, seed: 0 });
    const history = await fit(model, data, { epochs: 30, batchSize: 50, optimizer: adam({ lr: 1e-2 }), validation: test });
    const { accuracy } = await evaluate(model, test);
    assert.ok(accuracy! > 0.9, `accuracy ${accuracy}`);
    assert.equal(history.last().valAccuracy, accuracy);
    assert.equal(history.rows.length, 30 * 40);
    tf.dispose([data.x, data.y, test.x, test.y]);
    model.dispose();
  });

  it("is deterministic: same seeds, same backend → the same losses and weights, bit for bit", async () => {
    const run = async (): Promise<[number[], number[][]]> => {
      const data = disc({ n: 300, seed: 3 });
      const model = mlp({ inputs: 2, hidden: { depth: 3, width: 16 }, outputs: 2, norm: "batch", dropout: 0.2, seed: 5 });
      const h = await fit(model, data, { steps: 40, batchSize: 32, seed: 9, optimizer: { name: "sgd", lr: 0.1, momentum: 0.9 } });
      const w = await weightsOf(model);
      tf.dispose([data.x, data.y]);
      model.dispose();
      return [h.rows.map((r) => r.loss), w];
    };
    const [a, b] = [await run(), await run()];
    assert.deepEqual(a[0], b[0]);
    assert.deepEqual(a[1], b[1]);
  });

  it("leaks no tensor over 1,000 steps", async () => {
    const data = disc({ n: 200, seed: 4 });
    const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, norm: "batch", seed: 1 });
    const opt = adam({ lr: 1e-3 });
    await fit(model, data, { steps: 1, optimizer: opt, record: ["gradNorms", "weights", "activations"] });
    const before = tf.memory().numTensors;
    await fit(model, data, { steps: 1000, batchSize: 20, optimizer: opt, record: ["gradNorms", "weights", "activations"], recordAt: 100 });
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it("stops cleanly on an AbortSignal and when onStep returns false, with the history so far", async () => {
    const data = disc({ n: 500, seed: 5 });
    const model = mlp({ inputs: 2, hidden: [8], outputs: 2 });
    const controller = new AbortController();
    const h = await fit(model, data, {
      epochs: 100,
      batchSize: 10,
      onStep: ({ step }) => void (step === 7 && controller.abort()),
      signal: controller.signal,
    });
    assert.deepEqual([h.status, h.rows.length], ["aborted", 7]);
    const s = await fit(model, data, { epochs: 100, onStep: ({ step }) => step < 3 });
    assert.deepEqual([s.status, s.rows.length], ["stopped", 3]);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it("records per-layer gradient norms, weights and activations at the chosen steps", async () => {
    const data = disc({ n: 200, seed: 6 });
    const model = mlp({ inputs: 2, hidden: [8, 8], outputs: 2 });
    const h = await fit(model, data, {
      steps: 10,
      batchSize: 20,
      optimizer: sgd({ lr: 0.1 }),
      record: ["gradNorms", "weights", "activations"],
      recordAt: [1, 10],
    });
    const grads = h.records.filter((r) => r.kind === "gradNorms");
    assert.equal(grads.length, 2 * 3); // 3 kernels at 2 steps
    assert.ok(grads.every((r) => r.norm > 0 && r.histogram.counts.reduce((a, b) => a + b, 0) > 0));
    const w = h.records.find((r) => r.kind === "weights" && r.step === 1)!;
    const kernel = await model.layers[0]!.getWeights()[0]!.data();
    assert.ok(w.histogram.counts.reduce((a, b) => a + b, 0) === kernel.length);
    assert.ok(h.records.some((r) => r.kind === "activations"));
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it("refuses bad options with the argument and the allowed values", async () => {
    const data = disc({ n: 10 });
    const model = mlp({ inputs: 2, hidden: [4], outputs: 2 });
    await assert.rejects(fit(model, data, { batchSize: -1 }), /fit: batchSize must be an integer >= 1, got -1/);
    await assert.rejects(fit(model, data, { steps: 5, epochs: 2 }), /fit: options must be either epochs or steps, not both/);
    await assert.rejects(fit(model, data, { loss: "hinge" as never }), /fit: loss must be one of "crossEntropy", "mse", "bce"/);
    await assert.rejects(fit(model, { x: data.x, y: tf.zeros([3]) }), /fit: data.y must be a tensor with 10 rows like x/);
    assert.throws(() => mlp({ inputs: 2, hidden: { depth: 0, width: 4 } }), /mlp: hidden.depth must be an integer in \[1, 1000\], got 0/);
    assert.throws(() => mlp({ inputs: 2, activation: "swish" as never }), /mlp: activation must be one of/);
    assert.throws(() => mlp({ inputs: 2, dropout: 1 }), /mlp: dropout must be a finite number in \[0, 1\), got 1/);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

describe("evaluate, predict, io and display", () => {
  it("predict in batches equals one forward pass; evaluate matches the loss computed by hand", async () => {
    const data = disc({ n: 250, seed: 7 });
    const model = mlp({ inputs: 2, hidden: [8], outputs: 2 });
    const batched = predict(model, data.x, { batchSize: 64 });
    const whole = model.predict(data.x) as tf.Tensor;
    assert.deepEqual(Array.from(await batched.data()), Array.from(await whole.data()));
    const loss = crossEntropy(data.y, whole);
    const { loss: evaluated } = await evaluate(model, data, { batchSize: 100 });
    assert.ok(Math.abs(evaluated - (await loss.data())[0]!) < 1e-5);
    tf.dispose([batched, whole, loss, data.x, data.y]);
    model.dispose();
  });

  it("save then load gives the same predictions, batch norm included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "depthlab-io-"));
    const data = disc({ n: 100, seed: 8 });
    const model = mlp({ inputs: 2, hidden: [8, 8], outputs: 2, norm: "batch", activation: "crelu" });
    await fit(model, data, { steps: 5, batchSize: 20 });
    const info = await save(model, join(dir, "m"));
    assert.ok(info.weightBytes > 0);
    const again = await load(join(dir, "m"));
    const [a, b] = [model.predict(data.x) as tf.Tensor, again.predict(data.x) as tf.Tensor];
    assert.deepEqual(Array.from(await a.data()), Array.from(await b.data()));
    await assert.rejects(load(join(dir, "missing")), /load: cannot read .*missing.model\.json/);
    tf.dispose([a, b, data.x, data.y]);
    model.dispose();
    again.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("history.plot(), added by dl.plot, draws its loss and accuracy curves, one point per logged step", async () => {
    const data = disc({ n: 100, seed: 8 });
    const model = mlp({ inputs: 2, hidden: [8], outputs: 2 });
    const history = await fit(model, data, { steps: 6, batchSize: 50, optimizer: sgd({ lr: 0.1 }) });
    const figure = await history.plot();
    assert.equal(figure.engine, "vega-lite");
    assert.equal(figure.info.kind, "curves");
    assert.equal(figure.info.points, 12, "6 losses and 6 accuracies");
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it("a model displays as a summary with its parameter count", () => {
    const model = mlp({ inputs: 2, hidden: [3], outputs: 2 });
    const text = modelBundle(model)["text/plain"] as string;
    assert.match(text, /^Sequential/);
    assert.match(text, /17 parameters \(17 trainable\)/); // 2·3 + 3 + 3·2 + 2
    model.dispose();
  });
});
