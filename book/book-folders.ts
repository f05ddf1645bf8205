import { join } from "node:path";

/**
 * Where `npm run book` writes by default, relative to the package root: the pages in `site/`, the executed notebooks'
 * cache in `site-cache/`. Both are outside tsc's outDir (`dist/`), so compiled code and generated pages never share a
 * folder (test/unit/book-folders.test.ts checks this against tsconfig.json). Books built before this layout were in
 * `dist/book/` and `dist/book-cache/`; those pages and that cache are no longer read and can be deleted.
 *
 * @example
 * bookFolders(PACKAGE_ROOT) // { out: "/repo/site", cacheDir: "/repo/site-cache" }
 */
export function bookFolders(root: string): { out: string; cacheDir: string } {
  return { out: join(root, BOOK_FOLDERS.out), cacheDir: join(root, BOOK_FOLDERS.cacheDir) };
}

/** The default folders of {@link bookFolders}, as written in the help text and the README. */
export const BOOK_FOLDERS = { out: "site", cacheDir: "site-cache" } as const;
