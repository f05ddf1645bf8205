import type { Output } from "../book/notebook.js";
import { joinText } from "../book/notebook.js";
import type { CellRun } from "./run-cells.js";

/** A graded cell's status in grades.json: nbgrader's outcomes plus the two ways a run can be cut short. */
export type GradeStatus = "passed" | "failed" | "timeout" | "crashed";

/** The score of one autograded cell. */
export interface CellScore {
  points: number;
  status: GradeStatus;
  /** What the student reads: the failed check's message, the error, or why the run stopped; "" when passed. */
  message: string;
}

/**
 * The number a cell's result stands for, when it is one: nbgrader's partial-credit rule reads the execute_result's
 * text/plain as a number. null when the cell showed no result or a result that is not a plain number.
 *
 * @example
 * resultNumber([{ output_type: "execute_result", execution_count: 3, data: { "text/plain": "1.5" }, metadata: {} }]) // 1.5
 */
export function resultNumber(outputs: readonly Output[]): number | null {
  const result = outputs.find((o) => o.output_type === "execute_result");
  if (!result || result.output_type !== "execute_result") return null;
  const text = joinText(result.data["text/plain"]).trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  return Number(text);
}

/**
 * Scores an autograded test cell from its run, nbgrader's way: full points when it ran without error, none when it
 * failed; a cell whose value is a number between 0 and its points scores that number (partial credit). A number
 * outside that range is ignored (full points), as a test that returns a count by accident should not lose marks.
 *
 * @example
 * scoreRun({ status: "ok", outputs: [], executionCount: 4, message: "" }, 2) // { points: 2, status: "passed", message: "" }
 */
export function scoreRun(run: CellRun, maxPoints: number): CellScore {
  if (run.status === "timeout" || run.status === "crashed") return { points: 0, status: run.status, message: run.message };
  if (run.status === "error") return { points: 0, status: "failed", message: run.message };
  const value = resultNumber(run.outputs);
  if (value !== null && value >= 0 && value <= maxPoints) {
    const points = Math.round(value * 1e6) / 1e6;
    return { points, status: "passed", message: points < maxPoints ? `partial credit: ${points} of ${maxPoints}` : "" };
  }
  return { points: maxPoints, status: "passed", message: "" };
}
