import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { mlp } from "../../lib/models/index.js";
import { adam, crossEntropy, fit, sgd } from "../../lib/train/index.js";

interface Params {
  type: "linear" | "batchnorm" | "layernorm";
  weight: number[] | number[][];
  bias: number[];
}
interface Case {
  kind: "plain" | "batch" | "layer" | "crelu" | "maxout";
  x: number[][];
  y: number[];
  hidden: number[];
  outputs: number;
  weights: Params[];
  logits: number[][];
  loss: number;
  /** For the layers in bias_feeds_batch_norm the bias gradient is the exact 0 (not PyTorch's rounding noise). */
  grads: Params[];
  /** Indices (into weights, grads, after_*) of the linear layers whose output goes straight into a batch norm. */
  bias_feeds_batch_norm: number[];
  after_sgd: Params[];
  /** The bias is null for the layers in bias_feeds_batch_norm: Adam's first step on a zero-up-to-rounding gradient. */
  after_adam: (Omit<Params, "bias"> & { bias: number[] | null })[];
}

const fixtures = JSON.parse(readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "models.json"), "utf8")) as { cases: Case[] };

before(async () => {
  await ready();
});

/** PyTorch [out, in] → tfjs [in, out]; vectors unchanged. */
const toTf = (w: number[] | number[][]): tf.Tensor =>
  Array.isArray(w[0]) ? tf.tensor2d(w as number[][]).transpose() : tf.tensor1d(w as number[]);

/** The layers that carry parameters, in order, with their trainable variables (weight then bias). */
const paramLayers = (model: tf.LayersModel): tf.LayerVariable[][] =>
  model.layers.filter((l) => l.trainableWeights.length > 0).map((l) => l.trainableWeights);

function build(c: Case): tf.Sequential {
  const model = mlp({
    inputs: c.x[0]!.length,
    hidden: c.hidden,
    outputs: c.outputs,
    norm: c.kind === "batch" ? "batch" : c.kind === "layer" ? "layer" : null,
    activation: c.kind === "crelu" ? "crelu" : c.kind === "maxout" ? "maxout" : "relu",
  });
  const layers = paramLayers(model);
  assert.equal(layers.length, c.weights.length, "one tfjs layer per PyTorch module with parameters");
  c.weights.forEach((p, i) => {
    const [w, b] = [toTf(p.weight), toTf(p.bias)];
    layers[i]![0]!.write(w);
    layers[i]![1]!.write(b);
    tf.dispose([w, b]);
  });
  return model;
}

/**
 * |actual − expected| <= tol·(1 + |expected|) elementwise. The default 1e-5 is about 100 float32 ulps: tfjs and
 * PyTorch both compute in float32 but sum in other orders, which costs a few 1e-7 relative per layer here, and
 * the fixture holds no value that rounding could move further (torch_models.py asserts margins at every ReLU and
 * maxout, and keeps Adam away from gradients that are rounding noise). Near 0 it is an absolute 1e-5, which also
 * bounds the gradient of a bias before a batch norm (exactly 0; ~1e-8 of rounding on either side).
 */
async function close(actual: tf.Tensor, expected: number[] | number[][], what: string, tol = 1e-5): Promise<void> {
  const a = await actual.data();
  const e = (expected as number[]).flat() as number[];
  assert.equal(a.length, e.length, what);
  for (let i = 0; i < e.length; i++)
    assert.ok(Math.abs(a[i]! - e[i]!) <= tol * (1 + Math.abs(e[i]!)), `${what}[${i}]: ${a[i]} vs PyTorch ${e[i]}`);
}

/**
 * The bias after one optimiser step: PyTorch's value where the fixture has one; where it has null (a bias before a
 * batch norm under Adam, whose gradient is rounding noise that Adam's first step turns into anything in [−lr, lr])
 * only that bound, |after − before| <= lr, plus 1e-6 for float32 rounding of biases of size ~1.
 */
async function closeBias(actual: tf.Tensor, expected: number[] | null, before: number[], lr: number, what: string): Promise<void> {
  if (expected !== null) return close(actual, expected, what);
  const a = await actual.data();
  before.forEach((b, i) => assert.ok(Math.abs(a[i]! - b) <= lr + 1e-6, `${what}[${i}]: moved ${a[i]! - b}, more than Adam's lr ${lr}`));
}

describe("mlp matches PyTorch (fixtures from test/fixtures/torch_models.py)", () => {
  for (const c of fixtures.cases) {
    it(`${c.kind}: training-mode logits, loss, gradients, and one step of SGD-momentum and Adam (tf ops, and fused for plain and batch)`, async () => {
      const x = tf.tensor2d(c.x);
      const y = tf.tensor1d(c.y, "int32");
      const model = build(c);
      const logits = model.apply(x, { training: true }) as tf.Tensor;
      await close(logits, c.logits, "logits");
      const vars = paramLayers(model)
        .flat()
        .map((v) => v.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), vars);
      assert.ok(Math.abs((await value.data())[0]! - c.loss) < 1e-5); // a loss of ~1 in float32: 1e-5 is ~100 ulps
      c.after_adam.forEach((p, i) =>
        assert.equal(p.bias === null, c.bias_feeds_batch_norm.includes(i), `after_adam[${i}].bias is null iff it feeds a batch norm`),
      );
      const layers = paramLayers(model);
      for (const [i, p] of c.grads.entries()) {
        const [gw, gb] = [toTf(p.weight), toTf(p.bias)];
        await close(
          grads[(layers[i]![0]!.read() as tf.Variable).name]!,
          (await gw.array()) as number[][],
          `grad of ${c.kind} ${p.type} ${i} weight`,
        );
        await close(grads[(layers[i]![1]!.read() as tf.Variable).name]!, p.bias, `grad of ${c.kind} ${p.type} ${i} bias`);
        tf.dispose([gw, gb]);
      }
      for (const [name, lr, opt, after] of [
        ["sgd", 0.1, sgd({ lr: 0.1, momentum: 0.9 }), c.after_sgd],
        ["adam", 0.01, adam({ lr: 0.01 }), c.after_adam],
      ] as const) {
        const fresh = build(c);
        const fv = paramLayers(fresh)
          .flat()
          .map((v) => v.read() as tf.Variable);
        const g = tf.variableGrads(() => crossEntropy(y, fresh.apply(x, { training: true }) as tf.Tensor), fv);
        opt.applyGradients(g.grads);
        for (const [i, p] of after.entries()) {
          const lw = paramLayers(fresh)[i]!;
          const w = toTf(p.weight);
          await close(lw[0]!.read(), (await w.array()) as number[][], `${name} step: ${p.type} ${i} weight`);
          await closeBias(lw[1]!.read(), p.bias, c.weights[i]!.bias, lr, `${name} step: ${p.type} ${i} bias`);
          w.dispose();
        }
        tf.dispose([g.value, ...Object.values(g.grads)]);
        opt.dispose();
        fresh.dispose();
        if (c.kind !== "plain" && c.kind !== "batch") continue;
        // the same step through fit's fused WebAssembly engine
        const fusedModel = build(c);
        const fusedOpt = name === "sgd" ? sgd({ lr, momentum: 0.9 }) : adam({ lr });
        const h = await fit(fusedModel, { x, y }, { steps: 1, batchSize: c.x.length, shuffle: false, optimizer: fusedOpt, fused: true });
        assert.ok(Math.abs(h.last().loss - c.loss) < 1e-5, `fused loss ${h.last().loss} vs PyTorch ${c.loss}`); // as above
        for (const [i, p] of after.entries()) {
          const lw = paramLayers(fusedModel)[i]!;
          const w = toTf(p.weight);
          await close(lw[0]!.read(), (await w.array()) as number[][], `fused ${name} step: ${p.type} ${i} weight`);
          await closeBias(lw[1]!.read(), p.bias, c.weights[i]!.bias, lr, `fused ${name} step: ${p.type} ${i} bias`);
          w.dispose();
        }
        fusedOpt.dispose();
        fusedModel.dispose();
      }
      tf.dispose([x, y, logits, value, ...Object.values(grads)]);
      model.dispose();
    });
  }
});
