import { resolve } from "node:path";
import type { BuildBookOptions } from "./build-book.js";
import { BOOK_FOLDERS } from "./book-folders.js";

export const BOOK_USAGE = `usage: npm run book -- [options]

  --only PREFIX      run only the chapters whose notebook name starts with PREFIX (e.g. 06)
  --out DIR          write the book to DIR (default ${BOOK_FOLDERS.out}/)
  --cache-dir DIR    where executed notebooks are cached (default ${BOOK_FOLDERS.cacheDir}/)
  --no-cache         run every chapter again, even unchanged ones
  --keep-going       build the other chapters after one fails, and list the failures at the end
  --timeout SECONDS  time limit per notebook, kernel start included (default 300)
  --notebooks DIR    the notebooks folder (default notebooks/)
  -h, --help         print this`;

/**
 * The `npm run book` command line as build options; the error names the bad flag or value.
 *
 * @example
 * parseBookArgs(["--only", "06", "--keep-going"]) // { only: "06", keepGoing: true }
 */
export function parseBookArgs(argv: string[]): BuildBookOptions | "help" {
  const options: BuildBookOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`book: ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--only":
        options.only = value();
        break;
      case "--out":
        options.out = resolve(value());
        break;
      case "--cache-dir":
        options.cacheDir = resolve(value());
        break;
      case "--notebooks":
        options.notebooks = resolve(value());
        break;
      case "--no-cache":
        options.cache = false;
        break;
      case "--keep-going":
        options.keepGoing = true;
        break;
      case "--timeout": {
        const raw = value();
        const s = Number(raw);
        if (!(s > 0)) throw new Error(`book: --timeout must be a positive number of seconds, got ${raw}`);
        options.timeoutMs = s * 1000;
        break;
      }
      case "-h":
      case "--help":
        return "help";
      default:
        throw new Error(`book: unknown option ${flag}\n${BOOK_USAGE}`);
    }
  }
  return options;
}
