import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseNotebook, type Notebook } from "./notebook.js";

/**
 * The executed notebook stored under `key` in `dir`, or null when there is none (or it cannot be read).
 *
 * @example
 * const hit = readCached("site-cache", cacheKey(text, libraryHash(root)));
 */
export function readCached(dir: string, key: string): Notebook | null {
  const file = join(dir, `${key}.ipynb`);
  if (!existsSync(file)) return null;
  try {
    return parseNotebook(readFileSync(file, "utf8"), file);
  } catch {
    return null; // a damaged entry is a miss
  }
}

/**
 * Stores an executed notebook under `key` (written to a temporary name then renamed, so a crash leaves no half file).
 *
 * @example
 * writeCached("site-cache", key, executed);
 */
export function writeCached(dir: string, key: string, notebook: Notebook): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${key}.ipynb`);
  writeFileSync(`${file}.tmp`, JSON.stringify(notebook));
  renameSync(`${file}.tmp`, file);
}
