import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { disc } from "../../lib/datasets/disc.js";
import { fashionMnist } from "../../lib/datasets/fashion-mnist.js";
import { resnet, plain, lesion, residualBlock } from "../../lib/models/index.js";
import { fit } from "../../lib/train/index.js";
import { Rng } from "../../lib/random/rng.js";

before(async () => {
  await ready();
});

const values = async (t: tf.Tensor): Promise<number[]> => {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
};

describe("residual networks", () => {
  it("plain is the same network without skips: same parameters, no Add layers", () => {
    const opts = { inputShape: [2], classes: 2, blocks: 3, stages: 1, width: 8 };
    const [r, p] = [resnet(opts), plain(opts)];
    assert.equal(r.countParams(), p.countParams());
    assert.equal(r.layers.filter((l) => l.getClassName() === "Add").length, 3);
    assert.equal(p.layers.filter((l) => l.getClassName() === "Add").length, 0);
    r.dispose();
    p.dispose();
  });

  it("lesion(b) equals the net with block b's branch set to zero (inference mode)", async () => {
    const net = resnet({ inputShape: [3], classes: 2, blocks: 3, stages: 1, width: 6, seed: 4 });
    const x = tf.tensor2d(Array.from({ length: 10 }, (_, i) => [Math.sin(i), Math.cos(3 * i), i / 10]));
    const lesioned = await lesion(net, 1);
    assert.equal(net.layers.length - lesioned.layers.length, 7); // 2 × (bn, relu, dense) + the sum
    const expected = resnet({ inputShape: [3], classes: 2, blocks: 3, stages: 1, width: 6, seed: 4 });
    expected.setWeights(net.getWeights());
    const last = expected.getLayer("block1_dense1");
    last.setWeights(last.getWeights().map((w) => tf.zerosLike(w)));
    assert.deepEqual(await values(lesioned.predict(x) as tf.Tensor), await values(expected.predict(x) as tf.Tensor));
    assert.notDeepEqual(await values(net.predict(x) as tf.Tensor), await values(expected.predict(x) as tf.Tensor));
    await assert.rejects(lesion(net, 3), /lesion: blockIndex must be an integer in \[0, 2\], got 3/);
    tf.dispose(x);
    [net, lesioned, expected].forEach((m) => m.dispose());
  });

  it("zero-pad and 1x1 shortcuts give the shapes of a downsampling stage", () => {
    const x = tf.input({ shape: [8, 8, 4] });
    assert.deepEqual(residualBlock({ kind: "conv", width: 8, stride: 2, shortcut: "zero-pad", name: "a" })(x).shape, [null, 4, 4, 8]);
    assert.deepEqual(residualBlock({ kind: "conv", width: 8, stride: 2, shortcut: "conv1x1", name: "b" })(x).shape, [null, 4, 4, 8]);
    assert.throws(
      () => residualBlock({ kind: "conv", width: 8, shortcut: "identity", name: "c" })(x),
      /residualBlock: shortcut must be "zero-pad" or "conv1x1" when the width or the stride changes/,
    );
  });

  it("a residual net trains the disc", async () => {
    const data = disc({ n: 1000, seed: 2 });
    const net = resnet({ inputShape: [2], classes: 2, blocks: 2, stages: 2, width: 16 });
    const h = await fit(net, data, { epochs: 15, batchSize: 50, optimizer: { name: "adam", lr: 1e-2 } });
    const tail = h.rows.slice(-20);
    assert.ok(tail.reduce((s, r) => s + (r["accuracy"] ?? 0), 0) / tail.length > 0.85);
    tf.dispose([data.x, data.y]);
    net.dispose();
  });
});

describe("conv nets on the wasm backend", () => {
  it("the wasm Conv2DBackpropFilter equals the cpu backend's, for strides 1 and 2 and both paddings", async () => {
    const rng = new Rng(3);
    const rand = (shape: number[]): number[] => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
    const xv = rand([2, 7, 7, 3]);
    const fv = rand([3, 3, 3, 4]);
    const gradOnce = async (stride: number, pad: "same" | "valid"): Promise<number[]> => {
      const x = tf.tensor4d(xv, [2, 7, 7, 3]);
      const f = tf.tensor4d(fv, [3, 3, 3, 4]);
      const g = tf.grad((w: tf.Tensor) =>
        tf
          .conv2d(x, w as tf.Tensor4D, stride, pad)
          .square()
          .sum(),
      )(f);
      const out = await values(g);
      tf.dispose([x, f]);
      return out;
    };
    const backend = tf.getBackend();
    for (const [stride, pad] of [
      [1, "same"],
      [2, "same"],
      [1, "valid"],
      [2, "valid"],
    ] as const) {
      await tf.setBackend("wasm");
      const wasm = await gradOnce(stride, pad);
      await tf.setBackend("cpu");
      const cpu = await gradOnce(stride, pad);
      cpu.forEach((v, i) =>
        assert.ok(Math.abs(v - wasm[i]!) < 1e-3 * (1 + Math.abs(v)), `stride ${stride} ${pad} [${i}]: ${wasm[i]} vs ${v}`),
      );
    }
    await tf.setBackend(backend);
  });

  it("wasm's transposed matMuls (transposed first, then multiplied by XNNPACK) equal the cpu backend's", async () => {
    const rng = new Rng(5);
    const a = Array.from({ length: 2 * 6 * 5 }, () => rng.normal());
    const b = Array.from({ length: 2 * 6 * 4 }, () => rng.normal());
    const products = async (): Promise<number[][]> => {
      const ta = tf.tensor3d(a, [2, 6, 5]);
      const tb = tf.tensor3d(b, [2, 6, 4]);
      const tb2 = tf.tensor3d(b, [2, 4, 6]);
      const out = [
        await values(tf.matMul(ta, tb, true, false)),
        await values(tf.matMul(tb2, ta, false, false)),
        await values(tf.matMul(tb, ta, true, false)),
        await values(tf.matMul(ta, tb2, true, true)),
      ];
      tf.dispose([ta, tb, tb2]);
      return out;
    };
    const backend = tf.getBackend();
    await tf.setBackend("wasm");
    const wasm = await products();
    await tf.setBackend("cpu");
    const cpu = await products();
    await tf.setBackend(backend);
    cpu.forEach((p, k) => p.forEach((v, i) => assert.ok(Math.abs(v - wasm[k]![i]!) < 1e-5 * (1 + Math.abs(v)), `product ${k} [${i}]`)));
  });

  it("a small conv ResNet trains on Fashion-MNIST images on wasm (kernels wasm lacks run on cpu)", async () => {
    assert.equal(tf.getBackend(), "wasm");
    const fm = fashionMnist({ source: "sample", limit: 256 });
    const x = fm.x.reshape([256, 28, 28, 1]);
    const net = resnet({ inputShape: [28, 28, 1], classes: 10, blocks: 1, stages: 2, width: 4 });
    const h = await fit(net, { x, y: fm.y }, { epochs: 4, batchSize: 64, optimizer: { name: "adam", lr: 3e-3 } });
    const first = h.rows[0]!.loss;
    const last = h.last().loss;
    assert.ok(Number.isFinite(last) && last < first, `loss ${first} → ${last}`);
    tf.dispose([x, fm.x, fm.y]);
    net.dispose();
  });
});
