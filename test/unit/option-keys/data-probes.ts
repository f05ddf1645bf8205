import * as tf from "@tensorflow/tfjs";
import * as dl from "../../../lib/index.js";

type Probe = (extra: Record<string, unknown>) => unknown;

/** A tiny relu net for the probes that take a model: Dense(2) → Dense(1). */
const tinyNet = () => dl.models.mlp({ inputs: 2, hidden: [2], outputs: 1 });

/** A backend candidate that loads nothing and leaves tfjs's backend alone, so that selectBackend can be probed. */
const noopCandidate: dl.BackendCandidate = {
  name: "probe",
  backend: "cpu",
  load: async () => ({ backend: "cpu", provider: "probe", device: "none", simd: null, threads: 1 }),
};

/**
 * One call per public function of dl.datasets, models, nets, layers, init, regions, constructions, io, the backend
 * and the random generator that takes an options object, with `extra` spread into its options and the smallest valid
 * arguments otherwise. (dl.io.save and load, dl.Rng and the backend's ready() take no options object.)
 */
export const PROBES: Record<string, Probe> = {
  "datasets.disc": (extra) => dl.datasets.disc({ n: 4, ...extra }),
  "datasets.spirals": (extra) => dl.datasets.spirals({ n: 4, ...extra }),
  "datasets.sine": (extra) => dl.datasets.sine({ n: 4, ...extra }),
  "datasets.sawtooth": (extra) => dl.datasets.sawtooth({ n: 4, ...extra }),
  "datasets.xor": (extra) => dl.datasets.xor({ n: 4, ...extra }),
  "datasets.gaussianMixture": (extra) => dl.datasets.gaussianMixture({ n: 4, ...extra }),
  "datasets.randomLabels": (extra) => {
    const base = dl.datasets.disc({ n: 4 });
    try {
      return dl.datasets.randomLabels(base, { ...extra });
    } finally {
      base.dispose();
    }
  },
  "datasets.fashionMnist": (extra) => dl.datasets.fashionMnist({ source: "sample", split: "test", limit: 1, ...extra }),
  "datasets.fractal": (extra) => dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 1, n: 4, ...extra }),
  "datasets.approximationCurve": (extra) => dl.datasets.approximationCurve({ levelWeights: [1] }, { ...extra }),
  "datasets.fractalNet": (extra) => dl.datasets.fractalNet(dl.datasets.cantor, 1, { ...extra }),
  "datasets.fractalNetWeights": (extra) => dl.datasets.fractalNetWeights(dl.datasets.cantor, 1, { ...extra }),

  "models.mlp": (extra) => dl.models.mlp({ inputs: 2, hidden: [2], outputs: 2, ...extra }),
  "models.resnet": (extra) => dl.models.resnet({ inputShape: [2], classes: 2, blocks: 1, stages: 1, width: 2, ...extra }),
  "models.plain": (extra) => dl.models.plain({ inputShape: [2], classes: 2, blocks: 1, stages: 1, width: 2, ...extra }),
  "models.residualBlock": (extra) => dl.models.residualBlock({ width: 2, ...extra }),
  "models.activationLayer": (extra) => dl.models.activationLayer("activationLayer", "relu", { ...extra }),
  "new models.ZeroPadShortcut": (extra) => new dl.models.ZeroPadShortcut({ width: 2, ...extra }),

  "new nets.AbsLayer": (extra) => new dl.nets.AbsLayer({ ...extra }),

  "layers.batchNorm": (extra) => dl.layers.batchNorm({ ...extra }),
  "layers.layerNorm": (extra) => dl.layers.layerNorm({ ...extra }),
  "layers.crelu": (extra) => dl.layers.crelu({ ...extra }),
  "layers.maxout": (extra) => dl.layers.maxout({ pieces: 2, ...extra }),
  "layers.dropout": (extra) => dl.layers.dropout({ ...extra }),
  "layers.dropout2d": (extra) => dl.layers.dropout2d({ ...extra }),
  "layers.dropConnect": (extra) => dl.layers.dropConnect({ units: 1, ...extra }),
  "layers.highway": (extra) => dl.layers.highway({ ...extra }),
  "layers.stochasticDepth": (extra) => dl.layers.stochasticDepth({ ...extra }),
  "layers.shakeShake": (extra) => dl.layers.shakeShake({ ...extra }),
  "new layers.BatchNorm": (extra) => new dl.layers.BatchNorm({ ...extra }),
  "new layers.LayerNorm": (extra) => new dl.layers.LayerNorm({ ...extra }),
  "new layers.CReLU": (extra) => new dl.layers.CReLU({ ...extra }),
  "new layers.Maxout": (extra) => new dl.layers.Maxout({ pieces: 2, ...extra }),
  "new layers.Dropout": (extra) => new dl.layers.Dropout({ ...extra }),
  "new layers.Dropout2d": (extra) => new dl.layers.Dropout2d({ ...extra }),
  "new layers.DropConnect": (extra) => new dl.layers.DropConnect({ units: 1, ...extra }),
  "new layers.Highway": (extra) => new dl.layers.Highway({ ...extra }),
  "new layers.StochasticDepth": (extra) => new dl.layers.StochasticDepth({ ...extra }),
  "new layers.ShakeShake": (extra) => new dl.layers.ShakeShake({ ...extra }),

  "init.normal": (extra) => dl.init.normal({ ...extra }),
  "init.uniform": (extra) => dl.init.uniform({ ...extra }),
  "init.xavier": (extra) => dl.init.xavier({ ...extra }),
  "init.he": (extra) => dl.init.he({ ...extra }),
  "init.orthogonal": (extra) => dl.init.orthogonal({ ...extra }),
  "init.torchDefault": (extra) => dl.init.torchDefault({ ...extra }),
  "init.torchDefaultBias": (extra) => dl.init.torchDefaultBias(2, { ...extra }),
  "new init.NormalInit": (extra) => new dl.init.NormalInit({ ...extra }),
  "new init.UniformInit": (extra) => new dl.init.UniformInit({ ...extra }),
  "new init.XavierInit": (extra) => new dl.init.XavierInit({ ...extra }),
  "new init.HeInit": (extra) => new dl.init.HeInit({ ...extra }),
  "new init.OrthogonalInit": (extra) => new dl.init.OrthogonalInit({ ...extra }),
  "new init.TorchDefaultInit": (extra) => new dl.init.TorchDefaultInit({ ...extra }),
  "init.lsuv": async (extra) => {
    const batch = tf.tensor2d([0, 1, 1, 0, 1, 1, -1, 2], [4, 2]);
    try {
      return await dl.init.lsuv(tinyNet(), batch, { ...extra });
    } finally {
      batch.dispose();
    }
  },
  "init.looksLinear": (extra) => dl.init.looksLinear(tinyNet(), { ...extra }),

  "regions.countPieces": (extra) => dl.regions.countPieces(dl.constructions.sawtoothWeights(1), { ...extra }),
  "regions.countRegions": (extra) => dl.regions.countRegions(dl.constructions.shallowArrangementWeights(1), { ...extra }),
  "regions.bounds.montufarLowerBound": (extra) => dl.regions.bounds.montufarLowerBound({ ...extra }),
  "regions.bounds.l1LowerBound": (extra) => dl.regions.bounds.l1LowerBound({ deepLayers: 1, widths: [1], ...extra }),
  "regions.bounds.fractalWidthBound": (extra) => dl.regions.bounds.fractalWidthBound({ inputs: 1, maps: 2, depth: 1, layers: 1, ...extra }),

  "constructions.montufar": (extra) => dl.constructions.montufar({ ...extra }),
  "constructions.montufarWeights": (extra) => dl.constructions.montufarWeights({ ...extra }),

  selectBackend: (extra) => dl.selectBackend(dl.tf, { candidates: [noopCandidate], ...extra }),
};
