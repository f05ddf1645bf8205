import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../lib/version.js";
import { bookFolders } from "./book-folders.js";
import { cacheKey, libraryHash } from "./cache-key.js";
import { readCached, writeCached } from "./cache.js";
import { chapterOf, type Chapter } from "./chapter.js";
import { copyAssets } from "./copy-assets.js";
import { executeNotebook, type ExecuteOptions, type ExecuteResult } from "./execute-notebook.js";
import { createMarkdown } from "./markdown.js";
import { parseNotebook, type Notebook } from "./notebook.js";
import { progressReporter, type ProgressReporter } from "./progress.js";
import { renderIndexPage } from "./render-index.js";
import { renderChapterPage } from "./render-page.js";

// The build from notebooks to pages: which chapters run, the cache, failures, then writing every file. Slightly over the
// usual length because those steps share the chapter list; each step is a call into its own file.

/** Options of {@link buildBook}. */
export interface BuildBookOptions {
  /** The folder of numbered notebooks (default: the package's notebooks/). */
  notebooks?: string;
  /** Where the book is written (default: the package's site/, outside the compiled code in dist/). */
  out?: string;
  /** Where executed notebooks are cached, by content (default: the package's site-cache/, shared by every `out`). */
  cacheDir?: string;
  /** Use the cache (default true); false runs every chapter again (the results are still stored). */
  cache?: boolean;
  /** Only run the chapters whose file name starts with this prefix ("06"); others are shown from the cache if there. */
  only?: string | null;
  /** Build every chapter even after one fails (default false: stop at the first failure). */
  keepGoing?: boolean;
  /** Time limit per notebook in ms, kernel start included (default 300 000). */
  timeoutMs?: number;
  /** The progress display (default: on stderr). */
  progress?: ProgressReporter;
  /** Runs one notebook (default: {@link executeNotebook} in a fresh kernel); tests pass a fake. */
  execute?: (notebook: Notebook, options: ExecuteOptions) => Promise<ExecuteResult>;
  /** The library hash for the cache key (default: {@link libraryHash} of the package). */
  library?: string;
  /**
   * The kernels' environment (default: this process's, with `DEPTHLAB_QUICK=1` unless it sets DEPTHLAB_QUICK: notebooks
   * that train on real data then take the shipped sample, and the book stays fast). Part of the cache key when not quick.
   */
  env?: NodeJS.ProcessEnv;
}

/** A chapter that did not build: the notebook file, the 1-based cell (0: the kernel did not start) and why. */
export interface BookFailure {
  notebook: string;
  cell: number;
  message: string;
}

/** What {@link buildBook} did. */
export interface BookResult {
  out: string;
  chapters: (Chapter & { source: "ran" | "cache" | "failed" })[];
  failures: BookFailure[];
  /** KaTeX messages for formulas that did not parse, with the notebook's name. */
  mathErrors: string[];
  elapsedMs: number;
}

/** `06-normalisation.ipynb, cell 7: Error: …`: the line a failure prints. */
export function describeFailure(f: BookFailure): string {
  return `${f.notebook}, ${f.cell > 0 ? `cell ${f.cell}` : "kernel start"}: ${f.message}`;
}

/**
 * Executes every notebook in order (each in a fresh kernel, unless its content and the library's are unchanged since a
 * cached run) and writes the book: a page per chapter, index.html, the executed notebooks and the shared assets.
 * Failures come back in the result (the caller decides the exit code); with `keepGoing` false the build stops at the
 * first one, having still written that chapter's page with the error.
 *
 * @example
 * const result = await buildBook({ only: "06", keepGoing: true });
 * for (const f of result.failures) console.error(describeFailure(f));
 */
export async function buildBook(options: BuildBookOptions = {}): Promise<BookResult> {
  const started = Date.now();
  const {
    notebooks = join(PACKAGE_ROOT, "notebooks"),
    out = bookFolders(PACKAGE_ROOT).out,
    cacheDir = bookFolders(PACKAGE_ROOT).cacheDir,
    cache = true,
    only = null,
    keepGoing = false,
    timeoutMs = 300_000,
    progress = progressReporter(),
    execute = executeNotebook,
    env = { ...process.env, DEPTHLAB_QUICK: process.env["DEPTHLAB_QUICK"] ?? "1" },
  } = options;
  if (!existsSync(notebooks)) throw new Error(`buildBook: notebooks folder ${notebooks} does not exist`);
  if (!(timeoutMs > 0)) throw new Error(`buildBook: timeoutMs must be a positive number, got ${timeoutMs}`);
  const files = readdirSync(notebooks)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
  if (only !== null && !files.some((f) => f.startsWith(only))) {
    throw new Error(`buildBook: --only ${only} matches no notebook in ${notebooks} (${files.join(", ")})`);
  }
  const library = options.library ?? libraryHash(PACKAGE_ROOT);
  const executed: {
    file: string;
    notebook: Notebook;
    chapter: Chapter;
    source: "ran" | "cache" | "failed";
    failure: BookFailure | null;
  }[] = [];
  const failures: BookFailure[] = [];

  for (const [index, file] of files.entries()) {
    const text = readFileSync(join(notebooks, file), "utf8");
    const original = parseNotebook(text, file);
    const chapter = chapterOf(file, original);
    // a run outside quick mode is cached apart from the quick one
    const key = cacheKey(text, env["DEPTHLAB_QUICK"] === "1" ? library : `${library} DEPTHLAB_QUICK=${env["DEPTHLAB_QUICK"] ?? ""}`);
    const cached = readCached(cacheDir, key);
    const say = (outcome: string) => progress.chapter(index + 1, files.length, chapter.slug, outcome);
    if (only !== null && !file.startsWith(only)) {
      if (cached) executed.push({ file, notebook: cached, chapter, source: "cache", failure: null });
      continue;
    }
    if (cache && cached) {
      executed.push({ file, notebook: cached, chapter, source: "cache", failure: null });
      say("unchanged, from the cache");
      continue;
    }
    progress.start(index + 1, files.length, chapter.slug);
    const run = await execute(original, {
      name: file,
      timeoutMs,
      cwd: notebooks,
      env,
      onProgress: (p) => progress.cell(index + 1, files.length, chapter.slug, p),
    });
    const failure = run.failure ? { notebook: file, ...run.failure } : null;
    executed.push({ file, notebook: run.notebook, chapter, source: failure ? "failed" : "ran", failure });
    if (failure) {
      failures.push(failure);
      say(`FAILED after ${(run.elapsedMs / 1000).toFixed(1)} s: ${describeFailure(failure)}`);
      if (!keepGoing) break;
    } else {
      writeCached(cacheDir, key, run.notebook);
      say(`ran in ${(run.elapsedMs / 1000).toFixed(1)} s`);
    }
  }

  mkdirSync(join(out, "notebooks"), { recursive: true });
  copyAssets(out);
  const mathErrors: string[] = [];
  const chapters = executed.map((e) => e.chapter);
  executed.forEach((e, i) => {
    const markdown = createMarkdown({ onMathError: (message) => mathErrors.push(`${e.file}: ${message}`) });
    const page = renderChapterPage(e.notebook, e.chapter, {
      markdown,
      previous: chapters[i - 1] ?? null,
      next: chapters[i + 1] ?? null,
      failure: e.failure,
    });
    writeFileSync(join(out, `${e.chapter.slug}.html`), page.html);
    writeFileSync(join(out, "notebooks", e.file), JSON.stringify(e.notebook, null, 1) + "\n");
  });
  writeFileSync(join(out, "index.html"), renderIndexPage(chapters));
  return {
    out,
    chapters: executed.map((e) => ({ ...e.chapter, source: e.source })),
    failures,
    mathErrors,
    elapsedMs: Date.now() - started,
  };
}
