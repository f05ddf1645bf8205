import type { Notebook } from "../book/notebook.js";
import { findRegions } from "./markers.js";
import type { Assignment } from "./source-notebook.js";

/**
 * What a student who answers exactly as the solutions do hands in: the student version with every answer cell
 * (code and markdown) holding the source's text, solution markers removed. Tests and benchmarks grade it; it must
 * score full marks.
 *
 * @example
 * const perfect = solvedSubmission(assignment, releaseNotebook(assignment));
 */
export function solvedSubmission(assignment: Assignment, released: Notebook): Notebook {
  const cells = released.cells.map((cell, i) => {
    const source = assignment.cells[i]!;
    if (source.role !== "answer" && source.role !== "manual") return cell;
    if (source.cell.cell_type !== "code" && source.cell.cell_type !== "markdown") return cell;
    const markers = new Set(findRegions(source.cell.source, source.cell.cell_type, source.number).flatMap((r) => [r.begin, r.end]));
    const text = source.cell.source
      .split("\n")
      .filter((_, k) => !markers.has(k))
      .join("\n");
    return { ...cell, source: text };
  });
  return { ...released, cells };
}
