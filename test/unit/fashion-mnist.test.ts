import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { ready, tf } from "../../lib/index.js";
import { fashionMnist } from "../../lib/datasets/fashion-mnist.js";
import { readIdx } from "../../lib/datasets/idx.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

const SAMPLE = join(PACKAGE_ROOT, "datasets", "fashion-mnist-sample");
const DEBIAN = "/usr/share/datasets/fashion-mnist";
const made: string[] = [];
const fresh = (): string => made[made.push(mkdtempSync(join(tmpdir(), "depthlab-fmnist-"))) - 1]!;

describe("fashionMnist", () => {
  before(async () => {
    await ready();
  });
  after(() => made.forEach((dir) => rmSync(dir, { recursive: true })));

  it("reads the frozen sample: 1,000 images [1000, 784] in [0, 1], labels 0..9 with the ten class names", () => {
    for (const split of ["train", "test"] as const) {
      const ds = fashionMnist({ split, source: "sample" });
      assert.deepEqual([ds.x.shape, ds.y.shape, ds.x.dtype, ds.y.dtype], [[1000, 784], [1000], "float32", "int32"]);
      assert.ok(ds.xValues.every((v) => v >= 0 && v <= 1));
      assert.ok(ds.yValues.every((y) => Number.isInteger(y) && y >= 0 && y <= 9));
      assert.equal(ds.classNames?.[9], "Ankle boot");
      assert.equal(ds.meta["sample"], true);
      assert.equal(ds.meta["images"], join(SAMPLE, `${split === "train" ? "train" : "t10k"}-images-idx3-ubyte.gz`));
      ds.dispose();
    }
  });

  it("the first test image and label match the raw bytes (16-byte image header, 8-byte label header)", () => {
    const images = gunzipSync(readFileSync(join(SAMPLE, "t10k-images-idx3-ubyte.gz")));
    const labels = gunzipSync(readFileSync(join(SAMPLE, "t10k-labels-idx1-ubyte.gz")));
    assert.deepEqual([images.readUInt32BE(0), images.readUInt32BE(4), images.length], [0x803, 1000, 16 + 1000 * 784]);
    const ds = fashionMnist({ split: "test", source: "sample", limit: 3 });
    assert.equal(ds.n, 3);
    assert.equal(ds.yValues[0], labels[8]);
    for (let j = 0; j < 784; j++) assert.equal(ds.xValues[j], Math.fround(images[16 + j]! / 255), `pixel ${j}`);
    assert.equal(ds.yValues[2], labels[10]);
    ds.dispose();
  });

  it("with source 'full' reads Debian's files: 60,000 train and 10,000 t10k labels, beginning with the sample", (t) => {
    if (!existsSync(DEBIAN)) {
      // CI installs the package and sets this, so there the check can never be skipped
      if (process.env["DEPTHLAB_REQUIRE_FASHION_MNIST"]) assert.fail(`${DEBIAN} is absent (apt-get install dataset-fashion-mnist)`);
      return t.skip(`${DEBIAN} is absent (apt-get install dataset-fashion-mnist)`);
    }
    const test = fashionMnist({ split: "test", source: "full", dirs: [DEBIAN] });
    const sample = fashionMnist({ split: "test", source: "sample" });
    assert.deepEqual([test.n, test.meta["sample"], test.meta["labels"]], [10000, false, join(DEBIAN, "t10k-labels-idx1-ubyte.gz")]);
    assert.deepEqual(test.yValues.subarray(0, 1000), sample.yValues);
    assert.deepEqual(test.xValues.subarray(0, 784000), sample.xValues);
    const train = fashionMnist({ split: "train", source: "full", dirs: [DEBIAN] });
    assert.equal(train.n, 60000);
    assert.deepEqual(
      Array.from({ length: 10 }, (_, c) => train.yValues.filter((y) => y === c).length),
      new Array(10).fill(6000),
    );
    [test, sample, train].forEach((d) => d.dispose());
  });

  it("plain and gzipped IDX files give the same arrays", () => {
    const dir = fresh();
    for (const name of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"]) {
      writeFileSync(join(dir, name), gunzipSync(readFileSync(join(SAMPLE, `${name}.gz`))));
    }
    const plain = fashionMnist({ source: "full", dirs: [dir] });
    const gz = fashionMnist({ source: "sample" });
    assert.equal(plain.meta["images"], join(dir, "train-images-idx3-ubyte"));
    assert.deepEqual([plain.xValues, plain.yValues], [gz.xValues, gz.yValues]);
    [plain, gz].forEach((d) => d.dispose());
  });

  it("source 'auto' falls back on the sample when no directory has the files; 'full' says where it looked", () => {
    const empty = fresh();
    const auto = fashionMnist({ limit: 5, dirs: [empty] });
    assert.deepEqual([auto.n, auto.meta["sample"]], [5, true]);
    auto.dispose();
    assert.throws(
      () => fashionMnist({ source: "full", dirs: [empty, "/nowhere"] }),
      (e: Error) => e.message.includes(empty) && e.message.includes("/nowhere") && /apt-get install dataset-fashion-mnist/.test(e.message),
    );
  });

  it("a file with a bad magic number gives a clear error naming it", () => {
    const dir = fresh();
    const labels = gunzipSync(readFileSync(join(SAMPLE, "train-labels-idx1-ubyte.gz")));
    writeFileSync(join(dir, "train-labels-idx1-ubyte"), labels);
    writeFileSync(join(dir, "train-images-idx3-ubyte"), labels); // labels where the images should be
    const bad = `readIdx: ${join(dir, "train-images-idx3-ubyte")} is not an IDX images file: magic number must be 0x00000803, got 0x00000801`;
    assert.throws(
      () => fashionMnist({ source: "full", dirs: [dir] }),
      (e: Error) => e.message === bad,
    );
    writeFileSync(join(dir, "short"), labels.subarray(0, 100));
    assert.throws(() => readIdx(join(dir, "short"), "labels"), /has 92 data bytes, expected 1000 = 1000/);
  });

  it("rejects bad options with the function, the argument and what is allowed; leaks no tensor", () => {
    assert.throws(
      () => fashionMnist({ split: "validation" as never }),
      /^ArgumentError: fashionMnist: split must be one of "train", "test", got "validation"$/,
    );
    assert.throws(
      () => fashionMnist({ source: "web" as never }),
      /^ArgumentError: fashionMnist: source must be one of "auto", "full", "sample", got "web"$/,
    );
    assert.throws(() => fashionMnist({ limit: 0 }), /^ArgumentError: fashionMnist: limit must be an integer >= 1, got 0$/);
    const before = tf.memory().numTensors;
    fashionMnist({ source: "sample", limit: 10 }).dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
