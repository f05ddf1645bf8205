import type * as tf from "@tensorflow/tfjs";
import { escapeHtml } from "./html-escape.js";
import type { MimeBundle } from "./protocol.js";

/** True for tfjs layers models (duck-typed, so a second copy of tfjs is recognised too). */
export function isLayersModel(value: unknown): value is tf.LayersModel {
  const m = value as Partial<tf.LayersModel> | null;
  return (
    typeof m === "object" && m !== null && Array.isArray(m.layers) && typeof m.summary === "function" && typeof m.countParams === "function"
  );
}

/**
 * A model as a readable summary: one row per layer with its kind, output shape and parameter count, then the
 * totals (trainable and not). Text and HTML.
 *
 * @example
 * modelBundle(dl.models.mlp({ inputs: 2, hidden: [8, 8], outputs: 2 }))["text/plain"]
 */
export function modelBundle(model: tf.LayersModel): MimeBundle {
  const rows = model.layers.map((layer) => {
    let shape: string;
    try {
      const s = layer.outputShape;
      shape =
        Array.isArray(s[0]) || s[0] === undefined
          ? JSON.stringify(s)
          : `[${(s as (number | null)[]).map((d) => (d === null ? "batch" : d)).join(", ")}]`;
    } catch {
      shape = "?";
    }
    return [layer.name, layer.getClassName(), shape, String(layer.countParams())];
  });
  const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  const total = model.countParams();
  const footer = `${total.toLocaleString("en-US")} parameters (${trainable.toLocaleString("en-US")} trainable)`;
  const header = ["layer", "kind", "output shape", "parameters"];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (j === 3 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
      .join("  ")
      .trimEnd();
  const text = [`${model.getClassName()} "${model.name}"`, line(header), ...rows.map(line), footer].join("\n");
  const html =
    `<div><b>${escapeHtml(model.getClassName())}</b> “${escapeHtml(model.name)}”</div><table><thead><tr>` +
    header.map((h) => `<th>${escapeHtml(h)}</th>`).join("") +
    `</tr></thead><tbody>` +
    rows
      .map((r) => `<tr>${r.map((c, j) => `<td${j === 3 ? ' style="text-align:right"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`)
      .join("") +
    `</tbody></table><div style="font-size:smaller;color:#555">${escapeHtml(footer)}</div>`;
  return { "text/plain": text, "text/html": html };
}
