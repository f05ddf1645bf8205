import * as tf from "@tensorflow/tfjs";
import { BatchNorm } from "../../layers/batch-norm.js";
import { AbsLayer } from "../../nets/abs-layer.js";

/** Activations the fused step computes: the piecewise-linear ones in WebAssembly, the smooth ones in JavaScript. */
export type FusedActivation = "linear" | "relu" | "leakyRelu" | "abs" | "tanh" | "sigmoid" | "elu";
export interface Activation {
  name: FusedActivation;
  /** Slope for x < 0 (leakyRelu only). */
  alpha: number;
}

export interface DenseOp {
  kind: "dense";
  inputs: number;
  units: number;
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  act: Activation;
}
export interface ActivationOp {
  kind: "activation";
  width: number;
  act: Activation;
}
export interface BatchNormOp {
  kind: "batchNorm";
  width: number;
  layer: BatchNorm;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  runningMean: tf.LayerVariable;
  runningVar: tf.LayerVariable;
}
export type PlanOp = DenseOp | ActivationOp | BatchNormOp;

/** A model the fused step can train: a chain of dense, batch-norm and activation layers on flat inputs. */
export interface MlpPlan {
  inputs: number;
  outputs: number;
  ops: PlanOp[];
}

const SIMPLE = new Set(["linear", "relu", "tanh", "sigmoid", "elu"]);

/**
 * The fused plan of `model`, or the reason it has none (a string naming the first layer or setting it cannot run).
 * Takes tf.Sequential models of Dense (any of linear, relu, tanh, sigmoid, elu; no regularisers or constraints),
 * depthlab's BatchNorm, Activation, LeakyReLU, Abs and Dropout with rate 0 layers, all trainable, on [batch, features].
 *
 * @example
 * planMlp(dl.models.mlp({ inputs: 2, hidden: { depth: 4, width: 8 }, outputs: 2 })) // { inputs: 2, outputs: 2, ops: [...] }
 */
export function planMlp(model: tf.LayersModel): MlpPlan | string {
  if (!(model instanceof tf.Sequential)) return "the model is not a tf.Sequential";
  const shape = model.inputs[0]?.shape;
  if (!shape || shape.length !== 2 || typeof shape[1] !== "number")
    return `its input shape ${JSON.stringify(shape)} is not [batch, features]`;
  const ops: PlanOp[] = [];
  let width = shape[1];
  const inputs = width;
  for (const layer of model.layers) {
    const where = `layer "${layer.name}" (${layer.getClassName()})`;
    if (!layer.trainable) return `${where} is frozen`;
    const config = layer.getConfig();
    if (layer instanceof BatchNorm) {
      const [gamma, beta, runningMean, runningVar] = layer.affine ? layer.weights : [null, null, ...layer.weights];
      if (!runningMean || !runningVar) return `${where} is not built`;
      ops.push({ kind: "batchNorm", width, layer, gamma: gamma ?? null, beta: beta ?? null, runningMean, runningVar });
    } else if (layer instanceof AbsLayer) {
      ops.push({ kind: "activation", width, act: { name: "abs", alpha: 0 } });
    } else if (layer.getClassName() === "Dense") {
      const act = String(config["activation"]);
      if (!SIMPLE.has(act)) return `${where} uses activation "${act}"`;
      for (const key of ["kernelRegularizer", "biasRegularizer", "activityRegularizer", "kernelConstraint", "biasConstraint"])
        if (config[key] != null) return `${where} has a ${key}`;
      const [kernel, bias] = layer.weights;
      if (!kernel || kernel.shape.length !== 2 || kernel.shape[0] !== width) return `${where} does not take ${width} features`;
      const units = kernel.shape[1] as number;
      ops.push({ kind: "dense", inputs: width, units, kernel, bias: bias ?? null, act: { name: act as FusedActivation, alpha: 0 } });
      width = units;
    } else if (layer.getClassName() === "Activation") {
      const act = String(config["activation"]);
      if (!SIMPLE.has(act)) return `${where} uses activation "${act}"`;
      ops.push({ kind: "activation", width, act: { name: act as FusedActivation, alpha: 0 } });
    } else if (layer.getClassName() === "LeakyReLU") {
      ops.push({ kind: "activation", width, act: { name: "leakyRelu", alpha: Number(config["alpha"]) } });
    } else if (layer.getClassName() === "Dropout" && config["rate"] === 0) {
      continue;
    } else {
      return `${where} has no fused kernel`;
    }
  }
  if (!ops.some((op) => op.kind === "dense")) return "the model has no dense layer";
  return { inputs, outputs: width, ops };
}
