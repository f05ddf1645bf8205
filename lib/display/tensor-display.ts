import * as tf from "@tensorflow/tfjs";
import { escapeHtml } from "./html-escape.js";
import type { MimeBundle } from "./protocol.js";
import { checkKeys, type KnownKeys } from "../options/check.js";

/** Options of {@link tensorBundle} and {@link formatTensor}. */
export interface TensorViewOptions {
  /** Above this many elements only the edges of each axis are shown (default 1000, as numpy). */
  maxElements?: number;
  /** Elements kept at each end of a truncated axis (default 3). */
  edgeItems?: number;
  /** Significant digits of floats (default 4). */
  precision?: number;
}

const KEYS: KnownKeys<TensorViewOptions> = { maxElements: true, edgeItems: true, precision: true };

type Scalar = number | string | boolean;

/** `Tensor float32 [2, 3]`: the header line of a tensor's display. */
export function tensorHeader(dtype: string, shape: readonly number[]): string {
  return `Tensor ${dtype} [${shape.join(", ")}]`;
}

/**
 * Formats tensor values numpy-style: nested brackets, aligned columns, edges only past `maxElements`.
 *
 * @example
 * formatTensor([1, 2, 3, 4], [2, 2], "float32") // "[[1, 2],\n [3, 4]]"
 */
export function formatTensor(values: ArrayLike<Scalar>, shape: readonly number[], dtype: string, options: TensorViewOptions = {}): string {
  const { maxElements = 1000, edgeItems = 3, precision = 4 } = checkKeys("formatTensor", options, KEYS);
  const truncate = values.length > maxElements;
  const text = (v: Scalar) => formatScalar(v, dtype, precision);
  if (shape.length === 0) return text(values[0] ?? NaN);
  let width = 0;
  walk(shape, truncate, edgeItems, 0, 0, (i) => {
    width = Math.max(width, text(values[i] ?? NaN).length);
  });
  const render = (dim: number, offset: number): string => {
    const stride = strideOf(shape, dim);
    const parts = axisIndices(shape[dim] ?? 0, truncate, edgeItems).map((i) => {
      if (i === null) return "...";
      return dim === shape.length - 1 ? text(values[offset + i] ?? NaN).padStart(width) : render(dim + 1, offset + i * stride);
    });
    const sep = dim === shape.length - 1 ? ", " : ",\n" + "\n".repeat(shape.length - dim - 2) + " ".repeat(dim + 1);
    return `[${parts.join(sep)}]`;
  };
  return render(0, 0);
}

/**
 * The MIME bundle of a tensor: a header and the values as text, and an HTML table for rank 1 and 2.
 * Reads values synchronously on CPU backends and with `await t.data()` on GPU ones, where `dataSync` fails.
 *
 * @example
 * tensorBundle(tf.tensor([[1, 2], [3, 4]])) // { "text/plain": "Tensor float32 [2, 2]\n[[1, 2],\n [3, 4]]", "text/html": "<table>…" }
 */
export function tensorBundle(t: tf.Tensor, options: TensorViewOptions = {}): MimeBundle | Promise<MimeBundle> {
  checkKeys("tensorBundle", options, KEYS);
  const header = tensorHeader(t.dtype, t.shape);
  if (t.isDisposed) return { "text/plain": `${header} (disposed)` };
  const build = (values: ArrayLike<Scalar>): MimeBundle => {
    const body = formatTensor(values, t.shape, t.dtype, options);
    return { "text/plain": `${header}\n${body}`, "text/html": tensorHtml(values, t.shape, t.dtype, header, body, options) };
  };
  if (SYNC_READ_BACKENDS.has(tf.getBackend())) {
    return build(t.dataSync() as ArrayLike<Scalar>);
  }
  return t.data().then((values) => build(values as ArrayLike<Scalar>));
}

/** Backends whose `dataSync` is cheap and allowed; GPU backends are read asynchronously. */
const SYNC_READ_BACKENDS = new Set(["cpu", "wasm", "tensorflow"]);

function tensorHtml(
  values: ArrayLike<Scalar>,
  shape: readonly number[],
  dtype: string,
  header: string,
  body: string,
  { maxElements = 1000, edgeItems = 3, precision = 4 }: TensorViewOptions,
): string {
  const caption = `<div style="font-family:monospace;color:#555">${escapeHtml(header)}</div>`;
  if (shape.length === 0 || shape.length > 2) return `${caption}<pre>${escapeHtml(body)}</pre>`;
  const truncate = values.length > maxElements;
  const [rows, cols] = shape.length === 1 ? [1, shape[0] ?? 0] : [shape[0] ?? 0, shape[1] ?? 0];
  const colIdx = axisIndices(cols, truncate, edgeItems);
  const th = (s: string) => `<th style="text-align:right">${s}</th>`;
  const head = `<tr>${shape.length === 2 ? th("") : ""}${colIdx.map((j) => th(j === null ? "…" : String(j))).join("")}</tr>`;
  const trs = axisIndices(rows, truncate, edgeItems).map((i) => {
    const cells = colIdx.map((j) => {
      const v = i === null || j === null ? "…" : escapeHtml(formatScalar(values[i * cols + j] ?? NaN, dtype, precision));
      return `<td style="text-align:right;font-family:monospace">${v}</td>`;
    });
    return `<tr>${shape.length === 2 ? th(i === null ? "…" : String(i)) : ""}${cells.join("")}</tr>`;
  });
  return `${caption}<table><thead>${head}</thead><tbody>${trs.join("")}</tbody></table>`;
}

function formatScalar(v: Scalar, dtype: string, precision: number): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (dtype === "bool") return v ? "true" : "false";
  if (typeof v === "boolean") return String(v);
  if (dtype === "int32" || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(precision)));
}

function strideOf(shape: readonly number[], dim: number): number {
  return shape.slice(dim + 1).reduce((a, b) => a * b, 1);
}

/** The indices shown along an axis of length n: all, or the edges with `null` standing for the gap. */
function axisIndices(n: number, truncate: boolean, edge: number): (number | null)[] {
  if (!truncate || n <= 2 * edge) return Array.from({ length: n }, (_, i) => i);
  const tail = Array.from({ length: edge }, (_, i) => n - edge + i);
  return [...Array.from({ length: edge }, (_, i) => i), null, ...tail];
}

function walk(shape: readonly number[], truncate: boolean, edge: number, dim: number, offset: number, visit: (flat: number) => void): void {
  const stride = strideOf(shape, dim);
  for (const i of axisIndices(shape[dim] ?? 0, truncate, edge)) {
    if (i === null) continue;
    if (dim === shape.length - 1) visit(offset + i);
    else walk(shape, truncate, edge, dim + 1, offset + i * stride, visit);
  }
}
