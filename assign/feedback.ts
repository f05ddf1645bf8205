import markdownIt from "markdown-it";
import type { Cell, Output } from "../book/notebook.js";
import { joinText } from "../book/notebook.js";
import { ansiToHtml } from "../book/ansi.js";
import { highlightCode } from "../book/highlight.js";
import { mathPlugin } from "../book/math-plugin.js";
import { escapeHtml } from "../lib/display/html-escape.js";
import type { CellScore } from "./score.js";

/** A graded cell's score as the page shows it. */
export interface FeedbackMark extends CellScore {
  grade_id: string;
  maxPoints: number;
}

/** What {@link feedbackPage} shows. */
export interface FeedbackInput {
  student: string;
  notebook: string;
  /** The executed notebook's cells, in the order they ran. */
  cells: readonly Cell[];
  /** The score of each autograded cell, by position in `cells`. */
  marks: ReadonlyMap<number, FeedbackMark>;
  /** Cells graded by hand, by position: their points at stake. */
  manual: ReadonlyMap<number, { grade_id: string; maxPoints: number }>;
  score: number;
  maxScore: number;
  flags: readonly string[];
  /** `assets/` relative to the page (holds katex/, highlight.css and book.css). */
  assets: string;
}

// Submissions are untrusted: their markdown is rendered without raw HTML, their HTML outputs are shown as text, and
// the page forbids every script (a Content-Security-Policy), so opening feedback runs nothing a student wrote.
const CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src data:";
const markdown = markdownIt({ html: false, linkify: false }).use(mathPlugin);

/** One output, drawn statically: images as images, everything else as text. */
function renderOutput(output: Output): string {
  switch (output.output_type) {
    case "stream":
      return `<pre class="output-stream ${output.name}">${ansiToHtml(joinText(output.text))}</pre>`;
    case "error": {
      const trace = output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return `<pre class="output-error">${ansiToHtml(trace)}</pre>`;
    }
    default: {
      const data = output.data;
      const png = joinText(data["image/png"]).replace(/\s/g, "");
      if (/^[A-Za-z0-9+/=]+$/.test(png)) return `<img alt="figure" src="data:image/png;base64,${png}">`;
      const svg = joinText(data["image/svg+xml"]);
      if (svg) return `<img alt="figure" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">`;
      const text = joinText(data["text/plain"]);
      if (text) return `<pre class="output-text">${escapeHtml(text)}</pre>`;
      const kinds = Object.keys(data).join(", ");
      return `<p class="output-note">(an interactive output: ${escapeHtml(kinds)}; open the notebook to see it)</p>`;
    }
  }
}

const points = (n: number) => `${+n.toFixed(2)} point${n === 1 ? "" : "s"}`;

function markBox(mark: FeedbackMark): string {
  const label = mark.status === "passed" ? (mark.points < mark.maxPoints ? "partial credit" : "passed") : mark.status;
  const message = mark.message ? `<div class="mark-message">${escapeHtml(mark.message)}</div>` : "";
  return `<div class="mark mark-${mark.status}"><strong>${escapeHtml(mark.grade_id)}</strong>: ${label}, ${points(mark.points)} of ${points(mark.maxPoints)}${message}</div>`;
}

/**
 * The feedback page of one graded notebook: the score, any tampering flags, then every cell as it ran with each
 * test cell's score and message beside it. Self-contained apart from the shared stylesheets in `assets`, readable
 * offline, and inert: no script runs in it.
 *
 * @example
 * writeFileSync("feedback/ada/depth-and-pieces.html", feedbackPage({ student: "ada", notebook: "depth-and-pieces", cells, marks, manual, score: 12, maxScore: 14, flags: [], assets: "../../assets" }));
 */
export function feedbackPage(input: FeedbackInput): string {
  const { student, notebook, cells, marks, manual, score, maxScore, flags, assets } = input;
  const body = cells.map((cell, i) => {
    const mark = marks.get(i);
    const hand = manual.get(i);
    const note = mark
      ? markBox(mark)
      : hand
        ? `<div class="mark mark-manual"><strong>${escapeHtml(hand.grade_id)}</strong>: graded by hand, ${points(hand.maxPoints)}</div>`
        : "";
    if (cell.cell_type !== "code") return `<section class="cell cell-markdown">${markdown.render(cell.source)}${note}</section>`;
    const outputs = cell.outputs.map((o) => `<div class="output">${renderOutput(o)}</div>`).join("\n");
    return `<section class="cell cell-code${mark ? ` graded graded-${mark.status}` : ""}">
<div class="input"><span class="prompt">[${cell.execution_count ?? " "}]</span><pre class="hljs"><code>${highlightCode(cell.source)}</code></pre></div>
${outputs ? `<div class="outputs">${outputs}</div>` : ""}${note}
</section>`;
  });
  const flagList = flags.length
    ? `<div class="flags"><strong>Changed or deleted cells</strong> (graded with the originals):<ul>${flags.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul></div>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(`${notebook}: ${student}`)}</title>
<link rel="stylesheet" href="${assets}/katex/katex.min.css">
<link rel="stylesheet" href="${assets}/highlight.css">
<link rel="stylesheet" href="${assets}/book.css">
<style>
.mark { margin: .4em 0 1em; padding: .5em .8em; border-left: 4px solid #888; background: #f6f6f6; font-family: sans-serif; }
.mark-passed { border-color: #2a8a2a; background: #eef8ee; } .mark-failed, .mark-crashed { border-color: #b22; background: #fbeeee; }
.mark-timeout { border-color: #c80; background: #fdf6e8; } .mark-manual { border-color: #36c; background: #eef3fb; }
.mark-message { white-space: pre-wrap; font-family: monospace; margin-top: .3em; }
.flags { border: 2px solid #c80; padding: .5em 1em; margin: 1em 0; } .score { font-size: 1.4em; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(notebook)}: feedback for ${escapeHtml(student)}</h1>
<p class="score">Autograded score: <strong>${+score.toFixed(2)}</strong> of ${+maxScore.toFixed(2)}</p>
${flagList}
<article class="chapter">
${body.join("\n")}
</article>
</main>
</body>
</html>
`;
}
