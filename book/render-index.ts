import type { Chapter } from "./chapter.js";
import { escapeHtml } from "../lib/display/html-escape.js";
import { pageShell } from "./page-shell.js";

/** Options of {@link renderIndexPage}. */
export interface IndexPageOptions {
  /** The book's name (default "depthlab"). */
  bookTitle?: string;
  /** A paragraph under the title (default: what the book is). */
  intro?: string;
}

/**
 * The book's contents page: one link per chapter, with its number and title, and the executed notebook for download.
 *
 * @example
 * writeFileSync("site/index.html", renderIndexPage(chapters));
 */
export function renderIndexPage(chapters: Chapter[], options: IndexPageOptions = {}): string {
  const {
    bookTitle = "depthlab",
    intro = "Why depth matters, in runnable TypeScript: every chapter is a notebook, executed when the book was built.",
  } = options;
  const items = chapters.map(
    (c) =>
      `<li><a href="${c.slug}.html"><span class="chapter-number">${escapeHtml(c.number)}</span> ${escapeHtml(c.title)}</a>` +
      ` <a class="ipynb" href="notebooks/${c.slug}.ipynb" download>.ipynb</a></li>`,
  );
  const body = `<h1>${escapeHtml(bookTitle)}</h1>\n<p>${escapeHtml(intro)}</p>\n<ul class="chapters">\n${items.join("\n")}\n</ul>`;
  return pageShell(body, { title: bookTitle, bookTitle });
}
