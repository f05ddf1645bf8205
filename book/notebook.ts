import { readFileSync } from "node:fs";

/** A MIME bundle as nbformat stores it: text types may be a string or a list of lines. */
export type OutputData = Record<string, unknown>;

/** One output of a code cell (nbformat 4). */
export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: OutputData; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; execution_count: number | null; data: OutputData; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A notebook cell (nbformat 4); `source` is joined to one string when read. */
export type Cell =
  | { cell_type: "markdown" | "raw"; id?: string; metadata: Record<string, unknown>; source: string; attachments?: unknown }
  | {
      cell_type: "code";
      id?: string;
      metadata: Record<string, unknown>;
      source: string;
      execution_count: number | null;
      outputs: Output[];
    };

/** A notebook document (nbformat 4). */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** nbformat allows multi-line strings as arrays of lines; this joins them. */
export function joinText(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}

/**
 * Parses a notebook's JSON text, checking it is nbformat 4 and joining every cell's source; the error names `name`.
 *
 * @example
 * const nb = parseNotebook(readFileSync("notebooks/00-welcome.ipynb", "utf8"), "00-welcome.ipynb");
 * nb.cells[0].source // "# Welcome to depthlab\n…"
 */
export function parseNotebook(text: string, name = "notebook"): Notebook {
  let raw: Partial<Notebook>;
  try {
    raw = JSON.parse(text) as Partial<Notebook>;
  } catch (error) {
    throw new Error(`${name}: not valid JSON: ${(error as Error).message}`);
  }
  if (raw.nbformat !== 4 || !Array.isArray(raw.cells)) {
    throw new Error(`${name}: must be an nbformat 4 notebook with a cells list, got nbformat ${JSON.stringify(raw.nbformat)}`);
  }
  const cells = raw.cells.map((c) => {
    const source = joinText(c.source);
    return c.cell_type === "code"
      ? { ...c, source, execution_count: c.execution_count ?? null, outputs: c.outputs ?? [] }
      : { ...c, source, metadata: c.metadata ?? {} };
  }) as Cell[];
  return { nbformat: 4, nbformat_minor: raw.nbformat_minor ?? 5, metadata: raw.metadata ?? {}, cells };
}

/** Reads and parses a notebook file. */
export function readNotebook(file: string): Notebook {
  return parseNotebook(readFileSync(file, "utf8"), file);
}
