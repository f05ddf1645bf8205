// Checks every generated data set against an independent reference: a hand-derived formula, a geometric fact or a
// statistical bound. Longer than 150 lines because it covers the seven generators of lib/datasets in one place.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ready, tf } from "../../lib/index.js";
import { type Dataset, makeDataset } from "../../lib/datasets/dataset.js";
import { DISPLAY } from "../../lib/display/protocol.js";
import { disc } from "../../lib/datasets/disc.js";
import { spirals } from "../../lib/datasets/spirals.js";
import { sawtooth, tent } from "../../lib/datasets/sawtooth.js";
import { sine } from "../../lib/datasets/sine.js";
import { gaussianMixture } from "../../lib/datasets/gaussian-mixture.js";
import { xor } from "../../lib/datasets/xor.js";
import { randomLabels } from "../../lib/datasets/random-labels.js";

/** Column j of the row-major [n, d] inputs. */
const col = (ds: Dataset, j: number): number[] => Array.from({ length: ds.n }, (_, i) => ds.xValues[i * ds.inputs + j] as number);
const count = (values: ArrayLike<number>, v: number): number => Array.from(values).filter((u) => u === v).length;

describe("generated datasets", () => {
  before(async () => {
    await ready();
  });

  it("disc({n: 20000}): x in [−1, 1]², label 1 exactly when x0² + x1² < 2/π, classes balanced within 3σ", () => {
    const ds = disc({ n: 20000, seed: 0 });
    assert.deepEqual([ds.x.shape, ds.y.shape, ds.x.dtype, ds.y.dtype], [[20000, 2], [20000], "float32", "int32"]);
    const [x0, x1] = [col(ds, 0), col(ds, 1)];
    assert.ok([...x0, ...x1].every((v) => v >= -1 && v <= 1));
    for (let i = 0; i < ds.n; i++) assert.equal(ds.yValues[i], x0[i]! ** 2 + x1[i]! ** 2 < 2 / Math.PI ? 1 : 0, `sample ${i}`);
    const ones = count(ds.yValues, 1);
    assert.ok(Math.abs(ones - 10000) < 3 * Math.sqrt(20000 / 4), `${ones} inside`);
    ds.dispose();
  });

  it("the same seed gives identical arrays, another seed different ones", () => {
    for (const make of [
      (seed: number) => disc({ seed }),
      (seed: number) => spirals({ seed, noise: 0.1 }),
      (seed: number) => sine({ seed }),
    ]) {
      const [a, b, c] = [make(3), make(3), make(4)];
      assert.deepEqual([a.xValues, a.yValues], [b.xValues, b.yValues]);
      assert.notDeepEqual(a.xValues, c.xValues);
      [a, b, c].forEach((d) => d.dispose());
    }
  });

  it("sawtooth: y = T^D(x) = 1 − |2·frac(2^(D−1)·x) − 1| (T even and 1-periodic once extended), mean 1/2", () => {
    // Λ(t) = 1 − |2·frac(t) − 1| is even and 1-periodic, and T = Λ on [0, 1]. As T(x) is 2x or 2 − 2x,
    // Λ(2^k·T(x)) = Λ(2^(k+1)·x), so by induction T^D(x) = Λ(2^(D−1)·x) for D ≥ 1.
    const lambda = (t: number): number => 1 - Math.abs(2 * (t - Math.floor(t)) - 1);
    for (const depth of [1, 2, 3, 8, 12]) {
      const ds = sawtooth({ n: 20000, depth, seed: depth });
      assert.deepEqual([ds.x.shape, ds.y.shape, ds.y.dtype], [[20000, 1], [20000, 1], "float32"]);
      for (let i = 0; i < ds.n; i++) {
        const x = ds.xValues[i] as number;
        assert.ok(x >= 0 && x <= 1);
        assert.ok(Math.abs((ds.yValues[i] as number) - lambda(2 ** (depth - 1) * x)) < 1e-6, `depth ${depth}, x = ${x}`);
      }
      const mean = Array.from(ds.yValues).reduce((a, b) => a + b, 0) / ds.n;
      assert.ok(Math.abs(mean - 0.5) < 3 * Math.sqrt(1 / 12 / ds.n), `depth ${depth}: mean ${mean}`); // T^D(U) is uniform
      ds.dispose();
    }
    const flat = sawtooth({ n: 50, depth: 0 });
    assert.deepEqual(flat.yValues, flat.xValues);
    flat.dispose();
    assert.deepEqual([tent(0.25, 1), tent(0.25, 2), tent(0.25, 3), tent(3 / 8, 3)], [0.5, 1, 0, 1]);
    assert.ok(Math.abs(tent(1 / 3, 5) - 2 / 3) < 1e-12); // 1/3 → 2/3 → 2/3 …
  });

  it("sine: y = sin(π·periods·x) without noise, residual std ≈ noise with it", () => {
    const clean = sine({ n: 500, periods: 3, seed: 1 });
    assert.deepEqual(clean.x.shape, [500, 1]);
    clean.xValues.forEach((x, i) => assert.ok(Math.abs((clean.yValues[i] as number) - Math.sin(3 * Math.PI * x)) < 1e-6));
    assert.ok(clean.xValues.every((x) => x >= -1 && x <= 1));
    const noisy = sine({ n: 20000, periods: 3, noise: 0.1, seed: 1 });
    const r = Array.from(noisy.xValues, (x, i) => (noisy.yValues[i] as number) - Math.sin(3 * Math.PI * x));
    const std = Math.sqrt(r.reduce((a, v) => a + v * v, 0) / r.length);
    assert.ok(Math.abs(std - 0.1) < 0.003, `residual std ${std}`); // sd of the estimate: 0.1/√(2n) ≈ 0.0005
    [clean, noisy].forEach((d) => d.dispose());
  });

  it("spirals: class 1 is class 0 turned by π, each arm's radius grows linearly with its angle, n/2 a class", () => {
    const turns = 1.5;
    const ds = spirals({ n: 1001, turns, seed: 2 });
    assert.deepEqual([count(ds.yValues, 0), count(ds.yValues, 1)], [501, 500]);
    for (const label of [0, 1]) {
      // Turn class 1 back by π: both arms must then lie on r = 0.1 + 0.9·θ/(2π·turns), θ the angle unwrapped.
      const pts = Array.from({ length: ds.n }, (_, i) => i)
        .filter((i) => ds.yValues[i] === label)
        .map((i) => [(label ? -1 : 1) * ds.xValues[2 * i]!, (label ? -1 : 1) * ds.xValues[2 * i + 1]!] as const);
      for (const [a, b] of pts) {
        const r = Math.hypot(a, b);
        assert.ok(r >= 0.1 - 1e-6 && r <= 1 + 1e-6 && Math.abs(a) <= 1 && Math.abs(b) <= 1);
        const theta = ((r - 0.1) / 0.9) * 2 * Math.PI * turns;
        const off = Math.atan2(b, a) - theta;
        assert.ok(Math.abs(Math.atan2(Math.sin(off), Math.cos(off))) < 1e-5, `point (${a}, ${b}) is off the arm`);
      }
      // Sorted by radius, the angle only turns anticlockwise: radius increases with angle.
      const byRadius = pts.map(([a, b]) => [Math.hypot(a, b), Math.atan2(b, a)] as const).sort((p, q) => p[0] - q[0]);
      for (let k = 1; k < byRadius.length; k++) {
        const step = byRadius[k]![1] - byRadius[k - 1]![1];
        assert.ok(Math.sin(step) >= -1e-5 && Math.cos(step) > 0, `angle step ${step}`);
      }
    }
    ds.dispose();
  });

  it("gaussianMixture: centres on the unit circle, class means within 3σ/√n_k of them, labels = centre mod classes", () => {
    const std = 0.2;
    const ds = gaussianMixture({ n: 8000, centers: 4, std, seed: 5 });
    for (let k = 0; k < 4; k++) {
      const rows = Array.from({ length: ds.n }, (_, i) => i).filter((i) => ds.yValues[i] === k);
      assert.equal(rows.length, 2000);
      const centre = [Math.cos((k * Math.PI) / 2), Math.sin((k * Math.PI) / 2)];
      for (const j of [0, 1]) {
        const mean = rows.reduce((a, i) => a + ds.xValues[2 * i + j]!, 0) / rows.length;
        assert.ok(Math.abs(mean - centre[j]!) < (3 * std) / Math.sqrt(rows.length), `class ${k}, axis ${j}: ${mean}`);
      }
    }
    const two = gaussianMixture({
      n: 600,
      centers: [
        [0, 0],
        [5, 5],
        [-5, 5],
      ],
      std: 0.01,
      classes: 2,
    });
    // With std 0.01 each point is next to its own centre; centre k carries label k mod 2.
    two.yValues.forEach((y, i) => {
      const k = two.xValues[2 * i]! > 2.5 ? 1 : two.xValues[2 * i]! < -2.5 ? 2 : 0;
      assert.equal(y, k % 2);
    });
    [ds, two].forEach((d) => d.dispose());
  });

  it("xor: label 1 exactly when x0·x1 < 0; jitter moves x but labels follow the clean points", () => {
    const clean = xor({ n: 5000, seed: 1 });
    const [x0, x1] = [col(clean, 0), col(clean, 1)];
    x0.forEach((a, i) => assert.equal(clean.yValues[i], a * x1[i]! < 0 ? 1 : 0));
    assert.ok([...x0, ...x1].every((v) => v >= -1 && v <= 1));
    const noisy = xor({ n: 5000, noise: 0.1, seed: 1 });
    const [n0, n1] = [col(noisy, 0), col(noisy, 1)];
    const wrong = n0.filter((a, i) => noisy.yValues[i] !== (a * n1[i]! < 0 ? 1 : 0)).length;
    assert.ok(wrong > 0 && wrong < 0.2 * noisy.n, `${wrong} points crossed an axis`);
    n0.forEach((a, i) => {
      if (Math.abs(a) > 0.6 && Math.abs(n1[i]!) > 0.6) assert.equal(noisy.yValues[i], a * n1[i]! < 0 ? 1 : 0); // 6σ from an axis
    });
    [clean, noisy].forEach((d) => d.dispose());
  });

  it("randomLabels: exactly round(fraction·n) labels redrawn, uniformly over the classes; the rest and x unchanged", () => {
    const n = 10000;
    const xValues = Float32Array.from({ length: n }, (_, i) => i);
    const base = makeDataset({ name: "zeros", task: "classification", inputs: 1, classes: 5, xValues, yValues: new Int32Array(n) });
    const all = randomLabels(base, { fraction: 1, seed: 3 });
    assert.equal(all.name, "zeros+randomLabels");
    assert.deepEqual(all.xValues, base.xValues);
    assert.notEqual(all.xValues, base.xValues); // a copy
    const observed = [0, 1, 2, 3, 4].map((c) => count(all.yValues, c));
    const chi2 = observed.reduce((a, o) => a + (o - n / 5) ** 2 / (n / 5), 0);
    assert.ok(chi2 < 30, `chi² = ${chi2} with 4 degrees of freedom, counts ${observed}`); // P(χ²₄ > 30) ≈ 5e−6
    const part = randomLabels(base, { fraction: 0.3337, seed: 4 });
    const replaced = part.meta["replaced"] as Int32Array;
    assert.equal(replaced.length, 3337);
    assert.equal(new Set(replaced).size, 3337);
    const chosen = new Set(replaced);
    part.yValues.forEach((y, i) => {
      assert.ok(Number.isInteger(y) && y >= 0 && y < 5);
      if (!chosen.has(i)) assert.equal(y, 0);
    });
    const changed = Array.from(part.yValues).filter((y) => y !== 0).length;
    assert.ok(Math.abs(changed - 3337 * 0.8) < 3 * Math.sqrt(3337 * 0.16), `${changed} changed`); // a new label is 0 with p 1/5
    assert.deepEqual(base.yValues, new Int32Array(n)); // the original is untouched
    const seven = disc({ n: 7 });
    const half = randomLabels(seven, { fraction: 0.5 });
    assert.equal((half.meta["replaced"] as Int32Array).length, 4); // round(3.5) = 4
    const small = disc({ n: 300 });
    const none = randomLabels(small, { fraction: 0 });
    assert.deepEqual(none.yValues, small.yValues);
    const regression = sawtooth({ n: 10 });
    assert.throws(() => randomLabels(regression), /^ArgumentError: randomLabels: dataset must be a classification dataset/);
    [base, all, part, seven, half, small, none, regression].forEach((d) => d.dispose());
  });

  it("rejects bad options with the function, the argument and what is allowed", () => {
    const cases: [() => unknown, RegExp][] = [
      [() => disc({ n: 0 }), /^disc: n must be an integer >= 1, got 0$/],
      [() => disc({ n: 1.5 }), /^disc: n must be an integer >= 1, got 1.5$/],
      [() => disc({ seed: -1 }), /^disc: seed must be an integer in \[0, 4294967295\], got -1$/],
      [() => sawtooth({ depth: -1 }), /^sawtooth: depth must be an integer in \[0, 20\], got -1$/],
      [() => sawtooth({ depth: 21 }), /^sawtooth: depth must be an integer in \[0, 20\], got 21$/],
      [() => spirals({ noise: -0.1 }), /^spirals: noise must be a finite number >= 0, got -0.1$/],
      [() => spirals({ turns: 0 }), /^spirals: turns must be a finite number > 0, got 0$/],
      [() => sine({ noise: -1 }), /^sine: noise must be a finite number >= 0, got -1$/],
      [() => sine({ periods: NaN }), /^sine: periods must be a finite number > 0, got NaN$/],
      [() => xor({ noise: -1 }), /^xor: noise must be a finite number >= 0, got -1$/],
      [() => xor({ n: 0 }), /^xor: n must be an integer >= 1, got 0$/],
      [() => gaussianMixture({ centers: 0 }), /^gaussianMixture: centers must be an integer in \[1, 1000\], got 0$/],
      [() => gaussianMixture({ n: 10, centers: 11 }), /^gaussianMixture: centers must be an integer in \[1, 10\], got 11$/],
      [() => gaussianMixture({ centers: 3, classes: 4 }), /^gaussianMixture: classes must be an integer in \[1, 3\], got 4$/],
      [() => gaussianMixture({ std: -1 }), /^gaussianMixture: std must be a finite number >= 0, got -1$/],
      [() => randomLabels(disc(), { fraction: 2 }), /^randomLabels: fraction must be a finite number in \[0, 1\], got 2$/],
      [() => randomLabels(disc(), { seed: -1 }), /^randomLabels: seed must be an integer in \[0, 4294967295\], got -1$/],
      [() => tent(0.5, -1), /^tent: depth must be an integer >= 0, got -1$/],
    ];
    for (const [call, message] of cases) assert.throws(call, (e: Error) => message.test(e.message), String(message));
  });

  it("creating and disposing a dataset leaves the tensor count unchanged", () => {
    const before = tf.memory().numTensors;
    const plain = xor();
    for (const ds of [disc(), spirals(), sawtooth(), sine(), gaussianMixture(), plain, randomLabels(plain)]) ds.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("displays as the summary line, then a table with columns x0, x1, y", () => {
    const ds = disc({ n: 1000, seed: 0 });
    const ones = count(ds.yValues, 1);
    const text = ds[DISPLAY]()["text/plain"] as string;
    assert.ok(
      text.startsWith(`disc: 1000 samples, x [1000, 2] float32, y [1000] int32 (2 classes: 0 → ${1000 - ones}, 1 → ${ones})\n`),
      text,
    );
    assert.match(text.split("\n")[1]!, /^x0\s+x1\s+y$/);
    ds.dispose();
  });
});

describe("dataset display", () => {
  it("a 2-input dataset shows a scatter of its points coloured by class; other datasets show none", async () => {
    const ds = disc({ n: 300, seed: 2 });
    const html = (ds[DISPLAY]() as Record<string, string>)["text/html"]!;
    const dots = [...html.matchAll(/<circle [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(dots.length, 300);
    const ones = Array.from(ds.yValues).reduce((a, v) => a + v, 0);
    assert.equal(dots.filter((c) => c === "#ff7f0e").length, ones, "class 1 dots");
    assert.equal(dots.filter((c) => c === "#1f77b4").length, 300 - ones, "class 0 dots");
    const oneInput = sine({ n: 20, seed: 1 });
    assert.ok(!(oneInput[DISPLAY]() as Record<string, string>)["text/html"]!.includes("<svg"));
    tf.dispose([ds.x, ds.y, oneInput.x, oneInput.y]);
  });
});
