import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countPieces, countRegions, bounds } from "../../lib/regions/index.js";
import { sawtoothWeights } from "../../lib/constructions/index.js";
import type { LayerWeights } from "../../lib/nets/layer-weights.js";
import { Rng } from "../../lib/random/rng.js";
import { absIntegral, randomNet } from "./support/reference-net.js";

describe("bounds: the formulas", () => {
  it("match hand-computed values and the lecture's table", () => {
    assert.equal(bounds.shallowMax(8, 2), 37);
    assert.equal(bounds.shallowMax(12, 2), 79);
    assert.equal(bounds.montufarLowerBound({ inputs: 2, width: 4, layers: 2 }), 44);
    assert.equal(bounds.montufarLowerBound({ inputs: 2, width: 4, layers: 3 }), 176);
    assert.equal(bounds.depthBound([2, 2, 2]), 64);
    assert.equal(bounds.reluCompose(5), 10);
    assert.equal(bounds.sumBound(2, 3), 5);
    assert.equal(bounds.deepUpperBound([4, 4], 2), 121);
    assert.equal(bounds.binomial(52, 5), 2598960);
    assert.equal(bounds.l1LowerBound({ deepLayers: 10, widths: [4] }), 1 - 8 / 1024);
    assert.ok(Math.abs(bounds.fractalWidthBound({ inputs: 1, maps: 2, depth: 6, layers: 2 }) - 8 / Math.E) < 1e-12);
  });

  it("refuse nonsense with the argument's name", () => {
    assert.throws(() => bounds.depthBound([2, 0]), /depthBound: widths\[1\] must be an integer >= 1, got 0/);
    assert.throws(() => bounds.shallowMax(-1), /shallowMax: units must be an integer >= 0, got -1/);
    assert.throws(() => bounds.reluCompose(0.5), /reluCompose: pieces must be an integer >= 1, got 0.5/);
  });
});

describe("bounds are never violated on 100 random nets", () => {
  it("1 input: κ ≤ activation pieces ≤ 2^D ∏ W_d", async () => {
    const rng = new Rng(7);
    for (let k = 0; k < 100; k++) {
      const widths = Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(5));
      const r = await countPieces(randomNet(1000 + k, 1, widths), { domain: "all" });
      assert.ok(r.pieces <= r.activationPieces && r.activationPieces <= bounds.depthBound(widths), `${widths}: ${r.activationPieces}`);
    }
  });

  it("κ(σ(s)) ≤ 2 κ(s) for every unit s of random nets (lecture 6.1's step)", async () => {
    for (let k = 0; k < 30; k++) {
      const net = randomNet(2000 + k, 1, [3, 3]);
      const hidden = net.slice(0, 2);
      for (let u = 0; u < 3; u++) {
        const pick: LayerWeights = { weight: [hidden[1]!.weight[u]!], bias: [hidden[1]!.bias[u]!], activation: "linear" };
        const s = await countPieces([hidden[0]!, pick], { domain: "all" });
        const relu = await countPieces([hidden[0]!, { ...pick, activation: "relu" }], { domain: "all" });
        assert.ok(relu.pieces <= bounds.reluCompose(s.pieces));
      }
    }
  });

  it("2 inputs: linear ≤ activation regions ≤ ∏ shallowMax(W_l, 2); one layer in general position is exactly the shallow maximum", async () => {
    const rng = new Rng(11);
    for (let k = 0; k < 100; k++) {
      const widths = Array.from({ length: 1 + rng.int(3) }, () => 1 + rng.int(4));
      const r = await countRegions(randomNet(3000 + k, 2, widths), { box: "all" });
      assert.ok(r.linearRegions <= r.activationRegions && r.activationRegions <= bounds.deepUpperBound(widths, 2), `${widths}`);
      if (widths.length === 1) assert.equal(r.activationRegions, bounds.shallowMax(widths[0]!, 2), `${widths}`);
    }
  });

  it("‖16·sawtooth_D* − g‖₁ ≥ 1 − 2^D ∏W / 2^{D*} for shallower sawtooths and random nets g (exact integrals)", async () => {
    const Dstar = 8;
    const f = await countPieces(sawtoothWeights(Dstar));
    const distance = async (g: LayerWeights[]): Promise<number> => {
      const p = await countPieces(g);
      const cuts = [...new Set([0, 1, ...f.breakpoints, ...p.breakpoints])].sort((a, b) => a - b);
      let sum = 0;
      let i = 0;
      let j = 0;
      for (let c = 0; c + 1 < cuts.length; c++) {
        const [a, b] = [cuts[c]!, cuts[c + 1]!];
        while (f.piece(i).to <= a) i++;
        while (p.piece(j).to <= a) j++;
        const [fp, gp] = [f.piece(i), p.piece(j)];
        sum += absIntegral(16 * fp.slope[0]! - gp.slope[0]!, 16 * fp.intercept[0]! - gp.intercept[0]!, a, b);
      }
      return sum;
    };
    for (const D of [1, 2, 3]) {
      const scaled = sawtoothWeights(D);
      scaled[D] = { ...scaled[D]!, weight: [scaled[D]!.weight[0]!.map((w) => 16 * w)] };
      assert.ok((await distance(scaled)) >= bounds.l1LowerBound({ deepLayers: Dstar, widths: [2, 2, 2].slice(0, D) }) - 1e-12);
    }
    for (let k = 0; k < 20; k++) {
      const g = randomNet(4000 + k, 1, [6]);
      assert.ok((await distance(g)) >= bounds.l1LowerBound({ deepLayers: Dstar, widths: [6] }));
    }
  });
});
