import { escapeHtml } from "../lib/display/html-escape.js";

const COLOURS = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

/**
 * Terminal text (a traceback, a stream) as HTML: SGR colours and bold become `<span class="ansi-…">`, every other
 * escape sequence is dropped, and the text is HTML-escaped.
 *
 * @example
 * ansiToHtml("\x1b[31mError\x1b[0m: no") // '<span class="ansi-red-fg">Error</span>: no'
 */
export function ansiToHtml(text: string): string {
  let html = "";
  let fg: string | null = null;
  let bold = false;
  let open = false;
  const parts = text.split(/\x1b\[([0-9;]*)([A-Za-z])/);
  for (let i = 0; i < parts.length; i += 3) {
    const chunk = parts[i]!;
    if (chunk) html += escapeHtml(chunk);
    if (i + 2 >= parts.length || parts[i + 2] !== "m") continue;
    for (const code of (parts[i + 1] || "0").split(";").map(Number)) {
      if (code === 0) [fg, bold] = [null, false];
      else if (code === 1) bold = true;
      else if (code === 22) bold = false;
      else if (code === 39) fg = null;
      else if (code >= 30 && code <= 37) fg = `ansi-${COLOURS[code - 30]}-fg`;
      else if (code >= 90 && code <= 97) fg = `ansi-${COLOURS[code - 90]}-fg ansi-bright`;
    }
    if (open) html += "</span>";
    const classes = [fg, bold ? "ansi-bold" : null].filter(Boolean).join(" ");
    open = classes !== "";
    if (open) html += `<span class="${classes}">`;
  }
  return open ? html + "</span>" : html;
}
