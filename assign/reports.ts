import type { CellResult, NotebookResult } from "./grade-notebook.js";

/** One student's grades across the assignment's notebooks, as grades.json holds them. */
export interface StudentGrades {
  student: string;
  score: number;
  max_score: number;
  cells: (CellResult & { notebook: string })[];
  manual: { notebook: string; grade_id: string; max_points: number }[];
  flags: string[];
  /** Feedback pages, relative to the output folder. */
  feedback: string[];
}

/**
 * Gathers each student's notebook results into one record, students sorted by name; flags name the notebook
 * when the assignment has more than one.
 *
 * @example
 * studentGrades(results)[0] // { student: "ada", score: 12, max_score: 14, cells: [...], manual: [...], flags: [], feedback: ["feedback/ada/hw1.html"] }
 */
export function studentGrades(results: readonly NotebookResult[]): StudentGrades[] {
  const many = new Set(results.map((r) => r.notebook)).size > 1;
  const by = new Map<string, StudentGrades>();
  for (const r of results) {
    const g = by.get(r.student) ?? { student: r.student, score: 0, max_score: 0, cells: [], manual: [], flags: [], feedback: [] };
    g.score = Math.round((g.score + r.score) * 1e6) / 1e6;
    g.max_score += r.max_score;
    g.cells.push(...r.cells.map((c) => ({ notebook: r.notebook, ...c })));
    g.manual.push(...r.manual.map((m) => ({ notebook: r.notebook, ...m })));
    g.flags.push(...r.flags.map((f) => (many ? `${r.notebook}/${f}` : f)));
    if (r.executed) g.feedback.push(`feedback/${r.student}/${r.notebook}.html`);
    by.set(r.student, g);
  }
  return [...by.values()].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * grades.csv: a header `student,score,max_score,<grade_id>…`, then one row per student with the points of each
 * autograded cell. With several notebooks the cell columns are `<notebook>/<grade_id>`.
 *
 * @example
 * gradesCsv(grades) // "student,score,max_score,t-pieces,t-shallow\nada,14,14,8,6\n"
 */
export function gradesCsv(grades: readonly StudentGrades[], columns: readonly { notebook: string; grade_id: string }[]): string {
  const many = new Set(columns.map((c) => c.notebook)).size > 1;
  const name = (c: { notebook: string; grade_id: string }) => (many ? `${c.notebook}/${c.grade_id}` : c.grade_id);
  const header = ["student", "score", "max_score", ...columns.map(name)];
  const rows = grades.map((g) => {
    const points = new Map(g.cells.map((c) => [`${c.notebook}/${c.grade_id}`, c.points]));
    return [g.student, g.score, g.max_score, ...columns.map((c) => points.get(`${c.notebook}/${c.grade_id}`) ?? 0)];
  });
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/**
 * grades.json: per student `score`, `max_score`, `cells` (grade_id, points, max_points, status, message; and the
 * notebook), `manual` (cells left for hand grading) and `flags`; plus how the run was isolated and limited.
 *
 * @example
 * JSON.parse(gradesJson(grades, meta)).students.ada.score // 14
 */
export function gradesJson(grades: readonly StudentGrades[], meta: Record<string, unknown>): string {
  const students = Object.fromEntries(
    grades.map((g) => [
      g.student,
      {
        score: g.score,
        max_score: g.max_score,
        cells: g.cells.map((c) => ({
          notebook: c.notebook,
          grade_id: c.grade_id,
          points: c.points,
          max_points: c.max_points,
          status: c.status,
          message: c.message,
        })),
        manual: g.manual,
        flags: g.flags,
      },
    ]),
  );
  return JSON.stringify({ ...meta, students }, null, 2) + "\n";
}
