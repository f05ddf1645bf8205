import * as tf from "@tensorflow/tfjs";
import { aq } from "../aq.js";
import type { ColumnTable } from "arquero";
import { DISPLAY, type MimeBundle } from "../display/protocol.js";
import { scatterSvg } from "./scatter-svg.js";
import { tableBundle } from "../display/table-display.js";
import { escapeHtml } from "../display/html-escape.js";

/**
 * A dataset made by one of `dl.datasets`: tensors for training plus the plain arrays they came from,
 * so that displaying, relabelling or plotting never has to read a tensor back from the backend.
 *
 * - `x`: `[n, d]` float32 inputs.
 * - `y`: `[n]` int32 class labels (classification) or `[n, 1]` float32 targets (regression).
 *
 * It displays as a summary line and the first rows of a scatter-ready table (`x0`, `x1`, …, `y`), beside a scatter
 * plot of the points (inline SVG) when there are two inputs.
 */
export interface Dataset {
  /** Generator name, e.g. `"disc"`. */
  readonly name: string;
  readonly task: "classification" | "regression";
  /** Number of samples. */
  readonly n: number;
  /** Input dimension d. */
  readonly inputs: number;
  /** Number of classes (classification only). */
  readonly classes?: number;
  /** Class names, index = label (classification only, when the labels have names). */
  readonly classNames?: readonly string[];
  /** `[n, d]` float32. */
  readonly x: tf.Tensor2D;
  /** `[n]` int32 labels or `[n, 1]` float32 targets. */
  readonly y: tf.Tensor1D | tf.Tensor2D;
  /** Row-major copy of x, length n·d. */
  readonly xValues: Float32Array;
  /** Copy of y: Int32Array of labels or Float32Array of targets, length n. */
  readonly yValues: Int32Array | Float32Array;
  /** The options the generator was called with (after defaults), for the record. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** A table with one row a sample: `x0 … x{d-1}` and `y` (for d ≤ 8; wider inputs get only `y` and `index`). */
  table(): ColumnTable;
  /** Frees the tensors. */
  dispose(): void;
  [DISPLAY](): MimeBundle;
}

/** What {@link makeDataset} needs. */
export interface DatasetParts {
  name: string;
  task: "classification" | "regression";
  /** Row-major inputs, length n·inputs. */
  xValues: Float32Array;
  inputs: number;
  /** Labels (classification) or targets (regression), length n. */
  yValues: Int32Array | Float32Array;
  classes?: number;
  classNames?: readonly string[];
  meta?: Record<string, unknown>;
}

/**
 * Wraps plain arrays as a {@link Dataset} with its tensors. Used by every generator in `dl.datasets`.
 *
 * @example
 * const ds = makeDataset({ name: "toy", task: "classification", inputs: 1,
 *   xValues: Float32Array.of(0, 1), yValues: Int32Array.of(0, 1), classes: 2 });
 * ds.x.shape // [2, 1]
 */
export function makeDataset(parts: DatasetParts): Dataset {
  const { name, task, xValues, inputs, yValues, classes, classNames, meta = {} } = parts;
  const n = yValues.length;
  if (xValues.length !== n * inputs) {
    throw new RangeError(`makeDataset: xValues has ${xValues.length} values, expected n·inputs = ${n}·${inputs}`);
  }
  const x = tf.tensor2d(xValues, [n, inputs], "float32");
  const y =
    task === "classification"
      ? tf.tensor1d(yValues instanceof Int32Array ? yValues : Int32Array.from(yValues), "int32")
      : tf.tensor2d(yValues instanceof Float32Array ? yValues : Float32Array.from(yValues), [n, 1], "float32");
  const ds: Dataset = {
    name,
    task,
    n,
    inputs,
    ...(classes === undefined ? {} : { classes }),
    ...(classNames === undefined ? {} : { classNames }),
    x,
    y,
    xValues,
    yValues,
    meta,
    table: () => datasetTable(ds),
    dispose: () => {
      x.dispose();
      y.dispose();
    },
    [DISPLAY]: () => datasetBundle(ds),
  };
  return ds;
}

function datasetTable(ds: Dataset): ColumnTable {
  const columns: Record<string, ArrayLike<number>> = {};
  if (ds.inputs <= 8) {
    for (let j = 0; j < ds.inputs; j++) {
      const col = new Float32Array(ds.n);
      for (let i = 0; i < ds.n; i++) col[i] = ds.xValues[i * ds.inputs + j] as number;
      columns[`x${j}`] = col;
    }
  } else {
    columns["index"] = Int32Array.from({ length: ds.n }, (_, i) => i);
  }
  columns["y"] = ds.yValues;
  return aq.table(columns);
}

/** One line that says what the dataset is: size, shapes and class balance or target range. */
export function datasetSummary(ds: Dataset): string {
  const yShape = ds.task === "classification" ? `[${ds.n}] int32` : `[${ds.n}, 1] float32`;
  let detail: string;
  if (ds.task === "classification") {
    const counts = new Array<number>(ds.classes ?? 0).fill(0);
    for (const v of ds.yValues) counts[v] = (counts[v] ?? 0) + 1;
    const label = (i: number): string => (ds.classNames?.[i] ? `${i} ${ds.classNames[i]}` : String(i));
    detail = `${counts.length} classes: ${counts.map((c, i) => `${label(i)} → ${c}`).join(", ")}`;
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ds.yValues) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    detail = ds.n ? `targets in [${round(lo)}, ${round(hi)}]` : "no targets";
  }
  return `${ds.name}: ${ds.n} samples, x [${ds.n}, ${ds.inputs}] float32, y ${yShape} (${detail})`;
}

function datasetBundle(ds: Dataset): MimeBundle {
  const summary = datasetSummary(ds);
  const table = tableBundle(ds.table(), { limit: 8 });
  const scatter = scatterSvg(ds);
  const html = scatter
    ? `<div style="display:flex;gap:16px;align-items:flex-start">${scatter}<div>${table["text/html"] as string}</div></div>`
    : (table["text/html"] as string);
  return {
    "text/plain": `${summary}\n${table["text/plain"] as string}`,
    "text/html": `<div><b>${escapeHtml(summary)}</b></div>${html}`,
  };
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}
