import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { buildBook, describeFailure } from "./build-book.js";
import { PACKAGE_ROOT } from "../lib/version.js";
import { BOOK_FOLDERS } from "./book-folders.js";
import { BOOK_USAGE, parseBookArgs } from "./parse-args.js";
import { staleSource } from "./stale-build.js";

/**
 * `npm run book`: builds the textbook and returns the exit code (1 when any chapter failed, 2 for a bad option).
 *
 * @example
 * process.exitCode = await main(["--only", "06"]);
 */
export async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBookArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(BOOK_USAGE + "\n");
    return 0;
  }
  const stale = staleSource(PACKAGE_ROOT);
  if (stale) process.stderr.write(`warning: ${stale} changed after the last build; the book runs dist/, so run npm run build first\n`);
  // a book built before it had its own folder left pages and a cache among the compiled code: unused, so only named
  const old = ["dist/book/index.html", "dist/book-cache"].filter((p) => existsSync(join(PACKAGE_ROOT, p)));
  if (old.length > 0) {
    const what = old
      .map((p) => (p.endsWith(".html") ? "dist/book/*.html, dist/book/assets/, dist/book/notebooks/" : `${p}/`))
      .join(" and ");
    process.stderr.write(
      `note: the book now goes to ${BOOK_FOLDERS.out}/ (cache: ${BOOK_FOLDERS.cacheDir}/); ${what} are left from an older build and can be deleted\n`,
    );
  }
  const result = await buildBook(options);
  for (const m of result.mathErrors) process.stderr.write(`warning: a formula did not parse in ${m}\n`);
  const ran = result.chapters.filter((c) => c.source === "ran").length;
  const cached = result.chapters.filter((c) => c.source === "cache").length;
  const where = relative(process.cwd(), result.out).startsWith("..") ? result.out : relative(process.cwd(), result.out) || ".";
  process.stderr.write(`\nbook: ${result.chapters.length} chapters in ${where}/ (${ran} ran, ${cached} from the cache)\n`);
  if (result.failures.length > 0) {
    process.stderr.write(`book: ${result.failures.length} failed:\n${result.failures.map((f) => "  " + describeFailure(f)).join("\n")}\n`);
  }
  process.stderr.write(`book: total time ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
  return result.failures.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`book: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
