import * as tf from "@tensorflow/tfjs";
import { fail } from "../../options/check.js";
import { Adam } from "../optimizers/adam.js";
import { SGD } from "../optimizers/sgd.js";
import type { TorchOptimizer, VariableState } from "../optimizers/torch-optimizer.js";
import { ACT_CODE, Kernels, type F32Buffer } from "./kernels.js";
import type { Activation, MlpPlan, PlanOp } from "./plan.js";

/** Whether `opt` is depthlab's SGD (tf.Optimizer's `instanceof` is duck-typed: it says yes to any optimiser). */
export function isSgd(opt: unknown): opt is SGD {
  return Object.prototype.isPrototypeOf.call(SGD.prototype, opt as object);
}

/** Whether `opt` is depthlab's Adam (or AdamW). */
export function isAdam(opt: unknown): opt is Adam {
  return Object.prototype.isPrototypeOf.call(Adam.prototype, opt as object);
}

/** The losses the fused step computes (in JavaScript, on the logits). */
export type FusedLoss = "crossEntropy" | "mse";

/** A parameter in the kernels' memory, tied to its tfjs variable and its optimiser state. */
interface Param {
  variable: tf.LayerVariable;
  value: F32Buffer;
  grad: F32Buffer;
  slots: F32Buffer[];
  state: VariableState;
}

/** Per-op buffers: the op's input (set each step), its pre-activation and output, and what backward needs. */
interface Node {
  op: PlanOp;
  input: number;
  z: F32Buffer;
  y: F32Buffer;
  kernel?: Param;
  bias?: Param;
  gamma?: Param;
  beta?: Param;
  bn?: { xhat: F32Buffer; mean: F32Buffer; variance: F32Buffer; invstd: F32Buffer; runningMean: F32Buffer; runningVar: F32Buffer };
}

/** What the trainer needs about the data, read once from the tensors. */
export interface FusedData {
  x: Float32Array;
  /** Class labels (crossEntropy) or targets, `outputs` per sample (mse). */
  y: Int32Array | Float32Array;
  n: number;
}

/**
 * The fused training step of a plain MLP ({@link MlpPlan}): forward in training mode, loss, backward and the
 * optimiser's update in one pass over buffers of a WebAssembly instance (native/mlp-kernels.c: SIMD matrix
 * products, batch norm, SGD and Adam), with no tfjs op in the loop. The model stays a tfjs model: its weights,
 * running statistics and the optimiser's state are copied in at the start and written back by {@link sync}.
 * Same arithmetic as the tfjs layers and torch.optim up to float32 rounding (tested against both).
 *
 * @example
 * const trainer = await FusedMlp.create(plan, model, optimizer, "crossEntropy", data, 100);
 * trainer.step(order, 0, 100, true); // { loss, accuracy }
 * trainer.sync();
 */
export class FusedMlp {
  readonly #k = new Kernels();
  readonly #nodes: Node[] = [];
  readonly #params: Param[] = [];
  readonly #batchX: F32Buffer;
  readonly #grad: [F32Buffer, F32Buffer];
  readonly #scratch: F32Buffer;
  readonly #transposed: F32Buffer;
  readonly #sums: [F32Buffer, F32Buffer];
  readonly #batchY: Int32Array | Float32Array;
  readonly #hasBatchNorm: boolean;
  #views = new Map<number, Float32Array>();

  private constructor(
    private readonly plan: MlpPlan,
    private readonly optimizer: TorchOptimizer,
    private readonly loss: FusedLoss,
    private readonly data: FusedData,
    private readonly maxBatch: number,
    states: Map<tf.LayerVariable, VariableState>,
  ) {
    const k = this.#k;
    const widths = [plan.inputs, ...plan.ops.map((op) => (op.kind === "dense" ? op.units : op.width))];
    const maxWidth = Math.max(...widths);
    this.#batchX = k.alloc(maxBatch * plan.inputs);
    this.#grad = [k.alloc(maxBatch * maxWidth), k.alloc(maxBatch * maxWidth)];
    this.#scratch = k.alloc(maxBatch * maxWidth);
    this.#transposed = k.alloc(Math.max(maxBatch, maxWidth) * maxWidth);
    this.#sums = [k.alloc(maxWidth), k.alloc(maxWidth)];
    this.#batchY = loss === "crossEntropy" ? new Int32Array(maxBatch) : new Float32Array(maxBatch * plan.outputs);
    const param = (variable: tf.LayerVariable): Param => {
      const size = (variable.shape as number[]).reduce((a, b) => a * b, 1);
      const state = states.get(variable);
      if (!state) throw new Error(`fit: no optimiser state for ${variable.name}`);
      const p = { variable, value: k.alloc(size), grad: k.alloc(size), slots: state.slots.map(() => k.alloc(size)), state };
      this.#params.push(p);
      return p;
    };
    for (const op of plan.ops) {
      const width = op.kind === "dense" ? op.units : op.width;
      const z = k.alloc(maxBatch * width);
      const node: Node = { op, input: 0, z, y: op.kind === "dense" && op.act.name === "linear" ? z : k.alloc(maxBatch * width) };
      if (op.kind === "dense") {
        node.kernel = param(op.kernel);
        if (op.bias) node.bias = param(op.bias);
      } else if (op.kind === "batchNorm") {
        if (op.gamma) node.gamma = param(op.gamma);
        if (op.beta) node.beta = param(op.beta);
        const [xhat, mean, variance, invstd] = [k.alloc(maxBatch * width), k.alloc(width), k.alloc(width), k.alloc(width)];
        node.bn = { xhat, mean, variance, invstd, runningMean: k.alloc(width), runningVar: k.alloc(width) };
      }
      this.#nodes.push(node);
    }
    this.#hasBatchNorm = this.#nodes.some((n) => n.bn);
  }

  /** Copies the model's weights and running statistics and the optimiser's state into a new trainer. */
  static async create(plan: MlpPlan, optimizer: TorchOptimizer, loss: FusedLoss, data: FusedData, maxBatch: number): Promise<FusedMlp> {
    const variables = plan.ops.flatMap((op) =>
      op.kind === "dense" ? [op.kernel, op.bias] : op.kind === "batchNorm" ? [op.gamma, op.beta] : [],
    );
    const trainable = variables.filter((v): v is tf.LayerVariable => v !== null);
    const states = new Map(trainable.map((v, i) => [v, optimizer.stateFor(v.read() as tf.Variable, i)] as const));
    if (loss === "crossEntropy") {
      const classes = plan.outputs;
      for (const label of data.y) if (!(label >= 0 && label < classes)) fail("fit", "data.y", `class labels in 0 … ${classes - 1}`, label);
    }
    const trainer = new FusedMlp(plan, optimizer, loss, data, maxBatch, states);
    await trainer.#load();
    return trainer;
  }

  async #load(): Promise<void> {
    const copy = async (buffer: F32Buffer, tensor: tf.Tensor) => this.#f32(buffer).set((await tensor.data()) as Float32Array);
    for (const p of this.#params) {
      await copy(p.value, p.variable.read());
      for (const [i, slot] of p.state.slots.entries()) await copy(p.slots[i] as F32Buffer, slot);
    }
    for (const node of this.#nodes)
      if (node.bn && node.op.kind === "batchNorm") {
        await copy(node.bn.runningMean, node.op.runningMean.read());
        await copy(node.bn.runningVar, node.op.runningVar.read());
      }
  }

  /**
   * One training step on the samples order[start … start + size) (or start … start + size without an order):
   * forward, loss, backward, optimiser update. Returns the batch's mean loss, and its accuracy when asked.
   */
  step(order: Int32Array | null, start: number, size: number, accuracy: boolean): { loss: number; accuracy?: number } {
    if (size < 2 && this.#hasBatchNorm) fail("batchNorm", "the number of values per feature in a training batch", "at least 2", size);
    this.#gather(order, start, size);
    const logits = this.#forward(size);
    const result = this.#lossAndGradient(logits, size, accuracy);
    this.#backward(size);
    this.#update();
    return result;
  }

  /** Writes weights, running statistics, the last batch statistics and the optimiser's state back to tfjs. */
  sync(): void {
    tf.tidy(() => {
      for (const p of this.#params) {
        p.variable.write(tf.tensor(this.#f32(p.value).slice(), p.variable.shape as number[]));
        p.state.slots.forEach((slot, i) => slot.assign(tf.tensor(this.#f32(p.slots[i] as F32Buffer).slice(), slot.shape)));
      }
      for (const { op, bn } of this.#nodes)
        if (bn && op.kind === "batchNorm") {
          op.runningMean.write(tf.tensor1d(this.#f32(bn.runningMean).slice()));
          op.runningVar.write(tf.tensor1d(this.#f32(bn.runningVar).slice()));
          op.layer.batchMean?.assign(tf.tensor1d(this.#f32(bn.mean).slice()));
          op.layer.batchVariance?.assign(tf.tensor1d(this.#f32(bn.variance).slice()));
        }
    });
  }

  /** Bytes of WebAssembly memory the trainer uses. */
  get bytes(): number {
    return this.#k.bytes;
  }

  #f32(buffer: F32Buffer): Float32Array {
    let view = this.#views.get(buffer.ptr);
    if (view === undefined || view.buffer !== this.#k.fn.memory.buffer) {
      view = this.#k.f32(buffer);
      this.#views.set(buffer.ptr, view);
    }
    return view;
  }

  #gather(order: Int32Array | null, start: number, size: number): void {
    const d = this.plan.inputs;
    const outs = this.loss === "crossEntropy" ? 1 : this.plan.outputs;
    const { x, y } = this.data;
    const bx = this.#f32(this.#batchX);
    const by = this.#batchY;
    for (let r = 0; r < size; r++) {
      const i = order ? (order[start + r] as number) : start + r;
      bx.set(x.subarray(i * d, i * d + d), r * d);
      if (outs === 1) by[r] = y[i] as number;
      else by.set(y.subarray(i * outs, i * outs + outs), r * outs);
    }
  }

  #forward(size: number): Float32Array {
    const { fn } = this.#k;
    let current = this.#batchX.ptr;
    for (const node of this.#nodes) {
      const { op } = node;
      node.input = current;
      if (op.kind === "dense") {
        fn.gemm({
          M: size,
          N: op.units,
          K: op.inputs,
          A: current,
          B: node.kernel!.value.ptr,
          C: node.z.ptr,
          bias: node.bias?.value.ptr,
          acc: 0,
        });
        this.#activate(op.act, size * op.units, node.z, node.y);
      } else if (op.kind === "activation") {
        this.#activate(op.act, size * op.width, { ptr: current, length: size * op.width }, node.y);
      } else {
        const bn = node.bn!;
        fn.bn_forward({
          M: size,
          N: op.width,
          z: current,
          gamma: node.gamma?.value.ptr,
          beta: node.beta?.value.ptr,
          eps: op.layer.epsilon,
          momentum: op.layer.momentum,
          xhat: bn.xhat.ptr,
          y: node.y.ptr,
          mean: bn.mean.ptr,
          var: bn.variance.ptr,
          invstd: bn.invstd.ptr,
          running_mean: bn.runningMean.ptr,
          running_var: bn.runningVar.ptr,
        });
      }
      current = node.y.ptr;
    }
    const last = this.#nodes[this.#nodes.length - 1] as Node;
    return this.#f32(last.y).subarray(0, size * this.plan.outputs);
  }

  /** The mean loss over the batch, written as its gradient with respect to the logits into the first grad buffer. */
  #lossAndGradient(logits: Float32Array, size: number, wantAccuracy: boolean): { loss: number; accuracy?: number } {
    const c = this.plan.outputs;
    const grad = this.#f32(this.#grad[0]);
    let loss = 0;
    let hits = 0;
    if (this.loss === "crossEntropy") {
      const labels = this.#batchY as Int32Array;
      for (let r = 0; r < size; r++) {
        const row = r * c;
        let max = -Infinity;
        let best = 0;
        for (let j = 0; j < c; j++) {
          const v = logits[row + j] as number;
          if (v > max) ((max = v), (best = j));
        }
        let sum = 0;
        for (let j = 0; j < c; j++) sum += Math.exp((logits[row + j] as number) - max);
        const label = labels[r] as number;
        loss += max + Math.log(sum) - (logits[row + label] as number);
        for (let j = 0; j < c; j++) grad[row + j] = (Math.exp((logits[row + j] as number) - max) / sum - (j === label ? 1 : 0)) / size;
        if (best === label) hits++;
      }
      loss /= size;
    } else {
      const targets = this.#batchY as Float32Array;
      const m = size * c;
      for (let i = 0; i < m; i++) {
        const d = (logits[i] as number) - (targets[i] as number);
        loss += d * d;
        grad[i] = (2 * d) / m;
      }
      loss /= m;
    }
    return wantAccuracy && this.loss === "crossEntropy" ? { loss, accuracy: hits / size } : { loss };
  }

  #backward(size: number): void {
    const { fn } = this.#k;
    let [dy, dnext] = this.#grad;
    for (let i = this.#nodes.length - 1; i >= 0; i--) {
      const node = this.#nodes[i] as Node;
      const { op } = node;
      if (op.kind === "dense") {
        let dz = dy;
        if (op.act.name !== "linear") {
          this.#activateBackward(op.act, size * op.units, node.z, node.y, dy, this.#scratch);
          dz = this.#scratch;
        }
        if (node.bias) fn.colsum({ M: size, N: op.units, A: dz.ptr, out: node.bias.grad.ptr });
        fn.transpose({ M: size, N: op.inputs, A: node.input, AT: this.#transposed.ptr }); // xᵀ: [inputs, size]
        fn.gemm({ M: op.inputs, N: op.units, K: size, A: this.#transposed.ptr, B: dz.ptr, C: node.kernel!.grad.ptr, acc: 0 });
        if (i === 0) break;
        fn.transpose({ M: op.inputs, N: op.units, A: node.kernel!.value.ptr, AT: this.#transposed.ptr }); // Wᵀ: [units, inputs]
        fn.gemm({ M: size, N: op.inputs, K: op.units, A: dz.ptr, B: this.#transposed.ptr, C: dnext.ptr, acc: 0 });
      } else if (op.kind === "activation") {
        if (i === 0) break;
        this.#activateBackward(op.act, size * op.width, { ptr: node.input, length: size * op.width }, node.y, dy, dnext);
      } else {
        const bn = node.bn!;
        const [sum, sumx] = this.#sums;
        fn.bn_backward({
          M: size,
          N: op.width,
          xhat: bn.xhat.ptr,
          dy: dy.ptr,
          gamma: node.gamma?.value.ptr,
          invstd: bn.invstd.ptr,
          dz: dnext.ptr,
          dgamma: node.gamma?.grad.ptr,
          dbeta: node.beta?.grad.ptr,
          sum: sum.ptr,
          sumx: sumx.ptr,
        });
      }
      [dy, dnext] = [dnext, dy];
    }
  }

  #update(): void {
    const { fn } = this.#k;
    const opt = this.optimizer;
    for (const p of this.#params) {
      const step = ++p.state.step;
      if (isSgd(opt)) {
        fn.sgd_step({
          n: p.value.length,
          w: p.value.ptr,
          grad: p.grad.ptr,
          buf: p.slots[0]?.ptr,
          lr: opt.lr,
          mu: opt.momentum,
          dampening: opt.dampening,
          wd: opt.weightDecay,
          nesterov: +opt.nesterov,
          first: +(step === 1),
        });
      } else if (isAdam(opt)) {
        const [beta1, beta2] = opt.betas;
        const bc1 = 1 - beta1 ** step;
        const sqrtBc2 = Math.sqrt(1 - beta2 ** step);
        const [m, v, vmax] = p.slots as [F32Buffer, F32Buffer, F32Buffer | undefined];
        const wd = opt.decoupled ? 0 : opt.weightDecay;
        const shrink = opt.decoupled ? 1 - opt.lr * opt.weightDecay : 1;
        fn.adam_step({
          n: p.value.length,
          w: p.value.ptr,
          grad: p.grad.ptr,
          m: m.ptr,
          v: v.ptr,
          vmax: vmax?.ptr,
          beta1,
          beta2,
          wd,
          shrink,
          step: (opt.lr * sqrtBc2) / bc1,
          eps_hat: opt.eps * sqrtBc2,
        });
      }
    }
    opt.countIteration();
  }

  #activate(act: Activation, n: number, z: F32Buffer, y: F32Buffer): void {
    if (z.ptr === y.ptr) return; // a linear dense layer writes its output in place
    const code = ACT_CODE[act.name as keyof typeof ACT_CODE];
    if (code !== undefined) return this.#k.fn.act_forward({ n, kind: code, alpha: act.alpha, z: z.ptr, y: y.ptr });
    const zs = this.#k.f32({ ptr: z.ptr, length: n });
    const ys = this.#k.f32({ ptr: y.ptr, length: n });
    if (act.name === "tanh") for (let i = 0; i < n; i++) ys[i] = Math.tanh(zs[i] as number);
    else if (act.name === "sigmoid") for (let i = 0; i < n; i++) ys[i] = 1 / (1 + Math.exp(-(zs[i] as number)));
    else for (let i = 0; i < n; i++) ys[i] = (zs[i] as number) > 0 ? (zs[i] as number) : Math.expm1(zs[i] as number); // elu, α = 1
  }

  /** dz = dy·f′, with f′ from z (piecewise-linear) or from y = f(z) (tanh: 1 − y², sigmoid: y(1 − y), elu: y + 1 below 0). */
  #activateBackward(act: Activation, n: number, z: F32Buffer, y: F32Buffer, dy: F32Buffer, dz: F32Buffer): void {
    const code = ACT_CODE[act.name as keyof typeof ACT_CODE];
    if (code !== undefined) return this.#k.fn.act_backward({ n, kind: code, alpha: act.alpha, z: z.ptr, dy: dy.ptr, dz: dz.ptr });
    const ys = this.#k.f32({ ptr: y.ptr, length: n });
    const gs = this.#k.f32({ ptr: dy.ptr, length: n });
    const out = this.#k.f32({ ptr: dz.ptr, length: n });
    for (let i = 0; i < n; i++) {
      const v = ys[i] as number;
      const slope = act.name === "tanh" ? 1 - v * v : act.name === "sigmoid" ? v * (1 - v) : v > 0 ? 1 : v + 1;
      out[i] = (gs[i] as number) * slope;
    }
  }
}
