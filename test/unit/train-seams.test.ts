import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { disc } from "../../lib/datasets/disc.js";
import { cantor, fractal, fractalNet } from "../../lib/datasets/index.js";
import { mlp } from "../../lib/models/index.js";
import { ArgumentError } from "../../lib/options/check.js";
import { DISPLAY, type MimeBundle } from "../../lib/display/protocol.js";
import { fit, evaluate, predictClasses, adam, optimizer as makeOptimizer, OPTIMIZER_NAMES, crossEntropy } from "../../lib/train/index.js";

before(async () => {
  await ready();
});

/** A one-layer model y = w·x + b with the given weights: outputs that can be worked out by hand. */
function linear(weights: number[][], bias: number[]): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [weights.length], units: bias.length, useBias: true, kernelInitializer: "zeros" })],
  });
  model.setWeights([tf.tensor2d(weights), tf.tensor1d(bias)]);
  return model;
}

const data = (x: number[][], y: number[], dtype: "int32" | "float32" = "int32") => ({ x: tf.tensor2d(x), y: tf.tensor1d(y, dtype) });

describe("one-output classifiers (issue 14, item 1)", () => {
  it("evaluate thresholds a single logit at 0: a hand-labelled case scores 3 of 4", async () => {
    // output = x0: predictions 0, 1, 1, 0 against labels 0, 1, 0, 0 → 3 right
    const model = linear([[1], [0]], [0]);
    const d = data(
      [
        [-1, 5],
        [2, 5],
        [3, 5],
        [-0.5, 5],
      ],
      [0, 1, 0, 0],
    );
    const result = await evaluate(model, d);
    assert.equal(result.accuracy, 0.75);
    // bce by hand: mean of log(1 + e^(−z)) for label 1 and log(1 + e^z) for label 0
    const z = [-1, 2, 3, -0.5];
    const labels = [0, 1, 0, 0];
    const bce = z.reduce((s, zi, i) => s + Math.log1p(Math.exp(labels[i] ? -zi : zi)), 0) / 4;
    assert.ok(Math.abs(result.loss - bce) < 1e-6, `${result.loss} vs ${bce}`); // float32 sums of 4 terms: ~1e-7
    assert.deepEqual(Array.from(await predictClasses(model, d.x).data()), [0, 1, 1, 0]);
  });

  it("several outputs still take the argmax: a hand-labelled case scores 2 of 3", async () => {
    const model = linear(
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      [0, 0, 0.5],
    );
    // logits [2, 1, .5] → 0; [0, 3, .5] → 1; [0, 0, .5] → 2; labels 0, 2, 2
    const d = data(
      [
        [2, 1],
        [0, 3],
        [0, 0],
      ],
      [0, 2, 2],
    );
    assert.equal((await evaluate(model, d)).accuracy, 2 / 3);
  });

  it("fractalNet scores 1.0 on its own data set with evaluate's defaults", async () => {
    const net = fractalNet(cantor, 3);
    const ds = fractal({ maps: cantor, depth: 3, n: 2000, seed: 1 });
    const result = await evaluate(net, ds);
    assert.equal(result.accuracy, 1);
  });

  it("fit picks bce for one output and labels 0/1, says so, and its accuracy is the share thresholded right", async () => {
    const ds = disc({ n: 400, seed: 3 });
    const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 1, seed: 0 });
    const history = await fit(model, ds, { epochs: 40, optimizer: { name: "adam", lr: 0.01 } });
    assert.deepEqual(history.loss, { name: "bce", reason: "one output and labels 0/1" });
    // independent count: the sign of each output against its label
    const out = Array.from(await (model.predict(ds.x) as tf.Tensor).data());
    const right = out.filter((z, i) => (z > 0 ? 1 : 0) === ds.yValues[i]).length / ds.n;
    const result = await evaluate(model, ds);
    assert.equal(result.accuracy, right);
    assert.ok(right > 0.9, `a disc is learnt to > 90 %, got ${right}`); // the argmax rule reported ≈ 0.5 here
    model.dispose();
  });

  it("refuses one output with more than two classes, naming the output count, the labels and both ways out", async () => {
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1 });
    const d = data(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      [0, 1, 2],
    );
    const message =
      'fit: a model with 1 output tells 2 classes apart (labels 0 and 1, loss "bce"), but data.y has int32 labels 0 … 2. ' +
      'Build the model with outputs: 3 (one logit per class, loss "crossEntropy"), or relabel to 0 and 1.';
    await assert.rejects(fit(model, d), (e: Error) => e instanceof ArgumentError && e.message === message);
    await assert.rejects(
      fit(model, d, { loss: "crossEntropy" }),
      /loss "crossEntropy" needs one output per class, at least 2, but the model has 1 output/,
    );
  });
});

describe("the loss is never chosen silently from a dtype (item 2)", () => {
  it("float32 labels for a model with several outputs are an error that explains the rule", async () => {
    const model = mlp({ inputs: 2, hidden: [4], outputs: 2 });
    const ds = disc({ n: 100 });
    const floatLabels = { x: ds.x, y: tf.tensor1d(Array.from(ds.yValues)) }; // float32, as tf.tensor1d makes it
    await assert.rejects(
      fit(model, floatLabels),
      (e: Error) =>
        e instanceof ArgumentError &&
        e.message.startsWith(
          'fit: data.y is float32 [100], which fit would read as one regression target per sample (loss "mse"), but the model has 2 outputs.',
        ) &&
        e.message.includes('tf.tensor1d(labels, "int32") or y.toInt()'),
    );
  });

  it("the history's display names the loss and why, and the engine and why not fused", async () => {
    const ds = disc({ n: 100 });
    const plain = await fit(mlp({ inputs: 2, hidden: [8], outputs: 2 }), ds, { steps: 2 });
    const plainText = (plain[DISPLAY]() as MimeBundle)["text/plain"] as string;
    assert.match(plainText, /loss crossEntropy \(default for int32 labels and 2 outputs\); fused WebAssembly engine/);
    const dropout = await fit(mlp({ inputs: 2, hidden: [8], outputs: 2, dropout: 0.2 }), ds, { steps: 2 });
    assert.equal(dropout.engine, "tfjs");
    assert.match(dropout.engineReason ?? "", /has no fused kernel/);
    assert.match((dropout[DISPLAY]() as MimeBundle)["text/plain"] as string, /tf ops engine \(not fused: .*has no fused kernel\)/);
  });
});

describe("strict option keys in dl.train (item 3)", () => {
  it("rejects a misspelt key in an options object built in a variable, with the nearest known key", async () => {
    const model = mlp({ inputs: 2, hidden: [4], outputs: 2 });
    const ds = disc({ n: 10 });
    const options = { epoch: 20, batchSize: 5 };
    await assert.rejects(
      fit(model, ds, options as never),
      /^ArgumentError: fit: unknown option "epoch": did you mean "epochs"\? \(options: loss, optimizer, epochs,/,
    );
    const wrong = { batchsize: 5 };
    await assert.rejects(evaluate(model, ds, wrong as never), /evaluate: unknown option "batchsize": did you mean "batchSize"\?/);
    assert.throws(() => predictClasses(model, ds.x, { size: 5 } as never), /predictClasses: unknown option "size"/);
  });
});

describe("a training loop by hand (item 4)", () => {
  it("tf.variableGrads into dl.train.adam's applyGradients is fit, step for step", async () => {
    const ds = disc({ n: 200, seed: 5 });
    const [a, b] = [mlp({ inputs: 2, hidden: [8, 8], outputs: 2, seed: 7 }), mlp({ inputs: 2, hidden: [8, 8], outputs: 2, seed: 7 })];
    const history = await fit(a, ds, { steps: 6, batchSize: 50, shuffle: false, fused: false, optimizer: { name: "adam", lr: 0.01 } });
    const opt = adam({ lr: 0.01 });
    const losses: number[] = [];
    for (let step = 0; step < 6; step++) {
      const start = (step % 4) * 50;
      const xb = ds.x.slice(start, 50);
      const yb = ds.y.slice(start, 50);
      const { value, grads } = tf.variableGrads(() => crossEntropy(yb, b.apply(xb, { training: true }) as tf.Tensor));
      opt.applyGradients(grads); // typed to take variableGrads' NamedTensorMap, no cast
      losses.push((await value.data())[0]!);
      tf.dispose([xb, yb, value, ...Object.values(grads)]);
    }
    // the same ops in the same order on the same batches: equal up to float32 rounding of the batch order (≤ 1e-6)
    history.rows.forEach((row, i) => assert.ok(Math.abs(row.loss - losses[i]!) < 1e-6, `step ${i + 1}: ${row.loss} vs ${losses[i]}`));
    const [wa, wb] = [await a.getWeights()[0]!.data(), await b.getWeights()[0]!.data()];
    wa.forEach((w, i) => assert.ok(Math.abs(w - wb[i]!) < 1e-6, `weight ${i}`));
    opt.dispose();
  });
});

describe("no leaks (item 5)", () => {
  it("100 fits with each optimiser, by name and as an instance, leave tf.memory().numTensors where it started", async () => {
    const ds = disc({ n: 16, seed: 0 });
    const start = tf.memory().numTensors;
    for (const name of OPTIMIZER_NAMES) {
      for (let i = 0; i < 100; i++) {
        const model = mlp({ inputs: 2, hidden: [4, 4], outputs: 2, seed: i });
        const spec = i % 2 === 0 ? name : makeOptimizer(name); // an instance is the caller's: freed with the model
        await fit(model, ds, { steps: 2, batchSize: 8, optimizer: spec, fused: i % 4 < 2 ? "auto" : false });
        model.dispose();
      }
      assert.equal(tf.memory().numTensors, start, `after 100 fits with ${name}`);
    }
  });

  it("an optimiser passed in keeps its state for the next fit until the model is disposed", async () => {
    const ds = disc({ n: 16, seed: 0 });
    const model = mlp({ inputs: 2, hidden: [4], outputs: 2 });
    const opt = adam();
    await fit(model, ds, { steps: 1, optimizer: opt, fused: false });
    assert.equal(opt.stateSize, 4, "Adam's moments for 2 kernels and 2 biases");
    await fit(model, ds, { steps: 1, optimizer: opt, fused: false });
    assert.equal(opt.iterations, 2);
    model.dispose();
    assert.equal(opt.stateSize, 0);
    opt.dispose();
  });
});

describe("bad data and shapes (item 7)", () => {
  it("NaN or Infinity in the data stops fit and evaluate at the edge, on every engine, naming the tensor and row", async () => {
    const ds = disc({ n: 20 });
    const x = ds.xValues.slice();
    x[7] = NaN; // row 3, element 1
    const bad = { x: tf.tensor2d(x, [20, 2]), y: ds.y };
    for (const fused of [true, false]) {
      const model = mlp({ inputs: 2, hidden: [4], outputs: 2 });
      await assert.rejects(fit(model, bad, { fused }), /^ArgumentError: fit: data.x must be finite, got NaN at row 3, element 1$/);
    }
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1 });
    const inf = {
      x: ds.x,
      y: tf.tensor2d(
        Array.from({ length: 20 }, (_, i) => (i === 4 ? Infinity : 0)),
        [20, 1],
      ),
    };
    await assert.rejects(evaluate(model, inf), /evaluate: data.y must be finite, got Infinity at row 4, element 0/);
  });

  it("a NaN weight gives a NaN loss on both engines (the fused relu once turned it into a believable 0)", async () => {
    const ds = disc({ n: 40, seed: 2 });
    const losses: number[] = [];
    for (const fused of [true, false]) {
      const model = mlp({ inputs: 2, hidden: [8, 8], outputs: 2, seed: 1 });
      const [kernel, ...rest] = model.getWeights();
      const values = Array.from(kernel!.dataSync());
      values[0] = NaN; // one first-layer weight: unit 0 is NaN for every sample
      model.setWeights([tf.tensor(values, kernel!.shape), ...rest]);
      const history = await fit(model, ds, { steps: 1, fused, optimizer: "sgd" });
      assert.equal(history.engine, fused ? "fused" : "tfjs");
      losses.push(history.last().loss);
    }
    assert.deepEqual(losses, [NaN, NaN]);
  });

  it("data that does not fit the model is an ArgumentError naming both shapes", async () => {
    const ds = disc({ n: 10 });
    await assert.rejects(
      fit(mlp({ inputs: 3, hidden: [4], outputs: 2 }), ds),
      /^ArgumentError: fit: data.x must have the model's input shape \[n, 3\], got \[10, 2\]$/,
    );
    const targets = { x: ds.x, y: tf.zeros([10, 3]) };
    await assert.rejects(
      fit(mlp({ inputs: 2, hidden: [4], outputs: 2 }), targets),
      /^ArgumentError: fit: data.y must have 2 targets per sample, one per output of the model, got float32 \[10, 3\]$/,
    );
    await assert.rejects(
      fit(mlp({ inputs: 2, hidden: [4], outputs: 2 }), ds, { validation: { x: tf.zeros([5, 4]), y: tf.zeros([5], "int32") } }),
      /fit: validation.x must have the model's input shape \[n, 2\], got \[5, 4\]/,
    );
  });
});
