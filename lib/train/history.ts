import type { ColumnTable } from "arquero";
import { aq } from "../aq.js";
import { DISPLAY, type MimeBundle } from "../display/protocol.js";
import { escapeHtml } from "../display/html-escape.js";
import { tableBundle } from "../display/table-display.js";

/** One logged step: step (1-based), epoch (1-based), training loss and metrics, validation columns, time (ms since start). */
export type HistoryRow = { step: number; epoch: number; loss: number; time: number } & Record<string, number>;

/** Per-layer statistics collected with `record` at a step. */
export interface LayerRecord {
  step: number;
  kind: "gradNorms" | "activations" | "weights";
  layer: string;
  mean: number;
  std: number;
  /** L2 norm (of the gradient, the weights or the activations). */
  norm: number;
  histogram: { edges: number[]; counts: number[] };
}

/**
 * The record of a training run: one row per logged step, per-layer statistics if asked, and why it stopped.
 * Displays as a table (the last rows, with the row count); `.table()` gives the whole arquero table.
 * `.plot()` draws its curves: the plot folder adds that method (lib/plot/history-plot.ts), since train never
 * imports plot.
 *
 * @example
 * const history = await dl.train.fit(model, data, { epochs: 5 });
 * history.last().loss
 */
export class History {
  readonly rows: HistoryRow[] = [];
  readonly records: LayerRecord[] = [];
  /**
   * "finished", or why it stopped early: "aborted" (signal), "stopped" (onStep returned false), "interrupted"
   * (the kernel's interrupt; the history is then in `dl.train.lastHistory()`) or "failed" (an error).
   */
  status: "finished" | "aborted" | "stopped" | "interrupted" | "failed" = "finished";
  /** How the steps ran: "tfjs" (tf ops) or "fused" (the WebAssembly MLP step); see `fit`'s `fused` option. */
  engine: "tfjs" | "fused" = "tfjs";
  /** Why the fused engine did not run, when it did not (e.g. "layer 2 (dropout_Dropout1) has no fused kernel"). */
  engineReason?: string;
  /** The loss trained, and why `fit` chose it when it was not given (e.g. { name: "bce", reason: "one output and labels 0/1" }). */
  loss: { name: string; reason?: string } = { name: "custom" };

  /** One line on how this run trained: the loss (and why) and the engine (and why not the fused one). */
  describe(): string {
    const loss = `loss ${this.loss.name}${this.loss.reason ? ` (default for ${this.loss.reason})` : ""}`;
    const engine =
      this.engine === "fused"
        ? "fused WebAssembly engine"
        : `tf ops engine${this.engineReason ? ` (not fused: ${this.engineReason})` : ""}`;
    return `${loss}; ${engine}`;
  }

  /** The last logged row. */
  last(): HistoryRow {
    const row = this.rows[this.rows.length - 1];
    if (!row) throw new Error("History.last: no step has been logged yet");
    return row;
  }

  /** All rows as an arquero table. */
  table(): ColumnTable {
    return aq.from(this.rows);
  }

  /** The per-layer records (of one kind, if given) as an arquero table without the histograms. */
  recordTable(kind?: LayerRecord["kind"]): ColumnTable {
    return aq.from(this.records.filter((r) => !kind || r.kind === kind).map(({ histogram: _, ...rest }) => rest));
  }

  [DISPLAY](): MimeBundle {
    const n = this.rows.length;
    const count = n ? `training history: ${n} logged steps, ${this.status}` : `training history: empty (${this.status})`;
    const head = `${count}; ${this.describe()}`;
    if (!n) return { "text/plain": head };
    const tail = aq.from(this.rows.slice(-10));
    const bundle = tableBundle(tail, { limit: 10 });
    return {
      "text/plain": `${head}${n > 10 ? " (last 10 shown)" : ""}\n${bundle["text/plain"] as string}`,
      "text/html": `<div><b>${escapeHtml(count)}</b>; ${escapeHtml(this.describe())}${n > 10 ? " (last 10 shown)" : ""}</div>${bundle["text/html"] as string}`,
    };
  }
}
