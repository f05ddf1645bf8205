import type * as tf from "@tensorflow/tfjs";
import { TorchOptimizer } from "./optimizers/torch-optimizer.js";

const OPTIMIZERS = Symbol.for("depthlab.optimizersToRelease");
type Tracked = tf.LayersModel & { [OPTIMIZERS]?: Set<TorchOptimizer> };

/**
 * Frees `optimizer`'s state for `model`'s variables when the model is disposed. `fit` calls this for an optimiser
 * the caller passed in (one made from a name is freed when `fit` ends): its state stays for further training, and
 * disposing the model, as a sweep does, frees it. The model's `dispose` is wrapped once; the set of optimisers lives
 * on the model itself. tfjs's own optimisers (`tf.train.adam`) are not tracked: dispose them yourself.
 *
 * @example
 * const opt = dl.train.adam({ lr: 1e-2 });
 * await dl.train.fit(model, data, { optimizer: opt }); // opt holds Adam's moments for model's weights
 * model.dispose();                                      // ... and frees them here
 */
export function releaseWithModel(model: tf.LayersModel, optimizer: tf.Optimizer): void {
  if (!(optimizer instanceof TorchOptimizer)) return;
  const tracked = model as Tracked;
  let set = tracked[OPTIMIZERS];
  if (set === undefined) {
    set = new Set();
    tracked[OPTIMIZERS] = set;
    const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    const dispose = model.dispose.bind(model);
    const optimizers = set;
    model.dispose = () => {
      const result = dispose();
      for (const opt of optimizers) opt.release(names);
      optimizers.clear();
      return result;
    };
  }
  set.add(optimizer);
}
