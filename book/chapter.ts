import { basename } from "node:path";
import type { Notebook } from "./notebook.js";

/** One chapter of the book: a notebook and where its page goes. */
export interface Chapter {
  /** The notebook's file name without `.ipynb`: "06-normalisation". */
  slug: string;
  /** The number prefix, "06" (empty when the name has none). */
  number: string;
  /** The first markdown heading, or the slug. */
  title: string;
}

/**
 * The chapter a notebook makes: its slug, number prefix and title (the first markdown `#` heading).
 *
 * @example
 * chapterOf("notebooks/00-welcome.ipynb", nb) // { slug: "00-welcome", number: "00", title: "Welcome to depthlab" }
 */
export function chapterOf(file: string, notebook: Notebook): Chapter {
  const slug = basename(file).replace(/\.ipynb$/, "");
  const number = /^(\d+)/.exec(slug)?.[1] ?? "";
  let title = slug;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = /^#{1,2}\s+(.+?)\s*#*\s*$/m.exec(cell.source);
    if (heading) {
      title = heading[1]!;
      break;
    }
  }
  return { slug, number, title };
}
