/**
 * Tests of dl.layers, each against an independent reference: PyTorch (test/fixtures/layers.json, written by
 * test/fixtures/torch_layers.py), the lecture's batch-norm example, tfjs's own autodiff of a naive op chain,
 * float64 hand computations, and sampling statistics within 4σ. Longer than 150 lines because it covers nine
 * layers; the sections follow lib/layers/ file by file.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import * as layers from "../../lib/layers/index.js";
import { Rng } from "../../lib/random/index.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

before(async () => {
  await ready();
});

type Nested = number | Nested[];
type Case = Record<string, Nested>;
const fixture = JSON.parse(readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "layers.json"), "utf8")) as Record<string, Case>;

const flat = (a: Nested): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a]);

/** |actual − expected| <= tol·max(1, |expected|) elementwise: absolute near 0, relative for large values. */
function assertClose(actual: ArrayLike<number> | tf.Tensor, expected: Nested | ArrayLike<number>, tol = 1e-5, what = "value"): void {
  const a = actual instanceof tf.Tensor ? actual.dataSync() : actual;
  const e = typeof expected === "number" || Array.isArray(expected) ? flat(expected as Nested) : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} values, expected ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    const diff = Math.abs(a[i]! - e[i]!);
    if (!(diff <= tol * Math.max(1, Math.abs(e[i]!)))) assert.fail(`${what}[${i}]: got ${a[i]}, expected ${e[i]} (tolerance ${tol})`);
  }
}

const apply = (layer: tf.layers.Layer, x: tf.Tensor | tf.Tensor[], training = false): tf.Tensor =>
  layer.apply(x, { training }) as tf.Tensor;

/** Builds `layer` for inputs of `batchShape` (through a symbolic input, as a model would). */
function build<T extends tf.layers.Layer>(layer: T, batchShape: (number | null)[]): T {
  layer.apply(tf.input({ batchShape }));
  return layer;
}

function randomTensor(shape: number[], seed: number, scale = 1, shift = 0): tf.Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal() * scale + shift),
    shape,
  );
}

/** Output and gradients of sum(layer(x) · r) wrt x and the layer's trainable weights, in training mode or not. */
function outputAndGrads(layer: tf.layers.Layer, x: tf.Tensor, r: tf.Tensor, training: boolean) {
  const xv = tf.variable(x);
  const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  let y: tf.Tensor | null = null;
  const { value, grads } = tf.variableGrads(() => {
    y = tf.keep(apply(layer, xv, training));
    return tf.sum(tf.mul(y, r)) as tf.Scalar;
  }, [xv, ...weights]);
  const result = { y: y!.dataSync(), dx: grads[xv.name]!.dataSync(), dw: weights.map((w) => grads[w.name]!.dataSync()) };
  tf.dispose([xv, y!, value, ...Object.values(grads)]);
  return result;
}

describe("layers.batchNorm: PyTorch semantics on the last axis", () => {
  for (const [key, shape] of [
    ["batchNorm1d", [null, 5]],
    ["batchNorm2d", [null, 5, 6, 4]],
  ] as const) {
    it(`matches torch.nn.${key === "batchNorm1d" ? "BatchNorm1d" : "BatchNorm2d"}: training output, gradients, running statistics, inference`, () => {
      const c = fixture[key]!;
      const bn = layers.batchNorm({ momentum: c.momentum as number, epsilon: c.epsilon as number });
      build(bn, [...shape]);
      const channels = shape[shape.length - 1] as number;
      bn.setWeights([tf.tensor(c.weight!), tf.tensor(c.bias!), tf.zeros([channels]), tf.ones([channels])]);
      const { y, dx, dw } = outputAndGrads(bn, tf.tensor(c.x!), tf.tensor(c.r!), true);
      // The fixture is PyTorch in float64 on float32 inputs, so what is measured is tfjs's float32 error alone: a batch
      // mean and variance, a division and sums over the batch in the gradient, on values of a few units; 1e-5
      // (~100 ulps of the larger values) leaves room for summation orders. Nothing here is ill-conditioned
      // (no optimiser step; torch_layers.py draws generic inputs).
      assertClose(y, c.y!, 1e-5, "y");
      assertClose(dx, c.dx!, 1e-5, "dL/dx");
      assertClose(dw[0]!, c.dweight!, 1e-5, "dL/dweight");
      assertClose(dw[1]!, c.dbias!, 1e-5, "dL/dbias");
      assertClose(bn.getWeights()[2]!, c.running_mean_1!, 1e-5, "running_mean after one step");
      assertClose(bn.getWeights()[3]!, c.running_var_1!, 1e-5, "running_var after one step");
      for (const step of (c.steps ?? []) as Nested[]) tf.tidy(() => void apply(bn, tf.tensor(step), true));
      if (c.running_mean !== undefined) {
        assertClose(bn.getWeights()[2]!, c.running_mean, 1e-5, "running_mean after 4 steps");
        assertClose(bn.getWeights()[3]!, c.running_var!, 1e-5, "running_var after 4 steps");
      }
      tf.tidy(() => assertClose(apply(bn, tf.tensor(c.x_eval!)), c.y_eval!, 1e-5, "inference output"));
      bn.dispose();
    });
  }

  it("exposes the last training batch's mean and biased variance as batchMean / batchVariance", () => {
    const bn = layers.batchNorm();
    const rows = [
      [1, 10],
      [2, 20],
      [6, 60],
    ];
    tf.tidy(() => void apply(bn, tf.tensor(rows), true));
    assertClose(bn.batchMean!, [3, 30], 1e-6, "batchMean");
    assertClose(bn.batchVariance!, [14 / 3, 1400 / 3], 1e-6, "batchVariance (biased: divided by n = 3)");
    tf.tidy(
      () =>
        void apply(
          bn,
          tf.tensor([
            [0, 0],
            [1, 1],
          ]),
        ),
    );
    assertClose(bn.batchMean!, [3, 30], 1e-6, "batchMean is left alone by inference");
    bn.dispose();
  });

  it("reproduces the lecture's example: x·[2, 5, 10] + [−10, 25, 3] → mean [2, 4, 8], std [1, 2, 3]", () => {
    const n = 10000;
    const rng = new Rng(1);
    const x = Array.from({ length: n }, () => [rng.normal() * 2 - 10, rng.normal() * 5 + 25, rng.normal() * 10 + 3]);
    const bn = layers.batchNorm();
    build(bn, [null, 3]);
    bn.setWeights([tf.tensor([1, 2, 3]), tf.tensor([2, 4, 8]), tf.zeros([3]), tf.ones([3])]);
    const y = tf.tidy(() => apply(bn, tf.tensor(x), true).arraySync() as number[][]);
    const f32 = x.map((row) => row.map(Math.fround));
    for (let j = 0; j < 3; j++) {
      const [gamma, beta] = [[1, 2, 3][j]!, [2, 4, 8][j]!];
      const col = y.map((row) => row[j]!);
      const mean = col.reduce((s, v) => s + v, 0) / n;
      const std = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
      assert.ok(Math.abs(mean - beta) < 1e-4, `column ${j}: mean ${mean}, expected ${beta}`);
      assert.ok(Math.abs(std - gamma) < 1e-3, `column ${j}: std ${std}, expected ≈ ${gamma} (lecture: 1.0000, 2.0001, 3.0001)`);
      // exactly: the unbiased std of γ·z is γ·√(n/(n−1))·√(v/(v+ε)), v the biased batch variance
      const xs = f32.map((row) => row[j]!);
      const m = xs.reduce((s, v) => s + v, 0) / n;
      const v = xs.reduce((s, u) => s + (u - m) ** 2, 0) / n;
      const exact = gamma * Math.sqrt(n / (n - 1)) * Math.sqrt(v / (v + 1e-5));
      assert.ok(Math.abs(std - exact) < 1e-4 * gamma, `column ${j}: std ${std}, expected ${exact}`);
      // running statistics after one step from (0, 1), momentum 0.1, unbiased variance
      const [rm, rv] = [0.1 * m, 0.9 + (0.1 * v * n) / (n - 1)];
      assertClose([bn.getWeights()[2]!.dataSync()[j]!], [rm], 1e-5, `running_mean[${j}]`);
      assertClose([bn.getWeights()[3]!.dataSync()[j]!], [rv], 1e-5, `running_var[${j}]`);
    }
    // inference: γ·(x − running_mean)/√(running_var + ε) + β with the statistics computed here in float64
    const probe = [
      [-10, 25, 3],
      [-8, 20, 13],
    ];
    const means = [0, 1, 2].map((j) => f32.reduce((s, row) => s + row[j]!, 0) / n);
    const rmean = means.map((m) => 0.1 * m);
    const rvar = means.map((m, j) => 0.9 + (0.1 * f32.reduce((s, row) => s + (row[j]! - m) ** 2, 0)) / (n - 1));
    const expected = probe.map((row) => row.map((v, j) => ([1, 2, 3][j]! * (v - rmean[j]!)) / Math.sqrt(rvar[j]! + 1e-5) + [2, 4, 8][j]!));
    tf.tidy(() => assertClose(apply(bn, tf.tensor(probe)), expected, 1e-5, "inference"));
    bn.dispose();
  });

  it("has a hand-written gradient equal to tfjs's autodiff of the naive op chain (2-D and 4-D inputs)", () => {
    for (const shape of [
      [16, 6],
      [2, 3, 4, 5],
    ]) {
      tf.tidy(() => {
        const c = shape[shape.length - 1]!;
        const x = randomTensor(shape, 3, 2, 1);
        const r = randomTensor(shape, 4);
        const [g, b] = [randomTensor([c], 5, 0.5, 1), randomTensor([c], 6, 0.5)];
        const naive = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const axes = shape.slice(0, -1).map((_, i) => i);
          const mean = tf.mean(x, axes);
          const variance = tf.mean(tf.square(tf.sub(x, mean)), axes);
          return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
        };
        const ours = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          layers.batchNormTrain(x.reshape([-1, c]) as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5, () => {}).reshape(shape);
        const loss = (f: typeof naive) => (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(x, g, b), r));
        assertClose(ours(x, g, b), naive(x, g, b).dataSync(), 1e-5, "forward");
        const want = tf.grads(loss(naive))([x, g, b]);
        const got = tf.grads(loss(ours))([x, g, b]);
        ["dL/dx", "dL/dgamma", "dL/dbeta"].forEach((what, i) => assertClose(got[i]!, want[i]!.dataSync(), 1e-5, what));
      });
    }
  });

  it("without affine parameters: plain standardisation, no trainable weights", () => {
    const bn = layers.batchNorm({ affine: false, epsilon: 0 });
    tf.tidy(() => {
      const y = apply(bn, tf.tensor([[1], [3]]), true);
      assertClose(y, [-1, 1], 1e-6, "y");
      const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(apply(bn, x, true), tf.tensor([[2], [5]]))))(tf.tensor([[1], [3]]));
      assertClose(dx, [0, 0], 1e-6, "dL/dx (n = 2: every output is ±1 whatever x)");
    });
    assert.equal(bn.trainableWeights.length, 0);
    bn.dispose();
  });
});

describe("layers.layerNorm, layers.crelu, layers.maxout: PyTorch parity", () => {
  it("layerNorm matches torch.nn.LayerNorm(7) on [2, 3, 7]: output and gradients", () => {
    const c = fixture.layerNorm!;
    const ln = layers.layerNorm({ epsilon: c.epsilon as number });
    build(ln, [null, 3, 7]);
    ln.setWeights([tf.tensor(c.weight!), tf.tensor(c.bias!)]);
    for (const training of [false, true]) {
      // float64 reference, so only tfjs's float32 error over 7 features: 1e-5 as for batch norm above
      const { y, dx, dw } = outputAndGrads(ln, tf.tensor(c.x!), tf.tensor(c.r!), training);
      assertClose(y, c.y!, 1e-5, "y");
      assertClose(dx, c.dx!, 1e-5, "dL/dx");
      assertClose(dw[0]!, c.dweight!, 1e-5, "dL/dweight");
      assertClose(dw[1]!, c.dbias!, 1e-5, "dL/dbias");
    }
    ln.dispose();
  });

  for (const key of ["crelu", "maxout"]) {
    it(`${key} matches PyTorch (${key === "crelu" ? "torch.cat([relu(x), relu(-x)], -1)" : "x.view(B, F/k, k).max(-1)"}): output and gradient`, () => {
      const c = fixture[key]!;
      const layer = key === "crelu" ? layers.crelu() : layers.maxout({ pieces: c.pieces as number });
      tf.tidy(() => {
        // output and gradient are copies of float32 inputs (x, r), so exact in any arithmetic: 1e-6 is a guard, not a
        // measured error; torch_layers.py asserts that no input sits at a kink (0, or a maxout tie) within 1e-3
        assertClose(apply(layer, tf.tensor(c.x!)), c.y!, 1e-6, "y");
        const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(apply(layer, x), tf.tensor(c.r!))))(tf.tensor(c.x!));
        assertClose(dx, c.dx!, 1e-6, "dL/dx");
      });
    });
  }

  it("crelu keeps the order [relu(x), relu(−x)] and maxout groups consecutive features", () => {
    tf.tidy(() => {
      assertClose(apply(layers.crelu(), tf.tensor([[1, -2, 3]])), [1, 0, 3, 0, 2, 0], 0, "crelu");
      assertClose(apply(layers.maxout({ pieces: 2 }), tf.tensor([[1, 5, -3, -4, 0, 2]])), [5, -3, 2], 0, "maxout");
      assert.deepEqual(layers.crelu().computeOutputShape([null, 3]), [null, 6]);
      assert.deepEqual(layers.maxout({ pieces: 3 }).computeOutputShape([null, 4, 4, 12]), [null, 4, 4, 4]);
    });
  });
});

describe("layers.dropout2d and layers.dropConnect", () => {
  it("dropout2d zeroes whole channels, scales the others by 1/(1 − rate), preserves the mean within 4σ", () => {
    const layer = layers.dropout2d({ rate: 0.5, seed: 11 });
    const [b, h, w, c] = [8, 4, 4, 16];
    let kept = 0;
    let total = 0;
    const calls = 50;
    for (let call = 0; call < calls; call++) {
      const y = tf.tidy(() => apply(layer, tf.ones([b, h, w, c]), true).arraySync() as number[][][][]);
      for (let i = 0; i < b; i++) {
        for (let k = 0; k < c; k++) {
          const slice = y[i]!.flatMap((row) => row.map((px) => px[k]!));
          assert.ok(slice.every((v) => v === 0) || slice.every((v) => v === 2), `sample ${i}, channel ${k}: ${slice}`);
          kept += slice[0] === 2 ? 1 : 0;
        }
      }
      total += b * c;
    }
    const mean = (2 * kept) / total; // mean output for an all-ones input
    const sigma = 2 * Math.sqrt(0.25 / total);
    assert.ok(Math.abs(mean - 1) < 4 * sigma, `mean ${mean}, 4σ = ${4 * sigma}`);
    tf.tidy(() => {
      const x = randomTensor([2, 3, 3, 4], 12);
      assertClose(apply(layer, x), x.dataSync(), 0, "inference is the identity");
    });
  });

  it("dropConnect masks each weight (one mask per call, shared by the batch) and averages to the plain dense output", () => {
    const layer = layers.dropConnect({ units: 3, rate: 0.5, seed: 21 });
    build(layer, [null, 4]);
    layer.setWeights([randomTensor([4, 3], 22), tf.tensor([0.5, -1, 2])]);
    const [w, bias] = layer.getWeights().map((t) => t.arraySync()) as [number[][], number[]];
    // x = [I; I]: both halves of the output must equal the same masked kernel rows W ⊙ M / keep + b
    tf.tidy(() => {
      const y = apply(layer, tf.concat([tf.eye(4), tf.eye(4)]), true).arraySync() as number[][];
      for (let i = 0; i < 4; i++) {
        assert.deepEqual(y[i], y[i + 4], `row ${i}: one mask for the whole batch`);
        y[i]!.forEach((v, k) => {
          const options = [bias[k]!, bias[k]! + 2 * w[i]![k]!];
          assert.ok(
            options.some((o) => Math.abs(v - o) < 1e-5),
            `y[${i}][${k}] = ${v}, expected one of ${options}`,
          );
        });
      }
    });
    const x = [
      [1, -2, 0.5, 3],
      [-1, 0.25, 2, -0.5],
    ];
    const plain = x.map((row) => bias.map((bk, k) => row.reduce((s, xj, j) => s + xj * w[j]![k]!, bk)));
    tf.tidy(() => assertClose(apply(layer, tf.tensor(x)), plain, 1e-5, "inference is the plain dense layer"));
    const calls = 2000;
    const sum = new Float64Array(6);
    for (let call = 0; call < calls; call++) {
      tf.tidy(() =>
        apply(layer, tf.tensor(x), true)
          .dataSync()
          .forEach((v, i) => (sum[i] += v)),
      );
    }
    plain.flat().forEach((p, i) => {
      const [row, k] = [Math.floor(i / 3), i % 3];
      const variance = x[row]!.reduce((s, xj, j) => s + (xj * w[j]![k]!) ** 2, 0); // Σ x²W²·(1 − keep)/keep, keep = 1/2
      const sigma = Math.sqrt(variance / calls);
      assert.ok(Math.abs(sum[i]! / calls - p) < 4 * sigma + 1e-6, `output ${i}: mean ${sum[i]! / calls}, expected ${p} ± ${4 * sigma}`);
    });
    layer.dispose();
  });

  it("same seed → same masks on a freshly built model; another seed → other masks", () => {
    const makeModel = (seed: number) =>
      tf.sequential({
        layers: [
          layers.dropConnect({ units: 6, rate: 0.5, seed, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), inputShape: [4] }),
          tf.layers.reshape({ targetShape: [1, 1, 6] }),
          layers.dropout2d({ rate: 0.5, seed: seed + 1 }),
        ],
      });
    const runs = [makeModel(5), makeModel(5), makeModel(6)].map((model) => {
      const outs = [0, 1, 2].map(() =>
        tf.tidy(() => Array.from((model.apply(tf.ones([3, 4]), { training: true }) as tf.Tensor).dataSync())),
      );
      model.dispose();
      return outs;
    });
    assert.deepEqual(runs[0], runs[1]);
    assert.notDeepEqual(runs[0], runs[2]);
    assert.notDeepEqual(runs[0]![0], runs[0]![1], "each call draws a fresh mask");
  });
});

describe("layers.highway, layers.stochasticDepth, layers.shakeShake", () => {
  it("highway is the identity with the gate shut (gateBias −1e3) and H(x) with it open (+1e3)", () => {
    const x = [
      [0.5, -1, 2, 0.25],
      [-0.75, 1.5, -2, 1],
    ];
    for (const gateBias of [-1e3, 1e3, -1]) {
      const layer = layers.highway({ gateBias, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) });
      build(layer, [null, 4]);
      const [wH, bH, wT, bT] = layer.getWeights().map((t) => t.arraySync()) as [number[][], number[], number[][], number[]];
      assert.deepEqual(bT, [gateBias, gateBias, gateBias, gateBias]);
      const affine = (row: number[], w: number[][], b: number[]) => b.map((bk, k) => row.reduce((s, xj, j) => s + xj * w[j]![k]!, bk));
      const expected = x.map((row) => {
        const h = affine(row, wH, bH).map((v) => Math.max(0, v));
        const t = affine(row, wT, bT).map((v) => 1 / (1 + Math.exp(-v)));
        return row.map((xj, j) => t[j]! * h[j]! + (1 - t[j]!) * xj);
      });
      if (gateBias === -1e3) assert.deepEqual(expected, x, "T = 0: y = x");
      if (gateBias === 1e3)
        assert.deepEqual(
          expected,
          x.map((row) => affine(row, wH, bH).map((v) => Math.max(0, v))),
          "T = 1: y = H(x)",
        );
      tf.tidy(() => assertClose(apply(layer, tf.tensor(x)), expected, 1e-5, `gateBias ${gateBias}`));
      layer.dispose();
    }
  });

  it("stochasticDepth keeps the branch with probability `survival` (within 4σ) and scales it by `survival` at inference", () => {
    for (const mode of ["batch", "sample"] as const) {
      const layer = layers.stochasticDepth({ survival: 0.8, mode, seed: 31 });
      let kept = 0;
      let coins = 0;
      const patterns = new Set<string>();
      for (let call = 0; call < 500; call++) {
        const y = tf.tidy(() => apply(layer, [tf.zeros([4, 3]), tf.ones([4, 3])], true).arraySync() as number[][]);
        y.forEach((row) => assert.ok(row.every((v) => v === row[0]) && (row[0] === 0 || row[0] === 1), `rows are all 0 or all 1: ${row}`));
        const rows = y.map((row) => row[0]!);
        patterns.add(rows.join(""));
        if (mode === "batch")
          assert.ok(
            rows.every((v) => v === rows[0]),
            "one coin for the whole batch",
          );
        kept += mode === "batch" ? rows[0]! : rows.reduce((s, v) => s + v, 0);
        coins += mode === "batch" ? 1 : 4;
      }
      const sigma = Math.sqrt((0.8 * 0.2) / coins);
      assert.ok(Math.abs(kept / coins - 0.8) < 4 * sigma, `${mode}: survival ${kept / coins}, 4σ = ${4 * sigma}`);
      if (mode === "sample") assert.ok(patterns.size > 2, "samples get their own coins");
      tf.tidy(() => {
        const [s, b] = [randomTensor([4, 3], 32), randomTensor([4, 3], 33)];
        const expected = Array.from(s.dataSync(), (v, i) => v + 0.8 * b.dataSync()[i]!);
        assertClose(apply(layer, [s, b]), expected, 1e-6, "inference");
      });
    }
  });

  it("shakeShake: forward α·b1 + (1 − α)·b2 between the branches, backward with an independent β, inference the mean", () => {
    const layer = layers.shakeShake({ seed: 41 });
    tf.tidy(() => {
      const [b1, b2] = [randomTensor([6, 5], 42), randomTensor([6, 5], 43)];
      const y = apply(layer, [b1, b2], true).dataSync();
      const [d1, d2] = [b1.dataSync(), b2.dataSync()];
      y.forEach((v, i) => assert.ok(v >= Math.min(d1[i]!, d2[i]!) - 1e-6 && v <= Math.max(d1[i]!, d2[i]!) + 1e-6, `y[${i}] = ${v}`));
      assertClose(
        apply(layer, [b1, b2]),
        Array.from(d1, (v, i) => (v + d2[i]!) / 2),
        1e-6,
        "inference",
      );
      // with b1 = 1, b2 = 0 the output is α itself; the gradient wrt b1 is β, wrt b2 is 1 − β
      let alpha: number[][] = [];
      const [g1, g2] = tf.grads((x1: tf.Tensor, x2: tf.Tensor) => {
        const out = apply(layer, [x1, x2], true);
        alpha = out.arraySync() as number[][];
        return tf.sum(out);
      })([tf.ones([6, 5]), tf.zeros([6, 5])]);
      const beta = g1!.arraySync() as number[][];
      assertClose(
        g2!,
        beta.flat().map((v) => 1 - v),
        1e-6,
        "dL/db2 = 1 − β",
      );
      for (let i = 0; i < 6; i++) {
        assert.ok(alpha[i]!.every((v) => v === alpha[i]![0]) && beta[i]!.every((v) => v === beta[i]![0]), `sample ${i}: one α, one β`);
        assert.ok(beta[i]![0]! >= 0 && beta[i]![0]! <= 1, `β = ${beta[i]![0]}`);
        assert.notEqual(beta[i]![0], alpha[i]![0], `sample ${i}: β differs from α`);
      }
      assert.ok(new Set(alpha.map((row) => row[0])).size === 6, "α is drawn per sample");
    });
  });
});

describe("layers: serialisation, training, memory, errors", () => {
  it("round-trip through model.toJSON() / tf.models.modelFromJSON with the same predictions and options", async () => {
    const init = { kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) };
    const input = tf.input({ shape: [6] });
    let h = tf.layers.dense({ units: 8 }).apply(input) as tf.SymbolicTensor;
    h = layers.batchNorm({ momentum: 0.3, epsilon: 1e-3 }).apply(h) as tf.SymbolicTensor;
    h = layers.layerNorm({ epsilon: 1e-4 }).apply(h) as tf.SymbolicTensor;
    h = layers.highway({ activation: "tanh", gateBias: -2, ...init }).apply(h) as tf.SymbolicTensor;
    h = layers.crelu().apply(h) as tf.SymbolicTensor; // 16
    h = layers.maxout({ pieces: 2 }).apply(h) as tf.SymbolicTensor; // 8
    const d = layers.dropConnect({ units: 8, rate: 0.3, activation: "relu", seed: 9, ...init }).apply(h) as tf.SymbolicTensor;
    const s = layers.stochasticDepth({ survival: 0.7, mode: "sample", seed: 4 }).apply([h, d]) as tf.SymbolicTensor;
    const t = layers.shakeShake({ seed: 5 }).apply([s, d]) as tf.SymbolicTensor;
    const dense = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(t) as tf.SymbolicTensor });
    const conv = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 5, kernelSize: 2, inputShape: [4, 4, 3] }),
        layers.dropout2d({ rate: 0.25, seed: 8 }),
        layers.batchNorm(),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    for (const [model, shape] of [
      [dense, [5, 6]],
      [conv, [5, 4, 4, 3]],
    ] as const) {
      const x = randomTensor([...shape], 51);
      tf.tidy(() => void model.apply(x, { training: true })); // move the running statistics away from (0, 1)
      const copy = await tf.models.modelFromJSON(JSON.parse(model.toJSON() as string));
      copy.setWeights(model.getWeights());
      tf.tidy(() => assertClose(copy.predict(x) as tf.Tensor, (model.predict(x) as tf.Tensor).dataSync(), 1e-6, "prediction"));
      const configs = (m: tf.LayersModel) => m.layers.map((l) => ({ ...l.getConfig(), name: undefined }));
      assert.deepEqual(configs(copy), configs(model));
      copy.dispose();
      model.dispose();
      x.dispose();
    }
  });

  it("train inside model.fit (training = true: running statistics move, loss stays finite)", async () => {
    const bn = layers.batchNorm();
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 6, inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        bn,
        layers.crelu(),
        layers.maxout({ pieces: 3 }),
        layers.dropConnect({ units: 1, seed: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
    const [xs, ys] = [randomTensor([32, 2], 61, 1, 3), randomTensor([32, 1], 62)];
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 }); // creates the optimizer's variables
    const before = tf.memory().numTensors;
    const history = await model.fit(xs, ys, { epochs: 3, batchSize: 8, verbose: 0 });
    assert.ok((history.history.loss as number[]).every(Number.isFinite));
    assert.ok(Math.max(...Array.from(bn.getWeights()[2]!.dataSync(), Math.abs)) > 0.05, "running_mean moved");
    assert.equal(tf.memory().numTensors, before, "no tensors left behind by fit");
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("leak no tensors in 20 training-mode calls (and gradient passes), and dispose their own variables", () => {
    const cases: [tf.layers.Layer, () => tf.Tensor | tf.Tensor[]][] = [
      [layers.batchNorm(), () => tf.ones([4, 3])],
      [layers.batchNorm(), () => randomTensor([2, 3, 3, 4], 71)],
      [layers.layerNorm(), () => tf.ones([4, 3])],
      [layers.crelu(), () => tf.ones([4, 3])],
      [layers.maxout({ pieces: 3 }), () => tf.ones([4, 3])],
      [layers.dropout2d({ rate: 0.3 }), () => tf.ones([2, 3, 3, 4])],
      [layers.dropConnect({ units: 2 }), () => tf.ones([4, 3])],
      [layers.highway(), () => tf.ones([4, 3])],
      [layers.stochasticDepth({ mode: "sample" }), () => [tf.ones([4, 3]), tf.ones([4, 3])]],
      [layers.shakeShake(), () => [tf.ones([4, 3]), tf.ones([4, 3])]],
    ];
    for (const [layer, input] of cases) {
      const start = tf.memory().numTensors;
      tf.tidy(() => void apply(layer, input(), true)); // builds the layer: its variables are created once
      const before = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) tf.tidy(() => void apply(layer, input(), true));
      tf.tidy(() => {
        const inputs = ([] as tf.Tensor[]).concat(input()).map((t) => tf.variable(t));
        const { value, grads } = tf.variableGrads(() => tf.sum(apply(layer, inputs.length === 1 ? inputs[0]! : inputs, true)) as tf.Scalar);
        tf.dispose([value, ...Object.values(grads), ...inputs]);
      });
      assert.equal(tf.memory().numTensors, before, `${layer.getClassName()}: tensors before and after`);
      layer.dispose();
      assert.equal(tf.memory().numTensors, start, `${layer.getClassName()}: dispose() frees every variable`);
    }
  });

  it("refuse bad options with the function, the argument and the allowed range", () => {
    const cases: [() => unknown, RegExp][] = [
      [() => layers.batchNorm({ momentum: 2 }), /^batchNorm: momentum must be a finite number in \[0, 1\], got 2$/],
      [() => layers.batchNorm({ epsilon: -1 }), /^batchNorm: epsilon must be a finite number >= 0, got -1$/],
      [() => layers.dropout2d({ rate: 1 }), /^dropout2d: rate must be a finite number in \[0, 1\), got 1$/],
      [() => layers.dropConnect({ units: 4, rate: 1 }), /^dropConnect: rate must be a finite number in \[0, 1\), got 1$/],
      [() => layers.dropConnect({ units: 0 }), /^dropConnect: units must be an integer >= 1, got 0$/],
      [() => layers.dropConnect({ units: 2, kernelInitializer: "nope" }), /^dropConnect: kernelInitializer must be a tfjs initializer/],
      [() => layers.maxout({ pieces: 0 }), /^maxout: pieces must be an integer >= 1, got 0$/],
      [() => layers.stochasticDepth({ survival: 0 }), /^stochasticDepth: survival must be a finite number in \(0, 1\], got 0$/],
      [() => layers.stochasticDepth({ survival: 1.5 }), /^stochasticDepth: survival must be a finite number in \(0, 1\], got 1.5$/],
      [() => layers.stochasticDepth({ mode: "layer" as "batch" }), /^stochasticDepth: mode must be one of "batch", "sample", got "layer"$/],
      [() => layers.shakeShake({ seed: -1 }), /^shakeShake: seed must be an integer in \[0, 4294967295\], got -1$/],
      [() => layers.highway({ activation: "cube" as "relu" }), /^highway: activation must be one of "elu", .*, got "cube"$/],
      [
        () => tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [2] }), layers.maxout({ pieces: 3 })] }),
        /^maxout: the input size \(last axis\) must be a multiple of pieces = 3, got 10$/,
      ],
      [() => void layers.dropout2d().apply(tf.input({ shape: [5] })), /^dropout2d: the input must be of rank 4/],
      [
        () => void layers.shakeShake().apply([tf.input({ shape: [3] }), tf.input({ shape: [4] })]),
        /^shakeShake: inputs must be \[branch1, branch2\]/,
      ],
      [() => tf.tidy(() => apply(layers.batchNorm(), tf.ones([1, 3]), true)), /^batchNorm: .* must be at least 2, got 1$/],
    ];
    for (const [make, message] of cases) assert.throws(make, { name: "ArgumentError", message });
  });
});
