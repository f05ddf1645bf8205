import { cpSync, lstatSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { KernelClient, type KernelClientOptions } from "../book/kernel-client.js";
import { parseNotebook, type Cell, type Notebook } from "../book/notebook.js";
import { readFileSync } from "node:fs";
import { assembleSubmission } from "./assemble.js";
import type { FeedbackMark } from "./feedback.js";
import { watchMemory } from "./memory-watch.js";
import { runCells, type RunnableKernel } from "./run-cells.js";
import { scoreRun, type GradeStatus } from "./score.js";
import type { Assignment } from "./source-notebook.js";
import type { Submission } from "./submissions.js";

/** One autograded cell in grades.json. */
export interface CellResult {
  grade_id: string;
  points: number;
  max_points: number;
  status: GradeStatus;
  message: string;
}

/** One graded notebook of one student. */
export interface NotebookResult {
  student: string;
  notebook: string;
  score: number;
  max_score: number;
  cells: CellResult[];
  /** Cells graded by hand: their grade_id and points at stake. */
  manual: { grade_id: string; max_points: number }[];
  flags: string[];
  /** The executed notebook (test cells restored) for the feedback page; null when nothing ran. */
  executed: Notebook | null;
  /** Positions of `executed`'s cells that were scored, and of those graded by hand. */
  marks: Map<number, FeedbackMark>;
  manualAt: Map<number, { grade_id: string; maxPoints: number }>;
  elapsedMs: number;
}

/** How a submission's kernel is isolated: a private folder and the wrap that starts the kernel inside the sandbox. */
export interface GradingSandbox {
  /** One line for the report: what isolates submissions. */
  describe: string;
  /** Prepares the sandbox for one submission whose private folder is `workDir`. */
  open(workDir: string): { wrap: NonNullable<KernelClientOptions["wrap"]>; dispose(): void };
}

/** Limits of one submission's run. */
export interface GradeLimits {
  cellTimeoutMs: number;
  wallMs: number;
  memoryMb: number;
  /** How long a kernel may take to start (ms, default 60 000). */
  startTimeoutMs?: number;
}

/** Every autograded cell at 0 with the same status and message, for a submission that could not run. */
function nothingRan(assignment: Assignment, submission: Submission, status: GradeStatus, message: string, flags: string[]): NotebookResult {
  const tests = assignment.cells.filter((c) => c.role === "test");
  return {
    student: submission.student,
    notebook: submission.notebook,
    score: 0,
    max_score: assignment.autoPoints,
    cells: tests.map((c) => ({ grade_id: c.nbgrader!.grade_id, points: 0, max_points: c.nbgrader!.points!, status, message })),
    manual: assignment.cells
      .filter((c) => c.role === "manual")
      .map((c) => ({ grade_id: c.nbgrader!.grade_id, max_points: c.nbgrader!.points ?? 0 })),
    flags,
    executed: null,
    marks: new Map(),
    manualAt: new Map(),
    elapsedMs: 0,
  };
}

/**
 * Grades one student's notebook: puts the source's test and locked cells back into it (flagging what was changed),
 * copies the student's folder to a private work folder, runs every code cell in a fresh kernel inside the sandbox
 * under the limits (per-cell timeout, memory cap, wall clock), and scores each test cell. Never throws for
 * anything the submission does: a broken file, a kernel that dies or a cell that never ends is a result.
 *
 * @example
 * const result = await gradeNotebook(assignment, { student: "ada", notebook: "hw1", file: "submitted/ada/hw1.ipynb" }, sandbox, limits);
 * result.score // e.g. 12
 */
export async function gradeNotebook(
  assignment: Assignment,
  submission: Submission,
  sandbox: GradingSandbox,
  limits: GradeLimits,
): Promise<NotebookResult> {
  const started = Date.now();
  if (submission.file === null) return nothingRan(assignment, submission, "failed", "not submitted", []);
  let submitted: Notebook;
  try {
    submitted = parseNotebook(readFileSync(submission.file, "utf8"), `${submission.student}/${submission.notebook}.ipynb`);
  } catch (error) {
    return nothingRan(assignment, submission, "crashed", `the submission is not a notebook: ${(error as Error).message}`, []);
  }
  const { cells, flags } = assembleSubmission(assignment, submitted);

  const workDir = mkdtempSync(join(tmpdir(), "depthlab-grade-"));
  // The student's own folder (data files they read), without links, which could point anywhere.
  cpSync(dirname(submission.file), workDir, {
    recursive: true,
    filter: (src) => !lstatSync(src).isSymbolicLink() && !src.includes("/.ipynb_checkpoints"),
  });
  const box = sandbox.open(workDir);
  let killedFor: string | null = null;
  let stopWatch = () => undefined as void;
  const codeAt = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.cell.cell_type === "code");
  try {
    const runs = await runCells(
      codeAt.map(({ c }) => c.cell.source),
      {
        startKernel: async () => {
          killedFor = null;
          stopWatch();
          return (await KernelClient.start({
            cwd: workDir,
            wrap: box.wrap,
            startTimeoutMs: limits.startTimeoutMs ?? 60_000,
          })) as RunnableKernel;
        },
        onKernel: (kernel) => {
          const pid = (kernel as unknown as KernelClient).pid;
          if (pid === undefined) return;
          stopWatch = watchMemory(pid, limits.memoryMb, (rssMb) => {
            killedFor = `it used ${Math.round(rssMb)} MB, more than the ${limits.memoryMb} MB memory cap`;
            void kernel.kill();
          });
        },
        deathReason: () => killedFor,
        cellTimeoutMs: limits.cellTimeoutMs,
        wallMs: limits.wallMs,
      },
    );
    stopWatch();
    const executed: Cell[] = cells.map(({ cell }) => JSON.parse(JSON.stringify(cell)) as Cell);
    codeAt.forEach(({ i }, k) => {
      const cell = executed[i]!;
      if (cell.cell_type === "code") {
        cell.outputs = runs[k]!.outputs;
        cell.execution_count = runs[k]!.executionCount;
      }
    });
    const results: CellResult[] = [];
    const marks = new Map<number, FeedbackMark>();
    const manualAt = new Map<number, { grade_id: string; maxPoints: number }>();
    codeAt.forEach(({ c, i }, k) => {
      const source = c.sourceNumber === null ? undefined : assignment.cells[c.sourceNumber - 1];
      if (source?.role !== "test") return;
      const max = source.nbgrader!.points!;
      const score = scoreRun(runs[k]!, max);
      results.push({
        grade_id: source.nbgrader!.grade_id,
        points: score.points,
        max_points: max,
        status: score.status,
        message: score.message,
      });
      marks.set(i, { ...score, grade_id: source.nbgrader!.grade_id, maxPoints: max });
    });
    cells.forEach((c, i) => {
      const source = c.sourceNumber === null ? undefined : assignment.cells[c.sourceNumber - 1];
      if (source?.role === "manual") manualAt.set(i, { grade_id: source.nbgrader!.grade_id, maxPoints: source.nbgrader!.points ?? 0 });
    });
    // Order as in the source, whatever order the student left the cells in.
    const order = new Map(assignment.cells.filter((c) => c.role === "test").map((c, k) => [c.nbgrader!.grade_id, k]));
    results.sort((a, b) => order.get(a.grade_id)! - order.get(b.grade_id)!);
    return {
      student: submission.student,
      notebook: submission.notebook,
      score: Math.round(results.reduce((s, r) => s + r.points, 0) * 1e6) / 1e6,
      max_score: assignment.autoPoints,
      cells: results,
      manual: [...manualAt.values()].map((m) => ({ grade_id: m.grade_id, max_points: m.maxPoints })),
      flags,
      executed: { ...submitted, cells: executed },
      marks,
      manualAt,
      elapsedMs: Date.now() - started,
    };
  } finally {
    stopWatch();
    box.dispose();
    rmSync(workDir, { recursive: true, force: true });
  }
}
