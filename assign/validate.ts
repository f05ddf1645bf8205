import { dirname, resolve } from "node:path";
import { KernelClient } from "../book/kernel-client.js";
import { readNotebook } from "../book/notebook.js";
import { readNbgrader } from "./nbgrader-metadata.js";
import { runCells } from "./run-cells.js";
import { scoreRun, type CellScore } from "./score.js";
import { roleOf } from "./source-notebook.js";

/** One visible test cell's outcome in a student's run. */
export interface ValidatedCell extends CellScore {
  grade_id: string;
  maxPoints: number;
}

/** Options of {@link validateNotebook}. */
export interface ValidateOptions {
  /** Time limit per cell (ms, default 60 000). */
  cellTimeoutMs?: number;
  /** Time limit for the whole notebook (ms, default 30 minutes). */
  wallMs?: number;
}

/**
 * Runs a student's notebook top to bottom in a fresh kernel (in the notebook's folder) and scores each visible test
 * cell the way grading will: what a student checks before handing in. Hidden tests, added at grading, are not there.
 *
 * @example
 * const cells = await validateNotebook("release/depth-and-pieces.ipynb");
 * cells.filter((c) => c.status !== "passed") // what still fails, with each check's message
 */
export async function validateNotebook(file: string, options: ValidateOptions = {}): Promise<ValidatedCell[]> {
  const { cellTimeoutMs = 60_000, wallMs = 30 * 60_000 } = options;
  const notebook = readNotebook(file);
  const code = notebook.cells.map((cell, i) => ({ cell, number: i + 1 })).filter(({ cell }) => cell.cell_type === "code");
  const tests = code.map(({ cell, number }) => {
    let nb = null;
    try {
      nb = readNbgrader(cell.metadata, number);
    } catch {
      nb = null; // broken metadata: not a test cell here; grading puts the original back
    }
    return nb && roleOf(nb, cell.cell_type) === "test" ? nb : null;
  });
  if (!tests.some(Boolean))
    throw new Error(`validate: ${file} has no test cells (cells with nbgrader grade: true); is it an assignment notebook?`);
  const runs = await runCells(
    code.map(({ cell }) => cell.source),
    { startKernel: () => KernelClient.start({ cwd: dirname(resolve(file)) }), cellTimeoutMs, wallMs },
  );
  return tests.flatMap((nb, k) =>
    nb ? [{ grade_id: nb.grade_id, maxPoints: nb.points ?? 0, ...scoreRun(runs[k]!, nb.points ?? 0) }] : [],
  );
}

/**
 * The report `depthlab validate` prints: one line per visible test cell, then the total.
 *
 * @example
 * validationReport("hw1.ipynb", cells) // "hw1.ipynb\n  ✓ t-pieces (2 points)\n  ✗ t-depth (3 points): check failed: …\n1 of 2 visible tests passed: 2 of 5 points (hidden tests are added when it is graded)"
 */
export function validationReport(file: string, cells: readonly ValidatedCell[]): string {
  const pts = (n: number) => `${+n.toFixed(2)} point${n === 1 ? "" : "s"}`;
  const lines = cells.map((c) => {
    const ok = c.status === "passed";
    const partial = ok && c.points < c.maxPoints ? `, ${pts(c.points)} of ${pts(c.maxPoints)}` : "";
    return `  ${ok ? "✓" : "✗"} ${c.grade_id} (${pts(c.maxPoints)})${ok ? partial : `: ${c.status === "failed" ? "" : `${c.status}: `}${c.message}`}`;
  });
  const passed = cells.filter((c) => c.status === "passed").length;
  const got = cells.reduce((s, c) => s + c.points, 0);
  const max = cells.reduce((s, c) => s + c.maxPoints, 0);
  return [
    file,
    ...lines,
    `${passed} of ${cells.length} visible tests passed: ${+got.toFixed(2)} of ${pts(max)} (hidden tests are added when it is graded)`,
  ].join("\n");
}
