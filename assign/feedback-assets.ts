import { copyFileSync, cpSync, mkdirSync } from "node:fs";
import { resolveFirst } from "../book/copy-assets.js";
import { dirname, join } from "node:path";
import { PACKAGE_ROOT } from "../lib/version.js";

/**
 * Copies the stylesheets feedback pages use into `<out>/assets/`: KaTeX's (with its fonts), the code highlighting
 * theme and the book's stylesheet. No scripts: feedback pages run none.
 *
 * @example
 * copyFeedbackAssets("grades"); // grades/assets/katex/katex.min.css, grades/assets/highlight.css, grades/assets/book.css
 */
export function copyFeedbackAssets(out: string): void {
  const assets = join(out, "assets");
  mkdirSync(join(assets, "katex"), { recursive: true });
  const katex = dirname(resolveFirst(["katex/dist/katex.min.css"]));
  copyFileSync(join(katex, "katex.min.css"), join(assets, "katex", "katex.min.css"));
  cpSync(join(katex, "fonts"), join(assets, "katex", "fonts"), { recursive: true });
  copyFileSync(resolveFirst(["highlight.js/styles/github.min.css"]), join(assets, "highlight.css"));
  copyFileSync(join(PACKAGE_ROOT, "book", "assets", "book.css"), join(assets, "book.css"));
}
