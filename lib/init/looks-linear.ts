import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkSeed, fail } from "../options/check.js";
import { orthogonal } from "./orthogonal.js";

/** Options of {@link looksLinear}. */
export interface LooksLinearOptions {
  /** Seed of the orthogonal kernels (default 0). */
  seed?: number;
}
const KEYS: KnownKeys<LooksLinearOptions> = { seed: true };

/**
 * Looks-linear initialisation for CReLU networks (Balduzzi et al. 2017, "The shattered gradients problem"):
 * every Dense layer gets an orthogonal W (zero bias), and a Dense layer fed by a CReLU, whose input is
 * Φ(h) = [relu(h), relu(−h)], gets the kernel W̃ = [W; −W], so that W̃ᵀΦ(h) = Wᵀrelu(h) − Wᵀrelu(−h) = Wᵀh.
 * At initialisation the whole network is therefore the linear map x ↦ x·W₁·W₂⋯ (orthogonal, so it neither
 * shrinks nor blows up the signal), however deep it is; training then moves it away from linear.
 * Supports chains of Dense and CReLU layers (as `mlp({ activation: "crelu" })` builds). Modifies the model in
 * place and returns it.
 *
 * @example
 * const net = dl.init.looksLinear(dl.models.mlp({ inputs: 2, hidden: { depth: 50, width: 16 }, outputs: 2, activation: "crelu" }));
 */
export function looksLinear(model: tf.LayersModel, options: LooksLinearOptions = {}): tf.LayersModel {
  const { seed = 0 } = checkKeys("looksLinear", options, KEYS);
  if (!model || !Array.isArray((model as Partial<tf.LayersModel>).layers))
    fail("looksLinear", "model", "a tfjs model of Dense and CReLU layers", model);
  checkSeed("looksLinear", seed);
  const init = orthogonal({ seed });
  let afterCReLU = false;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === "InputLayer") continue;
    if (kind === "CReLU") {
      afterCReLU = true;
      continue;
    }
    if (kind !== "Dense") fail("looksLinear", `layer "${layer.name}"`, "Dense or CReLU (looks-linear needs a purely CReLU network)", kind);
    const [kernel, bias] = layer.getWeights();
    const [rows, cols] = kernel!.shape as [number, number]; // [inputs, units]
    if (afterCReLU && rows % 2 !== 0) fail("looksLinear", `layer "${layer.name}" inputs`, "an even number (a CReLU output)", rows);
    const next = tf.tidy(() => {
      if (!afterCReLU) return init.apply([rows, cols]);
      const w = init.apply([rows / 2, cols]);
      return tf.concat([w, tf.neg(w)], 0); // [[W], [−W]]: the relu(h) half and the relu(−h) half
    });
    const zeros = bias ? tf.zerosLike(bias) : undefined;
    layer.setWeights(zeros ? [next, zeros] : [next]);
    tf.dispose([next, zeros]);
    afterCReLU = false;
  }
  return model;
}
