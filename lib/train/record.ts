import * as tf from "@tensorflow/tfjs";
import type { LayerRecord } from "./history.js";
import { summarize } from "./stats.js";

/** What `fit` can record per layer at chosen steps. */
export type RecordKind = LayerRecord["kind"];
export const RECORD_KINDS: readonly RecordKind[] = ["gradNorms", "activations", "weights"];

/** The layer a variable belongs to: its name up to the first "/". */
function layerOf(name: string): string {
  const cut = name.indexOf("/");
  return cut < 0 ? name : name.slice(0, cut);
}

/** Statistics of each gradient of a kernel (weights with rank ≥ 2), by layer. */
export async function recordGradients(step: number, grads: tf.NamedTensorMap, out: LayerRecord[]): Promise<void> {
  for (const [name, g] of Object.entries(grads)) {
    if (g.rank < 2) continue;
    out.push({ step, kind: "gradNorms", layer: layerOf(name), ...summarize(await g.data()) });
  }
}

/** Statistics of each layer's kernel. */
export async function recordWeights(step: number, model: tf.LayersModel, out: LayerRecord[]): Promise<void> {
  for (const layer of model.layers) {
    const kernel = layer.trainableWeights.find((w) => w.shape.length >= 2);
    if (!kernel) continue;
    out.push({ step, kind: "weights", layer: layer.name, ...summarize(await kernel.read().data()) });
  }
}

/**
 * Statistics of every layer's output on a batch, in inference mode (so recording never moves batch-norm statistics).
 * The probe model sharing the layers is built once per run.
 */
export async function recordActivations(
  step: number,
  probe: tf.LayersModel,
  names: string[],
  xb: tf.Tensor,
  out: LayerRecord[],
): Promise<void> {
  const outputs = tf.tidy(() => {
    const o = probe.apply(xb, { training: false });
    return Array.isArray(o) ? (o as tf.Tensor[]) : [o as tf.Tensor];
  });
  for (let i = 0; i < outputs.length; i++) {
    out.push({ step, kind: "activations", layer: names[i]!, ...summarize(await outputs[i]!.data()) });
  }
  tf.dispose(outputs);
}

/** A model with the same input whose outputs are every layer's output (layers with a single output only). */
export function activationProbe(model: tf.LayersModel): { probe: tf.LayersModel; names: string[] } {
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
  return { probe, names: layers.map((l) => l.name) };
}
