/**
 * Jupyter counts cursor positions in Unicode code points; JavaScript strings index UTF-16 units.
 *
 * @example
 * toUtf16("😀x", 1) // 2
 */
export function toUtf16(text: string, codePoints: number): number {
  let units = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen >= codePoints) break;
    units += ch.length;
    seen++;
  }
  return units;
}

/**
 * The inverse of {@link toUtf16}.
 *
 * @example
 * toCodePoints("😀x", 2) // 1
 */
export function toCodePoints(text: string, units: number): number {
  return Array.from(text.slice(0, Math.max(0, units))).length;
}
