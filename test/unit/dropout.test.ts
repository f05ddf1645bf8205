import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { mlp } from "../../lib/models/index.js";

before(async () => {
  await ready();
});

describe("dropout in mlp (inverted, as PyTorch's nn.Dropout)", () => {
  it("keeps the expected value in training, drops the rate's fraction, and is the identity at inference", async () => {
    const model = mlp({ inputs: 4, hidden: [2000], outputs: 1, dropout: 0.3, seed: 1 });
    const dropout = model.layers.find((l) => l.getClassName() === "Dropout")!;
    const ones = tf.ones([50, 2000]);
    const train = dropout.apply(ones, { training: true }) as tf.Tensor;
    const values = Array.from(await train.data());
    const n = values.length;
    const zeros = values.filter((v) => v === 0).length / n;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    assert.ok(Math.abs(zeros - 0.3) < 4 * Math.sqrt((0.3 * 0.7) / n), `dropped fraction ${zeros}`);
    assert.ok(Math.abs(mean - 1) < 4 * Math.sqrt(0.3 / 0.7 / n), `mean ${mean}`); // kept units are scaled by 1/(1 − p)
    assert.ok(values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6));
    const infer = dropout.apply(ones, { training: false }) as tf.Tensor;
    assert.deepEqual(Array.from(await infer.data()), Array.from(await ones.data()));
    tf.dispose([ones, train, infer]);
    model.dispose();
  });

  it("draws a fresh mask at every training call, the same sequence for the same seed (tfjs's seeded dropout repeats one mask)", async () => {
    const masks = async (seed: number) => {
      const model = mlp({ inputs: 4, hidden: [64], outputs: 1, dropout: 0.5, seed });
      const dropout = model.layers.find((l) => l.getClassName() === "Dropout")!;
      const ones = tf.ones([2, 64]);
      const out: number[][] = [];
      for (let i = 0; i < 3; i++) {
        const t = dropout.apply(ones, { training: true }) as tf.Tensor;
        out.push(Array.from(await t.data()));
        t.dispose();
      }
      ones.dispose();
      model.dispose();
      return out;
    };
    const [a, b] = [await masks(3), await masks(3)];
    assert.notDeepEqual(a[0], a[1]);
    assert.notDeepEqual(a[1], a[2]);
    assert.deepEqual(a, b);
  });
});
