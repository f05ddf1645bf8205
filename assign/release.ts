import type { Cell, Notebook } from "../book/notebook.js";
import { cellChecksum } from "./checksum.js";
import { findRegions, withoutHiddenTests } from "./markers.js";
import type { Assignment } from "./source-notebook.js";
import { SourceError } from "./source-error.js";
import { stubSolutions } from "./stub.js";
import { cellDeclarations, typeCheckCells } from "./type-check.js";

/** What replaces a markdown solution region, as in nbgrader. */
export const MARKDOWN_STUB = "YOUR ANSWER HERE";

/** A markdown cell's source with each `<!-- BEGIN SOLUTION -->` … `<!-- END SOLUTION -->` region replaced by the stub. */
function stubMarkdown(source: string, cell: number): string {
  const lines = source.split("\n");
  const regions = findRegions(source, "markdown", cell);
  for (const r of [...regions].reverse()) lines.splice(r.begin, r.end - r.begin + 1, MARKDOWN_STUB);
  return lines.join("\n");
}

/**
 * The student version of an assignment notebook (nbgrader's generate_assignment): solution regions become stubs
 * that keep their declared types (code) or "YOUR ANSWER HERE" (markdown), hidden tests go, outputs are cleared, and
 * every graded, answer and locked cell records nbgrader's checksum. Then the whole student version is type-checked
 * as the kernel would check it, cell after cell; a stub or visible test that does not type-check is refused with a
 * {@link SourceError} naming the cell and line.
 *
 * @example
 * const student = releaseNotebook(readAssignment(readNotebook(file), "depth-and-pieces"));
 */
export function releaseNotebook(assignment: Assignment, options: { typeCheck?: boolean } = {}): Notebook {
  const { typeCheck = true } = options;
  // null for markdown: the type checker then numbers cells as the notebook does
  const declarations = cellDeclarations(assignment.cells.map((c) => (c.cell.cell_type === "code" ? c.cell.source : null)));
  const cells = assignment.cells.map(({ cell, number, nbgrader, role }): Cell => {
    let source = cell.source;
    if (cell.cell_type === "code") {
      if (role === "answer" || role === "manual") source = stubSolutions(source, number, declarations[number - 1] ?? undefined);
      if (role === "test") source = withoutHiddenTests(source, number);
    } else if (cell.cell_type === "markdown" && (role === "answer" || role === "manual")) source = stubMarkdown(source, number);
    const metadata = { ...cell.metadata };
    if (nbgrader && role !== "plain")
      metadata["nbgrader"] = { ...nbgrader, checksum: cellChecksum({ cell_type: cell.cell_type, source }, nbgrader) };
    const base = { ...(cell.id === undefined ? {} : { id: cell.id }), metadata, source };
    return cell.cell_type === "code"
      ? { cell_type: "code", ...base, execution_count: null, outputs: [] }
      : { cell_type: cell.cell_type, ...base };
  });
  const student: Notebook = { ...assignment.notebook, cells };
  if (!typeCheck) return student;
  const problem = typeCheckCells(cells.map((c) => (c.cell_type === "code" ? c.source : null)));
  if (problem) throw new SourceError(problem.cell, problem.line, `the student version does not type-check: ${problem.message}`);
  return student;
}
