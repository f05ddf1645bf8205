import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { fromWeights, toWeights } from "../../lib/nets/index.js";
import type { LayerWeights } from "../../lib/nets/index.js";
import { forward } from "./support/reference-net.js";

before(async () => {
  await ready();
});

const net: LayerWeights[] = [
  {
    weight: [
      [0.5, -1],
      [2, 0.25],
      [-1.5, 1],
    ],
    bias: [0.125, -0.25, 0.375],
    activation: "relu",
  },
  {
    weight: [
      [1, -2, 0.5],
      [0.75, 1, -1],
    ],
    bias: [0, 0.5],
    activation: "leakyRelu",
    alpha: 0.125,
  },
  {
    weight: [
      [1, 1],
      [-1, 2],
    ],
    bias: [-0.5, 0.25],
    activation: "abs",
  },
  { weight: [[1, -1]], bias: [0.5], activation: "linear" },
];

describe("nets.fromWeights / nets.toWeights", () => {
  it("build a tfjs model that computes the description (PyTorch layout, rows = output units)", async () => {
    const model = fromWeights(net);
    const points = [
      [0, 0],
      [1, -1],
      [-0.5, 2],
      [3, 0.25],
    ];
    const xs = tf.tensor2d(points);
    const out = model.predict(xs) as tf.Tensor;
    const ys = await out.data();
    points.forEach((p, i) => assert.ok(Math.abs(ys[i]! - forward(net, p).y[0]!) < 1e-5, `point ${p}`));
    tf.dispose([xs, out]);
    model.dispose();
  });

  it("round-trip exactly for float32-representable weights, leakyRelu's alpha and abs included", async () => {
    const model = fromWeights(net);
    assert.deepEqual(await toWeights(model), net);
    model.dispose();
  });

  it("fold an activation layer and batch norm in inference mode (y = γ(x − μ)/√(σ² + ε) + β)", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "ones", biasInitializer: "zeros" }),
        tf.layers.batchNormalization({
          epsilon: 0,
          gammaInitializer: tf.initializers.constant({ value: 2 }),
          betaInitializer: tf.initializers.constant({ value: 1 }),
          movingMeanInitializer: tf.initializers.constant({ value: 3 }),
          movingVarianceInitializer: tf.initializers.constant({ value: 4 }),
        }),
        tf.layers.activation({ activation: "relu" }),
      ],
    });
    // 2·(x − 3)/2 + 1 = x − 2, then relu
    assert.deepEqual(await toWeights(model), [{ weight: [[1]], bias: [-2], activation: "relu" }]);
    model.dispose();
  });

  it("refuse layers that are not piecewise linear, naming the layer", async () => {
    const conv = tf.sequential({ layers: [tf.layers.conv1d({ filters: 1, kernelSize: 1, inputShape: [4, 1] })] });
    await assert.rejects(toWeights(conv), /toWeights: layer "conv1d\w*" must be one of Dense/);
    assert.throws(() => fromWeights([]), /fromWeights: net must be a tfjs model or a non-empty array/);
    assert.throws(
      () => fromWeights([{ weight: [[1]], bias: [Number.NaN] }]),
      /fromWeights: layer 0\.bias\[0\] must be a finite number, got NaN/,
    );
    conv.dispose();
  });
});
