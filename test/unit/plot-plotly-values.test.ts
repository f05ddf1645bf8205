import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { montufarWeights } from "../../lib/constructions/montufar.js";
import { sawtoothWeights } from "../../lib/constructions/sawtooth.js";
import { makeDataset } from "../../lib/datasets/dataset.js";
import { fromWeights } from "../../lib/nets/from-weights.js";
import { columnsOf } from "../../lib/plot/data.js";
import { decisionBoundary } from "../../lib/plot/decision-boundary.js";
import { images } from "../../lib/plot/images.js";
import { line } from "../../lib/plot/line.js";
import { lossLandscape } from "../../lib/plot/loss-landscape.js";
import { pieces } from "../../lib/plot/pieces.js";
import { regions } from "../../lib/plot/regions.js";
import { scatter } from "../../lib/plot/scatter.js";
import { countRegions } from "../../lib/regions/count-regions.js";
import { aq } from "../../lib/aq.js";
import { forward, randomNet } from "./support/reference-net.js";

before(async () => {
  await ready();
});

describe("columnsOf reads every data form into the same columns", () => {
  const expected = { x: [0, 1, 2], y: [1, 4, 9] };
  const forms: [string, unknown, object][] = [
    ["numbers (y against the index)", [1, 4, 9], {}],
    [
      "[x, y] pairs",
      [
        [0, 1],
        [1, 4],
        [2, 9],
      ],
      {},
    ],
    [
      "row objects",
      [
        { a: 0, b: 1 },
        { a: 1, b: 4 },
        { a: 2, b: 9 },
      ],
      { x: "a", y: "b" },
    ],
    ["an object of columns", { x: [0, 1, 2], y: Float32Array.of(1, 4, 9) }, {}],
    ["a 1-D tensor", tf.tensor1d([1, 4, 9]), {}],
    [
      "a 2-D tensor [n, 2]",
      tf.tensor2d([
        [0, 1],
        [1, 4],
        [2, 9],
      ]),
      {},
    ],
    ["an arquero table", aq.table({ x: [0, 1, 2], y: [1, 4, 9] }), {}],
    ["arrays given as options", null, { x: [0, 1, 2], y: tf.tensor1d([1, 4, 9]) }],
  ];
  for (const [name, data, options] of forms) {
    it(name, async () => {
      const cols = await columnsOf("line", data, options);
      assert.deepEqual({ x: cols.x, y: cols.y }, expected);
    });
  }

  it("a 2-D tensor's columns are x0, x1, … like a dataset's table, and any can be chosen", async () => {
    const cols = await columnsOf(
      "scatter",
      tf.tensor2d([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      { y: "x2" },
    );
    assert.deepEqual([cols.x, cols.y, cols.names], [[1, 4], [3, 6], { x: "x0", y: "x2" }]);
  });

  it("errors name the function, the option and what was wrong", async () => {
    await assert.rejects(
      columnsOf("line", [{ a: 1 }], { y: "c" }),
      /^ArgumentError: line: y must be a column of the data \("a"\), got "c"$/,
    );
    await assert.rejects(columnsOf("scatter", { x: [1], y: [1, 2] }), /scatter: x must have as many values as y \(2\), got 1/);
    await assert.rejects(columnsOf("line", [{ y: "a" }]), /line: y must be numbers, got "a" at index 0/);
    await assert.rejects(
      columnsOf("line", tf.zeros([2, 2, 2])),
      /line: data must be a 1-D or 2-D tensor, got "a tensor of shape \[2, 2, 2\]"/,
    );
    await assert.rejects(line([1, 2], { logY: "yes" as never }), /line: logY must be true or false, got "yes"/);
    await assert.rejects(scatter([1, 2], { opacity: 2 }), /scatter: opacity must be a finite number in \(0, 1\], got 2/);
  });

  it("color groups become one trace each, in order of first appearance, with the group's name", async () => {
    const fig = await scatter({ x: [0, 1, 2, 3], y: [0, 1, 2, 3], g: ["b", "a", "b", "a"] }, { color: "g" });
    assert.deepEqual(
      fig.spec.data.map((t: { name: string; x: number[] }) => [t.name, t.x]),
      [
        ["b", [0, 2]],
        ["a", [1, 3]],
      ],
    );
  });
});

describe("course figures agree with independent references", () => {
  /** Polygons (null-separated rings) and their total area (shoelace) over a figure's traces. */
  function polygonsOf(data: { x: (number | null)[]; y: (number | null)[] }[]): { polygons: number; area: number } {
    let polygons = 0;
    let area = 0;
    for (const trace of data) {
      let ring: [number, number][] = [];
      const close = () => {
        polygons++;
        for (let i = 0; i + 1 < ring.length; i++) area += (ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1]) / 2;
        ring = [];
      };
      trace.x.forEach((x, i) => (x === null ? close() : ring.push([x, trace.y[i]!])));
      close();
    }
    return { polygons, area };
  }

  it("regions: one trace per linear region, one polygon per activation region, tiling the box", async () => {
    const net = randomNet(7, 2, [6, 6]);
    const count = await countRegions(net, {
      box: [
        [-1, 1],
        [-1, 1],
      ],
    });
    const fig = await regions(net, {
      box: [
        [-1, 1],
        [-1, 1],
      ],
    });
    assert.equal(fig.spec.data.length, count.linearRegions);
    const { polygons, area } = polygonsOf(fig.spec.data);
    assert.equal(polygons, count.activationRegions);
    assert.ok(Math.abs(area - 4) < 1e-3, `the polygons cover ${area}, the box 4`);
  });

  it("regions past 400: regions share 24 colour traces, every cell still drawn once", async () => {
    const net = randomNet(5, 2, [24, 24, 24]);
    const count = await countRegions(net, {
      box: [
        [-1, 1],
        [-1, 1],
      ],
    });
    assert.ok(count.linearRegions > 400, `${count.linearRegions} regions`);
    const fig = await regions(net, {
      box: [
        [-1, 1],
        [-1, 1],
      ],
    });
    assert.equal(fig.spec.data.length, 24);
    const { polygons, area } = polygonsOf(fig.spec.data);
    assert.equal(polygons, count.activationRegions);
    assert.ok(Math.abs(area - 4) < 1e-3, `the polygons cover ${area}, the box 4`);
  });

  it("regions of Montúfar's 2-layer construction: the title says the lecture's 44", async () => {
    const fig = await regions(montufarWeights({ inputs: 2, layers: 2, width: 4 }));
    assert.equal(fig.spec.data.length, 44);
    assert.match(fig.spec.layout.title.text, /^44 linear regions/);
  });

  it("pieces: the drawn corners are the network's outputs there (plain forward pass) and sawtooth(3) has 8 pieces", async () => {
    const net = sawtoothWeights(3);
    const fig = await pieces(net);
    const [graph, marks] = fig.spec.data as { x: number[]; y: number[] }[];
    assert.equal(graph!.x.length, 9); // 8 pieces: both ends plus 7 breakpoints
    assert.equal(marks!.x.length, 7);
    graph!.x.forEach((x, i) => assert.ok(Math.abs(graph!.y[i]! - forward(net, [x]).y[0]!) < 1e-5, `f(${x})`));
    const random = randomNet(3, 1, [8, 8]);
    const rfig = await pieces(random, { domain: [-2, 2] });
    const rgraph = rfig.spec.data[0] as { x: number[]; y: number[] };
    rgraph.x.forEach((x, i) =>
      assert.ok(Math.abs(rgraph.y[i]! - forward(random, [x]).y[0]!) < 1e-4 * (1 + Math.abs(rgraph.y[i]!)), `f(${x})`),
    );
  });

  it("decisionBoundary: the grid's class at sample points is model.predict's argmax there", async () => {
    const model = fromWeights(
      randomNet(11, 2, [8]).map((l, i, all) =>
        i === all.length - 1 ? { ...l, weight: [l.weight[0]!, l.weight[0]!.map((w) => -w)], bias: [l.bias[0]!, 0.3] } : l,
      ),
    );
    const ds = makeDataset({
      name: "square",
      task: "classification",
      inputs: 2,
      classes: 2,
      xValues: Float32Array.of(-1, -1, 1, 1, -1, 1, 1, -1),
      yValues: Int32Array.of(0, 1, 0, 1),
    });
    const fig = await decisionBoundary(model, ds, { resolution: 21 });
    const grid = fig.spec.data[0] as { x: number[]; y: number[]; z: number[][] };
    const samples: [number, number][] = [];
    for (let i = 0; i < 21; i += 4) for (let j = 0; j < 21; j += 5) samples.push([i, j]);
    const input = tf.tensor2d(samples.map(([i, j]) => [grid.x[j]!, grid.y[i]!]));
    const predicted = await (model.predict(input) as tf.Tensor).argMax(1).data();
    samples.forEach(([i, j], k) => assert.equal(grid.z[i]![j], predicted[k], `grid (${grid.x[j]}, ${grid.y[i]})`));
    assert.ok(new Set(grid.z.flat()).size === 2, "both classes appear on the grid");
    input.dispose();
    model.dispose();
    ds.dispose();
  });

  it("decisionBoundary with one sigmoid output: class 1 where the output exceeds 0.5", async () => {
    const model = fromWeights([{ weight: [[1, 1]], bias: [-1], activation: "linear" }]); // x0 + x1 - 1
    const sigmoid = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: "sigmoid", weights: model.getWeights() })],
    });
    const ds = makeDataset({
      name: "two",
      task: "classification",
      inputs: 2,
      classes: 2,
      xValues: Float32Array.of(0, 0, 1, 1),
      yValues: Int32Array.of(0, 1),
    });
    for (const m of [model, sigmoid]) {
      const fig = await decisionBoundary(m, ds, { resolution: 5, padding: 0 }); // grid 0, 0.25, …, 1 on both axes
      const z = fig.spec.data[0].z as number[][];
      z.forEach((row, i) => row.forEach((c, j) => assert.equal(c, (i + j) * 0.25 > 1 ? 1 : 0, `(${j * 0.25}, ${i * 0.25})`)));
    }
    model.dispose();
    sigmoid.dispose();
    ds.dispose();
  });

  it("lossLandscape: contour values are the loss at the grid points, whether the loss takes numbers or tensors", async () => {
    const f = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const ft = (x: tf.Tensor1D, y: tf.Tensor1D) => tf.scalar(1).sub(x).square().add(y.sub(x.square()).square().mul(100));
    const a = await lossLandscape(f, { resolution: 12, xRange: [-2, 2], yRange: [-1, 3] });
    const b = await lossLandscape(ft, { resolution: 12, xRange: [-2, 2], yRange: [-1, 3] });
    const za = a.spec.data[0].z as number[][];
    const zb = b.spec.data[0].z as number[][];
    const [x, y] = [(j: number) => -2 + (4 * j) / 11, (i: number) => -1 + (4 * i) / 11]; // the grid, by hand
    za.forEach((row, i) =>
      row.forEach((v, j) => {
        const want = f(x(j), y(i));
        assert.ok(Math.abs(v - want) <= 1e-5 * (1 + want), `z[${i}][${j}] = ${v}, want ${want}`);
        assert.ok(Math.abs(zb[i]![j]! - want) <= 1e-4 * (1 + want), `tensor form z[${i}][${j}] = ${zb[i]![j]}, want ${want}`);
      }),
    );
  });

  it("images: pixels are mapped linearly onto 0…255 and labels read through classNames", async () => {
    const t = tf.tensor3d([
      [
        [0, 0.5],
        [1, 0.25],
      ],
    ]); // [1, 2, 2]
    const fig = await images(t, { labels: [1], classNames: ["a", "b"] });
    assert.deepEqual(fig.spec.data[0].z, [
      [0, 128],
      [255, 64],
    ]);
    assert.equal(fig.spec.layout.annotations[0].text, "b");
    await assert.rejects(images(tf.zeros([2, 3])), /images: data must be a tensor \[n, h, w\]/);
    t.dispose();
  });
});

describe("line with facets and colours", () => {
  it("lists every colour group once in the legend, also a group missing from the first panel", async () => {
    const { line } = await import("../../lib/plot/line.js");
    const rows = [
      { t: 0, v: 1, run: "sgd", split: "train" },
      { t: 1, v: 2, run: "sgd", split: "train" },
      { t: 0, v: 3, run: "adam", split: "test" }, // adam appears only in the second panel
      { t: 1, v: 4, run: "adam", split: "test" },
      { t: 0, v: 5, run: "sgd", split: "test" },
    ];
    const fig = await line(rows, { x: "t", y: "v", color: "run", facet: "split" });
    const shown = (fig.spec.data as { name: string; showlegend: boolean }[]).filter((t) => t.showlegend).map((t) => t.name);
    assert.deepEqual(shown.sort(), ["adam", "sgd"]);
  });
});
