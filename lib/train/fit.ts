import * as tf from "@tensorflow/tfjs";
import { checkInteger, checkSeed, fail } from "../options/check.js";
import { Rng } from "../random/rng.js";
import { checkData, type DataLike } from "./data-source.js";
import { evaluateTensors } from "./evaluate.js";
import { History, type HistoryRow } from "./history.js";
import { resolveLoss, type LossFn, type LossName } from "./losses.js";
import { optimizer as resolveOptimizer, type OptimizerSpec } from "./optimizers/index.js";
import { activationProbe, recordActivations, recordGradients, recordWeights, RECORD_KINDS, type RecordKind } from "./record.js";

/** What `onStep` receives after every step. */
export interface StepInfo {
  step: number;
  epoch: number;
  loss: number;
  history: History;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Default: "crossEntropy" (logits, int32 labels) when y is int32, else "mse". */
  loss?: LossName | LossFn;
  /** An optimiser, a name ("sgd", "adam", …) or { name, ...options }. Default "adam" (lr 1e-3). */
  optimizer?: OptimizerSpec;
  /** Passes over the data (default 1 when `steps` is not given). */
  epochs?: number;
  /** Number of optimisation steps, instead of `epochs`. */
  steps?: number;
  /** Default 100. The last batch of an epoch may be smaller (PyTorch's drop_last = false). */
  batchSize?: number;
  /** Seed of the shuffling (default 0). Same seed, same backend → same run, bit for bit. */
  seed?: number;
  /** Shuffle each epoch (default true). */
  shuffle?: boolean;
  /** Data evaluated after each epoch (and at the end): adds valLoss (and valAccuracy) to the history. */
  validation?: DataLike;
  /** Log a history row every this many steps (default 1). */
  logEvery?: number;
  /** Called after each logged step; returning false stops training cleanly. */
  onStep?: (info: StepInfo) => void | boolean | Promise<void | boolean>;
  /** Stops training cleanly when aborted; the history so far is returned. */
  signal?: AbortSignal;
  /** Per-layer statistics to collect: "gradNorms", "activations", "weights". */
  record?: readonly RecordKind[];
  /** Steps at which to record (default: step 1 and every total/20 steps), or a step interval. */
  recordAt?: readonly number[] | number;
}

/**
 * Trains a model with mini-batch gradient descent and returns its {@link History}.
 * Each step is one tf.tidy (forward in training mode, gradients, optimiser update); between steps it yields to
 * the event loop, so a kernel interrupt stops it, and `signal` stops it with the history so far. The batches come
 * from one shuffled copy of the data per epoch, sliced in place.
 *
 * @example
 * const data = dl.datasets.disc({ n: 1000, seed: 0 });
 * const model = dl.models.mlp({ inputs: 2, hidden: { depth: 4, width: 32 }, outputs: 2, seed: 0 });
 * const history = await dl.train.fit(model, data, { epochs: 20, optimizer: { name: "sgd", lr: 0.1 } });
 * history // the loss, accuracy and time of every step
 */
export async function fit(model: tf.LayersModel, data: DataLike, options: FitOptions = {}): Promise<History> {
  const { x, y, n, labels } = checkData("fit", "data", data);
  const { loss = labels ? "crossEntropy" : "mse", optimizer = "adam", batchSize = 100, seed = 0, shuffle = true } = options;
  const { logEvery = 1, onStep, signal, record = [], validation } = options;
  if (!model || typeof (model as Partial<tf.LayersModel>).apply !== "function") fail("fit", "model", "a tfjs LayersModel", model);
  checkInteger("fit", "batchSize", batchSize, 1);
  checkSeed("fit", seed);
  checkInteger("fit", "logEvery", logEvery, 1);
  for (const kind of record) if (!RECORD_KINDS.includes(kind)) fail("fit", "record", `a list of ${RECORD_KINDS.join(", ")}`, kind);
  const perEpoch = Math.ceil(n / batchSize);
  const total = totalSteps(options, perEpoch);
  const recordSteps = stepsToRecord(options.recordAt, total, record.length > 0);
  const lossFn = resolveLoss("fit", loss);
  const opt = resolveOptimizer(optimizer);
  const val = validation ? checkData("fit", "validation", validation) : undefined;
  const probe = record.includes("activations") ? activationProbe(model) : undefined;
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = new Rng(seed);
  const history = new History();
  const t0 = performance.now();
  let step = 0;
  let epochX: tf.Tensor | undefined;
  let epochY: tf.Tensor | undefined;
  try {
    for (let epoch = 1; step < total; epoch++) {
      tf.dispose([epochX, epochY]);
      [epochX, epochY] = shuffle ? shuffled(x, y, n, rng) : [tf.clone(x), tf.clone(y)];
      for (let b = 0; b < perEpoch && step < total; b++) {
        if (signal?.aborted) {
          history.status = "aborted";
          return history;
        }
        step++;
        const start = b * batchSize;
        const size = Math.min(batchSize, n - start);
        const xb = epochX.slice(start, size);
        const yb = epochY.slice(start, size);
        const logged = step % logEvery === 0 || step === total;
        let hits: tf.Scalar | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const out = model.apply(xb, { training: true }) as tf.Tensor;
          if (labels && logged) hits = tf.keep(tf.mean(tf.equal(tf.argMax(out, -1), yb.flatten()).toFloat()) as tf.Scalar);
          return lossFn(yb, out, xb);
        }, vars);
        opt.applyGradients(grads);
        if (recordSteps.has(step)) {
          if (record.includes("gradNorms")) await recordGradients(step, grads, history.records);
          if (record.includes("weights")) await recordWeights(step, model, history.records);
          if (probe) await recordActivations(step, probe.probe, probe.names, xb, history.records);
        }
        tf.dispose([xb, yb, ...Object.values(grads)]);
        const endOfEpoch = b === perEpoch - 1 || step === total;
        if (logged) {
          const row: HistoryRow = { step, epoch, loss: (await value.data())[0] as number, time: performance.now() - t0 };
          if (hits) row["accuracy"] = (await hits.data())[0] as number;
          if (val && endOfEpoch) {
            const v = await evaluateTensors(model, val.x, val.y, val.n, val.labels, lossFn, 1000);
            row["valLoss"] = v.loss;
            if (v.accuracy !== undefined) row["valAccuracy"] = v.accuracy;
          }
          history.rows.push(row);
          if (onStep && (await onStep({ step, epoch, loss: row.loss, history })) === false) history.status = "stopped";
        }
        tf.dispose([value, hits]);
        if (history.status === "stopped") return history;
        await new Promise((resolve) => setImmediate(resolve)); // lets an interrupt or an abort in
      }
    }
    return history;
  } finally {
    tf.dispose([epochX, epochY]);
  }
}

function totalSteps(options: FitOptions, perEpoch: number): number {
  if (options.steps !== undefined && options.epochs !== undefined) fail("fit", "options", "either epochs or steps, not both", "both");
  if (options.steps !== undefined) return checkInteger("fit", "steps", options.steps, 1);
  return checkInteger("fit", "epochs", options.epochs ?? 1, 1) * perEpoch;
}

function stepsToRecord(at: readonly number[] | number | undefined, total: number, wanted: boolean): Set<number> {
  if (!wanted) return new Set();
  if (Array.isArray(at)) return new Set(at.map((s) => checkInteger("fit", "recordAt[]", s, 1)));
  const every = at === undefined ? Math.max(1, Math.floor(total / 20)) : checkInteger("fit", "recordAt", at, 1);
  const steps = new Set<number>([1, total]);
  for (let s = every; s <= total; s += every) steps.add(s);
  return steps;
}

/** One shuffled copy of the data for an epoch (a single gather each). */
function shuffled(x: tf.Tensor, y: tf.Tensor, n: number, rng: Rng): [tf.Tensor, tf.Tensor] {
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  return tf.tidy(() => {
    const idx = tf.tensor1d(order, "int32");
    return [tf.gather(x, idx), tf.gather(y, idx)];
  });
}
