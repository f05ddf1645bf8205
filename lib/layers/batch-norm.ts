import * as tf from "@tensorflow/tfjs";
import { type KnownKeys, checkKeys, checkNumber, fail } from "../options/check.js";
import { kernelAvailable } from "../kernels/kernel-available.js";
import { RUNNING_STATS } from "../kernels/running-stats.js";
import { batchNormTrain } from "./batch-norm-train.js";
import { LAYER_ARG_KEYS, type LayerArgs } from "./layer-args.js";
import { oneInput } from "./layer-inputs.js";
import { fromOwnConfig } from "./own-config.js";

/** Options of {@link batchNorm}, plus the usual tfjs layer arguments (`name`, `inputShape`, ...). */
export interface BatchNormOptions extends LayerArgs {
  /** Weight of the new batch in the running averages, in [0, 1] (default 0.1, PyTorch's convention: 1 − Keras's). */
  momentum?: number;
  /** Added to the variance before the square root, >= 0 (default 1e-5). */
  epsilon?: number;
  /** Learn a per-feature scale γ (init 1) and shift β (init 0) (default true). */
  affine?: boolean;
}
const KEYS: KnownKeys<BatchNormOptions> = { momentum: true, epsilon: true, affine: true, ...LAYER_ARG_KEYS };

/**
 * Batch normalisation with PyTorch's semantics, over the LAST axis: on [batch, features] it is `nn.BatchNorm1d`,
 * on [batch, height, width, channels] it is `nn.BatchNorm2d` (channels last, the tfjs convention).
 *
 * Training (`model.fit`, or `apply(x, { training: true })`): normalises with the batch mean and biased variance,
 * then updates running_mean ← (1 − momentum)·running_mean + momentum·mean and running_var likewise with the
 * UNBIASED batch variance (× n/(n − 1)). Inference (`model.predict`): y = γ·(x − running_mean)/√(running_var + ε) + β.
 * Weights, in order: gamma, beta (when affine), running_mean (init 0), running_var (init 1), as PyTorch's state.
 * The batch statistics of the last training call are kept in `batchMean` and `batchVariance` (biased).
 * The gradient is hand-written (see {@link batchNormTrain}); running statistics are never differentiated.
 *
 * @example
 * const bn = dl.layers.batchNorm({ momentum: 0.1 });
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2] }), bn] });
 * bn.batchMean?.print(); // after a training step
 */
export function batchNorm(options: BatchNormOptions = {}): BatchNorm {
  return new BatchNorm(options);
}

/** The layer {@link batchNorm} builds; registered for serialisation as "BatchNorm". */
export class BatchNorm extends tf.layers.Layer {
  static className = "BatchNorm";
  static override fromConfig = fromOwnConfig;
  readonly momentum: number;
  readonly epsilon: number;
  readonly affine: boolean;
  /** Mean of the last training batch, [C] (biased statistics; 0 before the first training call). */
  batchMean: tf.Variable | null = null;
  /** Biased variance of the last training batch, [C] (1 before the first training call). */
  batchVariance: tf.Variable | null = null;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private runningMean: tf.LayerVariable | null = null;
  private runningVar: tf.LayerVariable | null = null;

  constructor(options: BatchNormOptions = {}) {
    const { momentum = 0.1, epsilon = 1e-5, affine = true, ...layerArgs } = checkKeys("batchNorm", options, KEYS);
    checkNumber("batchNorm", "momentum", momentum, 0, 1);
    checkNumber("batchNorm", "epsilon", epsilon, 0);
    if (typeof affine !== "boolean") fail("batchNorm", "affine", "true or false", affine);
    super(layerArgs);
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.affine = affine;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const c = shape[shape.length - 1];
    if (typeof c !== "number") fail("batchNorm", "the input's last axis", "of known size", shape);
    if (this.affine) {
      this.gamma = this.addWeight("gamma", [c], "float32", tf.initializers.ones());
      this.beta = this.addWeight("beta", [c], "float32", tf.initializers.zeros());
    }
    this.runningMean = this.addWeight("running_mean", [c], "float32", tf.initializers.zeros(), undefined, false);
    this.runningVar = this.addWeight("running_var", [c], "float32", tf.initializers.ones(), undefined, false);
    this.batchMean = tf.tidy(() => tf.variable(tf.zeros([c]), false));
    this.batchVariance = tf.tidy(() => tf.variable(tf.ones([c]), false));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = oneInput(inputs); // [..., C]
      const c = x.shape[x.rank - 1] as number;
      const x2 = x.reshape([-1, c]) as tf.Tensor2D; // [n, C]
      const gamma = (this.gamma?.read() ?? null) as tf.Tensor1D | null;
      const beta = (this.beta?.read() ?? null) as tf.Tensor1D | null;
      let y: tf.Tensor2D;
      if (kwargs.training === true) {
        const n = x2.shape[0];
        if (n < 2) fail("batchNorm", "the number of values per feature in a training batch", "at least 2", n);
        y = batchNormTrain(x2, gamma, beta, this.epsilon, (mean, variance) => this.update(mean, variance, n));
      } else {
        // inference is a per-feature affine map: y = x·scale + shift
        let scale = tf.rsqrt(tf.add(this.runningVar!.read(), this.epsilon)); // [C]
        if (gamma !== null) scale = tf.mul(scale, gamma);
        let shift = tf.neg(tf.mul(this.runningMean!.read(), scale)); // [C]
        if (beta !== null) shift = tf.add(shift, beta);
        y = tf.add(tf.mul(x2, scale), shift);
      }
      return y.reshape(x.shape);
    });
  }

  private update(mean: tf.Tensor1D, variance: tf.Tensor1D, n: number): void {
    const m = this.momentum;
    this.batchMean!.assign(mean);
    this.batchVariance!.assign(variance);
    if (kernelAvailable(RUNNING_STATS)) {
      const inputs = { runningMean: this.runningMean!.read(), runningVar: this.runningVar!.read(), mean, variance };
      const [newMean, newVar] = tf.engine().runKernel(RUNNING_STATS, inputs, { momentum: m, n }) as tf.Tensor[];
      this.runningMean!.write(newMean!);
      this.runningVar!.write(newVar!);
      return;
    }
    this.runningMean!.write(tf.add(tf.mul(this.runningMean!.read(), 1 - m), tf.mul(mean, m)));
    this.runningVar!.write(tf.add(tf.mul(this.runningVar!.read(), 1 - m), tf.mul(variance, (m * n) / (n - 1))));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { momentum: this.momentum, epsilon: this.epsilon, affine: this.affine, ...super.getConfig() };
  }

  override dispose(): ReturnType<tf.layers.Layer["dispose"]> {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0 && this.batchMean !== null && this.batchVariance !== null) {
      this.batchMean.dispose();
      this.batchVariance.dispose();
      result.numDisposedVariables += 2;
    }
    return result;
  }
}

tf.serialization.registerClass(BatchNorm);
