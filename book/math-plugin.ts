import katex from "katex";
import { escapeHtml } from "../lib/display/html-escape.js";
import type { MarkdownIt, StateBlock, StateInline } from "markdown-it";

// Only finds where `$…$` and `$$…$$` start and end (Pandoc's rules: no space just inside a single `$`, no digit
// right after the closing one, `\$` is a dollar); KaTeX does all the typesetting, at build time.

/** Options of {@link mathPlugin}. */
export interface MathPluginOptions {
  /** Called with KaTeX's message when a formula does not parse; the formula is then shown as source (default: ignore). */
  onError?: (message: string, tex: string) => void;
}

function render(tex: string, displayMode: boolean, onError: NonNullable<MathPluginOptions["onError"]>): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, output: "htmlAndMathml" });
  } catch (error) {
    onError((error as Error).message, tex);
    const escaped = escapeHtml(tex);
    return `<code class="katex-error" title="${escapeHtml((error as Error).message)}">${escaped}</code>`;
  }
}

/** The index of the `$` (or `$$`) closing a formula opened before `from`, or -1. */
function findClose(src: string, from: number, delimiter: "$" | "$$"): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === "\\") i++;
    else if (src.startsWith(delimiter, i)) return i;
  }
  return -1;
}

function inline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== "$") return false;
  const display = src[start + 1] === "$";
  const delimiter = display ? "$$" : "$";
  const open = start + delimiter.length;
  if (!display && (open >= src.length || /\s/.test(src[open]!))) return false;
  const close = findClose(src, open, delimiter);
  if (close < 0 || close === open) return false;
  if (!display && (/\s/.test(src[close - 1]!) || /\d/.test(src[close + 1] ?? ""))) return false;
  if (!silent) {
    const token = state.push(display ? "math_display" : "math_inline", "math", 0);
    token.content = src.slice(open, close);
    token.markup = delimiter;
  }
  state.pos = close + delimiter.length;
  return true;
}

function block(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (n: number) => state.src.slice(state.bMarks[n]! + state.tShift[n]!, state.eMarks[n]!);
  const first = lineText(startLine);
  if (!first.startsWith("$$") || state.sCount[startLine]! - state.blkIndent >= 4) return false;
  let tex = first.slice(2);
  let line = startLine;
  if (tex.trimEnd().endsWith("$$")) {
    tex = tex.trimEnd().slice(0, -2);
  } else {
    const lines = [tex];
    for (line = startLine + 1; line < endLine; line++) {
      const text = lineText(line);
      if (text.trimEnd().endsWith("$$")) {
        lines.push(text.trimEnd().slice(0, -2));
        break;
      }
      lines.push(text);
    }
    if (line >= endLine) return false;
    tex = lines.join("\n");
  }
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = tex.trim();
  token.markup = "$$";
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

/**
 * A markdown-it plugin that typesets `$…$` (inline) and `$$…$$` (display) with KaTeX at build time.
 *
 * @example
 * const md = new MarkdownIt().use(mathPlugin, { onError: (m) => console.warn(m) });
 * md.render("depth $D$ gives $2^D$ pieces") // "<p>depth <span class=\"katex\">…"
 */
export function mathPlugin(md: MarkdownIt, options: MathPluginOptions = {}): void {
  const { onError = () => undefined } = options;
  md.inline.ruler.before("escape", "math_inline", inline);
  md.block.ruler.before("fence", "math_block", block, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules["math_inline"] = (tokens, i) => render(tokens[i]!.content, false, onError);
  md.renderer.rules["math_display"] = (tokens, i) => render(tokens[i]!.content, true, onError);
  md.renderer.rules["math_block"] = (tokens, i) => `<div class="math-block">${render(tokens[i]!.content, true, onError)}</div>\n`;
}
