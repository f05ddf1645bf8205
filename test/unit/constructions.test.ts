import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { countPieces, countRegions } from "../../lib/regions/index.js";
import { sawtooth, sawtoothWeights, montufar, montufarWeights, shallowArrangement } from "../../lib/constructions/index.js";
import { absIntegral, forward } from "./support/reference-net.js";

before(async () => {
  await ready();
});

describe("the sawtooth (lecture 6.1)", () => {
  it("has exactly 2^D pieces on [0, 1] for D = 1..12, with slopes ±2^D and breakpoints k/2^D", async () => {
    for (let D = 1; D <= 12; D++) {
      const r = await countPieces(sawtoothWeights(D));
      assert.equal(r.pieces, 2 ** D, `D = ${D}`);
      assert.equal(r.activationPieces, 2 ** D);
      r.breakpoints.forEach((b, k) => assert.equal(b, (k + 1) / 2 ** D));
      for (let i = 0; i < r.pieces; i++) assert.equal(r.slopes[i], i % 2 === 0 ? 2 ** D : -(2 ** D));
    }
  });

  it("uses D hidden layers of 2 units and has period 2/2^D: 2^(D−1) teeth of two pieces each (float64 reference)", () => {
    const D = 5;
    const layers = sawtoothWeights(D);
    assert.equal(layers.length, D + 1);
    assert.ok(layers.slice(0, D).every((l) => l.weight.length === 2));
    for (const x of [0.01, 0.013, 0.02, 0.027]) {
      for (let k = 1; k < 2 ** (D - 1); k++) {
        assert.ok(Math.abs(forward(layers, [x]).y[0]! - forward(layers, [x + (2 * k) / 2 ** D]).y[0]!) < 1e-12);
      }
      assert.ok(Math.abs(forward(layers, [x]).y[0]! - forward(layers, [x + 1 / 2 ** D]).y[0]!) > 1e-3, "half a period is not a period");
    }
  });

  it("integrates to 1/2 and ∫|f − 1/2| = 1/4 (the quantity in the lecture's L1 argument), computed from its pieces", async () => {
    for (const D of [1, 4, 9]) {
      const r = await countPieces(sawtoothWeights(D));
      assert.equal(r.integral()[0], 0.5);
      let dist = 0;
      for (let i = 0; i < r.pieces; i++) {
        const p = r.piece(i);
        dist += absIntegral(p.slope[0]!, p.intercept[0]! - 0.5, p.from, p.to);
      }
      assert.ok(Math.abs(dist - 0.25) < 1e-12, `D = ${D}: ${dist}`);
    }
  });

  it("on the whole line adds the two constant ends: 2^D + 2 pieces for D ≥ 2", async () => {
    for (const D of [2, 3, 6]) assert.equal((await countPieces(sawtoothWeights(D), { domain: "all" })).pieces, 2 ** D + 2);
  });

  it("is a tfjs model that computes the tent map composed D times", async () => {
    const model = sawtooth(3);
    const xs = tf.tensor2d([[0], [0.0625], [0.125], [0.3], [1]]);
    const out = model.predict(xs) as tf.Tensor;
    const ys = Array.from(await out.data());
    const tent = (x: number): number => 1 - Math.abs(2 * x - 1);
    [0, 0.0625, 0.125, 0.3, 1].forEach((x, i) => assert.ok(Math.abs(ys[i]! - tent(tent(tent(x)))) < 1e-6));
    tf.dispose([xs, out]);
    model.dispose();
  });
});

describe("Montúfar's folding construction against the numbers the Artières lecture quotes", () => {
  it("2 inputs, width 4: 44 regions with 2 layers, 176 with 3, 704 with 4 (2^{2(k−1)} · 11)", async () => {
    for (const [layers, expected] of [
      [1, 11],
      [2, 44],
      [3, 176],
      [4, 704],
    ] as const) {
      const r = await countRegions(montufarWeights({ inputs: 2, layers, width: 4 }));
      assert.equal(r.activationRegions, expected, `${layers} layers`);
      assert.equal(r.linearRegions, expected, `${layers} layers`);
    }
  });

  it("beats a shallow net with as many units: 44 > 37 for 8 units, 176 > 79 for 12", async () => {
    const shallow8 = await countRegions(shallowArrangement(8));
    const shallow12 = await countRegions(shallowArrangement(12));
    assert.equal(shallow8.linearRegions, 37);
    assert.equal(shallow12.linearRegions, 79);
    assert.equal((await countRegions(montufar({ layers: 2, width: 4 }))).linearRegions, 44);
    assert.equal((await countRegions(montufar({ layers: 3, width: 4 }))).linearRegions, 176);
  });

  it("the shallow arrangement reaches 1 + n + C(n, 2) on the whole plane too", async () => {
    for (const n of [3, 5, 8, 12]) {
      const r = await countRegions(shallowArrangement(n), { box: "all" });
      assert.equal(r.linearRegions, 1 + n + (n * (n - 1)) / 2, `n = ${n}`);
    }
  });

  it("1 input, width n: p^{k−1}·(n + 1) pieces on [0, 1] with p = n", async () => {
    assert.equal((await countPieces(montufarWeights({ inputs: 1, layers: 3, width: 3 }))).pieces, 36);
    assert.equal((await countPieces(montufarWeights({ inputs: 1, layers: 2, width: 4 }))).pieces, 20);
  });

  it("width 6 on 2 inputs folds each coordinate in 3: 3^2 · (1 + 6 + 15) = 198 with 2 layers", async () => {
    assert.equal((await countRegions(montufarWeights({ inputs: 2, layers: 2, width: 6 }))).linearRegions, 198);
  });

  it("refuses widths below 2·inputs and unsupported input sizes", () => {
    assert.throws(() => montufar({ inputs: 2, width: 3 }), /montufar: width must be an integer in \[4, 4096\], got 3/);
    assert.throws(() => montufar({ inputs: 3 }), /montufar: inputs must be an integer in \[1, 2\], got 3/);
    assert.throws(() => sawtooth(-1), /sawtooth: depth must be an integer in \[1, 64\], got -1/);
    assert.throws(() => shallowArrangement(0), /shallowArrangement: n must be an integer in \[1, 4096\], got 0/);
  });
});
