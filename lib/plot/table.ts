import type { ColumnTable } from "arquero";
import { aq } from "../aq.js";
import { DISPLAY, type MimeBundle } from "../display/protocol.js";
import { isArqueroTable, tableBundle } from "../display/table-display.js";
import { checkInteger, fail, show } from "../options/check.js";

// A table is text, not a chart: it displays as the aligned text and HTML table every front end shows
// (tableBundle), rather than as a vega-lite text mark, which would be slower to read and not copyable.

/** Options of {@link table}. */
export interface TableOptions {
  /** Rows shown; the rest are counted below the table (default 20). */
  limit?: number;
  /** Columns shown, in this order (default all). */
  columns?: readonly string[];
}

/** What {@link table} returns: the (selected) arquero table, displayed as text and HTML. */
export interface TableFigure {
  readonly kind: "table";
  readonly table: ColumnTable;
  /** The first `limit` rows as an HTML table with the row and column count. */
  toHTML(): string;
  /** The same as aligned text. */
  toString(): string;
  [DISPLAY](): MimeBundle;
}

/**
 * A table to display: an arquero table (or row objects), cut at `limit` rows, with chosen columns.
 *
 * @example
 * dl.plot.table(history.table(), { limit: 5, columns: ["step", "loss"] })
 * dl.plot.table([{ depth: 1, pieces: 2 }, { depth: 2, pieces: 4 }])
 */
export function table(data: ColumnTable | readonly Record<string, unknown>[], options: TableOptions = {}): TableFigure {
  const { limit = 20, columns } = options;
  checkInteger("table", "limit", limit, 1);
  const t = isArqueroTable(data)
    ? data
    : Array.isArray(data) && data.every((r) => typeof r === "object" && r !== null)
      ? aq.from(data)
      : fail("table", "data", "an arquero table or an array of row objects", data);
  const names = t.columnNames();
  if (columns !== undefined) {
    if (!Array.isArray(columns) || columns.length === 0) fail("table", "columns", "a non-empty list of column names", columns);
    for (const c of columns)
      if (!names.includes(c)) fail("table", "columns", `column names of the table (${names.map(show).join(", ")})`, c);
  }
  const shown = columns ? t.select(...columns) : t;
  const bundle = () => tableBundle(shown, { limit });
  return {
    kind: "table",
    table: shown,
    toHTML: () => bundle()["text/html"] as string,
    toString: () => bundle()["text/plain"] as string,
    [DISPLAY]: bundle,
  };
}
