import { inspect } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { normalizeBundle } from "./normalize-bundle.js";
import { DISPLAY, isDisplayable, type MimeBundle } from "./protocol.js";
import { isArqueroTable, tableBundle } from "./table-display.js";
import { tensorBundle } from "./tensor-display.js";
import { isLayersModel, modelBundle } from "./model-display.js";

/**
 * The plain-text form of any value, as Node's REPL shows it but without colour codes.
 *
 * @example
 * plainText({ a: [1, 2] }) // "{ a: [ 1, 2 ] }"
 */
export function plainText(value: unknown): string {
  return inspect(value, { colors: false, depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

/**
 * The MIME bundle of any value, ready for the wire: the object's own `[Symbol.for("Jupyter.display")]()`
 * when it has one, the built-in views of tensors, arquero tables and tfjs models, and `text/plain` for the rest.
 *
 * Synchronous unless the value's own display method is asynchronous (or a tensor lives on a GPU). A promise is
 * awaited and its value shown, so a cell may end with `dl.plot.line(...)` without writing `await`; a rejected
 * promise shows its error.
 *
 * @example
 * toMimeBundle(tf.scalar(3)) // { "text/plain": "Tensor float32 []\n3", "text/html": "…" }
 */
export function toMimeBundle(value: unknown): MimeBundle | Promise<MimeBundle> {
  const fallback = () => plainText(value);
  const finish = (b: MimeBundle | Promise<MimeBundle>) =>
    b instanceof Promise ? b.then((r) => normalizeBundle(r, fallback)) : normalizeBundle(b, fallback);
  if (value instanceof Promise)
    return value.then(
      (resolved) => toMimeBundle(resolved),
      (error: unknown) => ({ "text/plain": `Promise rejected: ${error instanceof Error ? error.message : String(error)}` }),
    );
  if (isDisplayable(value)) return finish(value[DISPLAY]());
  if (value instanceof tf.Tensor) return finish(tensorBundle(value));
  if (isArqueroTable(value)) return finish(tableBundle(value));
  if (isLayersModel(value)) return finish(modelBundle(value));
  return { "text/plain": plainText(value) };
}
