import type { Cell, Notebook } from "../book/notebook.js";
import { withoutHiddenTests } from "./markers.js";
import { readNbgrader } from "./nbgrader-metadata.js";
import type { Assignment } from "./source-notebook.js";

/** A cell of the notebook that grading runs, and where it came from. */
export interface GradedCell {
  cell: Cell;
  /** The source's cell (1-based) when the grader put the original back or kept its role; null for a student's own cell. */
  sourceNumber: number | null;
}

/** The notebook to grade: the student's answers with the instructor's tests and locked cells, and what was tampered with. */
export interface Assembled {
  cells: GradedCell[];
  /** One line per tampered cell, starting with its grade_id: `"t-pieces: test cell changed"`. */
  flags: string[];
}

const normalise = (s: string) => s.replace(/\r\n/g, "\n").trimEnd();

/**
 * Builds the notebook to grade from a submission. Answer cells (and the student's own extra cells) keep the
 * student's text; every test cell and locked cell is the source's original, hidden tests included, found by
 * grade_id whatever the student did: a cell changed from its released text, deleted, or stripped of its metadata
 * is graded with the original and flagged. A deleted cell goes back after the nearest graded cell before it that
 * is still there (or first). A student's cell claiming a grade_id the source does not have, or one already used,
 * runs as a plain cell and is flagged.
 *
 * @example
 * const { cells, flags } = assembleSubmission(assignment, submitted);
 * flags // ["t-pieces: test cell deleted"]
 */
export function assembleSubmission(assignment: Assignment, submitted: Notebook): Assembled {
  const flags: string[] = [];
  // What students were given in each test and locked cell: the source's text, hidden tests taken out.
  const releasedById = new Map<string, string>();
  for (const c of assignment.cells)
    if (c.nbgrader?.grade_id)
      releasedById.set(c.nbgrader.grade_id, c.role === "test" ? withoutHiddenTests(c.cell.source, c.number) : c.cell.source);
  const sourceById = new Map(assignment.cells.filter((c) => c.nbgrader?.grade_id).map((c) => [c.nbgrader!.grade_id, c]));
  const restored = (id: string) => sourceById.get(id)!.role === "test" || sourceById.get(id)!.nbgrader!.locked;

  const out: GradedCell[] = [];
  const seen = new Set<string>();
  const placed = new Map<string, number>();
  for (const cell of submitted.cells) {
    let id = "";
    try {
      id = readNbgrader(cell.metadata, 0)?.grade_id ?? "";
    } catch {
      id = ""; // metadata the student broke: a plain cell
    }
    const source = id ? sourceById.get(id) : undefined;
    if (id && (!source || seen.has(id))) {
      flags.push(`${id}: ${source ? "a second cell with this grade_id" : "a grade_id the assignment does not have"}, run as a plain cell`);
      out.push({ cell: plain(cell), sourceNumber: null });
      continue;
    }
    if (!source) {
      out.push({ cell: plain(cell), sourceNumber: null });
      continue;
    }
    seen.add(id);
    placed.set(id, out.length);
    if (restored(id)) {
      if (cell.cell_type !== source.cell.cell_type || normalise(cell.source) !== normalise(releasedById.get(id)!))
        flags.push(`${id}: ${source.role === "test" ? "test" : "locked"} cell changed; graded with the original`);
      out.push({ cell: { ...clone(source.cell) }, sourceNumber: source.number });
    } else
      out.push({
        cell: { ...cell, metadata: { ...cell.metadata, nbgrader: source.cell.metadata["nbgrader"] } },
        sourceNumber: source.number,
      });
  }
  // Put back what is missing, after the nearest earlier graded cell that is there.
  for (const [k, source] of assignment.cells.entries()) {
    const id = source.nbgrader?.grade_id;
    if (!id || seen.has(id)) continue;
    if (!restored(id) && source.role !== "answer" && source.role !== "manual") continue;
    let at = 0;
    for (let j = k - 1; j >= 0; j--) {
      const before = assignment.cells[j]!.nbgrader?.grade_id;
      if (before && placed.has(before)) {
        at = placed.get(before)! + 1;
        break;
      }
    }
    const cell = restored(id) ? clone(source.cell) : deletedAnswer(source.cell);
    out.splice(at, 0, { cell, sourceNumber: source.number });
    for (const [other, pos] of placed) if (pos >= at) placed.set(other, pos + 1);
    placed.set(id, at);
    seen.add(id);
    flags.push(
      `${id}: ${source.role === "test" ? "test" : source.role === "answer" || source.role === "manual" ? "answer" : "locked"} cell deleted; ${restored(id) ? "graded with the original" : "it was left empty"}`,
    );
  }
  return { cells: out, flags };
}

/** What stands for an answer cell the student deleted: it fails when run, saying so. */
function deletedAnswer(cell: Cell): Cell {
  const metadata = JSON.parse(JSON.stringify(cell.metadata)) as Record<string, unknown>;
  return cell.cell_type === "code"
    ? {
        cell_type: "code",
        metadata,
        source: 'throw new Error("this answer cell was deleted from the submission");',
        execution_count: null,
        outputs: [],
      }
    : { cell_type: cell.cell_type, metadata, source: "(this answer was deleted from the submission)" };
}

function clone(cell: Cell): Cell {
  return JSON.parse(JSON.stringify(cell)) as Cell;
}

/** A student's cell without nbgrader metadata, so nothing about it counts. */
function plain(cell: Cell): Cell {
  const { nbgrader: _dropped, ...metadata } = cell.metadata as Record<string, unknown>;
  return { ...cell, metadata };
}
