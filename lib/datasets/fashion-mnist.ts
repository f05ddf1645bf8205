import { existsSync } from "node:fs";
import { join } from "node:path";
import { type KnownKeys, checkInteger, checkKeys, checkOneOf, fail } from "../options/check.js";
import { PACKAGE_ROOT } from "../version.js";
import { makeDataset, type Dataset } from "./dataset.js";
import { readIdx } from "./idx.js";

/** Options of {@link fashionMnist}. */
export interface FashionMnistOptions {
  /** `"train"` (60,000 images in the full set) or `"test"` (the t10k files, 10,000). Default `"train"`. */
  split?: "train" | "test";
  /** Keep at most the first `limit` images, an integer >= 1. Default: all of them. */
  limit?: number;
  /**
   * `"auto"`: the first full set found, else the frozen 1,000-image sample shipped with depthlab; `"full"`: the full
   * set or an error that says where to get it; `"sample"`: always the sample (the same everywhere). Default `"auto"`.
   */
  source?: "auto" | "full" | "sample";
  /**
   * Advanced (tests): the directories searched for the full set, in order. Default: `$DEPTHLAB_DATA` when set, then
   * `<package root>/datasets/fashion-mnist/`, then `/usr/share/datasets/fashion-mnist/` (Debian's dataset-fashion-mnist).
   */
  dirs?: readonly string[];
}
const KEYS: KnownKeys<FashionMnistOptions> = { split: true, limit: true, source: true, dirs: true };

/** The ten Fashion-MNIST classes, index = label. */
const CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, Zalando Research): 28×28 grey images of clothes in 10 classes, a
 * drop-in for MNIST that is harder to fit. x is `[n, 784]` float32 in [0, 1] (pixel / 255, rows of the image one
 * after the other), y the int32 labels 0..9 with their names. `meta` says which files were read and whether they are
 * the sample. Files are IDX, gzipped or not (see {@link readIdx}).
 *
 * @example
 * const ds = dl.datasets.fashionMnist({ split: "train", limit: 1000, source: "sample" });
 * ds.x.shape // [1000, 784]
 * ds.classNames?.[9] // "Ankle boot"
 */
export function fashionMnist(options: FashionMnistOptions = {}): Dataset {
  const { split = "train", limit, source = "auto", dirs = defaultDirs() } = checkKeys("fashionMnist", options, KEYS);
  checkOneOf("fashionMnist", "split", split, ["train", "test"]);
  if (limit !== undefined) checkInteger("fashionMnist", "limit", limit, 1);
  checkOneOf("fashionMnist", "source", source, ["auto", "full", "sample"]);
  if (!Array.isArray(dirs) || !dirs.every((d) => typeof d === "string")) fail("fashionMnist", "dirs", "an array of strings", dirs);
  const prefix = split === "train" ? "train" : "t10k";
  const full = source === "sample" ? undefined : dirs.map((d) => findSplit(d, prefix)).find((f) => f !== undefined);
  if (source === "full" && full === undefined) {
    throw new Error(
      `fashionMnist: the full Fashion-MNIST ${split} set (${prefix}-images-idx3-ubyte and ${prefix}-labels-idx1-ubyte, ` +
        `gzipped or not) is in none of: ${dirs.join(", ") || "(no directories)"}. ` +
        `Install it with \`apt-get install dataset-fashion-mnist\`, or download the four files from ` +
        `https://github.com/zalandoresearch/fashion-mnist into $DEPTHLAB_DATA.`,
    );
  }
  const files = full ?? findSplit(join(PACKAGE_ROOT, "datasets", "fashion-mnist-sample"), prefix);
  if (files === undefined) throw new Error(`fashionMnist: the frozen sample is missing from ${join(PACKAGE_ROOT, "datasets")}`);
  const images = readIdx(files.images, "images"); // [count, 28, 28]
  const labels = readIdx(files.labels, "labels"); // [count]
  const count = labels.shape[0] as number;
  if (images.shape[0] !== count || images.shape[1] !== 28 || images.shape[2] !== 28) {
    throw new Error(`fashionMnist: ${files.images} holds images [${images.shape.join(", ")}], expected [${count}, 28, 28]`);
  }
  const n = Math.min(limit ?? count, count);
  const xValues = new Float32Array(n * 784); // [n, 784]
  for (let i = 0; i < n * 784; i++) xValues[i] = (images.data[i] as number) / 255;
  const yValues = Int32Array.from(labels.data.subarray(0, n)); // [n]
  return makeDataset({
    name: "fashionMnist",
    task: "classification",
    xValues,
    inputs: 784,
    yValues,
    classes: 10,
    classNames: CLASS_NAMES,
    meta: { split, limit, source, images: files.images, labels: files.labels, sample: full === undefined, available: count },
  });
}

function defaultDirs(): string[] {
  const env = process.env["DEPTHLAB_DATA"];
  return [...(env ? [env] : []), join(PACKAGE_ROOT, "datasets", "fashion-mnist"), "/usr/share/datasets/fashion-mnist"];
}

/** The images and labels files of one split in `dir` (plain preferred over gzipped), or undefined if either is missing. */
function findSplit(dir: string, prefix: string): { images: string; labels: string } | undefined {
  const find = (name: string): string | undefined => [join(dir, name), join(dir, `${name}.gz`)].find((p) => existsSync(p));
  const images = find(`${prefix}-images-idx3-ubyte`);
  const labels = find(`${prefix}-labels-idx1-ubyte`);
  return images && labels ? { images, labels } : undefined;
}
