import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { KernelClient } from "../book/kernel-client.js";
import { readNotebook, type Notebook } from "../book/notebook.js";
import { releaseNotebook } from "./release.js";
import { runCells } from "./run-cells.js";
import { readAssignment } from "./source-notebook.js";
import { SourceError } from "./source-error.js";

/** Options of {@link assignNotebooks}. */
export interface AssignOptions {
  /** Where the student versions go (`<out>/<name>.ipynb`). */
  out: string;
  /** Run each source in a fresh kernel and require every test cell to pass (default true). */
  run?: boolean;
  /** Time limit per cell when running the source (ms, default 300 000). */
  cellTimeoutMs?: number;
  /** Told about each step (default: nothing). */
  log?: (line: string) => void;
}

/**
 * nbgrader's generate_assignment for TypeScript: checks each source notebook (metadata, markers, unique grade_ids),
 * makes its student version (type-checked as the kernel would), runs the source with its solutions in a fresh
 * kernel and requires every test cell, hidden tests included, to pass; only then writes `<out>/<name>.ipynb`.
 * Throws a {@link SourceError} (or an Error naming the notebook and cell) for the first problem.
 *
 * @example
 * await assignNotebooks(["assignments/depth-and-pieces/source/depth-and-pieces.ipynb"], { out: "assignments/depth-and-pieces/release" });
 */
export async function assignNotebooks(sources: readonly string[], options: AssignOptions): Promise<Notebook[]> {
  const { out, run = true, cellTimeoutMs = 300_000, log = () => undefined } = options;
  if (sources.length === 0) throw new Error("assign: give at least one SOURCE notebook");
  const written: Notebook[] = [];
  for (const file of sources) {
    const name = basename(file, ".ipynb");
    const where = (error: unknown) => new Error(`${file}: ${(error as Error).message}`);
    let student: Notebook;
    let assignment;
    try {
      assignment = readAssignment(readNotebook(file), name);
      student = releaseNotebook(assignment);
    } catch (error) {
      throw error instanceof SourceError ? where(error) : error;
    }
    log(`${name}: student version type-checks; ${assignment.autoPoints} autograded points, ${assignment.manualPoints} graded by hand`);
    if (run) {
      const code = assignment.cells.filter((c) => c.cell.cell_type === "code");
      const started = Date.now();
      const runs = await runCells(
        code.map((c) => c.cell.source),
        { startKernel: () => KernelClient.start({ cwd: dirname(resolve(file)) }), cellTimeoutMs, wallMs: code.length * cellTimeoutMs },
      );
      const failed = code.map((c, k) => ({ c, run: runs[k]! })).filter(({ run }) => run.status !== "ok");
      if (failed.length > 0) {
        const lines = failed.map(
          ({ c, run }) => `cell ${c.number}${c.nbgrader?.grade_id ? ` (${c.nbgrader.grade_id})` : ""}: ${run.status}: ${run.message}`,
        );
        throw new Error(`${file}: with the solutions in place, ${failed.length} cell(s) failed:\n  ${lines.join("\n  ")}`);
      }
      log(`${name}: the source runs with every test passing (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${name}.ipynb`), JSON.stringify(student, null, 1) + "\n");
    log(`${name}: wrote ${join(out, `${name}.ipynb`)}`);
    written.push(student);
  }
  return written;
}
