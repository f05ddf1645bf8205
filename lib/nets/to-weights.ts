import type * as tf from "@tensorflow/tfjs";
import { fail } from "../options/check.js";
import { negativeSlopeOf, toPlain, type Activation, type DenseLayer, type LayerWeights } from "./layer-weights.js";

const SUPPORTED = "Dense (relu or linear), Activation/ReLU (relu or linear), LeakyReLU, Abs, BatchNormalization, Dropout";

/**
 * Reads a tfjs model made of Dense layers with piecewise-linear activations back into the plain description
 * (PyTorch layout, float64 copies of the float32 weights). Batch norm is folded in inference mode
 * (moving mean and variance) and dropout is the identity, as at inference. Reads tensors with `await data()`,
 * so it works on every backend.
 *
 * @example
 * const layers = await dl.nets.toWeights(dl.constructions.sawtooth(3));
 * layers.length // 4: three hidden layers of width 2 and a linear output
 */
export async function toWeights(model: tf.LayersModel): Promise<LayerWeights[]> {
  return toPlain(await readDenseLayers("toWeights", model));
}

/** {@link toWeights} in the counters' internal form. */
export async function readDenseLayers(fn: string, model: tf.LayersModel): Promise<DenseLayer[]> {
  if (typeof model !== "object" || model === null || !Array.isArray((model as Partial<tf.LayersModel>).layers)) {
    fail(fn, "net", "a tfjs LayersModel or an array of { weight, bias, activation }", model);
  }
  const out: DenseLayer[] = [];
  const last = (): DenseLayer | undefined => out[out.length - 1];
  /** Applies a piecewise-linear activation after the current last layer (adding an identity layer if needed). */
  const activate = (activation: Activation, alpha: number, name: string): void => {
    const prev = last();
    if (!prev) fail(fn, `layer "${name}"`, "preceded by a Dense layer", "an activation first");
    if (activation === "linear") return;
    if (prev.activation !== "linear") out.push(identity(prev.outputs));
    const target = last()!;
    target.activation = activation;
    target.negativeSlope = negativeSlopeOf(activation, alpha);
  };
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const config = layer.getConfig() as Record<string, unknown>;
    const name = layer.name;
    if (kind === "InputLayer" || kind === "Dropout" || kind === "Flatten") {
      if (kind === "Flatten" && out.length > 0) fail(fn, `layer "${name}"`, `one of ${SUPPORTED}`, kind);
      continue;
    }
    if (kind === "Dense") {
      const [kernel, bias] = layer.getWeights();
      const shape = kernel!.shape as [number, number]; // [inputs, outputs]
      const [inputs, outputs] = shape;
      const kv = await kernel!.data();
      const bv = bias ? await bias.data() : new Float32Array(outputs);
      const w = new Float64Array(inputs * outputs);
      for (let i = 0; i < outputs; i++) for (let j = 0; j < inputs; j++) w[i * inputs + j] = kv[j * outputs + i] as number;
      out.push({ inputs, outputs, w, b: Float64Array.from(bv), activation: "linear", negativeSlope: 1 });
      const activation = String(config["activation"] ?? "linear");
      if (activation !== "linear") activate(checkActivation(fn, name, activation), 0, name);
      continue;
    }
    if (kind === "Activation") {
      activate(checkActivation(fn, name, String(config["activation"])), 0, name);
      continue;
    }
    if (kind === "ReLU") {
      if (config["maxValue"] != null)
        fail(fn, `layer "${name}".maxValue`, "unset (a capped ReLU is not supported yet)", config["maxValue"]);
      activate("relu", 0, name);
      continue;
    }
    if (kind === "LeakyReLU") {
      activate("leakyRelu", Number(config["alpha"] ?? 0.3), name);
      continue;
    }
    if (kind === "Abs") {
      activate("abs", 0, name);
      continue;
    }
    if (kind === "BatchNormalization") {
      await foldBatchNorm(fn, layer, config, out);
      continue;
    }
    fail(fn, `layer "${name}"`, `one of ${SUPPORTED}`, kind);
  }
  if (out.length === 0) fail(fn, "net", "a model with at least one Dense layer", "none");
  return out;
}

function checkActivation(fn: string, layer: string, activation: string): Activation {
  if (activation === "relu" || activation === "linear") return activation;
  return fail(fn, `layer "${layer}" activation`, "piecewise linear (relu, linear, leakyRelu, abs)", activation);
}

function identity(width: number): DenseLayer {
  const w = new Float64Array(width * width);
  for (let i = 0; i < width; i++) w[i * width + i] = 1;
  return { inputs: width, outputs: width, w, b: new Float64Array(width), activation: "linear", negativeSlope: 1 };
}

/** y = gamma (x − mean) / sqrt(var + eps) + beta, as an affine map folded into the previous layer when it is linear. */
async function foldBatchNorm(fn: string, layer: tf.layers.Layer, config: Record<string, unknown>, out: DenseLayer[]): Promise<void> {
  const axis = config["axis"];
  if (axis !== -1 && !(Array.isArray(axis) && axis.length === 1 && axis[0] === -1) && axis !== 1) {
    fail(fn, `layer "${layer.name}".axis`, "-1 (features of a Dense layer)", axis);
  }
  const weights = layer.getWeights();
  const scale = config["scale"] !== false;
  const center = config["center"] !== false;
  let k = 0;
  const gamma = scale ? await weights[k++]!.data() : undefined;
  const beta = center ? await weights[k++]!.data() : undefined;
  const mean = await weights[k++]!.data();
  const variance = await weights[k++]!.data();
  const eps = Number(config["epsilon"] ?? 1e-3);
  let prev = out[out.length - 1];
  if (!prev) fail(fn, `layer "${layer.name}"`, "preceded by a Dense layer", "batch norm first");
  if (prev.activation !== "linear") {
    out.push(identity(prev.outputs));
    prev = out[out.length - 1]!;
  }
  for (let i = 0; i < prev.outputs; i++) {
    const s = (gamma ? (gamma[i] as number) : 1) / Math.sqrt((variance[i] as number) + eps);
    for (let j = 0; j < prev.inputs; j++) prev.w[i * prev.inputs + j] = (prev.w[i * prev.inputs + j] as number) * s;
    prev.b[i] = ((prev.b[i] as number) - (mean[i] as number)) * s + (beta ? (beta[i] as number) : 0);
  }
}
