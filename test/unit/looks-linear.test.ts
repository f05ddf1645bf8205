import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { looksLinear } from "../../lib/init/index.js";
import { mlp } from "../../lib/models/index.js";
import { Rng } from "../../lib/random/rng.js";

before(async () => {
  await ready();
});

describe("looksLinear", () => {
  it("makes a deep CReLU net compute exactly the product of its W's at initialisation (float64 reference)", async () => {
    const model = looksLinear(mlp({ inputs: 3, hidden: { depth: 12, width: 8 }, outputs: 2, activation: "crelu" }), { seed: 3 });
    // the linear map: first kernel, then the top halves (the relu(h) rows) of every later kernel
    const kernels = await Promise.all(
      model.layers.filter((l) => l.getClassName() === "Dense").map(async (l) => (await l.getWeights()[0]!.array()) as number[][]),
    );
    let map = kernels[0]!; // [3, 8]
    for (const k of kernels.slice(1)) {
      const top = k.slice(0, k.length / 2);
      for (const [i, row] of k.slice(k.length / 2).entries()) row.forEach((v, j) => assert.equal(v, -top[i]![j]!, "second half is −W"));
      map = map.map((r) => top[0]!.map((_, j) => r.reduce((s, v, i) => s + v * top[i]![j]!, 0)));
    }
    const rng = new Rng(1);
    const xs = Array.from({ length: 20 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const out = model.predict(tf.tensor2d(xs)) as tf.Tensor;
    const ys = (await out.array()) as number[][];
    xs.forEach((x, n) => map[0]!.forEach((_, j) => assert.ok(Math.abs(ys[n]![j]! - x.reduce((s, v, i) => s + v * map[i]![j]!, 0)) < 1e-4)));
    out.dispose();
    model.dispose();
  });

  it("refuses networks that are not made of Dense and CReLU layers", () => {
    const model = mlp({ inputs: 2, hidden: [4], outputs: 2, norm: "batch", activation: "crelu" });
    assert.throws(() => looksLinear(model), /looksLinear: layer "\w+" must be Dense or CReLU/);
    model.dispose();
  });
});
