import type * as tf from "@tensorflow/tfjs";
import { isArqueroTable } from "../display/table-display.js";
import { ArgumentError, checkKeys, fail, show, type KnownKeys } from "../options/check.js";

/** A column given directly: plain numbers or labels, a typed array, or a 1-D tensor. */
export type ColumnValues = ArrayLike<number | string> | tf.Tensor;

/**
 * What a plot function takes as its data: a list of numbers (y against its index), a list of `[x, y]` pairs,
 * row objects (`[{ x: 1, y: 2 }, …]`), an object of columns (`{ x: [...], y: [...] }`), a 1-D or 2-D tensor
 * (columns named "x0", "x1", … as in a dataset's table), or an arquero table.
 */
export type PlotData =
  | ArrayLike<number>
  | ArrayLike<ArrayLike<number>>
  | Record<string, unknown>[]
  | Record<string, ColumnValues>
  | tf.Tensor
  | object;

/** Which columns a plot draws: a column name of the data, or the values themselves. */
export interface ColumnOptions {
  /** Horizontal position (default: column "x", or "x0" for a 2-D tensor, or the row index for a plain list). */
  x?: string | ColumnValues;
  /** Vertical position (default: column "y", or "x1" for a 2-D tensor, or the values of a plain list). */
  y?: string | ColumnValues;
  /** Groups the points into series, one colour each (default: none). */
  color?: string | ColumnValues;
  /** Splits the plot into small multiples, one per value (default: none). */
  facet?: string | ColumnValues;
}

/** The keys of {@link ColumnOptions}, for the key lists of the options that extend it. */
export const COLUMN_KEYS: KnownKeys<ColumnOptions> = { x: true, y: true, color: true, facet: true };

/** Named columns of equal length, plus the names to label axes and legends with. */
export interface Columns {
  x: number[];
  y: number[];
  color?: (string | number)[];
  facet?: (string | number)[];
  /** The column names used ("x", "y", or the names given), for axis titles. */
  names: { x: string; y: string; color?: string; facet?: string };
}

/**
 * Turns a plot function's `data` and its `x`, `y`, `color`, `facet` options into equal-length columns, with errors
 * that name the function (`line: y must be a column of data ("a", "b"), got "c"`). Tensors are read with
 * `await t.data()`, so this works on GPU backends.
 *
 * @example
 * await columnsOf("line", [1, 4, 9])                          // { x: [0, 1, 2], y: [1, 4, 9], names: { x: "index", y: "y" } }
 * await columnsOf("scatter", rows, { x: "age", y: "loss", color: "run" })
 * await columnsOf("scatter", tf.randomNormal([100, 3]), { y: "x2" })  // x = column x0, y = column x2
 */
export async function columnsOf(fn: string, data: unknown, options: ColumnOptions = {}): Promise<Columns> {
  checkKeys(fn, options, COLUMN_KEYS);
  const table = await asTable(fn, data);
  const pick = async (key: "x" | "y" | "color" | "facet", fallback: string | undefined) => {
    const given = options[key];
    if (given === undefined && fallback === undefined) return undefined;
    if (given === undefined || typeof given === "string") {
      const name = given ?? fallback!;
      const col = table.columns[name];
      if (col === undefined) fail(fn, key, `a column of the data (${Object.keys(table.columns).map(show).join(", ") || "none"})`, name);
      return { name, values: col };
    }
    return { name: key, values: await readColumn(fn, key, given) };
  };
  const [x, y, color, facet] = [
    await pick("x", table.defaults.x),
    await pick("y", table.defaults.y),
    await pick("color", undefined),
    await pick("facet", undefined),
  ];
  const n = y?.values.length ?? x?.values.length ?? 0;
  const xs = x ?? { name: "index", values: Array.from({ length: n }, (_, i) => i) };
  if (y === undefined) fail(fn, "y", "a column name or an array of numbers (the data has no column named y)", options.y);
  const out: Columns = { x: numbers(fn, "x", xs.values), y: numbers(fn, "y", y.values), names: { x: xs.name, y: y.name } };
  for (const [key, col] of [
    ["color", color],
    ["facet", facet],
  ] as const) {
    if (col === undefined) continue;
    out[key] = col.values;
    out.names[key] = col.name;
  }
  for (const key of ["x", "color", "facet"] as const) {
    const len = out[key]?.length;
    if (len !== undefined && len !== out.y.length) {
      throw new ArgumentError(`${fn}: ${key} must have as many values as y (${out.y.length}), got ${len}`);
    }
  }
  return out;
}

interface NamedColumns {
  columns: Record<string, (string | number)[]>;
  defaults: { x?: string; y?: string };
}

async function asTable(fn: string, data: unknown): Promise<NamedColumns> {
  if (data === undefined || data === null) return { columns: {}, defaults: {} };
  if (isTensor(data)) {
    const values = Array.from(await data.data(), Number);
    if (data.rank === 1) return { columns: { y: values }, defaults: { y: "y" } };
    if (data.rank !== 2) fail(fn, "data", "a 1-D or 2-D tensor", `a tensor of shape [${data.shape.join(", ")}]`);
    const [rows, cols] = data.shape as [number, number];
    const columns: Record<string, number[]> = {};
    for (let j = 0; j < cols; j++) columns[`x${j}`] = Array.from({ length: rows }, (_, i) => values[i * cols + j]!);
    return cols === 1 ? { columns: { ...columns, y: columns["x0"]! }, defaults: { y: "y" } } : { columns, defaults: { x: "x0", y: "x1" } };
  }
  if (isArqueroTable(data)) {
    const columns: Record<string, (string | number)[]> = {};
    for (const name of data.columnNames()) columns[name] = Array.from(data.array(name) as ArrayLike<string | number>);
    return { columns, defaults: defaultsOf(columns) };
  }
  if (isArrayLike(data)) {
    const first = data[0];
    if (data.length === 0 || typeof first === "number")
      return { columns: { y: Array.from(data as ArrayLike<number>) }, defaults: { y: "y" } };
    if (isArrayLike(first)) {
      const pairs = Array.from(data as ArrayLike<ArrayLike<number>>);
      return { columns: { x: pairs.map((p) => p[0]!), y: pairs.map((p) => p[1]!) }, defaults: { x: "x", y: "y" } };
    }
    if (typeof first === "object" && first !== null) {
      const rows = Array.from(data as ArrayLike<Record<string, string | number>>);
      const columns: Record<string, (string | number)[]> = {};
      for (const name of Object.keys(first)) columns[name] = rows.map((r) => r[name]!);
      return { columns, defaults: defaultsOf(columns) };
    }
  } else if (typeof data === "object") {
    const columns: Record<string, (string | number)[]> = {};
    for (const [name, col] of Object.entries(data)) columns[name] = await readColumn(fn, `data.${name}`, col);
    return { columns, defaults: defaultsOf(columns) };
  }
  return fail(fn, "data", "numbers, [x, y] pairs, row objects, an object of columns, a 1-D or 2-D tensor or an arquero table", data);
}

function defaultsOf(columns: Record<string, unknown>): { x?: string; y?: string } {
  return { ...("x" in columns ? { x: "x" } : {}), ...("y" in columns ? { y: "y" } : {}) };
}

async function readColumn(fn: string, name: string, values: unknown): Promise<(string | number)[]> {
  if (isTensor(values)) {
    if (values.rank !== 1) fail(fn, name, "a 1-D tensor", `a tensor of shape [${values.shape.join(", ")}]`);
    return Array.from(await values.data(), Number);
  }
  if (typeof values === "string" || !isArrayLike(values)) return fail(fn, name, "an array of values or a 1-D tensor", values);
  return Array.from(values as ArrayLike<string | number>);
}

function numbers(fn: string, name: string, values: (string | number)[]): number[] {
  const bad = values.findIndex((v) => typeof v !== "number");
  if (bad >= 0) throw new ArgumentError(`${fn}: ${name} must be numbers, got ${show(values[bad])} at index ${bad}`);
  return values as number[];
}

/**
 * True for tfjs tensors (duck-typed, so a second copy of tfjs is recognised too).
 *
 * @example
 * isTensor(tf.ones([2])) // true
 */
export function isTensor(value: unknown): value is tf.Tensor {
  const t = value as Partial<tf.Tensor> | null;
  return typeof t === "object" && t !== null && Array.isArray(t.shape) && typeof t.dtype === "string" && typeof t.data === "function";
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}
