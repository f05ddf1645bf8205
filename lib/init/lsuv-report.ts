import { escapeHtml } from "../display/html-escape.js";
import { DISPLAY, type MimeBundle } from "../display/protocol.js";

/** What {@link lsuv} did to one layer. */
export interface LsuvLayer {
  /** The layer's name. */
  layer: string;
  /** "Dense" or "Conv2D". */
  kind: string;
  /** Kernel shape, tfjs layout. */
  shape: number[];
  /** How many times the kernel was divided by √variance. */
  iterations: number;
  /** Variance of the layer's pre-activation output on the batch, after the last rescaling. */
  variance: number;
  /** Whether |variance − 1| < tolerance was reached within maxIterations. */
  converged: boolean;
}

/**
 * The result of {@link lsuv}: one row per Dense/Conv2D layer. Displays as a table in a notebook.
 *
 * @example
 * const report = await dl.init.lsuv(model, xs);
 * report.layers[0].variance // ≈ 1
 */
export class LsuvReport {
  constructor(
    readonly layers: LsuvLayer[],
    readonly tolerance: number,
  ) {}

  [DISPLAY](): MimeBundle {
    const head = ["layer", "kind", "kernel", "iterations", "variance", "converged"];
    const rows = this.layers.map((l) => [
      l.layer,
      l.kind,
      `[${l.shape.join(", ")}]`,
      String(l.iterations),
      l.variance.toPrecision(4),
      l.converged ? "yes" : "no",
    ]);
    const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] as string).length)));
    const line = (cells: string[]): string =>
      cells
        .map((c, j) => c.padEnd(widths[j] as number))
        .join("  ")
        .trimEnd();
    const title = `LSUV: ${this.layers.length} layer${this.layers.length === 1 ? "" : "s"} scaled to unit output variance (tolerance ${this.tolerance})`;
    const text = [title, line(head), ...rows.map(line)].join("\n");
    const cell = (tag: string, c: string): string => `<${tag}>${escapeHtml(c)}</${tag}>`;
    const html =
      `<table><caption>${escapeHtml(title)}</caption><thead><tr>${head.map((h) => cell("th", h)).join("")}</tr></thead>` +
      `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell("td", c)).join("")}</tr>`).join("")}</tbody></table>`;
    return { "text/plain": text, "text/html": html };
  }
}
