// Real data, end to end: the conv ResNet of notebooks/08-residual-networks.ipynb (section 6) trained on the full
// Fashion-MNIST (60,000 training images, Debian's dataset-fashion-mnist) with depthlab, then the same net, data,
// optimiser and learning-rate schedule with PyTorch (bench/fashion-mnist-torch.py), in the same run. Reports the wall
// time of each training and its test accuracy on the 10,000 test images: bench/fashion-mnist.md.
//
// `npm run bench:fashion-mnist` (about 20 minutes on 2 cores). While iterating:
//   BENCH_FM_EPOCHS=1             fewer epochs (the schedule follows: warm-up and cosine over the shorter run)
//   BENCH_FM_LIMIT=2000           the first images of each split only
//   BENCH_FM_TORCH_THREADS=2,1    PyTorch's thread counts, one training each (default 2,1; "" skips PyTorch)
//   BENCH_TORCH_PYTHON=python     the reference's python, instead of .bench/venv (bench/torch-venv.ts)
//   BENCH_OUT=path                where the report goes (default bench/fashion-mnist.md; scratch/ when a knob above is set)
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { backendInfo, describeBackend, ready } from "../lib/backend/index.js";
import { fashionMnist } from "../lib/datasets/index.js";
import { resnet } from "../lib/models/index.js";
import { adam, fit } from "../lib/train/index.js";
import { PACKAGE_ROOT, version } from "../lib/version.js";
import { cpuDescription, loadAverage, runPython } from "./machine.js";
import { torchReference } from "./torch-venv.js";

/** The recipe, as in the notebook: the smallest of the nets we tried that passes 90 % in a few epochs. */
const RECIPE = {
  width: 8, // channels 8, 16, 32 in the three stages
  stages: 3,
  blocks: 1,
  epochs: 4,
  batch: 128,
  lr: 8e-3, // Adam's peak learning rate
  warmup: 0.2, // linear warm-up over this fraction of the steps, then half a cosine towards 0
  seed: 0,
};
const BUSY_LOAD = 1; // a load average above this many per core (this run's own 1 or 2 threads included): the machine was busy

/** The learning rate of step `step` (1-based) of `total`: the notebook's schedule, and bench/fashion-mnist-torch.py's. */
function lrAt(step: number, total: number, peak: number, warmup: number): number {
  const w = Math.max(1, Math.round(warmup * total));
  if (step <= w) return (peak * step) / w;
  return peak * 0.5 * (1 + Math.cos((Math.PI * (step - w)) / (total - w + 1))); // + 1: the last step's rate stays above 0
}

interface EpochRow {
  epoch: number;
  testAccuracy: number;
  testLoss: number;
  /** Milliseconds from the first step to the end of this epoch's test evaluation. */
  trainMs: number;
}

interface Run {
  who: string;
  threads: string;
  trainMs: number;
  testAccuracy: number;
  testLoss: number;
  epochs: EpochRow[];
}

interface TorchRun {
  torch: string;
  python: string;
  threads: number;
  cores: number;
  train: number;
  test: number;
  steps: number;
  params: number;
  epochs: { epoch: number; trainLoss: number; testLoss: number; testAccuracy: number; trainMs: number }[];
  trainMs: number;
  testAccuracy: number;
  testLoss: number;
}

async function trainDepthlab(recipe: typeof RECIPE, limit: number | undefined, log: (s: string) => void) {
  const load = (split: "train" | "test") => fashionMnist({ split, source: "full", ...(limit ? { limit } : {}) });
  const train = load("train");
  const test = load("test");
  const images = (x: tf.Tensor2D) => x.reshape([-1, 28, 28, 1]); // [n, 784] → [n, 28, 28, 1]
  const model = resnet({ inputShape: [28, 28, 1], classes: 10, ...pick(recipe, "width", "stages", "blocks", "seed") });
  const total = recipe.epochs * Math.ceil(train.n / recipe.batch);
  const opt = adam({ lr: lrAt(1, total, recipe.lr, recipe.warmup) });
  const t0 = performance.now();
  const history = await fit(
    model,
    { x: images(train.x), y: train.y },
    {
      optimizer: opt,
      epochs: recipe.epochs,
      batchSize: recipe.batch,
      seed: recipe.seed,
      validation: { x: images(test.x), y: test.y },
      onStep: ({ step, epoch, history }) => {
        if (step < total) opt.lr = lrAt(step + 1, total, recipe.lr, recipe.warmup);
        const row = history.rows[history.rows.length - 1]!;
        if (row["valAccuracy"] !== undefined)
          log(`depthlab epoch ${epoch}: test accuracy ${row["valAccuracy"].toFixed(4)}, ${(row.time / 1000).toFixed(0)} s`);
      },
    },
  );
  const trainMs = performance.now() - t0;
  const epochs = history.rows
    .filter((r) => r["valAccuracy"] !== undefined)
    .map((r) => ({ epoch: r.epoch, testAccuracy: r["valAccuracy"]!, testLoss: r["valLoss"]!, trainMs: r.time }));
  const last = epochs[epochs.length - 1]!;
  const run: Run = { who: "depthlab", threads: "", trainMs, testAccuracy: last.testAccuracy, testLoss: last.testLoss, epochs };
  const info = { train: train.n, test: test.n, steps: total, params: model.countParams(), dir: dirname(String(train.meta["images"])) };
  opt.dispose();
  model.dispose();
  train.dispose();
  test.dispose();
  return { run, info };
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

function gitCommit(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: PACKAGE_ROOT, encoding: "utf8" });
  if (head.status !== 0) return "unknown commit";
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no", "lib", "native", "bench"], {
    cwd: PACKAGE_ROOT,
    encoding: "utf8",
  });
  return head.stdout.trim() + (dirty.stdout.trim() ? " (with uncommitted changes to lib/, native/ or bench/)" : "");
}

const minutes = (ms: number) => (ms / 60_000).toFixed(1);
const percent = (a: number) => (100 * a).toFixed(2);

async function main() {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const env = process.env;
  const epochs = env["BENCH_FM_EPOCHS"] ? Number(env["BENCH_FM_EPOCHS"]) : RECIPE.epochs;
  const limit = env["BENCH_FM_LIMIT"] ? Number(env["BENCH_FM_LIMIT"]) : undefined;
  const threads = (env["BENCH_FM_TORCH_THREADS"] ?? "2,1")
    .split(",")
    .filter((t) => t.trim() !== "")
    .map(Number);
  if (!(Number.isInteger(epochs) && epochs >= 1))
    throw new Error(`bench/fashion-mnist: BENCH_FM_EPOCHS must be an integer >= 1, got ${epochs}`);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))
    throw new Error(`bench/fashion-mnist: BENCH_FM_LIMIT must be an integer >= 1, got ${limit}`);
  if (!threads.every((t) => Number.isInteger(t) && t >= 1))
    throw new Error(`bench/fashion-mnist: BENCH_FM_TORCH_THREADS must list integers >= 1`);
  const custom = epochs !== RECIPE.epochs || limit !== undefined || env["BENCH_FM_TORCH_THREADS"] !== undefined;
  const out = join(PACKAGE_ROOT, env["BENCH_OUT"] ?? (custom ? "scratch/fashion-mnist.md" : "bench/fashion-mnist.md"));
  const recipe = { ...RECIPE, epochs };

  // first, as it may take 40 s: making .bench/venv uses the CPU
  const reference = threads.length > 0 ? torchReference(PACKAGE_ROOT, { python: env["BENCH_TORCH_PYTHON"] }) : undefined;
  if (reference) log(`PyTorch reference: ${reference.source}`);
  if (reference?.warning) log(`WARNING: ${reference.warning}`);
  const loads = [loadAverage()];
  await ready();
  const backend = describeBackend(backendInfo());
  log(`depthlab ${version}, ${backend}: training…`);
  const { run: ours, info } = await trainDepthlab(recipe, limit, log);
  log(`depthlab: ${percent(ours.testAccuracy)} % in ${minutes(ours.trainMs)} min`);
  // tfjs's own wasm kernels run on `threads`, depthlab's WebAssembly kernels (convolutions, batch norm, ...) on `kernelThreads`
  const { threads: tfjsThreads, kernelThreads } = backendInfo();
  const ourThreads =
    kernelThreads === undefined ? String(tfjsThreads ?? "") : `${tfjsThreads ?? "?"} (tfjs), ${kernelThreads} (depthlab's kernels)`;
  const runs: Run[] = [{ ...ours, threads: ourThreads }];
  let torchVersion = "";
  let torchFailure = "";
  for (const t of threads) {
    loads.push(loadAverage());
    log(`PyTorch, ${t} thread(s): training…`);
    const job = { dir: info.dir, limit: limit ?? null, threads: t, optimizer: { name: "adam", lr: recipe.lr }, ...recipe };
    const script = join(PACKAGE_ROOT, "bench", "fashion-mnist-torch.py");
    const r = runPython<TorchRun>(script, job, "fashion-mnist-torch.py", { python: reference!.python, timeoutMs: 60 * 60_000 });
    if (typeof r === "string") {
      torchFailure = r;
      log(`PyTorch not run: ${r}`);
      break;
    }
    if (r.params !== info.params)
      throw new Error(`bench/fashion-mnist: PyTorch's net has ${r.params} parameters, depthlab's ${info.params}`);
    torchVersion = `PyTorch ${r.torch}, ${r.python}`;
    runs.push({
      who: "PyTorch",
      threads: String(r.threads),
      trainMs: r.trainMs,
      testAccuracy: r.testAccuracy,
      testLoss: r.testLoss,
      epochs: r.epochs,
    });
    log(`PyTorch, ${r.threads} thread(s): ${percent(r.testAccuracy)} % in ${minutes(r.trainMs)} min`);
  }
  loads.push(loadAverage());

  const peak = Math.max(...loads.map(Number));
  const cores = cpus().length;
  const best = Math.min(...runs.filter((r) => r.who === "PyTorch").map((r) => r.trainMs));
  const report = [
    `# Fashion-MNIST end to end: the conv ResNet to 90 % test accuracy, depthlab against PyTorch (${new Date().toISOString().slice(0, 10)})`,
    "",
    ...(reference?.warning ? [`> **WARNING: ${reference.warning}.**`, ""] : []),
    ...(peak > BUSY_LOAD * cores
      ? [
          `> **The machine was busy: load average up to ${peak.toFixed(2)} on ${cores} cores, this run's own 1 or 2 threads included. ` +
            "Both sides are slowed, PyTorch's 2 threads most; rerun on a quiet machine for numbers to quote.**",
          "",
        ]
      : []),
    ...(custom ? [`> Not the recipe's run: BENCH_FM_EPOCHS / BENCH_FM_LIMIT / BENCH_FM_TORCH_THREADS were set.`, ""] : []),
    `Machine: ${cpuDescription()}, Node ${process.versions.node}; load average ${loads.join(" → ")} (at the start, before each PyTorch ` +
      `run, at the end). depthlab ${version} at ${gitCommit()}: ${backend}. ${torchVersion || "PyTorch: not run" + (torchFailure ? ` (${torchFailure})` : "")}` +
      `${reference ? `; ${reference.source}` : ""}. PyTorch's threads: torch.set_num_threads(n) before anything runs (intra-op: ` +
      "oneDNN's convolutions, elementwise ops); depthlab: tfjs's wasm kernels on their thread(s), depthlab's own WebAssembly kernels " +
      "(registered over tfjs's for convolutions, batch norm and more) on theirs (DEPTHLAB_THREADS; the backend line above).",
    "",
    `Data: ${info.train.toLocaleString("en")} training and ${info.test.toLocaleString("en")} test images read from ${info.dir} by both ` +
      "(pixels / 255, no augmentation). " +
      `Net: dl.models.resnet({ inputShape: [28, 28, 1], classes: 10, width: ${recipe.width}, stages: ${recipe.stages}, blocks: ${recipe.blocks} }), ` +
      `${info.params.toLocaleString("en")} parameters with BN's running statistics, PyTorch's default initialisation; the same layers in torch.nn, ` +
      'NCHW, the stride-2 convolutions padded as TensorFlow\'s "same". ' +
      `Training: ${recipe.epochs} epoch${recipe.epochs === 1 ? "" : "s"} of batch ${recipe.batch} (${info.steps.toLocaleString("en")} steps, a reshuffle per epoch), cross-entropy, ` +
      `Adam (PyTorch's rule: β = 0.9, 0.999, ε = 1e-8) with the learning rate of every step rising linearly from 0 to ${recipe.lr} over the ` +
      `first ${recipe.warmup * 100} % of the steps, then falling towards 0 along half a cosine; the test set evaluated after every epoch. ` +
      "Minutes: the wall time from the first step to the last epoch's test evaluation (data loaded, net built).",
    "",
    "| run | threads | minutes | ÷ PyTorch's fastest | test accuracy | test loss | test accuracy after each epoch |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...runs.map(
      (r) =>
        `| ${r.who} | ${r.threads || "—"} | ${minutes(r.trainMs)} | ${Number.isFinite(best) ? (r.trainMs / best).toFixed(1) + "×" : "—"} | ` +
        `${percent(r.testAccuracy)} % | ${r.testLoss.toFixed(3)} | ${r.epochs.map((e) => percent(e.testAccuracy)).join(", ")} |`,
    ),
    "",
    "The two sides shuffle with different random generators and start from different random weights (same distributions), so their " +
      "accuracies differ by a few tenths of a percent from run to run; the recipe's margin over 90 % is meant to cover that.",
    "",
  ].join("\n");
  mkdirSync(dirname(out), { recursive: true });
  // paths inside the checkout (.bench/venv) relative to it: the committed report reads the same from any clone
  writeFileSync(out, report.split(PACKAGE_ROOT + sep).join(""));
  process.stdout.write("\n" + report);
  log(`\nwritten to ${relative(PACKAGE_ROOT, out)}`);
}

void main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench/fashion-mnist: ${error.message}\n`);
    process.exit(1);
  },
);
