import type { ColumnTable } from "arquero";
import { aq } from "../aq.js";
import { DISPLAY, type MimeBundle } from "../display/protocol.js";
import { isArqueroTable, tableBundle } from "../display/table-display.js";
import { checkInteger, checkKeys, fail, show, type KnownKeys } from "../options/check.js";
import { Figure } from "./figure.js";

// A table is text, not a chart: it displays as the aligned text and HTML table every front end shows
// (tableBundle), rather than as a vega-lite text mark, which would be slower to read and not copyable.

/** Options of {@link table}. */
export interface TableOptions {
  /** Rows shown; the rest are counted below the table (default 20). */
  limit?: number;
  /** Columns shown, in this order (default all). */
  columns?: readonly string[];
}

const KEYS: KnownKeys<TableOptions> = { limit: true, columns: true };

/**
 * What {@link table} resolves to: a {@link Figure} of engine "table" that holds the (selected) arquero table and
 * displays it as aligned text and an HTML table. Its `spec` is that arquero table. It saves as .html (the table)
 * or .json (its rows as objects); it has no SVG or PNG form.
 *
 * @example
 * const t = await dl.plot.table(history.table(), { limit: 5 });
 * t.table.numRows()
 * await t.save("history.html");
 */
export class TableFigure extends Figure {
  constructor(
    readonly table: ColumnTable,
    private readonly limit: number,
  ) {
    super("table", table, { kind: "table", series: table.numCols(), points: table.numRows() });
  }

  /** The first `limit` rows as aligned text, with the row and column count. */
  override toString(): string {
    return this.bundle()["text/plain"] as string;
  }

  override [DISPLAY](): MimeBundle {
    return this.bundle();
  }

  /** A table has no SVG (nor PNG) form: this rejects, saying what to save it as. */
  override toSVG(): Promise<string> {
    return Promise.reject(new Error("table: a table has no SVG or PNG form; save it as .html or .json"));
  }

  /** A standalone HTML page with the first `limit` rows as an HTML table, and the row and column count. */
  override async toHTML(): Promise<string> {
    const body = this.bundle()["text/html"] as string;
    return `<!doctype html>\n<html><head><meta charset="utf-8"><title>table</title></head><body>\n${body}\n</body></html>\n`;
  }

  protected override toJSONText(): string {
    return JSON.stringify(this.table.objects(), null, 2);
  }

  private bundle(): MimeBundle {
    return tableBundle(this.table, { limit: this.limit });
  }
}

/**
 * A table to display: an arquero table (or row objects), cut at `limit` rows, with chosen columns.
 *
 * @example
 * await dl.plot.table(history.table(), { limit: 5, columns: ["step", "loss"] })
 * await dl.plot.table([{ depth: 1, pieces: 2 }, { depth: 2, pieces: 4 }])
 */
export async function table(data: ColumnTable | readonly Record<string, unknown>[], options: TableOptions = {}): Promise<TableFigure> {
  const { limit = 20, columns } = checkKeys("table", options, KEYS);
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
  return new TableFigure(columns ? t.select(...columns) : t, limit);
}
