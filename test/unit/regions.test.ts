import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { countPieces, countRegions } from "../../lib/regions/index.js";
import { fromWeights } from "../../lib/nets/from-weights.js";
import type { LayerWeights } from "../../lib/nets/layer-weights.js";
import { forward, randomNet } from "./support/reference-net.js";

const lin = (weight: number[][], bias: number[]): LayerWeights => ({ weight, bias, activation: "linear" });
const relu = (weight: number[][], bias: number[]): LayerWeights => ({ weight, bias, activation: "relu" });

before(async () => {
  await ready();
});

describe("countPieces: hand-computed cases", () => {
  it("relu(x) − relu(x − 1) has 3 pieces on the whole line, breaking at 0 and 1", async () => {
    const r = await countPieces([relu([[1], [1]], [0, -1]), lin([[1, -1]], [0])], { domain: "all" });
    assert.equal(r.pieces, 3);
    assert.deepEqual(Array.from(r.breakpoints), [0, 1]);
    assert.deepEqual(Array.from(r.slopes), [0, 1, 0]);
    assert.deepEqual(r.domain, [-Infinity, Infinity]);
  });

  it("relu(x) − relu(−x) = x is one piece made of two activation pieces", async () => {
    const r = await countPieces([relu([[1], [-1]], [0, 0]), lin([[1, -1]], [0])], { domain: "all" });
    assert.equal(r.pieces, 1);
    assert.equal(r.activationPieces, 2);
  });

  it("abs and leakyRelu are two pieces with the right slopes", async () => {
    const abs = await countPieces([{ weight: [[1]], bias: [-0.25], activation: "abs" }]);
    assert.deepEqual([abs.pieces, Array.from(abs.slopes), Array.from(abs.breakpoints)], [2, [-1, 1], [0.25]]);
    const leaky = await countPieces([{ weight: [[2]], bias: [0], activation: "leakyRelu", alpha: 0.5 }], { domain: [-1, 1] });
    assert.deepEqual(Array.from(leaky.slopes), [1, 2]);
  });

  it("coincident breakpoints, zero weights and units that never switch add no pieces", async () => {
    const net = [relu([[1], [2], [0], [1]], [0, 0, 1, 5]), lin([[1, 1, 1, 1]], [0])];
    const r = await countPieces(net, { domain: [-2, 2] });
    assert.equal(r.pieces, 2); // only x = 0; relu(x + 5) never switches on [-2, 2]
    assert.equal(r.activationPieces, 2);
  });

  it("counts pieces of a vector-valued net (union of the outputs' breakpoints)", async () => {
    const r = await countPieces([relu([[1], [1]], [0, -1])], { domain: "all" });
    assert.equal(r.outputs, 2);
    assert.equal(r.pieces, 3);
    assert.deepEqual(r.piece(2).slope, [1, 1]);
  });
});

describe("countPieces agrees with brute force on random nets", () => {
  it("every piece is affine and every breakpoint changes the slope (float64 reference forward pass)", async () => {
    for (let seed = 0; seed < 40; seed++) {
      const net = randomNet(seed, 1, [1 + (seed % 5), 1 + ((seed * 7) % 4)]);
      const r = await countPieces(net, { domain: [-3, 3] });
      const f = (x: number): number => forward(net, [x]).y[0]!;
      for (let i = 0; i < r.pieces; i++) {
        const { from, to, slope, intercept } = r.piece(i);
        for (const t of [0.1, 0.5, 0.9]) {
          const x = from + t * (to - from);
          assert.ok(Math.abs(f(x) - (slope[0]! * x + intercept[0]!)) < 1e-9 * (1 + Math.abs(f(x))), `seed ${seed} piece ${i}`);
        }
      }
      for (let i = 1; i < r.pieces; i++) assert.notEqual(r.piece(i - 1).slope[0], r.piece(i).slope[0]);
    }
  });

  it("a dense grid sees as many slope changes as there are breakpoints, when pieces are wider than the grid step", async () => {
    let compared = 0;
    for (let seed = 100; seed < 140; seed++) {
      const net = randomNet(seed, 1, [3, 3, 3]);
      const r = await countPieces(net, { domain: [-3, 3] });
      const edges = [-3, ...r.breakpoints, 3];
      const h = 6 / 60000;
      if (edges.slice(1).some((e, i) => e - edges[i]! < 8 * h)) continue;
      compared++;
      let changes = 0;
      let prev = (forward(net, [-3 + h]).y[0]! - forward(net, [-3]).y[0]!) / h;
      for (let k = 1; k < 60000; k++) {
        const x = -3 + k * h;
        const s = (forward(net, [x + h]).y[0]! - forward(net, [x]).y[0]!) / h;
        if (Math.abs(s - prev) > 1e-6 * (1 + Math.abs(s))) {
          changes++;
          k++; // a kink spreads over two finite differences
          prev = (forward(net, [x + 2 * h]).y[0]! - forward(net, [x + h]).y[0]!) / h;
        } else prev = s;
      }
      assert.equal(changes, r.pieces - 1, `seed ${seed}`);
    }
    assert.ok(compared >= 20, `only ${compared} nets compared`);
  });
});

describe("countRegions: hand-computed cases", () => {
  const box: [[number, number], [number, number]] = [
    [-2, 2],
    [-2, 2],
  ];
  const units = (rows: number[][], bias: number[]): LayerWeights[] => [relu(rows, bias), lin([rows.map((_, i) => i + 1)], [0])];

  it("three lines in general position: 7 regions, in a box around the crossings and on the whole plane", async () => {
    const net = units(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [0, 0, -1],
    );
    assert.equal((await countRegions(net, { box })).activationRegions, 7);
    const all = await countRegions(net, { box: "all" });
    assert.deepEqual([all.activationRegions, all.linearRegions], [7, 7]);
  });

  it("parallel lines give 3, coincident lines 2, a line outside the box or through a corner 1", async () => {
    const count = async (rows: number[][], bias: number[], b: typeof box | "all" = box): Promise<number> =>
      (await countRegions(units(rows, bias), { box: b })).activationRegions;
    assert.equal(
      await count(
        [
          [1, 0],
          [1, 0],
        ],
        [0, -1],
      ),
      3,
    );
    assert.equal(
      await count(
        [
          [1, 0],
          [1, 0],
        ],
        [0, -1],
        "all",
      ),
      3,
    );
    assert.equal(
      await count(
        [
          [1, 1],
          [2, 2],
        ],
        [0, 0],
        "all",
      ),
      2,
    );
    assert.equal(await count([[1, 0]], [-5]), 1);
    assert.equal(await count([[1, 1]], [4]), 1); // x + y = −4 touches the box only at (−2, −2)
    assert.equal(await count([[0, 0]], [1], "all"), 1);
  });

  it("n lines through one point cut the plane into 2n sectors", async () => {
    const rows = [0, 1, 2, 3].map((k) => [Math.cos((k * Math.PI) / 4 + 0.2), Math.sin((k * Math.PI) / 4 + 0.2)]);
    assert.equal((await countRegions(units(rows, [0, 0, 0, 0]), { box: "all" })).activationRegions, 8);
  });

  it("counts the regions of a vector-valued net: (relu(x), relu(y)) has 4, (relu(x), relu(x)) has 2", async () => {
    const both = await countRegions(
      [
        relu(
          [
            [1, 0],
            [0, 1],
          ],
          [0, 0],
        ),
      ],
      { box: "all" },
    );
    assert.deepEqual([both.outputs, both.linearRegions], [2, 4]);
    const same = await countRegions(
      [
        relu(
          [
            [1, 0],
            [1, 0],
          ],
          [0, 0],
        ),
      ],
      { box: "all" },
    );
    assert.equal(same.linearRegions, 2);
    assert.deepEqual(both.polygons.find((p) => p.pattern === "11")!.slope, [
      [1, 0],
      [0, 1],
    ]);
  });

  it("a unit with output weight 0 splits activation regions but not linear regions", async () => {
    const net = [
      relu(
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        [0, 0, -1],
      ),
      lin([[1, 1, 0]], [0]),
    ];
    const r = await countRegions(net, { box });
    assert.deepEqual([r.activationRegions, r.linearRegions], [7, 4]); // relu(x) + relu(y): four quadrants
  });
});

describe("countRegions agrees with a brute-force grid of activation patterns", () => {
  const inside = (v: [number, number][], x: number, y: number, eps: number): number => {
    let min = Infinity;
    for (let i = 0; i < v.length; i++) {
      const [ax, ay] = v[i]!;
      const [bx, by] = v[(i + 1) % v.length]!;
      const len = Math.hypot(bx - ax, by - ay);
      min = Math.min(min, ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / len);
    }
    return min > eps ? 1 : min < -eps ? -1 : 0;
  };

  for (const [seed, widths] of [
    [1, [4]],
    [2, [5, 3]],
    [3, [4, 4]],
    [4, [3, 3, 3]],
  ] as const) {
    it(`random net ${JSON.stringify(widths)} (seed ${seed}): grid patterns sit in the cells of the same pattern`, async () => {
      const net = randomNet(seed, 2, widths);
      const r = await countRegions(net, {
        box: [
          [-2, 2],
          [-2, 2],
        ],
      });
      const steps = 240;
      const h = 4 / steps;
      const hit = new Set<number>();
      for (let a = 0; a <= steps; a++) {
        for (let b = 0; b <= steps; b++) {
          const [x, y] = [-2 + a * h, -2 + b * h];
          const { pattern } = forward(net, [x, y]);
          const owners = r.polygons.flatMap((p, i) => (inside(p.vertices, x, y, 1e-9) === 1 ? [i] : []));
          if (owners.length === 0) continue; // on an edge
          assert.equal(owners.length, 1);
          assert.equal(r.polygons[owners[0]!]!.pattern, pattern);
          hit.add(owners[0]!);
        }
      }
      const patterns = new Set(r.polygons.map((p) => p.pattern));
      assert.equal(patterns.size, r.activationRegions, "every cell has its own pattern");
      for (const [i, p] of r.polygons.entries()) {
        let area = 0;
        let perimeter = 0;
        p.vertices.forEach(([ax, ay], k) => {
          const [bx, by] = p.vertices[(k + 1) % p.vertices.length]!;
          area += (ax * by - bx * ay) / 2;
          perimeter += Math.hypot(bx - ax, by - ay);
        });
        if (area / perimeter > h) assert.ok(hit.has(i), `cell ${i} (inradius ≥ ${h}) contains no grid point`);
      }
      assert.ok(hit.size >= 0.8 * r.activationRegions);
    });
  }
});

describe("counters on tfjs models", () => {
  it("read a model on the backend with await data(), fold batch norm, and leak no tensors", async () => {
    const before = tf.memory().numTensors;
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 3, inputShape: [1], kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
        tf.layers.batchNormalization({ movingMeanInitializer: "ones", movingVarianceInitializer: tf.initializers.constant({ value: 4 }) }),
        tf.layers.reLU(),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const r = await countPieces(model, { domain: [-5, 5] });
    const xs = tf.tidy(() => tf.linspace(-5, 5, 101).reshape([101, 1]));
    const out = model.predict(xs) as tf.Tensor;
    const ys = (await out.data()) as Float32Array;
    for (let k = 0; k < 101; k++) {
      const x = -5 + k * 0.1;
      const i = r.breakpoints.findIndex((b) => b > x);
      const p = r.piece(i === -1 ? r.pieces - 1 : i);
      assert.ok(Math.abs(p.slope[0]! * x + p.intercept[0]! - ys[k]!) < 1e-4, `x = ${x}`);
    }
    tf.dispose([xs, out]);
    model.dispose();
    assert.ok(tf.memory().numTensors <= before, "no tensors left behind");
  });

  it("fromWeights → countRegions is the same as counting the description", async () => {
    const net = randomNet(9, 2, [5, 5]);
    const model = fromWeights(net);
    const [a, b] = [await countRegions(model, { box: "all" }), await countRegions(net, { box: "all" })];
    assert.equal(a.activationRegions, b.activationRegions);
    model.dispose();
  });
});

describe("bad input is refused with the argument and the allowed values", () => {
  it("names the problem", async () => {
    const sigmoid = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [1], activation: "sigmoid" })] });
    await assert.rejects(
      countPieces(sigmoid),
      /countPieces: layer "dense\w*" activation must be piecewise linear \(relu, linear, leakyRelu, abs\), got "sigmoid"/,
    );
    await assert.rejects(
      countRegions(randomNet(0, 3, [2])),
      /countRegions: net must be a network with 2 inputs \(use countPieces for 1 input\), got "3 inputs"/,
    );
    await assert.rejects(countPieces(randomNet(0, 2, [2])), /countPieces: net must be a network with 1 input/);
    await assert.rejects(
      countPieces(randomNet(0, 1, [2]), { domain: [1, 0] }),
      /countPieces: domain must be \[a, b\] with finite a < b, or "all", got \[1,0\]/,
    );
    await assert.rejects(countRegions(randomNet(0, 2, [2]), { box: [[0, 1]] as never }), /countRegions: box must be/);
    await assert.rejects(
      countPieces([{ weight: [[1]], bias: [0], activation: "tanh" as never }]),
      /layer 0\.activation must be a piecewise-linear activation/,
    );
    await assert.rejects(
      countPieces([
        { weight: [[1]], bias: [0] },
        { weight: [[1, 1]], bias: [0] },
      ]),
      /layer 1\.weight must be rows of length 1 \(the previous layer.s width\), got "rows of length 2"/,
    );
    await assert.rejects(countPieces("net" as never), /countPieces: net must be a tfjs LayersModel/);
    sigmoid.dispose();
  });
});
