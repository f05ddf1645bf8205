/**
 * Text made safe to place in HTML content or a double-quoted attribute.
 *
 * @example
 * escapeHtml('a < b & "c"') // "a &lt; b &amp; &quot;c&quot;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
