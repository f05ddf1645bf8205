import type { Cell, Notebook } from "../book/notebook.js";
import { findRegions } from "./markers.js";
import { checkGradeIds, readNbgrader, type NbgraderCell } from "./nbgrader-metadata.js";
import { SourceError } from "./source-error.js";

/** What a cell is to the grader, from its nbgrader flags. */
export type CellRole =
  /** An autograded code cell: scores its points when it runs without error. */
  | "test"
  /** An answer graded by hand (a markdown or code cell with both `solution` and `grade`, or a `task`). */
  | "manual"
  /** An answer: its solution regions become stubs; the student's version is what runs. */
  | "answer"
  /** A cell students must not change (instructions, set-up code): grading puts the original back. */
  | "locked"
  /** An ordinary cell. */
  | "plain";

/** One cell of an assignment with its nbgrader metadata and role. */
export interface AssignmentCell {
  /** 1-based position in the notebook. */
  number: number;
  cell: Cell;
  nbgrader: NbgraderCell | null;
  role: CellRole;
}

/** A checked notebook of an assignment: every cell's role, and the points at stake. */
export interface Assignment {
  /** The notebook's file name without `.ipynb`. */
  name: string;
  notebook: Notebook;
  cells: AssignmentCell[];
  /** Points of the autograded test cells. */
  autoPoints: number;
  /** Points of the cells graded by hand. */
  manualPoints: number;
}

/**
 * A cell's role from its nbgrader flags: `grade` without `solution` on code is a test; `grade` with `solution`,
 * or `task`, is graded by hand; `solution` alone is an answer; `locked` alone is locked.
 *
 * @example
 * roleOf({ grade: true, solution: false, locked: true, task: false, grade_id: "t", points: 1, schema_version: 3 }, "code") // "test"
 */
export function roleOf(nb: NbgraderCell | null, cellType: Cell["cell_type"]): CellRole {
  if (!nb) return "plain";
  if (nb.task || (nb.grade && nb.solution)) return "manual";
  if (nb.grade) return cellType === "code" ? "test" : "manual";
  if (nb.solution) return "answer";
  return nb.locked ? "locked" : "plain";
}

/**
 * Reads an assignment notebook's nbgrader metadata and markers and checks them: schema 3, unique grade_ids,
 * balanced solution and hidden-test markers, hidden tests only in test cells, solution regions only in answer
 * cells. Throws a {@link SourceError} naming the cell (and line) of the first problem.
 *
 * @example
 * const a = readAssignment(readNotebook("assignments/depth-and-pieces/source/depth-and-pieces.ipynb"), "depth-and-pieces");
 * a.autoPoints // the points of its test cells
 */
export function readAssignment(notebook: Notebook, name: string): Assignment {
  const cells = notebook.cells.map((cell, i): AssignmentCell => {
    const number = i + 1;
    const nbgrader = readNbgrader(cell.metadata, number);
    const role = roleOf(nbgrader, cell.cell_type);
    if (cell.cell_type === "code" || cell.cell_type === "markdown") {
      const regions = findRegions(cell.source, cell.cell_type, number);
      for (const r of regions) {
        if (r.kind === "hidden tests" && role !== "test")
          throw new SourceError(number, r.begin + 1, "hidden tests belong in a test cell (nbgrader grade: true, solution: false)");
        if (r.kind === "solution" && role !== "answer" && role !== "manual")
          throw new SourceError(number, r.begin + 1, "a solution region belongs in an answer cell (nbgrader solution: true)");
      }
    }
    if (role === "test" && nbgrader!.points === undefined) throw new SourceError(number, null, "a test cell needs points");
    return { number, cell, nbgrader, role };
  });
  checkGradeIds(cells.filter((c) => c.nbgrader).map((c) => ({ cell: c.number, grade_id: c.nbgrader!.grade_id })));
  const sum = (role: CellRole) => cells.filter((c) => c.role === role).reduce((s, c) => s + (c.nbgrader?.points ?? 0), 0);
  if (!cells.some((c) => c.role === "test" || c.role === "manual"))
    throw new SourceError(1, null, `${name} has no graded cell: mark test cells with nbgrader grade: true and points`);
  return { name, notebook, cells, autoPoints: sum("test"), manualPoints: sum("manual") };
}
