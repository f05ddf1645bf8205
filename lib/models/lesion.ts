import * as tf from "@tensorflow/tfjs";
import { checkInteger, fail } from "../options/check.js";

type Inbound = [string, number, number, Record<string, unknown>];
interface LayerConfig {
  name: string;
  class_name: string;
  inbound_nodes: Inbound[][];
}

/**
 * A copy of a residual network with block `blockIndex` removed: its sum becomes its shortcut alone, so the
 * signal skips the block (Veit et al. 2016, "residual networks behave like ensembles of relatively shallow
 * networks"). The other weights are copied; the original is untouched. Works on nets from `resnet`, whose blocks
 * end in a layer named `block{b}_add` with inputs [shortcut, branch].
 *
 * @example
 * const without3 = await dl.models.lesion(net, 3);
 * await dl.train.evaluate(without3, test) // accuracy barely moves for most blocks of a trained ResNet
 */
export async function lesion(model: tf.LayersModel, blockIndex: number): Promise<tf.LayersModel> {
  if (!model || typeof (model as Partial<tf.LayersModel>).toJSON !== "function")
    fail("lesion", "model", "a tfjs model built by resnet", model);
  const blocks = model.layers.filter((l) => /^block\d+_add$/.test(l.name)).length;
  if (blocks === 0) fail("lesion", "model", "a residual network (layers named block{b}_add)", "a model without residual blocks");
  checkInteger("lesion", "blockIndex", blockIndex, 0, blocks - 1);
  const json = JSON.parse(model.toJSON(undefined, true) as string) as { config: { layers: LayerConfig[]; output_layers: Inbound[] } };
  const config = json.config;
  const addName = `block${blockIndex}_add`;
  const add = config.layers.find((l) => l.name === addName)!;
  const shortcut = add.inbound_nodes[0]![0]!;
  const rewire = (ref: Inbound): Inbound => (ref[0] === addName ? shortcut : ref);
  for (const layer of config.layers) layer.inbound_nodes = layer.inbound_nodes.map((node) => node.map(rewire));
  config.output_layers = config.output_layers.map(rewire);
  // keep only the layers the outputs still reach
  const byName = new Map(config.layers.map((l) => [l.name, l]));
  const reached = new Set<string>();
  const visit = (name: string): void => {
    if (reached.has(name)) return;
    reached.add(name);
    for (const node of byName.get(name)?.inbound_nodes ?? []) for (const ref of node) visit(ref[0]);
  };
  for (const out of config.output_layers) visit(out[0]);
  config.layers = config.layers.filter((l) => reached.has(l.name));
  const copy = (await tf.models.modelFromJSON(json as unknown as tf.io.ModelJSON)) as tf.LayersModel;
  for (const layer of copy.layers) {
    const weights = model.getLayer(layer.name).getWeights();
    if (weights.length) layer.setWeights(weights);
  }
  return copy;
}
