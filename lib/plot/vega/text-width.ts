// How wide vega draws a text, before it draws it: the library sizes its facet grids from these estimates so that a
// figure fits the output area (fit-grid.ts). vega in Node has no canvas to measure text with and estimates
// 0.8 em a character (vega-scenegraph's estimateWidth); real sans-serif fonts average about 0.55 em, so the same
// estimate is an upper bound in the browser too.

/**
 * The width vega gives `text` at `fontSize` when it cannot measure it: 0.8 em a character.
 *
 * @example
 * textWidth("count", 11) // 44
 */
export function textWidth(text: string, fontSize: number): number {
  return Math.floor(0.8 * [...text].length * fontSize);
}

/**
 * The widest tick label vega writes on an axis over [lo, hi]: on a linear axis about 5 nice ticks, thousands
 * separated by commas, as many decimals as the tick step needs; on a log axis powers of ten, the smallest with as
 * many decimals as it needs. An estimate for sizing, not the labels themselves.
 *
 * @example
 * widestTick(0, 18_734)          // "20,000"
 * widestTick(0.1, 2.1)           // "0.0" (ticks 0.0 to 2.5: 3 characters)
 * widestTick(0.001, 2, true)     // "0.001"
 */
export function widestTick(lo: number, hi: number, log = false): string {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return "0";
  if (log) {
    const [small, large] = [
      Math.pow(10, Math.floor(Math.log10(Math.max(lo, 1e-12)))),
      Math.pow(10, Math.ceil(Math.log10(Math.max(hi, 1e-12)))),
    ];
    return [written(small, decimalsOf(small)), written(large, 0)].reduce((a, b) => (b.length > a.length ? b : a));
  }
  const step = niceStep((hi - lo) / 5 || Math.abs(hi) || 1);
  const ends = [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
  return ends.map((v) => written(v, decimalsOf(step))).reduce((a, b) => (b.length > a.length ? b : a));
}

/**
 * A figure title broken into lines no wider than `width` px at vega's title size (13 px), at spaces.
 *
 * @example
 * titleLines("activations per layer, step 1", 760) // "activations per layer, step 1" (fits: one line)
 */
export function titleLines(title: string, width: number): string | string[] {
  if (textWidth(title, 13) <= width) return title;
  const lines: string[] = [];
  let line = "";
  for (const word of title.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, 13) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

function written(value: number, decimals: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function decimalsOf(step: number): number {
  return Math.min(12, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

function niceStep(raw: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(Math.abs(raw))));
  const f = Math.abs(raw) / power;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
}
