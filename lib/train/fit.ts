import * as tf from "@tensorflow/tfjs";
import { checkInteger, checkKeys, checkSeed, fail, type KnownKeys } from "../options/check.js";
// `live: true` draws lib/progress's display, which stands below train and plot: train never imports plot
import { live as liveDisplay, type LiveHandle, type LiveOptions } from "../progress/live.js";
import { Rng } from "../random/rng.js";
import { checkData, type DataLike } from "./data-source.js";
import { evaluateTensors } from "./evaluate.js";
import { History, type HistoryRow } from "./history.js";
import type { LossFn, LossName } from "./losses.js";
import { resolveTargets } from "./targets.js";
import { optimizer as resolveOptimizer, type OptimizerSpec } from "./optimizers/index.js";
import { chooseFused, fusedEngine } from "./fused/fused-engine.js";
import type { Adam } from "./optimizers/adam.js";
import type { SGD } from "./optimizers/sgd.js";
import { RECORD_KINDS, type RecordKind } from "./record.js";
import { tfjsEngine } from "./tfjs-engine.js";
import { checkInterrupt } from "../host/host.js";
import { rememberHistory } from "./last-history.js";
import { releaseWithModel } from "./release-with-model.js";
import { TorchOptimizer } from "./optimizers/torch-optimizer.js";

/** What `onStep` receives after every step. */
export interface StepInfo {
  step: number;
  epoch: number;
  loss: number;
  history: History;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /**
   * Default: "crossEntropy" for int32 labels and several outputs (one logit per class); "bce" for int32 labels 0/1
   * and one output (one logit; class 1 where it is > 0); "mse" for float32 targets. The history shows which and why.
   * Float32 targets [n] for a model with several outputs are an error (class labels must be int32).
   */
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
  /**
   * Train plain MLPs with the fused WebAssembly step (default "auto": on the wasm and cpu backends, when the model
   * is a chain of dense, batch-norm and activation layers, the loss crossEntropy or mse, the optimiser SGD or Adam
   * and nothing is recorded). `true` insists (an error says what is unsupported); `false` always uses tf ops.
   * Everything else (dropout, skip connections, CReLU, maxout, layer norm, convolutions, "bce", other optimisers)
   * trains with tf ops, several times slower on small nets: the history and the live line say which engine ran, and why.
   */
  fused?: boolean | "auto";
  /**
   * Show a progress line and a loss curve that redraw in place while training (default false): `true`, or the
   * options of `dl.plot.live` (at most 4 redraws a second by default). Outside a notebook: a text bar on stderr when
   * it is a terminal.
   */
  live?: boolean | LiveOptions;
}

/** The keys of {@link FitOptions}, for the functions that pass options on to `fit`. */
export const FIT_KEYS: KnownKeys<FitOptions> = {
  loss: true,
  optimizer: true,
  epochs: true,
  steps: true,
  batchSize: true,
  seed: true,
  shuffle: true,
  validation: true,
  logEvery: true,
  onStep: true,
  signal: true,
  record: true,
  recordAt: true,
  fused: true,
  live: true,
};

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
  if (!model || typeof (model as Partial<tf.LayersModel>).apply !== "function") fail("fit", "model", "a tfjs LayersModel", model);
  const { x, y, n } = checkData("fit", "data", data);
  const { loss, optimizer = "adam", batchSize = 100, seed = 0, shuffle = true } = checkKeys("fit", options, FIT_KEYS);
  const { logEvery = 1, onStep, signal, record = [], validation, fused = "auto", live = false } = options;
  checkInteger("fit", "batchSize", batchSize, 1);
  checkSeed("fit", seed);
  checkInteger("fit", "logEvery", logEvery, 1);
  for (const kind of record) if (!RECORD_KINDS.includes(kind)) fail("fit", "record", `a list of ${RECORD_KINDS.join(", ")}`, kind);
  const perEpoch = Math.ceil(n / batchSize);
  const total = totalSteps(options, perEpoch);
  const recordSteps = stepsToRecord(options.recordAt, total, record.length > 0);
  const targets = await resolveTargets("fit", "data", model, { x, y, n }, loss);
  const val = validation ? checkData("fit", "validation", validation) : undefined;
  // validation is compared with the same loss as training, whatever its dtype would have chosen
  const valLoss = targets.lossName === "custom" ? targets.lossFn : targets.lossName;
  const valTargets = val ? await resolveTargets("fit", "validation", model, val, valLoss) : undefined;
  const opt = resolveOptimizer(optimizer);
  // An optimiser fit made from a name or options is fit's own: its slot variables (Adam's moments) are freed
  // at the end. One passed in as an instance belongs to the caller, who may train on with its state.
  const ownsOptimizer = !(optimizer instanceof tf.Optimizer);
  if (!ownsOptimizer) releaseWithModel(model, opt); // the caller's: its state for this model goes with the model
  const history = new History();
  history.loss = { name: targets.lossName, ...(targets.lossReason ? { reason: targets.lossReason } : {}) };
  rememberHistory(history);
  const labels = y.dtype === "int32";
  const lossSpec = targets.lossName === "custom" ? targets.lossFn : targets.lossName;
  const choice = chooseFused({ model, loss: lossSpec, optimizer: opt, labels, x, y, recording: record.length > 0, fused });
  const note = typeof choice === "string" ? `tf ops (not fused: ${choice})` : "fused engine";
  const progress = startLive(live, total, note); // before the engine, which is not disposed if this throws
  const engine =
    typeof choice !== "string"
      ? await fusedEngine(choice.plan, choice.loss, opt as SGD | Adam, x, y, batchSize)
      : tfjsEngine(model, x, y, targets.accuracy, targets.lossFn, opt, record, history);
  history.engine = engine.name;
  if (typeof choice === "string") history.engineReason = choice;
  const rng = new Rng(seed);
  const t0 = performance.now();
  let yielded = t0;
  let step = 0;
  try {
    for (let epoch = 1; step < total; epoch++) {
      engine.epoch(shuffle ? rng.shuffle(Int32Array.from({ length: n }, (_, i) => i)) : null);
      for (let b = 0; b < perEpoch && step < total; b++) {
        if (signal?.aborted) {
          history.status = "aborted";
          return history;
        }
        checkInterrupt(); // a kernel interrupt ends the run here, through the finally below
        step++;
        const start = b * batchSize;
        const logged = step % logEvery === 0 || step === total;
        const result = await engine.step(start, Math.min(batchSize, n - start), logged, recordSteps.has(step) ? step : 0);
        if (logged) {
          const row: HistoryRow = { step, epoch, loss: result.loss as number, time: performance.now() - t0 };
          if (result.accuracy !== undefined) row["accuracy"] = result.accuracy;
          if (val && (b === perEpoch - 1 || step === total)) {
            engine.sync();
            const v = await evaluateTensors(model, val.x, val.y, val.n, valTargets!.accuracy, valTargets!.lossFn, 1000);
            row["valLoss"] = v.loss;
            if (v.accuracy !== undefined) row["valAccuracy"] = v.accuracy;
          }
          history.rows.push(row);
          // one fixed shape (a spread of the row costs ~2 µs a step; this ~0.1 µs)
          const { accuracy, valLoss, valAccuracy } = row;
          progress?.update({ step, total, loss: row.loss, epoch, accuracy, valLoss, valAccuracy });
          if (onStep) {
            engine.sync();
            if ((await onStep({ step, epoch, loss: row.loss, history })) === false) history.status = "stopped";
          }
        }
        if (history.status === "stopped") return history;
        if (performance.now() - yielded > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve)); // lets an interrupt or an abort in
          yielded = performance.now();
        }
      }
    }
    return history;
  } catch (error) {
    history.status = (error as Error | null)?.name === "KeyboardInterrupt" ? "interrupted" : "failed";
    throw error;
  } finally {
    engine.sync();
    engine.dispose();
    if (ownsOptimizer) opt.dispose();
    else if (opt instanceof TorchOptimizer) opt.compact();
    progress?.done(history.status);
  }
}

function startLive(live: boolean | LiveOptions, total: number, note: string): LiveHandle | undefined {
  if (live === false) return undefined;
  if (live === true) return liveDisplay({ total, note });
  if (typeof live !== "object" || live === null) fail("fit", "live", "true, false or the options of dl.plot.live", live);
  return liveDisplay({ total, note, ...live });
}

/** Longest run of steps without yielding to the event loop (an interrupt or an abort waits at most this long). */
const YIELD_EVERY_MS = 4;

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
