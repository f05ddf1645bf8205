import { copyFileSync, cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { PACKAGE_ROOT } from "../lib/version.js";

/**
 * The first of `candidates` ("package/path/in/it") found in a node_modules folder, as a file path; the error lists
 * them all. Looked up by folder rather than require.resolve, since packages' `exports` hide their browser builds.
 */
export function resolveFirst(candidates: string[]): string {
  for (const c of candidates) {
    const pkg = c.startsWith("@") ? c.split("/").slice(0, 2).join("/") : c.split("/")[0]!;
    for (const dir of require.resolve.paths(pkg) ?? []) {
      if (existsSync(join(dir, c))) return join(dir, c);
    }
  }
  throw new Error(`copyAssets: none of ${candidates.join(", ")} is installed (npm install)`);
}

/**
 * Copies everything the pages load into `<out>/assets/`, once for the whole book: KaTeX's stylesheet and fonts,
 * a highlight.js theme, plotly.min.js, vega, vega-lite and vega-embed, and the book's own book.css and book.js.
 *
 * @example
 * copyAssets("site");
 */
export function copyAssets(out: string): void {
  const assets = join(out, "assets");
  mkdirSync(join(assets, "katex"), { recursive: true });
  const katexDist = dirname(resolveFirst(["katex/dist/katex.min.css"]));
  copyFileSync(join(katexDist, "katex.min.css"), join(assets, "katex", "katex.min.css"));
  cpSync(join(katexDist, "fonts"), join(assets, "katex", "fonts"), { recursive: true });
  copyFileSync(resolveFirst(["highlight.js/styles/github.min.css"]), join(assets, "highlight.css"));
  const files: Record<string, string[]> = {
    "plotly.min.js": ["plotly.js-dist-min/plotly.min.js", "plotly.js-dist/plotly.js"],
    "vega.min.js": ["vega/build/vega.min.js"],
    "vega-lite.min.js": ["vega-lite/build/vega-lite.min.js"],
    "vega-embed.min.js": ["vega-embed/build/vega-embed.min.js"],
  };
  for (const [name, candidates] of Object.entries(files)) copyFileSync(resolveFirst(candidates), join(assets, name));
  for (const name of ["book.css", "book.js"]) {
    const source = join(PACKAGE_ROOT, "book", "assets", name);
    if (!existsSync(source)) throw new Error(`copyAssets: ${source} is missing`);
    copyFileSync(source, join(assets, name));
  }
}
