import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm"; // registers "wasm" even when another backend was selected
import { ready } from "../../lib/backend/index.js";
import { fans, he, lsuv, normal, orthogonal, torchDefault, torchDefaultBias, uniform, xavier } from "../../lib/init/index.js";
import type { TfInitializer } from "../../lib/init/index.js";

before(async () => {
  await ready();
});

const DENSE = [512, 256];
const CONV = [3, 3, 64, 128]; // fan_in 576, fan_out 1152

/** Sample mean and standard deviation of an initialiser's tensor, with their standard errors. */
async function stats(
  init: TfInitializer,
  shape: number[],
): Promise<{ mean: number; std: number; seMean: number; seStd: number; max: number }> {
  const t = init.apply(shape);
  const x = await t.data();
  t.dispose();
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v / n;
  let m2 = 0;
  let m4 = 0;
  let max = 0;
  for (const v of x) {
    m2 += (v - mean) ** 2 / n;
    m4 += (v - mean) ** 4 / n;
    max = Math.max(max, Math.abs(v));
  }
  const std = Math.sqrt(m2);
  return { mean, std, seMean: std / Math.sqrt(n), seStd: Math.sqrt(m4 - m2 * m2) / (2 * std * Math.sqrt(n)), max };
}

async function assertMoments(init: TfInitializer, shape: number[], mean: number, std: number, label: string): Promise<number> {
  const s = await stats(init, shape);
  assert.ok(Math.abs(s.mean - mean) < 4 * s.seMean, `${label}: mean ${s.mean} vs ${mean} (4σ = ${4 * s.seMean})`);
  assert.ok(Math.abs(s.std - std) < 4 * s.seStd, `${label}: std ${s.std} vs ${std} (4σ = ${4 * s.seStd})`);
  return s.max;
}

/** xᵀx (columns) or x xᵀ (rows) of a [rows, cols] float32 matrix, in float64, minus the identity times gain². */
async function gramError(w: tf.Tensor, by: "columns" | "rows", gain = 1): Promise<number> {
  const [rows, cols] = [w.shape.slice(0, -1).reduce((a, b) => a * b, 1), w.shape.at(-1)!];
  const x = await w.data();
  const at = (i: number, j: number): number => x[i * cols + j] as number;
  const [n, len] = by === "columns" ? [cols, rows] : [rows, cols];
  const entry = (a: number, k: number): number => (by === "columns" ? at(k, a) : at(a, k));
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let dot = 0;
      for (let k = 0; k < len; k++) dot += entry(a, k) * entry(b, k);
      worst = Math.max(worst, Math.abs(dot - (a === b ? gain * gain : 0)));
    }
  }
  return worst;
}

describe("init: moments of each initialiser match its formula (within 4 standard errors)", () => {
  it("fans are PyTorch's: Dense [in, out] → (in, out); Conv2D [kh, kw, in, out] → (in·kh·kw, out·kh·kw)", () => {
    assert.deepEqual(fans(DENSE), { fanIn: 512, fanOut: 256 });
    assert.deepEqual(fans(CONV), { fanIn: 576, fanOut: 1152 });
  });

  it("normal({ mean: 0.5, std: 2 }) and uniform({ low: -0.5, high: 1.5 })", async () => {
    await assertMoments(normal({ mean: 0.5, std: 2, seed: 1 }), DENSE, 0.5, 2, "normal");
    const max = await assertMoments(uniform({ low: -0.5, high: 1.5, seed: 1 }), DENSE, 0.5, 2 / Math.sqrt(12), "uniform");
    assert.ok(max <= 1.5);
  });

  it("xavier: std = gain·√(2/(fan_in + fan_out)), uniform bound √3·std", async () => {
    for (const shape of [DENSE, CONV]) {
      const { fanIn, fanOut } = fans(shape);
      const std = Math.sqrt(2 / (fanIn + fanOut));
      const max = await assertMoments(xavier({ seed: 2 }), shape, 0, std, `xavier uniform ${shape}`);
      assert.ok(max <= Math.sqrt(3) * std * (1 + 1e-7) && max > 0.99 * Math.sqrt(3) * std, `bound ${max}`);
      await assertMoments(xavier({ distribution: "normal", gain: 5 / 3, seed: 3 }), shape, 0, (5 / 3) * std, `xavier normal ${shape}`);
    }
  });

  it("he: std = √(2/(1 + a²)) / √fan, fanIn or fanOut, normal or uniform", async () => {
    for (const shape of [DENSE, CONV]) {
      const { fanIn, fanOut } = fans(shape);
      await assertMoments(he({ seed: 4 }), shape, 0, Math.sqrt(2 / fanIn), `he ${shape}`);
      await assertMoments(he({ mode: "fanOut", seed: 5 }), shape, 0, Math.sqrt(2 / fanOut), `he fanOut ${shape}`);
      const std = Math.sqrt(2 / (1 + 0.2 ** 2)) / Math.sqrt(fanIn);
      const max = await assertMoments(he({ distribution: "uniform", negativeSlope: 0.2, seed: 6 }), shape, 0, std, `he uniform ${shape}`);
      assert.ok(max <= Math.sqrt(3) * std * (1 + 1e-7));
    }
  });

  it("torchDefault is PyTorch's nn.Linear/nn.Conv2d default U(±1/√fan_in); torchDefaultBias(fanIn) the bias's", async () => {
    for (const shape of [DENSE, CONV]) {
      const bound = 1 / Math.sqrt(fans(shape).fanIn);
      const max = await assertMoments(torchDefault({ seed: 7 }), shape, 0, bound / Math.sqrt(3), `torchDefault ${shape}`);
      assert.ok(max <= bound * (1 + 1e-7) && max > 0.99 * bound, `bound ${max} vs ${bound}`);
    }
    const max = await assertMoments(torchDefaultBias(256, { seed: 8 }), [100000], 0, 1 / 16 / Math.sqrt(3), "torchDefaultBias");
    assert.ok(max <= 1 / 16 && max > 0.99 / 16);
  });
});

describe("init.orthogonal", () => {
  it("tall [512, 256]: WᵀW = I to 1e-5; wide [64, 256]: WWᵀ = I", async () => {
    const tall = orthogonal({ seed: 0 }).apply([512, 256]);
    const wide = orthogonal({ seed: 0 }).apply([64, 256]);
    assert.ok((await gramError(tall, "columns")) < 1e-5);
    assert.ok((await gramError(wide, "rows")) < 1e-5);
    tf.dispose([tall, wide]);
  });

  it("a conv kernel [3, 3, 16, 32] flattened to [144, 32] has orthonormal columns; gain scales: WᵀW = gain²·I", async () => {
    const conv = orthogonal({ seed: 1 }).apply([3, 3, 16, 32]);
    const scaled = orthogonal({ gain: 2, seed: 1 }).apply([100, 40]);
    assert.ok((await gramError(conv, "columns")) < 1e-5);
    assert.ok((await gramError(scaled, "columns", 2)) < 4e-5);
    tf.dispose([conv, scaled]);
  });
});

describe("init: seeds and backends", () => {
  it("the same seed gives the same weights, another seed different ones; a shared initialiser continues its stream", async () => {
    const a = await he({ seed: 3 }).apply([20, 10]).data();
    const b = await he({ seed: 3 }).apply([20, 10]).data();
    const c = await he({ seed: 4 }).apply([20, 10]).data();
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const shared = he({ seed: 3 });
    shared.apply([20, 10]).dispose();
    const second = await shared.apply([20, 10]).data();
    assert.notDeepEqual(second, a);
    assert.deepEqual(await shared.reset().apply([20, 10]).data(), a);
  });

  it("weights are bit-identical on the cpu and wasm backends", async () => {
    const selected = tf.getBackend();
    const inits = (): TfInitializer[] => [
      normal({ seed: 1 }),
      xavier({ seed: 1 }),
      he({ seed: 1 }),
      orthogonal({ seed: 1 }),
      torchDefault({ seed: 1 }),
    ];
    const draw = async (backend: string): Promise<Float32Array[]> => {
      assert.ok(await tf.setBackend(backend), `backend ${backend}`);
      return Promise.all(inits().map(async (init) => (await init.apply([30, 20]).data()) as Float32Array));
    };
    const cpu = await draw("cpu");
    const wasm = await draw("wasm");
    await tf.setBackend(selected);
    cpu.forEach((x, k) => assert.deepEqual(x, wasm[k]));
  });

  it("works as a layer's kernelInitializer, serialises under its own class name, and deserialises to the same weights", async () => {
    const layer = tf.layers.dense({ units: 8, inputShape: [16], kernelInitializer: xavier({ seed: 5 }) });
    const model = tf.sequential({ layers: [layer] });
    const expected = xavier({ seed: 5 }).apply([16, 8]);
    assert.deepEqual(await layer.getWeights()[0]!.data(), await expected.data());
    const config = layer.getConfig()["kernelInitializer"] as { className: string; config: Record<string, unknown> };
    assert.deepEqual(config, { className: "depthlab.Xavier", config: { distribution: "uniform", gain: 1, seed: 5 } });
    const rebuilt = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON["modelTopology"] });
    assert.deepEqual(
      await rebuilt.layers[0]!.getWeights()[0]!.data(),
      await expected.data(),
      "deserialised initialiser, same seed, same weights",
    );
    rebuilt.dispose();
    expected.dispose();
    model.dispose();
  });
});

describe("init.lsuv", () => {
  /** A 20-layer tanh MLP, and the pre-activation variance of each Dense layer on `x`, computed layer by layer. */
  const deepTanh = (init: TfInitializer): tf.Sequential =>
    tf.sequential({
      layers: Array.from({ length: 20 }, (_, k) =>
        tf.layers.dense({ units: 64, activation: "tanh", kernelInitializer: init, ...(k === 0 ? { inputShape: [32] } : {}) }),
      ),
    });
  const variances = async (model: tf.Sequential, x: tf.Tensor): Promise<number[]> => {
    const out: number[] = [];
    let h = x.clone();
    for (const layer of model.layers) {
      const [w, b] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const z = tf.add(tf.matMul(h, w), b);
      const { variance } = tf.moments(z);
      out.push((await variance.data())[0] as number);
      h.dispose();
      h = tf.tanh(z);
      tf.dispose([z, variance]);
    }
    h.dispose();
    return out;
  };

  it("brings every layer's output variance within tolerance of 1, where normal(0.01) makes it vanish with depth", async () => {
    const x = tf.randomNormal([256, 32], 0, 1, "float32", 0);
    const small = deepTanh(normal({ std: 0.01, seed: 0 }));
    const before = await variances(small, x);
    assert.ok(before.at(-1)! < 1e-12 * before[0]!, `normal(0.01): first ${before[0]}, last ${before.at(-1)}`);
    const count = tf.memory().numTensors;
    const report = await lsuv(small, x, { seed: 0 });
    assert.equal(tf.memory().numTensors, count, "lsuv leaks no tensors");
    const after = await variances(small, x);
    assert.equal(report.layers.length, 20);
    after.forEach((v, k) => assert.ok(Math.abs(v - 1) < 0.1, `layer ${k}: variance ${v}`));
    report.layers.forEach((row, k) => {
      assert.ok(row.converged && Math.abs(row.variance - after[k]!) < 1e-4, JSON.stringify(row));
      assert.ok(row.iterations >= 1 && row.iterations <= 10);
    });
    const bundle = report[Symbol.for("Jupyter.display") as never] as () => Record<string, string>;
    const shown = bundle.call(report);
    assert.match(shown["text/plain"]!, /^LSUV: 20 layers scaled to unit output variance/);
    assert.match(shown["text/html"]!, /^<table>.*<td>dense_/);
    small.dispose();
    x.dispose();
  });

  it("handles Conv2D layers (strides, same padding) and skips the others", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [8, 8, 3] }),
        tf.layers.activation({ activation: "relu" }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: "same" }),
        tf.layers.activation({ activation: "relu" }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10 }),
      ],
    });
    const x = tf.randomNormal([64, 8, 8, 3], 0, 1, "float32", 1);
    const report = await lsuv(model, x, { tolerance: 0.05, seed: 1 });
    assert.deepEqual(
      report.layers.map((l) => [l.kind, l.converged]),
      [
        ["Conv2D", true],
        ["Conv2D", true],
        ["Dense", true],
      ],
    );
    for (const k of [0, 2, 5]) {
      const out = tf.model({ inputs: model.inputs, outputs: model.layers[k]!.output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
      const variance = (await tf.moments(out).variance.data())[0]!;
      assert.ok(Math.abs(variance - 1) < 0.05, `layer ${k}: ${variance}`);
      out.dispose();
    }
    model.dispose();
    x.dispose();
  });
});

describe("init: bad options give clear errors", () => {
  it("names the function, the option and the value", () => {
    assert.throws(() => normal({ std: -1 }), /^ArgumentError: normal: std must be a finite number >= 0, got -1$/);
    assert.throws(
      () => xavier({ distribution: "gaussian" as never }),
      /xavier: distribution must be one of "uniform", "normal", got "gaussian"/,
    );
    assert.throws(() => orthogonal({ gain: NaN }), /orthogonal: gain must be a finite number > 0, got NaN/);
    assert.throws(() => xavier({ gain: NaN }), /xavier: gain must be a finite number > 0, got NaN/);
    assert.throws(() => he({ mode: "in" as never }), /he: mode must be one of "fanIn", "fanOut", got "in"/);
    assert.throws(() => he({ seed: -1 }), /he: seed must be an integer in \[0, 4294967295\], got -1/);
    assert.throws(() => uniform({ low: 1, high: 0 }), /uniform: high must be > low \(1\), got 0/);
    assert.throws(() => xavier().apply([5]), /xavier: shape must be a kernel shape of rank >= 2/);
    assert.throws(() => torchDefaultBias(0), /torchDefaultBias: fanIn must be an integer >= 1, got 0/);
  });

  it("lsuv checks its arguments", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
    const x = tf.ones([4, 2]);
    await assert.rejects(lsuv(model, x, { tolerance: 0 }), /lsuv: tolerance must be a finite number > 0, got 0/);
    await assert.rejects(lsuv(model, x, { maxIterations: 0.5 }), /lsuv: maxIterations must be an integer >= 1, got 0.5/);
    const noLinear = tf.sequential({ layers: [tf.layers.activation({ activation: "relu", inputShape: [2] })] });
    await assert.rejects(lsuv(noLinear, x), /lsuv: model must be a model with Dense or Conv2D layers/);
    tf.dispose(x);
    model.dispose();
  });
});
