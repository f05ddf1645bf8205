import type { ColumnTable } from "arquero";
import { escapeHtml } from "./html-escape.js";
import type { MimeBundle } from "./protocol.js";
import { checkKeys, type KnownKeys } from "../options/check.js";

/** Options of {@link tableBundle}. */
export interface TableViewOptions {
  /** Rows shown before the rest is summarised (default 20). */
  limit?: number;
}

const KEYS: KnownKeys<TableViewOptions> = { limit: true };

/** True for arquero tables (duck-typed, so a second copy of arquero is recognised too). */
export function isArqueroTable(value: unknown): value is ColumnTable {
  const t = value as Partial<ColumnTable> | null;
  return (
    typeof t === "object" &&
    t !== null &&
    typeof t.numRows === "function" &&
    typeof t.columnNames === "function" &&
    typeof t.toHTML === "function"
  );
}

/**
 * The MIME bundle of an arquero table: aligned text and an HTML table, each with the row and column count.
 *
 * @example
 * tableBundle(aq.table({ x: [1, 2], y: ["a", "b"] }))["text/plain"] // "x  y\n1  a\n2  b\n2 rows × 2 columns"
 */
export function tableBundle(table: ColumnTable, options: TableViewOptions = {}): MimeBundle {
  const { limit = 20 } = checkKeys("tableBundle", options, KEYS);
  const names = table.columnNames();
  const rows = table.numRows();
  const shown = Math.min(rows, limit);
  const footer = `${rows} row${rows === 1 ? "" : "s"} × ${names.length} column${names.length === 1 ? "" : "s"}`;
  const cells = names.map((name) => {
    const col = table.array(name);
    return [name, ...Array.from({ length: shown }, (_, i) => cellText(col[i]))];
  });
  const widths = cells.map((c) => Math.max(...c.map((s) => s.length)));
  const lines = Array.from({ length: shown + 1 }, (_, r) =>
    cells
      .map((c, j) => (c[r] ?? "").padEnd(widths[j] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  if (rows > shown) lines.push(`… ${rows - shown} more row${rows - shown === 1 ? "" : "s"}`);
  lines.push(footer);
  const html = `${table.toHTML({ limit: shown })}<div style="font-size:smaller;color:#555">${escapeHtml(
    rows > shown ? `${footer} (first ${shown} shown)` : footer,
  )}</div>`;
  return { "text/plain": lines.join("\n"), "text/html": html };
}

function cellText(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (v instanceof Date) return v.toISOString();
  if (v === null || v === undefined) return String(v);
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
