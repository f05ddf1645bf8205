import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { readNotebook } from "../book/notebook.js";
import { feedbackPage } from "./feedback.js";
import { gradeNotebook, type GradeLimits, type GradingSandbox, type NotebookResult } from "./grade-notebook.js";
import { gradesCsv, gradesJson, studentGrades, type StudentGrades } from "./reports.js";
import { readAssignment, type Assignment } from "./source-notebook.js";
import { findSources, findSubmissions, type Submission } from "./submissions.js";
import { summaryPage } from "./summary.js";
import { copyFeedbackAssets } from "./feedback-assets.js";

/** Options of {@link grade}. */
export interface GradeOptions extends GradeLimits {
  /** The folder of source notebooks (with solutions and hidden tests). */
  sourceDir: string;
  /** The folder of student folders. */
  submissionsDir: string;
  /** Where grades.csv, grades.json, summary.html and feedback/ go. */
  out: string;
  /** Submissions graded at a time. */
  jobs: number;
  sandbox: GradingSandbox;
  /** Where the progress line goes (default process.stderr); on a terminal it is rewritten in place. */
  progress?: { write(text: string): unknown; isTTY?: boolean };
}

/** What {@link grade} returns: every student's grades and where the reports went. */
export interface GradeRun {
  grades: StudentGrades[];
  results: NotebookResult[];
  elapsedMs: number;
}

const seconds = (ms: number) =>
  ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.round(ms / 1000)} s`;

/**
 * Grades a class (nbgrader's autograde and generate_feedback): every student's notebooks, `jobs` at a time, each in
 * a fresh kernel in the sandbox, then writes grades.csv, grades.json, summary.html and feedback/<student>/<notebook>.html
 * (and the executed .ipynb beside it) into `out`.
 *
 * @example
 * await grade({ sourceDir: "source", submissionsDir: "submitted", out: "grades", jobs: 2, sandbox, cellTimeoutMs: 60_000, wallMs: 600_000, memoryMb: 2048 });
 */
export async function grade(options: GradeOptions): Promise<GradeRun> {
  const { sourceDir, submissionsDir, out, jobs, sandbox, progress = process.stderr } = options;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new Error(`grade: --jobs must be an integer from 1 to 256, got ${jobs}`);
  const started = Date.now();
  const assignments = new Map<string, { assignment: Assignment }>();
  for (const { name, file } of findSources(sourceDir)) {
    const assignment = readAssignment(readNotebook(file), name);
    assignments.set(name, { assignment });
  }
  const submissions = findSubmissions(submissionsDir, [...assignments.keys()]);
  mkdirSync(join(out, "feedback"), { recursive: true });
  copyFeedbackAssets(out);

  const results: NotebookResult[] = [];
  const tty = Boolean(progress.isTTY);
  let crashed = 0;
  let belowFull = 0;
  const report = (done: number, last: NotebookResult) => {
    const elapsed = Date.now() - started;
    const left = done < submissions.length ? ` · about ${seconds((elapsed / done) * (submissions.length - done))} left` : "";
    const counts = `${belowFull} below full marks · ${crashed} crashed${left}`;
    if (tty) progress.write(`\r\x1b[K[${done}/${submissions.length}] ${counts}`);
    else
      progress.write(
        `[${done}/${submissions.length}] ${last.student}/${last.notebook}: ${last.score} of ${last.max_score}` +
          `${last.flags.length ? `, ${last.flags.length} flag(s)` : ""} (${seconds(last.elapsedMs)}); ${counts}\n`,
      );
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < submissions.length; i = next++) {
      const submission: Submission = submissions[i]!;
      const { assignment } = assignments.get(submission.notebook)!;
      const result = await gradeNotebook(assignment, submission, sandbox, options);
      results.push(result);
      if (result.cells.some((c) => c.status === "crashed")) crashed++;
      if (result.score < result.max_score) belowFull++;
      if (result.executed) writeFeedback(out, result);
      report(results.length, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, submissions.length) }, worker));
  if (tty) progress.write("\n");

  const grades = studentGrades(results);
  const columns = [...assignments.values()].flatMap(({ assignment }) =>
    assignment.cells.filter((c) => c.role === "test").map((c) => ({ notebook: assignment.name, grade_id: c.nbgrader!.grade_id })),
  );
  writeFileSync(join(out, "grades.csv"), gradesCsv(grades, columns));
  const meta = {
    sandbox: sandbox.describe,
    limits: { cell_timeout_s: options.cellTimeoutMs / 1000, wall_s: options.wallMs / 1000, memory_mb: options.memoryMb },
    jobs,
    notebooks: [...assignments.keys()],
  };
  writeFileSync(join(out, "grades.json"), gradesJson(grades, meta));
  const title = [...assignments.keys()].join(", ");
  writeFileSync(join(out, "summary.html"), await summaryPage(grades, { title, sandbox: sandbox.describe }));
  return { grades, results, elapsedMs: Date.now() - started };
}

function writeFeedback(out: string, result: NotebookResult): void {
  const dir = join(out, "feedback", result.student);
  mkdirSync(dir, { recursive: true });
  const html = feedbackPage({
    student: result.student,
    notebook: result.notebook,
    cells: result.executed!.cells,
    marks: result.marks,
    manual: result.manualAt,
    score: result.score,
    maxScore: result.max_score,
    flags: result.flags,
    assets: "../../assets",
  });
  writeFileSync(join(dir, `${result.notebook}.html`), html);
  writeFileSync(join(dir, `${result.notebook}.ipynb`), JSON.stringify(result.executed, null, 1) + "\n");
}

/** The default for --jobs: the number of cores. */
export const DEFAULT_JOBS = availableParallelism();
