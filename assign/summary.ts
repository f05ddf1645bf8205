import { aq } from "../lib/aq.js";
import { histogram } from "../lib/plot/histogram.js";
import { escapeHtml } from "../lib/display/html-escape.js";
import type { StudentGrades } from "./reports.js";

/**
 * The class's summary page: how many were graded and with what isolation, a histogram of the total scores (the
 * course's vega-lite histogram, drawn to SVG so the page needs no script), and each autograded cell's pass rate,
 * mean points and how many timed out or crashed (computed with arquero), then links to every feedback page.
 *
 * @example
 * writeFileSync("grades/summary.html", await summaryPage(grades, { title: "depth-and-pieces", sandbox: "bubblewrap" }));
 */
export async function summaryPage(grades: readonly StudentGrades[], options: { title: string; sandbox: string }): Promise<string> {
  const maxScore = Math.max(0, ...grades.map((g) => g.max_score));
  const scores = grades.map((g) => g.score);
  const svg =
    grades.length > 0
      ? await (
          await histogram(
            { score: scores },
            {
              x: "score",
              bins: Math.max(1, Math.min(20, Math.ceil(maxScore) || 1)),
              domain: [0, Math.max(maxScore, 1e-9)],
              title: "Autograded scores",
            },
          )
        ).toSVG()
      : "<p>No submissions.</p>";
  const rows = grades.flatMap((g) =>
    g.cells.map((c) => ({
      cell: `${c.notebook}/${c.grade_id}`,
      points: c.points,
      max_points: c.max_points,
      passed: c.status === "passed" ? 1 : 0,
      timeout: c.status === "timeout" ? 1 : 0,
      crashed: c.status === "crashed" ? 1 : 0,
    })),
  );
  const perCell =
    rows.length > 0
      ? aq
          .from(rows)
          .groupby("cell")
          .rollup({
            passed: aq.op.mean("passed"),
            mean_points: aq.op.mean("points"),
            max_points: aq.op.max("max_points"),
            timeouts: aq.op.sum("timeout"),
            crashes: aq.op.sum("crashed"),
          })
          .objects()
      : [];
  type CellRow = { cell: string; passed: number; mean_points: number; max_points: number; timeouts: number; crashes: number };
  const perCellRows = perCell as unknown as CellRow[];
  const order = [...new Set(rows.map((r) => r.cell))];
  perCellRows.sort((a, b) => order.indexOf(a.cell) - order.indexOf(b.cell));
  const bar = (rate: number) =>
    `<span class="bar"><span style="width:${(100 * rate).toFixed(1)}%"></span></span> ${(100 * rate).toFixed(0)} %`;
  const cellRows = perCellRows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.cell)}</td><td>${bar(r.passed)}</td><td>${r.mean_points.toFixed(2)} / ${r.max_points}</td><td>${r.timeouts}</td><td>${r.crashes}</td></tr>`,
    )
    .join("\n");
  const students = grades
    .map((g) => {
      const links = g.feedback
        .map(
          (f) =>
            `<a href="${encodeURI(f)}">${escapeHtml(
              f
                .split("/")
                .pop()!
                .replace(/\.html$/, ""),
            )}</a>`,
        )
        .join(" ");
      const flags = g.flags.length ? ` <span class="flag" title="${escapeHtml(g.flags.join("\n"))}">⚑ ${g.flags.length}</span>` : "";
      return `<tr><td>${escapeHtml(g.student)}</td><td>${+g.score.toFixed(2)} / ${g.max_score}</td><td>${links}${flags}</td></tr>`;
    })
    .join("\n");
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(options.title)}: grades</title>
<style>
body { font-family: sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; }
table { border-collapse: collapse; margin: 1em 0; } td, th { padding: .3em .8em; border-bottom: 1px solid #ddd; text-align: left; }
.bar { display: inline-block; width: 120px; height: .8em; background: #eee; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #3a7; } .flag { color: #c60; }
</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
<p>${grades.length} student${grades.length === 1 ? "" : "s"} graded; mean score ${mean.toFixed(2)} of ${maxScore}. Isolation: ${escapeHtml(options.sandbox)}.</p>
<figure>${svg}</figure>
<h2>Test cells</h2>
<table><thead><tr><th>cell</th><th>passed</th><th>mean points</th><th>timeouts</th><th>crashes</th></tr></thead>
<tbody>
${cellRows}
</tbody></table>
<h2>Students</h2>
<table><thead><tr><th>student</th><th>score</th><th>feedback</th></tr></thead>
<tbody>
${students}
</tbody></table>
</body>
</html>
`;
}
