// Issue 14: sizes that cannot fit fail at once with the estimate, dl.io.save to an unwritable path fails at once
// naming the path and the reason, and misspelt option keys are refused with a hint. Every estimate is checked against
// a hand computation or against tfjs's own parameter count.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as dl from "../../lib/index.js";
import { weightBytes } from "../../lib/init/check-weights.js";
import { sampleBytes } from "../../lib/datasets/check-samples.js";
import { mlpWeights } from "../../lib/models/mlp.js";
import { resnetWeights } from "../../lib/models/resnet.js";
import { blockWeights } from "../../lib/models/residual-block.js";
import { montufarParams } from "../../lib/constructions/montufar.js";
import { checkMemory, formatBytes, formatCount, memoryLimit } from "../../lib/options/memory.js";

const { tf } = dl;
const GiB = 2 ** 30;

/** The limit the library should use, worked out here from its definition, as the end of the expected messages. */
function expectedLimit(): string {
  const wasm = tf.getBackend() === "wasm" && 2 ** 32 < os.totalmem();
  const bytes = wasm ? 2 ** 32 : os.totalmem();
  return `more than the ${(bytes / GiB).toFixed(1)} GiB ${wasm ? "the wasm backend can address" : "this machine has"}`;
}

/** Runs `call`, which must throw an ArgumentError with exactly `message`, within 2 s (a bound that only catches a hang). */
function throwsAtOnce(call: () => unknown, message: string): void {
  const start = performance.now();
  assert.throws(call, (e: Error) => e instanceof dl.ArgumentError && e.message === message, message);
  const seconds = (performance.now() - start) / 1000;
  assert.ok(seconds < 2, `took ${seconds.toFixed(2)} s`);
}

before(async () => {
  await dl.ready();
});

describe("the memory limit", () => {
  it("is the machine's memory, and at most wasm32's 4 GiB on the wasm backend", () => {
    assert.deepEqual(memoryLimit("wasm", 16 * GiB), { bytes: 4 * GiB, holder: "the wasm backend can address" });
    assert.deepEqual(memoryLimit("wasm", 2 * GiB), { bytes: 2 * GiB, holder: "this machine has" });
    assert.deepEqual(memoryLimit("cpu", 16 * GiB), { bytes: 16 * GiB, holder: "this machine has" });
  });

  it("accepts an estimate equal to the limit and refuses one byte more, with the sizes in GiB", () => {
    const limit = { bytes: 4 * GiB, holder: "the wasm backend can address" };
    assert.doesNotThrow(() => checkMemory("f", "x", 4 * GiB, "detail", limit));
    assert.throws(
      () => checkMemory("f", "x", 4 * GiB + 1, "detail", limit),
      (e: Error) =>
        e instanceof dl.ArgumentError &&
        e.message === "f: x would need 4.0 GiB (detail), more than the 4.0 GiB the wasm backend can address",
    );
  });

  it("writes sizes and counts the way a student reads them", () => {
    assert.deepEqual(
      [
        formatBytes(512),
        formatBytes(1536),
        formatBytes(24e9),
        formatCount(1000),
        formatCount(1e9),
        formatCount(2.5e7),
        formatCount(5e9 + 2),
      ],
      ["512 bytes", "1.5 KiB", "22.4 GiB", "1000", "1e9", "2.5e7", "5,000,000,002"],
    );
  });
});

describe("datasets too large to hold fail at once with the estimate", () => {
  it("disc({ n: 1e9 }): x [1e9, 2] float32 (8e9 bytes) and y [1e9] int32 (4e9), twice (arrays and tensors) = 24e9 bytes = 22.4 GiB", () => {
    assert.equal(sampleBytes(1e9, 2), 24e9);
    const message = `disc: n = 1e9 samples would need 22.4 GiB (x [n, 2] float32 and y [n] int32, as arrays and as tensors), ${expectedLimit()}`;
    throwsAtOnce(() => dl.datasets.disc({ n: 1e9 }), message);
  });

  it("the other generators count 4 bytes an input and 4 a label, twice: 24 bytes a sample in 2-D, 16 in 1-D", () => {
    const limit = expectedLimit();
    const planar = "(x [n, 2] float32 and y [n] int32, as arrays and as tensors)";
    throwsAtOnce(() => dl.datasets.xor({ n: 1e9 }), `xor: n = 1e9 samples would need 22.4 GiB ${planar}, ${limit}`);
    throwsAtOnce(() => dl.datasets.spirals({ n: 1e9 }), `spirals: n = 1e9 samples would need 22.4 GiB ${planar}, ${limit}`);
    throwsAtOnce(() => dl.datasets.gaussianMixture({ n: 1e9 }), `gaussianMixture: n = 1e9 samples would need 22.4 GiB ${planar}, ${limit}`);
    // 1e9 · 16 = 16e9 bytes = 14.9 GiB
    const line = "(x [n, 1] float32 and y [n, 1] float32, as arrays and as tensors)";
    throwsAtOnce(() => dl.datasets.sine({ n: 1e9 }), `sine: n = 1e9 samples would need 14.9 GiB ${line}, ${limit}`);
    throwsAtOnce(() => dl.datasets.sawtooth({ n: 1e9 }), `sawtooth: n = 1e9 samples would need 14.9 GiB ${line}, ${limit}`);
  });

  it("a dataset that fits is still made: disc({ n: 1000 }) is 24,000 bytes", () => {
    assert.equal(sampleBytes(1000, 2), 24000);
    dl.datasets.disc({ n: 1000 }).dispose();
  });

  it("tent with a huge depth returns at once: every double reaches 0 (or −∞ outside [0, 1]) within ~2,100 steps", () => {
    const start = performance.now();
    assert.equal(dl.datasets.tent(0.3, 1e12), 0);
    assert.equal(dl.datasets.tent(1 / 3 + 1e-9, 1e15), 0);
    assert.equal(dl.datasets.tent(-0.25, 1e12), -Infinity);
    assert.ok(performance.now() - start < 2000);
  });
});

describe("models too large to hold fail at once with the estimate", () => {
  it("mlp({ inputs: 2, hidden: [1e9], outputs: 2 }): 5,000,000,002 parameters, 4 bytes each plus 16 a value of the [2, 1e9] kernel", () => {
    // 2·1e9 + 1e9 (first layer) + 1e9·2 + 2 (output) = 5,000,000,002 parameters;
    // 4 · 5,000,000,002 + 16 · 2e9 = 52,000,000,008 bytes = 48.4 GiB
    assert.deepEqual(
      weightBytes(
        [
          [2, 1e9],
          [1e9, 2],
        ],
        1e9 + 2,
      ),
      { params: 5_000_000_002, largest: [2, 1e9], bytes: 52_000_000_008 },
    );
    const message =
      "mlp: 5,000,000,002 parameters would need 48.4 GiB (4 bytes a parameter, plus 16 bytes a value of the largest kernel " +
      `[2, 1e9] while it is drawn), ${expectedLimit()}`;
    throwsAtOnce(() => dl.models.mlp({ inputs: 2, hidden: [1e9], outputs: 2 }), message);
  });

  it("resnet with width 1e5 on 8 features: 20,002,500,002 parameters, refused before a layer is built", () => {
    // stem 8·1e5 + 1e5, block 2·1e10 + 2·1e5 + two norms 4·2e5, final norm 4·1e5, logits 1e5·2 + 2 = 20,002,500,002;
    // 4 · 20,002,500,002 + 16 · 1e10 (a [1e5, 1e5] kernel) = 240,010,000,008 bytes = 223.5 GiB
    const before = tf.memory().numTensors;
    assert.throws(
      () => dl.models.resnet({ inputShape: [8], classes: 2, width: 1e5, blocks: 1, stages: 1 }),
      (e: Error) => e instanceof dl.ArgumentError && e.message.startsWith("resnet: 20,002,500,002 parameters would need 223.5 GiB ("),
    );
    assert.equal(tf.memory().numTensors, before);
  });

  it("an initialiser refuses a kernel it cannot draw: dl.init.he().apply([1e5, 1e5])", () => {
    // 4 · 1e10 + 16 · 1e10 = 2e11 bytes = 186.3 GiB
    const message = `he: 1e10 parameters would need 186.3 GiB (4 bytes a parameter, plus 16 bytes a value of the largest kernel [100000, 100000] while it is drawn), ${expectedLimit()}`;
    throwsAtOnce(() => dl.init.he().apply([1e5, 1e5]), message);
  });

  it("montufar's largest net (32 layers of width 4096) is refused; its count matches the formula", () => {
    // 4096·1 + 31·4096² + 33·4096 + 1 = 520,232,961 parameters; 8 bytes each as plain numbers = 3.9 GiB, 24 built = 11.6 GiB
    assert.equal(montufarParams(1, 32, 4096), 520_232_961);
    assert.throws(
      () => dl.constructions.montufar({ inputs: 1, layers: 32, width: 4096 }),
      (e: Error) =>
        e instanceof dl.ArgumentError &&
        e.message.startsWith("montufar: 520,232,961 parameters (32 layers of width 4096) would need 11.6 GiB"),
    );
  });
});

describe("the weight estimates count what tfjs builds (model.countParams())", () => {
  const total = ({ kernels, others }: { kernels: number[][]; others: number }): number => weightBytes(kernels, others).params;

  it("mlp, with every activation width rule and norm position", () => {
    const cases: dl.models.MlpOptions[] = [
      { inputs: 3, hidden: [5, 4], outputs: 2 },
      { inputs: 3, hidden: [5, 4], outputs: 2, norm: "batch" },
      { inputs: 3, hidden: [5, 4], outputs: 2, norm: "layer", normPosition: "after", activation: "crelu" },
      { inputs: 3, hidden: [6], outputs: 2, activation: "maxout", pieces: 3, norm: "batch" },
      { inputs: 3, hidden: { depth: 3, width: 4 }, outputs: 1, activation: "crelu", norm: "batch", normPosition: "before" },
    ];
    for (const options of cases) {
      const model = dl.models.mlp(options);
      const widths = Array.isArray(options.hidden) ? options.hidden : [4, 4, 4];
      assert.equal(total(mlpWeights(options.inputs, widths, options.outputs ?? 1, options)), model.countParams(), JSON.stringify(options));
      model.dispose();
    }
  });

  it("resnet and plain, dense and conv, with both shortcuts", () => {
    const cases: dl.models.ResnetOptions[] = [
      { inputShape: [8, 8, 3], classes: 4, blocks: 2, stages: 3, width: 2 },
      { inputShape: [8, 8, 3], classes: 4, blocks: 1, stages: 2, width: 2, widen: 2, shortcut: "conv1x1" },
      { inputShape: [5], classes: 3, blocks: 2, stages: 2, width: 3, shortcut: "conv1x1", norm: null },
      { inputShape: [5], classes: 3, blocks: 2, stages: 2, width: 3, shortcut: "conv1x1", skip: false },
    ];
    for (const o of cases) {
      const model = dl.models.resnet(o);
      const kind = o.inputShape.length === 3 ? "conv" : "dense";
      const defaults = { blocks: 2, width: 16, widen: 1, stages: 3, shortcut: "zero-pad" as const, norm: "batch" as const, skip: true };
      assert.equal(
        total(resnetWeights(kind, o.inputShape, { ...defaults, ...o } as Parameters<typeof resnetWeights>[2])),
        model.countParams(),
      );
      model.dispose();
    }
  });

  it("residualBlock, projected or not", () => {
    for (const [inFeatures, width, shortcut] of [
      [4, 6, "conv1x1"],
      [6, 6, "identity"],
    ] as const) {
      const x = tf.input({ shape: [inFeatures] });
      const model = tf.model({ inputs: x, outputs: dl.models.residualBlock({ width, shortcut })(x) });
      assert.equal(total(blockWeights("dense", inFeatures, width, shortcut === "conv1x1", "batch")), model.countParams());
      model.dispose();
    }
  });

  it("montufar", () => {
    for (const [inputs, layers, width] of [
      [2, 2, 4],
      [1, 3, 5],
      [2, 1, 6],
    ] as const) {
      const model = dl.constructions.montufar({ inputs, layers, width });
      assert.equal(montufarParams(inputs, layers, width), model.countParams());
      model.dispose();
    }
  });
});

describe("dl.io.save to a path it cannot write fails at once, naming the path and the reason", () => {
  let dir = "";
  const model = () => dl.models.mlp({ inputs: 2, hidden: [2], outputs: 2 });
  before(async () => {
    dir = await mkdtemp(join(os.tmpdir(), "depthlab-limits-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // a timeout turns a hang (Node's recursive mkdir spins forever under /proc) into a failure
  it("under /proc, which answers ENOENT to every new entry", { timeout: 5000 }, async () => {
    const start = performance.now();
    await assert.rejects(dl.io.save(model(), "/proc/x/model"), {
      message: "save: cannot create the directory /proc/x/model: ENOENT: no such file or directory, mkdir '/proc/x'",
    });
    assert.ok(performance.now() - start < 2000);
  });

  it("under a path whose parent is a file", { timeout: 5000 }, async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "not a directory");
    await assert.rejects(dl.io.save(model(), join(file, "model")), {
      message: `save: cannot create the directory ${join(file, "model")}: ENOTDIR: not a directory, stat '${join(file, "model")}'`,
    });
    await assert.rejects(dl.io.save(model(), file), {
      message: `save: cannot create the directory ${file}: ${file} is a file, not a directory`,
    });
  });

  it("still creates missing directories and saves where it can", { timeout: 5000 }, async () => {
    const info = await dl.io.save(model(), join(dir, "runs", "a", "b"));
    // 2·2 + 2 + 2·2 + 2 = 12 float32 weights
    assert.deepEqual(info, { path: join(dir, "runs", "a", "b"), weightBytes: 48 });
    assert.equal((await dl.io.load(info.path)).countParams(), 12);
  });
});

describe("misspelt option keys are refused with the known ones (options built in a variable, which TypeScript lets through)", () => {
  it("disc: sead → did you mean seed", () => {
    const options = { n: 10, sead: 3 };
    throwsAtOnce(() => dl.datasets.disc(options), 'disc: unknown option "sead": did you mean "seed"? (options: n, seed)');
  });

  it("mlp: hiden → did you mean hidden, and inside hidden: widht → did you mean width", () => {
    const options = { inputs: 2, hiden: [8], outputs: 2 };
    throwsAtOnce(
      () => dl.models.mlp(options),
      'mlp: unknown option "hiden": did you mean "hidden"? ' +
        "(options: inputs, hidden, outputs, activation, norm, normPosition, dropout, init, seed, alpha, pieces)",
    );
    const hidden = { depth: 2, widht: 8 } as unknown as dl.models.HiddenShape;
    throwsAtOnce(() => dl.models.mlp({ inputs: 2, hidden }), 'mlp: unknown option "widht": did you mean "width"? (options: depth, width)');
  });

  it("a layer lists its own options first, then tfjs's layer arguments", () => {
    const options = { rate: 0.1, sed: 1 };
    throwsAtOnce(
      () => dl.layers.dropout(options),
      'dropout: unknown option "sed": did you mean "seed"? ' +
        "(options: rate, seed, inputShape, batchInputShape, batchSize, dtype, name, trainable, weights, inputDType)",
    );
  });

  it("a plain layer description: actvation → did you mean activation (it used to default to relu)", () => {
    const layer = { weight: [[1]], bias: [0], actvation: "linear" };
    throwsAtOnce(
      () => dl.nets.fromWeights([layer as dl.nets.LayerWeights]),
      'fromWeights: layer 0: unknown option "actvation": did you mean "activation"? (options: weight, bias, activation, alpha)',
    );
  });
});
