import { createHash } from "node:crypto";
import type { Cell } from "../book/notebook.js";
import type { NbgraderCell } from "./nbgrader-metadata.js";

/** Python's `str(float(x))` for the numbers points take: `2` → "2.0", `0.5` → "0.5". */
function pythonFloat(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/**
 * nbgrader's checksum of a graded or locked cell (`nbgrader.utils.compute_checksum`): the MD5 of its source, type,
 * flags, grade_id and, for a graded cell, points. The student version records it in `metadata.nbgrader.checksum`
 * as nbgrader does; grading compares submitted cells with the released ones it recomputes, never with the
 * checksum a submission carries (a student can edit that too).
 *
 * @example
 * cellChecksum({ cell_type: "code", source: "dl.check(f(1) === 2, \"f doubles\");", metadata: {}, execution_count: null, outputs: [] },
 *   { grade: true, solution: false, locked: true, task: false, grade_id: "t1", points: 1, schema_version: 3 }) // 32 hex digits
 */
export function cellChecksum(cell: Pick<Cell, "cell_type" | "source">, nb: NbgraderCell): string {
  const m = createHash("md5");
  m.update(cell.source, "utf8");
  m.update(cell.cell_type, "utf8");
  const py = (b: boolean) => (b ? "True" : "False");
  m.update(py(nb.grade));
  m.update(py(nb.solution));
  m.update(py(nb.locked));
  m.update(nb.grade_id, "utf8");
  if (nb.grade) m.update(pythonFloat(nb.points ?? 0));
  return m.digest("hex");
}
