// Training-speed benchmark: milliseconds per SGD step (forward, cross-entropy, backward, update) of the course's
// nets on every tfjs backend that loads here, through dl.train.fit and through a bare tfjs loop, against PyTorch
// (bench/training-torch.py) on the same nets in the same run; tf.profile counts the kernels of a step and says
// where its time goes. Writes bench/training.md. Long for one file: cases, timing and the report are read together.
//
// The reference is PyTorch 2.13 CPU from pip's wheel in .bench/venv (bench/torch-venv.ts; made on the first run, about
// 40 s), Debian's python3-torch where that cannot be made (the report says so at its top).
// Subsets, while iterating (a subset's report goes to scratch/, not over the committed bench/training.md):
//   BENCH_NETS=resnet,mlp32bn     nets to time (default all: mlp32, mlp32bn, mlp256bn, resnet)
//   BENCH_BACKENDS=wasm           tfjs backends to time (default wasm,cpu; the cpu backend's ResNet takes 30 s a step)
//   BENCH_OUT=path                where the report goes (relative to the repository root)
//   BENCH_TORCH_PYTHON=python     the reference's python, instead of .bench/venv
//   BENCH_WINDOW_MS, BENCH_WINDOWS  the timed windows (default 400 ms, 7)
import * as tf from "@tensorflow/tfjs";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { backendInfo, describeBackend, ready } from "../lib/backend/index.js";
import { fashionMnist, gaussianMixture } from "../lib/datasets/index.js";
import { mlp, resnet } from "../lib/models/index.js";
import { crossEntropy, fit, sgd } from "../lib/train/index.js";
import { PACKAGE_ROOT } from "../lib/version.js";
import { cpuDescription, loadAverage, runPython } from "./machine.js";
import { torchReference, TORCH_VERSION } from "./torch-venv.js";

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 400); // a timed window lasts about this long
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 7); // timed windows per case; ms/step is their median
const MAX_WINDOW_STEPS = 50; // steps per window, at most
const WARMUP_MS = 2500; // untimed steps first, for about this long (V8 optimises the JS of a step over the first 100 or so steps)
const MAX_WARMUP = 200; // warm-up steps, at most
const SLOW_MS = 2000; // a step slower than this is timed once, without fit, to keep the run short
const PROFILE_STEPS = 3; // steps profiled with tf.profile (1 for a slow step)
const NO_PROFILE_MS = 10_000; // a step slower than this: only its first run is timed, and not profiled
const TORCH_WARMUP = 5; // PyTorch has no JIT to warm: a few steps (and a quarter of a window at least)
const TOP_KERNELS = 8;
const BUSY_LOAD = 0.5; // a load average above this many per core at any point: the report says the machine was busy
const LR = 0.01;
const DEFAULT_BACKENDS = ["wasm", "cpu"];
const TORCH_THREADS = [1, null, 2] as const; // null: torch's own default (its OpenMP threads, the BLAS's own)
const REFERENCE_BLAS_WARNING =
  "PyTorch ran on the netlib reference BLAS (DEPTHLAB_BENCH_REFERENCE_BLAS=1), a plain loop on one thread: its GEMMs are several times " +
  "slower than PyTorch's anywhere else, so every ratio to PyTorch here flatters tfjs. Install an optimised BLAS " +
  "(Debian: apt-get install libopenblas0-pthread) and run again.";

interface Case {
  id: string;
  title: string;
  kind: "mlp" | "resnet";
  batch: number;
  /** Samples in the data: a whole number of batches, so every batch of fit is full. */
  n: number;
  mlp?: { inputs: number; depth: number; width: number; outputs: number; norm: boolean };
  resnet?: { blocks: number; stages: number; width: number; classes: number };
}

const CASES: Case[] = [
  {
    id: "mlp32",
    title: "MLP depth 16, width 32, batch 100, 2 → 4 classes, no BN",
    kind: "mlp",
    batch: 100,
    n: 5000,
    mlp: { inputs: 2, depth: 16, width: 32, outputs: 4, norm: false },
  },
  {
    id: "mlp32bn",
    title: "MLP depth 16, width 32, batch 100, 2 → 4 classes, BN before ReLU",
    kind: "mlp",
    batch: 100,
    n: 5000,
    mlp: { inputs: 2, depth: 16, width: 32, outputs: 4, norm: true },
  },
  {
    id: "mlp256bn",
    title: "MLP depth 16, width 256, batch 256, 2 → 4 classes, BN before ReLU",
    kind: "mlp",
    batch: 256,
    n: 256 * 20,
    mlp: { inputs: 2, depth: 16, width: 256, outputs: 4, norm: true },
  },
  {
    id: "resnet",
    title: "Conv ResNet (pre-activation, blocks 1, stages 2, width 8) on 28×28×1 Fashion-MNIST, batch 64",
    kind: "resnet",
    batch: 64,
    n: 960,
    resnet: { blocks: 1, stages: 2, width: 8, classes: 10 },
  },
];

/** Which timing of a net a goal reads: dl.train.fit's default engine, fit with `fused: false`, the bare loop. */
type Variant = "fit" | "fitOps" | "bare";

/** Issue 17's goals: the best tfjs backend's ms per step ÷ PyTorch's best (of 1 thread, default, 2 threads) ≤ limit. */
const GOALS: { id: string; variant: Variant; limit: number; what: string }[] = [
  { id: "resnet", variant: "fit", limit: 2, what: "Conv ResNet, batch 64, through dl.train.fit (then 1×)" },
  { id: "mlp32bn", variant: "fitOps", limit: 2, what: "BN MLP through fit with `fused: false` (the path of every other architecture)" },
  { id: "mlp32bn", variant: "bare", limit: 2, what: "BN MLP in a student's own `tf.variableGrads` loop" },
  { id: "mlp256bn", variant: "fit", limit: 1, what: "Width-256 BN MLP, batch 256, through fit" },
  { id: "mlp32", variant: "fit", limit: 0.3, what: "Fused plain MLP without BN, through fit" },
  { id: "mlp32bn", variant: "fit", limit: 0.3, what: "Fused plain MLP with BN, through fit" },
];

/** Multiply-adds × 2 of an MLP step's matrix products: forward, and both products of each dense layer's backward pass. */
function matMulFlops(c: Case): number | undefined {
  if (!c.mlp) return undefined;
  const { inputs, depth, width, outputs } = c.mlp;
  const weights = inputs * width + (depth - 1) * width * width + width * outputs;
  return 3 * 2 * c.batch * weights;
}

/** What one run times and where its report goes, from the environment (BENCH_NETS, …: see the top of the file). */
interface Selection {
  cases: Case[];
  backends: string[];
  /** Absolute path of the report. */
  out: string;
  /** Fewer nets or other backends than the full run: the report says so and goes to scratch/ by default. */
  subset: boolean;
}

function selection(env: NodeJS.ProcessEnv): Selection {
  const list = (v: string | undefined) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const nets = list(env["BENCH_NETS"]);
  const unknown = nets.filter((id) => !CASES.some((c) => c.id === id));
  if (unknown.length)
    throw new Error(`bench/training: BENCH_NETS names unknown nets ${unknown.join(", ")} (known: ${CASES.map((c) => c.id).join(", ")})`);
  const cases = nets.length ? CASES.filter((c) => nets.includes(c.id)) : CASES;
  const named = list(env["BENCH_BACKENDS"]);
  const backends = named.length ? named : DEFAULT_BACKENDS;
  const subset = cases.length < CASES.length || backends.join() !== DEFAULT_BACKENDS.join();
  const file = subset
    ? join("scratch", `training-${cases.map((c) => c.id).join("-")}-${backends.join("-")}.md`)
    : join("bench", "training.md");
  return { cases, backends, out: join(PACKAGE_ROOT, env["BENCH_OUT"] ?? file), subset };
}

/** The data of a case as plain arrays; tensors are made on each backend from them. */
interface Data {
  x: Float32Array;
  y: Int32Array;
  shape: number[];
}

function makeData(c: Case): Data {
  const ds =
    c.kind === "resnet" ? fashionMnist({ source: "sample", limit: c.n }) : gaussianMixture({ n: c.n, centers: c.mlp!.outputs, seed: 0 });
  const data = { x: ds.xValues.slice(), y: Int32Array.from(ds.yValues), shape: c.kind === "resnet" ? [c.n, 28, 28, 1] : [c.n, ds.inputs] };
  tf.dispose([ds.x, ds.y]);
  return data;
}

function makeModel(c: Case): tf.LayersModel {
  if (c.kind === "resnet") return resnet({ inputShape: [28, 28, 1], ...c.resnet!, seed: 0 });
  const m = c.mlp!;
  return mlp({ inputs: m.inputs, hidden: { depth: m.depth, width: m.width }, outputs: m.outputs, norm: m.norm ? "batch" : null, seed: 0 });
}

interface Timing {
  /** Median over the windows of (window time / steps in it). */
  ms: number;
  min: number;
  /** Steps per window. */
  k: number;
  windows: number;
  /** Untimed steps before the windows. */
  warmup: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const stepsPerWindow = (oneStepMs: number) => Math.max(1, Math.min(MAX_WINDOW_STEPS, Math.round(WINDOW_MS / Math.max(oneStepMs, 1e-3))));
const summarise = (perStep: number[], k: number, warmup: number): Timing => ({
  ms: median(perStep),
  min: Math.min(...perStep),
  k,
  windows: perStep.length,
  warmup,
});

/**
 * The bare loop: one tf.tidy per step around slicing the batch, tf.variableGrads of the same cross-entropy and
 * optimizer.applyGradients with the same optimiser (dl.train.sgd); nothing else.
 */
function bareStepper(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, batch: number): () => void {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = sgd({ lr: LR });
  const perEpoch = Math.floor((x.shape[0] as number) / batch);
  let i = 0;
  return () => {
    const start = (i++ % perEpoch) * batch;
    tf.tidy(() => {
      const xb = x.slice(start, batch);
      const yb = y.slice(start, batch);
      const { grads } = tf.variableGrads(() => crossEntropy(yb, model.apply(xb, { training: true }) as tf.Tensor), vars);
      opt.applyGradients(grads);
    });
  };
}

/** Warm-up steps for about WARMUP_MS (at least 2, at most MAX_WARMUP); returns their number and the last step's time. */
function warmUp(step: () => void): { steps: number; lastMs: number } {
  const start = performance.now();
  let steps = 0;
  let lastMs = 0;
  do {
    const t = performance.now();
    step();
    lastMs = performance.now() - t;
    steps++;
  } while (steps < MAX_WARMUP && lastMs < SLOW_MS && (steps < 2 || performance.now() - start < WARMUP_MS));
  return { steps, lastMs };
}

/** ms per step of one call of dl.train.fit of k + 1 steps, from its history's time stamps (the first step, with fit's set-up, is left out). */
async function fitWindow(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  batch: number,
  k: number,
  fused: boolean | "auto" = "auto",
): Promise<number> {
  const history = await fit(model, { x, y }, { steps: k + 1, batchSize: batch, optimizer: sgd({ lr: LR }), fused });
  const rows = history.rows;
  if (rows.length !== k + 1) throw new Error(`fit logged ${rows.length} rows, expected ${k + 1}`);
  if (!Number.isFinite(rows[k]!.loss)) throw new Error("fit: the training loss is not finite");
  return (rows[k]!.time - rows[0]!.time) / k;
}

/**
 * Times the bare loop and dl.train.fit on two fresh copies of the net, their windows interleaved (bare, fit, bare,
 * fit, …) so that both see the same load on this shared machine. Each fit window is one call as a student makes it
 * (default logging: a history row, the loss and accuracy read back, every step). A step slower than SLOW_MS is
 * timed once, bare only. Both backends run synchronously, so wall time is compute time.
 */
async function timeBoth(
  c: Case,
  step: () => void,
  fitModel: tf.LayersModel,
  opsModel: tf.LayersModel | null,
  x: tf.Tensor,
  y: tf.Tensor,
): Promise<{ bare: Timing; fit?: Timing; fitOps?: Timing }> {
  const warm = warmUp(step);
  // a step over NO_PROFILE_MS (the cpu backend's ResNet, about half a minute) is timed by its first run alone
  if (warm.lastMs >= NO_PROFILE_MS) return { bare: summarise([warm.lastMs], 1, 0) };
  if (warm.lastMs >= SLOW_MS) {
    const t = performance.now();
    step();
    return { bare: summarise([performance.now() - t], 1, warm.steps) };
  }
  const k = stepsPerWindow(warm.lastMs);
  const fitWarmup = Math.max(2, Math.min(MAX_WARMUP, Math.round(WARMUP_MS / warm.lastMs)));
  await fitWindow(fitModel, x, y, c.batch, fitWarmup);
  if (opsModel) await fitWindow(opsModel, x, y, c.batch, fitWarmup, false);
  const bare: number[] = [];
  const viaFit: number[] = [];
  const viaOps: number[] = [];
  // the fused engine is 5–20× faster than a tf-ops step: give its windows as many steps as fit's budget allows
  const kFit = opsModel ? Math.min(MAX_WINDOW_STEPS * 10, k * 10) : k;
  for (let w = 0; w < WINDOWS; w++) {
    const t = performance.now();
    for (let i = 0; i < k; i++) step();
    bare.push((performance.now() - t) / k);
    viaFit.push(await fitWindow(fitModel, x, y, c.batch, kFit));
    if (opsModel) viaOps.push(await fitWindow(opsModel, x, y, c.batch, k, false));
  }
  return {
    bare: summarise(bare, k, warm.steps),
    fit: summarise(viaFit, kFit, fitWarmup + 1),
    ...(opsModel ? { fitOps: summarise(viaOps, k, fitWarmup + 1) } : {}),
  };
}

interface KernelRow {
  name: string;
  perStep: number;
  ms: number;
}
interface Profile {
  steps: number;
  /** Wall time per profiled step (profiling slows a step down). */
  wallMsPerStep: number;
  kernelsPerStep: number;
  kernelMsPerStep: number;
  top: KernelRow[];
}

/** tf.profile of `steps` steps: kernels per step, their summed time, and the kernels that take longest. */
async function profileSteps(run: () => void | Promise<void>, steps: number): Promise<Profile> {
  let wallMs = 0;
  const info = await tf.profile(async () => {
    const t = performance.now();
    await run();
    wallMs = performance.now() - t;
    return undefined as unknown as tf.TensorContainer;
  });
  // tf.profile also lists the scopes around kernels (an op's "…__op", a custom gradient's "unnamed scope"), whose
  // time includes the kernels inside them: keep only the kernels registered for the backend
  const backend = tf.getBackend();
  const kernels = info.kernels.filter((k) => tf.getKernel(k.name, backend) !== undefined);
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of kernels) {
    const e = byName.get(k.name) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += Number(k.kernelTimeMs) || 0;
    byName.set(k.name, e);
  }
  const rows = [...byName].map(([name, e]) => ({ name, perStep: e.count / steps, ms: e.ms / steps }));
  rows.sort((a, b) => b.ms - a.ms);
  return {
    steps,
    wallMsPerStep: wallMs / steps,
    kernelsPerStep: kernels.length / steps,
    kernelMsPerStep: rows.reduce((a, r) => a + r.ms, 0),
    top: rows.slice(0, TOP_KERNELS),
  };
}

interface TfResult {
  backend: string;
  id: string;
  bare: Timing;
  /** Not timed when a step is slower than SLOW_MS. */
  fit?: Timing;
  /** The engine dl.train.fit chose: "fused" (plain MLPs on the CPU backends) or "tfjs". */
  engine: string;
  /** dl.train.fit with fused: false (tf ops), timed when fit chose the fused engine. */
  fitOps?: Timing;
  bareProfile?: Profile;
  fitProfile?: Profile;
  /** Trainable variables: dl.train.sgd updates each with 2 kernels (Multiply, Sub). */
  variables: number;
}

async function runBackend(backend: string, c: Case, data: Data, log: (s: string) => void): Promise<TfResult> {
  const x = tf.tensor(data.x, data.shape, "float32");
  const y = tf.tensor1d(data.y, "int32");
  // the bare loop and fit each train their own fresh copy of the net (same seed)
  const bareModel = makeModel(c);
  const fitModel = makeModel(c);
  const probe = makeModel(c);
  const engine = (await fit(probe, { x, y }, { steps: 1, batchSize: c.batch, optimizer: sgd({ lr: LR }) })).engine;
  probe.dispose();
  const opsModel = engine === "fused" ? makeModel(c) : null;
  try {
    const step = bareStepper(bareModel, x, y, c.batch);
    const { bare, fit: viaFit, fitOps } = await timeBoth(c, step, fitModel, opsModel, x, y);
    const variables = bareModel.trainableWeights.length;
    const result: TfResult = {
      backend,
      id: c.id,
      bare,
      variables,
      engine,
      ...(viaFit ? { fit: viaFit } : {}),
      ...(fitOps ? { fitOps } : {}),
    };
    const profileN = bare.ms >= NO_PROFILE_MS ? 0 : viaFit ? PROFILE_STEPS : 1;
    if (profileN > 0) {
      result.bareProfile = await profileSteps(() => {
        for (let i = 0; i < profileN; i++) step();
      }, profileN);
    }
    if (viaFit) {
      const opts = { steps: profileN, batchSize: c.batch, optimizer: sgd({ lr: LR }) };
      result.fitProfile = await profileSteps(async () => void (await fit(fitModel, { x, y }, opts)), profileN);
    }
    const say = (what: string, t: Timing) =>
      `${backend} ${c.id} ${what}: ${fmt(t.ms)} ms/step (${t.windows} × ${t.k} steps after ${t.warmup})`;
    log(
      say("bare loop", bare) +
        (viaFit ? `; ${say(`dl.train.fit (${engine})`, viaFit)}` : "") +
        (fitOps ? `; ${say("fit, tf ops", fitOps)}` : ""),
    );
    return result;
  } finally {
    bareModel.dispose();
    fitModel.dispose();
    opsModel?.dispose();
    tf.dispose([x, y]);
  }
}

interface MatMulRow {
  backend: string;
  width: number;
  shape: string;
  plain: number;
  transposed: number;
  explicit: number;
}

/**
 * The backward pass of a dense layer multiplies by transposed operands (dW = hᵀ·dy, dx = dy·Wᵀ). Times, in µs per
 * call (each in its own tf.tidy), tf.matMul with the transpose flag against tf.transpose followed by a plain matMul,
 * at the shapes of the nets, and the forward product for scale.
 */
function matMulCheck(backend: string): MatMulRow[] {
  const time = (f: () => tf.Tensor, budgetMs = 150) => {
    for (let i = 0; i < 20; i++) tf.tidy(f);
    const per: number[] = [];
    for (let w = 0; w < 5; w++) {
      let n = 0;
      const t = performance.now();
      while (performance.now() - t < budgetMs / 5 || n < 3) {
        tf.tidy(f);
        n++;
      }
      per.push(((performance.now() - t) / n) * 1000);
    }
    return median(per);
  };
  const rows: MatMulRow[] = [];
  for (const [batch, width] of [
    [100, 32],
    [256, 256],
  ] as const) {
    const h = tf.randomNormal([batch, width]);
    const dy = tf.randomNormal([batch, width]);
    const w = tf.randomNormal([width, width]);
    const plain = time(() => tf.matMul(h, w));
    rows.push({
      backend,
      width,
      shape: `dW = hᵀ·dy, h and dy [${batch}, ${width}]`,
      plain,
      transposed: time(() => tf.matMul(h, dy, true, false)),
      explicit: time(() => tf.matMul(tf.transpose(h), dy)),
    });
    rows.push({
      backend,
      width,
      shape: `dx = dy·Wᵀ, dy [${batch}, ${width}], W [${width}, ${width}]`,
      plain,
      transposed: time(() => tf.matMul(dy, w, false, true)),
      explicit: time(() => tf.matMul(dy, tf.transpose(w))),
    });
    tf.dispose([h, dy, w]);
  }
  return rows;
}

interface TorchResult {
  id: string;
  /** The setting asked for: a count, or null for torch's own default. */
  threads: number | null;
  /** What was in effect: torch.get_num_threads() and the BLAS's own count (null where it has none). */
  torchThreads: number;
  blasThreads: number | null;
  ms: number;
  min: number;
  k: number;
  windows: number;
  /** Untimed steps before the windows (warm-up, then the steps that size the windows). */
  warmup: number;
}
interface TorchRun {
  torch: string;
  defaultThreads: number;
  blasThreadsDefault: number | null;
  cores: number;
  blasInfo: string;
  /** The BLAS torch really calls: kind, version, file and threads (bench/blas_probe.py). */
  blas: string;
  /** True when that is the netlib reference BLAS: the script refuses it unless DEPTHLAB_BENCH_REFERENCE_BLAS=1. */
  blasReference: boolean;
  mkldnn: boolean;
  /** From torch.__config__ (null where it does not say): the MKL and oneDNN it was built with, its SIMD level. */
  mklVersion: string | null;
  onednnVersion: string | null;
  cpuCapability: string | null;
  parallelBackend: string | null;
  /** sys.executable and Python's version. */
  python: string;
  results: TorchResult[];
}

function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return "—";
  return v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
}
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? "—" : `${(a / b).toFixed(a / b < 10 ? 2 : 1)}×`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;

/** The backends not timed here, and why each is not available. */
function unavailableBackends(timed: string[]): { name: string; reason: string }[] {
  const out = backendInfo()
    .skipped.filter((s) => !timed.includes(s.candidate))
    .map((s) => ({ name: s.candidate, reason: s.reason }));
  if (!timed.includes("webgpu") && !out.some((u) => u.name === "webgpu")) {
    let webgpu = "@tensorflow/tfjs-backend-webgpu is not installed";
    try {
      require.resolve("@tensorflow/tfjs-backend-webgpu");
      webgpu = tf.findBackendFactory("webgpu")
        ? "registered but not asked for (BENCH_BACKENDS=webgpu,wasm,cpu times it)"
        : "@tensorflow/tfjs-backend-webgpu is installed but depthlab does not set it up";
    } catch {
      // not installed: the sentence above stands
    }
    const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
    out.push({ name: "webgpu", reason: `${webgpu}, and Node ${process.versions.node} has ${gpu ? "" : "no "}navigator.gpu` });
  }
  if (!tf.findBackendFactory("webgl")) {
    out.push({ name: "webgl", reason: "@tensorflow/tfjs registers webgl only in a browser (it needs a WebGL context)" });
  }
  return out;
}

async function main() {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const { cases, backends: wanted, out, subset } = selection(process.env);
  // first, as it may take 40 s: making .bench/venv uses the CPU
  const reference = torchReference(PACKAGE_ROOT, { python: process.env["BENCH_TORCH_PYTHON"] });
  log(`PyTorch reference: ${reference.source}`);
  if (reference.warning) log(`WARNING: ${reference.warning}`);
  const load = loadAverage();
  await ready();
  const wasmLine = tf.getBackend() === "wasm" ? describeBackend(backendInfo()) : undefined;
  const backends: string[] = [];
  for (const b of wanted) {
    if (tf.findBackendFactory(b) && (await tf.setBackend(b))) backends.push(b);
    else if (process.env["BENCH_BACKENDS"]) throw new Error(`bench/training: BENCH_BACKENDS names ${b}, which does not load here`);
  }
  const unavailable = unavailableBackends(backends);

  const results: TfResult[] = [];
  const matmul: MatMulRow[] = [];
  for (const backend of backends) {
    await tf.setBackend(backend);
    matmul.push(...matMulCheck(backend));
  }
  // per case: the tfjs backends, then PyTorch on the same net right after (one python process per case), so that
  // both sides of a ratio are timed minutes apart at most, under about the same load
  let torch: TorchRun | string | undefined;
  let torchFailure: string | undefined; // a later case failed after an earlier one ran
  let tfSeconds = 0;
  let torchSeconds = 0;
  const torchLoads: string[] = []; // the load average as PyTorch starts on each net
  for (const c of cases) {
    const t = performance.now();
    const data = makeData(c);
    for (const backend of backends) {
      await tf.setBackend(backend);
      results.push(await runBackend(backend, c, data, log));
    }
    const t0 = performance.now();
    tfSeconds += (t0 - t) / 1000;
    torchLoads.push(`${c.id} ${loadAverage()}`);
    if (typeof torch === "string" || torchFailure) continue; // it could not run: no use trying again
    const job = {
      threads: TORCH_THREADS,
      window_ms: WINDOW_MS,
      windows: WINDOWS,
      max_window_steps: MAX_WINDOW_STEPS,
      warmup: TORCH_WARMUP,
      cases: [{ id: c.id, kind: c.kind, batch: c.batch, n: c.n, lr: LR, ...(c.mlp ?? c.resnet!) }],
    };
    const script = join(PACKAGE_ROOT, "bench", "training-torch.py");
    const run = runPython<TorchRun>(script, job, "training-torch.py", { python: reference.python, timeoutMs: 5 * 60_000 });
    torchSeconds += (performance.now() - t0) / 1000;
    if (typeof run === "string") {
      if (torch === undefined) torch = run;
      else torchFailure = `${c.id} and after: ${run}`;
    } else if (torch === undefined) {
      torch = run;
      log(
        `PyTorch ${run.torch} (${run.python}), ${run.defaultThreads} intra-op thread(s); BLAS: ${run.blas}; oneDNN: ${run.onednnVersion}`,
      );
      if (run.blasReference) log(`WARNING: ${REFERENCE_BLAS_WARNING}`);
    } else torch.results.push(...run.results);
    if (typeof run !== "string")
      log(`PyTorch ${c.id}: ${run.results.map((r) => `${r.threads ?? "default"}: ${fmt(r.ms)} ms/step`).join(", ")}`);
  }
  if (torch === undefined) torch = "no case was run";
  const loadEnd = loadAverage();
  const torchMs = (id: string, threads: number | null) =>
    typeof torch === "string" ? undefined : torch.results.find((r) => r.id === id && r.threads === threads)?.ms;
  const defaultLabel =
    typeof torch === "string"
      ? "default"
      : `default (torch ${torch.defaultThreads} intra-op thread${torch.defaultThreads === 1 ? "" : "s"}, BLAS ${torch.blasThreadsDefault ?? "?"})`;
  /** PyTorch's fastest setting on a net (of 1 thread, default, 2 threads): what the ratios and the goals compare with. */
  const torchBest = (id: string): TorchResult | undefined =>
    typeof torch === "string"
      ? undefined
      : torch.results.filter((r) => r.id === id).reduce<TorchResult | undefined>((a, r) => (a && a.ms <= r.ms ? a : r), undefined);
  const threadLabel = (t: number | null) => (t === null ? "default" : `${t} thread${t === 1 ? "" : "s"}`);

  // ---- the report
  const section = (c: Case, i: number): string[] => {
    const tb = torchBest(c.id)?.ms;
    const t1 = torchMs(c.id, 1);
    const rows: string[] = [];
    const row = (label: string, t: Timing | undefined, note = "") =>
      t === undefined
        ? `| ${label} | ${note} | | | | |`
        : `| ${label} | ${fmt(t.ms)} | ${ratio(t.ms, tb)} | ${ratio(t.ms, t1)} | ${fmt(t.min)} | ${t.windows} × ${t.k} after ${t.warmup}${note} |`;
    for (const r of results.filter((r) => r.id === c.id)) {
      rows.push(
        row(
          `tfjs ${r.backend}, dl.train.fit (${r.engine} engine)`,
          r.fit,
          r.fit ? "" : `not timed (a step takes ${(r.bare.ms / 1000).toFixed(1)} s)`,
        ),
      );
      if (r.fitOps) rows.push(row(`tfjs ${r.backend}, dl.train.fit with fused: false (tf ops)`, r.fitOps));
      rows.push(
        row(
          `tfjs ${r.backend}, bare loop`,
          r.bare,
          r.bare.windows > 1
            ? ""
            : r.bare.warmup === 0
              ? ` (the first step alone: over ${NO_PROFILE_MS / 1000} s a step)`
              : " (slow: one timed step)",
        ),
      );
    }
    if (typeof torch !== "string") {
      for (const threads of TORCH_THREADS) {
        const r = torch.results.find((x) => x.id === c.id && x.threads === threads);
        const label = `PyTorch ${torch.torch}, ${threads === null ? defaultLabel : threadLabel(threads)}${r?.ms === tb ? " (best)" : ""}`;
        if (r)
          rows.push(
            `| ${label} | ${fmt(r.ms)} | ${ratio(r.ms, tb)} | ${ratio(r.ms, t1)} | ${fmt(r.min)} | ${r.windows} × ${r.k} after ${r.warmup} |`,
          );
      }
    } else rows.push(`| PyTorch | not run: ${torch} | | | | |`);
    if (i === 0) for (const u of unavailable) rows.push(`| tfjs ${u.name} | not available: ${u.reason} | | | | |`);
    else if (unavailable.length) rows.push(`| tfjs ${unavailable.map((u) => u.name).join(", ")} | not available (reasons above) | | | | |`);
    const profileLines: string[] = [];
    for (const r of results.filter((r) => r.id === c.id && r.bareProfile)) {
      const p = r.bareProfile!;
      const f = r.fitProfile;
      profileLines.push(
        `**${r.backend}** (tf.profile, ${p.steps} step${p.steps === 1 ? "" : "s"}): ${p.kernelsPerStep.toFixed(0)} kernels per step in the bare loop` +
          (f ? `, ${f.kernelsPerStep.toFixed(1)} in dl.train.fit` : "") +
          `; time inside kernels ${fmt(p.kernelMsPerStep)} ms of the profiled step's ${fmt(p.wallMsPerStep)} ms wall time ` +
          `(${pct(p.kernelMsPerStep, p.wallMsPerStep)}; the rest is tfjs's engine, the tape and the layers' JS); unprofiled, the step is ` +
          `${fmt(r.bare.ms)} ms, ${((1000 * r.bare.ms) / p.kernelsPerStep).toFixed(0)} µs per kernel. Top kernels by time (bare loop):`,
        "",
        "| kernel | calls per step | ms per step | share of kernel time |",
        "|---|---:|---:|---:|",
        ...p.top.map((k) => `| ${k.name} | ${k.perStep.toFixed(0)} | ${fmt(k.ms)} | ${pct(k.ms, p.kernelMsPerStep)} |`),
        "",
      );
    }
    return [
      `## ${c.title}`,
      "",
      "| backend / variant | ms per step | ÷ PyTorch best | ÷ PyTorch 1 thread | fastest window (ms per step) | windows × steps, after warm-up steps |",
      "|---|---:|---:|---:|---:|---|",
      ...rows,
      "",
      ...profileLines,
    ];
  };

  /** The fastest tfjs backend on a net for a variant, and its timing. */
  const timingOf = (r: TfResult, v: Variant): Timing | undefined =>
    v === "bare" ? r.bare : v === "fit" ? r.fit : (r.fitOps ?? (r.engine === "fused" ? undefined : r.fit));
  const fastest = (id: string, v: Variant) =>
    results
      .filter((r) => r.id === id)
      .map((r) => ({ backend: r.backend, engine: r.engine, t: timingOf(r, v) }))
      .filter((x): x is { backend: string; engine: string; t: Timing } => x.t !== undefined)
      .sort((a, b) => a.t.ms - b.t.ms)[0];
  const gflops = (c: Case, ms: number | undefined) => {
    const flops = matMulFlops(c);
    return flops === undefined || ms === undefined ? "—" : `${(flops / ms / 1e6).toFixed(1)} GFLOP/s`;
  };
  const goals = GOALS.filter((g) => cases.some((c) => c.id === g.id));
  const goalLines =
    typeof torch === "string"
      ? ["**Goals** (issue 17): cannot be judged, the PyTorch reference was not run."]
      : [
          `**Goals** (issue 17; the best tfjs backend ÷ PyTorch ${torch.torch}'s fastest of 1 thread, default and 2 threads on the same net, ` +
            `in this run${reference.warning ? "; **against the fallback reference, see the warning above**" : ""}):` +
            (torch.blasReference ? " **cannot be judged: PyTorch ran on the netlib reference BLAS** (see the warning above)." : ""),
          "",
          ...goals.map((g) => {
            const c = cases.find((x) => x.id === g.id)!;
            const f = fastest(g.id, g.variant);
            const ref = torchBest(g.id);
            const met = f !== undefined && ref !== undefined && f.t.ms <= g.limit * ref.ms;
            const flops =
              c.mlp && c.mlp.width >= 256
                ? ` Its matrix products (${(matMulFlops(c)! / 1e9).toFixed(2)} GFLOP a step) over the whole step's time: tfjs ${gflops(c, f?.t.ms)}, ` +
                  `PyTorch ${gflops(c, ref?.ms)}.`
                : "";
            return (
              `- ${g.what}: goal ≤ ${g.limit}×; tfjs ${f ? `${f.backend}${g.variant === "fit" ? ` (${f.engine} engine)` : ""}` : "—"} ${fmt(f?.t.ms)} ms ` +
              `÷ PyTorch ${ref ? threadLabel(ref.threads) : "—"} ${fmt(ref?.ms)} ms = **${ratio(f?.t.ms, ref?.ms)}**, ${met ? "met" : "not met"}.${flops}`
            );
          }),
        ];

  const summary = [
    `| net | ${backends.map((b) => `tfjs ${b} fit | tfjs ${b} fit, tf ops | tfjs ${b} bare`).join(" | ")} | PyTorch 1 thread | PyTorch default | PyTorch 2 threads | ` +
      "best tfjs fit ÷ PyTorch best | best tfjs bare ÷ PyTorch best |",
    `|---|${backends.map(() => "---:|---:|---:").join("|")}|---:|---:|---:|---:|---:|`,
    ...cases.map((c) => {
      const cells = backends.flatMap((b) => {
        const r = results.find((x) => x.id === c.id && x.backend === b);
        return [`${fmt(r?.fit?.ms)}${r?.engine === "fused" ? " (fused)" : ""}`, fmt(r?.fitOps?.ms ?? r?.fit?.ms), fmt(r?.bare.ms)];
      });
      const tb = torchBest(c.id)?.ms;
      const mark = (t: number | null) => (torchBest(c.id)?.threads === t ? "**" : "");
      const torchCells = TORCH_THREADS.map((t) => `${mark(t)}${fmt(torchMs(c.id, t))}${mark(t)}`);
      return (
        `| ${c.id} | ${cells.join(" | ")} | ${torchCells.join(" | ")} | ` +
        `${ratio(fastest(c.id, "fit")?.t.ms, tb)} | ${ratio(fastest(c.id, "bare")?.t.ms, tb)} |`
      );
    }),
  ];

  const fusedGain = results
    .filter((r) => r.fit && r.fitOps)
    .map((r) => `${r.backend} ${r.id} ${fmt(r.fit!.ms)} vs ${fmt(r.fitOps!.ms)} (${(r.fitOps!.ms / r.fit!.ms).toFixed(1)}× faster)`);
  const small = results.filter((r) => r.id.startsWith("mlp32"));
  const fitShare = small.filter((r) => r.fitOps).map((r) => `${r.backend} ${r.id} ${pct(r.fitOps!.ms - r.bare.ms, r.fitOps!.ms)}`);
  const kernelCounts = small
    .filter((r) => r.bareProfile && r.fitProfile)
    .map((r) => `${r.backend} ${r.id} ${r.bareProfile!.kernelsPerStep.toFixed(0)} → ${r.fitProfile!.kernelsPerStep.toFixed(1)}`);
  const updateKernels = cases
    .filter((c) => c.kind === "mlp")
    .map((c) => {
      const r = results.find((x) => x.id === c.id)!;
      return `${c.id} ${2 * r.variables}`;
    });
  const kernelShare = small
    .filter((r) => r.bareProfile)
    .map((r) => `${r.backend} ${r.id} ${pct(r.bareProfile!.kernelMsPerStep, r.bareProfile!.wallMsPerStep)}`);
  const perKernel = small
    .filter((r) => r.bareProfile)
    .map((r) => `${r.backend} ${r.id} ${((1000 * r.bare.ms) / r.bareProfile!.kernelsPerStep).toFixed(0)} µs`);
  const wide = results.filter((r) => r.id === "mlp256bn" && r.bareProfile);
  const wideMatMul = wide.map((r) => {
    const mm = r.bareProfile!.top.filter((k) => /MatMul/i.test(k.name)).reduce((a, k) => a + k.ms, 0);
    return `${r.backend} ${pct(mm, r.bareProfile!.wallMsPerStep)}`;
  });
  const slowdown = (width: number) => {
    const r = matmul.filter((m) => m.backend === "wasm" && m.width === width).map((m) => m.transposed / m.explicit);
    return r.length ? `${Math.min(...r).toFixed(1)}–${Math.max(...r).toFixed(1)}×` : undefined;
  };
  const wasmResnet = results.find((r) => r.backend === "wasm" && r.id === "resnet" && r.bareProfile);
  const resnetTop = wasmResnet?.bareProfile!.top.slice(0, 2).map((k) => `${k.name} ${fmt(k.ms)} ms`);
  const torchThreads =
    typeof torch === "string"
      ? []
      : cases.map(
          (c) =>
            `${c.id} ${TORCH_THREADS.map((t) => fmt(torchMs(c.id, t))).join(" / ")} ms (best: ${threadLabel(torchBest(c.id)?.threads ?? null)})`,
        );
  const blasName =
    typeof torch === "string"
      ? ""
      : torch.blas.split(" (")[0]!.replace(/^MKL Intel\(R\) oneAPI Math Kernel Library Version ([\d.]+).*/, "MKL $1");
  const resnetCase = CASES.find((c) => c.kind === "resnet")!;

  const torchLine =
    typeof torch === "string"
      ? `Reference: not run — ${torch}.`
      : `Reference: PyTorch ${torch.torch}, ${reference.source}; ${torch.python}; float32. Built with (torch.__config__.show()): BLAS_INFO=${torch.blasInfo}, ` +
        `${torch.mklVersion ?? "no MKL"}, ${torch.onednnVersion ?? "oneDNN version not shown"} (torch.backends.mkldnn ${torch.mkldnn ? "available" : "not available"}), ` +
        `CPU capability ${torch.cpuCapability ?? "not shown"}, ATen parallel backend ${torch.parallelBackend ?? "not shown"}. ` +
        `BLAS called for nn.Linear's GEMMs (the library whose sgemm_ torch resolves, bench/blas_probe.py): ${torch.blas}; convolutions go through oneDNN. ` +
        `Threads: torch's own default here is ${torch.defaultThreads} intra-op thread(s) on this ${torch.cores}-core VM with the BLAS on ` +
        `${torch.blasThreadsDefault ?? "?"} thread(s): that is "default". "1 thread" and "2 threads" set torch.set_num_threads and the BLAS's own ` +
        `count (MKL inside the pip wheel follows torch.set_num_threads; Debian's torch calls the system BLAS, set by its own setter, e.g. ` +
        `openblas_set_num_threads). All three run in the same process, one after the other; ratios ("÷ PyTorch best") use the fastest of them ` +
        `on each net. A step: slice the batch, zero_grad, forward (train mode), nn.CrossEntropyLoss, backward, torch.optim.SGD (lr ${LR}); timed inside Python.`;
  // other work on the machine slows both sides, PyTorch's 2-thread settings most (OpenMP's threads wait on a busy core)
  const peakLoad = Math.max(Number(load), Number(loadEnd), ...torchLoads.map((l) => Number(l.split(" ")[1])));
  const cores = cpus().length;
  const warnings = [
    ...(reference.warning ? [`> **WARNING: ${reference.warning}.**`, ""] : []),
    ...(peakLoad > BUSY_LOAD * cores
      ? [
          `> **The machine was busy: load average up to ${peakLoad.toFixed(2)} on ${cores} cores (other work than this benchmark). ` +
            "Timings are inflated and noisy, PyTorch's 2-thread settings most; rerun on a quiet machine before reading a goal as met or missed.**",
          "",
        ]
      : []),
    ...(typeof torch !== "string" && torch.blasReference ? [`> **WARNING: ${REFERENCE_BLAS_WARNING}**`, ""] : []),
    ...(subset
      ? [
          `> A subset (BENCH_NETS / BENCH_BACKENDS): nets ${cases.map((c) => c.id).join(", ")}; backends ${backends.join(", ")}. ` +
            "The full run is `npm run bench` (bench/training.md).",
          "",
        ]
      : []),
  ];

  const report = [
    `# Training speed: ms per SGD step, tfjs backends against PyTorch (${new Date().toISOString().slice(0, 10)})`,
    "",
    ...warnings,
    `Machine: ${cpuDescription()}, Node ${process.versions.node}, tfjs ${tf.version_core}, load average ${load} at start, ${loadEnd} at the end and ${torchLoads.join(", ")} as PyTorch started on each net (the machine is shared; ` +
      `expect 10–30 % between runs). tfjs runs in this process; PyTorch in one ${reference.python} process per net, right after that net's tfjs timings.`,
    `tfjs backends timed: ${backends.join(", ")}${wasmLine ? ` (${wasmLine})` : ""}; cpu is the pure-JavaScript backend, 1 thread. ` +
      `Not available: ${unavailable.map((u) => `${u.name} (${u.reason})`).join("; ")}.`,
    torchLine + (torchFailure ? ` PyTorch failed on ${torchFailure}.` : ""),
    "",
    `A step: forward in training mode, cross-entropy on logits, backward, SGD update (lr ${LR}; dl.train.sgd has PyTorch's rule), the batch sliced ` +
      `from tensors made beforehand. ms per step: median over ${WINDOWS} windows of k steps (k sized so that a window takes about ${WINDOW_MS} ms, ` +
      `at most ${MAX_WINDOW_STEPS}), after warm-up steps for about ${WARMUP_MS} ms (up to ${MAX_WARMUP} steps; V8 keeps optimising the JS of a step for the first 100 or so), and as long again for fit; ` +
      `a step over ${SLOW_MS / 1000} s is timed once and not through fit. ` +
      `**dl.train.fit**: as a student calls it (\`steps\`, \`batchSize\`, \`optimizer: dl.train.sgd({ lr })\`, default logEvery 1: the loss and the ` +
      `batch accuracy read back every step, a reshuffle per epoch); windows cut from the history's time stamps. For plain MLPs on the CPU ` +
      `backends fit picks its **fused engine** by default: one pass per step through depthlab's own WebAssembly kernels ` +
      `(native/mlp-kernels.c: SIMD matrix products, batch norm, the SGD update; no tf op in the loop), with the model's weights written back to ` +
      `its tf.Variables at least every 250 ms and at the end; "fit, tf ops" is the same call with \`fused: false\`, the op-by-op engine. **bare loop**: one \`tf.tidy\` ` +
      `around slice, \`tf.variableGrads\` of dl.train.crossEntropy and \`optimizer.applyGradients\`, same optimiser. Kernels: tf.profile over ` +
      `${PROFILE_STEPS} steps, per step (fit's count includes one reshuffle per call). The nets are dl.models.mlp and dl.models.resnet (PyTorch's ` +
      `initialisation); the PyTorch nets are the same layers in torch.nn. Data: dl.datasets.gaussianMixture (4 centres, a whole number of ` +
      `batches) for the MLPs, the first ${resnetCase.n} images (${resnetCase.n / resnetCase.batch} batches) of the Fashion-MNIST sample for the ResNet.`,
    "",
    ...goalLines,
    "",
    "## Summary: ms per step (median)",
    "",
    "mlp32 / mlp32bn: depth 16, width 32, batch 100, without / with BN; mlp256bn: width 256, batch 256, with BN; resnet: the conv ResNet, " +
      `batch 64. "—": not timed (over ${SLOW_MS / 1000} s a step); PyTorch's fastest setting in bold. Details, kernels and the fastest windows per net below.`,
    "",
    ...summary,
    "",
    ...cases.flatMap(section),
    "## Kernel check: matMul with a transposed operand",
    "",
    "The backward pass of a dense layer multiplies by transposed operands. µs per call (each in its own tf.tidy), median of 5 windows; " +
      "`plain` is the forward product h·W at the same shape.",
    "",
    "| backend | product | plain h·W | matMul with transpose flag | tf.transpose, then plain matMul |",
    "|---|---|---:|---:|---:|",
    ...matmul.map((m) => `| ${m.backend} | ${m.shape} | ${fmt(m.plain)} | ${fmt(m.transposed)} | ${fmt(m.explicit)} |`),
    "",
    "## Interpretation",
    "",
    `- Small MLPs (width 32): a step is a few hundred tiny kernels (a few hundred thousand multiply-adds each at most); time inside kernels ` +
      `is ${kernelShare.join(", ")} of a profiled step, and a step costs about ${perKernel.join(", ")} per kernel. Each kernel has a fixed ` +
      "cost of tens of µs, far above its arithmetic (a [100, 32]·[32, 32] product is about 0.1 M multiply-adds), " +
      "so the lever is fewer kernels per step. " +
      "Under a gradient tape tfjs-core does not fuse a dense layer's activation (fused.matMul falls back to BatchMatMul + Add + Relu, " +
      "and the backward pass adds Step and Cast per layer), and every tensor saved for the backward pass is cloned (Identity kernels; " +
      "a copy on wasm).",
    `- The fused engine against the op-by-op one (dl.train.fit with fused: false), ms per step: ${fusedGain.join("; ")}. ` +
      "Its matrix products are register tiles of f32x4 (native/mlp-kernels.c), and nothing else in a step costs more than a " +
      "pass over the activations; what is left of a small step is the loss and the copying of the batch in JavaScript. At width 256 the " +
      `products dominate (GFLOP/s under Goals), and PyTorch's BLAS (${blasName || "not run"}, ` +
      `${typeof torch === "string" ? "" : `${torch.cpuCapability ?? "?"}, `}up to two threads) is faster per FLOP than the engine's WebAssembly SIMD.`,
    `- dl.train.fit's own share of a tf-ops step (fit with fused: false − bare, relative to it; negative = within noise): ${fitShare.join(", ")}. ` +
      `Kernels per step, bare → dl.train.fit (the fused engine runs no tf kernel in a step): ${kernelCounts.join("; ")}; with tf ops, fit adds the batch accuracy (argMax, equal, cast, mean) and a read-back every step. ` +
      `The SGD update is 2 kernels per variable: ${updateKernels.join(", ")} kernels per step.`,
    `- Width 256, batch 256 is compute-bound: matMul kernels (top list) take ${wideMatMul.join(", ")} of a profiled step.` +
      (slowdown(256)
        ? ` On wasm, a matMul with a transpose flag takes ${slowdown(256)} the time of tf.transpose followed by a plain matMul at width 256 ` +
          `(${slowdown(32)} at width 32; table above): tfjs-backend-wasm's C++ calls XNNPACK only when neither operand is transposed, and ` +
          "otherwise a scalar blocked loop (slow_batch_matmul); the backward pass of every dense layer (dW = hᵀ·dy, dx = dy·Wᵀ) uses the " +
          "flags. On the cpu backend the flags cost nothing extra."
        : ""),
    (resnetTop
      ? `- ResNet on wasm: the top kernels are ${resnetTop.join(", ")} per step, of ${fmt(wasmResnet!.bare.ms)} ms (which of them are ` +
        "depthlab's own kernels: lib/backend registers them when the backend is selected). "
      : "- ResNet: ") +
      "On the cpu backend depthlab's WebAssembly convolutions (forward and both gradients) replace tfjs's JavaScript ones; " +
      "its other ops stay pure JavaScript, which is why a step there is still about 20× the wasm one.",
    ...(torchThreads.length
      ? [
          `- PyTorch 1 thread / default / 2 threads: ${torchThreads.join("; ")}. With 2 threads every op forks and joins OpenMP's pool, ` +
            "whose threads spin while they wait: on 2 cores shared with other work (load averages above) the 2-thread settings suffer most, " +
            "and the small nets (a few hundred small ops a step) gain little from a second thread anyway.",
        ]
      : []),
    "",
    "Kernel tables before issue 17's op-by-op kernels (convolution, batch matmul, batch norm): [bench/training-before.md](training-before.md).",
    "",
    `Run time: tfjs ${tfSeconds.toFixed(0)} s, PyTorch ${torchSeconds.toFixed(0)} s.`,
    "",
  ].join("\n");
  mkdirSync(dirname(out), { recursive: true });
  // paths inside the checkout (.bench/venv, its torch) relative to it: the committed report reads the same from any clone
  writeFileSync(out, report.split(PACKAGE_ROOT + sep).join(""));
  process.stdout.write(report);
  log(`\nwritten to ${relative(PACKAGE_ROOT, out)}`);
}

void main().then(() => process.exit(0));
