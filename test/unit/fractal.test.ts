import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ready } from "../../lib/backend/index.js";
import { tf } from "../../lib/index.js";
import { makeDataset, type Dataset } from "../../lib/datasets/dataset.js";
import {
  approximationCurve,
  cantor,
  cantorDust,
  cornerFractal,
  fractal,
  fractalNet,
  fractalNetWeights,
  indicator,
  type IfsSpec,
} from "../../lib/datasets/fractal/index.js";
import type { LayerWeights } from "../../lib/nets/layer-weights.js";
import { Rng } from "../../lib/random/rng.js";

// Independent references, in exact rational arithmetic: every float32 value x is N / 2^160 for an integer N.
const SCALE = 2n ** 160n;
const exact = (x: number): bigint => BigInt(x * 2 ** 160);

/** x ∈ C_n (middle thirds) iff x ∈ [0, 1] and no ternary digit 1 among the first n. A dyadic x ∉ {0, 1} has one
 * ternary expansion (it is no a/3^m), and 1 = 0.222…₃, so the digits can be read off without ambiguity. */
function inCantor(x: number, n: number): boolean {
  let num = exact(x);
  if (num < 0n || num > SCALE) return false;
  if (num === SCALE) return true;
  for (let t = 0; t < n; t++) {
    num *= 3n;
    if (num / SCALE === 1n) return false;
    num %= SCALE;
  }
  return true;
}

/** The corner fractal is E_n × E_n with E_n ⊂ [−1, 1] built by x ↦ x/4 ± 3/4; with t = (x + 1)/2 ∈ [0, 1]:
 * t ∈ E_n iff n = 0, or t ≤ 1/4 and 4t ∈ E_{n−1}, or t ≥ 3/4 and 4t − 3 ∈ E_{n−1}. */
function inCornerSet(x: number, n: number): boolean {
  let t = (exact(x) + SCALE) / 2n; // exact: x·2^160 is even
  if (t < 0n || t > SCALE) return false;
  for (let k = 0; k < n; k++) {
    if (4n * t <= SCALE) t = 4n * t;
    else if (4n * t >= 3n * SCALE) t = 4n * t - 3n * SCALE;
    else return false;
  }
  return true;
}

const references: [IfsSpec, (x: number, n: number) => boolean][] = [
  [cantor, inCantor],
  [cantorDust, inCantor],
  [cornerFractal, inCornerSet],
];
const member = (ref: (x: number, n: number) => boolean, ds: Dataset, i: number, n: number): boolean =>
  Array.from(ds.xValues.subarray(i * ds.inputs, (i + 1) * ds.inputs)).every((x) => ref(x, n));

/** Forward pass of a plain description in float64 (our own, not the library's). */
function forward(layers: LayerWeights[], x: number[]): number[] {
  let h = x;
  for (const { weight, bias, activation } of layers) {
    h = weight.map((row, i) => {
      const s = row.reduce((acc, w, j) => acc + w * h[j]!, bias[i]!);
      return activation === "relu" ? Math.max(0, s) : s;
    });
  }
  return h;
}

function levelOf(ds: Dataset): Int32Array {
  return ds.meta["level"] as Int32Array;
}

describe("fractal datasets", () => {
  before(async () => {
    await ready();
  });

  for (const [spec, ref] of references) {
    it(`${spec.name}: positives lie in K_n, negatives from level j in K_{j−1} \\ K_j (exact digit test), n = 1…${spec === cantor ? 6 : 4}`, () => {
      for (let depth = 1; depth <= (spec === cantor ? 6 : 4); depth++) {
        const ds = fractal({ maps: spec, depth, n: 1500, seed: depth, distribution: "uniform" });
        const level = levelOf(ds);
        for (let i = 0; i < ds.n; i++) {
          const where = `${spec.name} depth ${depth} sample ${i}: x = ${ds.xValues.subarray(i * ds.inputs, (i + 1) * ds.inputs).join(", ")}`;
          if (ds.yValues[i] === 1) {
            assert.equal(level[i], 0, where);
            assert.ok(member(ref, ds, i, depth), `${where} is labelled 1 but is not in K_${depth}`);
          } else {
            const j = level[i]!;
            assert.ok(j >= 1 && j <= depth, where);
            assert.ok(!member(ref, ds, i, depth), `${where} is labelled 0 but is in K_${depth}`);
            assert.ok(member(ref, ds, i, j - 1) && !member(ref, ds, i, j), `${where} is not in K_${j - 1} \\ K_${j}`);
          }
        }
        ds.dispose();
      }
    });
  }

  it("level proportions match the level weights within 4σ, and about half the samples are positive", () => {
    const n = 40_000;
    const cases = [
      { distribution: "fine" as const },
      { distribution: "coarse" as const },
      { negatives: 3 },
      { negatives: [1, 0, 2, 0, 1] },
    ];
    for (const c of cases) {
      const ds = fractal({ maps: cantor, depth: 5, n, seed: 7, ...c });
      const p = [0.5, ...(ds.meta["levelWeights"] as number[]).map((w) => 0.5 * w)];
      const counts = new Array<number>(6).fill(0);
      for (const l of levelOf(ds)) counts[l]! += 1;
      p.forEach((pj, j) => {
        const sigma = Math.sqrt(n * pj * (1 - pj));
        assert.ok(
          Math.abs(counts[j]! - n * pj) <= 4 * sigma,
          `${JSON.stringify(c)} level ${j}: ${counts[j]} samples, expected ${n * pj} ± ${sigma}`,
        );
      });
      ds.dispose();
    }
  });

  it("records the law: fine depth 3 has level weights 1/7, 2/7, 4/7; the same seed gives the same points", () => {
    const a = fractal({ maps: cantor, depth: 3, n: 50, seed: 3 });
    const b = fractal({ maps: cantor, depth: 3, n: 50, seed: 3 });
    const w = a.meta["levelWeights"] as number[];
    [1 / 7, 2 / 7, 4 / 7].forEach((v, j) => assert.ok(Math.abs(w[j]! - v) < 1e-15));
    assert.deepEqual(
      {
        spec: a.meta["spec"],
        depth: a.meta["depth"],
        positiveFraction: a.meta["positiveFraction"],
        margin: a.meta["margin"],
        seed: a.meta["seed"],
      },
      { spec: "cantor", depth: 3, positiveFraction: 0.5, margin: 0.05, seed: 3 },
    );
    assert.deepEqual(a.xValues, b.xValues);
    assert.match(a.name, /fractal\(cantor, depth 3\)/);
    a.dispose();
    b.dispose();
  });

  it("a bare array of maps lives on [−1, 1]^d, as in the lecture", () => {
    const maps = cornerFractal.maps;
    const ds = fractal({ maps, depth: 2, n: 300, seed: 1 });
    for (let i = 0; i < ds.n; i++) assert.equal(member(inCornerSet, ds, i, 2), ds.yValues[i] === 1);
    assert.equal(ds.meta["spec"], "ifs");
    ds.dispose();
  });

  it("indicator agrees with the digit tests on random points and keeps boundary points like 1/3 and 7/9", () => {
    for (const n of [0, 1, 5, 12]) {
      const inC = indicator(cantor, n);
      for (const x of [0, 1 / 3, 2 / 3, 1, 2 / 9, 7 / 9, 1 / 4]) assert.equal(inC(x), 1, `${x} ∈ C_${n}`);
      assert.equal(inC(0.5), n === 0 ? 1 : 0);
      assert.equal(inC(1.01), 0);
    }
    const rng = new Rng(5);
    for (const [spec, ref] of references) {
      const [lo, hi] = spec.box[0]!;
      for (let depth = 0; depth <= 8; depth++) {
        const inK = indicator(spec, depth);
        for (let i = 0; i < 2000; i++) {
          const x = spec.box.map(() => Math.fround(rng.between(lo - 0.1, hi + 0.1)));
          assert.equal(inK(x), x.every((v) => ref(v, depth)) ? 1 : 0, `${spec.name} depth ${depth} x = ${x}`);
        }
      }
    }
  });
});

describe("approximation curve", () => {
  it("exact: P(0) = 1/2, P(depth) = 1, non-decreasing; fine depth 3 is 1/2, 4/7, 5/7, 1", () => {
    for (const distribution of ["fine", "coarse", "uniform"] as const) {
      const ds = fractal({ maps: cantorDust, depth: 4, n: 10, distribution });
      const { j, P, method } = approximationCurve(ds);
      assert.equal(method, "exact");
      assert.deepEqual(j, [0, 1, 2, 3, 4]);
      assert.ok(Math.abs(P[0]! - 0.5) < 1e-15);
      assert.equal(P[4], 1);
      for (let k = 1; k < P.length; k++) assert.ok(P[k]! >= P[k - 1]!, `${distribution}: P(${k}) < P(${k - 1})`);
      ds.dispose();
    }
    const fine = approximationCurve({ levelWeights: [1, 2, 4] }).P;
    [0.5, 4 / 7, 5 / 7, 1].forEach((v, k) => assert.ok(Math.abs(fine[k]! - v) < 1e-15, `P(${k}) = ${fine[k]}`));
    const quarter = approximationCurve({ levelWeights: [1, 1], positiveFraction: 0.25 }, { levels: 3 }).P;
    assert.deepEqual(quarter, [0.25, 0.625, 1, 1]);
  });

  it("the curve estimated from 20000 samples agrees with the exact one within 4σ", () => {
    const n = 20_000;
    for (const [spec, depth, distribution] of [
      [cantor, 5, "coarse"],
      [cornerFractal, 3, "fine"],
    ] as const) {
      const ds = fractal({ maps: spec, depth, n, seed: 11, distribution });
      const exactCurve = approximationCurve(ds);
      const estimate = approximationCurve(ds, { spec });
      assert.equal(estimate.method, "estimated");
      assert.equal(estimate.n, n);
      exactCurve.P.forEach((P, j) => {
        const sigma = Math.sqrt((P * (1 - P)) / n);
        assert.ok(Math.abs(estimate.P[j]! - P) <= 4 * sigma, `${spec.name} P(${j}): estimated ${estimate.P[j]}, exact ${P} ± ${sigma}`);
      });
      ds.dispose();
    }
  });

  it("estimates any labelled dataset: all-negative uniform points on [0, 1] give P(j) = 1 − (2/3)^j", async () => {
    await ready();
    const n = 20_000;
    const rng = new Rng(2);
    const xValues = Float32Array.from({ length: n }, () => rng.uniform());
    const ds = makeDataset({ name: "uniform", task: "classification", xValues, inputs: 1, yValues: new Int32Array(n), classes: 2 });
    const { P } = approximationCurve(ds, { spec: cantor, levels: 4 });
    P.forEach((p, j) => {
      const q = (2 / 3) ** j; // share of [0, 1] covered by C_j
      assert.ok(Math.abs(p - (1 - q)) <= 4 * Math.sqrt((q * (1 - q)) / n) + 1e-12, `P(${j}) = ${p}`);
    });
    ds.dispose();
  });

  it("displays as a table of j and P(j)", () => {
    const bundle = approximationCurve({ levelWeights: [1, 2, 4] })[Symbol.for("Jupyter.display") as never] as () => Record<string, string>;
    const b = bundle();
    assert.match(b["text/plain"]!, /approximation curve \(exact\)[^\n]*\nj +P\(j\)\n0 +0\.5\n1 +0\.571429\n2 +0\.714286\n3 +1\n/);
    assert.match(b["text/html"]!, /<table/);
  });
});

describe("fractalNet", () => {
  before(async () => {
    await ready();
  });

  const cases: [IfsSpec, number][] = [
    [cantor, 5],
    [cantorDust, 3],
    [cornerFractal, 3],
  ];

  it("has 2·depth + 1 hidden layers of width at most 5dr", () => {
    for (const [spec, maxDepth] of cases) {
      const d = spec.box.length;
      const r = spec.maps.length;
      for (let depth = 0; depth <= maxDepth; depth++) {
        const model = fractalNet(spec, depth);
        const units = model.layers.map((l) => (l.getConfig() as { units: number }).units);
        assert.equal(units.length, 2 * depth + 2, `${spec.name} depth ${depth}: ${units}`);
        assert.equal(units[units.length - 1], 1);
        assert.ok(
          units.slice(0, -1).every((u) => u <= 5 * d * r),
          `${spec.name} depth ${depth}: widths ${units}`,
        );
        model.dispose();
      }
    }
  });

  it("computes the label of every sample exactly in float64 (to 1e-9)", () => {
    for (const [spec, maxDepth] of cases) {
      for (let depth = 1; depth <= maxDepth; depth++) {
        for (const margin of [0.05, 0.3]) {
          const ds = fractal({ maps: spec, depth, margin, n: 1000, seed: 100 + depth });
          const layers = fractalNetWeights(spec, depth, { margin });
          for (let i = 0; i < ds.n; i++) {
            const x = Array.from(ds.xValues.subarray(i * ds.inputs, (i + 1) * ds.inputs));
            const out = forward(layers, x)[0]!;
            assert.ok(
              Math.abs(out - ds.yValues[i]!) <= 1e-9,
              `${spec.name} depth ${depth} margin ${margin}: net(${x}) = ${out}, label ${ds.yValues[i]}`,
            );
          }
          ds.dispose();
        }
      }
    }
  });

  it("the tfjs model's float32 predictions round to the labels, and no tensor is left behind", async () => {
    const tensorsBefore = tf.memory().numTensors;
    for (const [spec, maxDepth] of cases) {
      for (let depth = 1; depth <= maxDepth; depth++) {
        const ds = fractal({ maps: spec, depth, n: 1000, seed: 200 + depth });
        const model = fractalNet(spec, depth);
        const t = model.predict(ds.x) as tf.Tensor; // [n, 1]
        const pred = await t.data();
        t.dispose();
        let worst = 0;
        pred.forEach((p, i) => (worst = Math.max(worst, Math.abs(p - ds.yValues[i]!))));
        assert.ok(worst < 0.5, `${spec.name} depth ${depth}: worst error ${worst}`);
        if (depth <= 3) assert.ok(worst < 1e-2, `${spec.name} depth ${depth}: worst error ${worst}`);
        model.dispose();
        ds.dispose();
      }
    }
    assert.equal(tf.memory().numTensors, tensorsBefore);
  });
});

describe("fractal argument checks", () => {
  it("names the function, the argument and what is allowed", () => {
    const line = (matrix: number[][], offset: number[]) => ({ matrix, offset });
    const cases: [() => unknown, RegExp][] = [
      [() => fractal({ maps: cantor, depth: -1 }), /^ArgumentError: fractal: depth must be an integer in \[1, 12\], got -1$/],
      [() => fractal({ maps: cantor, depth: 3, n: 0 }), /fractal: n must be an integer in \[1, 10000000\], got 0/],
      [
        () => fractal({ maps: [line([[2]], [0])], depth: 1 }),
        /fractal: maps\[0\]\.matrix must be contractive \(largest row sum of \|entries\| < 1\), got \[\[2\]\] \(row sum 2\)/,
      ],
      [
        () => fractal({ maps: [line([[0]], [0])], depth: 1 }),
        /fractal: maps\[0\]\.matrix must be invertible \(\|det\| > 1e-12\), got \[\[0\]\]/,
      ],
      [
        () => fractal({ maps: [line([[0.5]], [-0.4]), line([[0.5]], [0.4])], depth: 1 }),
        /fractal: maps\[1\] must be a map whose image is disjoint from that of maps\[0\] .*got images in \[\[-0\.9,0\.1\]\] and \[\[-0\.1,0\.9\]\]/,
      ],
      [
        () => fractal({ maps: [line([[0.5]], [0.6])], depth: 1 }),
        /fractal: maps\[0\] must be a map of the box into itself, got corner \[1\] ↦ \[1\.1\]/,
      ],
      [
        () => fractal({ maps: cantor, depth: 3, distribution: "medium" as never }),
        /fractal: distribution must be one of "fine", "coarse", "uniform", got "medium"/,
      ],
      [
        () => fractal({ maps: cantor, depth: 3, negatives: [1, 2] }),
        /fractal: negatives must be a ratio q > 0 .* or an array of 3 non-negative weights, not all 0, got \[1,2\]/,
      ],
      [
        () => fractal({ maps: cantor, depth: 3, negatives: 2, distribution: "fine" }),
        /fractal: distribution must be left out when negatives is given/,
      ],
      [() => fractal({ maps: cantor, depth: 3, margin: 0.5 }), /fractal: margin must be a finite number in \(0, 0\.5\), got 0\.5/],
      [
        () => fractal({ maps: cantor, depth: 3, positiveFraction: 2 }),
        /fractal: positiveFraction must be a finite number in \[0, 1\], got 2/,
      ],
      [() => fractal({ maps: cantor, depth: 3, box: [[0, 1]] }), /fractal: box must be left out when the maps come as a spec/],
      [() => fractalNet(cantor, 13), /fractalNet: depth must be an integer in \[0, 12\], got 13/],
      [() => fractalNetWeights(cornerFractal, 2, { margin: 1 }), /fractalNetWeights: margin must be a finite number in \(0, 1\), got 1/],
      [() => indicator(cantor, 2)([0.1, 0.2]), /indicator: x must be a point with 1 coordinate\(s\), got \[0\.1,0\.2\]/],
      [
        () => indicator({ ...cantor, box: [[1, 0]] }, 2),
        /indicator: spec\.box\[0\] must be an interval \[lo, hi\] of finite numbers with lo < hi, got \[1,0\]/,
      ],
      [() => approximationCurve({} as never), /approximationCurve: source must be a dataset made by fractal\(\)/],
    ];
    for (const [call, pattern] of cases)
      assert.throws(call, (err: Error) => pattern.test(`${err.name}: ${err.message}`) || assert.fail(`${err.message} !~ ${pattern}`));
  });
});
