import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { layers } from "../../lib/index.js";
import { OPTIMIZER_STEP } from "../../lib/kernels/optimizer-step.js";
import { crossEntropy, sgd, adam, rmsprop, adagrad } from "../../lib/train/index.js";
import { models } from "../../lib/index.js";

const DEPTHLAB_KERNELS = [
  "DepthlabBatchNormTrain",
  "DepthlabBatchNormTrainGrad",
  "DepthlabRunningStats",
  "DepthlabReluGrad",
  "DepthlabSoftmaxCrossEntropy",
  "DepthlabSoftmaxCrossEntropyGrad",
  OPTIMIZER_STEP,
];

before(async () => {
  await ready();
});

/** Runs `fn` with depthlab's kernels removed from `backend` (so the library takes tfjs's op chains), then restores them. */
function withoutKernels<T>(backend: string, fn: () => T): T {
  const saved = DEPTHLAB_KERNELS.map((name) => tf.getKernel(name, backend)).filter((k) => k !== undefined);
  for (const k of saved) tf.unregisterKernel(k.kernelName, backend);
  try {
    return fn();
  } finally {
    for (const k of saved) tf.registerKernel(k);
  }
}

/** Seeded values in [-2, 2). */
function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2);
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(1, Math.abs(b[i]!));
    assert.ok(Math.abs(a[i]! - b[i]!) <= tol * scale, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

/** Loss, input gradient and weight gradients of a small batch-norm, ReLU, cross-entropy net on the current backend. */
function bnNetGrads(n: number, c: number, affine: boolean): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor2d(values(n * c, 3), [n, c]);
    const labels = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % c),
      "int32",
    );
    const g = tf.tensor1d(values(c, 5));
    const b = tf.tensor1d(values(c, 7));
    const f = (xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor): tf.Scalar => {
      const h = layers.batchNormTrain(
        xs as tf.Tensor2D,
        affine ? (gs as tf.Tensor1D) : null,
        affine ? (bs as tf.Tensor1D) : null,
        1e-5,
        () => {},
      );
      return crossEntropy(labels, tf.relu(h));
    };
    const { value, grads } = affine ? tf.valueAndGrads(f)([x, g, b]) : tf.valueAndGrads((xs: tf.Tensor) => f(xs, g, b))([x]);
    return [value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe("depthlab's host kernels give tfjs's op chains' values", () => {
  for (const backend of ["wasm", "cpu"]) {
    for (const [n, c, affine] of [
      [2, 3, true],
      [37, 5, true],
      [64, 16, false],
    ] as const) {
      it(`${backend}: batch norm + ReLU + cross-entropy, x [${n}, ${c}], affine ${affine}: loss and all gradients to 1e-5`, async () => {
        const selected = tf.getBackend();
        await tf.setBackend(backend);
        try {
          const ours = bnNetGrads(n, c, affine);
          const chain = withoutKernels(backend, () => bnNetGrads(n, c, affine));
          // float32 op chains against float64 sums: a few ulps of the normalised values, scaled by 1/σ
          ours.forEach((o, k) => assertClose(o, chain[k]!, 1e-5, `${backend} output ${k}`));
        } finally {
          await tf.setBackend(selected);
        }
      });
    }
  }

  it("cross-entropy of [0, 0] logits against label 1 is log 2, and its gradient is (½, −½)/batch (hand computation)", () => {
    const z = tf.tensor2d([[0, 0]]);
    const { value, grads } = tf.valueAndGrads((l: tf.Tensor) => crossEntropy(tf.tensor1d([1], "int32"), l))([z]);
    assert.ok(Math.abs(value.dataSync()[0]! - Math.LN2) < 1e-7);
    assertClose(grads[0]!.dataSync(), [0.5, -0.5], 1e-7, "gradient");
  });

  it("a label outside [0, classes) adds nothing to the loss or the gradient, as tf.oneHot's zero row does", () => {
    const z = tf.tensor2d([
      [1, 2, 3],
      [0.5, -1, 2],
    ]);
    const labels = tf.tensor1d([2, 7], "int32");
    const f = (l: tf.Tensor): tf.Scalar => crossEntropy(labels, l);
    const ours = tf.valueAndGrads(f)([z]);
    const chain = withoutKernels(tf.getBackend(), () => tf.valueAndGrads(f)([z]));
    assertClose(ours.value.dataSync(), chain.value.dataSync(), 1e-6, "loss");
    assertClose(ours.grads[0]!.dataSync(), chain.grads[0]!.dataSync(), 1e-6, "gradient");
    assertClose(ours.grads[0]!.dataSync().slice(3), [0, 0, 0], 0, "row of the bad label");
  });

  it("ReLU's gradient is dy where x > 0 and 0 elsewhere, NaN at NaN, as tfjs's own", () => {
    const x = tf.tensor1d([-1, 0, 2, NaN, 3]);
    const dy = tf.tensor1d([5, 6, 7, 8, 9]);
    const grad = (): Float32Array =>
      tf
        .grad((t: tf.Tensor) => tf.relu(t))(x, dy)
        .dataSync() as Float32Array;
    const ours = Array.from(grad());
    assert.deepEqual(ours, [0, 0, 7, NaN, 9]);
    assert.deepEqual(Array.from(withoutKernels(tf.getBackend(), grad)), ours);
  });

  it("running statistics: (1 − m)·running + m·batch, the variance unbiased (PyTorch's BatchNorm1d rule by hand)", () => {
    const bn = layers.batchNorm({ momentum: 0.25 });
    const x = tf.tensor2d([
      [1, 10],
      [3, 14],
      [5, 12],
    ]);
    tf.tidy(() => {
      bn.apply(x, { training: true });
    });
    const [, , runningMean, runningVar] = bn.getWeights();
    // means (3, 12); unbiased variances (4, 4); running starts at mean 0, variance 1
    assertClose(runningMean!.dataSync(), [0.75, 3], 1e-6, "running mean");
    assertClose(runningVar!.dataSync(), [0.75 + 0.25 * 4, 0.75 + 0.25 * 4], 1e-6, "running variance");
  });

  for (const [name, make] of [
    ["sgd with momentum, Nesterov and weight decay", () => sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
    ["adam with AMSGrad", () => adam({ lr: 0.01, amsgrad: true, weightDecay: 0.1 })],
    ["adamw", () => adam({ lr: 0.01, weightDecay: 0.1, decoupled: true })],
    ["centred rmsprop with momentum", () => rmsprop({ lr: 0.01, momentum: 0.5, centered: true })],
    ["adagrad with lr decay", () => adagrad({ lr: 0.1, lrDecay: 0.1 })],
  ] as const) {
    it(`the one-kernel optimiser step follows the per-parameter tf ops: ${name}, 5 steps, to 1e-6 relative`, () => {
      const run = (): Float32Array[] => {
        const vars = [tf.variable(tf.tensor2d(values(12, 11), [3, 4])), tf.variable(tf.tensor1d(values(4, 13)))];
        const opt = make();
        for (let step = 0; step < 5; step++) {
          const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(values(v.size, 20 + 2 * step + i), v.shape) }));
          opt.applyGradients(grads);
          tf.dispose(grads.map((g) => g.tensor));
        }
        const out = vars.map((v) => v.dataSync() as Float32Array);
        opt.dispose();
        tf.dispose(vars);
        return out;
      };
      const ours = run();
      const chain = withoutKernels(tf.getBackend(), run);
      // the same formulas, float64 in the kernel against float32 per op: a few ulps after 5 steps
      ours.forEach((o, k) => assertClose(o, chain[k]!, 1e-6, `parameter ${k}`));
    });
  }

  it("Identity on wasm shares data: a clone keeps its values after the original is disposed, and nothing leaks", async () => {
    const selected = tf.getBackend();
    await tf.setBackend("wasm");
    try {
      const before = tf.memory().numBytes;
      const a = tf.tensor1d([1, 2, 3]);
      const b = tf.clone(a);
      a.dispose();
      assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3]);
      b.dispose();
      assert.equal(tf.memory().numBytes, before);
    } finally {
      await tf.setBackend(selected);
    }
  });
});

describe("no leaks over 1,000 training steps", () => {
  it("a BN MLP trained 1,000 steps in a bare tf.variableGrads loop keeps the same tensors and bytes", () => {
    const model = models.mlp({ inputs: 2, hidden: { depth: 4, width: 16 }, outputs: 3, norm: "batch", seed: 1 });
    const x = tf.tensor2d(values(64, 17), [32, 2]);
    const y = tf.tensor1d(
      Array.from({ length: 32 }, (_, i) => i % 3),
      "int32",
    );
    const opt = adam({ lr: 1e-3 });
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = (): void =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), vars);
        opt.applyGradients(grads);
      });
    step(); // the optimiser's state is made on the first step
    const { numTensors, numBytes } = tf.memory();
    for (let i = 0; i < 1000; i++) step();
    assert.equal(tf.memory().numTensors, numTensors);
    assert.equal(tf.memory().numBytes, numBytes);
    opt.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });
});
