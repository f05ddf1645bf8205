import { SourceError } from "./source-error.js";

/** A cell's `metadata.nbgrader`, nbgrader's schema version 3. */
export interface NbgraderCell {
  /** An autograded test cell (code) or a manually graded answer (markdown with `solution`). */
  grade: boolean;
  /** Holds a solution: its solution regions become stubs in the student version. */
  solution: boolean;
  /** Students must not change it: its checksum is recorded, and grading puts it back. */
  locked: boolean;
  /** A manually graded task (markdown). */
  task: boolean;
  /** Unique in the notebook; required for grade, solution and task cells. */
  grade_id: string;
  /** Required for grade and task cells; at least 0. */
  points?: number;
  schema_version: 3;
}

/** The flags nbgrader's schema defines; every one is a boolean. */
const FLAGS = ["grade", "solution", "locked", "task"] as const;

/**
 * A cell's nbgrader metadata, checked against schema version 3, or null when the cell has none (an ordinary cell).
 * `cell` (1-based) names it in errors.
 *
 * @example
 * readNbgrader({ nbgrader: { grade: true, solution: false, locked: true, grade_id: "t1", points: 2, schema_version: 3 } }, 4)
 * // { grade: true, solution: false, locked: true, task: false, grade_id: "t1", points: 2, schema_version: 3 }
 */
export function readNbgrader(metadata: Record<string, unknown> | undefined, cell: number): NbgraderCell | null {
  const raw = metadata?.["nbgrader"];
  if (raw === undefined) return null;
  const fail = (reason: string): never => {
    throw new SourceError(cell, null, `metadata.nbgrader ${reason}`);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("must be an object");
  const m = raw as Record<string, unknown>;
  if (m["schema_version"] !== 3) fail(`schema_version must be 3 (nbgrader's current schema), got ${JSON.stringify(m["schema_version"])}`);
  for (const flag of FLAGS)
    if (m[flag] !== undefined && typeof m[flag] !== "boolean") fail(`${flag} must be true or false, got ${JSON.stringify(m[flag])}`);
  const [grade, solution, locked, task] = FLAGS.map((f) => m[f] === true) as [boolean, boolean, boolean, boolean];
  if (task && (grade || solution)) fail("task cannot be combined with grade or solution (a task is graded by hand on its own)");
  const id = m["grade_id"];
  const needsId = grade || solution || task || locked;
  if (needsId && (typeof id !== "string" || !/^[A-Za-z0-9_-]+$/.test(id)))
    fail(`grade_id must be a name of letters, digits, "_" and "-" (it keys the grades), got ${JSON.stringify(id)}`);
  const points = m["points"];
  if (grade || task) {
    if (typeof points !== "number" || !Number.isFinite(points) || points < 0)
      fail(`points must be a number >= 0 for a ${task ? "task" : "graded"} cell, got ${JSON.stringify(points)}`);
  }
  return {
    grade,
    solution,
    locked,
    task,
    grade_id: typeof id === "string" ? id : "",
    ...(grade || task ? { points: points as number } : {}),
    schema_version: 3,
  };
}

/**
 * Checks that no two cells share a grade_id, naming the second one and where the first was.
 *
 * @example
 * checkGradeIds([{ cell: 2, grade_id: "q1" }, { cell: 5, grade_id: "q1" }])
 * // throws SourceError "cell 5: grade_id "q1" is already used by cell 2"
 */
export function checkGradeIds(cells: readonly { cell: number; grade_id: string }[]): void {
  const seen = new Map<string, number>();
  for (const { cell, grade_id } of cells) {
    if (grade_id === "") continue;
    const first = seen.get(grade_id);
    if (first !== undefined) throw new SourceError(cell, null, `grade_id "${grade_id}" is already used by cell ${first}`);
    seen.set(grade_id, cell);
  }
}
