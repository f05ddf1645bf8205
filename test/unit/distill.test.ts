import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { disc } from "../../lib/datasets/disc.js";
import { mlp } from "../../lib/models/index.js";
import { distill, distillationLoss, evaluate, fit, fitHints } from "../../lib/train/index.js";

before(async () => {
  await ready();
});

describe("distillation", () => {
  it("the loss is alpha·T²·KL(p_t ‖ p_s) + (1 − alpha)·CE, checked by hand", async () => {
    const s = [1, 0, -1];
    const t = [2, 1, 0];
    const T = 2;
    const soft = (z: number[]): number[] => {
      const e = z.map((v) => Math.exp(v / T));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    };
    const [ps, pt] = [soft(s), soft(t)];
    const kl = pt.reduce((acc, p, i) => acc + p * Math.log(p / ps[i]!), 0);
    const ce = -(s[0]! - Math.log(s.reduce((a, v) => a + Math.exp(v), 0)));
    const loss = distillationLoss(tf.tensor1d([0], "int32"), tf.tensor2d([s]), tf.tensor2d([t]), { temperature: T, alpha: 0.7 });
    assert.ok(Math.abs((await loss.data())[0]! - (0.7 * T * T * kl + 0.3 * ce)) < 1e-5);
    loss.dispose();
  });

  it("a small student learns the disc from a trained teacher; FitNets hints reduce the hint error", async () => {
    const data = disc({ n: 1000, seed: 11 });
    const test = disc({ n: 500, seed: 12 });
    const teacher = mlp({ inputs: 2, hidden: [32, 32], outputs: 2, seed: 1 });
    await fit(teacher, data, { epochs: 20, batchSize: 50, optimizer: { name: "adam", lr: 1e-2 } });
    const student = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, seed: 2 });
    const hints = await fitHints(teacher, student, data, {
      teacherLayer: teacher.layers[0]!.name,
      studentLayer: student.layers[0]!.name,
      epochs: 5,
      batchSize: 50,
    });
    assert.ok(hints.last().loss < hints.rows[0]!.loss);
    await distill(teacher, student, data, { epochs: 20, batchSize: 50, optimizer: { name: "adam", lr: 1e-2 } });
    const { accuracy } = await evaluate(student, test);
    assert.ok(accuracy! > 0.85, `student accuracy ${accuracy}`);
    await assert.rejects(distill(teacher, student, data, { temperature: 0 }), /distill: temperature must be a finite number > 0, got 0/);
    tf.dispose([data.x, data.y, test.x, test.y]);
    teacher.dispose();
    student.dispose();
  });
});
