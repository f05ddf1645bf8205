import type * as tf from "@tensorflow/tfjs";
import type { VariableState } from "../optimizers/torch-optimizer.js";
import type { F32Buffer, Kernels } from "./kernels.js";
import type { MlpPlan, PlanOp } from "./plan.js";

/** A parameter in the kernels' memory, tied to its tfjs variable and its optimiser state. */
export interface Param {
  variable: tf.LayerVariable;
  value: F32Buffer;
  grad: F32Buffer;
  slots: F32Buffer[];
  state: VariableState;
}

/** Per-op buffers: the op's input (set each step), its pre-activation and output, and what backward needs. */
export interface Node {
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

/** Every buffer of a fused trainer, laid out once in one {@link Kernels} instance before the first step. */
export interface MlpLayout {
  k: Kernels;
  nodes: Node[];
  params: Param[];
  /** The batch's inputs: [maxBatch, inputs]. */
  batchX: F32Buffer;
  /** Two gradient buffers that backward swaps between layers: [maxBatch, maxWidth] each. */
  grad: [F32Buffer, F32Buffer];
  /** The gradient through an activation: [maxBatch, maxWidth]. */
  scratch: F32Buffer;
  /** Wᵀ, for the gradient of a layer's input: [maxWidth, maxWidth]. */
  transposed: F32Buffer;
  /** Batch norm backward's Σ dy and Σ dy·xhat: [maxWidth] each. */
  sums: [F32Buffer, F32Buffer];
  hasBatchNorm: boolean;
  /** A Float32Array view of a buffer, cached until memory grows. */
  f32(buffer: F32Buffer): Float32Array;
}

/**
 * Allocates the buffers of a plan's training step for batches of up to `maxBatch` samples: per layer its output
 * (a linear dense layer's output is its pre-activation), per parameter its value, gradient and optimiser slots, per
 * batch norm its statistics; and the scratch that forward and backward share.
 *
 * @example
 * const layout = layOut(new Kernels(), plan, 128, states); // states: each variable's optimiser state
 */
export function layOut(k: Kernels, plan: MlpPlan, maxBatch: number, states: Map<tf.LayerVariable, VariableState>): MlpLayout {
  const widths = [plan.inputs, ...plan.ops.map((op) => (op.kind === "dense" ? op.units : op.width))];
  const maxWidth = Math.max(...widths);
  const batchX = k.alloc(maxBatch * plan.inputs);
  const grad: [F32Buffer, F32Buffer] = [k.alloc(maxBatch * maxWidth), k.alloc(maxBatch * maxWidth)];
  const scratch = k.alloc(maxBatch * maxWidth);
  const transposed = k.alloc(maxWidth * maxWidth);
  const sums: [F32Buffer, F32Buffer] = [k.alloc(maxWidth), k.alloc(maxWidth)];
  const params: Param[] = [];
  const nodes: Node[] = [];
  const param = (variable: tf.LayerVariable): Param => {
    const size = (variable.shape as number[]).reduce((a, b) => a * b, 1);
    const state = states.get(variable);
    if (!state) throw new Error(`fit: no optimiser state for ${variable.name}`);
    const p = { variable, value: k.alloc(size), grad: k.alloc(size), slots: state.slots.map(() => k.alloc(size)), state };
    params.push(p);
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
    nodes.push(node);
  }
  const views = new Map<number, Float32Array>();
  const f32 = (buffer: F32Buffer): Float32Array => {
    let view = views.get(buffer.ptr);
    if (view === undefined || view.buffer !== k.fn.memory.buffer) {
      view = k.f32(buffer);
      views.set(buffer.ptr, view);
    }
    return view;
  };
  return { k, nodes, params, batchX, grad, scratch, transposed, sums, hasBatchNorm: nodes.some((n) => n.bn), f32 };
}
