import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import Ajv from "ajv";
import * as aq from "arquero";
import { DISPLAY } from "../../lib/display/protocol.js";
import { curves } from "../../lib/plot/curves.js";
import { Figure } from "../../lib/plot/figure.js";
import { histogram } from "../../lib/plot/histogram.js";
import { binCounts } from "../../lib/plot/vega/bin-counts.js";
import { layerStats } from "../../lib/plot/layer-stats.js";
import { table } from "../../lib/plot/table.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { historyOf } from "./plot-vega-fixtures.js";
import { matchesSnapshot as sharedSnapshot } from "./support/snapshot.js";

// Snapshots of each vega-lite spec, normalised (numbers to 6 significant digits, keys sorted), in
// test/snapshots/plot-vega/<name>.json. UPDATE_SNAPSHOTS=1 rewrites them; review the diff (and the figures) by eye.
const SNAPSHOTS = join(PACKAGE_ROOT, "test", "snapshots", "plot-vega");

function normalise(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => [k, normalise((value as Record<string, unknown>)[k])]);
    return Object.fromEntries(entries);
  }
  return value;
}

function matchesSnapshot(name: string, figure: Figure): void {
  sharedSnapshot(SNAPSHOTS, name, JSON.stringify(normalise(figure.spec), null, 1) + "\n");
}

// The JSON schema shipped with vega-lite (draft-07), compiled once; without inlined refs and code optimisation
// ajv compiles it in ~4 s instead of ~20 s. Formats (uri, color-hex) are not checked.
const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, "node_modules", "vega-lite", "build", "vega-lite-schema.json"), "utf8"));
const validate = new Ajv({ strict: false, validateFormats: false, inlineRefs: false, code: { optimize: false } }).compile(schema);

const rows = [0.1, 0.4, 0.45, 0.9, 1.5, 2.2, 2.3, 2.9].map((v, i) => ({
  v,
  group: i % 2 ? "odd" : "even",
  half: i < 4 ? "first" : "second",
}));

/** Every figure on small fixed inputs, by snapshot name. */
const figures: Record<string, () => Figure | Promise<Figure>> = {
  "histogram-list": () => histogram([0, 1, 1, 2, 2, 2, 3], { bins: 4 }),
  "histogram-color-facet": () => histogram(rows, { x: "v", color: "group", facet: "half", bins: 3, title: "groups" }),
  "histogram-tensor": () =>
    histogram(
      tf.tensor2d([
        [0, 1, 2],
        [3, 4, 5],
      ]),
      { bins: 2 },
    ),
  "curves-one": () => curves(historyOf(0.1), { metrics: ["loss"] }),
  "curves-runs-log-smooth": () => curves({ slow: historyOf(0.02), fast: historyOf(0.1) }, { logScale: true, smooth: 0.6 }),
  "curves-epoch": () => curves([historyOf(0.02), historyOf(0.1)], { x: "epoch", metrics: ["loss", "valLoss"] }),
  "layer-stats-histograms": () => layerStats(historyOf(0.02), { step: "first" }),
  "layer-stats-runs": () => layerStats({ "std 0.5": historyOf(0.02), "std 1": historyOf(0.1) }, { sharedX: true }),
  "layer-stats-std": () => layerStats({ "std 0.5": historyOf(0.02), "std 1": historyOf(0.1) }, { stat: "std" }),
  "layer-stats-all-steps": () => layerStats(historyOf(0.02), { stat: "norm", step: "all" }),
};

describe("vega-lite figures match their reviewed snapshots and the vega-lite schema", () => {
  for (const [name, make] of Object.entries(figures)) {
    it(`${name}: a valid vega-lite v5 spec, as reviewed`, async () => {
      const fig = await make();
      assert.equal(fig.engine, "vega-lite");
      assert.equal(fig.spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
      assert.ok(validate(fig.spec), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3), null, 1)}`);
      matchesSnapshot(name, fig);
    });
  }
});

describe("histogram", () => {
  it("counts [0, 1, 1, 2, 2, 2, 3] in 4 bins of width 3/4 as 1, 2, 3, 1 (the last bin closed)", async () => {
    const fig = await histogram([0, 1, 1, 2, 2, 2, 3], { bins: 4 });
    const bins = fig.spec.data.values as { start: number; end: number; count: number }[];
    assert.deepEqual(
      bins.map((b) => b.count),
      [1, 2, 3, 1],
    );
    assert.deepEqual(
      bins.map((b) => b.start),
      [0, 0.75, 1.5, 2.25],
    );
    assert.equal(bins[3]!.end, 3);
    assert.equal(String(fig), "Figure(histogram, 1 series, 7 points)");
  });

  it("counts each colour and facet group over one shared set of bins", () => {
    const values = rows.map((r) => r.v);
    const bins = binCounts(
      values,
      3,
      [0, 3],
      rows.map((r) => r.group),
      rows.map((r) => r.half),
    );
    const count = (group: string, half: string) => bins.filter((b) => b.color === group && b.facet === half).map((b) => b.count);
    // by hand: even first = 0.1, 0.45; odd first = 0.4, 0.9; even second = 1.5, 2.3; odd second = 2.2, 2.9
    assert.deepEqual(count("even", "first"), [2, 0, 0]);
    assert.deepEqual(count("odd", "first"), [2, 0, 0]);
    assert.deepEqual(count("even", "second"), [0, 1, 1]);
    assert.deepEqual(count("odd", "second"), [0, 0, 2]);
  });

  it("bins every entry of a 2-D tensor, and leaves out NaN and infinities", async () => {
    const t = await histogram(
      tf.tensor2d([
        [0, 1, 2],
        [3, 4, 5],
      ]),
      { bins: 2 },
    );
    assert.deepEqual(
      t.spec.data.values.map((b: { count: number }) => b.count),
      [3, 3],
    );
    const f = await histogram([1, NaN, 2, Infinity, -Infinity], { bins: 1 });
    assert.deepEqual(f.spec.data.values, [{ start: 1, end: 2, count: 2 }]);
  });

  it("names the bad argument and the allowed values", async () => {
    await assert.rejects(histogram([1, 2], { bins: 0 }), /histogram: bins must be an integer in \[1, 10000\], got 0/);
    await assert.rejects(histogram(rows, { x: "w" }), /histogram: x must be a column of the data \("v", "group", "half"\), got "w"/);
    await assert.rejects(histogram([1], { domain: [2, 1] }), /histogram: domain must be \[lo, hi\] with finite lo < hi/);
  });
});

describe("curves", () => {
  it("draws every logged metric, a validation metric in its training twin's panel", async () => {
    const fig = await curves(historyOf(0.1));
    assert.deepEqual(fig.spec.facet.sort, ["loss", "accuracy"]);
    const val = fig.spec.data.values.filter((p: { split: string }) => p.split === "validation");
    assert.equal(val.length, 8); // valLoss and valAccuracy at steps 10, 20, 30, 40
    assert.ok(val.every((p: { metric: string }) => p.metric === "loss" || p.metric === "accuracy"));
  });

  it("with x: epoch, averages each epoch's logged values", async () => {
    const h = historyOf(0.1);
    const fig = await curves(h, { x: "epoch", metrics: ["loss"] });
    const firstEpoch = h.rows.slice(0, 10).reduce((s, r) => s + r.loss, 0) / 10;
    assert.deepEqual(
      fig.spec.data.values.map((p: { x: number }) => p.x),
      [1, 2, 3, 4],
    );
    assert.ok(Math.abs(fig.spec.data.values[0].value - firstEpoch) < 1e-12);
  });

  it("smooths with a debiased moving average, so the first point is the first value", async () => {
    const h = historyOf(0.1);
    const [p0, p1] = (await curves(h, { metrics: ["loss"], smooth: 0.5 })).spec.data.values;
    assert.equal(p0.value, h.rows[0]!.loss);
    assert.ok(Math.abs(p1.value - (0.25 * h.rows[0]!.loss + 0.5 * h.rows[1]!.loss) / 0.75) < 1e-12);
    assert.equal(p1.raw, h.rows[1]!.loss);
  });

  it("averages long curves down to maxPoints, keeping the mean", async () => {
    const h = historyOf(0.1);
    const values = (await curves(h, { metrics: ["loss"], maxPoints: 4 })).spec.data.values;
    assert.equal(values.length, 4);
    assert.ok(Math.abs(values[0].value - h.rows.slice(0, 10).reduce((s, r) => s + r.loss, 0) / 10) < 1e-12);
    assert.equal(values[0].x, 5.5);
  });

  it("names runs by key, by position, or 'run'", async () => {
    const runsOf = (f: Figure) => [...new Set(f.spec.data.values.map((p: { run: string }) => p.run))];
    assert.deepEqual(runsOf(await curves({ sgd: historyOf(0.1), adam: historyOf(0.2) })), ["sgd", "adam"]);
    assert.deepEqual(runsOf(await curves([historyOf(0.1), historyOf(0.2)])), ["run 1", "run 2"]);
    assert.deepEqual(runsOf(await curves(historyOf(0.1))), ["run"]);
  });

  it("names the bad argument and the allowed values", async () => {
    await assert.rejects(
      curves(historyOf(0.1), { metrics: ["acc"] }),
      /curves: metrics must be logged metrics \(loss, accuracy, valLoss, valAccuracy\), got "acc"/,
    );
    await assert.rejects(
      curves(historyOf(0.1), { x: "iteration" as "step" }),
      /curves: x must be one of "step", "epoch", "time", got "iteration"/,
    );
    await assert.rejects(curves(historyOf(0.1), { smooth: 1 }), /curves: smooth must be a finite number in \[0, 1\)/);
    await assert.rejects(curves([] as never), /curves: history must be a History, an array of histories or an object of named histories/);
    await assert.rejects(curves(historyOf(0.1), { smoth: 0.9 } as never), /curves: unknown option "smoth": did you mean "smooth"\?/);
  });
});

describe("layerStats", () => {
  it("draws each layer's recorded histogram, layers in depth order, each with its std", async () => {
    const h = historyOf(0.02);
    const fig = await layerStats(h, { step: "first" });
    const first = h.records.filter((r) => r.step === 1);
    assert.deepEqual(
      fig.spec.facet.sort,
      first.map((r) => r.layer),
    );
    const stds = first.map((r) => fig.spec.data.values.find((v: { layer: string }) => v.layer === r.layer).std);
    assert.deepEqual(
      stds,
      first.map((r) => Number(r.std.toPrecision(2))),
      "the std written in each plot's corner",
    );
    assert.deepEqual(
      fig.spec.data.values.filter((v: { depth: number }) => v.depth === 2).map((v: { count: number }) => v.count),
      first[1]!.histogram.counts,
    );
    assert.equal(fig.spec.title, "activations per layer, step 1");
  });

  it("plots a statistic against depth, equal to the recorded one", async () => {
    const h = historyOf(0.02);
    const fig = await layerStats(h, { stat: "std" });
    assert.deepEqual(
      fig.spec.data.values.map((v: { value: number }) => v.value),
      h.records.filter((r) => r.step === 40).map((r) => r.std),
    );
    assert.equal(fig.spec.encoding.y.scale.type, "log");
  });

  it("names the bad argument and the allowed values", async () => {
    const h = historyOf(0.02);
    await assert.rejects(layerStats(h, { step: 7 }), /layerStats: step must be a recorded step of run "run" \(1, 40\), got 7/);
    await assert.rejects(layerStats(h, { kind: "gradNorms" }), /layerStats: history must be a history with gradNorms recorded/);
    await assert.rejects(layerStats(h, { step: "all" }), /"all" needs stat/);
    await assert.rejects(layerStats(h, { stat: "var" as "std" }), /layerStats: stat must be one of "std", "mean", "norm", got "var"/);
  });
});

describe("table", () => {
  const t = aq.table({ step: [1, 2, 3], loss: [0.5, 0.25, 0.125], epoch: [1, 1, 2] });

  it("shows the chosen columns and the first rows, counting the rest", async () => {
    const view = await table(t, { limit: 2, columns: ["step", "loss"] });
    assert.equal(String(view), "step  loss\n1     0.5\n2     0.25\n… 1 more row\n3 rows × 2 columns");
    const bundle = view[DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  });

  it("takes row objects too, and names a missing column", async () => {
    assert.equal((await table([{ a: 1 }, { a: 2 }])).table.numRows(), 2);
    await assert.rejects(
      table(t, { columns: ["lr"] }),
      /table: columns must be column names of the table \("step", "loss", "epoch"\), got "lr"/,
    );
  });

  it("is a Figure: saves its rows as .json and its table as .html, and says it has no image form", async () => {
    const fig = await table(t, { columns: ["step", "loss"] });
    assert.ok(fig instanceof Figure);
    assert.deepEqual([fig.engine, fig.info], ["table", { kind: "table", series: 2, points: 3 }]);
    const dir = mkdtempSync(join(tmpdir(), "depthlab-table-"));
    try {
      await fig.save(join(dir, "t.json"));
      assert.deepEqual(JSON.parse(readFileSync(join(dir, "t.json"), "utf8")), [
        { step: 1, loss: 0.5 },
        { step: 2, loss: 0.25 },
        { step: 3, loss: 0.125 },
      ]);
      await fig.save(join(dir, "t.html"));
      assert.match(readFileSync(join(dir, "t.html"), "utf8"), /^<!doctype html>[^]*<table[^]*3 rows × 2 columns/);
      await assert.rejects(fig.save(join(dir, "t.png")), /table: a table has no SVG or PNG form; save it as \.html or \.json/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
