import markdownIt, { type MarkdownIt } from "markdown-it";
import { highlightCode } from "./highlight.js";
import { mathPlugin, type MathPluginOptions } from "./math-plugin.js";

/** Options of {@link createMarkdown}. */
export interface MarkdownOptions {
  /** Called when a formula does not parse (default: ignore; the formula is shown as source). */
  onMathError?: MathPluginOptions["onError"];
}

/**
 * A markdown-it renderer for notebook cells: CommonMark with tables and strikethrough, raw HTML allowed (as Jupyter
 * does), maths typeset by KaTeX and fenced code highlighted by highlight.js.
 *
 * @example
 * createMarkdown().render("**Check**: $\\kappa = 2^D$") // "<p><strong>Check</strong>: <span class=\"katex\">…"
 */
export function createMarkdown(options: MarkdownOptions = {}): MarkdownIt {
  const { onMathError = () => undefined } = options;
  const md: MarkdownIt = new markdownIt({
    html: true,
    linkify: false,
    typographer: false,
    highlight: (code, language) => `<pre class="hljs"><code>${highlightCode(code, language || "typescript")}</code></pre>`,
  });
  return md.use(mathPlugin, { onError: onMathError });
}
