import type * as tf from "@tensorflow/tfjs";
import { fail } from "../options/check.js";

/** Training data: a `dl.datasets` dataset or any `{ x, y }` pair of tensors with the same first dimension. */
export interface DataLike {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** Checks `{ x, y }`: two tensors with the same number of rows, at least one. */
export function checkData(fn: string, name: string, data: unknown): { x: tf.Tensor; y: tf.Tensor; n: number } {
  const d = data as Partial<DataLike> | null;
  const isTensor = (t: unknown): t is tf.Tensor =>
    typeof t === "object" && t !== null && Array.isArray((t as tf.Tensor).shape) && typeof (t as tf.Tensor).dtype === "string";
  if (!d || !isTensor(d.x) || !isTensor(d.y)) fail(fn, name, "a dataset or { x, y } of tensors", data);
  const n = d.x.shape[0] as number;
  if (d.y.shape[0] !== n) fail(fn, `${name}.y`, `a tensor with ${n} rows like x`, `${d.y.shape[0]} rows`);
  if (n === 0) fail(fn, name, "at least one sample", "0 samples");
  return { x: d.x, y: d.y, n };
}
