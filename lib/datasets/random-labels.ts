import { ArgumentError, type KnownKeys, checkKeys, checkNumber, checkSeed } from "../options/check.js";
import { checkSamples } from "./check-samples.js";
import { Rng } from "../random/rng.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of {@link randomLabels}. */
export interface RandomLabelsOptions {
  /** Fraction of the samples whose label is redrawn, a finite number in [0, 1]. Default 1 (all of them). */
  fraction?: number;
  /** Seed of which samples are chosen and of their new labels. Default 0. */
  seed?: number;
}
const KEYS: KnownKeys<RandomLabelsOptions> = { fraction: true, seed: true };

/**
 * The memorisation experiment of Zhang et al. (2017), "Understanding deep learning requires rethinking
 * generalization": a copy of a classification dataset where exactly round(fraction·n) samples, chosen uniformly
 * without replacement, get a label drawn uniformly from all the classes. A new label may equal the old one (so about
 * 1/classes of the chosen samples keep their label by chance); the other samples keep theirs. A large enough net
 * still fits the training set, although there is nothing left to generalise.
 *
 * The inputs are copied, the original is left untouched and still needs its own `dispose()`. `meta.replaced` lists
 * the chosen indices in increasing order (an Int32Array); `meta.base` and `meta.baseMeta` describe the original.
 *
 * @example
 * const noisy = dl.datasets.randomLabels(dl.datasets.disc({ n: 1000, seed: 0 }), { fraction: 0.5, seed: 1 });
 * noisy.name // "disc+randomLabels"
 */
export function randomLabels(dataset: Dataset, options: RandomLabelsOptions = {}): Dataset {
  const { fraction = 1, seed = 0 } = checkKeys("randomLabels", options, KEYS);
  if (dataset?.task !== "classification" || dataset.classes === undefined) {
    const got = dataset?.task === undefined ? "not a dataset" : `the ${dataset.task} dataset "${dataset.name}"`;
    throw new ArgumentError(`randomLabels: dataset must be a classification dataset, got ${got}`);
  }
  checkNumber("randomLabels", "fraction", fraction, 0, 1);
  checkSeed("randomLabels", seed);
  const { n, classes } = dataset;
  checkSamples("randomLabels", n, dataset.inputs, "y [n] int32", 8, "the shuffled indices [n] int32 (twice)");
  const rng = new Rng(seed);
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const replaced = order.slice(0, Math.round(fraction * n)).sort();
  const yValues = Int32Array.from(dataset.yValues); // [n]
  for (const i of replaced) yValues[i] = rng.int(classes);
  return makeDataset({
    name: `${dataset.name}+randomLabels`,
    task: "classification",
    xValues: Float32Array.from(dataset.xValues),
    inputs: dataset.inputs,
    yValues,
    classes,
    ...(dataset.classNames === undefined ? {} : { classNames: dataset.classNames }),
    meta: { fraction, seed, replaced, base: dataset.name, baseMeta: dataset.meta },
  });
}
