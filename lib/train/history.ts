import type { ColumnTable } from "arquero";
import { aq } from "../aq.js";
import { DISPLAY, type MimeBundle } from "../display/protocol.js";
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
    const head = n ? `training history: ${n} logged steps, ${this.status}` : `training history: empty (${this.status})`;
    if (!n) return { "text/plain": head };
    const tail = aq.from(this.rows.slice(-10));
    const bundle = tableBundle(tail, { limit: 10 });
    return {
      "text/plain": `${head}${n > 10 ? " (last 10 shown)" : ""}\n${bundle["text/plain"] as string}`,
      "text/html": `<div><b>${head}</b>${n > 10 ? " (last 10 shown)" : ""}</div>${bundle["text/html"] as string}`,
    };
  }
}
