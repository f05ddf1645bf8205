import type * as tf from "@tensorflow/tfjs";
import { fail } from "../../options/check.js";
import { isTensor } from "../data.js";

/** A grid of values: rows of equal length, as a nested array or a 2-D tensor `[rows, cols]`. */
export type MatrixData = ArrayLike<ArrayLike<number>> | tf.Tensor;

/** Reads a 2-D array or tensor into rows of numbers (`z[row][col]`), checking it is rectangular and non-empty. */
export async function matrixOf(fn: string, data: unknown): Promise<number[][]> {
  if (isTensor(data)) {
    if (data.rank !== 2) fail(fn, "data", "a 2-D tensor [rows, cols]", `a tensor of shape [${data.shape.join(", ")}]`);
    const [rows, cols] = data.shape as [number, number];
    const values = await data.data();
    return Array.from({ length: rows }, (_, i) => Array.from(values.subarray(i * cols, (i + 1) * cols), Number));
  }
  const ok = Array.isArray(data) && data.length > 0 && data.every((row) => Array.isArray(row) || ArrayBuffer.isView(row));
  if (!ok) fail(fn, "data", "a 2-D array of numbers (rows) or a 2-D tensor", data);
  const rows = (data as ArrayLike<number>[]).map((row) => Array.from(row, Number));
  const cols = rows[0]!.length;
  const bad = rows.findIndex((row) => row.length !== cols || row.some((v) => typeof v !== "number"));
  if (cols === 0 || bad >= 0)
    fail(fn, "data", `rows of ${cols || "one or more"} numbers each`, `row ${bad} ${JSON.stringify(rows[bad]).slice(0, 60)}`);
  return rows;
}

/** Checks optional axis coordinates for a grid dimension of length n (x for columns, y for rows). */
export async function coordinatesOf(fn: string, name: string, values: unknown, n: number): Promise<number[] | undefined> {
  if (values === undefined) return undefined;
  const list = isTensor(values)
    ? Array.from(await values.data(), Number)
    : Array.isArray(values) || ArrayBuffer.isView(values)
      ? Array.from(values as ArrayLike<number>)
      : null;
  if (list === null || list.length !== n || list.some((v) => typeof v !== "number"))
    fail(fn, name, `${n} numbers (one per ${name === "x" ? "column" : "row"})`, values);
  return list;
}
