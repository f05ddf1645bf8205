import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Options of {@link libraryHash}. */
export interface LibraryHashOptions {
  /**
   * Folders and files, relative to `root`, whose contents decide what a notebook computes (default: the compiled
   * library and kernel, which are what runs, the datasets and package-lock.json).
   */
  paths?: string[];
}

/** Every file under `path`, sorted, skipping node_modules and dot folders. */
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !e.name.startsWith(".") && e.name !== "node_modules")
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => filesUnder(join(path, e.name)));
}

/**
 * A SHA-256 over the names and contents of the library's files: a change to any of them changes the hash, so every
 * cached chapter runs again.
 *
 * @example
 * libraryHash(PACKAGE_ROOT) // "3f5c…" (64 hex digits)
 */
export function libraryHash(root: string, options: LibraryHashOptions = {}): string {
  const { paths = ["dist/lib", "dist/kernel", "datasets", "package-lock.json"] } = options;
  const hash = createHash("sha256");
  for (const file of paths.flatMap((p) => filesUnder(join(root, p)))) {
    hash.update(relative(root, file) + "\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * The cache key of one chapter: its notebook's text (as committed, outputs or not) and the library hash.
 *
 * @example
 * cacheKey(readFileSync("notebooks/00-welcome.ipynb", "utf8"), libraryHash(PACKAGE_ROOT)) // "9a1e…"
 */
export function cacheKey(notebookText: string, library: string): string {
  return createHash("sha256").update("depthlab-book-1\0").update(library).update("\0").update(notebookText).digest("hex");
}
