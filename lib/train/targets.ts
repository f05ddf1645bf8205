import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../options/check.js";
import { resolveLoss, type LossFn, type LossName } from "./losses.js";

/** What `fit` and `evaluate` compare a model's outputs with, decided once at the edge. */
export interface Targets {
  lossFn: LossFn;
  /** The loss's name ("custom" for a function), shown in the history. */
  lossName: LossName | "custom";
  /** Why this loss, when it was not given: shown in the history so that no default is silent. */
  lossReason?: string;
  /** Whether the targets are class labels [n], so that accuracy is reported (see `classes.ts` for the rule). */
  accuracy: boolean;
}

/** The checked data, as `checkData` returns it. */
interface Data {
  x: tf.Tensor;
  y: tf.Tensor;
  n: number;
}

/**
 * Checks data against a model and a loss, and picks the loss when none is given. The rules, each with an error that
 * names both sides and the ways out when they do not hold:
 * - x must be finite and have the model's input shape; y must be finite.
 * - int32 labels [n] with k ≥ 2 outputs: "crossEntropy", labels in 0 … k − 1;
 * - int32 labels 0/1 with one output: "bce" (one logit, class 1 where it is > 0); more classes need more outputs;
 * - float32 targets: "mse", with as many targets per sample as outputs. Float32 targets [n] for a model with several
 *   outputs are an error: class labels must be int32.
 * A loss given by name is checked against y's dtype, range and shape; a loss function is taken as it is.
 *
 * @example
 * const t = await resolveTargets("fit", "data", model, { x, y, n }, undefined);
 * t.lossName // "crossEntropy" for int32 labels and a 10-output model
 */
export async function resolveTargets(fn: string, name: string, model: tf.LayersModel, data: Data, loss: unknown): Promise<Targets> {
  const { x, y, n } = data;
  await checkFinite(fn, `${name}.x`, x);
  checkInputShape(fn, `${name}.x`, model, x);
  await checkFinite(fn, `${name}.y`, y);
  const yValues = await y.data();
  const outputs = outputCount(model);
  const perSample = y.size / n;
  const int = y.dtype === "int32";
  const labelRow = perSample === 1; // [n] or [n, 1]
  const [lo, hi] = extent(yValues);
  const labelText = `${y.dtype} ${int ? "labels" : "values"} ${show(lo)} … ${show(hi)}`;
  const yShape = `${y.dtype} [${y.shape.join(", ")}]`;

  if (typeof loss === "function") return { lossFn: loss as LossFn, lossName: "custom", accuracy: int && labelRow };
  if (loss === undefined) {
    if (int && labelRow && outputs === 1) {
      if (lo < 0 || hi > 1) throw new ArgumentError(oneOutputManyClasses(fn, name, labelText, hi));
      return { ...named("bce"), lossReason: "one output and labels 0/1", accuracy: true };
    }
    if (int && labelRow) {
      checkLabelRange(fn, name, outputs, lo, hi, labelText);
      return { ...named("crossEntropy"), lossReason: `int32 labels and ${outputs} outputs`, accuracy: true };
    }
    if (!int && labelRow && outputs !== undefined && outputs > 1) {
      throw new ArgumentError(
        `${fn}: ${name}.y is ${yShape}, which ${fn} would read as one regression target per sample (loss "mse"), ` +
          `but the model has ${outputs} outputs. Class labels must be int32: tf.tensor1d(labels, "int32") or y.toInt() ` +
          `(then the loss is "crossEntropy"); regression targets need shape [${n}, ${outputs}].`,
      );
    }
    checkTargetCount(fn, name, outputs, perSample, yShape);
    return { ...named("mse"), lossReason: `${y.dtype} targets`, accuracy: false };
  }
  const lossName = resolveName(fn, loss);
  if (lossName === "crossEntropy") {
    if (!int || !labelRow) {
      throw new ArgumentError(`${fn}: loss "crossEntropy" takes int32 class labels [${n}] (y.toInt() converts), got ${name}.y ${yShape}`);
    }
    if (outputs === 1) {
      throw new ArgumentError(
        `${fn}: loss "crossEntropy" needs one output per class, at least 2, but the model has 1 output. ` +
          `For two classes with one output use loss "bce" (labels 0 and 1), or build the model with outputs: 2.`,
      );
    }
    checkLabelRange(fn, name, outputs, lo, hi, labelText);
    return { ...named("crossEntropy"), accuracy: true };
  }
  checkTargetCount(fn, name, outputs, perSample, yShape);
  if (lossName === "bce") {
    if (lo < 0 || hi > 1) throw new ArgumentError(`${fn}: loss "bce" takes labels or probabilities in [0, 1], got ${name}.y ${labelText}`);
    const binary = labelRow && isBinary(yValues);
    return { ...named("bce"), accuracy: binary };
  }
  return { ...named("mse"), accuracy: false };
}

function named(lossName: LossName): { lossFn: LossFn; lossName: LossName } {
  return { lossFn: resolveLoss("fit", lossName), lossName };
}

function resolveName(fn: string, loss: unknown): LossName {
  resolveLoss(fn, loss); // throws the library's message for an unknown name
  return loss as LossName;
}

function oneOutputManyClasses(fn: string, name: string, labelText: string, hi: number): string {
  return (
    `${fn}: a model with 1 output tells 2 classes apart (labels 0 and 1, loss "bce"), but ${name}.y has ${labelText}. ` +
    `Build the model with outputs: ${hi + 1} (one logit per class, loss "crossEntropy"), or relabel to 0 and 1.`
  );
}

function checkLabelRange(fn: string, name: string, outputs: number | undefined, lo: number, hi: number, labelText: string): void {
  if (lo < 0) throw new ArgumentError(`${fn}: ${name}.y must be class labels >= 0, got ${labelText}`);
  if (outputs !== undefined && hi >= outputs) {
    throw new ArgumentError(
      `${fn}: ${name}.y has ${labelText}, but the model has ${outputs} outputs (one logit per class: labels 0 … ${outputs - 1}). ` +
        `Build the model with outputs: ${hi + 1}.`,
    );
  }
}

function checkTargetCount(fn: string, name: string, outputs: number | undefined, perSample: number, yShape: string): void {
  if (outputs !== undefined && perSample !== outputs) {
    const want = `${outputs} target${outputs === 1 ? "" : "s"} per sample, one per output of the model`;
    throw new ArgumentError(`${fn}: ${name}.y must have ${want}, got ${yShape}`);
  }
}

/** The model's output units (the last dimension of its output), when it is known. */
export function outputCount(model: tf.LayersModel): number | undefined {
  const shape = model.outputs?.[0]?.shape;
  const last = shape?.[shape.length - 1];
  return typeof last === "number" ? last : undefined;
}

function checkInputShape(fn: string, name: string, model: tf.LayersModel, x: tf.Tensor): void {
  const want = model.inputs?.[0]?.shape;
  if (!want) return;
  const fits = want.length === x.rank && want.every((d, i) => i === 0 || d === null || d === x.shape[i]);
  if (!fits) {
    const shape = want.map((d, i) => (i === 0 ? "n" : d === null ? "any" : String(d))).join(", ");
    throw new ArgumentError(`${fn}: ${name} must have the model's input shape [${shape}], got [${x.shape.join(", ")}]`);
  }
}

/** Throws naming the first NaN or ±Infinity of `t`, found on the backend first (reading a large x back costs ~1 s). */
async function checkFinite(fn: string, name: string, t: tf.Tensor): Promise<void> {
  if (t.dtype !== "float32") return; // int32 and bool cannot hold a NaN
  const probe = tf.tidy(() => tf.sum(tf.mul(t, 0))); // NaN exactly when some value is NaN or ±Infinity
  const finite = (await probe.data())[0] === 0;
  probe.dispose();
  if (finite) return;
  const v = (await t.data()) as Float32Array;
  for (let i = 0; i < v.length; i++) {
    const value = v[i]!;
    if (value - value !== 0) {
      const cols = t.rank > 1 ? t.size / (t.shape[0] as number) : 1;
      const where = t.rank > 1 ? `row ${Math.floor(i / cols)}, element ${i % cols}` : `row ${i}`;
      throw new ArgumentError(`${fn}: ${name} must be finite, got ${value} at ${where}`);
    }
  }
}

function extent(values: ArrayLike<number> | ArrayLike<unknown>): [number, number] {
  const v = values as ArrayLike<number>;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (v[i]! < lo) lo = v[i]!;
    if (v[i]! > hi) hi = v[i]!;
  }
  return [lo, hi];
}

function isBinary(values: ArrayLike<number> | ArrayLike<unknown>): boolean {
  const v = values as ArrayLike<number>;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0 && v[i] !== 1) return false;
  return true;
}

function show(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}
