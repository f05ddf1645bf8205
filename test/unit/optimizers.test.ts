import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { adam, adagrad, adamw, momentum, nesterov, optimizer, rmsprop, sgd } from "../../lib/train/index.js";
import type { OptimizerSpec, TorchOptimizer } from "../../lib/train/index.js";

type Params = Record<string, number[]>;
interface Fixture {
  torch: string;
  shapes: Record<string, number[]>;
  weights: Params;
  grads: Params[];
  cases: { spec: OptimizerSpec & { name: string }; torch: string; after: Params[] }[];
}
const fixture = JSON.parse(readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "optim.json"), "utf8")) as Fixture;

before(async () => {
  await ready();
});

/** Fresh variables holding the fixture's starting weights, under unique names. */
function variables(): Record<string, tf.Variable> {
  return tf.tidy(() =>
    Object.fromEntries(Object.entries(fixture.shapes).map(([n, shape]) => [n, tf.variable(tf.tensor(fixture.weights[n]!, shape))])),
  );
}

describe("optimisers against torch.optim (test/fixtures/optim.json)", () => {
  for (const c of fixture.cases) {
    it(`${JSON.stringify(c.spec)} follows ${c.torch.slice(0, c.torch.indexOf(" "))} for 5 steps to 1e-6 relative, on cpu and the selected backend`, async () => {
      const selected = tf.getBackend();
      for (const backend of new Set(["cpu", selected])) {
        await tf.setBackend(backend);
        const vars = variables();
        const opt = optimizer(c.spec);
        for (const [step, grads] of fixture.grads.entries()) {
          const named = Object.entries(grads).map(([n, g]) => ({ name: vars[n]!.name, tensor: tf.tensor(g, fixture.shapes[n]) }));
          opt.applyGradients(named);
          tf.dispose(named.map((g) => g.tensor));
          for (const [n, v] of Object.entries(vars)) {
            const ours = await v.data();
            c.after[step]![n]!.forEach((expected, i) => {
              // Relative 1e-6, about 8 float32 ulps: both sides apply the same elementwise float32 formulas to the same
              // given gradients, in a slightly different order of operations, for 5 steps. Relative is meaningful as
              // torch_optim.py asserts every weight stays above 0.1 in size and every gradient above 1e-3 (far from eps).
              const error = Math.abs((ours[i] as number) - expected) / Math.abs(expected);
              assert.ok(
                error <= 1e-6,
                `${backend}, step ${step + 1}, ${n}[${i}]: ${ours[i]} vs torch ${expected} (relative error ${error.toExponential(2)})`,
              );
            });
          }
        }
        opt.dispose();
        tf.dispose(Object.values(vars));
      }
      await tf.setBackend(selected);
    });
  }
});

describe("optimisers as tf.Optimizers", () => {
  const all: [string, () => tf.Optimizer, number][] = [
    ["sgd", () => sgd({ lr: 0.1 }), 100],
    ["momentum", () => momentum({ lr: 0.05 }), 200],
    ["nesterov", () => nesterov({ lr: 0.05 }), 200],
    ["adagrad", () => adagrad({ lr: 0.5 }), 300],
    ["rmsprop", () => rmsprop({ lr: 0.01 }), 300],
    ["adam", () => adam({ lr: 0.05 }), 300],
    ["adamw", () => adamw({ lr: 0.05, weightDecay: 0 }), 300],
  ];
  for (const [name, make, steps] of all) {
    it(`${name}: minimize on a quadratic converges to its minimum`, async () => {
      const target = tf.tensor1d([1, -2, 0.5]);
      const w = tf.variable(tf.zeros([3]));
      const opt = make();
      for (let s = 0; s < steps; s++) opt.minimize(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar);
      const error = await tf.max(tf.abs(tf.sub(w, target))).data();
      assert.ok((error[0] as number) < 0.02, `${name}: max |w − w*| = ${error[0]} after ${steps} steps`);
      opt.dispose();
      tf.dispose([target, w]);
    });
  }

  it("trains a model through model.compile / model.fit", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: adam({ lr: 0.05 }), loss: "meanSquaredError" });
    const xs = tf.tensor2d([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const ys = tf.tensor2d([[1], [3], [0], [2]]); // y = 1 + 2a − b
    const history = await model.fit(xs, ys, { epochs: 300, verbose: 0 });
    const losses = history.history["loss"] as number[];
    assert.ok(losses.at(-1)! < 1e-3, `final loss ${losses.at(-1)}`);
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
    model.dispose();
  });

  it("state survives getWeights / setWeights: a restored copy continues exactly like the original", async () => {
    for (const make of [
      () => adam({ lr: 0.1, amsgrad: true }),
      () => sgd({ lr: 0.1, momentum: 0.9 }),
      () => rmsprop({ centered: true, momentum: 0.5 }),
      () => adagrad({ lrDecay: 0.1 }),
    ]) {
      const w = tf.variable(tf.tensor1d([1, 2, 3]));
      const loss = (): tf.Scalar => tf.sum(tf.mul(tf.square(w), tf.tensor1d([1, 0.5, 0.1])));
      const a = make();
      for (let s = 0; s < 3; s++) a.minimize(loss);
      const b = make();
      await b.setWeights(await a.getWeights());
      assert.equal(b.iterations, 3);
      const start = w.clone();
      for (let s = 0; s < 2; s++) a.minimize(loss);
      const fromA = await w.data();
      w.assign(start);
      for (let s = 0; s < 2; s++) b.minimize(loss);
      assert.deepEqual(Array.from(await w.data()), Array.from(fromA), `${a.getClassName()}`);
      tf.dispose([w, start]);
      a.dispose();
      b.dispose();
    }
  });

  it("state is adopted by position when the variables were renamed (a reloaded model)", async () => {
    const w1 = tf.variable(tf.tensor1d([1, 2]));
    const a = adam({ lr: 0.1 });
    a.minimize(() => tf.sum(tf.square(w1)) as tf.Scalar, false, [w1]);
    const saved = await a.getWeights();
    const w2 = tf.variable(tf.tensor1d([1, 2]));
    const b = adam({ lr: 0.1 });
    w1.dispose(); // the old model is gone, its variable name too
    await b.setWeights(saved);
    const before = (await b.getWeights()).length;
    b.minimize(() => tf.sum(tf.square(w2)) as tf.Scalar, false, [w2]);
    const names = (await b.getWeights()).map((x) => x.name);
    assert.equal(names.length, before);
    assert.ok(
      names.slice(1).every((n) => n.startsWith(`${w2.name}/`)),
      names.join(", "),
    );
    a.dispose();
    b.dispose();
    w2.dispose();
  });

  it("getConfig round-trips through tf.serialization (registered classes)", () => {
    const opt = adam({ lr: 0.003, betas: [0.8, 0.99], amsgrad: true });
    const cls = tf.serialization.SerializationMap.getMap().classNameMap[opt.getClassName()]!;
    const copy = cls[1](cls[0], opt.getConfig()) as TorchOptimizer;
    assert.deepEqual(copy.getConfig(), opt.getConfig());
    assert.equal(opt.getClassName(), "depthlab.Adam");
  });

  it("leaks no tensors over 100 steps", () => {
    for (const make of [
      () => sgd({ lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.1 }),
      () => adam({ weightDecay: 0.1, amsgrad: true }),
      () => adamw(),
      () => rmsprop({ centered: true, momentum: 0.9 }),
      () => adagrad({ weightDecay: 0.1 }),
    ]) {
      const before = tf.memory().numTensors;
      const w = tf.tidy(() => tf.variable(tf.randomNormal([4, 3], 0, 1, "float32", 0)));
      const opt = make();
      const loss = (): tf.Scalar => tf.sum(tf.square(w));
      opt.minimize(loss); // creates the state
      const count = tf.memory().numTensors;
      for (let s = 0; s < 100; s++) opt.minimize(loss);
      assert.equal(tf.memory().numTensors, count, opt.getClassName());
      opt.dispose(); // frees the state too
      w.dispose();
      assert.equal(tf.memory().numTensors, before, opt.getClassName());
    }
  });

  it("rejects bad options with a clear message", () => {
    assert.throws(() => adam({ lr: -1 }), /^ArgumentError: adam: lr must be a finite number > 0, got -1$/);
    assert.throws(() => adam({ betas: [1, 0.9] }), /adam: betas\[0\] must be a finite number in \[0, 1\), got 1/);
    assert.throws(
      () => optimizer("adamax" as never),
      /optimizer: name must be one of "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", got "adamax"/,
    );
    assert.throws(() => optimizer({ name: "adamax" } as never), /got "adamax"/);
    assert.throws(() => sgd({ lr: 0.1, nesterov: true }), /sgd: nesterov must be false unless momentum > 0 and dampening = 0, got true/);
    assert.throws(
      () => adam({ learningRate: 0.1 } as never),
      /adam: unknown option "learningRate" \(options: lr, betas, eps, weightDecay, amsgrad, decoupled\)/,
    );
    assert.throws(() => rmsprop({ alpha: 1 }), /rmsprop: alpha must be a finite number in \[0, 1\), got 1/);
    assert.throws(() => adagrad({ eps: NaN }), /adagrad: eps must be a finite number >= 0, got NaN/);
    const opt = sgd();
    assert.throws(() => (opt.lr = 0), /sgd: lr must be a finite number > 0, got 0/);
  });

  it("optimizer(spec) resolves names, { name, ...options } and instances", () => {
    const inst = rmsprop();
    assert.equal(optimizer(inst), inst);
    assert.equal(optimizer("adam").getClassName(), "depthlab.Adam");
    const s = optimizer({ name: "sgd", lr: 0.5, momentum: 0.9 }) as unknown as { lr: number; momentum: number };
    assert.deepEqual([s.lr, s.momentum], [0.5, 0.9]);
    const tfjs = tf.train.adam(0.1);
    assert.equal(optimizer(tfjs), tfjs);
  });
});
