import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** The newest modification time under `dir` among files ending in `ext` (0 when there are none). */
function newest(dir: string, ext: string): { file: string; mtimeMs: number } {
  let best = { file: "", mtimeMs: 0 };
  if (!existsSync(dir)) return best;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const path = join(dir, e.name);
    const found = e.isDirectory() ? newest(path, ext) : e.name.endsWith(ext) ? { file: path, mtimeMs: statSync(path).mtimeMs } : best;
    if (found.mtimeMs > best.mtimeMs) best = found;
  }
  return best;
}

/**
 * The first TypeScript source (under lib/ or kernel/) edited after the compiled output in dist/ was written, or null.
 * The book runs (and caches) the compiled library, so an edit not yet built would not show in it.
 *
 * @example
 * const stale = staleSource(PACKAGE_ROOT);
 * if (stale) console.warn(`${stale} changed after the last build: run npm run build`);
 */
export function staleSource(root: string): string | null {
  for (const folder of ["lib", "kernel"]) {
    const source = newest(join(root, folder), ".ts");
    const built = newest(join(root, "dist", folder), ".js");
    if (source.mtimeMs > built.mtimeMs) return relative(root, source.file);
  }
  return null;
}
