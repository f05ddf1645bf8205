import * as tf from "@tensorflow/tfjs";
import { kernelAvailable } from "../../kernels/kernel-available.js";
import type { Hyper } from "../../kernels/optimizer-rules.js";
import { OPTIMIZER_STEP, type OptimizerStepAttrs } from "../../kernels/optimizer-step.js";
import { checkNumber } from "../../options/check.js";

type Gradients = Parameters<tf.Optimizer["applyGradients"]>[0];
type NamedTensor = Awaited<ReturnType<tf.Optimizer["getWeights"]>>[number];

/** Per-variable state: PyTorch's `state[p]`, its step count and its tensors. */
export interface VariableState {
  step: number;
  slots: tf.Variable[];
}

/**
 * Base of depthlab's optimisers: a `tf.Optimizer` (so `model.compile`, `optimizer.minimize` and `dl.train.fit` take
 * it) whose subclasses write PyTorch's update rule for one variable. State tensors are non-trainable tf.Variables
 * created on a variable's first step, keyed by variable name, named as PyTorch names them (`exp_avg`, ...), updated
 * in place with `assign`, and freed by `dispose()`. Each variable counts its own steps, as PyTorch does.
 *
 * `getWeights()` gives `[iter, "<variable>/<slot>", ...]`; `setWeights` restores them by variable name, or by
 * position when the names changed (a model reloaded in the same session gets new variable names).
 *
 * @example
 * const opt = dl.train.adam({ lr: 1e-3 });
 * opt instanceof dl.train.TorchOptimizer // true, and opt instanceof tf.Optimizer
 * opt.lr = 1e-4;                          // a schedule may change lr between steps
 */
export abstract class TorchOptimizer extends tf.Optimizer {
  #lr = 0;
  #state = new Map<string, VariableState>();
  #restoredOrder: string[] = [];
  #scalars = new Map<number, tf.Scalar>();

  constructor(
    private readonly fn: string,
    lr: unknown,
  ) {
    super();
    this.lr = lr as number;
  }

  /** Learning rate; may be changed between steps (a schedule). */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    this.#lr = checkNumber(this.fn, "lr", value, 0, Infinity, { min: true });
  }

  /** Names of the per-variable state tensors, in PyTorch's words. */
  protected abstract slotNames(): readonly string[];

  /** One update of `value` from `grad`; runs inside a tidy and assigns the variable and its slots. `step` counts from 1. */
  protected abstract update(value: tf.Variable, grad: tf.Tensor, slots: tf.Variable[], step: number): void;

  /**
   * The same rule for the one-kernel update of all parameters ({@link OPTIMIZER_STEP}, on wasm and cpu): a key of
   * OPTIMIZER_RULES and the hyper-parameters it reads. Null: always use {@link update}.
   */
  protected hostRule(): { rule: string; hyper: Hyper } | null {
    return null;
  }

  /** A slot's value before the first step (default zeros). */
  protected initialSlot(_slot: string, value: tf.Variable): tf.Tensor {
    return tf.zerosLike(value);
  }

  /**
   * A kept float32 scalar for `value`, made once and reused: an op given a JS number uploads a fresh scalar tensor
   * each time. For values that stay fixed (hyper-parameters, lr); the cache is emptied when it grows past 64 values.
   */
  protected scalar(value: number): tf.Scalar {
    let s = this.#scalars.get(value);
    if (s === undefined) {
      s = tf.keep(tf.scalar(value));
      this.#scalars.set(value, s);
    }
    return s;
  }

  override applyGradients(gradients: Gradients): void {
    if (this.#scalars.size > 64) this.#disposeScalars();
    const list = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const registered = tf.engine().registeredVariables;
    const work: { value: tf.Variable; grad: tf.Tensor; state: VariableState }[] = [];
    list.forEach(({ name, tensor }, i) => {
      if (tensor == null) return; // no gradient for this variable: PyTorch skips it too
      const value = registered[name];
      if (value === undefined) throw new Error(`${this.fn}: no variable named "${name}"`);
      const state = this.#state.get(name) ?? this.#adopt(name, i, value) ?? this.#create(name, value);
      state.step++;
      work.push({ value, grad: tensor, state });
    });
    const host = this.hostRule();
    if (host !== null && kernelAvailable(OPTIMIZER_STEP) && work.every((w) => w.value.dtype === "float32" && w.grad.dtype === "float32")) {
      this.#stepAll(work, host);
    } else {
      for (const { value, grad, state } of work) tf.tidy(() => this.update(value, grad, state.slots, state.step));
    }
    this.incrementIterations();
  }

  /** Every parameter's update in one {@link OPTIMIZER_STEP} kernel; assigns the new values and slots. */
  #stepAll(work: { value: tf.Variable; grad: tf.Tensor; state: VariableState }[], host: { rule: string; hyper: Hyper }): void {
    if (work.length === 0) return;
    const slots = this.slotNames().length;
    const inputs: tf.NamedTensorMap = {};
    work.forEach(({ value, grad, state }, i) => {
      inputs[`p${i}`] = value;
      inputs[`g${i}`] = grad;
      state.slots.forEach((s, k) => (inputs[`s${i}_${k}`] = s));
    });
    const attrs: OptimizerStepAttrs = { ...host, steps: work.map((w) => w.state.step), slots };
    const outs = tf.engine().runKernel(OPTIMIZER_STEP, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    work.forEach(({ value, state }, i) => {
      const [w, ...rest] = outs.slice(i * (slots + 1), (i + 1) * (slots + 1));
      value.assign(w!);
      rest.forEach((s, k) => state.slots[k]!.assign(s));
    });
    tf.dispose(outs);
  }

  /**
   * The state of `value` (the variable at position `index` of the update), created as before a first step when
   * missing. For the fused training step, which updates the state's tensors' copies and writes them back.
   */
  stateFor(value: tf.Variable, index: number): VariableState {
    return this.#state.get(value.name) ?? this.#adopt(value.name, index, value) ?? this.#create(value.name, value);
  }

  /** Counts one optimisation step (tf.Optimizer's `iterations`), for updates made outside applyGradients. */
  countIteration(): void {
    this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const names = this.slotNames();
    const weights = [await this.saveIterations()];
    for (const [variable, state] of this.#state)
      state.slots.forEach((tensor, k) => weights.push({ name: `${variable}/${names[k]}`, tensor }));
    return weights;
  }

  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weights);
    const names = this.slotNames();
    const grouped = new Map<string, tf.Tensor[]>();
    for (const { name, tensor } of rest) {
      const cut = name.lastIndexOf("/");
      const k = names.indexOf(name.slice(cut + 1));
      if (cut < 0 || k < 0) throw new Error(`${this.fn}: setWeights got "${name}", expected "<variable>/<${names.join("|")}>"`);
      const slots = grouped.get(name.slice(0, cut)) ?? [];
      slots[k] = tensor;
      grouped.set(name.slice(0, cut), slots);
    }
    this.#disposeState();
    for (const [variable, slots] of grouped) {
      if (names.some((_, k) => slots[k] === undefined))
        throw new Error(`${this.fn}: setWeights lacks some of ${names.join(", ")} for "${variable}"`);
      this.#state.set(variable, { step: this.iterations, slots: slots.map((t) => t.variable(false)) });
    }
    this.#restoredOrder = [...grouped.keys()];
  }

  /**
   * Frees the state of these variables (by name), e.g. of a model that is gone. `fit` arranges this for the model it
   * trained: an optimiser passed to `fit` keeps its state for further training, and loses that model's part of it
   * when the model is disposed. State of variables that no longer exist is also freed when new state is made.
   */
  release(variableNames: Iterable<string>): void {
    for (const name of variableNames) {
      const state = this.#state.get(name);
      if (state === undefined) continue;
      tf.dispose(state.slots);
      this.#state.delete(name);
    }
  }

  /** Frees the cached constants of {@link scalar} (remade on the next step); `fit` calls it when it ends. */
  compact(): void {
    this.#disposeScalars();
  }

  /** How many variables have state (tests and leak checks). */
  get stateSize(): number {
    return this.#state.size;
  }

  override dispose(): void {
    this.#disposeState();
    this.#disposeScalars();
    super.dispose();
  }

  #create(name: string, value: tf.Variable): VariableState {
    const registered = tf.engine().registeredVariables;
    this.release([...this.#state.keys()].filter((known) => !(known in registered) && !this.#restoredOrder.includes(known)));
    const slots = this.slotNames().map((slot) => tf.tidy(() => this.initialSlot(slot, value).variable(false)));
    const state = { step: 0, slots };
    this.#state.set(name, state);
    return state;
  }

  /** After setWeights: the state saved at position i, when its variable no longer exists under that name. */
  #adopt(name: string, i: number, value: tf.Variable): VariableState | undefined {
    const saved = this.#restoredOrder[i];
    const state = saved === undefined ? undefined : this.#state.get(saved);
    if (state === undefined || saved === undefined || saved in tf.engine().registeredVariables) return undefined;
    if (!state.slots.every((s) => tf.util.arraysEqual(s.shape, value.shape))) return undefined;
    this.#state.delete(saved);
    this.#state.set(name, state);
    return state;
  }

  #disposeScalars(): void {
    tf.dispose([...this.#scalars.values()]);
    this.#scalars.clear();
  }

  #disposeState(): void {
    for (const state of this.#state.values()) tf.dispose(state.slots);
    this.#state.clear();
    this.#restoredOrder = [];
  }
}
