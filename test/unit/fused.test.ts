import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { disc } from "../../lib/datasets/disc.js";
import { mlp } from "../../lib/models/index.js";
import type { MlpOptions } from "../../lib/models/mlp.js";
import { Kernels } from "../../lib/train/fused/kernels.js";
import { adam, adamw, crossEntropy, fit, nesterov, rmsprop, sgd, type FitOptions } from "../../lib/train/index.js";

before(async () => {
  await ready();
});

const valuesOf = async (model: tf.LayersModel): Promise<Float32Array[]> =>
  Promise.all(model.weights.map(async (w) => (await w.read().data()) as Float32Array));

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] as number, b[i] as number];
    assert.ok(Math.abs(x - y) <= tol * (1 + Math.abs(y)), `${what}[${i}]: ${x} vs ${y}`);
  }
}

describe("the fused kernels (native/mlp-kernels.c) against plain loops", () => {
  it("gemm, with bias and accumulation, on shapes that hit every edge of the 4×8 tiles", () => {
    const k = new Kernels();
    for (const [m, n, kk] of [
      [1, 1, 1],
      [7, 13, 5],
      [4, 8, 3],
      [9, 2, 17],
      [33, 36, 1],
    ] as const) {
      const [a, b, c, bias] = [k.alloc(m * kk), k.alloc(kk * n), k.alloc(m * n), k.alloc(n)];
      const rand = (i: number) => Math.sin(1 + i * 12.9898) * 3;
      k.f32(a).set(Array.from({ length: m * kk }, (_, i) => rand(i)));
      k.f32(b).set(Array.from({ length: kk * n }, (_, i) => rand(i + 100)));
      k.f32(bias).set(Array.from({ length: n }, (_, i) => rand(i + 200)));
      k.fn.gemm({ M: m, N: n, K: kk, A: a.ptr, B: b.ptr, C: c.ptr, bias: bias.ptr, acc: 0 });
      k.fn.gemm({ M: m, N: n, K: kk, A: a.ptr, B: b.ptr, C: c.ptr, acc: 1 }); // C += A·B
      const [av, bv, biasv] = [k.f32(a), k.f32(b), k.f32(bias)];
      const expected = Array.from({ length: m * n }, (_, idx) => {
        const [i, j] = [Math.floor(idx / n), idx % n];
        let s = 0;
        for (let q = 0; q < kk; q++) s += av[i * kk + q]! * bv[q * n + j]!;
        return biasv[j]! + 2 * s;
      });
      assertClose(k.f32(c), expected, 1e-5, `gemm ${m}×${n}×${kk}`);
    }
  });

  it("transpose and colsum", () => {
    const k = new Kernels();
    const [a, at, sums] = [k.alloc(11 * 9), k.alloc(9 * 11), k.alloc(9)];
    k.f32(a).set(Array.from({ length: 99 }, (_, i) => i));
    k.fn.transpose({ M: 11, N: 9, A: a.ptr, AT: at.ptr });
    k.fn.colsum({ M: 11, N: 9, A: a.ptr, out: sums.ptr });
    assert.deepEqual(
      Array.from(k.f32(at)),
      Array.from({ length: 99 }, (_, idx) => (idx % 11) * 9 + Math.floor(idx / 11)),
    );
    assert.deepEqual(
      Array.from(k.f32(sums)),
      Array.from({ length: 9 }, (_, j) => 11 * j + 9 * 55),
    );
  });
});

describe("fit's fused engine agrees with its tfjs engine", () => {
  const cases: { name: string; model: Partial<MlpOptions>; fit: () => FitOptions; y?: "targets" }[] = [
    {
      name: "relu, SGD with momentum and weight decay",
      model: {},
      fit: () => ({ optimizer: sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-3 }) }),
    },
    { name: "batch norm, Nesterov", model: { norm: "batch" }, fit: () => ({ optimizer: nesterov({ lr: 0.05, momentum: 0.9 }) }) },
    {
      name: "batch norm after tanh, Adam",
      model: { norm: "batch", normPosition: "after", activation: "tanh" },
      fit: () => ({ optimizer: adam({ lr: 3e-3 }) }),
    },
    { name: "sigmoid, AdamW", model: { activation: "sigmoid" }, fit: () => ({ optimizer: adamw({ lr: 1e-2, weightDecay: 0.1 }) }) },
    {
      name: "elu, Adam with AMSGrad and L2",
      model: { activation: "elu" },
      fit: () => ({ optimizer: adam({ lr: 1e-2, amsgrad: true, weightDecay: 1e-2 }) }),
    },
    { name: "leaky relu, plain SGD", model: { activation: "leakyRelu", alpha: 0.2 }, fit: () => ({ optimizer: sgd({ lr: 0.2 }) }) },
    {
      name: "abs with batch norm, SGD, mse on 2 targets",
      model: { activation: "abs", norm: "batch" },
      fit: () => ({ optimizer: sgd({ lr: 0.05 }) }),
      y: "targets",
    },
  ];
  for (const c of cases) {
    it(`${c.name}: same losses, accuracies, weights, running statistics and optimiser state after 25 steps`, async () => {
      const data = disc({ n: 300, seed: 3 }); // 300 = 9 batches of 32 and one of 12
      const y = c.y === "targets" ? tf.oneHot(data.y, 2).toFloat() : data.y;
      const runs = [];
      for (const fused of [false, true]) {
        const model = mlp({ inputs: 2, hidden: { depth: 3, width: 16 }, outputs: 2, seed: 4, ...c.model });
        const options = { steps: 25, batchSize: 32, seed: 1, fused, ...c.fit() };
        const history = await fit(model, { x: data.x, y }, options);
        assert.equal(history.engine, fused ? "fused" : "tfjs");
        const state = await Promise.all((await (options.optimizer as tf.Optimizer).getWeights()).map(async (w) => w.tensor.data()));
        runs.push({ history, weights: await valuesOf(model), state });
        model.dispose();
      }
      const [ops, fusedRun] = runs as [(typeof runs)[0], (typeof runs)[0]];
      assertClose(
        fusedRun.history.rows.map((r) => r.loss),
        ops.history.rows.map((r) => r.loss),
        1e-5,
        "losses",
      );
      if (c.y !== "targets")
        assert.deepEqual(
          fusedRun.history.rows.map((r) => r["accuracy"]!.toFixed(4)),
          ops.history.rows.map((r) => r["accuracy"]!.toFixed(4)),
        );
      ops.weights.forEach((w, i) => assertClose(fusedRun.weights[i]!, w, 1e-4, `weight ${i}`));
      assert.equal(fusedRun.state.length, ops.state.length);
      ops.state.forEach((s, i) => assertClose(fusedRun.state[i]!, s, 1e-4, `optimiser state ${i}`));
      tf.dispose([data.x, data.y, y]);
    });
  }
});

describe("the fused engine inside fit", () => {
  it("is chosen on the CPU backends for plain MLPs, and not for what it cannot run", async () => {
    const data = disc({ n: 64, seed: 1 });
    const engine = async (model: tf.LayersModel, options: FitOptions = {}) => (await fit(model, data, { steps: 2, ...options })).engine;
    const plain = mlp({ inputs: 2, hidden: [8], outputs: 2 });
    assert.equal(await engine(plain), ["wasm", "cpu"].includes(tf.getBackend()) ? "fused" : "tfjs");
    assert.equal(await engine(plain, { fused: true }), "fused");
    assert.equal(await engine(plain, { record: ["weights"] }), "tfjs");
    assert.equal(await engine(plain, { optimizer: rmsprop() }), "tfjs");
    assert.equal(await engine(plain, { loss: (y, p) => crossEntropy(y, p) }), "tfjs");
    const dropped = mlp({ inputs: 2, hidden: [8], outputs: 2, dropout: 0.5 });
    assert.equal(await engine(dropped), "tfjs");
    await assert.rejects(
      engine(dropped, { fused: true }),
      /fit: fused must be false or "auto" here, because layer "dropout\w*" \(Dropout\) has no fused kernel/,
    );
    await assert.rejects(engine(plain, { fused: "yes" as never }), /fit: fused must be true, false or "auto", got "yes"/);
    tf.dispose([data.x, data.y]);
    tf.dispose([plain, dropped].flatMap((m) => m.weights.map((w) => w.read())));
  });

  it("hands the optimiser state over: 10 fused steps then 10 tfjs steps equal 20 tfjs steps", async () => {
    const data = disc({ n: 200, seed: 2 });
    const run = async (engines: boolean[]) => {
      const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, norm: "batch", seed: 7 });
      const opt = sgd({ lr: 0.05, momentum: 0.9 });
      let seed = 0;
      for (const fused of engines) await fit(model, data, { steps: 10, batchSize: 50, optimizer: opt, fused, seed: seed++ });
      assert.equal(opt.iterations, 10 * engines.length);
      return valuesOf(model);
    };
    const [mixed, ops] = [await run([true, false]), await run([false, false])];
    ops.forEach((w, i) => assertClose(mixed[i]!, w, 1e-4, `weight ${i}`));
    tf.dispose([data.x, data.y]);
  });

  it("is deterministic, leaks no tensor over 1,000 steps, and keeps the model current for onStep", async () => {
    const data = disc({ n: 200, seed: 4 });
    const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, norm: "batch", seed: 1 });
    const opt = adam({ lr: 1e-3 });
    await fit(model, data, { steps: 1, optimizer: opt });
    const count = tf.memory().numTensors;
    await fit(model, data, { steps: 1000, batchSize: 20, optimizer: opt });
    assert.equal(tf.memory().numTensors, count);
    const twice = [];
    for (let i = 0; i < 2; i++) {
      const m = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, norm: "batch", seed: 1 });
      const seen: number[][] = [];
      const h = await fit(m, data, {
        steps: 12,
        batchSize: 20,
        logEvery: 4,
        optimizer: sgd({ lr: 0.1 }),
        onStep: async () => void seen.push(Array.from(await m.weights[0]!.read().data())),
      });
      assert.equal(h.engine, "fused");
      assert.equal(seen.length, 3);
      assert.notDeepEqual(seen[0], seen[1]);
      assert.deepEqual(seen[2], Array.from((await valuesOf(m))[0]!)); // the last onStep saw the final weights
      twice.push({ losses: h.rows.map((r) => r.loss), weights: await valuesOf(m) });
      m.dispose();
    }
    assert.deepEqual(twice[0], twice[1]);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it("refuses class labels outside 0 … outputs − 1 before training, naming the argument", async () => {
    const model = mlp({ inputs: 2, hidden: [4], outputs: 2 });
    const data = { x: tf.zeros([4, 2]), y: tf.tensor1d([0, 1, 5, 1], "int32") };
    const before = Array.from(await model.weights[0]!.read().data());
    await assert.rejects(
      fit(model, data, { steps: 1, fused: true }),
      /fit: data.y has int32 labels 0 … 5, but the model has 2 outputs \(one logit per class: labels 0 … 1\)\. Build the model with outputs: 6\./,
    );
    assert.deepEqual(Array.from(await model.weights[0]!.read().data()), before, "the model is untouched");
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it("refuses a batch of one sample through batch norm, as the tfjs layer does", async () => {
    const data = disc({ n: 33, seed: 4 });
    const model = mlp({ inputs: 2, hidden: [4], outputs: 2, norm: "batch" });
    for (const fused of [true, false])
      await assert.rejects(
        fit(model, data, { epochs: 1, batchSize: 32, fused }),
        /batchNorm: the number of values per feature in a training batch must be at least 2, got 1/,
      );
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
