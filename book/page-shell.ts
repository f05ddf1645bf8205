import { escapeHtml } from "../lib/display/html-escape.js";
import type { FigureLibrary } from "./render-output.js";

/** What goes around a page's content. */
export interface ShellOptions {
  /** The `<title>`. */
  title: string;
  /** The book's name, shown in the header and linking to index.html (default "depthlab"). */
  bookTitle?: string;
  /** Figure libraries this page needs; each adds its scripts from assets/ (default none). */
  libraries?: FigureLibrary[];
  /** `assets/` relative to the page (default "assets"). */
  assets?: string;
}

const SCRIPTS: Record<FigureLibrary, string[]> = {
  plotly: ["plotly.min.js"],
  vega: ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"],
};

/**
 * A whole HTML page: the shared stylesheets (KaTeX, highlight.js, the book's), the figure libraries the page uses,
 * referenced from assets/ (never inlined), and assets/book.js, which draws the figures.
 *
 * @example
 * pageShell("<h1>Hi</h1>", { title: "Welcome", libraries: ["plotly"] })
 */
export function pageShell(body: string, options: ShellOptions): string {
  const { title, bookTitle = "depthlab", libraries = [], assets = "assets" } = options;
  const scripts = [...new Set(libraries)].flatMap((l) => SCRIPTS[l]).map((s) => `<script src="${assets}/${s}"></script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${assets}/katex/katex.min.css">
<link rel="stylesheet" href="${assets}/highlight.css">
<link rel="stylesheet" href="${assets}/book.css">
${scripts.join("\n")}
<script src="${assets}/book.js" defer></script>
</head>
<body>
<header class="book-header"><a href="index.html">${escapeHtml(bookTitle)}</a></header>
<main>
${body}
</main>
</body>
</html>
`;
}
