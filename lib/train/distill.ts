import * as tf from "@tensorflow/tfjs";
import { torchDefault, torchDefaultBias } from "../init/index.js";
import { checkKeys, checkNumber, fail, type KnownKeys } from "../options/check.js";
import type { DataLike } from "./data-source.js";
import { fit, FIT_KEYS, type FitOptions } from "./fit.js";
import type { History } from "./history.js";
import { crossEntropy, mse } from "./losses.js";

/** Options of {@link distill}: the distillation's own, plus any of `fit`'s (except `loss`). */
export interface DistillOptions extends Omit<FitOptions, "loss"> {
  /** Softmax temperature T (default 4). */
  temperature?: number;
  /** Weight of the soft-target term; 1 − alpha goes to the true labels (default 0.9). */
  alpha?: number;
}

/** Options of {@link distillationLoss}. */
export interface DistillationLossOptions {
  /** Softmax temperature T, > 0 (default 4). */
  temperature?: number;
  /** Weight of the soft-target term, in [0, 1] (default 0.9). */
  alpha?: number;
}
const LOSS_KEYS: KnownKeys<DistillationLossOptions> = { temperature: true, alpha: true };
const { loss: _loss, ...FIT_KEYS_BUT_LOSS } = FIT_KEYS;
const DISTILL_KEYS: KnownKeys<DistillOptions> = { ...FIT_KEYS_BUT_LOSS, ...LOSS_KEYS };
const HINTS_KEYS: KnownKeys<FitHintsOptions> = { ...FIT_KEYS_BUT_LOSS, teacherLayer: true, studentLayer: true };

/**
 * The distillation loss of Hinton et al. (2015) on one batch: alpha·T²·KL(softmax(t/T) ‖ softmax(s/T)) +
 * (1 − alpha)·crossEntropy(labels, s), the KL averaged over the batch (PyTorch's kl_div "batchmean").
 * The T² keeps the soft term's gradients on the scale of the hard one's.
 *
 * @example
 * dl.train.distillationLoss(labels, studentLogits, teacherLogits, { temperature: 4, alpha: 0.9 })
 */
export function distillationLoss(
  labels: tf.Tensor,
  student: tf.Tensor,
  teacher: tf.Tensor,
  options: DistillationLossOptions = {},
): tf.Scalar {
  const { temperature = 4, alpha = 0.9 } = checkKeys("distillationLoss", options, LOSS_KEYS);
  return tf.tidy(() => {
    const logPt = tf.logSoftmax(tf.div(teacher, temperature) as tf.Tensor2D);
    const logPs = tf.logSoftmax(tf.div(student, temperature) as tf.Tensor2D);
    const kl = tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs))).div(student.shape[0] as number);
    const soft = kl.mul(alpha * temperature * temperature);
    return (alpha === 1 ? soft : soft.add(crossEntropy(labels, student).mul(1 - alpha))) as tf.Scalar;
  });
}

/**
 * Trains `student` to imitate `teacher` (knowledge distillation, Hinton et al. 2015): the loss mixes the
 * teacher's softened outputs and the true labels (see {@link distillationLoss}). The teacher runs in inference
 * mode and is not changed.
 *
 * @example
 * const student = dl.models.mlp({ inputs: 2, hidden: [8], outputs: 2 });
 * await dl.train.distill(teacher, student, data, { temperature: 4, alpha: 0.9, epochs: 20 });
 */
export async function distill(
  teacher: tf.LayersModel,
  student: tf.LayersModel,
  data: DataLike,
  options: DistillOptions = {},
): Promise<History> {
  const { temperature = 4, alpha = 0.9, ...rest } = checkKeys("distill", options, DISTILL_KEYS);
  if (!teacher || typeof (teacher as Partial<tf.LayersModel>).apply !== "function")
    fail("distill", "teacher", "a tfjs LayersModel", teacher);
  checkNumber("distill", "temperature", temperature, 0, Infinity, { min: true });
  checkNumber("distill", "alpha", alpha, 0, 1);
  const loss = (y: tf.Tensor, s: tf.Tensor, x?: tf.Tensor): tf.Scalar =>
    distillationLoss(y, s, teacher.apply(x!, { training: false }) as tf.Tensor, { temperature, alpha });
  return fit(student, data, { ...rest, loss });
}

/** Options of {@link fitHints}: the layers to connect, plus any of `fit`'s (except `loss`). */
export interface FitHintsOptions extends Omit<FitOptions, "loss"> {
  /** Name of the teacher's hint layer (required). */
  teacherLayer: string;
  /** Name of the student's guided layer (required). */
  studentLayer: string;
}

/**
 * FitNets' first stage (Romero et al. 2015): trains the student's layers up to `studentLayer`, through a new
 * linear regressor, to predict the teacher's `teacherLayer` output (mean squared error). The student's layers are
 * shared, so they keep what they learn; train the whole student normally (or with `distill`) afterwards. The
 * regressor starts from PyTorch's nn.Linear initialisation, seeded by `seed` (default 0), so runs repeat.
 *
 * @example
 * await dl.train.fitHints(teacher, student, data, { teacherLayer: "dense_Dense3", studentLayer: "dense_Dense7", epochs: 5 });
 */
export async function fitHints(
  teacher: tf.LayersModel,
  student: tf.LayersModel,
  data: DataLike,
  options: FitHintsOptions,
): Promise<History> {
  const { teacherLayer, studentLayer, ...rest } = checkKeys("fitHints", options ?? ({} as FitHintsOptions), HINTS_KEYS);
  const find = (model: tf.LayersModel, name: unknown, which: string): tf.layers.Layer => {
    const layer = typeof name === "string" ? model.layers.find((l) => l.name === name) : undefined;
    if (!layer) fail("fitHints", which, `the name of one of its layers (${model.layers.map((l) => l.name).join(", ")})`, name);
    return layer;
  };
  const hint = find(teacher, teacherLayer, "teacherLayer");
  const guided = find(student, studentLayer, "studentLayer");
  const teacherHints = tf.model({ inputs: teacher.inputs, outputs: hint.output as tf.SymbolicTensor });
  const width = (hint.output as tf.SymbolicTensor).shape.slice(1) as number[];
  // seeded like an mlp layer (PyTorch's nn.Linear default), so that the same seed gives the same run
  const guidedWidth = ((guided.output as tf.SymbolicTensor).shape as number[]).at(-1)!;
  const seed = rest.seed ?? 0;
  const regressor = tf.layers.dense({
    units: width[width.length - 1]!,
    name: `${studentLayer}_hint_regressor`,
    kernelInitializer: torchDefault({ seed }),
    biasInitializer: torchDefaultBias(guidedWidth, { seed: seed + 7919 }),
  });
  const guidedNet = tf.model({ inputs: student.inputs, outputs: regressor.apply(guided.output as tf.SymbolicTensor) as tf.SymbolicTensor });
  const loss = (_y: tf.Tensor, out: tf.Tensor, x?: tf.Tensor): tf.Scalar =>
    mse(teacherHints.apply(x!, { training: false }) as tf.Tensor, out);
  return fit(guidedNet, data, { ...rest, loss });
}
