import type { MarkdownIt } from "markdown-it";
import type { Chapter } from "./chapter.js";
import { escapeHtml } from "../lib/display/html-escape.js";
import { highlightCode } from "./highlight.js";
import type { Notebook } from "./notebook.js";
import { pageShell } from "./page-shell.js";
import { renderOutput, type FigureLibrary } from "./render-output.js";

/** Options of {@link renderChapterPage}. */
export interface ChapterPageOptions {
  /** The page's markdown-it (with maths). */
  markdown: MarkdownIt;
  /** The chapters before and after this one, for the navigation (null at either end). */
  previous?: Chapter | null;
  next?: Chapter | null;
  /** A failure to show at the top of the page (the build fails too). */
  failure?: { cell: number; message: string } | null;
  /** The book's name (default "depthlab"). */
  bookTitle?: string;
}

function navigation(previous: Chapter | null, next: Chapter | null): string {
  const link = (c: Chapter | null, rel: "prev" | "next", label: string) =>
    c ? `<a class="nav-${rel}" rel="${rel}" href="${c.slug}.html">${label} ${escapeHtml(c.title)}</a>` : `<span class="nav-${rel}"></span>`;
  return `<nav class="chapter-nav">${link(previous, "prev", "←")}<a class="nav-index" href="index.html">Contents</a>${link(next, "next", "→")}</nav>`;
}

/**
 * The HTML page of one executed notebook: markdown typeset, code highlighted, every output shown, navigation to the
 * neighbouring chapters and a link to download the executed notebook (notebooks/<slug>.ipynb).
 *
 * @example
 * const { html } = renderChapterPage(executed, chapter, { markdown: createMarkdown(), previous: null, next });
 */
export function renderChapterPage(
  notebook: Notebook,
  chapter: Chapter,
  options: ChapterPageOptions,
): { html: string; libraries: FigureLibrary[] } {
  const { markdown, previous = null, next = null, failure = null, bookTitle } = options;
  const libraries = new Set<FigureLibrary>();
  const cells = notebook.cells.map((cell, i) => {
    const failed = failure?.cell === i + 1 ? " cell-failed" : "";
    if (cell.cell_type === "markdown")
      return `<section class="cell cell-markdown" id="cell-${i + 1}">${markdown.render(cell.source)}</section>`;
    if (cell.cell_type !== "code")
      return `<section class="cell cell-raw" id="cell-${i + 1}"><pre>${escapeHtml(cell.source)}</pre></section>`;
    const outputs = cell.outputs.map((o) => {
      const r = renderOutput(o, { markdown });
      r.libraries.forEach((l) => libraries.add(l));
      return `<div class="output output-${o.output_type}">${r.html}</div>`;
    });
    const prompt = `<span class="prompt">[${cell.execution_count ?? " "}]</span>`;
    return `<section class="cell cell-code${failed}" id="cell-${i + 1}">
<div class="input">${prompt}<pre class="hljs"><code class="language-typescript">${highlightCode(cell.source)}</code></pre></div>
${outputs.length ? `<div class="outputs">${outputs.join("\n")}</div>` : ""}
</section>`;
  });
  const banner = failure
    ? `<div class="build-failure">This chapter failed to build at <a href="#cell-${failure.cell}">cell ${failure.cell}</a>: ${escapeHtml(failure.message)}</div>`
    : "";
  const nav = navigation(previous, next);
  const download = `<p class="download"><a href="notebooks/${chapter.slug}.ipynb" download>Download the executed notebook</a></p>`;
  const body = `${nav}\n${banner}\n<article class="chapter">\n${cells.join("\n")}\n</article>\n${download}\n${nav}`;
  return {
    html: pageShell(body, { title: chapter.title, libraries: [...libraries], ...(bookTitle ? { bookTitle } : {}) }),
    libraries: [...libraries],
  };
}
